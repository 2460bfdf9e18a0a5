"""Reading 1,000 C-CDA and FHIR documents, next to a plain parse of the same files.

Copies the sample C-CDAs (with those inside the XDM zips) and FHIR JSON files until
there are 1,000 documents, then runs each phase in a fresh process so that its peak
memory is its own:

- ``parse`` (the baseline): lxml.etree.parse for XML, json.load for JSON; nothing else.
- ``read``: ``read_clinical``, everything the review list and the rendering use.

Each phase prints documents per second and peak resident memory; the ratio read/parse
is the figure to watch (target: at most 5x). To measure another step (rendering, say),
add a function to PHASES taking the list of files: it runs in its own process too.

Run: PYTHONPATH=$PWD .venv/bin/python benchmarks/clinical_benchmark.py [--count N]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "samples"


def _sources(work: Path) -> list[Path]:
    found = sorted((SAMPLES / "ccda").iterdir()) + sorted((SAMPLES / "fhir").iterdir())
    for archive in sorted((SAMPLES / "xdm").iterdir()):
        with zipfile.ZipFile(archive) as opened:
            for name in opened.namelist():
                upper = name.upper().replace("\\", "/")
                if upper.endswith(".XML") and not upper.endswith("METADATA.XML"):
                    target = work / f"{archive.stem}-{upper.rsplit('/', 1)[-1]}"
                    target.write_bytes(opened.read(name))
                    found.append(target)
    return found


def make_corpus(folder: Path, count: int) -> list[Path]:
    """``count`` files: the samples copied round-robin under distinct names."""
    sources = _sources(folder)
    files = []
    for index in range(count):
        source = sources[index % len(sources)]
        target = folder / f"{index:05d}-{source.name}"
        shutil.copyfile(source, target)
        files.append(target)
    return files


def phase_parse(files: list[Path]) -> None:
    from lxml import etree

    for path in files:
        if path.suffix.lower() == ".json":
            with open(path, "rb") as handle:
                json.load(handle)
        else:
            etree.parse(str(path))


def phase_read(files: list[Path]) -> None:
    from organizer.core.clinical.reading import read_clinical

    for path in files:
        read_clinical(path)


PHASES: dict[str, Callable[[list[Path]], None]] = {
    "parse": phase_parse,
    "read": phase_read,
}
BASELINE = "parse"


def run_phase(name: str, listing: Path) -> None:
    """In the child process: run one phase, print seconds and peak memory as JSON."""
    files = [Path(line) for line in listing.read_text(encoding="utf-8").splitlines()]
    PHASES[name](files[:20])  # warm imports and caches outside the timing
    started = time.perf_counter()
    PHASES[name](files)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "documents": len(files)}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--listing", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        run_phase(args.phase, args.listing)
        return
    with tempfile.TemporaryDirectory(prefix="clinical-bench-") as folder:
        files = make_corpus(Path(folder), args.count)
        listing = Path(folder) / "files.txt"
        listing.write_text("\n".join(str(f) for f in files), encoding="utf-8")
        megabytes = sum(f.stat().st_size for f in files) / 1024**2
        print(f"{len(files)} documents, {megabytes:.1f} MB")
        measured = {}
        for name in PHASES:
            output = subprocess.run(
                [sys.executable, __file__, "--phase", name, "--listing", str(listing)],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            measured[name] = json.loads(output.strip().splitlines()[-1])
        base = measured[BASELINE]["seconds"]
        for name, result in measured.items():
            rate = result["documents"] / result["seconds"]
            print(
                f"{name:>8}: {result['seconds']:.2f} s, {rate:,.0f} documents/s, "
                f"peak {result['peak_mb']:.0f} MB, {result['seconds'] / base:.1f}x the parse"
            )


if __name__ == "__main__":
    main()
