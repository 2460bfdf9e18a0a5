"""Helvetica's character widths, for laying out a record drawn in the standard fonts.

The widths are those of the PDF standard fonts Helvetica and Helvetica-Bold (Adobe's
font metrics, in thousandths of the font size), by WinAnsi byte from 32 to 255. They are
kept here so that drawing a record in Helvetica needs neither fpdf2 nor the export's
modules: importing those doubled the memory of making a record's pages.
"""

from __future__ import annotations

import functools

from organizer.core.rendering.pdfwriter import ENCODING, SYMBOLS

_CONTROL_WIDTH = 278
"""What the metrics give the bytes below 32 (a tab, a stray control character)."""
_REGULAR = """
278 278 355 556 556 889 667 191 333 333 389 584 278 333 278 278 556 556 556 556 556 556
556 556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667
556 833 722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 333 556
556 500 556 556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722
500 500 500 334 260 334 584 350 556 350 222 556 333 1000 556 556 333 1000 667 333 1000
350 611 350 350 222 222 333 333 350 556 1000 333 1000 500 333 944 350 500 667 278 333
556 556 556 556 260 556 333 737 370 556 584 333 737 333 400 584 333 333 333 556 537 278
333 333 365 556 834 834 834 611 667 667 667 667 667 667 1000 722 667 667 667 667 278 278
278 278 722 722 778 778 778 778 778 584 778 722 722 722 722 667 667 611 556 556 556 556
556 556 889 500 556 556 556 556 278 278 278 278 556 556 556 556 556 556 556 584 611 556
556 556 556 500 556 500
"""
_BOLD = """
278 333 474 556 556 889 722 238 333 333 389 584 278 333 278 278 556 556 556 556 556 556
556 556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722
611 833 722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 333 556
611 556 611 556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778
556 556 500 389 280 389 584 350 556 350 278 556 500 1000 556 556 333 1000 667 333 1000
350 611 350 350 278 278 500 500 350 556 1000 333 1000 556 333 944 350 500 667 278 333
556 556 556 556 280 556 333 737 370 556 584 333 737 333 400 584 333 333 333 611 556 278
333 333 365 556 834 834 834 611 722 722 722 722 722 722 1000 722 667 667 667 667 278 278
278 278 722 722 778 778 778 778 778 584 778 722 722 722 722 667 667 611 556 556 556 556
556 556 889 556 556 556 556 556 278 278 278 278 611 611 611 611 611 611 611 584 611 611
611 611 611 556 611 556
"""
SYMBOL_WIDTHS = {
    "\u2265": 549,  # ≥
    "\u2264": 549,  # ≤
    "\u2260": 549,  # ≠
    "\u2248": 549,  # ≈
    "\u2192": 987,  # →
    "\u2190": 987,  # ←
    "\u2191": 603,  # ↑
    "\u2193": 603,  # ↓
    "\u221e": 713,  # ∞
}
"""The signs drawn from the standard Symbol font (it has no bold: the same in both)."""
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
"""Zero-width characters: nothing to draw, so they do not force the embedded font."""
NOT_ENCODED = INVISIBLE | dict.fromkeys(map(ord, SYMBOLS))
"""What a text may hold besides WinAnsi characters and still be drawn in Helvetica."""


@functools.cache
def widths(bold: bool) -> dict[str, float]:
    """Helvetica's (or Helvetica-Bold's) widths by character, zero-width ones included.
    The five bytes Windows-1252 leaves undefined stand for no character."""
    table: dict[str, float] = dict.fromkeys(map(chr, INVISIBLE), 0.0)
    table.update(SYMBOL_WIDTHS)
    for byte in range(32):
        table[chr(byte)] = _CONTROL_WIDTH
    for byte, width in enumerate((_BOLD if bold else _REGULAR).split(), start=32):
        try:
            table[bytes([byte]).decode(ENCODING)] = int(width)
        except UnicodeDecodeError:
            continue
    return table
