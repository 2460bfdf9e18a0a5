"""Shared test set-up: Qt offscreen before any QApplication, and real libraries on disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import pytest
from hypothesis import settings

from organizer.core.library import Library

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
SAMPLES = DATA / "samples"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real per-user library and settings."""
    monkeypatch.setenv("SECOND_LOOK_LIBRARY", str(tmp_path / "default-library"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def library(library_dir: Path) -> Iterator[Library]:
    opened = Library.open(library_dir)
    yield opened
    opened.close()


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app as a real wheel installs it: built from a copy of the sources, then unpacked.

    Tests run code from here in another folder, with only this on the path, to prove the
    installed app finds its resources and forms without the repository around it.
    """
    work = tmp_path_factory.mktemp("wheel")
    project = work / "project"
    project.mkdir()
    for name in ("setup.py", "pyproject.toml", "README.md", "MANIFEST.in"):
        shutil.copy2(ROOT / name, project / name)
    for folder in ("organizer", "resources", "ui"):
        shutil.copytree(
            ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-build-isolation", "--no-deps",
         "--wheel-dir", str(work / "dist"), str(project)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = (work / "dist").glob("second_look-*.whl")
    installed = work / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    return installed


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample files, for tests that must prove originals are untouched."""
    target = tmp_path / "samples"
    shutil.copytree(SAMPLES, target)
    return target


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Destroy every Qt object while Python is whole (see organizer/gui/teardown.py):
    left to interpreter shutdown they once crashed a green run with bool_dealloc. The
    lost references to None/True/False behind that crash are guarded against by
    organizer/gui/refcounts.py, so the run then ends normally, with pytest's own status."""
    if "PySide6" in sys.modules:
        from organizer.gui.teardown import release_qt

        release_qt()


# Property tests run a bounded number of examples, the same ones on every run (CI must
# not turn red by chance); HYPOTHESIS_PROFILE=explore searches longer by hand.
settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                          print_blob=True)  # fmt: skip
settings.register_profile("explore", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
