"""Compile the main window's Designer form (ui/main_window.ui) into Python.

The other forms are loaded at run time with QUiLoader. The main window's is compiled: it
is built before the first paint, and QUiLoader makes a Python type for every widget class
Qt has while it loads a form (about 80, from calendars to wizards), which costs the start
several milliseconds. ui/main_window.ui stays the one place the layout is edited; run this
after changing it (tests/test_compiled_forms.py checks the two agree). Usage:

    python tools/compile_forms.py [--check]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS = {"main_window": ROOT / "organizer" / "gui" / "main_window_form.py"}
_IMPORT = re.compile(r"^from (PySide6\.\w+) import (\([^)]*\)|[^\n]*)\n", re.MULTILINE)


def uic() -> str:
    """Qt's form compiler as PySide6 installs it next to this Python."""
    beside = Path(sys.executable).with_name("pyside6-uic")
    found = str(beside) if beside.is_file() else shutil.which("pyside6-uic")
    if found is None:
        raise SystemExit("pyside6-uic was not found (it comes with PySide6)")
    return found


def compiled(name: str) -> str:
    """The form as Python, importing only the Qt classes it uses (each costs start time)."""
    source = ROOT / "ui" / f"{name}.ui"
    text = subprocess.run(
        [uic(), "--generator", "python", str(source)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    body = _IMPORT.sub("", text)
    lines = [line for line in body.splitlines() if not line.startswith("## Created by")]
    imports = []
    for module, names in _IMPORT.findall(text):
        listed = re.split(r"[\s,()]+", names)
        used = [n for n in listed if n and re.search(rf"\b{n}\b", body)]
        if used:
            imports.append(f"from {module} import {', '.join(used)}")
    header = "# ruff: noqa\n# mypy: ignore-errors\n# Made by tools/compile_forms.py from ui/{}.ui: edit that, then run it.\n"
    return header.format(name) + "\n".join(imports) + "\n" + "\n".join(lines).lstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether it is up to date")
    options = parser.parse_args(argv)
    stale = []
    for name, target in FORMS.items():
        text = compiled(name)
        if options.check:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                stale.append(target.relative_to(ROOT))
        else:
            target.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{path} does not match its form: run python tools/compile_forms.py")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
