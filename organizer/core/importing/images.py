"""Photos and scans: size, EXIF date and orientation, a cached thumbnail.

Pillow's decompression-bomb guard stays on (an image declaring more pixels than
``Image.MAX_IMAGE_PIXELS`` allows is refused before decoding). JPEGs are decoded at a
reduced size with ``draft()``, which is what keeps phone photos cheap; every frame of
a multi-page file is decoded once so a truncated or corrupt image is noticed at import,
not when the specialist opens it.
"""

from __future__ import annotations

import contextlib
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from organizer.core.atomic import atomic_output

THUMBNAIL_SIZE = 256
THUMBNAILS_FOLDER = "thumbnails"
MAX_FRAMES = 1000
LARGE_FRAME = 60_000_000  # pixels: beyond this a non-JPEG frame is not fully decoded
_EXIF_IFD = 0x8769
_DATE_ORIGINAL = 0x9003
_DATE_TIME = 0x0132
_ORIENTATION = 0x0112

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


def thumbnail_path(library_root: Path, sha256: str) -> Path:
    return library_root / THUMBNAILS_FOLDER / f"{sha256}.png"


def analyse_image(path: Path, thumbnail: Path | None) -> ImageInfo:
    """Read an image's facts, check every frame decodes, write its thumbnail."""
    _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _analyse(path, thumbnail)
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


def _analyse(path: Path, thumbnail: Path | None) -> ImageInfo:
    with Image.open(path) as image:
        image_format = image.format or ""
        width, height = image.size
        frames = getattr(image, "n_frames", 1)
        exif = image.getexif()
        orientation = int(exif.get(_ORIENTATION, 1) or 1)
        exif_date = _exif_date(exif)
        if orientation in (5, 6, 7, 8):
            width, height = height, width
        first = _decode_frames(image, min(frames, MAX_FRAMES))
        if thumbnail is not None and first is not None and not thumbnail.exists():
            _write_thumbnail(first, orientation, thumbnail)
    return ImageInfo(width, height, frames, exif_date, orientation, image_format)


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
            small = image.copy()
            small.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            first = small
    return first


def _write_thumbnail(small: Image.Image, orientation: int, target: Path) -> None:
    if orientation != 1:
        exif = small.getexif()
        exif[_ORIENTATION] = orientation
        small.info["exif"] = exif.tobytes()
        small = ImageOps.exif_transpose(small)
    if small.mode not in ("RGB", "RGBA", "L", "LA"):
        small = small.convert("RGBA" if "A" in small.mode else "RGB")
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(target) as handle:
        small.save(handle, format="PNG", compress_level=1)


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
