"""Pictures in the exported PDF: the print copy import keeps goes in as it is."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from export_support import Built, build_packet
from PIL import Image

from organizer.core.derived import print_copy_path, seal_intact, seal_jpeg
from organizer.core.export import ExportOptions, ExportResult, export_packet
from organizer.core.importing import images as import_images
from organizer.core.jobs import JobContext
from organizer.core.library import Library


@pytest.fixture
def library(tmp_path: Path) -> Library:
    opened = Library.open(tmp_path / "library")
    yield opened  # type: ignore[misc]
    opened.close()


def _export(library: Library, built: Built, target: Path) -> ExportResult:
    target.mkdir()
    return export_packet(library, built.packet_id, target, ExportOptions(), JobContext())


def _photo_sha(library: Library, built: Built) -> str:
    return library.document_files(built.documents["lab_photo"])[0].sha256


def _embedded_pictures(pdf_path: Path) -> list[bytes]:
    with pikepdf.Pdf.open(pdf_path) as pdf:
        return [
            bytes(item.read_raw_bytes())
            for page in pdf.pages
            for item in page.obj.Resources.get("/XObject", pikepdf.Dictionary()).values()
            if item.get("/Subtype") == "/Image"
        ]


def test_a_missing_print_copy_is_made_kept_and_embedded_unchanged(
    library: Library, tmp_path: Path
) -> None:
    built = build_packet(library)
    copy = print_copy_path(library.root, _photo_sha(library, built))
    assert not copy.exists()  # the test packet is stored without going through import
    result = _export(library, built, tmp_path / "stick")
    assert copy.exists()
    assert copy.read_bytes() in _embedded_pictures(result.pdf)


def test_an_existing_print_copy_is_used_as_it_is(library: Library, tmp_path: Path) -> None:
    built = build_packet(library)
    copy = print_copy_path(library.root, _photo_sha(library, built))
    copy.parent.mkdir(parents=True, exist_ok=True)
    marker = io.BytesIO()
    Image.new("RGB", (300, 400), "orange").save(marker, format="JPEG")
    sealed = seal_jpeg(marker.getvalue())
    copy.write_bytes(sealed)
    result = _export(library, built, tmp_path / "stick")
    assert sealed in _embedded_pictures(result.pdf)


def test_a_library_folder_that_cannot_be_written_still_exports(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build_packet(library)
    real = import_images.write_print_copy

    def refuse_library(source: Path, target: Path) -> None:
        if library.root in target.parents:
            raise PermissionError(13, "Permission denied", str(target))
        real(source, target)

    monkeypatch.setattr(import_images, "write_print_copy", refuse_library)
    result = _export(library, built, tmp_path / "stick")
    assert not print_copy_path(library.root, _photo_sha(library, built)).exists()
    with pikepdf.Pdf.open(result.pdf) as pdf:
        assert len(pdf.pages) == result.pages
    assert "Lab result blood" not in " ".join(result.not_printed)


@pytest.mark.parametrize("damage", ["cut short", "empty", "not a jpeg", "one byte changed"])
def test_a_damaged_print_copy_is_made_again(library: Library, tmp_path: Path, damage: str) -> None:
    built = build_packet(library)
    first = _export(library, built, tmp_path / "first")
    copy = print_copy_path(library.root, _photo_sha(library, built))
    good = copy.read_bytes()
    damaged = {
        "cut short": good[: len(good) // 2],
        "empty": b"",
        "not a jpeg": b"\x89PNG\r\n\x1a\n" + good[8:],
        "one byte changed": good[: len(good) // 2]
        + bytes([good[len(good) // 2] ^ 0x40])
        + good[len(good) // 2 + 1 :],
    }[damage]
    copy.write_bytes(damaged)
    again = _export(library, built, tmp_path / "again")
    assert copy.read_bytes() == good
    assert good in _embedded_pictures(again.pdf)
    assert again.pages == first.pages


def test_a_seal_holds_the_hash_of_the_picture_and_nothing_else() -> None:
    picture = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(picture, format="JPEG")
    sealed = seal_jpeg(picture.getvalue())
    assert seal_intact(sealed)
    assert not seal_intact(picture.getvalue())
    assert not seal_intact(sealed[:-1])
    with Image.open(io.BytesIO(sealed)) as opened:
        assert opened.size == (64, 48)
        opened.load()


def test_an_export_right_after_an_import_makes_the_print_copies_itself(
    library: Library, tmp_path: Path
) -> None:
    from organizer.core.importing import import_paths, make_pending_pictures, pictures_pending

    built = build_packet(library)
    photos = tmp_path / "photos"
    photos.mkdir()
    source = (Path(__file__).parent / "data" / "samples" / "images" / "Portrait_6.jpg").read_bytes()
    for number in range(5):
        (photos / f"IMG_{number}.jpg").write_bytes(source + f"copy {number}".encode())
    earlier = pictures_pending(library)  # the packet's own pictures
    summary = import_paths(library, built.person_id, [photos], JobContext())
    shas = [library.document_files(i)[0].sha256 for i in summary.document_ids]
    assert len(shas) == 5 and pictures_pending(library) == earlier + 5  # no pass yet

    result = _export(library, built, tmp_path / "stick")
    embedded = _embedded_pictures(result.pdf)
    for sha in shas:
        copy = print_copy_path(library.root, sha)
        assert seal_intact(copy.read_bytes())  # made by the export and kept
        assert copy.read_bytes() in embedded
    assert make_pending_pictures(library, JobContext()).failed == 0  # the rest of the work
    assert pictures_pending(library) == 0
