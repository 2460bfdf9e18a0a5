"""Packages that load their modules on first use still give every name they list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAZY = ("organizer.core.ops", "organizer.core.checklist", "organizer.core.importing")


@pytest.mark.parametrize("package", LAZY)
def test_every_listed_name_loads(package: str) -> None:
    code = (
        f"import importlib; package = importlib.import_module({package!r}); "
        "missing = [n for n in package.__all__ if getattr(package, n, None) is None]; "
        "print(missing)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_an_unknown_name_is_an_attribute_error() -> None:
    from organizer.core import checklist, ops

    for package in (ops, checklist):
        with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
            package.nothing_here  # noqa: B018
