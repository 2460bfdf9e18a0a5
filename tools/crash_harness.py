"""Kill -9 at random moments of import, edit, export, backup and restore; check after each.

Each run copies a small prepared library, starts one operation through second-look-cli
in its own process, kills it with SIGKILL after a random delay (between nothing and a
little more than the operation takes when left alone), and then checks what is left:

* the library, opened as the next start opens it, passes ``check_library`` (database
  integrity, foreign keys, every stored file whole, no orphans or leftovers);
* the export target holds no half export: every visible folder is a finished packet
  whose SHA256SUMS all match;
* a restore target is either absent or a whole library that passes the same check.

By hand (50 runs of each operation, as the issue asks):
    PYTHONPATH=. .venv/bin/python tools/crash_harness.py --runs 50
The test suite runs a short form (tests/test_crash_harness.py).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from organizer.core.integrity import check_library
from organizer.core.library import Library

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "samples"
OPERATIONS = ("import", "edit", "export", "backup", "restore")
EDITS = 8


@dataclass
class Tally:
    runs: int = 0
    killed: int = 0
    problems: list[str] = field(default_factory=list)


def _cli(library: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "organizer.cli", "--library", str(library), *args]


def _commands(operation: str, work: Path, library: Path) -> list[list[str]]:
    if operation == "import":
        return [
            _cli(
                library,
                "import",
                "--person",
                "1",
                str(SAMPLES / "pdf"),
                str(SAMPLES / "images"),
                str(SAMPLES / "dicom" / "cd_pcir"),
            )
        ]
    if operation == "edit":
        return [
            _cli(
                library,
                "event",
                "add",
                "--person",
                "1",
                "--date",
                "2026-03",
                "--kind",
                "symptom",
                "--title",
                f"Cough {n}",
            )
            for n in range(EDITS)
        ]
    if operation == "export":
        return [_cli(library, "export", "--packet", "1", "--to", str(work / "stick"))]
    if operation == "backup":
        return [_cli(library, "backup", "--to", str(work / "backup.zip"))]
    return [
        [
            sys.executable,
            "-m",
            "organizer.cli",
            "restore",
            str(work / "backup.zip"),
            "--to",
            str(work / "restored"),
        ]
    ]


def prepare(base: Path) -> Path:
    """A library with a person, a packet and some documents, plus its backup."""
    library = base / "library"
    env = _environment()
    run = [
        _cli(library, "person", "add", "--name", "Ana Diaz", "--dob", "1961-04-09"),
        _cli(library, "packet", "add", "--person", "1", "--title", "Second opinion"),
        _cli(
            library,
            "import",
            "--person",
            "1",
            str(SAMPLES / "pdf" / "hl7__UD_sample.pdf"),
            str(SAMPLES / "images" / "hopper.png"),
        ),
        _cli(library, "backup", "--to", str(base / "backup.zip")),
    ]
    for command in run:
        subprocess.run(command, env=env, check=False, capture_output=True, timeout=300)
    return library


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}


def _run_killed(commands: list[list[str]], delay: float) -> bool:
    """Run the commands one after another; SIGKILL whatever runs at ``delay`` seconds."""
    started = time.monotonic()
    for command in commands:
        process = subprocess.Popen(
            command, env=_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while process.poll() is None:
            if time.monotonic() - started >= delay:
                process.send_signal(signal.SIGKILL)
                process.wait()
                return True
            time.sleep(0.005)
    return False


def timed(operation: str, base: Path) -> float:
    """How long the operation takes when nobody kills it."""
    work = Path(tempfile.mkdtemp(dir=base))
    _fresh(base, work)
    started = time.monotonic()
    _run_killed(_commands(operation, work, work / "library"), delay=3600)
    took = time.monotonic() - started
    shutil.rmtree(work, ignore_errors=True)
    return took


def _fresh(base: Path, work: Path) -> None:
    shutil.copytree(base / "library", work / "library")
    shutil.copy2(base / "backup.zip", work / "backup.zip")
    (work / "stick").mkdir()


def check_after(work: Path) -> list[str]:
    problems: list[str] = []
    with Library.open(work / "library") as library:  # as the next start opens it
        report = check_library(library)
    problems += [f"library: {finding.message}" for finding in report.findings]
    for folder in (work / "stick").iterdir():
        if not folder.name.startswith("."):
            problems += _half_export(folder)
    restored = work / "restored"
    if restored.exists():
        with Library.open(restored) as library:
            problems += [f"restored: {f.message}" for f in check_library(library).findings]
    return problems


def _half_export(folder: Path) -> list[str]:
    sums = folder / "SHA256SUMS"
    if not sums.is_file():
        return [f"half export: {folder.name} has no SHA256SUMS"]
    problems = []
    for line in sums.read_text(encoding="utf-8").splitlines():
        expected, _, name = line.partition("  ")
        path = folder / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != expected:
            problems.append(f"half export: {folder.name}/{name} is missing or differs")
    return problems


def run(
    runs: int,
    operations: tuple[str, ...],
    seed: int,
    verbose: bool = True,
    spans: dict[str, float] | None = None,
) -> dict[str, Tally]:
    """``spans`` (seconds per operation) skips timing each operation first."""
    chance = random.Random(seed)
    tallies = {operation: Tally() for operation in operations}
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        prepare(base)
        for operation in operations:
            span = spans[operation] if spans else timed(operation, base) * 1.1
            tally = tallies[operation]
            for _ in range(runs):
                work = Path(tempfile.mkdtemp(dir=base))
                _fresh(base, work)
                delay = chance.uniform(0.0, span)
                tally.killed += _run_killed(_commands(operation, work, work / "library"), delay)
                tally.runs += 1
                tally.problems += [
                    f"{operation} killed at {delay:.2f} s: {problem}"
                    for problem in check_after(work)
                ]
                shutil.rmtree(work, ignore_errors=True)
            if verbose:
                print(
                    f"{operation}: {tally.runs} runs, {tally.killed} killed mid-way "
                    f"(within {span:.1f} s), {len(tally.problems)} problems",
                    flush=True,
                )
    return tallies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="runs of each operation")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--only", choices=OPERATIONS, action="append")
    args = parser.parse_args()
    print(f"seed {args.seed}")
    tallies = run(args.runs, tuple(args.only or OPERATIONS), args.seed)
    problems = [problem for tally in tallies.values() for problem in tally.problems]
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
