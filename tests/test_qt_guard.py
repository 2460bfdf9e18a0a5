"""The app survives PySide6 6.12.0's lost references (see organizer/gui/refcounts.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Thousands of calls from Qt into a Python slot, then a normal exit: without the guard,
# PySide6 6.12.0 on Python 3.11 aborts with "none_dealloc" (exit code 134).
SCRIPT = """
import sys
import organizer.gui
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
app = QApplication([])
action = QAction("x")
action.triggered.connect(lambda checked: None)
for _ in range(20_000):
    action.trigger()
print("survived")
"""


def test_many_slot_calls_then_a_normal_exit() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "survived" in done.stdout
