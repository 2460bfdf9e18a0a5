"""The short form of tools/crash_harness.py: one kill -9 at a random moment of each
operation (import, edit, export, backup, restore), then the library check must pass and
no half export may exist. Run the tool by hand for 50 runs of each."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

TOOL = Path(__file__).resolve().parent.parent / "tools" / "crash_harness.py"


def test_one_kill_of_each_operation_leaves_a_whole_library() -> None:
    spec = importlib.util.spec_from_file_location("crash_harness", TOOL)
    assert spec is not None and spec.loader is not None
    harness = importlib.util.module_from_spec(spec)
    sys.modules["crash_harness"] = harness  # its dataclasses look their module up there
    spec.loader.exec_module(harness)
    spans = {"import": 3.0, "edit": 3.0, "export": 2.0, "backup": 1.5, "restore": 1.5}
    tallies = harness.run(1, harness.OPERATIONS, seed=13, verbose=False, spans=spans)
    assert {name: tally.runs for name, tally in tallies.items()} == dict.fromkeys(
        harness.OPERATIONS, 1
    )
    problems = [problem for tally in tallies.values() for problem in tally.problems]
    assert problems == []
