"""Line wrapping of the clinical pages: the quick wrap (a run's words on a line become
one piece) breaks every line where the plain word-by-word wrap does, with the same
words and widths, on many made-up paragraphs: long codes, double spaces, line breaks,
bold and underlined runs, in both fonts."""

from __future__ import annotations

import random

import pytest

from organizer.core import pagesize as layout
from organizer.core.rendering import pdf
from organizer.core.rendering.helvetica import widths as standard_widths
from organizer.core.rendering.model import Block, Cell, Paragraph, Rendering, Run, Section, Table
from organizer.core.rendering.pdfwriter import PlainPages

WORDS = ["a", "of", "the", "daily", "Metformin", "500", "mg", "(as", "needed)", "Núñez",
         "ALT/AST", "—", "HbA1c:", "7.2%", "E11.9", "2026-03-12"]  # fmt: skip


def _reference(
    layout_: pdf._Layout, runs: list[Run], width: float, size: float
) -> list[tuple[str, float]]:
    """The plain algorithm: word by word, a space only between words on a line, a word
    wider than the line cut where it ends. Each line as the text it draws, and the
    width it takes up (trailing spaces included, as the layout counts them)."""
    lines: list[list[tuple[str, float]]] = []
    line: list[tuple[str, float]] = []
    used = 0.0
    space = layout_.measure(" ", False, size)
    for run in runs:
        for number, chunk in enumerate(run.text.split("\n")):
            if number:
                lines.append(line)
                line, used = [], 0.0
            for index, word in enumerate(chunk.split(" ")):
                if index and line:
                    line.append((" ", space))
                    used += space
                if not word:
                    continue
                measured = layout_.measure(word, run.bold, size)
                if used + measured > width and line:
                    while line and line[-1][0] == " ":
                        used -= line.pop()[1]
                    lines.append(line)
                    line, used = [], 0.0
                parts = [(word, measured)]
                if measured > width:
                    parts = list(layout_._split_long(word, run.bold, size, width))
                for part in parts:
                    if line and used + part[1] > width:
                        lines.append(line)
                        line, used = [], 0.0
                    line.append(part)
                    used += part[1]
    if line:
        lines.append(line)
    return [
        ("".join(text for text, _ in line).rstrip(" "), sum(w for _, w in line)) for line in lines
    ]


def _runs(chance: random.Random) -> list[Run]:
    runs = []
    for _ in range(chance.randint(1, 6)):
        words = []
        for _ in range(chance.randint(0, 40)):
            word = chance.choice(WORDS)
            if chance.random() < 0.05:
                word = "X" * chance.randint(30, 120)  # a code longer than a line
            words.append(word)
        separators = [chance.choice([" ", " ", " ", "  ", "\n"]) for _ in words]
        text = "".join(w + s for w, s in zip(words, separators, strict=True))
        if chance.random() < 0.3:
            text = " " + text
        runs.append(Run(text, bold=chance.random() < 0.3, underline=chance.random() < 0.15))
    return runs


@pytest.mark.parametrize("standard", [True, False])
def test_the_quick_wrap_breaks_where_the_word_by_word_wrap_does(standard: bool) -> None:
    if standard:
        canvas: pdf.Canvas = PlainPages(layout.PAGE_WIDTH, layout.PAGE_HEIGHT, "t", _now())
        widths = {False: standard_widths(False), True: standard_widths(True)}
    else:
        canvas, widths = pdf._embedded_font_pages("abc", "t")
    layout_ = pdf._Layout(canvas, widths)
    chance = random.Random(10)
    for _ in range(400):
        runs = _runs(chance)
        width = chance.choice([12.0, 30.0, 55.0, 120.0, 180.0])
        size = chance.choice([8.5, 9.0, 10.5])
        lines = layout_.wrap(runs, width, size)
        drawn = [
            ("".join(piece.text for piece in line).rstrip(" "), sum(p.width for p in line))
            for line in lines
        ]
        expected = _reference(layout_, runs, width, size)
        assert [text for text, _ in drawn] == [text for text, _ in expected]
        assert [used for _, used in drawn] == pytest.approx([used for _, used in expected])


def _now() -> pdf._dt.datetime:
    return pdf._dt.datetime.now(pdf._dt.UTC)


def test_a_cell_of_plain_words_is_laid_out_as_the_wrap_would() -> None:
    canvas = PlainPages(layout.PAGE_WIDTH, layout.PAGE_HEIGHT, "t", _now())
    layout_ = pdf._Layout(canvas, {False: standard_widths(False), True: standard_widths(True)})
    chance = random.Random(12)
    quick = 0
    for _ in range(2000):
        words = [chance.choice(WORDS) for _ in range(chance.randint(0, 6))]
        text = chance.choice([" ", "  ", "\n"]).join(words)
        cell = Cell([Paragraph([Run(text, bold=chance.random() < 0.3)])] if words else [])
        header = chance.random() < 0.2
        width, size = chance.choice([8.0, 20.0, 45.0]), chance.choice([8.5, 9.0])
        found = pdf._one_line(layout_, cell, header, width, size)
        if found is not None:
            quick += 1
            assert found == layout_.wrap(pdf._cell_runs(cell, header), width, size)
    assert quick > 500  # most cells take the quick way


def _long_texts_rendering(chance: random.Random) -> Rendering:
    """Tables of long and short cells and long paragraphs, ASCII and not."""
    ascii_words = [word for word in WORDS if word.isascii()]

    def text(count: int) -> str:
        if chance.random() < 0.2:  # long, yet narrower than the widest a column may be
            return " ".join(["ill"] * (count // 2 + 30))
        return " ".join(chance.choice(ascii_words) for _ in range(count))

    blocks: list[Block] = []
    for _ in range(12):
        columns = chance.randint(1, 7)
        rows = [
            [
                Cell([Paragraph([Run(text(chance.choice([1, 3, 20, 60, 200])))])])
                for _ in range(columns)
            ]
            for _ in range(chance.randint(1, 8))
        ]
        head = [[Cell([Paragraph([Run(text(chance.choice([1, 30])), bold=True)])], header=True)
                 for _ in range(columns)]]  # fmt: skip
        blocks.append(Table(head, rows))
        blocks.append(Paragraph([Run(text(chance.choice([5, 80, 300])))]))
        blocks.append(Paragraph([Run(text(90) + " Núñez " + text(90))]))
    return Rendering("Long texts", "test", sections=[Section("Notes", blocks)])


def test_long_texts_not_measured_give_the_same_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long text that cannot fit is wrapped (or sizes its column) without measuring it
    whole: the pages are those of measuring everything, byte for byte."""
    rendering = _long_texts_rendering(random.Random(14))
    widths = {False: standard_widths(False), True: standard_widths(True)}
    created = _now()

    def pages() -> bytes:
        canvas = PlainPages(layout.PAGE_WIDTH, layout.PAGE_HEIGHT, "t", created)
        return pdf._draw(rendering, canvas, widths)

    quick = pages()
    monkeypatch.setattr(pdf._Layout, "least_units", lambda self, text, bold: 0.0)
    assert pages() == quick
    assert quick.count(b"/Type /Page ") > 3


@pytest.mark.parametrize("bold", [False, True])
def test_the_narrowest_letter_is_the_same_for_every_font_table(bold: bool) -> None:
    """The standard font's narrowest ASCII character (found once, not per record) is the
    one measured in its table, and a table of other widths gets its own."""
    table = standard_widths(bold)
    expected = min(table.get(chr(code), 600.0) for code in range(128))
    canvas = PlainPages(layout.PAGE_WIDTH, layout.PAGE_HEIGHT, "t", _now())
    standard = pdf._Layout(canvas, {False: standard_widths(False), True: standard_widths(True)})
    assert standard.least_units("ab", bold) == pytest.approx(2 * expected * 0.999)
    other = {char: 700.0 for char in table} | {"i": 123.0}
    mixed = pdf._Layout(canvas, {False: other, True: other})
    assert mixed.least_units("ab", bold) == pytest.approx(2 * 123.0 * 0.999)
    assert expected < 300.0  # Helvetica's "i" and "l"; no character taken as 600


def test_a_row_of_one_line_cells_is_found_as_each_cell_would_be() -> None:
    """``_plain_row`` (a row drawn without its lines made) holds exactly the rows whose
    every cell ``_one_line`` lays out, with the text and style of that line."""
    canvas = PlainPages(layout.PAGE_WIDTH, layout.PAGE_HEIGHT, "t", _now())
    layout_ = pdf._Layout(canvas, {False: standard_widths(False), True: standard_widths(True)})
    chance = random.Random(15)
    plain = other = 0
    for _ in range(1500):
        row = []
        for _ in range(chance.randint(1, 4)):
            words = [chance.choice(WORDS) for _ in range(chance.randint(0, 3))]
            runs = [Run(" ".join(words), bold=chance.random() < 0.3)]
            if chance.random() < 0.1:
                runs.append(Run(" more", underline=chance.random() < 0.5))
            blocks: list[Block] = [Paragraph(runs)] * chance.choice([1, 1, 1, 2]) if words else []
            row.append(Cell(blocks, chance.random() < 0.2, chance.choice([1] * 9 + [2])))
        header = chance.random() < 0.2
        inner = [chance.choice([8.0, 20.0, 45.0]) for _ in row]
        size = chance.choice([8.5, 9.0])
        found = pdf._plain_row(layout_, row, inner, size / 1000 * pdf._PT, header)
        lines = [pdf._one_line(layout_, cell, header or cell.header, width, size)
                 for cell, width in zip(row, inner, strict=True)]  # fmt: skip
        if any(cell.span != 1 for cell in row) or any(each is None for each in lines):
            assert found is None
            other += 1
            continue
        expected = []
        for each in lines:
            assert each is not None
            if not each:
                expected.append(None)
            else:
                piece = each[0][0]
                expected.append((piece.text.translate(pdf.INVISIBLE), piece.bold))
        assert found == expected
        plain += 1
    assert plain > 300 and other > 300
