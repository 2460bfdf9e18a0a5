"""A package's names loaded from their module on first use (PEP 562).

The app's first screen needs a few names of a package (``Changes``, ``Status``); loading
every module the package gathers would cost the start its time (the checklist's rules,
the identity readers). Each lazy name's module loads the first time the name is asked for.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module


def lazy_names(package: str, where: Mapping[str, str]) -> Callable[[str], object]:
    """The ``__getattr__`` of ``package``: ``where`` maps a name to its module (relative)."""

    def load(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{module}"), name)
        setattr(sys.modules[package], name, value)  # found directly from now on
        return value

    return load
