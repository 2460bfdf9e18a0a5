"""Import speed and memory against `cp -r` + `sha256sum` of the same files, in one run.

Builds a corpus in a temporary folder (by default ~1,000 files, ~1 GB: PDFs of 1 to 50
pages, phone-sized JPEG photos, one 500-image CT study), then measures on the same disk:
  baseline  cp -r corpus copy && sha256sum of every copied file
  import    second-look-cli import into a fresh library (in a child process)
  index     second-look-cli index (text extraction of every PDF page)
and prints wall times, the ratio import/baseline, the import's peak memory (max RSS)
and the index speed in pages per second. ``--size 0.1`` builds a tenth of the corpus.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
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


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time and peak RSS (kB) of a child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{command[:4]} failed with status {status}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=float, default=1.0, help="corpus scale (1.0 = ~1 GB)")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sl-bench-", dir=args.workdir))
    try:
        corpus = work / "corpus"
        began = time.perf_counter()
        files, size, pages = build_corpus(corpus, args.size)
        print(f"corpus: {files} files, {size / 1e6:.0f} MB, {pages} PDF pages "
              f"(built in {time.perf_counter() - began:.0f} s)")  # fmt: skip
        subprocess.run(["sh", "-c", f"cat $(find {corpus} -type f) > /dev/null"], check=True)
        copy = work / "copy"
        base_time, _ = timed(
            ["sh", "-c", f"cp -r {corpus} {copy} && find {copy} -type f -print0 | "
             "xargs -0 sha256sum > /dev/null && sync"]
        )  # fmt: skip
        shutil.rmtree(copy)
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        cli = [sys.executable, "-m", "organizer.cli", "--library", str(work / "library")]
        subprocess.run([*cli, "person", "add", "--name", "Bench"], check=True, env=env,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        import_time, import_rss = timed([*cli, "import", "--person", "1", str(corpus)], env)
        index_time, index_rss = timed([*cli, "index"], env)
        print(f"baseline cp -r + sha256sum: {base_time:.1f} s")
        print(f"import: {import_time:.1f} s  ratio {import_time / base_time:.2f}  "
              f"peak memory {import_rss / 1024:.0f} MB")  # fmt: skip
        print(f"index: {index_time:.1f} s for {pages} pages = {pages / index_time:.0f} pages/s  "
              f"peak memory {index_rss / 1024:.0f} MB")  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
