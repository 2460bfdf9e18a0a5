"""Reading and rendering clinical records against a plain lxml parse of the same files.

Makes a corpus of N documents (default 1,000) by copying the C-CDA (also those inside the
XDM zips) and FHIR samples round-robin, then times, each in a fresh child process so that
peak memory is its own:

  parse   the baseline: lxml.etree.parse for each XML file, json.load for each JSON
          file (lxml does not read JSON; json.load is the plain parse there)
  read    the app's reading (organizer.core.rendering.read.render_file)
  html    reading plus the offline HTML page (the readable copy in the export folder)
  pdf     reading plus the PDF pages (the packet, the preview): Helvetica, nothing
          embedded, for records whose every character fits its encoding
  pdf-embedded
          the same pages always drawn with the shipped TrueType font, embedded and
          subset per document (what a record in another script costs; every record
          cost this before the standard font was used)

and prints documents per second, peak memory and each ratio to the parse, by wall-clock
time and by the process's CPU time (steadier when other programs load the machine).
The target for read+render is at most 5x the parse. Every phase runs --rounds times (3),
the phases taking turns, and the medians count: the parse lasts only about half a second,
so one run of it moves every ratio by a tenth or two. --skip-embedded leaves out the slow
last phase.

    PYTHONPATH=. .venv/bin/python benchmarks/clinical_render_benchmark.py [--count 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "samples"
PHASES = ("parse", "read", "html", "pdf", "pdf-embedded")
TARGET = 5.0


def make_corpus(folder: Path, count: int) -> list[Path]:
    sources: list[tuple[str, bytes]] = []
    for path in sorted((SAMPLES / "ccda").iterdir()) + sorted((SAMPLES / "fhir").iterdir()):
        sources.append((path.name, path.read_bytes()))
    for path in sorted((SAMPLES / "xdm").iterdir()):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                name = info.filename.replace("\\", "/")
                data = archive.read(info)
                if name.upper().endswith(".XML") and b"ClinicalDocument" in data[:4096]:
                    sources.append((Path(name).name, data))
    made = []
    for number, (name, data) in zip(range(count), cycle(sources), strict=False):
        target = folder / f"{number:05d}-{name}"
        target.write_bytes(data)
        made.append(target)
    return made


def run_phase(phase: str, files: list[Path]) -> dict[str, float]:
    """Do one phase over every file; the caller runs this in a fresh process."""
    if phase == "parse":
        from lxml import etree

        def work(path: Path) -> None:
            if path.suffix.lower() == ".json":
                with open(path, "rb") as handle:
                    json.load(handle)
            else:
                etree.parse(str(path))
    else:
        from organizer.core.rendering.html import rendering_html
        from organizer.core.rendering.model import Rendering
        from organizer.core.rendering.pdf import rendering_pdf
        from organizer.core.rendering.read import render_file

        def embedded(rendering: Rendering) -> bytes:
            return rendering_pdf(rendering, standard_font=False)

        outputs = {"read": None, "html": rendering_html, "pdf": rendering_pdf}
        output = outputs.get(phase, embedded)

        def work(path: Path) -> None:
            rendering = render_file(path)
            if output is not None:
                output(rendering)

    work(files[0])  # imports and first-use costs are not what is measured
    if phase.startswith("pdf"):
        # Nor is importing pikepdf, which joins a record's own PDF to its pages: the
        # first such record would pay it once (the export uses it as well).
        import pikepdf  # noqa: F401
    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        work(path)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": time.process_time() - cpu, "peak_mb": _peak_mb()}


def _run_child(phase: str, folder: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--folder", str(folder)],
        capture_output=True,
        text=True,
        check=True,
        # the code of this checkout, whatever is installed in the environment
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _peak_mb() -> float:
    """This process's own peak memory (VmHWM; ru_maxrss on Linux counts the parent too)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--skip-embedded", action="store_true", help="leave out pdf-embedded")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of every phase in turn (medians count)"
    )
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        files = sorted(args.folder.iterdir())
        print(json.dumps(run_phase(args.phase, files)))
        return 0
    folder = Path(tempfile.mkdtemp(prefix="clinical-bench-"))
    try:
        files = make_corpus(folder, args.count)
        size = sum(p.stat().st_size for p in files) / 1024**2
        print(f"{len(files)} documents, {size:.1f} MB (C-CDA, C-CDA from XDM zips, FHIR)")
        phases = PHASES[:-1] if args.skip_embedded else PHASES
        rounds: list[dict[str, dict[str, float]]] = []
        for _ in range(args.rounds):
            # every phase once per round, in turn, so that a slow spell of the machine
            # falls on all of them alike; the parse alone lasts about half a second
            rounds.append({phase: _run_child(phase, folder) for phase in phases})
            each = rounds[-1]
            print("round: " + ", ".join(
                f"{phase} {each[phase]['seconds'] / each['parse']['seconds']:.2f}x"
                for phase in phases[1:]
            ), flush=True)  # fmt: skip
        results = {
            phase: {
                key: statistics.median(done[phase][key] for done in rounds)
                for key in ("seconds", "cpu", "peak_mb")
            }
            for phase in phases
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    base, base_cpu = results["parse"]["seconds"], results["parse"]["cpu"]
    print(f"medians of {args.rounds} rounds")
    print(f"{'phase':<34}{'docs/s':>8}{'peak MB':>9}{'x parse':>9}{'x (CPU)':>9}")
    names = {
        "parse": "lxml parse (baseline)",
        "read": "read",
        "html": "read + HTML",
        "pdf": "read + PDF pages",
        "pdf-embedded": "read + PDF, font embedded",
    }
    for phase in phases:
        seconds, cpu = results[phase]["seconds"], results[phase]["cpu"]
        print(
            f"{names[phase]:<34}{len(files) / seconds:>8.1f}{results[phase]['peak_mb']:>9.0f}"
            f"{seconds / base:>9.1f}{cpu / base_cpu:>9.1f}"
        )
    for phase in phases[2:]:
        ratio = results[phase]["seconds"] / base
        verdict = "within" if ratio <= TARGET else "over"
        print(f"{names[phase]}: {ratio:.1f}x the parse ({verdict} the {TARGET:.0f}x target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
