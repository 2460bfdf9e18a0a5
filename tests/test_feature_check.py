"""PySide6's per-import question ("does this module use PySide6?") answered from the bytes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import ModuleType

import PySide6  # noqa: F401 - the feature module comes with it

import organizer.core.library
import organizer.gui.app  # organizer.gui swaps the check in
from organizer.gui import feature_check


def _module_from(path: Path, name: str) -> ModuleType:
    module = ModuleType(name)
    module.__file__ = str(path)
    return module


def test_the_app_uses_the_fast_check() -> None:
    feature = sys.modules["shibokensupport.feature"]
    assert getattr(feature._mod_uses_pyside, "fast", False)
    assert not feature_check.use_fast_source_check()  # never wrapped twice


def test_it_answers_as_pyside6_does(tmp_path: Path) -> None:
    feature = sys.modules["shibokensupport.feature"]
    fast = feature._mod_uses_pyside
    modules = [organizer.gui.app, organizer.core.library, json, sys]
    mentions = tmp_path / "mentions.py"
    mentions.write_text("# coding: latin-1\n# uses PySide6 \xe9\n", encoding="latin-1")
    silent = tmp_path / "silent.py"
    silent.write_text("x = 1\n", encoding="utf-8")
    modules += [_module_from(mentions, "mentions"), _module_from(silent, "silent")]
    modules.append(_module_from(tmp_path / "gone.py", "gone"))  # no file: PySide6 decides
    answers = [fast(module) for module in modules]
    assert answers == [fast.original(module) for module in modules]
    assert answers[:6] == [True, False, False, False, True, False]
