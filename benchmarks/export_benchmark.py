"""Export benchmark: a packet of 200 PDFs (2,000 pages) plus 100 phone photos.

Measures the export's wall time and peak memory (each run in a child process, read with
wait4): the whole `second-look-cli export` process (Python starting, importing its
modules, the preflight checks, the export, exiting), and the export call alone, as the
app's Export button costs. The target: the whole process within 3x the baseline.
Next to them, a baseline measured in the same run: Debian's qpdf joining the same PDFs
(`qpdf --empty --pages ... -- out.pdf`) plus `cp -r` of all the files followed by `sync`
(the export fsyncs everything it writes, so the copy is timed until it is durable too).
The export's processor time (all threads, user and system) is printed too: on a machine
shared with other work it moves less than wall time does.
Every step starts after a `sync`, so none pays for another's writes, and each is timed
three times, taking turns; medians are reported (peak memory: the largest). A half-size
packet is exported too, to show how peak memory grows with the packet.

    PYTHONPATH=$PWD python benchmarks/export_benchmark.py [--work DIR] [--scale 1.0]

Each generated PDF page is a scanned image (about 55 kB) under a page of text, so the
200 PDFs weigh about 110 MB, as real records do.

The generated inputs are kept in --work (default: a folder under /tmp) and reused.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = (
    "patient presented with cough fatigue and weight loss imaging showed a nodule in the "
    "right upper lobe biopsy was advised blood counts were within the reference range "
    "follow up in three months was recommended by the clinic"
)
WORDS = SENTENCE.split()


def scanned_page() -> io.BytesIO:
    """A grey, noisy JPEG of about 55 kB, like a page scanned at 100 dpi."""
    noise = Image.effect_noise((850, 1100), 16).filter(ImageFilter.GaussianBlur(1))
    data = io.BytesIO()
    noise.save(data, "JPEG", quality=50)
    data.seek(0)
    return data


def make_pdfs(folder: Path, count: int, pages: int) -> list[Path]:
    """Records as heavy as real ones: every page a scanned image with a line of text."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    made = []
    for number in range(count):
        path = folder / f"report-{number:03d}.pdf"
        made.append(path)
        if path.exists():
            continue
        pdf = FPDF()
        pdf.set_font("Helvetica", size=10)
        for page in range(pages):
            pdf.add_page()
            pdf.image(scanned_page(), x=0, y=0, w=pdf.w, h=pdf.h)
            pdf.cell(0, 8, f"Report {number} page {page + 1}", new_x="LMARGIN", new_y="NEXT")
            text = " ".join(rng.choice(WORDS) for _ in range(450))
            pdf.multi_cell(0, 5, text)
        pdf.output(str(path))
    return made


def make_photos(folder: Path, count: int) -> list[Path]:
    """12-megapixel JPEGs of about 3 MB like a phone's, half with EXIF orientation 6."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    base = Image.linear_gradient("L").resize((4032, 3024))
    for number in range(count):
        path = folder / f"IMG_{number:04d}.jpg"
        made.append(path)
        if path.exists():
            continue
        noise = Image.effect_noise((4032, 3024), 8 + number % 6)
        image = Image.merge("RGB", (base, noise, base.transpose(Image.Transpose.ROTATE_180)))
        exif = Image.Exif()
        exif[0x0112] = 6 if number % 2 else 1
        image.save(path, "JPEG", quality=90, exif=exif)
    return made


def build_library(root: Path, pdfs: list[Path], photos: list[Path]) -> int:
    """A library made the way the app makes one: the files go through import, then the
    background pass after it makes a print copy of each photo, which the export puts in
    the PDF (``--before-pass`` removes them before each export, as if it came first)."""
    sys.path.insert(0, str(ROOT))
    from organizer.core.dates import PartialDate
    from organizer.core.importing import import_paths, make_pending_pictures
    from organizer.core.jobs import JobContext
    from organizer.core.library import Library
    from organizer.core.records import Packet, Person

    with Library.open(root) as library:
        with library.transaction():
            person = library.add(Person(name="Zoë Ødegård", dob=PartialDate(1961, 4, 9)))
            packet = library.add_packet(Packet(person_id=person, title="Benchmark packet"))
        summary = import_paths(library, person, [*pdfs, *photos], JobContext())
        added = [o for o in summary.outcomes if o.document_id]
        if len(added) != len(pdfs) + len(photos):
            raise SystemExit(f"import added {len(added)} of {len(pdfs) + len(photos)} files")
        make_pending_pictures(library, JobContext())
    return packet


def timed(command: list[str], **kwargs: object) -> tuple[float, int, float]:
    """Run a command; return wall seconds, its peak resident memory in bytes and the
    processor seconds it used (user and system, all its threads)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, **kwargs)  # type: ignore[call-overload]
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{command[0]} failed")
    return elapsed, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


EXPORT_CHILD = """
import json, sys, time
from pathlib import Path
import organizer.core.export as command  # the CLI imports export_packet from here when run
from organizer.cli import main
real, facts = command.export_packet, {}
def timed(*args, **kwargs):
    start = time.perf_counter()
    result = real(*args, **kwargs)
    facts["call_s"] = time.perf_counter() - start
    facts["pdf_bytes"] = result.pdf.stat().st_size
    return result
command.export_packet = timed
library, packet, target, report = sys.argv[1:5]
code = main(["--library", library, "export", "--packet", packet, "--to", target, "--json"])
Path(report).write_text(json.dumps(facts))
sys.exit(code)
"""
"""`second-look-cli export` as a person runs it, with the export call inside it timed."""


TARGET_RATIO = 3.0
"""The whole CLI process within this many times the qpdf + cp -r + sync baseline."""
TARGET_PEAK_MB = 400
ROUNDS = 3
"""Each step is timed this many times, taking turns; the medians are reported."""


def compiled_env(work: Path) -> dict[str, str]:
    """The children's environment, with their modules compiled once beforehand, as in an
    installed app (pip and the packages compile them): a shell that sets
    PYTHONDONTWRITEBYTECODE would otherwise have every run compile the app's modules
    again, which is not what a person's export costs. The compiled files go to a folder
    of their own in --work, not next to the sources."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    compile_all = [sys.executable, "-m", "compileall", "-q", str(ROOT / "organizer")]
    subprocess.run(compile_all, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-c", "import organizer.cli.export"], env=env, check=True)
    return env


def measure(
    work: Path, pdf_count: int, photo_count: int, before_pass: bool = False
) -> dict[str, float]:
    pdfs = make_pdfs(work / "pdfs", 200, 10)[:pdf_count]
    photos = make_photos(work / "photos", 100)[:photo_count]
    library = work / f"library-{pdf_count}-{photo_count}"
    if library.exists():
        shutil.rmtree(library)
    packet = build_library(library, pdfs, photos)
    env = compiled_env(work)
    rounds = []
    for _round in range(ROUNDS):
        if before_pass:  # the export makes every print copy itself
            shutil.rmtree(library / "print-copies", ignore_errors=True)
        out = Path(tempfile.mkdtemp(dir=work, prefix="out-"))
        rounds.append(_one_round(out, library, packet, pdfs, photos, env))
        shutil.rmtree(out)
        subprocess.run(["sync"], check=False)
    middle = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    baseline = middle["qpdf_s"] + middle["cp_s"]
    return {
        "pdfs": pdf_count,
        "photos": photo_count,
        "document_pages": len(pdfs) * 10 + len(photos),
        "export_s": round(middle["export_s"], 2),
        "call_s": round(middle["call_s"], 2),
        "export_cpu_s": round(middle["export_cpu"], 2),
        "pdf_mb": round(middle["pdf_bytes"] / 2**20, 1),
        "export_peak_mb": round(max(r["export_rss"] for r in rounds) / 2**20, 1),
        "qpdf_s": round(middle["qpdf_s"], 2),
        "cp_s": round(middle["cp_s"], 2),
        "baseline_s": round(baseline, 2),
        "ratio": round(middle["export_s"] / baseline, 2),
        "call_ratio": round(middle["call_s"] / baseline, 2),
    }


def _one_round(
    out: Path,
    library: Path,
    packet: int,
    pdfs: list[Path],
    photos: list[Path],
    env: dict[str, str],
) -> dict[str, float]:
    """Export, qpdf and cp -r once each, every one after a sync (none pays for another)."""
    (out / "export").mkdir()
    report = out / "export.json"
    subprocess.run(["sync"], check=False)
    export_s, export_rss, export_cpu = timed(
        [
            sys.executable,
            "-c",
            EXPORT_CHILD,
            str(library),
            str(packet),
            str(out / "export"),
            str(report),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    inside = json.loads(report.read_text())
    subprocess.run(["sync"], check=False)
    qpdf_s, _qpdf_rss, _qpdf_cpu = timed(
        ["qpdf", "--empty", "--pages", *map(str, pdfs), "--", str(out / "qpdf.pdf")]
    )
    copy_source = out / "source"
    copy_source.mkdir()
    for path in [*pdfs, *photos]:
        os.link(path, copy_source / path.name)
    subprocess.run(["sync"], check=False)
    # the export must leave its files durable on the stick, so the copy is timed with a sync
    cp_s, _cp_rss, _cp_cpu = timed(["sh", "-c", f"cp -r '{copy_source}' '{out / 'copy'}' && sync"])
    return {
        "export_s": export_s,
        "export_rss": export_rss,
        "export_cpu": export_cpu,
        "call_s": inside["call_s"],
        "pdf_bytes": inside["pdf_bytes"],
        "qpdf_s": qpdf_s,
        "cp_s": cp_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "sl-export-bench"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the full packet (0.25: a quarter)"
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--before-pass",
        action="store_true",
        help="export with no print copies yet (right after an import, before the background "
        "pass): the export makes each one itself",
    )
    args = parser.parse_args()
    if shutil.which("qpdf") is None:
        raise SystemExit("qpdf is needed for the baseline: apt-get install qpdf")
    args.work.mkdir(parents=True, exist_ok=True)
    pdfs, photos = max(2, round(200 * args.scale)), max(2, round(100 * args.scale))
    rows = [measure(args.work, pdfs // 2, photos // 2, args.before_pass),
            measure(args.work, pdfs, photos, args.before_pass)]  # fmt: skip
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"target: process ratio at most {TARGET_RATIO}, peak at most {TARGET_PEAK_MB} MB")
    print(
        "pdfs photos pages | process s  call s  cpu s  peak MB  PDF MB | qpdf s  cp s  "
        "baseline s | ratio process  call"
    )
    for r in rows:
        print(
            f"{r['pdfs']:4} {r['photos']:6} {r['document_pages']:5} | {r['export_s']:9} "
            f"{r['call_s']:7} {r['export_cpu_s']:6} {r['export_peak_mb']:8} {r['pdf_mb']:7} | "
            f"{r['qpdf_s']:6} "
            f"{r['cp_s']:5} {r['baseline_s']:11} | {r['ratio']:13} {r['call_ratio']:5}"
        )


if __name__ == "__main__":
    main()
