"""Import speed and memory against `cp -r` + `sha256sum` + `sync` of the same files, in one run.

Builds a corpus in a temporary folder (by default ~1,000 files, ~1.2 GB: 300 PDFs of 1 to
50 pages, 200 phone photos as costly to decode as real ones (12 MP, sensor noise, 3.7 MB),
one 500-image CT study), then measures on the same disk, each step after a `sync`:
  baseline  cp -r corpus copy && sha256sum of every copied file && sync (import fsyncs)
  import    second-look-cli import into a fresh library (in a child process)
  pass      the background pass after it: the text of every PDF page, then the
            thumbnails and print copies of the photos, each timed on its own
  decode    the floor for the photos: each photo only decoded, once, on as many threads
            as the pass uses cores, at the print copy's scale and at 1/8 (the least any
            decode can do); no pass that decodes every photo can beat these rates here
and prints medians of --rounds rounds: import (ratio to the baseline, peak memory), the
background pass (pages/s of text, photos/s of pictures, peak memory) and their sum.
``--before DIR`` measures another checkout (``git archive main | tar -x -C DIR``) in turn
with this one, on the same corpus in the same rounds. ``--size 0.1`` builds a tenth.

    PYTHONPATH=. .venv/bin/python benchmarks/import_benchmark.py [--before DIR] [--rounds 3]
"""

from __future__ import annotations

import argparse
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

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
PHOTO_BASES = 4


def build_corpus(target: Path, size: float) -> tuple[int, int, int]:
    """Write the corpus; return (files, bytes, pdf pages)."""
    from fpdf import FPDF

    rng = random.Random(7)
    pdf_dir, photo_dir, cd_dir = target / "pdfs", target / "photos", target / "cd"
    for folder in (pdf_dir, photo_dir, cd_dir):
        folder.mkdir(parents=True)
    words = "biopsy margin lesion impression findings contrast reference range assessment plan"
    pages_total = 0
    base_pdfs: dict[int, bytes] = {}
    for count in range(1, 51):
        pdf = FPDF()
        pdf.set_font("Helvetica", size=11)
        for page in range(count):
            pdf.add_page()
            for line in range(40):
                text = " ".join(rng.choice(words.split()) for _ in range(12))
                pdf.cell(0, 6, f"{page}.{line} {text}", new_x="LMARGIN", new_y="NEXT")
        base_pdfs[count] = bytes(pdf.output())
    pdf_count = max(1, int(300 * size))
    for number in range(pdf_count):
        count = 1 + number % 50
        data = base_pdfs[count] + f"\n% copy {number}\n".encode()
        (pdf_dir / f"report_{number:04d}.pdf").write_bytes(data)
        pages_total += count
    photo_count = max(1, int(200 * size))
    for number in range(photo_count):
        path = photo_dir / f"IMG_{number:04d}.jpg"
        if number < PHOTO_BASES:
            exif = Image.Exif()
            exif[0x0112] = 6 if number % 2 else 1  # every other photo taken upright
            phone_photo(number).save(path, quality=90, exif=exif.tobytes())
            continue
        shutil.copyfile(photo_dir / f"IMG_{number % PHOTO_BASES:04d}.jpg", path)
        with open(path, "ab") as out:  # a different file, as costly to decode
            out.write(f"copy {number}".encode())
    write_study(cd_dir, max(1, int(500 * size)))
    files = [p for p in target.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files), pages_total


def phone_photo(seed: int) -> Image.Image:
    """A 12-megapixel picture with camera-like sensor noise in every channel.

    Saved at JPEG quality 90 it is about 3.7 MB and costs as much to decode as a real
    phone photo: the noise is what the entropy decoder has to work through.
    """
    from PIL import ImageChops

    width, height = 4032, 3024
    gradient = Image.linear_gradient("L").resize((width, height))
    channels = [gradient, gradient.rotate(180), gradient.transpose(Image.Transpose.ROTATE_90)]
    noisy = [
        ImageChops.add(channel.resize((width, height)), Image.effect_noise((width, height), 10),
                       1.0, -128 + seed)
        for channel in channels
    ]  # fmt: skip
    return Image.merge("RGB", noisy)


def write_study(folder: Path, images: int) -> None:
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

    study, series = generate_uid(), generate_uid()
    pixels = bytes(random.Random(3).randrange(0, 16) for _ in range(512 * 512 * 2))
    for number in range(images):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = CTImageStorage
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = Dataset()
        ds.file_meta = meta
        ds.SOPClassUID = CTImageStorage
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
        ds.Modality, ds.StudyDate, ds.StudyDescription = "CT", "20260112", "CT CHEST W CONTRAST"
        ds.BodyPartExamined, ds.SeriesNumber, ds.InstanceNumber = "CHEST", 1, number + 1
        ds.Rows = ds.Columns = 512
        ds.BitsAllocated = ds.BitsStored = 16
        ds.HighBit, ds.PixelRepresentation, ds.SamplesPerPixel = 15, 0, 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.PixelData = pixels
        sub = folder / "DICOM" / f"S{number // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        ds.save_as(sub / f"I{number:05d}", enforce_file_format=True)


PASS_CHILD = """
import json, sys, time
from pathlib import Path
from organizer.core import importing
from organizer.core.jobs import JobContext
from organizer.core.library import Library
with Library.open(Path(sys.argv[1])) as library:
    began = time.perf_counter()
    text = importing.index_pending(library, JobContext())
    text_s = time.perf_counter() - began
    began = time.perf_counter()
    making = getattr(importing, "make_pending_pictures", None)  # absent before issue 18
    pictures = making(library, JobContext()).pictures if making else 0
    print(json.dumps({"text_s": text_s, "pages": text.pages, "pictures": pictures,
                      "pictures_s": time.perf_counter() - began}))
"""
"""The background pass, each kind of work timed on its own (text, then pictures)."""

DECODE_CHILD = """
import json, math, sys, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from PIL import Image
from organizer.core.cores import usable_cores
from organizer.core.derived import PRINT_MIN_EDGE
photos = sorted(Path(sys.argv[1]).iterdir())
def decode(path, eighth):
    with Image.open(path) as image:
        part = 1 / 8 if eighth else min(1.0, PRINT_MIN_EDGE / max(image.size))
        image.draft("RGB", (math.ceil(image.width * part), math.ceil(image.height * part)))
        image.load()
rates = {}
for name, eighth in (("print_scale", False), ("eighth", True)):
    began = time.perf_counter()
    with ThreadPoolExecutor(usable_cores()) as pool:
        list(pool.map(lambda path: decode(path, eighth), photos))
    rates[name] = len(photos) / (time.perf_counter() - began)
print(json.dumps(rates))
"""
"""Decoding alone: the most photos a second any pass that decodes each one could make."""


def timed(
    command: list[str], env: dict[str, str] | None = None, sink: int | None = subprocess.DEVNULL
) -> tuple[float, int, str]:
    """Wall time, peak RSS (kB) and standard output of a child process."""
    start = time.perf_counter()
    # run from the work folder: a child started in a checkout would import that checkout
    process = subprocess.Popen(command, env=env, stdout=sink, text=True, cwd=tempfile.gettempdir())
    out = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{command[:4]} failed with status {status}")
    return elapsed, usage.ru_maxrss, out


def baseline(work: Path, corpus: Path) -> float:
    copy = work / "copy"
    subprocess.run(["sync"], check=False)
    elapsed, _, _ = timed(
        ["sh", "-c", f"cp -r {corpus} {copy} && find {copy} -type f -print0 | "
         "xargs -0 sha256sum > /dev/null && sync"]
    )  # fmt: skip
    shutil.rmtree(copy)
    return elapsed


def decode_floor(photos: Path) -> dict[str, float]:
    """Photos a second when they are only decoded (this checkout's scale and threads)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    _, _, out = timed([sys.executable, "-c", DECODE_CHILD, str(photos)], env, subprocess.PIPE)
    rates: dict[str, float] = json.loads(out)
    return rates


def import_then_pass(work: Path, corpus: Path, code: Path) -> dict[str, float]:
    """Import the corpus into a fresh library with the code in ``code``, then the pass."""
    library = work / "library"
    shutil.rmtree(library, ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(code))
    cli = [sys.executable, "-m", "organizer.cli", "--library", str(library)]
    subprocess.run([*cli, "person", "add", "--name", "Bench"], check=True, env=env,
                   stdout=subprocess.DEVNULL, cwd=work)  # fmt: skip
    subprocess.run(["sync"], check=False)
    import_s, import_kb, _ = timed([*cli, "import", "--person", "1", str(corpus)], env)
    subprocess.run(["sync"], check=False)
    pass_s, pass_kb, out = timed(
        [sys.executable, "-c", PASS_CHILD, str(library)], env, subprocess.PIPE
    )
    inside = json.loads(out)
    shutil.rmtree(library)
    return {"import_s": import_s, "import_mb": import_kb / 1024, "pass_s": pass_s,
            "pass_mb": pass_kb / 1024, **inside}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=float, default=1.0, help="corpus scale (1.0 = ~1 GB)")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3, help="rounds, taking turns (medians)")
    parser.add_argument(
        "--before", type=Path, default=None,
        help="another checkout of the app (e.g. `git archive main`) measured in turn with this one",
    )  # fmt: skip
    parser.add_argument("--build", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        print(json.dumps(build_corpus(args.build, args.size)))
        return
    work = Path(tempfile.mkdtemp(prefix="sl-bench-", dir=args.workdir))
    codes = {"this": ROOT} | ({"before": args.before.resolve()} if args.before else {})
    try:
        corpus = work / "corpus"
        began = time.perf_counter()
        # built in a child: a child's peak memory starts from its parent's on Linux, and
        # making the photos takes a few hundred MB
        built = subprocess.run(
            [sys.executable, __file__, "--build", str(corpus), "--size", str(args.size)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        files, size, pages = json.loads(built.stdout)
        photos = len(list((corpus / "photos").iterdir()))
        print(f"corpus: {files} files, {size / 1e6:.0f} MB, {pages} PDF pages, {photos} photos "
              f"(built in {time.perf_counter() - began:.0f} s)", flush=True)  # fmt: skip
        subprocess.run(["sh", "-c", f"cat $(find {corpus} -type f) > /dev/null"], check=True)
        bases: list[float] = []
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in codes}
        floors: list[dict[str, float]] = []
        for number in range(args.rounds):
            bases.append(baseline(work, corpus))
            floors.append(decode_floor(corpus / "photos"))
            for name, code in codes.items():
                runs[name].append(import_then_pass(work, corpus, code))
                print(f"round {number + 1} {name}: {runs[name][-1]}", flush=True)
        base = statistics.median(bases)
        print(f"\nmedians of {args.rounds} rounds, taking turns")
        print(f"baseline cp -r + sha256sum + sync: {base:.1f} s")
        floor = {key: statistics.median(f[key] for f in floors) for key in floors[0]}
        print(f"decoding alone, each photo once: {floor['print_scale']:.0f} photos/s at the "
              f"print copy's scale, {floor['eighth']:.0f} photos/s at 1/8")  # fmt: skip
        for name, results in runs.items():
            med = {key: statistics.median(r[key] for r in results) for key in results[0]}
            peak = {key: max(r[key] for r in results) for key in ("import_mb", "pass_mb")}
            total = med["import_s"] + med["pass_s"]
            print(f"[{name}] import: {med['import_s']:.1f} s  ratio {med['import_s'] / base:.2f}  "
                  f"peak memory {peak['import_mb']:.0f} MB")  # fmt: skip
            pictures = f"{med['pictures'] / med['pictures_s']:.0f} photos/s" if med["pictures"] else (
                "no pictures (made during the import)")  # fmt: skip
            print(f"[{name}] background pass: {med['pass_s']:.1f} s (text {med['text_s']:.1f} s "
                  f"= {med['pages'] / med['text_s']:.0f} pages/s; pictures "
                  f"{med['pictures_s']:.1f} s = {pictures})  peak memory {peak['pass_mb']:.0f} MB")  # fmt: skip
            print(f"[{name}] import + pass: {total:.1f} s  ratio {total / base:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
