"""Which font the clinical pages are drawn in: Helvetica (nothing embedded) when every
character fits its encoding, the shipped font otherwise; either way the words print."""

from __future__ import annotations

import io

import pikepdf
from rendering_support import SAMPLES, cda_section_chunks, missing_in_order, pdf_words, squeezed

from organizer.core.rendering.model import Paragraph, Rendering, Run, Section
from organizer.core.rendering.pdf import fits_standard_font, rendering_pdf
from organizer.core.rendering.read import render_file


def _rendering(name: str, words: str) -> Rendering:
    return Rendering(
        title="Clinic letter",
        kind="C-CDA Progress note",
        fields=[("Patient", name)],
        sections=[Section("Plan", [Paragraph([Run("Seen: ", bold=True), Run(words)])])],
    )


def _fonts(data: bytes) -> list[tuple[str, bool]]:
    """Each font the pages use: its name, and whether the file carries its glyphs."""
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descendants = font.get("/DescendantFonts")
                described = descendants[0] if descendants is not None else font
                descriptor = described.get("/FontDescriptor")
                embedded = descriptor is not None and any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                found.append((str(font.BaseFont), embedded))
    return found


def test_western_european_names_print_in_helvetica_without_embedding() -> None:
    name = "María José Núñez-Größer"
    # a bullet, a multiplication sign, a euro sign, an en dash and curly quotes: all WinAnsi
    words = "ibuprofen 400 mg \u2022 3\u00d7 daily, costs 5 \u20ac \u2013 \u201cas needed\u201d"
    data = rendering_pdf(_rendering(name, words))
    assert {font for font, _ in _fonts(data)} == {"/Helvetica", "/Helvetica-Bold"}
    assert not any(embedded for _, embedded in _fonts(data))
    text = " ".join(pdf_words(data).split())
    assert name in text
    assert f"Seen: {words}" in text


def test_greek_and_cyrillic_names_print_with_the_embedded_shipped_font() -> None:
    for name in ("Γιώργος Παπαδόπουλος", "Ирина Смирнова"):
        data = rendering_pdf(_rendering(name, "follow up in two weeks"))
        fonts = _fonts(data)
        assert fonts and all(embedded for _, embedded in fonts), fonts
        assert not any("Helvetica" in font for font, _ in fonts)
        assert name in " ".join(pdf_words(data).split())


def test_one_character_outside_the_encoding_is_enough_to_embed() -> None:
    data = rendering_pdf(_rendering("Ana Diaz", "LDL ≥ 4.9 mmol/L, \u03b1-fetoprotein"))
    assert all(embedded for _, embedded in _fonts(data))
    assert "LDL ≥ 4.9 mmol/L, \u03b1-fetoprotein" in " ".join(pdf_words(data).split())


def test_lab_signs_stay_in_the_standard_fonts_with_symbol() -> None:
    words = "LDL ≥ 4.9 mmol/L, HDL ≤ 1.0 ↓, glucose ↑ (≠ fasting) ± 0.2 µg"
    data = rendering_pdf(_rendering("Ana Díaz ≥", words))
    fonts = _fonts(data)
    assert {font for font, _ in fonts} == {"/Helvetica", "/Helvetica-Bold", "/Symbol"}
    assert not any(embedded for _, embedded in fonts)
    text = " ".join(pdf_words(data).split())
    assert "Ana Díaz ≥" in text
    assert f"Seen: {words}" in text


def test_zero_width_characters_do_not_force_embedding_and_are_not_drawn() -> None:
    assert fits_standard_font("Total\u200bcholesterol\ufeff")
    data = rendering_pdf(_rendering("Ana Diaz", "Total\u200bcholesterol 5.2"))
    assert {font for font, _ in _fonts(data)} == {"/Helvetica", "/Helvetica-Bold"}
    assert "Totalcholesterol 5.2" in " ".join(pdf_words(data).split())


def test_both_fonts_print_every_narrative_of_a_real_record_in_order() -> None:
    path = SAMPLES / "ccda" / "hl7__Discharge_Summary.xml"
    chunks = [c for section in cda_section_chunks(path.read_bytes()) for c in section]
    rendering = render_file(path)
    standard = rendering_pdf(rendering)
    shipped = rendering_pdf(rendering, standard_font=False)
    assert {font for font, _ in _fonts(standard)} == {"/Helvetica", "/Helvetica-Bold"}
    assert all(embedded for _, embedded in _fonts(shipped))
    for data in (standard, shipped):
        assert missing_in_order(chunks, squeezed(pdf_words(data))) == []
