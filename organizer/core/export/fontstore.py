"""What fpdf2 reads from a font file, kept on disk so that the next export skips reading it.

Parsing the shipped fonts' character maps, widths and glyph names took about a tenth of
a second at every start of an export, for data that changes only with the font file or
with fpdf2. It is kept in the user's cache folder, one file per font, under the font
file's SHA-256; fpdf2's version and this file's format are checked on reading. A file
that is missing, damaged, stale or from another font is ignored and written again, and
a new file is written to a temporary name, fsynced and renamed, so a reader never sees
half of one. The cache is a help, never a need: when the folder cannot be written the
fonts are read from their files as before.

The file is one line of JSON (the font's metrics, character map and glyph names) and
then the trimmed font program that ``fontcache`` keeps in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fpdf
from fpdf.enums import FontDescriptorFlags, TextEmphasis
from fpdf.fonts import PDFFontDescriptor, TTFFont
from platformdirs import user_cache_dir

from organizer.core.atomic import atomic_output

FORMAT = 1
"""Raised when what is kept changes; a file of another format is made again."""
CACHE_ENV = "SECOND_LOOK_CACHE"
"""A folder to keep the fonts' data in instead of the user's cache folder."""
SCALARS = ("name", "up", "ut", "sp", "ss", "scale", "is_cff", "is_cid_keyed", "is_symbol")
"""The font's plain values, kept as they are."""
DESCRIPTOR = ("ascent", "descent", "cap_height", "flags", "font_b_box", "italic_angle",
              "stem_v", "missing_width")  # fmt: skip
"""The arguments of fpdf2's PDFFontDescriptor, which it keeps as attributes."""
KNOWN_SLOTS = frozenset(
    {*SCALARS, "i", "type", "cw", "ttffile", "fontkey", "emphasis", "subset", "cmap",
     "ttfont", "missing_glyphs", "biggest_size_pt", "color_font", "unicode_range",
     "palette_index", "is_compressed", "cff_ros", "collection_font_number", "desc",
     "glyph_ids", "_hbfont"}
)  # fmt: skip
"""Every attribute of the fpdf2 font this module knows how to keep: an fpdf2 that adds
one is not cached (its fonts are read from their files), rather than cached in part."""


@dataclass(frozen=True)
class StoredFont:
    font: TTFFont
    """A font as fpdf2 would read it, without its ``ttfont`` (each document opens its own)."""
    trimmed: bytes | None
    glyph_order: tuple[str, ...]


def cache_folder() -> Path:
    configured = os.environ.get(CACHE_ENV)
    base = Path(configured) if configured else Path(user_cache_dir("SecondLook", appauthor=False))
    return base / "fonts"


def file_key(path: Path, index: int) -> str:
    """The font file's SHA-256 and the face within it: the name its data is kept under."""
    with open(path, "rb") as reader:
        digest = hashlib.file_digest(reader, "sha256").hexdigest()
    return f"{digest}-{index}"


def load(key: str, path: Path, index: int, style: str) -> StoredFont | None:
    """The font kept under ``key``, made as if read from ``path``; None if none fits."""
    try:
        data = (cache_folder() / f"{key}.font").read_bytes()
        line, _, trimmed = data.partition(b"\n")
        header = json.loads(line)
        if not _current(header, key) or header["trimmed_sha256"] != _sha256(trimmed):
            return None
        return StoredFont(
            _font(header, path, index, style),
            trimmed if header["trimmed"] else None,
            tuple(header["glyph_order"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no file, or a damaged one: the font is read again and kept anew


def save(key: str, font: TTFFont, trimmed: bytes | None, glyph_order: tuple[str, ...]) -> None:
    """Keep ``font`` (as fpdf2 read it) under ``key``; nothing when that is not possible."""
    header = _header(key, font, trimmed, glyph_order)
    if header is None:
        return
    line = json.dumps(header, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    with contextlib.suppress(OSError):
        folder = cache_folder()
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_output(folder / f"{key}.font") as handle:
            handle.write(line + b"\n" + (trimmed or b""))


def _current(header: dict[str, Any], key: str) -> bool:
    return bool(
        header.get("format") == FORMAT
        and header.get("fpdf") == fpdf.__version__
        and header.get("key") == key
    )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _header(
    key: str, font: TTFFont, trimmed: bytes | None, glyph_order: tuple[str, ...]
) -> dict[str, Any] | None:
    """What ``load`` needs, or None for a font that cannot be kept whole."""
    codes = list(font.cmap)
    factory = font.cw.default_factory if isinstance(font.cw, defaultdict) else None
    default = factory() if factory is not None else None
    if (
        set(TTFFont.__slots__) != KNOWN_SLOTS
        or font.is_compressed
        or font.color_font is not None
        or default != font.desc.missing_width
        or list(font.cw) != codes
        or list(font.glyph_ids) != codes
    ):
        return None
    descriptor = {name: getattr(font.desc, name) for name in DESCRIPTOR}
    descriptor["flags"] = descriptor["flags"].value
    return {
        "format": FORMAT,
        "fpdf": fpdf.__version__,
        "key": key,
        "scalars": {name: getattr(font, name) for name in SCALARS},
        "cff_ros": font.cff_ros,
        "descriptor": descriptor,
        "characters": [
            [code, font.cmap[code], font.glyph_ids[code], font.cw[code]] for code in codes
        ],
        "glyph_order": glyph_order,
        "trimmed": trimmed is not None,
        "trimmed_sha256": _sha256(trimmed or b""),
    }


def _font(header: dict[str, Any], path: Path, index: int, style: str) -> TTFFont:
    """fpdf2's font object, filled in as its ``TTFFont.__init__`` would have."""
    font = TTFFont.__new__(TTFFont)
    for name, value in header["scalars"].items():
        if name not in SCALARS:
            raise ValueError(f"unknown font value {name}")
        setattr(font, name, value)
    descriptor = dict(header["descriptor"])
    descriptor["flags"] = FontDescriptorFlags(descriptor["flags"])
    font.desc = PDFFontDescriptor(**descriptor)
    missing_width = font.desc.missing_width
    characters = header["characters"]
    font.cmap = {code: glyph for code, glyph, _id, _width in characters}
    font.glyph_ids = {code: glyph_id for code, _glyph, glyph_id, _width in characters}
    font.cw = defaultdict(lambda: missing_width, {code: w for code, _g, _i, w in characters})
    ros = header["cff_ros"]
    font.cff_ros = None if ros is None else (str(ros[0]), str(ros[1]), int(ros[2]))
    font.i, font.type, font.ttffile, font.fontkey = 0, "TTF", path, f"shared{style}"
    font.emphasis = TextEmphasis.coerce(style)
    font.is_compressed, font.collection_font_number = False, index
    font.ttfont, font._hbfont, font.color_font, font.palette_index = None, None, None, 0
    font.missing_glyphs, font.biggest_size_pt = [], 0
    return font
