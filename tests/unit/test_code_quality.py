"""Every function and method in plugins/ stays at radon's cyclomatic complexity rank C or better."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import os

from radon import complexity as radon_complexity  # a test requirement (tests/requirements.txt)
from radon import visitors as radon_visitors

COLLECTION = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORST_RANK_ALLOWED = "C"  # C is 11 to 20 independent paths; D (21 to 30) and beyond is too many


def functions_in(blocks):
    """Functions, methods and the functions nested in them (radon lists a class's methods on their own too)."""
    for block in blocks:
        if not isinstance(block, radon_visitors.Class):
            yield block
            yield from functions_in(block.closures)


def blocks_of(path):
    with open(path) as handle:
        return list(functions_in(radon_complexity.cc_visit(handle.read())))


def too_complex():
    found = []
    for path in sorted(glob.glob(os.path.join(COLLECTION, "plugins", "**", "*.py"), recursive=True)):
        for block in blocks_of(path):
            rank = radon_complexity.cc_rank(block.complexity)
            if rank > WORST_RANK_ALLOWED:
                found.append("%s:%d %s: %s (%d)" % (os.path.relpath(path, COLLECTION), block.lineno,
                                                    block.fullname, rank, block.complexity))
    return found


def test_the_plugins_are_found():
    assert glob.glob(os.path.join(COLLECTION, "plugins", "modules", "*.py"))


def test_no_function_is_worse_than_rank_c():
    found = too_complex()
    assert not found, "functions with cyclomatic complexity worse than %s:\n%s" % (WORST_RANK_ALLOWED, "\n".join(found))
