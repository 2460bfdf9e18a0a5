"""TrueType fonts read once per process and handed to each new PDF as a fresh copy.

fpdf2 reads a font's whole character map and every glyph's width each time a document
adds it: for DejaVu Sans that cost more than drawing a one-page record, and far more
for a large fallback font (Chinese, Japanese). What it reads never changes, so it is kept
here and shared; what one document changes (the glyphs it uses, and the font file that
the subsetting at output cuts down in place) is made new for each document.

That per-document file is read from a trimmed copy kept in memory: without the tables
fpdf2 drops from every embedded font anyway (text shaping, colour and bitmap glyphs)
and with its glyph names given from memory instead of decoded again from the file
(the embedded subset carries none).
"""

from __future__ import annotations

import copy
import functools
import io
import threading
from dataclasses import dataclass
from pathlib import Path

from fontTools import ttLib  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

from organizer.core.export import fontstore

UNUSED_TABLES = ("FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "sbix", "CBDT",
                 "CBLC", "EBDT", "EBLC", "EBSC", "SVG ", "CPAL", "COLR")  # fmt: skip
"""The tables fpdf2 drops when it embeds a font (fpdf/output.py, ``_add_fonts``)."""
MAX_TRIMMED_BYTES = 8 * 1024**2
"""A larger font (a whole CJK family) is read from its file instead of kept in memory."""

_lock = threading.Lock()


@dataclass(frozen=True)
class _Shared:
    font: TTFFont
    """What fpdf2 read from the file: widths, character map, descriptor."""
    trimmed: bytes | None
    """The font file without what embedding drops; None: read the file itself."""
    glyph_order: tuple[str, ...] = ()
    """The glyph names of the file, which the trimmed copy no longer carries."""


def add_font(pdf: FPDF, family: str, style: str, path: Path, index: int = 0) -> None:
    """``pdf.add_font(family, style, path, collection_font_number=index)``, without
    reading the font file again when this process has read it before."""
    with _lock:
        shared = _read(path, index, style)
    if shared is None:  # a colour font keeps a link to its document: not shared
        pdf.add_font(family, style, str(path), collection_font_number=index)
        return
    font = copy.copy(shared.font)
    font.i = len(pdf.fonts) + 1
    font.fontkey = f"{family.lower()}{style}"
    font.ttfont = _open(shared, path, index)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = SubsetMap(font)
    pdf.fonts[font.fontkey] = font
    if font.is_cff and font.is_cid_keyed:  # as fpdf2's own add_font does
        pdf._set_min_pdf_version("1.6")


@functools.cache
def characters(path: Path, index: int = 0) -> frozenset[int] | None:
    """The characters the font has glyphs for (its best Unicode character map), as
    fpdf2 read them; None when the font is not shared here."""
    with _lock:
        shared = _read(path, index, "")
    if shared is None or shared.font.is_symbol:
        return None
    return frozenset(shared.font.cmap)


def _open(shared: _Shared, path: Path, index: int) -> ttLib.TTFont:
    if shared.trimmed is None:
        return ttLib.TTFont(path, recalcTimestamp=False, fontNumber=index, lazy=True)
    font = ttLib.TTFont(io.BytesIO(shared.trimmed), recalcTimestamp=False, lazy=True)
    font.setGlyphOrder(list(shared.glyph_order))
    return font


@functools.cache
def _read(path: Path, index: int, style: str) -> _Shared | None:
    """The font as read before: by this process, or by an earlier one (``fontstore``)."""
    key = fontstore.file_key(path, index)
    stored = fontstore.load(key, path, index, style)
    if stored is not None:
        return _Shared(stored.font, stored.trimmed, stored.glyph_order)
    shared = _parsed(path, index, style)
    if shared is not None:
        fontstore.save(key, shared.font, shared.trimmed, shared.glyph_order)
    return shared


def _parsed(path: Path, index: int, style: str) -> _Shared | None:
    reader = FPDF()
    reader.add_font("shared", style, str(path), collection_font_number=index)
    font = reader.fonts["shared" + style]
    if not isinstance(font, TTFFont) or font.color_font is not None or font.is_compressed:
        return None
    if "glyf" in font.ttfont and ".notdef" not in font.ttfont["glyf"]:
        return None  # fpdf2 drew a stand-in into this copy of the file only
    font.ttfont.close()
    if path.stat().st_size > MAX_TRIMMED_BYTES:
        return _Shared(font, None)
    return _Shared(font, *_trimmed(path, index))


def _trimmed(path: Path, index: int) -> tuple[bytes, tuple[str, ...]]:
    """The font file without the tables embedding drops and without glyph names
    (decoding them took as long as subsetting), and the names it had."""
    with ttLib.TTFont(path, recalcTimestamp=False, fontNumber=index, lazy=True) as font:
        order = tuple(font.getGlyphOrder())
        if "GPOS" in font and "kern" in font:
            del font["kern"]  # what the subsetter does beside GPOS: both go
        for tag in UNUSED_TABLES:
            if tag in font:
                del font[tag]
        if "post" in font:
            font["post"].formatType = 3.0
        out = io.BytesIO()
        font.save(out)
    return out.getvalue(), order
