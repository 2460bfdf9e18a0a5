"""Photos and scans as PDF pages: upright (EXIF orientation applied), scaled to fit.

The background pass after an import keeps a print copy of every single-picture image:
upright, as a JPEG, reduced to at most 2,000 pixels (a phone photo to about 1,000),
sealed with its own SHA-256. Its bytes go into the PDF unchanged, with no decoding, so a
hundred phone photos cost moments. An image without one yet (exported before the pass
came to it, or from a library older than print copies) gets it made now, two at a time
(``make_missing_print_copies``), and kept; a file holding several pictures (a multi-page TIFF)
is decoded here frame by frame. The originals go into the folder untouched. Pillow's
decompression-bomb limit stays on, as at import: an image claiming an implausible number
of pixels is refused, not decoded.
"""

from __future__ import annotations

import contextlib
import io
import warnings
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Name
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from organizer.core.cores import usable_cores
from organizer.core.derived import PRINT_LONG_EDGE, seal_intact
from organizer.core.export.layout import MARGIN, PAGE_HEIGHT, PAGE_WIDTH
from organizer.core.frames import picture_count

MM = 72 / 25.4
PRINT_COPY_WORKERS = usable_cores()  # decoding releases Python's lock: a photo per core
MAX_FRAMES = 500
FOOTER_CLEARANCE = 12.0


class ImageUnreadable(Exception):
    """This image cannot be turned into pages; str() says why, for the appendix."""


@dataclass(frozen=True)
class Picture:
    """One page's picture, encoded the way a PDF image XObject holds it."""

    data: bytes
    width: int
    height: int
    grey: bool
    jpeg: bool


@dataclass(frozen=True)
class ImageFile:
    source: Path
    print_copy: Path | None
    """Where import keeps this image's print copy, if the library has that folder."""


class ImagePages:
    """Pages for the packet's pictures, written into a few scratch PDFs.

    A new file is started every ``BATCH_BYTES`` of pictures, so memory stays bounded
    however many photos there are, and there are few files for the join to keep open.
    """

    BATCH_BYTES = 32 * 1024 * 1024

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pdf = pikepdf.Pdf.new()
        self._bytes = 0
        self._batches = 0

    def add(self, files: list[ImageFile]) -> tuple[Path, range]:
        """Add one page per picture in ``files``; where those pages will be, once saved."""
        spare = self.folder / f"print-copy-{self._batches}-{len(self._pdf.pages)}"
        pictures = [
            picture
            for number, item in enumerate(files)
            for picture in _pictures(item, spare.with_suffix(f".{number}.jpg"))
        ]
        first = len(self._pdf.pages)
        for picture in pictures:
            _add_page(self._pdf, picture)
            self._bytes += len(picture.data)
        placed = (self._path(self._batches), range(first, len(self._pdf.pages)))
        if self._bytes >= self.BATCH_BYTES:
            self.flush()
        return placed

    def flush(self) -> None:
        """Write the pages added so far to their file."""
        if len(self._pdf.pages):
            self._pdf.save(self._path(self._batches))
            self._batches += 1
        self._pdf.close()
        self._pdf = pikepdf.Pdf.new()
        self._bytes = 0

    def _path(self, batch: int) -> Path:
        return self.folder / f"pictures-{batch}.pdf"


def make_missing_print_copies(files: list[ImageFile], check_cancelled: Callable[[], None]) -> None:
    """Make the library's missing print copies before the pages, a few at a time.

    One that cannot be made is left for the page step, which says why in the appendix.
    """
    missing = [item for item in files if item.print_copy and not item.print_copy.exists()]
    if not missing:
        return
    from organizer.core.importing.images import ImageRefused, write_print_copy

    def make(item: ImageFile) -> None:
        check_cancelled()
        assert item.print_copy is not None
        with contextlib.suppress(ImageRefused, OSError):
            write_print_copy(item.source, item.print_copy)

    with ThreadPoolExecutor(PRINT_COPY_WORKERS, thread_name_prefix="print-copies") as pool:
        for future in [pool.submit(make, item) for item in missing]:
            future.result()


def _pictures(item: ImageFile, spare: Path) -> Iterator[Picture]:
    kept = _kept_print_copy(item)
    if kept is not None:
        yield kept
        return
    image = _open(item.source)
    try:
        frames = picture_count(image)
    finally:
        image.close()
    if frames == 1:
        yield _print_copy(item, spare)
    else:
        yield from _decoded_frames(item.source)


def _kept_print_copy(item: ImageFile) -> Picture | None:
    """The print copy kept in the library, if it is there and whole (only single pictures have one)."""
    if item.print_copy is None:
        return None
    try:
        return _jpeg_picture(item.print_copy.read_bytes())
    except OSError:
        return None


def _print_copy(item: ImageFile, spare: Path) -> Picture:
    """A print copy made now (and kept for next time) where one is missing or damaged."""
    try:
        picture = _jpeg_picture(_make_print_copy(item, spare).read_bytes())
    except OSError as error:
        raise ImageUnreadable(f"the image could not be read ({error.strerror})") from error
    if picture is None:
        raise ImageUnreadable("a printable copy of the image could not be made")
    return picture


def _jpeg_picture(data: bytes) -> Picture | None:
    """The picture in a print copy, or None unless it is whole: its seal (the SHA-256
    import wrote into it) must match, so a copy damaged on disk is made again."""
    if not seal_intact(data):
        return None
    try:
        with Image.open(io.BytesIO(data)) as header:
            if header.format != "JPEG" or header.mode not in ("RGB", "L"):
                return None
            width, height, grey = header.width, header.height, header.mode == "L"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    return Picture(data, width, height, grey=grey, jpeg=True)


def _make_print_copy(item: ImageFile, spare: Path) -> Path:
    """For a library from before print copies: make one, in the library if it may be."""
    # Imported here: the import machinery is big, and only older libraries need it.
    from organizer.core.importing.images import ImageRefused, write_print_copy

    try:
        if item.print_copy is not None:
            try:
                write_print_copy(item.source, item.print_copy)
                return item.print_copy
            except OSError:
                pass  # a library folder we may not write to
        write_print_copy(item.source, spare)
    except ImageRefused as error:
        raise ImageUnreadable(str(error)) from error
    return spare


def _open(path: Path) -> Image.Image:
    try:  # Pillow's own limit, the one import applied to the same file
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageUnreadable("the image is implausibly large and was not opened") from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise ImageUnreadable(f"the image could not be read ({error})") from error


def _decoded_frames(path: Path) -> Iterator[Picture]:
    image = _open(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            if getattr(image, "n_frames", 1) > MAX_FRAMES:
                raise ImageUnreadable(f"the image has more than {MAX_FRAMES} pages")
            for frame in ImageSequence.Iterator(image):
                yield _encoded(frame.copy())
    except ImageUnreadable:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageUnreadable("the image is implausibly large and was not opened") from error
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise ImageUnreadable(f"the image could not be read ({error})") from error
    finally:
        image.close()


def _encoded(frame: Image.Image) -> Picture:
    """An upright, reduced frame: greyscale kept lossless, colour as JPEG."""
    ImageOps.exif_transpose(frame, in_place=True)
    if max(frame.size) > PRINT_LONG_EDGE * 1.15:
        frame.thumbnail(
            (PRINT_LONG_EDGE, PRINT_LONG_EDGE), Image.Resampling.BICUBIC, reducing_gap=2.0
        )
    width, height = frame.size
    if frame.mode in ("1", "L", "P", "LA") and _is_grey(frame):
        grey = frame.convert("L")
        return Picture(zlib.compress(grey.tobytes(), 6), width, height, grey=True, jpeg=False)
    rgb = frame if frame.mode == "RGB" else frame.convert("RGB")
    data = io.BytesIO()
    rgb.save(data, format="JPEG", quality=85)
    return Picture(data.getvalue(), width, height, grey=False, jpeg=True)


def _is_grey(frame: Image.Image) -> bool:
    if frame.mode != "P":
        return True
    colours = frame.convert("RGB").getcolors(maxcolors=1 << 16)
    return colours is not None and all(
        colour[0] == colour[1] == colour[2]  # type: ignore[index]
        for _count, colour in colours
    )


def _add_page(pdf: pikepdf.Pdf, picture: Picture) -> None:
    """A letter page, turned to suit the picture, with the picture centred above the footer."""
    landscape = picture.width > picture.height
    size_mm = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
    page_w, page_h = size_mm[0] * MM, size_mm[1] * MM
    room_w = page_w - 2 * MARGIN * MM
    room_h = page_h - (2 * MARGIN + FOOTER_CLEARANCE) * MM
    scale = min(room_w / picture.width, room_h / picture.height)
    shown_w, shown_h = picture.width * scale, picture.height * scale
    x = (page_w - shown_w) / 2
    y = (FOOTER_CLEARANCE + MARGIN) * MM + (room_h - shown_h) / 2
    image = pikepdf.Stream(pdf, picture.data)
    image.Type = Name.XObject
    image.Subtype = Name.Image
    image.Width, image.Height = picture.width, picture.height
    image.ColorSpace = Name.DeviceGray if picture.grey else Name.DeviceRGB
    image.BitsPerComponent = 8
    image.Filter = Name.DCTDecode if picture.jpeg else Name.FlateDecode
    page = pdf.add_blank_page(page_size=(page_w, page_h))
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Picture=image))
    drawing = f"q {shown_w:.2f} 0 0 {shown_h:.2f} {x:.2f} {y:.2f} cm /Picture Do Q\n"
    page.obj.Contents = pdf.make_stream(drawing.encode("ascii"))
