"""A guard against a reference-count bug in PySide6 6.12.0 on Python 3.11.

That release takes one reference away from ``None`` on every call from Qt into a Python
slot (measured: 1,000 ``QAction.trigger()`` calls, None's count 1,000 lower; see
tests/test_qt_refcounts.py). In a long session, or in the collection at exit, the count
can reach zero and Python aborts ("Fatal Python error: none_dealloc"). Python 3.12 makes
None, True and False immortal; on 3.11 we add a large, permanent margin to their counts
once, so a session can never use it up. Nothing else is touched, and nothing happens
on a PySide6 release without the bug.
"""

from __future__ import annotations

import ctypes
import sys

import PySide6

AFFECTED = {"6.12.0"}
MARGIN = 1 << 40


def guard_singletons() -> bool:
    """Add the margin when this PySide6 and Python need it; True when it was added."""
    if PySide6.__version__ not in AFFECTED or sys.version_info >= (3, 12):
        return False
    if not hasattr(sys, "getrefcount") or sys.implementation.name != "cpython":
        return False
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython object (a Py_ssize_t)
        count = ctypes.c_ssize_t.from_address(id(singleton))
        count.value += MARGIN
    return True
