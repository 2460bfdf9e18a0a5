"""TrueType fonts read once per process and handed to each new PDF as a fresh copy.

fpdf2 reads a font's whole character map and every glyph's width each time a document
adds it: for DejaVu Sans that cost more than drawing a one-page record, and far more
for a large fallback font (Chinese, Japanese). What it reads never changes, so it is kept
here and shared; what one document changes (the glyphs it uses, and the font file that
the subsetting at output cuts down in place) is made new for each document.
"""

from __future__ import annotations

import copy
import functools
import threading
from pathlib import Path

from fontTools import ttLib  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

_lock = threading.Lock()


def add_font(pdf: FPDF, family: str, style: str, path: Path, index: int = 0) -> None:
    """``pdf.add_font(family, style, path, collection_font_number=index)``, without
    reading the font file again when this process has read it before."""
    with _lock:
        shared = _read(path, index, style)
    if shared is None:  # a colour font keeps a link to its document: not shared
        pdf.add_font(family, style, str(path), collection_font_number=index)
        return
    font = copy.copy(shared)
    font.i = len(pdf.fonts) + 1
    font.fontkey = f"{family.lower()}{style}"
    font.ttfont = ttLib.TTFont(path, recalcTimestamp=False, fontNumber=index, lazy=True)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = SubsetMap(font)
    pdf.fonts[font.fontkey] = font
    if font.is_cff and font.is_cid_keyed:  # as fpdf2's own add_font does
        pdf._set_min_pdf_version("1.6")


@functools.cache
def _read(path: Path, index: int, style: str) -> TTFFont | None:
    reader = FPDF()
    reader.add_font("shared", style, str(path), collection_font_number=index)
    font = reader.fonts["shared" + style]
    if not isinstance(font, TTFFont) or font.color_font is not None or font.is_compressed:
        return None
    if "glyf" in font.ttfont and ".notdef" not in font.ttfont["glyf"]:
        return None  # fpdf2 drew a stand-in into this copy of the file only
    font.ttfont.close()
    return font
