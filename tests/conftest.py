"""Shared test set-up: Qt offscreen before any QApplication, and real libraries on disk."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import pytest

from organizer.core.library import Library

DATA = Path(__file__).parent / "data"
SAMPLES = DATA / "samples"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real per-user library and settings."""
    monkeypatch.setenv("SECOND_LOOK_LIBRARY", str(tmp_path / "default-library"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


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


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample files, for tests that must prove originals are untouched."""
    target = tmp_path / "samples"
    shutil.copytree(SAMPLES, target)
    return target
