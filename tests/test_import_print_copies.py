"""Print copies: the upright, reduced JPEG import writes for each single-frame image."""

from __future__ import annotations

from pathlib import Path

import pytest
from importing_helpers import assert_consistent, by_name, run_import_and_pass
from PIL import Image, ImageChops, ImageOps, ImageStat

from organizer.core.importing import (
    PRINT_LONG_EDGE,
    PRINT_MIN_EDGE,
    ImageRefused,
    print_copy_path,
    remove_unreferenced,
    thumbnail_path,
    write_print_copy,
)
from organizer.core.importing.images import analyse_image
from organizer.core.library import Library
from organizer.core.records import Document


def _sha(library: Library, document_id: int | None) -> str:
    assert document_id is not None
    return library.document_files(document_id)[0].sha256


def _difference(first: Image.Image, second: Image.Image) -> float:
    """Mean absolute difference per channel, 0 (same) to 255."""
    a, b = first.convert("RGB"), second.convert("RGB").resize(first.size)
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def _upright_original(path: Path) -> Image.Image:
    with Image.open(path) as original:
        upright = ImageOps.exif_transpose(original)
        assert upright is not None
        return upright.convert("RGB")


def test_single_frame_images_get_an_upright_print_copy(library: Library, samples: Path) -> None:
    folder = samples / "images"
    outcomes = by_name(run_import_and_pass(library, folder))
    expected = {  # upright size and mode, from the sample README and the files themselves
        "Portrait_6.jpg": ((1200, 1800), "RGB"),  # stored 1800x1200 landscape, orientation 6
        "Landscape_3.jpg": ((1800, 1200), "RGB"),  # upside down, orientation 3
        "Portrait_1.jpg": ((1200, 1800), "RGB"),
        "hopper.png": ((128, 128), "RGB"),  # small: not enlarged
        "hopper_g4_500.tif": ((500, 500), "L"),  # bilevel
        "phototest-rotated-R.png": ((480, 640), "L"),  # palette of greys only
        "pil_sample_cmyk.jpg": ((100, 100), "RGB"),
        "xiaomi.heic": ((PRINT_LONG_EDGE, 1500), "RGB"),  # 2592x1944, reduced
    }
    for name, (size, mode) in expected.items():
        path = print_copy_path(library.root, _sha(library, outcomes[name].document_id))
        with Image.open(path) as copy:
            assert copy.format == "JPEG", name
            assert (copy.size, copy.mode) == (size, mode), name
            assert max(copy.size) <= PRINT_LONG_EDGE
            assert not copy.info.get("progressive"), name
            assert copy.getexif().get(0x0112) is None, name  # already upright: no orientation
            copy.load()
    for name in ("Portrait_6.jpg", "Landscape_3.jpg"):
        path = print_copy_path(library.root, _sha(library, outcomes[name].document_id))
        with Image.open(path) as copy:
            upright = _upright_original(folder / name)
            assert _difference(copy, upright) < 4, name
            # the same picture left as stored would not match: the test can tell
            with Image.open(folder / name) as stored:
                turned = stored.convert("RGB").resize(copy.size)
            assert _difference(copy, turned) > 3 * _difference(copy, upright), name
    assert_consistent(library.root)


def test_multi_frame_images_get_a_thumbnail_but_no_print_copy(
    library: Library, samples: Path
) -> None:
    summary = run_import_and_pass(library, samples / "images" / "g4-multi.tiff")
    sha = _sha(library, summary.document_ids[0])
    assert library.get(Document, summary.document_ids[0]).page_count == 3
    assert thumbnail_path(library.root, sha).exists()
    assert not print_copy_path(library.root, sha).exists()


def test_a_phone_sized_photo_is_decoded_at_a_quarter(tmp_path: Path, samples: Path) -> None:
    """A 4032x3024 photo (a 12 MP phone camera) stored landscape with orientation 6."""
    with Image.open(samples / "images" / "Portrait_6.jpg") as sample:
        exif = sample.getexif()
        big = sample.resize((4032, 3024), Image.Resampling.BICUBIC)
    photo = tmp_path / "IMG_0001.jpg"
    big.save(photo, quality=90, exif=exif.tobytes())
    thumbnail, copy = tmp_path / "thumb.png", tmp_path / "print.jpg"
    info = analyse_image(photo, thumbnail, copy)
    assert (info.width, info.height, info.orientation) == (3024, 4032, 6)
    with Image.open(copy) as printed, Image.open(thumbnail) as small:
        assert printed.size == (756, 1008)
        assert max(printed.size) >= PRINT_MIN_EDGE
        assert small.size == (192, 256)
        assert _difference(printed, _upright_original(photo)) < 4
        assert _difference(small, printed) < 6


def test_greyscale_png_prints_in_grey(tmp_path: Path, samples: Path) -> None:
    grey = tmp_path / "grey.png"
    with Image.open(samples / "images" / "hopper.png") as hopper:
        hopper.convert("L").save(grey)
    write_print_copy(grey, tmp_path / "grey.jpg")
    with Image.open(tmp_path / "grey.jpg") as copy:
        assert copy.mode == "L" and copy.size == (128, 128)


def test_transparent_png_is_laid_on_white(tmp_path: Path, samples: Path) -> None:
    """Left half fully transparent, right half opaque: white paper shows on the left."""
    with Image.open(samples / "images" / "hopper.png") as hopper:
        picture = hopper.convert("RGBA")
    alpha = Image.new("L", picture.size, 0)
    alpha.paste(255, (64, 0, 128, 128))
    picture.putalpha(alpha)
    source = tmp_path / "clear.png"
    picture.save(source)
    write_print_copy(source, tmp_path / "clear.jpg")
    with Image.open(tmp_path / "clear.jpg") as copy:
        assert copy.mode == "RGB"
        left = ImageStat.Stat(copy.crop((0, 0, 60, 128))).mean
        assert min(left) > 250
        right = copy.crop((68, 0, 128, 128))
        assert _difference(right, picture.convert("RGB").crop((68, 0, 128, 128))) < 6


def test_write_print_copy_matches_what_import_wrote(library: Library, samples: Path) -> None:
    """A library imported before print copies gets the very same file from the export."""
    summary = run_import_and_pass(library, samples / "images" / "Landscape_3.jpg")
    sha = _sha(library, summary.document_ids[0])
    target = print_copy_path(library.root, sha)
    written_by_import = target.read_bytes()
    target.unlink()
    write_print_copy(library.store.path_for(sha), target)
    assert target.read_bytes() == written_by_import


def test_an_existing_print_copy_is_not_rewritten(tmp_path: Path, samples: Path) -> None:
    source = samples / "images" / "Portrait_1.jpg"
    copy = tmp_path / "print.jpg"
    analyse_image(source, None, copy)
    first = copy.stat()
    analyse_image(source, None, copy)
    again = copy.stat()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("bad/img_truncated__truncated_jpeg.jpg", "cut short"),
        ("bad/img_broken__broken_data_stream.png", "damaged"),
        ("bad/img_bomb__decompression_bomb.gif", "decompression bomb"),
        ("pdf/google-doc-document.pdf", "not recognised"),
        ("images/g4-multi.tiff", "3 frames"),
    ],
)
def test_write_print_copy_refuses_what_it_cannot_print(
    tmp_path: Path, samples: Path, name: str, reason: str
) -> None:
    target = tmp_path / "copies" / "out.jpg"
    with pytest.raises(ImageRefused, match=reason):
        write_print_copy(samples / name, target)
    assert not target.exists()
    assert not target.parent.exists() or not list(target.parent.iterdir())


def test_print_copies_go_with_their_files(library: Library, samples: Path) -> None:
    """Unreferenced after a cancel, emptied from the trash, or left after a crash."""
    outcomes = by_name(
        run_import_and_pass(
            library, *(samples / "images" / n for n in ("Portrait_1.jpg", "hopper.png"))
        )
    )
    kept = _sha(library, outcomes["Portrait_1.jpg"].document_id)
    document_id = outcomes["hopper.png"].document_id
    gone = _sha(library, document_id)
    assert document_id is not None
    assert print_copy_path(library.root, gone).exists()

    library.delete(Document, document_id)
    assert remove_unreferenced(library, [gone, kept]) == 1
    assert not print_copy_path(library.root, gone).exists()
    assert not thumbnail_path(library.root, gone).exists()
    assert print_copy_path(library.root, kept).exists()

    folder = print_copy_path(library.root, kept).parent
    (folder / f"{'0' * 64}.jpg").write_bytes(b"left by a crash")
    (folder / f".tmp-1234-{kept}.jpg").write_bytes(b"half written")
    assert library.tidy_after_crash() == 2
    assert [item.name for item in folder.iterdir()] == [f"{kept}.jpg"]

    library.trash_document(outcomes["Portrait_1.jpg"].document_id or 0)
    library.empty_trash()
    assert not print_copy_path(library.root, kept).exists()
    assert not thumbnail_path(library.root, kept).exists()
    assert not list(folder.iterdir())
    assert_consistent(library.root)


def test_a_phone_mpo_photo_is_one_page_with_a_print_copy(library: Library, tmp_path: Path) -> None:
    """Phones write MPO files: the photo, then extras (a preview, a depth or HDR map)."""
    photo = Image.new("RGB", (1600, 1200), "steelblue")
    extra = Image.new("RGB", (400, 300), "grey")
    path = tmp_path / "PXL_20260101_1200.jpg"
    photo.save(path, "MPO", save_all=True, append_images=[extra])
    with Image.open(path) as check:
        assert (check.format, getattr(check, "n_frames", 1)) == ("MPO", 2)
    outcome = by_name(run_import_and_pass(library, path))[path.name]
    assert outcome.document_id is not None
    assert library.get(Document, outcome.document_id).page_count is None  # one picture
    copy = print_copy_path(library.root, _sha(library, outcome.document_id))
    with Image.open(copy) as printed:
        assert printed.size == (1600, 1200)
        assert _difference(printed, photo) < 4
