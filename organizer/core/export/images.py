"""Photos and scans as PDF pages: upright (EXIF orientation applied), scaled to fit.

The original files go into the folder untouched; the PDF copy is for reading, so big
phone photos are reduced to a print-ready size, which keeps the PDF small enough to
e-mail or upload and keeps memory flat. Decompression-bomb limits stay on: an image
claiming more pixels than any camera makes is refused, not decoded.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from pathlib import Path

import pillow_heif
from fpdf import FPDF
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from organizer.core.export.layout import MARGIN, PAGE_HEIGHT, PAGE_WIDTH

pillow_heif.register_heif_opener()

MAX_PIXELS = 120_000_000
"""Well above any phone or scanner (a 108 MP phone photo), far below a bomb."""
LONG_EDGE = 2000
"""Pixels on the long side of an image page: about 180 dpi on a letter page."""
MAX_FRAMES = 500
FOOTER_CLEARANCE = 12.0


class ImageUnreadable(Exception):
    """This image cannot be turned into pages; str() says why, for the appendix."""


def _open(path: Path) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageUnreadable("the image is implausibly large and was not opened") from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise ImageUnreadable(f"the image could not be read ({error})") from error


def _frames(image: Image.Image) -> Iterator[Image.Image]:
    if getattr(image, "n_frames", 1) > MAX_FRAMES:
        raise ImageUnreadable(f"the image has more than {MAX_FRAMES} pages")
    if image.format == "JPEG":
        # Decode at a reduced scale straight away (far faster and smaller than full size).
        scale = LONG_EDGE / max(image.size)
        if scale < 1:
            image.draft("RGB", (int(image.width * scale), int(image.height * scale)))
    if getattr(image, "n_frames", 1) == 1:
        yield image
    else:
        for frame in ImageSequence.Iterator(image):
            yield frame.copy()


def _prepared(frame: Image.Image) -> tuple[Image.Image | io.BytesIO, int, int]:
    """An upright, reduced frame and how fpdf2 should take it: JPEG bytes or lossless."""
    was_jpeg = frame.format == "JPEG"
    ImageOps.exif_transpose(frame, in_place=True)
    if max(frame.size) > LONG_EDGE * 1.15:
        frame.thumbnail((LONG_EDGE, LONG_EDGE), Image.Resampling.BICUBIC, reducing_gap=2.0)
    width, height = frame.size
    if frame.mode in ("1", "L", "P", "LA") and not was_jpeg:
        return frame.convert("L"), width, height
    rgb = frame if frame.mode == "RGB" else frame.convert("RGB")
    data = io.BytesIO()
    rgb.save(data, format="JPEG", quality=85)
    data.seek(0)
    return data, width, height


def add_image_pages(pdf: FPDF, path: Path) -> int:
    """Append one page per frame of the image at ``path``; return how many were added."""
    image = _open(path)
    added = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            for frame in _frames(image):
                source, width, height = _prepared(frame)
                _place(pdf, source, width, height)
                added += 1
    except ImageUnreadable:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageUnreadable("the image is implausibly large and was not opened") from error
    except (OSError, ValueError, SyntaxError, EOFError) as error:
        raise ImageUnreadable(f"the image could not be read ({error})") from error
    finally:
        image.close()
    return added


def _place(pdf: FPDF, source: Image.Image | io.BytesIO, width: int, height: int) -> None:
    landscape = width > height
    page = (PAGE_HEIGHT, PAGE_WIDTH) if landscape else (PAGE_WIDTH, PAGE_HEIGHT)
    pdf.add_page(format=page)
    room_w = page[0] - 2 * MARGIN
    room_h = page[1] - 2 * MARGIN - FOOTER_CLEARANCE
    scale = min(room_w / width, room_h / height)
    shown_w, shown_h = width * scale, height * scale
    x = (page[0] - shown_w) / 2
    y = MARGIN + (room_h - shown_h) / 2
    pdf.image(source, x=x, y=y, w=shown_w, h=shown_h)


def image_document() -> FPDF:
    """An fpdf2 document for image pages only: no fonts, nothing drawn but the pictures."""
    pdf = FPDF(unit="mm", format=(PAGE_WIDTH, PAGE_HEIGHT))
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    return pdf
