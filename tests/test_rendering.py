"""Clinical files made readable: every section's narrative reaches the PDF pages and the
HTML copy, in document order, with the header the file gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rendering_support import (
    SAMPLES,
    cda_patient_name,
    cda_section_chunks,
    fhir_narrative_chunks,
    html_words,
    load_json,
    missing_in_order,
    pdf_words,
    squeezed,
    xdm_documents,
)

from organizer.core.rendering.html import rendering_html
from organizer.core.rendering.model import Table
from organizer.core.rendering.pdf import rendering_pdf
from organizer.core.rendering.read import NotRenderable, render_file

CCDA = sorted((SAMPLES / "ccda").iterdir())
FHIR = sorted((SAMPLES / "fhir").iterdir())
XDM = sorted((SAMPLES / "xdm").iterdir())


def _both_outputs(path: Path) -> tuple[str, str]:
    rendering = render_file(path)
    return squeezed(pdf_words(rendering_pdf(rendering))), squeezed(
        html_words(rendering_html(rendering))
    )


def _check_cda(path: Path) -> None:
    data = path.read_bytes()
    sections = cda_section_chunks(data)
    pdf_text, html_text = _both_outputs(path)
    everything = [chunk for section in sections for chunk in section]
    assert missing_in_order(everything, pdf_text) == [], path.name
    assert missing_in_order(everything, html_text) == [], path.name
    for part in cda_patient_name(data):
        assert squeezed(part) in pdf_text, part


@pytest.mark.parametrize("path", CCDA, ids=[p.name for p in CCDA])
def test_every_ccda_section_narrative_is_on_the_pages_in_order(path: Path) -> None:
    _check_cda(path)


@pytest.mark.parametrize("path", XDM, ids=[p.name for p in XDM])
def test_every_narrative_of_a_ccda_inside_an_xdm_zip_is_on_the_pages(
    path: Path, tmp_path: Path
) -> None:
    documents = xdm_documents(path)
    assert documents, "each sample zip holds a C-CDA"
    for name, data in documents:
        copy = tmp_path / Path(name).name
        copy.write_bytes(data)
        _check_cda(copy)


@pytest.mark.parametrize("path", FHIR, ids=[p.name for p in FHIR])
def test_every_fhir_narrative_is_on_the_pages(path: Path) -> None:
    narratives = fhir_narrative_chunks(load_json(path))
    pdf_text, html_text = _both_outputs(path)
    for chunks in narratives:
        assert missing_in_order(chunks, pdf_text) == [], path.name
        assert missing_in_order(chunks, html_text) == [], path.name


def test_the_header_names_type_date_author_organisation_and_patient() -> None:
    rendering = render_file(SAMPLES / "ccda" / "hl7__Discharge_Summary.xml")
    fields = dict(rendering.fields)
    assert rendering.kind.startswith("C-CDA")
    for label in ("Date", "Patient", "Born", "Sex", "Author", "Organisation"):
        assert fields.get(label), label
    assert fields["Date"][:4].isdigit()


def test_a_fhir_document_reads_its_composition_header_and_sections() -> None:
    path = SAMPLES / "fhir" / "hl7ex__Bundle-father.json"
    data = load_json(path)
    composition = data["entry"][0]["resource"]
    rendering = render_file(path)
    assert rendering.title == composition["title"]
    titles = [section.title for section in rendering.sections]
    assert titles == [section["title"] for section in composition["section"]]
    assert dict(rendering.fields)["Patient"]


def test_a_fhir_collection_groups_resources_with_a_line_each(tmp_path: Path) -> None:
    path = next(p for p in FHIR if p.name.startswith("synthea__Clemente"))
    data = load_json(path)
    rendering = render_file(path)
    count = len(data["entry"])
    assert f"{count} resources" in dict(rendering.fields)["Contents"]
    rows = sum(
        len(block.rows)
        for section in rendering.sections
        for block in section.blocks
        if isinstance(block, Table)
    )
    with_narrative = sum(1 for e in data["entry"] if e["resource"].get("text", {}).get("div"))
    assert rows + with_narrative == count


def test_an_unstructured_document_prints_the_pdf_it_carries() -> None:
    rendering = render_file(SAMPLES / "ccda" / "hl7__Unstructured_Document_embed.xml")
    assert [a.media_type for a in rendering.attachments] == ["application/pdf"]
    pages = pdf_words(rendering_pdf(rendering))
    embedded = pdf_words((SAMPLES / "pdf" / "hl7__UD_sample.pdf").read_bytes())
    assert squeezed(embedded)[:200] in squeezed(pages)


def test_embedded_plain_text_is_shown_as_paragraphs(tmp_path: Path) -> None:
    import base64

    words = "Seen for cough.\n\nPlan: chest X-ray, follow up in two weeks."
    body = base64.b64encode(words.encode()).decode()
    path = tmp_path / "note.xml"
    path.write_text(
        '<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Visit note</title>'
        f'<component><nonXMLBody><text mediaType="text/plain" representation="B64">{body}'
        "</text></nonXMLBody></component></ClinicalDocument>"
    )
    rendering = render_file(path)
    text = pdf_words(rendering_pdf(rendering))
    assert "Plan: chest X-ray" in " ".join(text.split())


def test_narrative_markup_is_kept_as_structure_and_nothing_active_survives(
    tmp_path: Path,
) -> None:
    path = tmp_path / "styled.xml"
    path.write_text(
        '<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Note</title><component>'
        "<structuredBody><component><section><title>Plan</title><text>"
        '<paragraph><content styleCode="Bold">Stop</content> aspirin<footnote ID="f1">'
        "before surgery</footnote></paragraph>"
        '<list listType="ordered"><item>Labs</item><item>CT <linkHtml href="http://x.test/'
        '">report</linkHtml></item></list>'
        '<renderMultiMedia referencedObject="p1"/>'
        "<table><thead><tr><th>Test</th><th>Value</th></tr></thead>"
        '<tbody><tr><td>Hb</td><td colspan="1">13.1 g/dL</td></tr></tbody></table>'
        "</text></section></component></structuredBody></component></ClinicalDocument>"
    )
    rendering = render_file(path)
    page = rendering_html(rendering).decode()
    assert "<b>Stop</b>" in page
    assert "<ol>" in page and "<th>" in page
    assert "href" not in page and "x.test" not in page and "<script" not in page
    assert "picture is not shown" in page
    text = " ".join(pdf_words(rendering_pdf(rendering)).split())
    assert "Stop aspirin [before surgery]" in text
    assert "1. Labs" in text and "13.1 g/dL" in text


def test_fhir_narrative_is_sanitised(tmp_path: Path) -> None:
    div = (
        '<div xmlns="http://www.w3.org/1999/xhtml"><p onclick="x()">Dose&nbsp;<b>10 mg</b>'
        '</p><script>alert(1)</script><img src="http://tracker.test/p.png"/>'
        '<a href="javascript:bad()">link text</a><style>p{}</style></div>'
    )
    path = tmp_path / "condition.json"
    path.write_text(
        json.dumps({"resourceType": "Condition", "text": {"status": "generated", "div": div}})
    )
    page = rendering_html(render_file(path)).decode()
    assert "Dose\u00a0" not in page and "Dose <b>10 mg</b>" in page
    for bad in ("onclick", "alert", "tracker.test", "javascript", "p{}"):
        assert bad not in page
    assert "link text" in page


def test_a_ccr_shows_each_section_as_a_table(tmp_path: Path) -> None:
    path = tmp_path / "ccr.xml"
    path.write_text(
        '<ContinuityOfCareRecord xmlns="urn:astm-org:CCR"><DateTime><ExactDateTime>'
        "2024-05-01T10:00:00Z</ExactDateTime></DateTime><Patient><ActorID>P1</ActorID>"
        "</Patient><Body><Medications><Medication><Description><Text>Metformin 500 mg"
        "</Text></Description><Status><Text>Active</Text></Status></Medication>"
        "</Medications><Alerts><Alert><Description><Text>Penicillin: rash</Text>"
        "</Description></Alert></Alerts></Body><Actors><Actor><ActorObjectID>P1"
        "</ActorObjectID><Person><Name><CurrentName><Given>Ana</Given><Family>Diaz"
        "</Family></CurrentName></Name></Person></Actor></Actors></ContinuityOfCareRecord>"
    )
    rendering = render_file(path)
    assert dict(rendering.fields)["Patient"] == "Ana Diaz"
    assert [s.title for s in rendering.sections] == ["Medications", "Alerts"]
    text = " ".join(pdf_words(rendering_pdf(rendering)).split())
    assert "Metformin 500 mg" in text and "Active" in text and "Penicillin: rash" in text


def test_fhir_xml_is_read_like_json(tmp_path: Path) -> None:
    path = tmp_path / "bundle.xml"
    path.write_text(
        '<Bundle xmlns="http://hl7.org/fhir"><type value="collection"/><entry><resource>'
        '<Patient><id value="p1"/><name><family value="Diaz"/><given value="Ana"/></name>'
        '<birthDate value="1961-04-09"/></Patient></resource></entry><entry><resource>'
        '<Condition><text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml">'
        "<p>Asthma, since childhood</p></div></text></Condition></resource></entry></Bundle>"
    )
    rendering = render_file(path)
    assert dict(rendering.fields)["Patient"] == "Ana Diaz"
    assert "Asthma, since childhood" in rendering.plain_text()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<notes><note>hello</note></notes>", "not a clinical document"),
        (b'{"name": "not fhir"}', "not a FHIR resource"),
        (b"<ClinicalDocument xmlns='urn:hl7-org:v3'><title>cut", "not well-formed"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "entities"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
            "external",
        ),
    ],
)
def test_what_cannot_be_rendered_says_why(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "file"
    path.write_bytes(content)
    with pytest.raises(NotRenderable, match=reason):
        render_file(path)


def test_the_hostile_sample_files_are_refused(tmp_path: Path) -> None:
    hostile = [p for p in (SAMPLES / "bad").iterdir() if p.suffix.lower() == ".xml"]
    assert hostile
    for path in hostile:
        with pytest.raises(NotRenderable):
            render_file(path)


def test_preformatted_columns_become_a_table_and_other_preformatted_text_keeps_its_lines(
    tmp_path: Path,
) -> None:
    columns = "Test         Units    Value\nCholesterol  mmol/L   6.3\nHDL Chol.    mmol/L   1.3"
    prose = "Seen today.\nPlan:  rest and fluids,\nreview in a week."
    div = f'<div xmlns="http://www.w3.org/1999/xhtml"><pre>{columns}</pre><pre>{prose}</pre></div>'
    path = tmp_path / "report.json"
    path.write_text(json.dumps({"resourceType": "DiagnosticReport", "text": {"div": div}}))
    (section,) = render_file(path).sections
    tables = [block for block in section.blocks if isinstance(block, Table)]
    assert len(tables) == 1 and len(tables[0].rows) == 2 and tables[0].columns == 3
    assert "Seen today.\nPlan: rest and fluids,\nreview in a week." in section.blocks[-1].plain()
