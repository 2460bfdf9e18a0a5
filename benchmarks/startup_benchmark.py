"""Start time: process start to the window shown and idle, against a bare PySide6 window.

Each program runs as a person starts it, in its own process, offscreen, and says when its
window has painted for the first time and the event loop is idle (``--quit-when-ready``);
the time is taken from just before the process is started to that line. Each also says
the processor time it had used by then (from its own start, imports included), which a
busy machine disturbs less than the clock: the "cpu" columns. In one run:
  bare      a QMainWindow and nothing else, the same Python and Qt (the baseline)
  venv      the installed app (.venv/bin/second-look), on an empty library and on one
            of 10,000 documents; the code it runs is this checkout's (PYTHONPATH is set to
            it for the child, ahead of the venv's own copy), which the script checks
  bundle    the PyInstaller bundle (build/pyinstaller/dist/second-look), when built
  floor     with --floor: benchmarks/first_screen_floor.py, a first screen like the app's
            made of plain PySide6 with none of the app's code, without and with reading
            the 10,000-document library's people and packets through plain sqlite3: what
            no code of the app's own can take away
The target: the app with 10,000 documents within 1.5x the bare window. Each is started
``--rounds`` times in turn; the median counts.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from organizer.core.dates import PartialDate  # noqa: E402
from organizer.core.library import Library  # noqa: E402
from organizer.core.records import Document, Packet, Person  # noqa: E402
from organizer.core.vocab import Category  # noqa: E402

TARGET = 1.5
# the baseline: the same detection of "painted and idle" as organizer/gui/ready.py
BARE_WINDOW = """
import time
started = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Ready(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False

def done():
    print(f"ready in {time.perf_counter() - started:.3f} s, cpu {time.process_time():.3f} s", flush=True)
    app.quit()

app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QLabel("Second Look"))
window.resize(1100, 760)
ready = Ready()
window.installEventFilter(ready)
window.show()
app.exec()
"""


def make_library(folder: Path, documents: int) -> Path:
    """A library of one person and packet with ``documents`` documents (no files needed)."""
    library = Library.open(folder)
    try:
        with library.transaction():
            person = library.add(Person(name="Ana Diaz"))
            library.add_packet(Packet(person_id=person, title="Lung nodule second opinion"))
            categories = list(Category)
            for number in range(documents):
                library.add_document(
                    Document(
                        person_id=person,
                        title=f"Clinic letter {number}",
                        category=categories[number % len(categories)],
                        date=PartialDate.parse(f"{2000 + number % 25}-{1 + number % 12:02d}"),
                        notes="follow-up" if number % 7 == 0 else "",
                    )
                )
    finally:
        library.close()
    return folder


def time_start(command: list[str], environ: dict[str, str]) -> tuple[float, float]:
    """Seconds from starting the process to its "ready in" line (it quits by itself), and
    the processor seconds it says it had used by then."""
    began = time.perf_counter()
    process = subprocess.Popen(
        command, env=environ, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - began
    process.wait(timeout=120)
    if not line.startswith("ready in"):
        raise RuntimeError(f"{command[0]} did not report ready (exit {process.returncode})")
    # an older checkout (--source) may not say its processor time
    return elapsed, float(line.rsplit("cpu", 1)[1].split()[0]) if "cpu" in line else math.nan


def _check_code_is_ours(python: Path, environ: dict[str, str]) -> None:
    """Stop if the started app would import another checkout's ``organizer``."""
    found = subprocess.run(
        [str(python), "-c", "import organizer; print(organizer.__file__)"],
        env=environ,
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if Path(found).resolve().parent != ROOT / "organizer":
        raise SystemExit(f"the app would run {found}, not this checkout's code")
    print(f"app code: {Path(found).parent}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument(
        "--venv",
        type=Path,
        default=ROOT / ".venv" if (ROOT / ".venv").is_dir() else Path(sys.prefix),
        help="the venv whose second-look to start (default: .venv here, else this Python's)",
    )
    parser.add_argument(
        "--bundle", type=Path, default=ROOT / "build" / "pyinstaller" / "dist" / "second-look"
    )
    parser.add_argument(
        "--floor", action="store_true", help="also start first_screen_floor.py (see above)"
    )
    parser.add_argument(
        "--source",
        type=Path,
        help="also start the app from this source folder (an older checkout, to compare)",
    )
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="startup-bench-") as temporary:
        work = Path(temporary)
        big = make_library(work / "big", options.documents)
        empty = make_library(work / "empty", 0)
        environ = dict(os.environ)
        environ.update(
            QT_QPA_PLATFORM="offscreen",
            XDG_CONFIG_HOME=str(work / "config"),
            XDG_DATA_HOME=str(work / "data"),
            # this checkout's code, not the copy installed in the venv (an editable install
            # of another checkout would otherwise win)
            PYTHONPATH=os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
        )
        python = options.venv / "bin" / "python"
        _check_code_is_ours(python, environ)
        app = options.venv / "bin" / "second-look"
        programs: dict[str, list[str]] = {"bare window": [str(python), "-c", BARE_WINDOW]}
        for name, folder in (("empty", empty), (f"{options.documents:,} documents", big)):
            programs[f"venv, {name}"] = [str(app), "--library", str(folder), "--quit-when-ready"]
        if options.source is not None:
            starter = (
                f"import sys; sys.path.insert(0, {str(options.source)!r}); "
                "from organizer.gui.app import main; raise SystemExit(main(sys.argv))"
            )
            programs[f"source, {options.documents:,} documents"] = [
                str(python), "-c", starter, "--library", str(big), "--quit-when-ready"
            ]  # fmt: skip
        if options.floor:
            floor = [str(python), str(Path(__file__).with_name("first_screen_floor.py"))]
            programs["floor: same screen, no app code"] = floor
            programs["floor + reading the library"] = [
                *floor, "--library", str(big / "library.sqlite")
            ]  # fmt: skip
        bundled = options.bundle / "second-look"
        if bundled.is_file():
            programs[f"bundle, {options.documents:,} documents"] = [
                str(bundled),
                "--library",
                str(big),
                "--quit-when-ready",
            ]
        else:
            print(f"(no bundle at {options.bundle}: run packaging/build.sh to include it)")

        for command in programs.values():  # once each to warm the disk cache
            time_start(command, environ)
        times: dict[str, list[float]] = {name: [] for name in programs}
        cpus: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(options.rounds):
            for name, command in programs.items():
                elapsed, cpu = time_start(command, environ)
                times[name].append(elapsed)
                cpus[name].append(cpu)

    bare = statistics.median(times["bare window"])
    bare_cpu = statistics.median(cpus["bare window"])
    print(f"load average {os.getloadavg()[0]:.2f}; {options.rounds} rounds, medians")
    print(f"{'program':32} {'median':>8} {'min':>8} {'x bare':>7} {'cpu':>7} {'x bare':>7}")
    worst = 0.0
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / bare
        cpu = statistics.median(cpus[name])
        if "documents" in name and name.startswith(("venv", "bundle")):
            worst = max(worst, ratio)
        print(
            f"{name:32} {median:7.3f}s {min(values):7.3f}s {ratio:6.2f}x "
            f"{cpu:6.3f}s {cpu / bare_cpu:6.2f}x"
        )
        print(f"{'':32} each: {' '.join(f'{value:.3f}' for value in values)}")
    verdict = "met" if worst <= TARGET else "NOT met"
    print(f"target: 10,000 documents within {TARGET}x the bare window: {verdict} ({worst:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
