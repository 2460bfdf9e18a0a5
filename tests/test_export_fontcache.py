"""The shipped font is read once per process; each PDF still embeds only its own glyphs."""

from __future__ import annotations

import datetime as _dt
import io
from typing import Any

import pikepdf
import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.fonts import TTFFont
from rendering_support import pdf_words

from organizer.core.export import fontcache, fonts
from organizer.core.export.layout import Pages

WHEN = _dt.datetime(2026, 3, 12, 9, 30, tzinfo=_dt.UTC)


def _page(words: str) -> bytes:
    pages = Pages(words)
    pages.add_page()
    pages.paragraph(words)
    pages.paragraph(words, bold=True)
    return bytes(pages.output())


def _embedded_glyphs(data: bytes) -> list[int]:
    """How many glyphs each embedded font file holds."""
    counts = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for font in pdf.pages[0].Resources.Font.values():
            descriptor = font.DescendantFonts[0].FontDescriptor
            program = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
            counts.append(program["maxp"].numGlyphs)
    return counts


def test_a_second_document_reads_no_font_file_again(monkeypatch: pytest.MonkeyPatch) -> None:
    _page("Γιώργος Παπαδόπουλος")  # the fonts are read here, or were before
    made = []
    original = TTFFont.__init__

    def counting(self: TTFFont, *args: Any, **kwargs: Any) -> None:
        made.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(TTFFont, "__init__", counting)
    data = _page("Ирина Смирнова")
    assert made == []
    assert "Ирина Смирнова" in pdf_words(data)


def test_each_document_embeds_only_its_own_glyphs() -> None:
    russian = _page("Ирина Смирнова")
    greek = _page("Γιώργος Παπαδόπουλος, ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ")
    again = _page("Ирина Смирнова")
    assert "Γιώργος Παπαδόπουλος" in pdf_words(greek)
    assert "Ирина Смирнова" in pdf_words(again)
    assert _embedded_glyphs(again) == _embedded_glyphs(russian)
    assert max(_embedded_glyphs(again)) < 20  # the letters of the name, not the font


def _font_files(data: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fonts = pdf.pages[0].Resources.Font.values()
        return [font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes() for font in fonts]


def test_the_embedded_font_is_the_one_fpdf2_would_embed_itself() -> None:
    """The kept copy leaves out only what embedding drops: the same bytes reach the file."""
    words = "Ana Díaz: LDL ≥ 4.9 mmol/L, Γιώργος, Ирина, ﬁ ligature, 10 µg"
    made = []
    for shared in (False, True):
        pdf = FPDF()
        if shared:
            fontcache.add_font(pdf, "body", "", fonts.REGULAR)
        else:
            pdf.add_font("body", "", str(fonts.REGULAR))
        pdf.set_creation_date(WHEN)
        pdf.add_page()
        pdf.set_font("body", size=12)
        pdf.text(20, 20, words)
        made.append(bytes(pdf.output()))
    assert _font_files(made[0]) == _font_files(made[1])
    assert made[0] == made[1]
