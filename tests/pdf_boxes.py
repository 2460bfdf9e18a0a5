"""Text boxes of a PDF page as pdfium sees them, split into the stamps' and the page's own.

The stamps are the only text written in fpdf2's embedded fonts (their names start with
"MPDF"), so the font of each character says whose it is.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Box = tuple[float, float, float, float]

STAMP_FONT_PREFIX = b"MPDF"


def _font_name(text_page: pdfium.PdfTextPage, index: int) -> bytes:
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(text_page, index, buffer, 256, ctypes.byref(flags))
    return buffer.value


def text_boxes(page: pdfium.PdfPage) -> tuple[list[Box], list[Box]]:
    """(stamp boxes, the page's own text boxes), each a character's box in points."""
    text_page = page.get_textpage()
    try:
        return _split(text_page)
    finally:
        text_page.close()


def _split(text_page: pdfium.PdfTextPage) -> tuple[list[Box], list[Box]]:
    stamps: list[Box] = []
    own: list[Box] = []
    for index in range(text_page.count_chars()):
        left, bottom, right, top = text_page.get_charbox(index)
        if right - left <= 0.01 or top - bottom <= 0.01:
            continue  # a space or line break pdfium made up: it has no box
        if not text_page.get_text_range(index, 1).strip():
            continue
        box = (left, bottom, right, top)
        (stamps if _font_name(text_page, index).startswith(STAMP_FONT_PREFIX) else own).append(box)
    return stamps, own


def intersect(first: Box, second: Box) -> bool:
    return (
        first[0] < second[2]
        and second[0] < first[2]
        and first[1] < second[3]
        and second[1] < first[3]
    )


def overlaps(data: bytes, pages: range | None = None) -> list[tuple[int, Box, Box]]:
    """Every (page number, stamp box, page text box) pair that overlaps."""
    document = pdfium.PdfDocument(data)
    found = []
    try:
        for number in pages if pages is not None else range(len(document)):
            page = document[number]
            stamps, own = text_boxes(page)
            page.close()
            found += [(number + 1, s, o) for s in stamps for o in own if intersect(s, o)]
    finally:
        document.close()
    return found
