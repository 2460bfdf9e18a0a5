"""resources/ is found from a source checkout and from a built (wheel-style) package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from organizer.core.checklist import load_rules
from organizer.resources import resource_path, resources_dir

ROOT = Path(__file__).resolve().parent.parent


def test_the_source_checkout_uses_the_repository_folder() -> None:
    assert resources_dir() == ROOT / "resources"
    assert resource_path("checklist_rules.toml").is_file()


def test_an_installed_wheel_carries_the_resources(installed_wheel: Path, tmp_path: Path) -> None:
    """The wheel holds resources/ inside the package, where the lookup finds it."""
    assert (installed_wheel / "organizer" / "_resources" / "checklist_rules.toml").is_file()
    probe = (
        "import organizer.resources as r, organizer.core.checklist as c;"
        "print(r.resources_dir()); print(len(c.load_rules()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(installed_wheel), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
    )
    found, count = result.stdout.split()
    assert Path(found) == installed_wheel / "organizer" / "_resources"
    assert int(count) == len(load_rules())
