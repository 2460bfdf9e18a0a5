"""Reading an ASTM CCR (Continuity of Care Record) into the clinical model.

CCR has no narrative: each body section is a list of coded elements. We read the parts
the model holds (medications, alerts as allergies, problems, results, vital signs,
procedures, encounters, immunizations) and give every section a plain-text narrative,
one line per element, so a renderer can show it as a table.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from organizer.core.clinical.codes import iso_date, number, system_name
from organizer.core.clinical.model import (
    Allergy,
    ClinicalDocument,
    Code,
    Encounter,
    Identifier,
    Immunization,
    Medication,
    PatientAsNamed,
    Problem,
    Procedure,
    Provenance,
    Result,
    Section,
    SourceFormat,
    VitalSign,
)
from organizer.core.importing.safexml import XmlRefused, whole_tree

CCR = "{urn:astm-org:CCR}"
MAX_ITEMS = 20_000
SECTIONS = {
    "Medications": "Medication", "Alerts": "Alert", "Problems": "Problem",
    "Results": "Result", "VitalSigns": "Result", "Procedures": "Procedure",
    "Encounters": "Encounter", "Immunizations": "Immunization",
}  # fmt: skip


def is_ccr_root(tag: str) -> bool:
    return tag == CCR + "ContinuityOfCareRecord"


def _find(element: ET.Element | None, path: str) -> ET.Element | None:
    if element is None:
        return None
    return element.find("/".join(CCR + part for part in path.split("/")))


def _text(element: ET.Element | None, path: str) -> str:
    found = _find(element, path)
    return "" if found is None else " ".join("".join(found.itertext()).split())


def _code(element: ET.Element | None) -> Code:
    described = _find(element, "Description")
    code = _find(described, "Code")
    return Code(_text(code, "Value"), system_name(_text(code, "CodingSystem")).lower(),
                _text(described, "Text"))  # fmt: skip


def _date(element: ET.Element | None) -> str:
    raw = _text(element, "DateTime/ExactDateTime")
    return iso_date(raw) or ""


def read_ccr(path: Path) -> ClinicalDocument:
    """Read a CCR file; raise XmlRefused when unsafe or not a CCR."""
    return ccr_from_root(whole_tree(path))


def ccr_from_root(root: ET.Element) -> ClinicalDocument:
    if not is_ccr_root(root.tag):
        raise XmlRefused("the XML is not a CCR record")
    doc = ClinicalDocument(format=SourceFormat.CCR, title="Continuity of Care Record (CCR)")
    doc.date = _date(root)
    doc.patient = _patient(root)
    body = _find(root, "Body")
    for section_name, item_name in SECTIONS.items():
        section = _find(body, section_name)
        if section is None:
            continue
        lines = []
        for position, element in enumerate(section.findall(CCR + item_name), start=1):
            where = Provenance(section_name, section_name, f"{item_name} {position}")
            if len(doc.items()) < MAX_ITEMS:
                _item(doc, section_name, element, where)
            lines.append(" ".join("".join(element.itertext()).split()))
        doc.sections.append(Section(title=section_name, code=section_name,
                                    narrative="\n".join(lines)))  # fmt: skip
    return doc


def _patient(root: ET.Element) -> PatientAsNamed:
    patient_id = _text(root, "Patient/ActorID")
    patient = PatientAsNamed()
    actors = _find(root, "Actors")
    for actor in actors.findall(CCR + "Actor") if actors is not None else []:
        if _text(actor, "ActorObjectID") != patient_id:
            continue
        name = _find(actor, "Person/Name/CurrentName")
        words = [_text(name, "Given"), _text(name, "Middle"), _text(name, "Family")]
        if any(words):
            patient.names.append(" ".join(w for w in words if w))
        patient.birth_date = iso_date(_text(actor, "Person/DateOfBirth/ExactDateTime")) or ""
        gender = _text(actor, "Person/Gender/Text").lower()
        patient.sex = {"female": "F", "male": "M", "f": "F", "m": "M"}.get(gender, gender)
        for ident in actor.findall(CCR + "IDs"):
            if value := _text(ident, "ID"):
                patient.identifiers.append(Identifier(value, _text(ident, "Type/Text")))
    return patient


def _item(doc: ClinicalDocument, section: str, element: ET.Element, where: Provenance) -> None:
    status = _text(element, "Status/Text")
    if section == "Medications":
        _medication(doc, element, status, where)
    elif section == "Alerts":
        _alert(doc, element, status, where)
    elif section in ("Results", "VitalSigns"):
        _results(doc, element, status, where, section == "VitalSigns")
    elif section == "Immunizations":
        vaccine = _text(element, "Product/ProductName/Text")
        if vaccine:
            doc.immunizations.append(Immunization(name=vaccine, date=_date(element),
                                                  status=status, provenance=where))  # fmt: skip
    else:
        _coded(doc, section, element, status, where)


def _medication(doc: ClinicalDocument, element: ET.Element, status: str,
                where: Provenance) -> None:  # fmt: skip
    product = _find(element, "Product")
    coded = _find(product, "ProductName/Code")
    name = Code(_text(coded, "Value"), system_name(_text(coded, "CodingSystem")).lower(),
                _text(product, "ProductName/Text"))  # fmt: skip
    if not name.display:
        return
    strength = [_text(product, "Strength/Value"), _text(product, "Strength/Units/Unit")]
    doc.medications.append(Medication(
        name=name.display, code=name, status=status, provenance=where,
        dose=" ".join(p for p in strength if p),
        route=_text(element, "Directions/Direction/Route/Text"),
        frequency=_text(element, "Directions/Direction/Frequency/Value"),
        start=_date(element)))  # fmt: skip


def _alert(doc: ClinicalDocument, element: ET.Element, status: str, where: Provenance) -> None:
    agent = _find(element, "Agent/Products/Product")
    name = _text(agent, "Description/Text") or _text(agent, "Product/BrandName/Text")
    name = name or _code(element).display
    if name:
        doc.allergies.append(Allergy(
            name=name, status=status, provenance=where,
            reaction=_text(element, "Reaction/Description/Text"),
            severity=_text(element, "Reaction/Severity/Text")))  # fmt: skip


def _results(doc: ClinicalDocument, element: ET.Element, status: str, where: Provenance,
             vital: bool) -> None:  # fmt: skip
    panel = _code(element)
    for test in element.findall(CCR + "Test"):
        code = _code(test)
        if not code.display:
            continue
        item = (VitalSign if vital else Result)(
            name=code.display, code=code, status=status, provenance=where,
            panel=panel.display, panel_code=panel, date=_date(test) or _date(element))  # fmt: skip
        item.value = _text(test, "TestResult/Value")
        item.numeric = number(item.value)
        item.unit = _text(test, "TestResult/Units/Unit")
        item.interpretation = _text(test, "Flag/Text")
        item.reference_range = _text(test, "NormalResult/Normal/Description/Text")
        if isinstance(item, VitalSign):
            doc.vital_signs.append(item)
        else:
            doc.results.append(item)


def _coded(doc: ClinicalDocument, section: str, element: ET.Element, status: str,
           where: Provenance) -> None:  # fmt: skip
    code = _code(element)
    when = _date(element)
    if section == "Problems" and code.display:
        doc.problems.append(Problem(name=code.display, code=code, status=status, onset=when,
                                    provenance=where))  # fmt: skip
    elif section == "Procedures" and code.display:
        doc.procedures.append(Procedure(name=code.display, code=code, status=status, date=when,
                                        provenance=where))  # fmt: skip
    elif section == "Encounters":
        doc.encounters.append(Encounter(name=code.display or "Visit", code=code, date=when,
                                        provenance=where))  # fmt: skip
