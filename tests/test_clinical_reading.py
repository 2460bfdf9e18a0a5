"""The clinical readers on odd, damaged and hostile input, and on the forms samples lack."""

from __future__ import annotations

import base64
import json
import resource
import time
from pathlib import Path

import pytest

from organizer.core.clinical.cda import MAX_ITEMS
from organizer.core.clinical.codes import iso_date
from organizer.core.clinical.reading import ClinicalRefused, read_clinical

CDA_OPEN = """<?xml version="1.0"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<title>Test summary</title><effectiveTime value="{when}"/>
<recordTarget><patientRole><id root="2.16.840.1.113883.19.5" extension="MRN-7"/>
<patient><name><given>Ana</given><family>Diaz</family></name>
<administrativeGenderCode code="F"/><birthTime value="196104"/></patient>
</patientRole></recordTarget>
<component><structuredBody>
"""
CDA_CLOSE = "</structuredBody></component></ClinicalDocument>"


def section(template: str, title: str, entries: str, text: str = "") -> str:
    return (
        f'<component><section><templateId root="{template}"/><title>{title}</title>'
        f"<text>{text}</text>{entries}</section></component>"
    )


def medication(name: str = "Lisinopril 10 MG Oral Tablet", when: str = "20200301") -> str:
    return (
        '<entry><substanceAdministration classCode="SBADM" moodCode="EVN">'
        '<effectiveTime xsi:type="IVL_TS"><low value="' + when + '"/></effectiveTime>'
        '<effectiveTime xsi:type="PIVL_TS" operator="A"><period value="12" unit="h"/>'
        '</effectiveTime><doseQuantity value="1"/>'
        "<consumable><manufacturedProduct><manufacturedMaterial>"
        '<code code="314076" codeSystem="2.16.840.1.113883.6.88" displayName="' + name + '"/>'
        "</manufacturedMaterial></manufacturedProduct></consumable>"
        "</substanceAdministration></entry>"
    )


def write(tmp_path: Path, text: str, name: str = "doc.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_patient_as_named_and_a_medication_with_its_details(tmp_path: Path) -> None:
    meds = section("2.16.840.1.113883.10.20.22.2.1.1", "Medications", medication())
    path = write(tmp_path, CDA_OPEN.format(when="20240105") + meds + CDA_CLOSE)
    document = read_clinical(path)
    assert document is not None
    assert document.patient.name == "Ana Diaz"
    assert document.patient.birth_date == "1961-04"
    assert document.patient.sex == "F"
    assert document.patient.identifiers[0].value == "MRN-7"
    (taken,) = document.medications
    assert (taken.name, taken.code.code, taken.code.system) == (
        "Lisinopril 10 MG Oral Tablet", "314076", "rxnorm")  # fmt: skip
    assert taken.frequency == "every 12 hours"
    assert taken.start == "2020-03-01"
    assert taken.provenance.section == "Medications"
    assert taken.provenance.entry == "entry 1"


def test_code_words_come_from_original_text_reference_when_display_is_missing(
    tmp_path: Path,
) -> None:
    entry = (
        '<entry><act classCode="ACT" moodCode="EVN"><entryRelationship typeCode="SUBJ">'
        '<observation classCode="OBS" moodCode="EVN">'
        '<templateId root="2.16.840.1.113883.10.20.22.4.4"/>'
        '<effectiveTime><low value="2019"/></effectiveTime>'
        '<value xsi:type="CD" code="59621000" codeSystem="2.16.840.1.113883.6.96">'
        '<originalText><reference value="#p1"/></originalText></value>'
        "</observation></entryRelationship></act></entry>"
    )
    text = '<list><item><content ID="p1">High blood pressure</content></item></list>'
    problems = section("2.16.840.1.113883.10.20.22.2.5.1", "Problems", entry, text)
    path = write(tmp_path, CDA_OPEN.format(when="2024") + problems + CDA_CLOSE)
    document = read_clinical(path)
    assert document is not None
    (problem,) = document.problems
    assert problem.name == "High blood pressure"
    assert (problem.code.code, problem.code.system, problem.onset) == ("59621000", "snomed", "2019")
    assert document.sections[0].narrative == "High blood pressure"


def test_sections_found_by_loinc_code_without_templates(tmp_path: Path) -> None:
    meds = medication().replace("Lisinopril", "Metformin")
    body = (
        f'<component><section><code code="10160-0"/><title>Meds</title>{meds}</section></component>'
    )
    document = read_clinical(write(tmp_path, CDA_OPEN.format(when="2024") + body + CDA_CLOSE))
    assert document is not None
    assert [m.name for m in document.medications] == ["Metformin 10 MG Oral Tablet"]


def test_broken_dates_are_noted_and_the_entry_kept(tmp_path: Path) -> None:
    meds = section("2.16.840.1.113883.10.20.22.2.1", "Medications", medication(when="2020-13-45x"))
    path = write(tmp_path, CDA_OPEN.format(when="not a date") + meds + CDA_CLOSE)
    document = read_clinical(path)
    assert document is not None
    assert document.date == ""
    assert len(document.medications) == 1
    assert document.medications[0].start == ""
    notes = [note.text for note in document.notes]
    assert 'the date "not a date" could not be read' in notes
    assert 'the date "2020-13-45x" could not be read' in notes


def test_times_without_zone_and_partial_dates() -> None:
    assert iso_date("20160902122113") == "2016-09-02T12:21:13"
    assert iso_date("201609") == "2016-09"
    assert iso_date("20160902122113.123-0500") == "2016-09-02T12:21:13-05:00"
    assert iso_date("2016-02-30x") is None


def test_100000_entries_read_quickly_with_bounded_items(tmp_path: Path) -> None:
    entry = medication()
    path = tmp_path / "huge.xml"
    with open(path, "w", encoding="utf-8") as out:
        out.write(CDA_OPEN.format(when="2024"))
        out.write('<component><section><templateId root="2.16.840.1.113883.10.20.22.2.1"/>')
        for _ in range(100_000):
            out.write(entry)
        out.write("</section></component>" + CDA_CLOSE)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    document = read_clinical(path)
    elapsed = time.monotonic() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert document is not None
    assert len(document.medications) == MAX_ITEMS
    assert any("the rest were left out" in note.text for note in document.notes)
    assert elapsed < 120  # a guard against a hang, not a speed measurement
    assert grown_mb < 400, f"memory grew by {grown_mb:.0f} MB"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("xml_bomb__xmlbomb.xml", "XML bomb"),
        ("xml_bomb__quadratic.xml", "XML bomb"),
        ("xml_xxe__external.xml", "external"),
    ],
)
def test_entity_bombs_and_external_entities_are_refused(
    samples: Path, name: str, words: str
) -> None:
    with pytest.raises(ClinicalRefused, match=words):
        read_clinical(samples / "bad" / name)


def test_a_damaged_fragment_is_refused_with_where_it_breaks(samples: Path) -> None:
    with pytest.raises(ClinicalRefused, match=r"not well-formed \(line 68"):
        read_clinical(samples / "bad" / "ccda_fragment__Sample_invalid-SnippetOnly.xml")


def test_xml_that_is_not_a_clinical_document_is_not_read(tmp_path: Path) -> None:
    assert read_clinical(write(tmp_path, "<html><body>Portal page</body></html>")) is None


def test_damaged_json_is_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(ClinicalRefused, match="damaged"):
        read_clinical(write(tmp_path, '{"resourceType": "Bundle", "entry": [', "x.json"))


def test_unstructured_document_gives_its_pdf_as_an_attachment(samples: Path) -> None:
    document = read_clinical(samples / "ccda" / "hl7__Unstructured_Document_embed.xml")
    assert document is not None
    (attachment,) = document.attachments
    assert attachment.media_type == "application/pdf"
    assert attachment.data.startswith(b"%PDF")


FHIR_XML = """<Bundle xmlns="http://hl7.org/fhir">
  <type value="collection"/>
  <entry><fullUrl value="urn:uuid:1"/><resource><Patient>
    <id value="p1"/><name><family value="Diaz"/><given value="Ana"/></name>
    <gender value="female"/><birthDate value="1961-04-09"/>
  </Patient></resource></entry>
  <entry><resource><MedicationStatement>
    <status value="active"/>
    <medicationCodeableConcept><coding><system value="http://www.nlm.nih.gov/research/umls/rxnorm"/>
      <code value="860975"/><display value="Metformin 500 MG Oral Tablet"/></coding>
    </medicationCodeableConcept>
    <dosage><text value="twice a day"/><doseAndRate><doseQuantity><value value="1"/>
      <unit value="tablet"/></doseQuantity></doseAndRate></dosage>
  </MedicationStatement></resource></entry>
  <entry><resource><Observation>
    <text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p>HbA1c 7.1 %</p></div></text>
    <status value="final"/>
    <category><coding><code value="laboratory"/></coding></category>
    <code><coding><system value="http://loinc.org"/><code value="4548-4"/>
      <display value="Hemoglobin A1c"/></coding></code>
    <effectiveDateTime value="2024-01-05T09:30:00"/>
    <valueQuantity><value value="7.1"/><unit value="%"/></valueQuantity>
    <interpretation><coding><code value="H"/></coding></interpretation>
    <referenceRange><low><value value="4"/></low><high><value value="5.6"/></high></referenceRange>
  </Observation></resource></entry>
</Bundle>"""


def test_fhir_xml_reads_like_fhir_json(tmp_path: Path) -> None:
    document = read_clinical(write(tmp_path, FHIR_XML, "bundle.xml"))
    assert document is not None
    assert document.patient.name == "Ana Diaz"
    assert document.patient.birth_date == "1961-04-09"
    (medication_,) = document.medications
    assert (medication_.name, medication_.dose) == ("Metformin 500 MG Oral Tablet", "1 tablet")
    (result,) = document.results
    assert (result.value, result.numeric, result.unit) == ("7.1", 7.1, "%")
    assert (result.interpretation, result.low, result.high) == ("H", 4.0, 5.6)
    assert result.date == "2024-01-05T09:30:00"
    assert "HbA1c 7.1 %" in document.sections[0].narrative


def test_dstu2_names_and_a_document_reference_attachment(tmp_path: Path) -> None:
    pdf = base64.b64encode(b"%PDF-1.4 tiny").decode()
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [
            {"resource": {"resourceType": "MedicationOrder", "status": "active",
                          "medicationCodeableConcept": {"text": "Aspirin 81 mg"}}},
            {"resource": {"resourceType": "AllergyIntolerance", "status": "active",
                          "substance": {"text": "Peanut"},
                          "reaction": [{"manifestation": [{"text": "Hives"}],
                                        "severity": "severe"}]}},
            {"resource": {"resourceType": "DocumentReference",
                          "content": [{"attachment": {"contentType": "application/pdf",
                                                      "data": pdf, "title": "Letter"}}]}},
        ],
    }  # fmt: skip
    document = read_clinical(write(tmp_path, json.dumps(bundle), "b.json"))
    assert document is not None
    assert [m.name for m in document.medications] == ["Aspirin 81 mg"]
    (allergy,) = document.allergies
    assert (allergy.name, allergy.reaction, allergy.severity) == ("Peanut", "Hives", "severe")
    (attachment,) = document.attachments
    assert (attachment.title, attachment.data) == ("Letter", b"%PDF-1.4 tiny")


CCR = """<ContinuityOfCareRecord xmlns="urn:astm-org:CCR">
<Patient><ActorID>A1</ActorID></Patient>
<Body>
 <Medications><Medication><Status><Text>Active</Text></Status>
  <Product><ProductName><Text>Atorvastatin</Text></ProductName>
  <Strength><Value>20</Value><Units><Unit>mg</Unit></Units></Strength></Product>
 </Medication></Medications>
 <Alerts><Alert><Description><Text>Penicillin allergy</Text></Description>
  <Agent><Products><Product><Description><Text>Penicillin</Text></Description></Product>
  </Products></Agent><Reaction><Description><Text>Rash</Text></Description></Reaction></Alert>
 </Alerts>
</Body>
<Actors><Actor><ActorObjectID>A1</ActorObjectID><Person><Name><CurrentName>
 <Given>Ana</Given><Family>Diaz</Family></CurrentName></Name></Person></Actor></Actors>
</ContinuityOfCareRecord>"""


def test_ccr_sections_are_read_as_items_and_plain_tables(tmp_path: Path) -> None:
    document = read_clinical(write(tmp_path, CCR, "ccr.xml"))
    assert document is not None
    assert document.patient.name == "Ana Diaz"
    assert [(m.name, m.dose) for m in document.medications] == [("Atorvastatin", "20 mg")]
    assert [(a.name, a.reaction) for a in document.allergies] == [("Penicillin", "Rash")]
    assert [s.title for s in document.sections] == ["Medications", "Alerts"]


def test_streamed_and_whole_tree_readings_agree(
    samples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from organizer.core.clinical import cda

    path = samples / "ccda" / "hl7__CCD.XML"
    whole = cda.read_cda(path)
    monkeypatch.setattr(cda, "TREE_LIMIT", 0)  # force the element-by-element reading
    streamed = cda.read_cda(path)
    assert streamed.items() == whole.items()
    assert [s.narrative for s in streamed.sections] == [s.narrative for s in whole.sections]
    assert streamed.patient == whole.patient


@pytest.mark.parametrize(
    "name", ["xml_bomb__xmlbomb.xml", "xml_bomb__quadratic.xml", "xml_xxe__external.xml"]
)
def test_whole_tree_parse_refuses_what_the_stream_refuses(samples: Path, name: str) -> None:
    from organizer.core.importing.safexml import XmlRefused, parse_tree

    with pytest.raises(XmlRefused, match=r"entit|external"):
        parse_tree(samples / "bad" / name)


def test_an_undeclared_entity_without_a_doctype_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '<ClinicalDocument xmlns="urn:hl7-org:v3">&lol;</ClinicalDocument>')
    with pytest.raises(ClinicalRefused, match="not well-formed"):
        read_clinical(path)


def test_results_take_their_report_date_and_a_one_sided_range_in_words(samples: Path) -> None:
    document = read_clinical(samples / "fhir" / "hl7ex__Bundle-lipids.json")
    assert document is not None
    ranges = {r.name: (r.reference_range, r.date[:10], r.panel) for r in document.results}
    assert ranges["Cholesterol"] == ("up to 4.5 mmol/L", "2011-03-04", "Lipid Panel")
    assert ranges["Cholesterol in HDL"] == ("at least 1.5 mmol/L", "2011-03-04", "Lipid Panel")


def test_a_50_mb_narrative_is_read_with_bounded_memory(tmp_path: Path) -> None:
    from organizer.core.clinical.cda import MAX_NARRATIVE_CHARS

    path = tmp_path / "long.xml"
    paragraph = "<paragraph>" + "The patient was seen and examined today. " * 25 + "</paragraph>"
    with open(path, "w", encoding="utf-8") as out:
        out.write(CDA_OPEN.format(when="2024"))
        out.write('<component><section><templateId root="2.16.840.1.113883.10.20.22.2.5"/>')
        out.write('<title>Notes</title><text><content ID="n1">Asthma</content>')
        for _ in range(50 * 1024**2 // len(paragraph)):
            out.write(paragraph)
        out.write("</text></section></component>" + CDA_CLOSE)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    document = read_clinical(path)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert document is not None
    (section,) = document.sections
    assert section.narrative.startswith("Asthma The patient was seen")
    assert len(section.narrative) == MAX_NARRATIVE_CHARS
    assert grown_mb < 500, f"memory grew by {grown_mb:.0f} MB"
