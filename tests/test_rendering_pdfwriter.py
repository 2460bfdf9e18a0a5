"""The small PDF writer behind the clinical pages in Helvetica: what it writes is read
back by other programs (pikepdf, pypdf, PDFium) and drawn by PDFium, so a test checks
the file, the words and the ink, not the writer's own idea of them."""

from __future__ import annotations

import datetime as _dt
import io
import zlib

import pikepdf
import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import Image
from rendering_support import pdf_words

from organizer.core.export import layout
from organizer.core.rendering.model import Paragraph, Rendering, Run, Section
from organizer.core.rendering.pdf import rendering_pdf
from organizer.core.rendering.pdfwriter import Picture, PlainPages

WHEN = _dt.datetime(2026, 3, 12, 9, 30, tzinfo=_dt.UTC)


def _pages(title: str = "Clinic letter") -> PlainPages:
    pages = PlainPages(layout.PAGE_WIDTH, layout.PAGE_HEIGHT, title, WHEN)
    pages.add_page()
    return pages


def _ink(data: bytes, page: int = 0, scale: float = 1.0) -> Image.Image:
    document = pdfium.PdfDocument(data)
    try:
        return document[page].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()


def test_the_file_is_sound_and_names_both_standard_fonts_without_embedding_them() -> None:
    pages = _pages()
    pages.text(20, 30, "Metformin 500 mg", False, 10.5, False)
    pages.text(20, 40, "Allergies", True, 13.5, False)
    pages.add_page()
    pages.text(20, 30, "Page two", False, 9, True)
    data = pages.output()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert len(pdf.pages) == 2
        fonts = {str(f.BaseFont): f for f in pdf.pages[0].Resources.Font.values()}
        assert set(fonts) == {"/Helvetica", "/Helvetica-Bold"}
        assert all(str(f.Encoding) == "/WinAnsiEncoding" for f in fonts.values())
        assert not any("/FontDescriptor" in f for f in fonts.values())
        assert str(pdf.docinfo.Title) == "Clinic letter"
        assert str(pdf.docinfo.CreationDate) == "D:20260312093000Z"
        width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
    assert width == pytest.approx(layout.PAGE_WIDTH * 72 / 25.4, abs=0.01)
    assert height == pytest.approx(layout.PAGE_HEIGHT * 72 / 25.4, abs=0.01)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert "Metformin 500 mg" in reader.pages[0].extract_text()
    assert "Page two" in reader.pages[1].extract_text()


def test_western_european_letters_and_pdf_syntax_characters_read_back_as_written() -> None:
    pages = _pages()
    lines = [
        "María José Núñez-Größer",
        "5 € \u2013 \u201cas needed\u201d \u2022 3\u00d7 daily",
        r"Dose (if pain) \ back-slash and ) unmatched ( brackets",
        "carriage\rreturn",
    ]
    for number, line in enumerate(lines):
        pages.text(20, 30 + 10 * number, line, number % 2 == 1, 10, False)
    words = pdf_words(pages.output())
    for line in lines[:3]:
        assert line in words
    assert "carriage" in words and "return" in words


def test_a_title_outside_ascii_is_kept_whole() -> None:
    data = _pages("Informe de alta \u2013 Núñez (2026)").output()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert str(pdf.docinfo.Title) == "Informe de alta \u2013 Núñez (2026)"


def test_text_that_the_standard_encoding_lacks_is_refused_on_output() -> None:
    pages = _pages()
    pages.text(20, 30, "LDL ≥ 4.9 for Γιώργος", False, 10, False)
    with pytest.raises(UnicodeEncodeError):
        pages.output()


def test_lab_signs_come_from_the_symbol_font_and_read_back_as_written() -> None:
    pages = _pages()
    line = "LDL ≥ 4.9 (≤ 6) ≠ 5 ≈ 5.1, ↑ high ↓ low → ← ∞ ≥≥ (end) ≤"
    pages.text(20, 30, line, False, 10, False)
    pages.text(20, 40, "Range: " + line, True, 12, True)
    pages.text(20, 50, "after the signs, Helvetica again", False, 10, False)
    data = pages.output()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = pdf.pages[0].Resources.Font
        assert str(fonts.F3.BaseFont) == "/Symbol"
        assert all("/FontDescriptor" not in font for font in fonts.values())  # none embedded
        content = pdf.pages[0].Contents.read_bytes()
    assert content.count(b"/F3 10.00 Tf") == 11 and content.count(b"/F3 12.00 Tf") == 11
    words = pdf_words(data)
    assert line in words and "Range: " + line in words
    assert "after the signs, Helvetica again" in words
    assert line in pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_pages_without_signs_name_no_symbol_font() -> None:
    pages = _pages()
    pages.text(20, 30, "LDL 4.9 mmol/L", False, 10, False)
    with pikepdf.open(io.BytesIO(pages.output())) as pdf:
        assert "/F3" not in pdf.pages[0].Resources.Font


def test_text_lands_where_asked_in_black_or_grey() -> None:
    pages = _pages()
    pages.text(20, 30, "MMMMMMMM", True, 20, False)
    pages.text(20, 120, "MMMMMMMM", True, 20, True)
    image = _ink(pages.output())
    k = image.width / layout.PAGE_WIDTH

    def darkest(top_mm: float) -> int:
        box = (int(20 * k), int((top_mm - 6) * k), int(60 * k), int(top_mm * k))
        return int(image.crop(box).convert("L").getextrema()[0])

    assert darkest(30) < 40  # black letters just above the baseline
    assert 60 < darkest(120) < 130  # grey ones
    assert image.crop((0, 0, image.width, int(20 * k))).convert("L").getextrema()[0] > 240


def test_rules_and_cell_borders_are_drawn_and_header_cells_are_filled() -> None:
    pages = _pages()
    pages.line(20, 50, 180, 50)
    pages.rect(20, 80, 80, 20, True)
    pages.rect(110, 80, 80, 20, False)
    image = _ink(pages.output(), scale=2)
    k = image.width / layout.PAGE_WIDTH
    rule = [image.getpixel((int(x * k), int(50 * k))) for x in (30, 100, 170)]
    assert all(max(pixel) < 200 for pixel in rule)
    inside_filled = image.getpixel((int(60 * k), int(90 * k)))
    inside_open = image.getpixel((int(150 * k), int(90 * k)))
    assert 220 < inside_filled[0] < 245 and inside_open == (255, 255, 255)
    border = image.getpixel((int(150 * k), int(80 * k)))
    assert max(border) < 200


def test_a_picture_fills_the_box_keeping_its_proportions_centred() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), (200, 30, 30)).save(buffer, "JPEG", quality=90)
    pages = _pages()
    pages.image(Picture(buffer.getvalue(), 200, 100), 20, 20, 100, 100)
    data = pages.output()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        (picture,) = pdf.pages[0].Resources.XObject.values()
        assert (int(picture.Width), int(picture.Height)) == (200, 100)
    image = _ink(data)
    k = image.width / layout.PAGE_WIDTH
    red = image.getpixel((int(70 * k), int(70 * k)))  # the centre of the box
    assert red[0] > 150 and red[1] < 90
    for above_or_below in (30, 110):  # a wide picture leaves bands above and below
        assert image.getpixel((int(70 * k), int(above_or_below * k))) == (255, 255, 255)


def test_a_long_record_runs_over_several_pages_with_every_word() -> None:
    words = [f"word{n}" for n in range(3000)]
    rendering = Rendering(
        title="Long note",
        kind="C-CDA Progress note",
        sections=[Section("Note", [Paragraph([Run(" ".join(words))])])],
    )
    data = rendering_pdf(rendering)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert len(pdf.pages) > 3
    text = " ".join(pdf_words(data).split())
    assert " ".join(words) in text


def test_an_underlined_run_underlines_its_words_not_the_spaces_after_a_wrap() -> None:
    rendering = Rendering(
        title="Letter",
        kind="C-CDA Progress note",
        sections=[
            Section("Plan", [Paragraph([Run("Take "), Run("only with food", underline=True)])])
        ],
    )
    data = rendering_pdf(rendering)
    assert "Take only with food" in " ".join(pdf_words(data).split())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        content = pdf.pages[0].Contents.read_bytes().decode("latin-1")
    # one rule under each of the three words (plus the heading's rule), none under spaces
    assert content.count(" l S") == 4


def _contents(data: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [page.Contents.read_bytes() for page in pdf.pages]


@pytest.mark.parametrize("fill", [False, True], ids=["body", "header"])
def test_a_plain_row_is_written_as_its_cells_one_by_one(fill: bool) -> None:
    widths = [30.0, 45.5, 20.25]
    texts: list[tuple[str, bool] | None] = [("LDL (calc)", True), None, ("Café ≥ 5", False)]
    whole = _pages()
    whole.text(5, 10, "Before", False, 9, True)  # a grey font state the row must change
    whole.plain_row(20, 40, 6.5, 44.2, 1.2, 9, widths, texts, fill)
    one_by_one = _pages()
    one_by_one.text(5, 10, "Before", False, 9, True)
    x = 20.0
    for width, entry in zip(widths, texts, strict=True):
        one_by_one.rect(x, 40, width, 6.5, fill)
        if entry is not None:
            one_by_one.text(x + 1.2, 44.2, entry[0], entry[1], 9, False)
        x += width
    assert _contents(whole.output()) == _contents(one_by_one.output())


def test_page_contents_are_deflate_streams_any_zlib_reads() -> None:
    pages = _pages()
    pages.text(20, 30, "Metformin 500 mg", False, 10.5, False)
    with pikepdf.open(io.BytesIO(pages.output())) as pdf:
        stream = pdf.pages[0].Contents
        assert stream.Filter == "/FlateDecode"
        raw = stream.read_raw_bytes()
    assert b"(Metformin 500 mg) Tj" in zlib.decompress(raw)
