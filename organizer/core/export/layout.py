"""The shared look of the pages the app writes itself: page size, fonts, headings, tables.

Every page the app makes (cover, contents, summary, appendix, photo pages, footers) is
drawn with fpdf2 using the shipped fonts, so the text is real, selectable and embedded.
"""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from organizer.core import pagesize
from organizer.core.export import fontcache, fonts
from organizer.core.export.options import ExportFailed

PAGE_WIDTH = pagesize.PAGE_WIDTH
PAGE_HEIGHT = pagesize.PAGE_HEIGHT
MARGIN = pagesize.MARGIN
FOOTER_ROOM = pagesize.FOOTER_ROOM
BODY_SIZE = 11.0
SMALL_SIZE = 9.0
CELL_LINES = 24
"""The most lines a table cell prints; fpdf2 cannot draw a row taller than a page."""
IN_FULL = " (in full below the table)"

# fpdf2 logs each missing glyph at warning level; the fallback search already did its best.
logging.getLogger("fpdf").setLevel(logging.ERROR)


class Pages(FPDF):
    """An fpdf2 document with our fonts registered and a few drawing helpers."""

    def __init__(
        self, text_sample: str, created: _dt.datetime | None = None, *, bold: bool = True
    ) -> None:
        super().__init__(orientation="P", unit="mm", format=(PAGE_WIDTH, PAGE_HEIGHT))
        if not fonts.shipped_fonts_present():
            raise ExportFailed(f"The PDF fonts are missing from {fonts.FONT_DIR}; reinstall.")
        fontcache.add_font(self, fonts.FAMILY, "", fonts.REGULAR)
        if bold:
            fontcache.add_font(self, fonts.FAMILY, "B", fonts.BOLD)
        names = []
        for number, face in enumerate(fonts.fallback_fonts(text_sample)):
            family = f"SLFallback{number}"
            fontcache.add_font(self, family, "", face.path, face.index)
            names.append(family)
        if names:
            self.set_fallback_fonts(names, exact_match=False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + FOOTER_ROOM)
        self.set_creation_date(created or _dt.datetime.now(_dt.UTC))
        self.set_font(fonts.FAMILY, size=BODY_SIZE)

    @property
    def text_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def fit(self, text: str, width: float) -> str:
        """The text, cut short with "…" so that it fits ``width`` in the current font."""
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text + "…"

    def heading(self, text: str, size: float = 16.0) -> None:
        self.set_font(fonts.FAMILY, "B", size)
        self.multi_cell(self.text_width, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)
        self.set_font(fonts.FAMILY, size=BODY_SIZE)

    def paragraph(self, text: str, size: float = BODY_SIZE, bold: bool = False) -> None:
        self.set_font(fonts.FAMILY, "B" if bold else "", size)
        self.multi_cell(
            self.text_width, size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_font(fonts.FAMILY, size=BODY_SIZE)

    def label_value(self, label: str, value: str) -> None:
        """A bold label and its value on one line (wrapping under itself if long)."""
        self.set_font(fonts.FAMILY, "B", BODY_SIZE)
        width = 48.0
        self.cell(width, 6, label)
        self.set_font(fonts.FAMILY, size=BODY_SIZE)
        self.multi_cell(
            self.text_width - width, 6, value or "-", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def grid(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
    ) -> None:
        """A plain bordered table that repeats its header on each new page.

        A cell too long for a row that fits on a page is cut at a word, and its whole text
        follows the table, so nothing written down is lost and no row is refused.
        """
        self.set_font(fonts.FAMILY, size=SMALL_SIZE)
        room = self._cell_room(widths)
        in_full: list[str] = []
        shown: list[list[str]] = []
        for row in rows:
            cells = [cell or "-" for cell in row]
            for column, cell in enumerate(cells):
                if len(cell) > room[column]:
                    cells[column] = cut_at_word(cell, room[column] - len(IN_FULL)) + IN_FULL
                    in_full.append(_in_full(headers, row, column, room))
            shown.append(cells)
        with super().table(
            col_widths=tuple(widths),
            line_height=5,
            text_align="LEFT",
            first_row_as_headings=True,
            repeat_headings=1,
        ) as table:
            table.row(list(headers))
            for cells in shown:
                table.row(cells)
        self.ln(3)
        for text in in_full:
            self.paragraph(text, size=SMALL_SIZE)
            self.ln(1.5)
        self.set_font(fonts.FAMILY, size=BODY_SIZE)

    def _cell_room(self, widths: Sequence[int]) -> list[int]:
        """Characters each column can print within CELL_LINES lines (kept on the safe side)."""
        letter = self.get_string_width("the quick brown fox jumps over a lazy dog") / 41
        total = sum(widths)
        return [
            max(40, int(self.text_width * width / total / letter * CELL_LINES * 0.75))
            for width in widths
        ]

    def space(self, millimetres: float = 4.0) -> None:
        self.ln(millimetres)


def cut_at_word(text: str, characters: int | None) -> str:
    """The text, or its first words within ``characters`` followed by "…"."""
    if characters is None or len(text) <= characters:
        return text
    head = text[:characters]
    if " " in head:
        head = head.rsplit(None, 1)[0]
    return head.rstrip(" ,;:.") + " …"


def _in_full(headers: Sequence[str], row: Sequence[str], column: int, room: list[int]) -> str:
    """A cut cell's whole text, named by its column and the row's other short cells."""
    others = [
        cell
        for index, cell in enumerate(row)
        if index != column and cell and len(cell) <= room[index]
    ]
    label = " · ".join([*others, headers[column]] if headers[column] else others)
    return f"{label}: {row[column]}"
