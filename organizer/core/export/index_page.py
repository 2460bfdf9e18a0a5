"""The index of documents: one row per document, every row a link to its first page.

Titles wrap instead of being cut; the header repeats on each page. The index's own
length depends on how the titles wrap, so ``front`` draws it and counts its pages.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

from organizer.core.export import fonts
from organizer.core.export.layout import FOOTER_ROOM, MARGIN, SMALL_SIZE, Pages
from organizer.core.export.links import LinkNotes
from organizer.core.export.numbering import PageRange
from organizer.core.export.plan import ExportPlan, PlannedDocument
from organizer.core.vocab import CATEGORY_LABELS

HEADERS = ("Date", "Type", "Title", "Source", "Pages", "Page IDs")
WIDTHS = (21.0, 25.0, 58.0, 28.0, 13.0, 34.9)
LINE = 4.2
PADDING = 1.0
SIZE = SMALL_SIZE - 0.5


def index_row(doc: PlannedDocument, pages: PageRange | None) -> list[str]:
    date = doc.document.date.display() if doc.document.date is not None else "Undated"
    if pages is None:
        where, ids = "-", "not in the PDF: " + str(doc.location)
    else:
        where, ids = pages.pages_text, pages.ids_text
    title = doc.title or doc.label
    return [date, CATEGORY_LABELS[doc.category], title, doc.source or "-", where, ids]


def write_index(
    pdf: Pages,
    plan: ExportPlan,
    places: dict[int, PageRange],
    appendix_first: int | None,
    links: LinkNotes,
) -> None:
    """Draw the index from a fresh page; documents not printed link to the appendix."""
    pdf.heading("Index of documents", 18)
    pdf.set_font(fonts.FAMILY, size=SMALL_SIZE)
    pdf.multi_cell(
        pdf.text_width,
        4.5,
        "Every row links to the document's first page. Page IDs (SL-...) are printed at the "
        "bottom right of every page.",
    )
    pdf.ln(2)
    _row(pdf, HEADERS, bold=True)
    bottom = pdf.h - MARGIN - FOOTER_ROOM
    for doc in plan.documents:
        pages = places.get(doc.document.id or 0)
        cells = index_row(doc, pages)
        height = _height(pdf, cells)
        if pdf.get_y() + height > bottom:
            pdf.add_page()
            _row(pdf, HEADERS, bold=True)
        top = pdf.get_y()
        _row(pdf, cells)
        target = pages.first if pages is not None else appendix_first
        if target is not None:
            links.note(pdf, pdf.l_margin, top, sum(WIDTHS), pdf.get_y() - top, target)


def pages_needed(pdf: Pages, plan: ExportPlan, typical: PageRange) -> int:
    """How many pages the index will take, worked out without drawing it (the front uses
    it to guess where the documents start, so that it is drawn once); ``typical`` stands
    for every document's pages, which only matter for their width."""
    bottom = pdf.h - MARGIN - FOOTER_ROOM
    header = _height(pdf, HEADERS)
    y, pages = MARGIN + 24 + header, 1
    for doc in plan.documents:
        height = _height(pdf, index_row(doc, typical))
        if y + height > bottom:
            pages, y = pages + 1, MARGIN + header
        y += height
    return pages


def wrap(pdf: Pages, text: str, width: float) -> list[str]:
    """``text`` broken into lines that fit ``width`` in the current font, at spaces (inside
    a word only when the word alone is too long).

    Much quicker than fpdf2's multi_cell for a few hundred short cells: words are measured
    once each, and whole cells are remembered, since the front may be drawn twice.
    """
    wrapped, _widths = _caches(pdf)
    key = (pdf.font_family, pdf.font_style, pdf.font_size_pt, text, width)
    known = wrapped.get(key)
    if known is not None:
        return known
    space = _width(pdf, " ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            size = _width(pdf, word)
            if line and used + space + size <= width:
                line, used = f"{line} {word}", used + space + size
                continue
            if line:
                lines.append(line)
            line, used = word, size
            while used > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and pdf.get_string_width(line[:cut]) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
                used = pdf.get_string_width(line)
        lines.append(line)
    wrapped[key] = lines
    return lines


Wrapped = dict[tuple[str, str, float, str, float], list[str]]
Widths = dict[tuple[str, str, float, str], float]
_CACHES: weakref.WeakKeyDictionary[Pages, tuple[Wrapped, Widths]] = weakref.WeakKeyDictionary()


def _caches(pdf: Pages) -> tuple[Wrapped, Widths]:
    """This drawing's remembered cells and word widths (gone with the drawing)."""
    if pdf not in _CACHES:
        _CACHES[pdf] = ({}, {})
    return _CACHES[pdf]


def _width(pdf: Pages, word: str) -> float:
    widths = _caches(pdf)[1]
    key = (pdf.font_family, pdf.font_style, pdf.font_size_pt, word)
    if key not in widths:
        widths[key] = pdf.get_string_width(word)
    return widths[key]


def _cell_lines(pdf: Pages, cells: Sequence[str]) -> list[list[str]]:
    return [wrap(pdf, text, width - 2 * PADDING) for text, width in zip(cells, WIDTHS, strict=True)]


def _height(pdf: Pages, cells: Sequence[str]) -> float:
    pdf.set_font(fonts.FAMILY, size=SIZE)
    return max(len(lines) for lines in _cell_lines(pdf, cells)) * LINE + 1.5


def _row(pdf: Pages, cells: Sequence[str], bold: bool = False) -> None:
    pdf.set_font(fonts.FAMILY, "B" if bold else "", SIZE)
    wrapped = _cell_lines(pdf, cells)
    height = max(len(lines) for lines in wrapped) * LINE + 1.5
    top, x = pdf.get_y(), pdf.l_margin
    shipped = fonts.shipped_cmap()
    for lines, width in zip(wrapped, WIDTHS, strict=True):
        for number, line in enumerate(lines):
            y = top + 0.75 + number * LINE
            if fonts.uncovered(line, shipped):  # only cell() falls back to other fonts
                pdf.set_xy(x + PADDING, y)
                pdf.cell(width - 2 * PADDING, LINE, line)
            else:  # text() is several times quicker, and the index has hundreds of lines
                pdf.text(x + PADDING, y + LINE / 2 + 0.3 * pdf.font_size, line)
        x += width
    pdf.set_draw_color(190, 190, 190)
    pdf.line(pdf.l_margin, top + height, pdf.l_margin + sum(WIDTHS), top + height)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_xy(pdf.l_margin, top + height)
