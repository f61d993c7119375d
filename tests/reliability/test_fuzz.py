"""Generated option values for every module, each run through ansible-playbook against the emulator.

For each module, option values are drawn (with hypothesis, from a fixed seed) from what its
DOCUMENTATION says each option takes: its type, its choices, its suboptions, and beyond them what
users get wrong (empty and whitespace-only text, control characters, negative numbers, odd lists).
Every case must hold the promises of docs/reliability.md:

- no Python traceback, in the result or anywhere in the -vvv output;
- a task refused for its input (a failure that carries no Tableau error code) wrote nothing;
- no secret in the output, in any form;
- no session left open.

``make test`` runs FUZZ_EXAMPLES (default 3) cases per module; ``make fuzz`` runs more.
"""

import ast
import glob
import os
import string

import pytest
import yaml

from audited_modules import audited
from conftest import COLLECTION, Case, run_cases, writes_in

hypothesis = pytest.importorskip("hypothesis")
st = pytest.importorskip("hypothesis.strategies")

EXAMPLES_PER_MODULE = int(os.environ.get("FUZZ_EXAMPLES", "3"))
SEED = int(os.environ.get("FUZZ_SEED", "20261202"))
MODULES = sorted(path for path in glob.glob(os.path.join(COLLECTION, "plugins", "modules", "tableau_*.py"))
                 if os.environ.get("FUZZ_MODULES", "") in os.path.basename(path))
# Options that name files: drawn as plain relative names (in the scratch directory the play runs in),
# so a generated value never points the module at the machine's own files.
FILE_OPTIONS = ("file", "dest", "path_file", "files")
NAME_ALPHABET = string.ascii_letters + string.digits + "._- "
# Text users get wrong, next to text that is fine: empty, blanks, control characters, quotes, non-ASCII.
AWKWARD_TEXT = st.sampled_from(["", " ", "\t\n", "\x00", "\x07bell", "a" * 300, "O'Brien \"x\"", "日本語", "../x",
                                "Default", "jsmith", "sales,report", "a:b:c", "[x]", "%20", "Ab/Cd"])


def documentation(path):
    tree = ast.parse(open(path).read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DOCUMENTATION":
            return yaml.safe_load(node.value.value)
    raise AssertionError("%s has no DOCUMENTATION" % path)


def text():
    return st.one_of(AWKWARD_TEXT, st.text(max_size=12))


def value_of(name, spec):
    """A strategy for one option as its documentation describes it (and a little beyond)."""
    kind = spec.get("type", "str")
    choices = spec.get("choices")
    if name in FILE_OPTIONS or kind == "path":
        # The sample files (tests/examples/sample_files.py) are in the directory the play runs in.
        return st.one_of(st.sampled_from(["sales.twbx", "orders.tdsx", "events.hyper", "backup", "missing.twbx"]),
                         st.text(alphabet=NAME_ALPHABET, min_size=0, max_size=12))
    if choices:
        return st.one_of(st.sampled_from(list(choices)), text()) if kind != "list" else \
            st.lists(st.sampled_from(list(choices)), max_size=3)
    if kind == "bool":
        return st.booleans()
    if kind == "int":
        return st.one_of(st.integers(min_value=-3, max_value=5), st.integers(min_value=-10 ** 6, max_value=10 ** 9))
    if kind == "float":
        return st.floats(min_value=-10, max_value=1000, allow_nan=False)
    if kind == "list":
        if spec.get("elements") == "dict" and spec.get("suboptions"):
            return st.lists(options_of(spec["suboptions"]), max_size=3)
        return st.lists(text(), max_size=3)
    if kind == "dict":
        if spec.get("suboptions"):
            return options_of(spec["suboptions"])
        return st.dictionaries(st.text(alphabet=string.ascii_letters, min_size=1, max_size=8), text(), max_size=3)
    return text()


def options_of(options):
    """A strategy for a dict of options: required ones always, the others sometimes."""
    required = dict((name, value_of(name, spec)) for name, spec in options.items() if spec.get("required"))
    optional = dict((name, value_of(name, spec)) for name, spec in options.items() if not spec.get("required"))
    return st.fixed_dictionaries(required, optional=optional)


def drawn_cases():
    """EXAMPLES_PER_MODULE generated argument sets per module, the same on every run (fixed seed)."""
    cases = []
    for path in MODULES:
        module = os.path.basename(path)[:-3]
        drawn = []

        @hypothesis.settings(max_examples=EXAMPLES_PER_MODULE, derandomize=True, database=None, deadline=None,
                             suppress_health_check=list(hypothesis.HealthCheck))
        @hypothesis.seed(SEED)
        @hypothesis.given(options_of(documentation(path).get("options") or {}))
        def draw(args):
            drawn.append(args)
        draw()  # pylint: disable=no-value-for-parameter
        for number, args in enumerate(drawn[:EXAMPLES_PER_MODULE]):
            cases.append(Case("fuzz %s #%d" % (module, number), module, args))
    return cases


CASES = drawn_cases()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    return run_cases(CASES, tmp_path_factory.mktemp("fuzz"), verbosity=3)


def test_every_module_is_fuzzed():
    assert set(c.module for c in CASES) == set(os.path.basename(p)[:-3] for p in MODULES)


def test_no_traceback_anywhere_in_the_output(batch):
    assert "CASE fuzz" in batch.output
    assert "Traceback (most recent call last)" not in batch.output, \
        batch.output[max(0, batch.output.find("Traceback") - 3000):][:6000]
    assert "MODULE FAILURE" not in batch.output


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_keeps_the_promises(batch, case):
    outcome = batch[case.name]
    result, snapshot = outcome["result"], outcome["emulator"]
    assert "exception" not in result or "Traceback" not in str(result.get("exception")), result
    if result.get("failed") and not result.get("code"):
        # Refused for its input (or its own rules): nothing may have been written first.
        assert writes_in(snapshot) == [], (case.args, result.get("msg"), writes_in(snapshot))
    assert snapshot["sessions"]["open"] == audited(case.module).sessions_left(result), (case.args, snapshot["sessions"])


def test_no_secret_in_the_output(batch):
    assert not batch.leaked(), "secrets in the -vvv output: %d of them" % len(batch.leaked())
