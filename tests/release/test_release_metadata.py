"""What the release says about itself is true: version_added, the changelog, the links.

- Every module, option (at any depth), doc fragment option and role entry point or option that
  says ``version_added`` names a release: one in changelogs/changelog.yaml, or the one galaxy.yml
  is about to make. Modules and role entry points must say it.
- galaxy.yml's version is the newest release in the changelog, or the next one.
- The README files are shown on Galaxy, away from the repository: their links are absolute. The
  guides link each other by file name, and anything else absolutely.
"""

import ast
import glob
import os
import re

import pytest
import yaml

from conftest import COLLECTION

LINK = re.compile(r"\]\(([^)\s]+)\)")


def load(path):
    with open(os.path.join(COLLECTION, path)) as handle:
        return yaml.safe_load(handle)


def version(text):
    return tuple(int(part) for part in str(text).split("."))


GALAXY_VERSION = load("galaxy.yml")["version"]
RELEASES = sorted((load(os.path.join("changelogs", "changelog.yaml")).get("releases") or {}), key=version)


def documentation_of(path):
    with open(path) as handle:
        tree = ast.parse(handle.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DOCUMENTATION":
            return yaml.safe_load(node.value.value)
    raise AssertionError("%s has no DOCUMENTATION" % path)


def options_version_added(options, where):
    for name, spec in (options or {}).items():
        if "version_added" in spec:
            yield "%s option %s" % (where, name), spec["version_added"]
        yield from options_version_added(spec.get("suboptions"), "%s.%s" % (where, name))


def every_version_added():
    found = []
    for path in sorted(glob.glob(os.path.join(COLLECTION, "plugins", "modules", "*.py"))):
        doc = documentation_of(path)
        where = os.path.relpath(path, COLLECTION)
        assert "version_added" in doc, "%s has no version_added" % where
        found.append((where, doc["version_added"]))
        found.extend(options_version_added(doc.get("options"), where))
    for path in sorted(glob.glob(os.path.join(COLLECTION, "plugins", "doc_fragments", "*.py"))):
        found.extend(options_version_added(documentation_of(path).get("options"), os.path.relpath(path, COLLECTION)))
    for path in sorted(glob.glob(os.path.join(COLLECTION, "roles", "*", "meta", "argument_specs.yml"))):
        where = os.path.relpath(path, COLLECTION)
        for entry, spec in load(path)["argument_specs"].items():
            assert "version_added" in spec, "%s entry point %s has no version_added" % (where, entry)
            found.append(("%s entry point %s" % (where, entry), spec["version_added"]))
            found.extend(options_version_added(spec.get("options"), "%s %s" % (where, entry)))
    return found


def test_galaxy_version_is_the_newest_release_or_the_next():
    assert RELEASES, "changelogs/changelog.yaml has no release"
    assert version(GALAXY_VERSION) >= version(RELEASES[-1]), (GALAXY_VERSION, RELEASES[-1])
    assert version(RELEASES[0]) >= (1, 0, 0)


def test_every_version_added_is_a_release():
    found = every_version_added()
    assert len(found) >= len(glob.glob(os.path.join(COLLECTION, "plugins", "modules", "*.py")))
    known = set(RELEASES) | {GALAXY_VERSION}
    wrong = ["%s: %s" % (where, added) for where, added in found if str(added) not in known]
    assert not wrong, "version_added that is no release (releases: %s):\n%s" % (", ".join(sorted(known)), "\n".join(wrong))


READMES = ["README.md"] + [os.path.relpath(path, COLLECTION) for path in glob.glob(os.path.join(COLLECTION, "roles", "*", "README.md"))]
GUIDES = [os.path.relpath(path, COLLECTION) for path in sorted(glob.glob(os.path.join(COLLECTION, "docs", "*.md")))]


def links_of(path):
    with open(os.path.join(COLLECTION, path)) as handle:
        return LINK.findall(handle.read())


def absolute(link):
    return link.startswith(("https://", "http://", "mailto:", "#"))


@pytest.mark.parametrize("path", READMES)
def test_readme_links_are_absolute(path):
    relative = [link for link in links_of(path) if not absolute(link)]
    assert not relative, "%s has relative links, which break on Galaxy: %s" % (path, relative)


@pytest.mark.parametrize("path", GUIDES)
def test_guides_link_guides_by_name_and_the_rest_absolutely(path):
    wrong = []
    for link in links_of(path):
        target = link.split("#")[0]
        if absolute(link):
            continue
        if "/" in target or not os.path.isfile(os.path.join(COLLECTION, "docs", target)):
            wrong.append(link)
    assert not wrong, "%s: links that are neither absolute nor to another guide: %s" % (path, wrong)
