"""A Rendering as PDF pages, laid out here line by line and drawn on a ``Canvas``.

fpdf2's own paragraph and table helpers cost milliseconds per line, far too slow for a
portal file with thousands of lab rows, so text is measured with the font's character
widths and wrapped here, and only the final lines are drawn. Tables get columns sized to
their content, repeat their header row on each new page, and split a row that is taller
than a page instead of cutting it off. A table too wide for a page (or with cells
longer than a page) is shown row by row as "header: value" lines instead.
Pages leave room at the bottom for the packet's footer, which the export stamps on.

Most records are written entirely in characters of the PDF standard fonts' encoding
(WinAnsi, Windows-1252: English and Western European names such as Núñez). Those are
drawn in Helvetica, which every PDF reader has, so nothing is embedded, and written by
the small writer in ``pdfwriter`` (fpdf2's bookkeeping per call cost most of the time).
The few lab signs WinAnsi lacks ("≥", "≤", "≠", arrows) come from the standard Symbol
font, also never embedded. A record with any other character (Greek, Cyrillic, Chinese)
is drawn with fpdf2, the shipped DejaVu font and the system fallbacks embedded, as the
rest of the packet is.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING, Protocol

from organizer.core import pagesize
from organizer.core.rendering.helvetica import INVISIBLE, NOT_ENCODED
from organizer.core.rendering.helvetica import widths as standard_widths
from organizer.core.rendering.model import (
    Block,
    Cell,
    ItemList,
    Paragraph,
    Rendering,
    Run,
    Table,
    block_text,
)
from organizer.core.rendering.pdfwriter import ENCODING as STANDARD_ENCODING
from organizer.core.rendering.pdfwriter import Picture, PlainPages

TITLE_SIZE = 16.0
BODY_SIZE = 10.5
TABLE_SIZE = 9.0
SMALL_SIZE = 8.5
HEADING_SIZES = (13.5, 12.0, 11.0)
LEADING = 1.3
"""Line height as a multiple of the font size."""
PADDING = 1.2
INDENT = 5.0
MAX_INDENT_LEVELS = 6
MAX_TABLE_COLUMNS = 16
MAX_CELL_CHARS = 2500
MAX_PRINTED_ROWS = 2000
"""Rows of one table put on pages; a longer table says where the rest is."""
GREY = (90, 90, 90)
BORDER = (150, 150, 150)
HEAD_FILL = (232, 232, 232)
_PT = 25.4 / 72

if TYPE_CHECKING:  # fpdf2 and fontTools are imported when a font is embedded, not before
    import pikepdf
    from fpdf import FPDF

log = logging.getLogger(__name__)


class RenderFailed(Exception):
    """The pages could not be made; str() says why."""


@dataclass(slots=True)
class _Piece:
    """A stretch of a line in one style; never changed once made (not frozen: a frozen
    dataclass takes several times as long to make, and a page makes thousands)."""

    text: str
    bold: bool
    underline: bool
    grey: bool
    width: float


_Line = list[_Piece]


class Canvas(Protocol):
    """Where the layout draws: positions in millimetres from the page's top left."""

    def add_page(self) -> None: ...

    def text(self, x: float, y: float, text: str, bold: bool, size: float, grey: bool) -> None:
        """``text`` with its baseline at ``y``."""

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        """A grey rule."""

    def rect(self, x: float, y: float, w: float, h: float, fill: bool) -> None:
        """A grey outline; ``fill`` paints it in the table header's light grey."""

    def image(self, picture: Picture, x: float, y: float, w: float, h: float) -> None:
        """The picture as large as fits the box, keeping its proportions."""

    def output(self) -> bytes: ...


class _Layout:
    """Writes blocks top to bottom, starting new pages as needed."""

    def __init__(self, canvas: Canvas, widths: dict[bool, dict[str, float]]) -> None:
        self.pdf = canvas
        self.standard = isinstance(canvas, PlainPages)
        self.top = pagesize.MARGIN
        self.left = pagesize.MARGIN
        self.right = pagesize.PAGE_WIDTH - pagesize.MARGIN
        self.bottom = pagesize.PAGE_HEIGHT - pagesize.MARGIN - pagesize.FOOTER_ROOM
        self.widths = widths
        self.same_space = widths[True].get(" ") == widths[False].get(" ")
        """Whether a bold space is as wide as a regular one (it is in Helvetica)."""
        self._narrowest: dict[bool, float] = {}
        """The narrowest ASCII character's ``units``: an ASCII text is at least its
        length times this wide, which tells that a long text cannot fit a line without
        measuring it (its words are measured as it wraps). Found when first needed."""
        self._measured: dict[bool, dict[str, float]] = {False: {}, True: {}}
        self._cells: dict[bool, dict[str, float]] = {False: {}, True: {}}
        self._words: dict[str, float] = {}
        """``word_units`` by cell text."""
        self.y = self.top
        canvas.add_page()

    # -- measuring and wrapping --------------------------------------------------------

    def units(self, text: str, bold: bool) -> float:
        """The width of ``text`` in thousandths of the font size."""
        cache = self._measured[bold]
        units = cache.get(text)
        if units is None:
            table = self.widths[bold]
            try:
                units = float(sum(map(table.__getitem__, text)))
            except KeyError:  # a character the font lacks: a fallback font draws it
                units = 0.0
                for char in text:
                    width = table.get(char)
                    units += width if width is not None else (1000 if ord(char) >= 0x2E80 else 600)
            cache[text] = units  # words and cells repeat; a long cell is measured
        return units  # for its column, then to draw it (one document's texts only)

    def cell_units(self, text: str, bold: bool) -> float:
        """A cell's widest line (in bold, as a header's), in ``units``: what sizes a
        column. Cells repeat ("Active", a unit, a date), so each text is measured once
        per document."""
        cache = self._cells[bold]
        found = cache.get(text)
        if found is None:
            units = self.units
            if "\n" in text:
                found = max(units(line, bold) for line in text.split("\n"))
            else:
                found = units(text, bold)
            cache[text] = found
        return found

    def word_units(self, text: str) -> float:
        """The ``units`` of the longest word of a cell, in bold: the least a column
        may be, not to cut a word."""
        found = self._words.get(text)
        if found is None:  # cells repeat: each text's words are split once per document
            words = text.split()
            longest = words[0] if len(words) == 1 else max(words, key=len, default="")
            found = self._words[text] = self.units(longest, True)
        return found

    def least_units(self, text: str, bold: bool) -> float:
        """A width ``units(text, bold)`` surely reaches, found without measuring: an ASCII
        text's length times its narrowest character (taken a little smaller, so that no
        rounding makes it wider than the measured width); 0 for other text."""
        if not text.isascii():
            return 0.0
        narrowest = self._narrowest.get(bold)
        if narrowest is None:
            table = self.widths[bold]
            if table is standard_widths(bold):  # most records: found once, not per record
                narrowest = _standard_narrowest(bold)
            else:
                narrowest = _narrowest(table)
            self._narrowest[bold] = narrowest
        return len(text) * narrowest * 0.999

    def too_wide(self, text: str, bold: bool, scale: float, used: float, width: float) -> bool:
        """Whether ``used + units(text, bold) * scale > width`` (``wrap``'s test) can be
        told without measuring ``text``: a long text that cannot fit."""
        return used + self.least_units(text, bold) * scale > width

    def measure(self, text: str, bold: bool, size: float) -> float:
        return self.units(text, bold) * size / 1000 * _PT

    def wrap(self, runs: list[Run], width: float, size: float, grey: bool = False) -> list[_Line]:
        """Lines of pieces that fit ``width``: words wrap at spaces, runs of a line are
        one piece each (an underlined run is kept word by word, spaces not underlined)."""
        if len(runs) == 1:  # most often one plain run that fits: found without setting up
            run = runs[0]
            one = self.one_line(run.text, run.bold, run.underline, width, size / 1000 * _PT)
            if one is not None:
                return [[_Piece(run.text, run.bold, False, grey, one)]]
        lines: list[_Line] = []
        line: _Line = []
        used = 0.0
        scale = size / 1000 * _PT
        space = self.units(" ", False) * scale
        for run in runs:
            bold, underline = run.bold, run.underline
            cache, units = self._measured[bold], self.units
            whole = not underline and (not bold or self.same_space)
            for number, chunk in enumerate(run.text.split("\n")):
                if number:
                    lines.append(line)
                    line, used = [], 0.0
                if (  # the common case, a chunk that fits what is left of the line
                    whole and chunk and chunk[0] != " " and chunk[-1] != " " and "  " not in chunk
                ):
                    known = cache.get(chunk)
                    if (
                        known is None
                        and len(chunk) > 40
                        and self.too_wide(chunk, bold, scale, used, width)
                    ):
                        line, used = self._fill(chunk, bold, grey, size, width, lines, line, used)
                        continue
                    measured = (known if known is not None else units(chunk, bold)) * scale
                    if used + measured <= width:
                        line.append(_Piece(chunk, bold, False, grey, measured))
                        used += measured
                    else:
                        line, used = self._fill(chunk, bold, grey, size, width, lines, line, used)
                    continue
                words: list[str] = []
                """This run's words (and spaces) on the current line, not yet a piece."""
                pending = 0.0
                for index, word in enumerate(chunk.split(" ")):
                    if index and (line or words):
                        words.append(" ")
                        pending += space
                        if underline:
                            line.append(_Piece(" ", bold, underline, grey, space))
                            used, words, pending = used + space, [], 0.0
                    if not word:
                        continue
                    known = cache.get(word)
                    measured = (known if known is not None else units(word, bold)) * scale
                    if used + pending + measured > width and (line or words):
                        while words and words[-1] == " ":
                            words.pop()
                            pending -= space
                        if words:
                            line.append(_Piece("".join(words), bold, underline, grey, pending))
                        _trim_end(line, space)
                        lines.append(line)
                        line, used, words, pending = [], 0.0, [], 0.0
                    if measured > width:  # a long code or URL: cut where the line ends
                        if words:
                            line.append(_Piece("".join(words), bold, underline, grey, pending))
                            used, words, pending = used + pending, [], 0.0
                        for part, part_width in self._split_long(word, bold, size, width):
                            if line and used + part_width > width:
                                lines.append(line)
                                line, used = [], 0.0
                            line.append(_Piece(part, bold, underline, grey, part_width))
                            used += part_width
                        continue
                    words.append(word)
                    pending += measured
                    if underline:
                        line.append(_Piece(word, bold, underline, grey, measured))
                        used, words, pending = used + measured, [], 0.0
                if words:
                    line.append(_Piece("".join(words), bold, underline, grey, pending))
                    used += pending
        if line:
            lines.append(line)
        return lines

    def one_line(
        self, text: str, bold: bool, underline: bool, width: float, scale: float
    ) -> float | None:
        """The width of a run that ``wrap`` makes one line of one piece, as it measures
        it (``scale``: the size / 1000 in mm): a plain run that fits, as most headings,
        header fields, short paragraphs and table cells are; None for any other run."""
        if (
            not text
            or underline
            or (bold and not self.same_space)
            or text[0] == " "
            or text[-1] == " "
            or "\n" in text
            or "  " in text
        ):
            return None
        units = self._measured[bold].get(text)
        if units is None:
            if len(text) > 40 and self.too_wide(text, bold, scale, 0.0, width):
                return None
            units = self.units(text, bold)
        measured = units * scale  # as ``wrap`` measures
        return measured if measured <= width else None

    def _fill(
        self,
        chunk: str,
        bold: bool,
        grey: bool,
        size: float,
        width: float,
        lines: list[_Line],
        line: _Line,
        used: float,
    ) -> tuple[_Line, float]:
        """``wrap`` for a chunk of single-spaced words longer than what is left of the
        line: each line's share of it is one piece. Returns the last, open line."""
        scale = size / 1000 * _PT
        space = self.units(" ", False) * scale
        cache, units = self._measured[bold], self.units
        words = chunk.split(" ")
        sizes = [units(word, bold) if (known := cache.get(word)) is None else known
                 for word in words]  # fmt: skip
        start, index, pending = 0, 0, 0.0
        lead = ""
        """A space before the words from ``start`` on (they follow a cut word)."""
        while index < len(words):
            measured = sizes[index] * scale
            trial = pending + space if index > start or lead else pending
            if used + trial + measured > width and (line or index > start):
                if index > start:
                    text = lead + " ".join(words[start:index])
                    line.append(_Piece(text, bold, False, grey, pending))
                _trim_end(line, space)
                lines.append(line)
                line, used, pending, start, lead = [], 0.0, 0.0, index, ""
                continue
            if measured > width:  # a long code or URL on a line of its own: cut it
                for part, part_width in self._split_long(words[index], bold, size, width):
                    if line and used + part_width > width:
                        lines.append(line)
                        line, used = [], 0.0
                    line.append(_Piece(part, bold, False, grey, part_width))
                    used += part_width
                index += 1
                start, lead = index, " "
                continue
            pending = trial + measured
            index += 1
        if index > start:
            line.append(_Piece(lead + " ".join(words[start:]), bold, False, grey, pending))
            used += pending
        return line, used

    def _split_long(
        self, word: str, bold: bool, size: float, width: float
    ) -> Iterator[tuple[str, float]]:
        """A word wider than the line, cut into pieces that fit."""
        start, used = 0, 0.0
        for index, char in enumerate(word):
            step = self.measure(char, bold, size)
            if used + step > width and index > start:
                yield word[start:index], used
                start, used = index, 0.0
            used += step
        yield word[start:], used

    # -- drawing ------------------------------------------------------------------------

    def new_page(self) -> None:
        self.pdf.add_page()
        self.y = self.top

    def room(self, height: float) -> None:
        if self.y + height > self.bottom and self.y > self.top:
            self.new_page()

    def draw_line(self, line: _Line, x: float, y: float, size: float) -> None:
        """One text operation per stretch of the same style: words and the spaces between
        them are measured with the font's own widths, so the stretch lands where the
        words would, and a line costs a few operations instead of one per word."""
        baseline = y + size * _PT * 1.0
        if len(line) == 1 and not line[0].underline:  # most lines: one stretch of text
            piece = line[0]
            text = piece.text.rstrip(" ")  # as _draw_words would draw it
            if self.standard and not text.isascii():
                text = text.translate(INVISIBLE)
            if text:
                self.pdf.text(x, baseline, text, piece.bold, size, piece.grey)
            return
        start, style = x, (False, False)
        words: list[str] = []
        for piece in line:
            if piece.text == " " and not words:
                x += piece.width
                start = x
                continue
            if words and (piece.bold, piece.grey) != style:
                self._draw_words(start, baseline, words, style, size)
                start, words = x, []
            style = (piece.bold, piece.grey)
            words.append(piece.text)
            if piece.underline and piece.text != " ":
                self.pdf.line(x, baseline + 0.5, x + piece.width, baseline + 0.5)
            x += piece.width
        if words:
            self._draw_words(start, baseline, words, style, size)

    def _draw_words(
        self, x: float, baseline: float, words: list[str], style: tuple[bool, bool], size: float
    ) -> None:
        text = "".join(words).rstrip(" ")
        if self.standard and not text.isascii():
            text = text.translate(INVISIBLE)
        if text:
            self.pdf.text(x, baseline, text, style[0], size, style[1])

    def lines(self, lines: list[_Line], x: float, size: float) -> None:
        height = size * _PT * LEADING
        for line in lines:
            self.room(height)
            self.draw_line(line, x, self.y, size)
            self.y += height

    def paragraph(
        self, runs: list[Run], size: float = BODY_SIZE, indent: float = 0.0, grey: bool = False
    ) -> None:
        x = self.left + indent
        self.lines(self.wrap(runs, self.right - x, size, grey), x, size)
        self.y += size * _PT * 0.5

    def heading(self, text: str, size: float) -> None:
        height = size * _PT * LEADING
        self.room(height * 2 + BODY_SIZE * _PT * LEADING * 3)
        self.y += size * _PT * 0.6
        self.lines(self.wrap([Run(text, bold=True)], self.right - self.left, size), self.left, size)
        self.pdf.line(self.left, self.y, self.right, self.y)
        self.y += size * _PT * 0.5


def _trim_end(line: _Line, space: float) -> None:
    """Take the spaces off the end of a line that breaks there (a run ending in a space
    is one piece with it, an underlined run's spaces are pieces of their own)."""
    while line and line[-1].text.endswith(" "):
        last = line.pop()
        text = last.text.rstrip(" ")
        if text:
            width = last.width - space * (len(last.text) - len(text))
            line.append(_Piece(text, last.bold, last.underline, last.grey, width))
            return


_ASCII = [chr(code) for code in range(128)]


def _narrowest(table: dict[str, float]) -> float:
    """The ``units`` of the narrowest ASCII character in ``table`` (600 for one it lacks)."""
    return min(map(table.get, _ASCII, repeat(600.0)))


@functools.cache
def _standard_narrowest(bold: bool) -> float:
    return _narrowest(standard_widths(bold))


def _widths(font: object) -> dict[str, float]:
    """A font's character widths (thousandths of the size), as a plain copy: reading
    fpdf2's own table would add an entry for every character looked up."""
    return {chr(code): width for code, width in getattr(font, "cw", {}).items()}


def fits_standard_font(text: str) -> bool:
    """Whether every character can be drawn in the PDF standard fonts (no embedding):
    what ``rendering_pdf`` finds out by drawing."""
    if text.isascii():
        return True
    try:
        text.encode(STANDARD_ENCODING)
    except UnicodeEncodeError:
        try:  # translating is slow: only when a character did not fit
            text.translate(NOT_ENCODED).encode(STANDARD_ENCODING)
        except UnicodeEncodeError:
            return False
    return True


def rendering_pdf(rendering: Rendering, *, standard_font: bool = True) -> bytes:
    """The PDF pages of a rendering, with any PDF or picture it carries after them.

    Drawn in Helvetica when every character allows it (``standard_font=False`` never
    does), otherwise with the shipped font and the system's fallbacks embedded.
    """
    with contextlib.ExitStack() as opened:  # the PDFs it carries, open until joined
        embedded = _readable_pdfs(rendering, opened)
        data = None
        if standard_font:  # tried without checking first: most records fit, and it is quick
            widths = {False: standard_widths(False), True: standard_widths(True)}
            with contextlib.suppress(UnicodeEncodeError):  # a character that does not fit
                data = _draw(rendering, _standard_pages(rendering.title), widths)
        if data is None:
            sample = rendering.plain_text()
            data = _draw(rendering, *_embedded_font_pages(sample, rendering.title))
        return _with_pdfs(data, embedded) if embedded else data


def _standard_pages(title: str) -> PlainPages:
    now = _dt.datetime.now(_dt.UTC)
    return PlainPages(pagesize.PAGE_WIDTH, pagesize.PAGE_HEIGHT, title, now)


def _embedded_font_pages(sample: str, title: str) -> tuple[Canvas, dict[bool, dict[str, float]]]:
    from organizer.core.export import fonts
    from organizer.core.export.layout import Pages

    pages = Pages(sample[:400_000] + "".join(set(sample[400_000:])))
    pages.set_title(title)
    widths = {
        False: _widths(pages.fonts[fonts.FAMILY.lower()]),
        True: _widths(pages.fonts[fonts.FAMILY.lower() + "B"]),
    }
    return _FpdfCanvas(pages, fonts.FAMILY), widths


class _FpdfCanvas:
    """fpdf2 pages (the shipped font embedded) behind the layout's ``Canvas``."""

    def __init__(self, pages: FPDF, family: str) -> None:
        self.pages = pages
        self.family = family
        self._font: tuple[bool, float] | None = None
        self._grey = False

    def add_page(self) -> None:
        self.pages.add_page()
        self._font = None
        # Every rule and border is grey and every filled cell is a header: fpdf2 carries
        # colours over to each new page once set.
        self.pages.set_draw_color(*BORDER)
        self.pages.set_fill_color(*HEAD_FILL)

    def text(self, x: float, y: float, text: str, bold: bool, size: float, grey: bool) -> None:
        if self._font != (bold, size):
            self.pages.set_font(self.family, "B" if bold else "", size)
            self._font = (bold, size)
        if grey != self._grey:
            self.pages.set_text_color(*(GREY if grey else (0, 0, 0)))
            self._grey = grey
        self.pages.text(x, y, text)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.pages.line(x1, y1, x2, y2)

    def rect(self, x: float, y: float, w: float, h: float, fill: bool) -> None:
        self.pages.rect(x, y, w, h, style="DF" if fill else "D")

    def image(self, picture: Picture, x: float, y: float, w: float, h: float) -> None:
        self.pages.image(io.BytesIO(picture.jpeg), x=x, y=y, w=w, h=h, keep_aspect_ratio=True)

    def output(self) -> bytes:
        return bytes(self.pages.output())


def _draw(rendering: Rendering, pages: Canvas, widths: dict[bool, dict[str, float]]) -> bytes:
    layout = _Layout(pages, widths)
    _header(layout, rendering)
    for section in rendering.sections:
        size = HEADING_SIZES[min(section.level, len(HEADING_SIZES)) - 1]
        layout.heading(section.title, size)
        if not section.blocks:
            layout.paragraph([Run("(no text in this section)")], SMALL_SIZE, grey=True)
        _blocks(layout, section.blocks, 0)
    _pictures(layout, rendering)
    return pages.output()


def _header(layout: _Layout, rendering: Rendering) -> None:
    layout.paragraph([Run(rendering.title, bold=True)], TITLE_SIZE)
    layout.paragraph([Run(rendering.kind)], SMALL_SIZE, grey=True)
    label_width = max(
        (layout.measure(label, True, BODY_SIZE) for label, _value in rendering.fields),
        default=0.0,
    )
    label_width = min(label_width + 4, 55.0)
    size = BODY_SIZE
    for label, value in rendering.fields:
        labels = layout.wrap([Run(label, bold=True)], label_width - 2, size)
        values = layout.wrap([Run(value)], layout.right - layout.left - label_width, size)
        height = size * _PT * LEADING
        layout.room(height * max(len(labels), len(values)))
        top = layout.y
        layout.lines(labels, layout.left, size)
        after_labels = layout.y
        layout.y = top
        layout.lines(values, layout.left + label_width, size)
        layout.y = max(layout.y, after_labels)
    layout.y += 2
    for note in rendering.notes:
        layout.paragraph([Run(note)], SMALL_SIZE, grey=True)


def _blocks(layout: _Layout, blocks: list[Block], level: int) -> None:
    indent = INDENT * min(level, MAX_INDENT_LEVELS)
    for block in blocks:
        if isinstance(block, Paragraph) and block.style == "overflow":
            remark = "(More of this table, as plain words, is in the readable copy.)"
            layout.paragraph([Run(remark)], SMALL_SIZE, indent, grey=True)
        elif isinstance(block, Paragraph):
            grey = block.style == "remark"
            runs = block.runs
            if block.style in ("heading", "caption"):
                runs = [Run(r.text, True, r.italic, r.underline) for r in runs]
            layout.paragraph(runs, BODY_SIZE, indent, grey)
        elif isinstance(block, ItemList):
            _list(layout, block, level)
        else:
            _table(layout, block, indent)


def _list(layout: _Layout, block: ItemList, level: int) -> None:
    indent = INDENT * min(level, MAX_INDENT_LEVELS)
    for number, item in enumerate(block.items, start=1):
        if not item:
            continue
        marker = f"{number}." if block.ordered else "•"
        first, rest = item[0], item[1:]
        if isinstance(first, Paragraph):
            runs = [Run(marker + " "), *first.runs]
            layout.paragraph(runs, BODY_SIZE, indent + 2, first.style == "remark")
            layout.y -= BODY_SIZE * _PT * 0.3
        else:
            layout.paragraph([Run(marker)], BODY_SIZE, indent + 2)
            rest = item
        _blocks(layout, rest, level + 1)
    layout.y += BODY_SIZE * _PT * 0.3


# -- tables ------------------------------------------------------------------------------


def _cell_runs(cell: Cell, header: bool) -> list[Run]:
    """A cell's content as runs: paragraphs and list items become lines of their own."""
    runs: list[Run] = []
    for block in cell.blocks:
        if runs:
            runs.append(Run("\n"))
        if isinstance(block, Paragraph) and not header:
            runs += block.runs
        elif isinstance(block, Paragraph):
            runs += [Run(r.text, True, r.italic, r.underline) for r in block.runs]
        elif isinstance(block, ItemList):
            items = ["• " + block_text_of(entry) for entry in block.items]
            runs.append(Run("\n".join(items), header))
        else:
            runs.append(Run(block_text(block).replace("\n", "; "), header))
    return runs


def block_text_of(blocks: list[Block]) -> str:
    if len(blocks) == 1:
        return block_text(blocks[0])
    return " ".join(block_text(block) for block in blocks)


def _table(layout: _Layout, table: Table, indent: float) -> None:
    columns = table.columns
    if columns == 0:
        return
    if table.caption:
        layout.paragraph([Run(table.caption, bold=True)], BODY_SIZE, indent)
    if columns > MAX_TABLE_COLUMNS or _longest_block(table) > MAX_CELL_CHARS:
        _table_as_records(layout, table, indent)
        return
    size = TABLE_SIZE if columns <= 8 else SMALL_SIZE - max(0, columns - 10) * 0.25
    available = layout.right - layout.left - indent
    head = [_padded(row, columns) for row in table.head]
    rows = [_padded(row, columns) for row in table.rows]
    widths = _column_widths(layout, head + rows, columns, available, size)
    inner = _inner_widths(widths)
    x0 = layout.left + indent
    line_height = size * _PT * LEADING
    scale = size / 1000 * _PT
    drawn_head: list[tuple[list[tuple[str, bool] | None] | None, _CellLines, float]] = []
    """Per header row: its one-line texts (most) or its lines, and its height."""
    for row in head:
        texts = _plain_row(layout, row, inner, scale, True)
        if texts is None:
            cells = _row_lines(layout, row, widths, inner, size, True)
            drawn_head.append((None, cells, _row_height(cells, line_height)))
        else:
            drawn_head.append((texts, [], _plain_row_height(texts, line_height)))
    head_height = sum([height for _texts, _cells, height in drawn_head])

    def draw_head() -> None:
        for texts, cells, height in drawn_head:
            if texts is not None:
                _draw_plain_row(layout, texts, widths, x0, size, height, True)
            else:
                _draw_row(layout, cells, widths, x0, size, line_height, True, height)

    layout.room(head_height + line_height * 2)
    draw_head()
    for row in rows[:MAX_PRINTED_ROWS]:
        texts = _plain_row(layout, row, inner, scale)
        if texts is None:
            cells = _row_lines(layout, row, widths, inner, size, False)
            height = _row_height(cells, line_height)
        else:
            height = _plain_row_height(texts, line_height)
        if layout.y + height > layout.bottom:
            fits = layout.bottom - layout.y - head_height
            if height <= layout.bottom - layout.top - 40 or fits < line_height * 3:
                layout.new_page()
                draw_head()
        if texts is not None:
            if layout.y + height <= layout.bottom:
                _draw_plain_row(layout, texts, widths, x0, size, height)
                continue
            cells = _row_lines(layout, row, widths, inner, size, False)
        while layout.y + height > layout.bottom:
            cells = _draw_part(layout, cells, widths, x0, size, line_height)
            layout.new_page()
            draw_head()
            height = _row_height(cells, line_height)
        _draw_row(layout, cells, widths, x0, size, line_height, False, height)
    layout.y += 3
    _rows_left_out(layout, len(rows), indent)


def _longest_block(table: Table) -> int:
    """The length of the longest text of a block in the table's body."""
    longest = 0
    for row in table.rows:
        for cell in row:
            for block in cell.blocks:
                if block.__class__ is Paragraph:  # most: their runs' lengths, summed
                    runs = block.runs
                    if len(runs) == 1:  # most: one run
                        length = len(runs[0].text)
                    else:
                        length = sum([len(run.text) for run in runs])
                else:
                    length = len(block_text(block))
                if length > longest:
                    longest = length
    return longest


def _rows_left_out(layout: _Layout, count: int, indent: float) -> None:
    if count > MAX_PRINTED_ROWS:
        remark = (
            f"This table has {count:,} rows; the first {MAX_PRINTED_ROWS:,} are printed here. "
            "All of them are in the readable copy and the original file."
        )
        layout.paragraph([Run(remark)], SMALL_SIZE, indent, grey=True)


def _padded(row: list[Cell], columns: int) -> list[Cell]:
    if len(row) == columns:
        for cell in row:
            if cell.span != 1:
                break
        else:
            return row  # already one cell per column
    cells: list[Cell] = []
    used = 0
    for cell in row:
        if used >= columns:
            break
        span = min(cell.span, columns - used)
        cells.append(Cell(cell.blocks, cell.header, span))
        used += span
    cells += [Cell([]) for _ in range(columns - used)]
    return cells


def _column_widths(
    layout: _Layout, rows: list[list[Cell]], columns: int, available: float, size: float
) -> list[float]:
    scale = size / 1000 * _PT
    natural = [8.0 / scale] * columns
    """In thousandths of the size until the end (one multiplication per column), as
    ``least`` is below."""
    cell_units = layout.cell_units
    cap = available * 0.6
    measured: list[tuple[int, str]] = []
    """The cells' columns and texts: their longest words are measured only when the
    columns do not fit as they are (few tables)."""
    for row in rows[:400]:
        position = 0
        for cell in row:
            span, blocks = cell.span, cell.blocks
            if span == 1 and blocks:
                text = None  # the words of a cell that is one run of text (most cells)
                if len(blocks) == 1:
                    block = blocks[0]
                    if block.__class__ is Paragraph and len(block.runs) == 1:
                        text = block.runs[0].text
                if text is None:
                    text = block_text_of(blocks)
                sure = layout.least_units(text, cell.header) if len(text) > 80 else 0.0
                if sure * scale + 2 * PADDING + 1 >= cap and "\n" not in text:
                    widest = sure  # as wide as a column may be, whatever its letters
                else:
                    widest = cell_units(text, cell.header)
                if widest > natural[position]:
                    natural[position] = widest
                measured.append((position, text))
            position += span
    natural = [min(w * scale + 2 * PADDING + 1, available * 0.6) for w in natural]
    total = sum(natural)
    if total <= available:
        return [w * available / total for w in natural]
    least = [6.0 / scale] * columns
    word_units = layout.word_units
    for position, text in measured:
        units = word_units(text)
        if units > least[position]:
            least[position] = units
    least = [min(w * scale + 2 * PADDING + 1, n, 40.0) for w, n in zip(least, natural, strict=True)]
    floor = sum(least)
    if floor >= available:
        return [w * available / floor for w in least]
    extra = total - floor
    return [
        lw + (nw - lw) * (available - floor) / extra for lw, nw in zip(least, natural, strict=True)
    ]


_CellLines = list[tuple[int, list[_Line]]]
"""Per cell: how many columns it spans, and its wrapped lines."""


def _inner_widths(widths: list[float]) -> list[float]:
    """The width for text in a cell of each column, inside its padding."""
    return [max(width - 2 * PADDING, 2.0) for width in widths]


def _row_lines(
    layout: _Layout,
    row: list[Cell],
    widths: list[float],
    inner: list[float],
    size: float,
    header: bool,
) -> _CellLines:
    """A row's cells wrapped to their columns: ``inner`` is each column's width for
    text (``_inner_widths``)."""
    result: _CellLines = []
    position = 0
    for cell in row:
        span = cell.span
        if span == 1:
            width = inner[position]
        else:
            width = max(sum(widths[position : position + span]) - 2 * PADDING, 2.0)
        lines = _one_line(layout, cell, header or cell.header, width, size)
        if lines is None:
            lines = layout.wrap(_cell_runs(cell, header or cell.header), width, size)
        result.append((span, lines))
        position += span
    return result


def _one_line(
    layout: _Layout, cell: Cell, bold: bool, width: float, size: float
) -> list[_Line] | None:
    """The lines of an empty cell or of a few plain words that fit the column (most
    cells), as ``wrap`` would make them; None for anything else."""
    if not cell.blocks:
        return []
    found = _single_line(layout, cell, bold, width, size / 1000 * _PT)
    if found is None:
        return None
    text, bold, measured = found
    return [[_Piece(text, bold, False, False, measured)]]


def _single_line(
    layout: _Layout, cell: Cell, bold: bool, width: float, scale: float
) -> tuple[str, bool, float] | None:
    """A cell of a few plain words that fit ``width``: its text, whether bold, and its
    width as ``wrap`` measures it; None for any other cell."""
    blocks = cell.blocks  # a cell that is one run of text (most cells)
    if len(blocks) != 1:
        return None
    block = blocks[0]
    if block.__class__ is not Paragraph or len(block.runs) != 1:
        return None
    run = block.runs[0]
    text = run.text
    bold = run.bold or bold
    measured = layout.one_line(text, bold, run.underline, width, scale)
    return None if measured is None else (text, bold, measured)


def _plain_row(
    layout: _Layout, row: list[Cell], inner: list[float], scale: float, header: bool = False
) -> list[tuple[str, bool] | None] | None:
    """A body row of cells each empty (None) or one line of plain words (``_one_line``),
    as the text drawn and whether bold: most rows, drawn without their lines being
    made. None for any other row."""
    texts: list[tuple[str, bool] | None] = []
    standard, one_line = layout.standard, layout.one_line
    for position, cell in enumerate(row):
        blocks = cell.blocks
        if cell.span != 1 or len(blocks) > 1:
            return None
        if not blocks:
            texts.append(None)
            continue
        block = blocks[0]  # as ``_single_line`` finds it, without a call per cell
        if block.__class__ is not Paragraph or len(block.runs) != 1:
            return None
        run = block.runs[0]
        text, bold = run.text, run.bold or header or cell.header
        if one_line(text, bold, run.underline, inner[position], scale) is None:
            return None
        if standard and not text.isascii():  # as ``draw_line`` draws it
            text = text.translate(INVISIBLE)
        texts.append((text, bold))
    return texts


def _draw_plain_row(
    layout: _Layout,
    texts: list[tuple[str, bool] | None],
    widths: list[float],
    x0: float,
    size: float,
    height: float,
    fill: bool = False,
) -> None:
    """A ``_plain_row`` as ``_draw_row`` draws its cells' one line each (``fill``: as a
    header row, filled)."""
    pdf = layout.pdf
    top = layout.y
    baseline = top + PADDING + size * _PT * 1.0
    if isinstance(pdf, PlainPages):  # the row in one call
        pdf.plain_row(x0, top, height, baseline, PADDING, size, widths, texts, fill)
    else:
        x = x0
        for entry, width in zip(texts, widths, strict=True):
            pdf.rect(x, top, width, height, fill)
            if entry is not None and entry[0]:
                pdf.text(x + PADDING, baseline, entry[0], entry[1], size, False)
            x += width
    layout.y += height


def _row_height(cells: _CellLines, line_height: float) -> float:
    return max([len(lines) for _span, lines in cells], default=0) * line_height + 2 * PADDING


def _plain_row_height(texts: list[tuple[str, bool] | None], line_height: float) -> float:
    """``_row_height`` of a row of one-line cells (``_plain_row``): one line, or none."""
    return (line_height if any(texts) else 0.0) + 2 * PADDING


def _draw_row(
    layout: _Layout,
    cells: _CellLines,
    widths: list[float],
    x0: float,
    size: float,
    line_height: float,
    fill: bool,
    height: float,
) -> None:
    """A row ``height`` tall (its ``_row_height``), its cells' outlines and lines."""
    pdf, draw_line = layout.pdf, layout.draw_line
    text_at, standard = pdf.text, layout.standard
    top = layout.y
    above = size * _PT * 1.0  # from a line's top to its baseline, as ``draw_line`` has it
    x, position = x0, 0
    for span, lines in cells:
        width = widths[position] if span == 1 else sum(widths[position : position + span])
        pdf.rect(x, top, width, height, fill)
        y = top + PADDING
        for line in lines:
            if len(line) == 1 and not line[0].underline:  # most: ``draw_line``'s quick way
                piece = line[0]
                text = piece.text.rstrip(" ")
                if standard and not text.isascii():
                    text = text.translate(INVISIBLE)
                if text:
                    text_at(x + PADDING, y + above, text, piece.bold, size, piece.grey)
            else:
                draw_line(line, x + PADDING, y, size)
            y += line_height
        x += width
        position += span
    layout.y += height


def _draw_part(
    layout: _Layout,
    cells: _CellLines,
    widths: list[float],
    x0: float,
    size: float,
    line_height: float,
) -> _CellLines:
    """Draw as much of a tall row as fits on this page; return what is left of it."""
    fits = max(1, int((layout.bottom - layout.y - 2 * PADDING) // line_height))
    now = [(span, lines[:fits]) for span, lines in cells]
    _draw_row(layout, now, widths, x0, size, line_height, False, _row_height(now, line_height))
    return [(span, lines[fits:]) for span, lines in cells]


def _table_as_records(layout: _Layout, table: Table, indent: float) -> None:
    """Each row as "header: value" lines: for tables no page is wide enough for."""
    labels: list[str] = []
    for row in table.head[-1:]:
        for cell in row:
            labels += [block_text_of(cell.blocks)] * cell.span
    layout.paragraph(
        [Run("(This table is too wide for a page: each row is shown as a list.)")],
        SMALL_SIZE,
        indent,
        grey=True,
    )
    for row in table.rows[:MAX_PRINTED_ROWS]:
        runs: list[Run] = []
        position = 0
        for cell in row:
            text = block_text_of(cell.blocks)
            label = labels[position] if position < len(labels) else ""
            if text:
                if runs:
                    runs.append(Run("\n"))
                if label:
                    runs.append(Run(label + ": ", bold=True))
                runs.append(Run(text))
            position += cell.span
        if runs:
            layout.paragraph(runs, TABLE_SIZE, indent)
            layout.pdf.line(layout.left + indent, layout.y, layout.right, layout.y)
            layout.y += 1.5
    _rows_left_out(layout, len(table.rows), indent)


# -- what the document carries -------------------------------------------------------------


def _readable_pdfs(rendering: Rendering, opened: contextlib.ExitStack) -> list[pikepdf.Pdf]:
    """Embedded PDFs that can be joined, opened (closed by ``opened``: they are joined
    as they are, not read twice); a remark for each that cannot."""
    readable = []
    for attachment in rendering.attachments:
        if attachment.media_type != "application/pdf":
            continue
        import pikepdf  # only for a record that carries a PDF

        try:
            pdf = opened.enter_context(pikepdf.Pdf.open(io.BytesIO(attachment.data)))
            if len(pdf.pages):
                readable.append(pdf)
                continue
        except (pikepdf.PdfError, ValueError, RuntimeError) as error:
            log.info("embedded PDF not readable: %s", error)
        rendering.notes.append(
            "The PDF inside this document could not be read; it is in the original file."
        )
    return readable


def _pictures(layout: _Layout, rendering: Rendering) -> None:
    for attachment in rendering.attachments:
        if not attachment.media_type.startswith("image/"):
            continue
        try:
            from PIL import Image

            with Image.open(io.BytesIO(attachment.data)) as picture:
                picture.thumbnail((2000, 2000))
                buffer = io.BytesIO()
                rgb = picture.convert("RGB")
                rgb.save(buffer, "JPEG", quality=85)
                jpeg = Picture(buffer.getvalue(), rgb.width, rgb.height)
        except Exception:  # a damaged or unsupported picture: said in words instead
            layout.paragraph(
                [Run("A picture in this document could not be shown; it is in the original.")],
                SMALL_SIZE,
                grey=True,
            )
            continue
        layout.new_page()
        width = layout.right - layout.left
        height = layout.bottom - layout.top
        layout.pdf.image(jpeg, layout.left, layout.top, width, height)


def _with_pdfs(data: bytes, embedded: list[pikepdf.Pdf]) -> bytes:
    import pikepdf

    with pikepdf.Pdf.open(io.BytesIO(data)) as result:
        for source in embedded:
            result.pages.extend(source.pages)
        out = io.BytesIO()
        result.save(out)
    return out.getvalue()
