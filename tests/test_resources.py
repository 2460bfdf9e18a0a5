"""resources/ is found from a source checkout and from a built (wheel-style) package."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from organizer.core.checklist import load_rules
from organizer.resources import resource_path, resources_dir

ROOT = Path(__file__).resolve().parent.parent


def test_the_source_checkout_uses_the_repository_folder() -> None:
    assert resources_dir() == ROOT / "resources"
    assert resource_path("checklist_rules.toml").is_file()


def test_a_built_package_carries_the_resources(tmp_path: Path) -> None:
    """setup.py's build step copies resources/ into the package, where the lookup finds it."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("setup.py", "pyproject.toml", "README.md", "MANIFEST.in"):
        shutil.copy2(ROOT / name, project / name)
    for folder in ("organizer", "resources"):
        shutil.copytree(
            ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    build = tmp_path / "build"
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(build)],
        cwd=project,
        check=True,
        capture_output=True,
    )
    assert (build / "organizer" / "_resources" / "checklist_rules.toml").is_file()
    probe = (
        "import organizer.resources as r, organizer.core.checklist as c;"
        "print(r.resources_dir()); print(len(c.load_rules()))"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=elsewhere,
        env={"PYTHONPATH": str(build), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
    )
    found, count = result.stdout.split()
    assert Path(found) == build / "organizer" / "_resources"
    assert int(count) == len(load_rules())
