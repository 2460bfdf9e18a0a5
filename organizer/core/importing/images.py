"""Photos and scans: size, EXIF date and orientation, a cached thumbnail and a print copy.

Import reads only what ``read_image_facts`` gives: the header facts, and a check that the
file is whole. A JPEG or HEIC photo is not decoded there: decoding is what made a phone
photo cost four times its copy, so its thumbnail and print copy are made afterwards by the
background pass (``analyse_image``). Their structure tells whether they were cut short
(a JPEG's end marker after its image data, an HEIC's boxes within the file). Other
formats (PNG, TIFF, GIF, BMP, WebP: scans and screenshots, rarer and cheaper) have no
such shortcut, so import still decodes each of their frames, without saving anything.

Pillow's decompression-bomb guard stays on (an image declaring more pixels than
``Image.MAX_IMAGE_PIXELS`` allows is refused before decoding). JPEGs are decoded at a
reduced size with ``draft()``, which is what keeps phone photos cheap; every frame of
a multi-page file is decoded once so a truncated or corrupt image is noticed at import,
not when the specialist opens it.

A single-frame image also gets a print copy: an upright baseline JPEG that the export puts
on a PDF page as it is, so the export never decodes the original. A JPEG is decoded
once, at the smallest scale that keeps at least ``PRINT_MIN_EDGE`` pixels on its long
side (a 12-megapixel phone photo at a quarter, 1008 x 756: sharp on screen and paper,
and hardly dearer than the thumbnail-sized decoding import did before); the thumbnail is
made from the same picture. The full-size original goes into every export's folder.
Multi-frame images (multi-page TIFFs, animated GIFs) get no print copy.
"""

from __future__ import annotations

import contextlib
import io
import math
import mmap
import struct
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from organizer.core.atomic import PRIVATE_FOLDER, atomic_output
from organizer.core.derived import PRINT_LONG_EDGE, PRINT_MIN_EDGE, seal_jpeg
from organizer.core.frames import picture_count

THUMBNAIL_SIZE = 256
PRINT_QUALITY = 85
MAX_FRAMES = 1000
LARGE_FRAME = 60_000_000  # pixels: beyond this a non-JPEG frame is not decoded at import
_EXIF_IFD = 0x8769
_DATE_ORIGINAL = 0x9003
_DATE_TIME = 0x0132
_ORIENTATION = 0x0112
_TURNS = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
"""What puts a picture upright, by EXIF orientation (1, or anything unknown: nothing)."""
_GREY_MODES = ("1", "L", "I", "F", "I;16", "I;16L", "I;16B", "I;16N")

_heif_lock = threading.Lock()
_heif_ready = False


def _register_heif() -> None:
    global _heif_ready
    with _heif_lock:
        if not _heif_ready:
            with contextlib.suppress(ImportError):
                import pillow_heif

                pillow_heif.register_heif_opener()
            _heif_ready = True


class ImageRefused(Exception):
    """The image cannot be used; str() says why."""


@dataclass
class ImageInfo:
    width: int
    height: int
    frames: int
    exif_date: str
    orientation: int
    format: str


@dataclass
class _Pictures:
    """What one read of an image gives: its facts and the pictures to save from it."""

    info: ImageInfo
    thumbnail: Image.Image | None = None
    print_copy: Image.Image | None = None

    def detach_from(self, image: Image.Image) -> None:
        """Copy what is still the opened file's own picture: closing the file empties it."""
        if self.thumbnail is image:
            self.thumbnail = image.copy()
        if self.print_copy is image:
            self.print_copy = image.copy()


def analyse_image(path: Path, thumbnail: Path | None, print_copy: Path | None = None) -> ImageInfo:
    """Read an image's facts, check every frame decodes, write its thumbnail and print copy.

    Either target is left alone when it already exists (it is named by the file's hash,
    so it is the same picture); ``None`` means not wanted.
    """
    want_thumbnail = thumbnail is not None and not thumbnail.exists()
    want_print = print_copy is not None and not print_copy.exists()
    with _refusals():
        pictures = _read(path, want_print=want_print, every_frame=True)
    if want_thumbnail and thumbnail is not None and pictures.thumbnail is not None:
        # No fsync: after a power cut an empty thumbnail just shows as the kind's icon.
        _save(pictures.thumbnail, thumbnail, "PNG", durable=False, compress_level=1)
    if print_copy is not None and pictures.print_copy is not None:
        _save_print_copy(pictures.print_copy, print_copy)
    return pictures.info


def read_image_facts(path: Path) -> ImageInfo:
    """An image's header facts, refusing one that is damaged, cut short or a bomb."""
    with _refusals(), Image.open(path) as image:
        info = _facts(image)
        if image.format in ("JPEG", "MPO"):
            _check_jpeg_whole(path)
        elif image.format == "HEIF":
            _check_boxes_whole(path)
        else:
            _decode_frames(image, min(info.frames, MAX_FRAMES))
    return info


def _facts(image: Image.Image) -> ImageInfo:
    width, height = image.size
    exif = image.getexif()
    orientation = int(exif.get(_ORIENTATION, 1) or 1)
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    frames = picture_count(image)
    return ImageInfo(width, height, frames, _exif_date(exif), orientation, image.format or "")


def _check_jpeg_whole(path: Path) -> None:
    """A JPEG is whole when its end marker follows the start of its image data.

    The segments before the data are stepped over by their lengths (an EXIF preview
    inside them has an end marker of its own); inside the data a 0xFF byte is always
    followed by 0x00 or a restart marker, so the first FF D9 after it is the real end.
    Bytes after the end (phones add some) do not matter.
    """
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        position = 2
        while position + 4 <= len(data):
            if data[position] != 0xFF:
                raise ImageRefused("the image data is damaged (no picture where one should be)")
            marker = data[position + 1]
            if marker == 0xFF:  # fill byte
                position += 1
                continue
            if marker == 0xDA:  # start of scan: the entropy-coded data follows
                if data.find(b"\xff\xd9", position) < 0:
                    raise ImageRefused("the image is cut short (the file ends inside the picture)")
                return
            (length,) = struct.unpack(">H", data[position + 2 : position + 4])
            position += 2 + length
        raise ImageRefused("the image is cut short (the file ends before the picture)")


def _check_boxes_whole(path: Path) -> None:
    """An HEIC (ISO media file) is whole when its top-level boxes fit inside the file."""
    size = path.stat().st_size
    with open(path, "rb") as handle:
        position = 0
        while position < size:
            handle.seek(position)
            header = handle.read(16)
            if len(header) < 8:
                raise ImageRefused("the image is cut short (a part is cut off by the end of file)")
            (length,) = struct.unpack(">I", header[:4])
            if length == 1 and len(header) == 16:
                (length,) = struct.unpack(">Q", header[8:16])
            elif length == 0:  # the last box runs to the end of the file
                return
            if length < 8 or position + length > size:
                raise ImageRefused("the image is cut short (a part goes past the end of file)")
            position += length


def write_print_copy(source: Path, target: Path) -> None:
    """Write the print copy of a single-frame image (for a library imported before them).

    Raises ``ImageRefused`` saying why when the image cannot be read (damaged, cut short,
    a decompression bomb) or has more than one frame; ``OSError`` when ``target`` cannot
    be written.
    """
    with _refusals():
        pictures = _read(source, want_print=True, every_frame=False)
    if pictures.print_copy is None:
        raise ImageRefused(
            f"the image has {pictures.info.frames} frames; "
            "only a single-frame image gets a print copy"
        )
    _save_print_copy(pictures.print_copy, target)


@contextlib.contextmanager
def _refusals() -> Iterator[None]:
    """Turn what Pillow raises on a bad or hostile image into ``ImageRefused``."""
    _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    except Image.DecompressionBombError as error:
        raise ImageRefused(
            f"the image is a decompression bomb ({_pixels(error)}); not opened"
        ) from None
    except Image.DecompressionBombWarning as error:
        raise ImageRefused(f"the image is too large to open safely ({_pixels(error)})") from None
    except UnidentifiedImageError:
        raise ImageRefused("the image format is not recognised or the file is damaged") from None
    except ValueError as error:
        if "too large" in str(error).lower():
            raise ImageRefused(
                "the image holds a block that unpacks to far too much data (a decompression bomb)"
            ) from None
        raise ImageRefused(f"the image is damaged ({error})") from None
    except (OSError, SyntaxError, EOFError, IndexError, RuntimeError) as error:
        text = str(error)
        if "truncated" in text.lower() or "end of file" in text.lower():
            raise ImageRefused(f"the image is cut short ({text})") from None
        raise ImageRefused(f"the image data is damaged ({text})") from None


def _pixels(error: Exception) -> str:
    words = str(error).split("(", 1)
    if len(words) > 1 and "pixels" in words[1]:
        count = int(words[1].split()[0])
        return f"it declares {count / 1e6:,.0f} megapixels"
    return "far too many pixels"


def _read(path: Path, *, want_print: bool, every_frame: bool) -> _Pictures:
    """Decode the image once; with ``every_frame`` each frame of a multi-frame file too."""
    with Image.open(path) as image:
        info = _facts(image)
        frames, orientation = info.frames, info.orientation
        pictures = _Pictures(info)
        # At import a huge non-JPEG frame is not decoded at all (see LARGE_FRAME); asked
        # for a print copy on its own, the picture has to be decoded whatever its size.
        affordable = image.format == "JPEG" or image.width * image.height <= LARGE_FRAME
        if want_print and frames == 1 and (affordable or not every_frame):
            picture = _decode_for_print(image)
            pictures.thumbnail = _shrunk(picture, THUMBNAIL_SIZE)
            pictures.print_copy = _upright(_flattened(picture), orientation)
        elif every_frame:
            pictures.thumbnail = _decode_frames(image, min(frames, MAX_FRAMES))
        if pictures.thumbnail is not None:
            pictures.thumbnail = _upright(_thumbnail_mode(pictures.thumbnail), orientation)
        pictures.detach_from(image)
    return pictures


def _decode_frames(image: Image.Image, frames: int) -> Image.Image | None:
    """Decode each frame (at reduced size when the format allows); return a small first."""
    first: Image.Image | None = None
    for index in range(frames):
        if index:
            image.seek(index)
        if image.format == "JPEG":
            image.draft("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        elif image.width * image.height > LARGE_FRAME:
            continue
        image.load()
        if first is None:
            small = _shrunk(image, THUMBNAIL_SIZE)
            first = small if small is not image else image.copy()  # the next seek reuses it
    return first


def _decode_for_print(image: Image.Image) -> Image.Image:
    """The single frame decoded, in RGB, RGBA, L or LA, long edge at most PRINT_LONG_EDGE.

    A JPEG is decoded at the smallest scale (1/2, 1/4, 1/8) whose long edge is still at
    least PRINT_MIN_EDGE, so a 4032 x 3024 photo decodes at 1008 x 756 and needs no
    resizing at all.
    """
    if image.format == "JPEG":
        scale = min(1.0, PRINT_MIN_EDGE / max(image.size))
        request = (math.ceil(image.width * scale), math.ceil(image.height * scale))
        image.draft("L" if image.mode == "L" else "RGB", request)
    image.load()
    return _shrunk(_plain_mode(image), PRINT_LONG_EDGE, Image.Resampling.BOX)


def _shrunk(
    image: Image.Image, long_edge: int, resample: Image.Resampling = Image.Resampling.BICUBIC
) -> Image.Image:
    """The picture no longer than ``long_edge`` on either side (never enlarged).

    A picture that already fits comes back as it is, not copied. Larger ones are first
    reduced by whole factors (cheap box averaging), then resampled the rest of the way.
    """
    width, height = image.size
    if max(width, height) <= long_edge:
        return image
    scale = long_edge / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(size, resample, reducing_gap=1.0)


def _plain_mode(image: Image.Image) -> Image.Image:
    """RGB, RGBA, L or LA: what resizing and JPEG/PNG saving handle without surprises."""
    mode = image.mode
    if mode in ("RGB", "RGBA", "L", "LA"):
        return image
    if mode == "P":
        if "transparency" in image.info:
            return image.convert("RGBA")
        palette = image.getpalette("RGB") or []
        grey = all(
            palette[i] == palette[i + 1] == palette[i + 2] for i in range(0, len(palette), 3)
        )
        return image.convert("L" if grey else "RGB")
    if mode.startswith("I;16"):
        return image.convert("I").point(lambda value: value / 256).convert("L")
    if mode in _GREY_MODES:
        return image.convert("L")
    if mode == "La":
        return image.convert("LA")
    return image.convert("RGBA" if "A" in mode or "a" in mode else "RGB")


def _flattened(picture: Image.Image) -> Image.Image:
    """RGB or L for a JPEG: a transparent picture laid on white paper."""
    if picture.mode not in ("RGBA", "LA"):
        return picture
    paper = Image.new("RGBA", picture.size, "white")
    flat = Image.alpha_composite(paper, picture.convert("RGBA"))
    return flat.convert("L" if picture.mode == "LA" else "RGB")


def _thumbnail_mode(small: Image.Image) -> Image.Image:
    return small if small.mode in ("RGB", "RGBA", "L", "LA") else _plain_mode(small)


def _upright(picture: Image.Image, orientation: int) -> Image.Image:
    turn = _TURNS.get(orientation)
    return picture if turn is None else picture.transpose(turn)


def _save_print_copy(picture: Image.Image, target: Path) -> None:
    """A baseline JPEG with no EXIF (the picture is already upright), sealed with its hash.

    Written durably: the export puts these bytes in the PDF as they are, after checking
    the seal.
    """
    encoded = io.BytesIO()
    picture.save(encoded, format="JPEG", quality=PRINT_QUALITY, progressive=False)
    target.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    with atomic_output(target) as handle:
        handle.write(seal_jpeg(encoded.getvalue()))


def _save(
    picture: Image.Image, target: Path, kind: str, *, durable: bool, **options: int | bool
) -> None:
    target.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    with atomic_output(target, durable=durable) as handle:
        picture.save(handle, format=kind, **options)


def _exif_date(exif: Image.Exif) -> str:
    """The EXIF capture date as YYYY-MM-DD, or ''."""
    raw = ""
    with contextlib.suppress(KeyError, TypeError, ValueError):
        raw = str(exif.get_ifd(_EXIF_IFD).get(_DATE_ORIGINAL) or "")
    if not raw:
        raw = str(exif.get(_DATE_TIME) or "")
    raw = raw.strip().replace("\x00", "")
    if len(raw) >= 10 and raw[4] in ":-" and raw[7] in ":-":
        candidate = f"{raw[0:4]}-{raw[5:7]}-{raw[8:10]}"
        if candidate[:4].isdigit() and candidate != "0000-00-00":
            return candidate
    return ""
