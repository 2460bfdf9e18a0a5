"""Promises about the project itself: layering, the README commands, the dependencies."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import organizer

ROOT = Path(__file__).resolve().parent.parent


def test_core_and_cli_run_without_qt() -> None:
    modules = [
        name
        for _, name, _ in pkgutil.walk_packages(organizer.__path__, "organizer.")
        if not name.startswith("organizer.gui")
        and name != "organizer.__main__"
        and not name.endswith("__main__")
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one() -> None:
    launch, test = _readme_commands()
    assert launch.endswith("second-look") and "setup.sh" in launch
    assert "pytest" in test and "--dev" in test
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci_lines


def test_qt_comes_from_the_essentials_wheels_not_the_meta_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [re.split(r"[<>=;\[ ]", dep)[0].lower() for dep in project["dependencies"]]
    assert "pyside6-essentials" in names and "pyside6-pdf" in names
    assert "pyside6" not in names and "pyside6-addons" not in names
    assert project["scripts"]["second-look-cli"] == "organizer.cli:main"
    assert project["gui-scripts"]["second-look"] == "organizer.gui.app:main"


def test_python_dash_m_organizer_is_the_app() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "organizer", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout.strip()) == (0, f"second-look {organizer.__version__}")
