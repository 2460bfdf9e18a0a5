"""Reading a C-CDA (R1.1, R2.1) or HITSP C32 document into the clinical model.

The file is read as a stream of elements through the project's safe XML parser: the
header parts (patient, authors, custodian) and each section entry are read when their
element ends and then cleared, so a document with 100,000 entries keeps memory flat.
Sections are recognised by templateId root, then by their LOINC code (older CCD and C32
files use other templates for the same sections). An entry that cannot be read becomes
a note; it never costs the document.
"""

from __future__ import annotations

import base64
import binascii
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from organizer.core.clinical.codes import (
    iso_date,
    name_for_code,
    number,
    range_words,
    system_name,
)
from organizer.core.clinical.model import (
    Allergy,
    Attachment,
    ClinicalDocument,
    Code,
    Encounter,
    Identifier,
    Immunization,
    Medication,
    Note,
    Party,
    PatientAsNamed,
    Problem,
    Procedure,
    Provenance,
    Result,
    Section,
    SourceFormat,
    VitalSign,
)
from organizer.core.importing.safexml import TREE_LIMIT, XmlRefused, parse_tree, safe_events

V3 = "{urn:hl7-org:v3}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
MAX_ITEMS = 20_000
"""Items kept per document; beyond it the rest is noted, so memory stays bounded."""
MAX_NARRATIVE_CHARS = 2_000_000
MAX_REFERENCES = 50_000
MAX_REFERENCE_CHARS = 2_000
MAX_ATTACHMENT_BYTES = 64 * 1024**2

_C = "2.16.840.1.113883.10.20.22.2."
SECTION_TEMPLATES = {
    _C + "1": "medications", _C + "1.1": "medications",
    _C + "6": "allergies", _C + "6.1": "allergies",
    _C + "5": "problems", _C + "5.1": "problems",
    _C + "3": "results", _C + "3.1": "results",
    _C + "4": "vitals", _C + "4.1": "vitals",
    _C + "7": "procedures", _C + "7.1": "procedures",
    _C + "22": "encounters", _C + "22.1": "encounters",
    _C + "2": "immunizations", _C + "2.1": "immunizations",
    # medications and diagnoses of a hospital stay: at discharge, on admission, given
    _C + "11": "medications", _C + "11.1": "medications", _C + "44": "medications",
    _C + "38": "medications", _C + "24": "problems", _C + "43": "problems",
    # CCD 1.0 (HL7 CCD) and HITSP C32 section templates
    "2.16.840.1.113883.10.20.1.8": "medications", "2.16.840.1.113883.10.20.1.2": "allergies",
    "2.16.840.1.113883.10.20.1.11": "problems", "2.16.840.1.113883.10.20.1.14": "results",
    "2.16.840.1.113883.10.20.1.16": "vitals", "2.16.840.1.113883.10.20.1.12": "procedures",
    "2.16.840.1.113883.10.20.1.3": "encounters", "2.16.840.1.113883.10.20.1.6": "immunizations",
}  # fmt: skip
SECTION_CODES = {
    "10160-0": "medications", "48765-2": "allergies", "11450-4": "problems",
    "30954-2": "results", "8716-3": "vitals", "47519-4": "procedures",
    "46240-8": "encounters", "11369-6": "immunizations", "10183-2": "medications",
    "75311-1": "medications", "42346-7": "medications", "29549-3": "medications",
    "11535-2": "problems", "46241-6": "problems",
}  # fmt: skip
_E = "2.16.840.1.113883.10.20.22.4."
ALLERGY_OBSERVATION = {_E + "7", "2.16.840.1.113883.10.20.1.18"}
PROBLEM_OBSERVATION = {_E + "4", "2.16.840.1.113883.10.20.1.28"}
SEVERITY = {_E + "8", "2.16.840.1.113883.10.20.1.55"}
CRITICALITY = {_E + "145"}
STATUS_OBSERVATIONS = {_E + "28", _E + "6", "2.16.840.1.113883.10.20.1.39",
                       "2.16.840.1.113883.10.20.1.50"}  # fmt: skip
REACTION = {_E + "9", "2.16.840.1.113883.10.20.1.54"}
NO_KNOWN_ALLERGY_CODES = {"716186003", "409137002", "428607008", "429625007"}
ALLERGY_CATEGORIES = {
    "416098002": "drug", "419511003": "drug", "59037007": "drug", "414285001": "food",
    "235719002": "food", "418471000": "food", "426232007": "environment",
    "419199007": "", "418038007": "",
}  # fmt: skip
INTERPRETATION_WORDS = {"H": "high", "L": "low", "HH": "critical high", "LL": "critical low",
                        "A": "abnormal", "AA": "critical abnormal", "N": "normal"}  # fmt: skip


class Bounded(Exception):
    """Too many items in one document: stop adding, note it once."""


# -- small element helpers ------------------------------------------------------------------


def _kids(element: ET.Element | None, name: str) -> list[ET.Element]:
    return [] if element is None else element.findall(V3 + name)


def _kid(element: ET.Element | None, *path: str) -> ET.Element | None:
    for name in path:
        if element is None:
            return None
        element = element.find(V3 + name)
    return element


def _words(element: ET.Element | None, limit: int = 100_000) -> str:
    """The element's text, whitespace collapsed, up to ``limit`` characters.

    Reads only as much text as the limit needs, so a huge narrative costs no more memory
    than the limit.
    """
    if element is None:
        return ""
    pieces: list[str] = []
    used = 0
    for text in _texts(element):
        pieces.append(text)
        used += len(text)
        if used > limit * 2:
            break
    return " ".join("".join(pieces).split())[:limit]


def _short_words(element: ET.Element) -> str:
    """A short text (a name a code points to), read without the block spacing."""
    pieces: list[str] = []
    used = 0
    for text in element.itertext():
        pieces.append(text)
        used += len(text)
        if used > MAX_REFERENCE_CHARS:
            break
    return " ".join("".join(pieces).split())[:MAX_REFERENCE_CHARS]


BLOCKS = frozenset(V3 + name for name in ("paragraph", "item", "tr", "td", "th", "br", "list",
                                          "table", "caption", "footnote", "title", "text"))  # fmt: skip


def _texts(element: ET.Element) -> Iterator[str]:
    """The text in document order, with a space where a block (paragraph, cell...) ends."""
    yield element.text or ""
    for child in element:
        block = child.tag in BLOCKS
        if block:
            yield " "
        yield from _texts(child)
        if block:
            yield " "
        yield child.tail or ""


def _templates(element: ET.Element) -> set[str]:
    return {t.get("root", "") for t in _kids(element, "templateId")}


def _has_template(element: ET.Element, roots: set[str]) -> bool:
    return bool(_templates(element) & roots)


def _descendants(element: ET.Element, tag: str) -> Iterator[ET.Element]:
    return element.iter(V3 + tag)


@dataclass
class _SectionState:
    section: Section
    kind: str = ""
    references: dict[str, str] = field(default_factory=dict)
    entries: int = 0


class CdaReader:
    """Reads one ClinicalDocument; call ``read`` once."""

    def __init__(self, keep_narrative_xml: bool = False) -> None:
        self.doc = ClinicalDocument(format=SourceFormat.CDA)
        self.keep_narrative_xml = keep_narrative_xml
        self._sections: list[_SectionState] = []
        self._count = 0
        self._bounded = False

    # -- the walk -----------------------------------------------------------------------------

    def read(self, path: Path) -> ClinicalDocument:
        if path.stat().st_size <= TREE_LIMIT:
            self._visit(parse_tree(path))
        else:  # too large to hold: element by element, each cleared when read
            with safe_events(path) as events:
                self._walk(events)
        return self.doc

    def _visit(self, root: ET.Element) -> None:
        """The same reading as ``_walk``, over a tree already parsed whole."""
        if root.tag != V3 + "ClinicalDocument":
            raise XmlRefused("the XML is not a C-CDA clinical document")
        for child in root:
            if child.tag != V3 + "component":
                self._header(child)
                continue
            for body in child:
                if body.tag == V3 + "nonXMLBody":
                    self._non_xml_body(body)
                for component in _kids(body, "component"):
                    for section in _kids(component, "section"):
                        self._visit_section(section, nested=False)

    def _visit_section(self, element: ET.Element, nested: bool) -> None:
        self._sections.append(_SectionState(Section()))
        for child in element:
            if child.tag == V3 + "component":
                for inner in _kids(child, "section"):
                    self._visit_section(inner, nested=True)
            else:
                self._section_part(child, self._sections[-1])
        self._finish_section(nested)

    def _walk(self, events: Iterator[tuple[str, ET.Element]]) -> None:
        stack: list[ET.Element] = []
        for event, element in events:
            if event == "start":
                if element.tag == V3 + "section":
                    self._sections.append(_SectionState(Section()))
                stack.append(element)
                continue
            stack.pop()
            parent = stack[-1] if stack else None
            self._end(element, parent, len(stack))

    def _end(self, element: ET.Element, parent: ET.Element | None, depth: int) -> None:
        tag = element.tag
        if depth == 1:
            self._header(element)
            if tag != V3 + "component":
                return
        if parent is None:
            return
        if parent.tag == V3 + "section" and self._sections:
            self._section_part(element, self._sections[-1])
        elif tag == V3 + "section":
            self._close_section(element, parent)
        elif tag == V3 + "nonXMLBody":
            self._non_xml_body(element)
            element.clear()

    # -- header -------------------------------------------------------------------------------

    def _header(self, element: ET.Element) -> None:
        tag = element.tag[len(V3) :] if element.tag.startswith(V3) else ""
        doc = self.doc
        if tag == "title":
            doc.title = _words(element)
        elif tag == "code":
            doc.type_code = self._code(element, {})
        elif tag == "effectiveTime":
            doc.date = self._date(element.get("value", ""), Provenance("header"))
        elif tag == "recordTarget":
            self._patient(element)
        elif tag == "author":
            doc.authors.append(self._party(_kid(element, "assignedAuthor"), "author"))
        elif tag in ("legalAuthenticator", "authenticator"):
            role = "legal authenticator" if tag == "legalAuthenticator" else "authenticator"
            doc.authors.append(self._party(_kid(element, "assignedEntity"), role))
        elif tag == "custodian":
            found = _kid(element, "assignedCustodian", "representedCustodianOrganization")
            if found is not None:
                doc.organisations.append(self._organisation(found, "custodian"))
        elif tag == "documentationOf":
            for performer in _descendants(element, "performer"):
                doc.authors.append(self._party(_kid(performer, "assignedEntity"), "performer"))
        element.clear()

    def _patient(self, element: ET.Element) -> None:
        role = _kid(element, "patientRole")
        patient = PatientAsNamed()
        for ident in _kids(role, "id"):
            value = ident.get("extension") or ""
            if value and not ident.get("nullFlavor"):
                patient.identifiers.append(Identifier(value, ident.get("root", "")))
        person = _kid(role, "patient")
        for name in _kids(person, "name"):
            if text := self._person_name(name):
                patient.names.append(text)
        birth = _kid(person, "birthTime")
        if birth is not None:
            patient.birth_date = self._date(birth.get("value", ""), Provenance("patient"))
        gender = _kid(person, "administrativeGenderCode")
        if gender is not None:
            code = (gender.get("code") or "").upper()
            patient.sex = {"F": "F", "M": "M", "UN": "other"}.get(code, "unknown" if code else "")
        self.doc.patient = patient

    @staticmethod
    def _person_name(name: ET.Element | None) -> str:
        if name is None:
            return ""
        parts = [_words(p) for p in _kids(name, "prefix") + _kids(name, "given")]
        parts += [_words(p) for p in _kids(name, "family") + _kids(name, "suffix")]
        text = " ".join(p for p in parts if p)
        return text or _words(name)

    def _party(self, assigned: ET.Element | None, role: str) -> Party:
        party = Party(role=role)
        if assigned is None:
            return party
        person = _kid(assigned, "assignedPerson")
        party.name = self._person_name(_kid(person, "name"))
        if not party.name:
            party.name = _words(_kid(assigned, "assignedAuthoringDevice", "softwareName"))
        organisation = _kid(assigned, "representedOrganization")
        if organisation is not None:
            party.organisation = _words(_kid(organisation, "name"))
            if party.organisation and all(
                o.name != party.organisation for o in self.doc.organisations
            ):
                self.doc.organisations.append(self._organisation(organisation, role))
        telecom = _kid(assigned, "telecom")
        party.phone = (telecom.get("value", "") if telecom is not None else "").removeprefix("tel:")
        party.address = _words(_kid(assigned, "addr"))
        return party

    @staticmethod
    def _organisation(element: ET.Element, role: str) -> Party:
        telecom = _kid(element, "telecom")
        return Party(
            name=_words(_kid(element, "name")),
            organisation=_words(_kid(element, "name")),
            role=role,
            phone=(telecom.get("value", "") if telecom is not None else "").removeprefix("tel:"),
            address=_words(_kid(element, "addr")),
        )

    # -- sections -----------------------------------------------------------------------------

    def _section_part(self, element: ET.Element, state: _SectionState) -> None:
        tag = element.tag
        section = state.section
        if tag == V3 + "templateId":
            root = element.get("root", "")
            section.template = section.template or root
            state.kind = state.kind or SECTION_TEMPLATES.get(root, "")
        elif tag == V3 + "code":
            section.code = element.get("code", "")
            if not state.kind:
                state.kind = SECTION_CODES.get(section.code, "")
        elif tag == V3 + "title":
            section.title = _words(element)
        elif tag == V3 + "text":
            self._narrative(element, state)
            element.clear()
        elif tag == V3 + "entry":
            state.entries += 1
            self._entry(element, state)
            element.clear()

    def _narrative(self, element: ET.Element, state: _SectionState) -> None:
        state.section.narrative = _words(element, MAX_NARRATIVE_CHARS)
        for part in element.iter():
            ident = part.get("ID")
            if ident and len(state.references) < MAX_REFERENCES:
                state.references[ident] = _short_words(part)
        if self.keep_narrative_xml:
            state.section.narrative_xml = ET.tostring(element, encoding="unicode")

    def _close_section(self, element: ET.Element, parent: ET.Element) -> None:
        self._finish_section(nested=parent.tag == V3 + "component")
        element.clear()

    def _finish_section(self, nested: bool) -> None:
        state = self._sections.pop()
        if self._sections and nested:
            self._sections[-1].section.subsections.append(state.section)
        else:
            self.doc.sections.append(state.section)

    def _entry(self, element: ET.Element, state: _SectionState) -> None:
        if self._bounded:
            return  # past the limit: the rest is only checked to be well-formed
        provenance = Provenance(
            state.section.title, state.section.code or state.section.template,
            _entry_label(element, state.entries),
        )  # fmt: skip
        reader = _ENTRY_READERS.get(state.kind)
        try:
            if reader is not None:
                reader(self, element, state, provenance)
            self._media(element, provenance)
        except Bounded:
            if not self._bounded:
                self._bounded = True
                self.doc.notes.append(
                    Note(f"more than {MAX_ITEMS:,} entries: the rest were left out", provenance)
                )
        except (ValueError, TypeError, AttributeError, KeyError) as error:
            self.doc.notes.append(Note(f"an entry could not be read ({error})", provenance))

    def _keep(self) -> None:
        self._count += 1
        if self._count > MAX_ITEMS:
            raise Bounded

    # -- values -------------------------------------------------------------------------------

    def _code(self, element: ET.Element | None, references: dict[str, str]) -> Code:
        if element is None:
            return Code()
        code = element.get("code", "") if not element.get("nullFlavor") else ""
        system = system_name(element.get("codeSystem", "")) if code else ""
        display = (element.get("displayName") or "").strip()
        if not display:
            display = self._original_text(element, references)
        if not code or not display:
            for translation in _kids(element, "translation"):
                if not code and translation.get("code"):
                    code = translation.get("code", "")
                    system = system_name(translation.get("codeSystem", ""))
                display = display or (translation.get("displayName") or "").strip()
        return Code(code, system, display)

    @staticmethod
    def _named(code: Code) -> str:
        return code.display or name_for_code(code.code, code.system)

    @staticmethod
    def _original_text(element: ET.Element, references: dict[str, str]) -> str:
        original = _kid(element, "originalText")
        if original is None:
            return ""
        reference = _kid(original, "reference")
        if reference is not None:
            target = reference.get("value", "").lstrip("#")
            if target in references:
                return references[target]
        return _words(original)

    def _date(self, text: str, provenance: Provenance) -> str:
        value = iso_date(text)
        if value is None:
            self.doc.notes.append(Note(f'the date "{text[:40]}" could not be read', provenance))
            return ""
        return value

    def _time(self, element: ET.Element | None, provenance: Provenance) -> tuple[str, str]:
        """(start, end) of an effectiveTime: a point, or an interval's low and high."""
        if element is None:
            return "", ""
        if element.get("value"):
            point = self._date(element.get("value", ""), provenance)
            return point, ""
        low, high = _kid(element, "low"), _kid(element, "high")
        start = self._date(low.get("value", ""), provenance) if low is not None else ""
        end = self._date(high.get("value", ""), provenance) if high is not None else ""
        if not start and not end and (center := _kid(element, "center")) is not None:
            start = self._date(center.get("value", ""), provenance)
        return start, end

    @staticmethod
    def _quantity(element: ET.Element | None) -> str:
        if element is None or element.get("nullFlavor"):
            return ""
        value = element.get("value", "")
        unit = element.get("unit", "")
        if unit == "1":
            unit = ""
        return " ".join(p for p in (value, unit) if p)

    def _status(self, element: ET.Element, references: dict[str, str]) -> str:
        for relation in _kids(element, "entryRelationship"):
            for observation in _kids(relation, "observation"):
                if _has_template(observation, STATUS_OBSERVATIONS):
                    return self._code(_kid(observation, "value"), references).display
        status = _kid(element, "statusCode")
        return status.get("code", "") if status is not None else ""

    def _performer(self, element: ET.Element) -> str:
        for performer in _kids(element, "performer"):
            party = self._party(_kid(performer, "assignedEntity"), "performer")
            if party.name or party.organisation:
                return party.name or party.organisation
        return ""

    # -- entries by section -------------------------------------------------------------------

    def _medications(self, entry: ET.Element, state: _SectionState, where: Provenance) -> None:
        # a discharge or admission medication wraps its medication activity in an act; the
        # activity's own free-text sig is a substanceAdministration inside it, not another
        for given in _outermost(entry, V3 + "substanceAdministration"):
            self._medication(given, state, where)

    def _medication(self, given: ET.Element, state: _SectionState, where: Provenance) -> None:
        refs = state.references
        material = _kid(given, "consumable", "manufacturedProduct", "manufacturedMaterial")
        code = self._code(_kid(material, "code"), refs)
        name = code.display or _words(_kid(material, "name")) or self._named(code)
        if given.get("negationInd") == "true":
            self.doc.notes.append(Note("states no current medications", where))
            return
        if not name:
            self.doc.notes.append(Note("a medication without a name was left out", where))
            return
        self._keep()
        medication = Medication(name=name, code=code, provenance=where)
        medication.status = self._status(given, refs)
        for timing in _kids(given, "effectiveTime"):
            kind = timing.get(XSI_TYPE, "")
            if kind.endswith("PIVL_TS") or kind.endswith("EIVL_TS"):
                medication.frequency = medication.frequency or _frequency(timing)
            elif not medication.start and not medication.stop:
                medication.start, medication.stop = self._time(timing, where)
        medication.dose = self._quantity(_kid(given, "doseQuantity"))
        if not medication.dose:
            low = _kid(given, "doseQuantity", "low")
            medication.dose = self._quantity(low)
        medication.route = self._code(_kid(given, "routeCode"), refs).display
        medication.instructions = self._original_text(given, refs) or _words(_kid(given, "text"))
        self.doc.medications.append(medication)

    def _allergies(self, entry: ET.Element, state: _SectionState, where: Provenance) -> None:
        found = [o for o in _descendants(entry, "observation")
                 if _has_template(o, ALLERGY_OBSERVATION)]  # fmt: skip
        if not found:  # no templates: the observations the concern act is about
            found = [o for act in _kids(entry, "act") for rel in _kids(act, "entryRelationship")
                     for o in _kids(rel, "observation")]  # fmt: skip
            found = found or _kids(entry, "observation")
        concern = _kid(entry, "act")
        for observation in found:
            self._allergy(observation, concern, state, where)

    def _allergy(
        self,
        observation: ET.Element,
        concern: ET.Element | None,
        state: _SectionState,
        where: Provenance,
    ) -> None:
        refs = state.references
        value = self._code(_kid(observation, "value"), refs)
        entity = _kid(observation, "participant", "participantRole", "playingEntity")
        substance = self._code(_kid(entity, "code"), refs)
        name = substance.display or _words(_kid(entity, "name")) or self._named(substance)
        negated = observation.get("negationInd") == "true"
        if value.code in NO_KNOWN_ALLERGY_CODES or (negated and not substance.code):
            self._keep()
            self.doc.allergies.append(
                Allergy(name="No known allergies", no_known_allergies=True, provenance=where,
                        code=value)
            )  # fmt: skip
            return
        if not name:
            name = value.display
        if not name:
            self.doc.notes.append(Note("an allergy without a substance was left out", where))
            return
        self._keep()
        allergy = Allergy(name=name, code=substance, provenance=where)
        allergy.category = ALLERGY_CATEGORIES.get(value.code, "")
        allergy.onset = self._time(_kid(observation, "effectiveTime"), where)[0]
        for relation in _kids(observation, "entryRelationship"):
            for inner in _kids(relation, "observation"):
                templates = _templates(inner)
                words = self._code(_kid(inner, "value"), refs).display
                if templates & SEVERITY:
                    allergy.severity = allergy.severity or words
                elif templates & CRITICALITY:
                    allergy.criticality = words
                elif templates & STATUS_OBSERVATIONS:
                    allergy.status = words
                elif templates & REACTION or relation.get("typeCode") == "MFST":
                    allergy.reaction = ", ".join(p for p in (allergy.reaction, words) if p)
                    for deeper in _descendants(inner, "observation"):
                        if deeper is not inner and _has_template(deeper, SEVERITY):
                            allergy.severity = (
                                allergy.severity or self._code(_kid(deeper, "value"), refs).display
                            )
        if not allergy.status and concern is not None:
            allergy.status = self._status(concern, refs)
        self.doc.allergies.append(allergy)

    def _problems(self, entry: ET.Element, state: _SectionState, where: Provenance) -> None:
        found = [o for o in _descendants(entry, "observation")
                 if _has_template(o, PROBLEM_OBSERVATION)]  # fmt: skip
        if not found:
            found = [o for act in _kids(entry, "act") for rel in _kids(act, "entryRelationship")
                     for o in _kids(rel, "observation")]  # fmt: skip
            found = found or _kids(entry, "observation")
        concern = _kid(entry, "act")
        for observation in found:
            refs = state.references
            code = self._code(_kid(observation, "value"), refs)
            if not code.display:
                code = Code(code.code, code.system, self._original_text(observation, refs)
                            or _words(_kid(observation, "text")))  # fmt: skip
            if observation.get("negationInd") == "true":
                self.doc.notes.append(Note("states no known problems", where))
                continue
            if not code.display and code.code:
                code = Code(code.code, code.system, self._named(code))
            if not code.display:
                self.doc.notes.append(Note("a problem without a name was left out", where))
                continue
            self._keep()
            problem = Problem(name=code.display, code=code, provenance=where)
            problem.onset, problem.resolved = self._time(_kid(observation, "effectiveTime"), where)
            problem.status = self._status(observation, refs)
            if problem.status in ("", "completed") and concern is not None:
                problem.status = self._status(concern, refs) or problem.status
            self.doc.problems.append(problem)

    def _results(self, entry: ET.Element, state: _SectionState, where: Provenance) -> None:
        vital = state.kind == "vitals"
        for organizer in _kids(entry, "organizer"):
            self._panel(organizer, vital, state, where)
        for observation in _kids(entry, "observation"):
            self._result(observation, Code(), "", vital, state, where)

    def _panel(self, organizer: ET.Element, vital: bool, state: _SectionState,
               where: Provenance) -> None:  # fmt: skip
        """A result organizer: its observations, and those of any panel inside it."""
        panel = self._code(_kid(organizer, "code"), state.references)
        when = self._time(_kid(organizer, "effectiveTime"), where)[0]
        for component in _kids(organizer, "component"):
            for observation in _kids(component, "observation"):
                self._result(observation, panel, when, vital, state, where)
            for inner in _kids(component, "organizer"):
                self._panel(inner, vital, state, where)

    def _result(
        self,
        observation: ET.Element,
        panel: Code,
        panel_date: str,
        vital: bool,
        state: _SectionState,
        where: Provenance,
    ) -> None:
        refs = state.references
        code = self._code(_kid(observation, "code"), refs)
        name = code.display or _words(_kid(observation, "text")) or self._named(code)
        if not name:
            self.doc.notes.append(Note("a result without a test name was left out", where))
            return
        self._keep()
        item = (VitalSign if vital else Result)(name=name, code=code, provenance=where)
        item.panel, item.panel_code = panel.display, panel
        item.date = self._time(_kid(observation, "effectiveTime"), where)[0] or panel_date
        status = _kid(observation, "statusCode")
        item.status = status.get("code", "") if status is not None else ""
        _value_into(item, _kid(observation, "value"), self, refs)
        flag = _kid(observation, "interpretationCode")
        if flag is not None:
            item.interpretation = flag.get("code", "") or self._code(flag, refs).display
        _range_into(item, _kid(observation, "referenceRange", "observationRange"))
        if vital:
            self.doc.vital_signs.append(item)  # type: ignore[arg-type]
        else:
            self.doc.results.append(item)

    def _procedures(self, entry: ET.Element, state: _SectionState, where: Provenance) -> None:
        for tag in ("procedure", "observation", "act"):
            for element in _kids(entry, tag):
                code = self._code(_kid(element, "code"), state.references)
                name = self._original_text(element, state.references) or self._named(code)
                name = code.display or name
                if not name:
                    self.doc.notes.append(Note("a procedure without a name was left out", where))
                    continue
                self._keep()
                procedure = Procedure(name=name, code=code, provenance=where)
                procedure.date = self._time(_kid(element, "effectiveTime"), where)[0]
                procedure.performer = self._performer(element)
                procedure.body_site = self._code(
                    _kid(element, "targetSiteCode"), state.references
                ).display
                status = _kid(element, "statusCode")
                procedure.status = status.get("code", "") if status is not None else ""
                self.doc.procedures.append(procedure)

    def _encounters(self, entry: ET.Element, state: _SectionState, where: Provenance) -> None:
        refs = state.references
        for element in _kids(entry, "encounter"):
            code = self._code(_kid(element, "code"), refs)
            self._keep()
            encounter = Encounter(name=code.display or "Visit", code=code, provenance=where)
            encounter.date, encounter.end = self._time(_kid(element, "effectiveTime"), where)
            encounter.provider = self._performer(element)
            for participant in _kids(element, "participant"):
                if participant.get("typeCode") == "LOC":
                    role = _kid(participant, "participantRole")
                    encounter.place = _words(_kid(role, "playingEntity", "name")) or (
                        self._code(_kid(role, "code"), refs).display
                    )
            for relation in _kids(element, "entryRelationship"):
                for observation in _kids(relation, "observation"):
                    reason = self._code(_kid(observation, "value"), refs).display
                    encounter.reason = encounter.reason or reason
            self.doc.encounters.append(encounter)

    def _immunizations(self, entry: ET.Element, state: _SectionState, where: Provenance) -> None:
        refs = state.references
        for given in _kids(entry, "substanceAdministration"):
            material = _kid(given, "consumable", "manufacturedProduct", "manufacturedMaterial")
            code = self._code(_kid(material, "code"), refs)
            name = code.display or _words(_kid(material, "name")) or self._named(code)
            if not name:
                self.doc.notes.append(Note("a vaccine without a name was left out", where))
                continue
            self._keep()
            shot = Immunization(name=name, code=code, provenance=where)
            shot.date = self._time(_kid(given, "effectiveTime"), where)[0]
            shot.lot = _words(_kid(material, "lotNumberText"))
            shot.dose = self._quantity(_kid(given, "doseQuantity"))
            shot.status = "not given" if given.get("negationInd") == "true" else (
                self._status(given, refs)
            )  # fmt: skip
            self.doc.immunizations.append(shot)

    # -- embedded files -----------------------------------------------------------------------

    def _non_xml_body(self, element: ET.Element) -> None:
        text = _kid(element, "text")
        if text is None:
            return
        where = Provenance("nonXMLBody", "", "document body")
        self._attachment(text, self.doc.title or "Embedded document", where)

    def _media(self, entry: ET.Element, where: Provenance) -> None:
        for media in _descendants(entry, "observationMedia"):
            value = _kid(media, "value")
            if value is not None:
                self._attachment(value, _words(_kid(media, "text")) or "Embedded file", where)

    def _attachment(self, element: ET.Element, title: str, where: Provenance) -> None:
        media_type = element.get("mediaType", "text/plain")
        raw = "".join(element.itertext())
        if element.get("representation", "TXT").upper() == "B64":
            if len(raw) > MAX_ATTACHMENT_BYTES * 4 // 3 + 4096:
                self.doc.notes.append(Note("an embedded file is too large and was left out", where))
                return
            try:
                data = base64.b64decode("".join(raw.split()), validate=True)
            except (binascii.Error, ValueError):
                self.doc.notes.append(Note("an embedded file is damaged and was left out", where))
                return
        else:
            reference = _kid(element, "reference")
            if reference is not None and not raw.strip():
                self.doc.notes.append(
                    Note(f"refers to a file not inside it ({reference.get('value', '')[:80]})",
                         where)
                )  # fmt: skip
                return
            data = raw.encode("utf-8")
        if data:
            self.doc.attachments.append(Attachment(media_type, data, title, where))


def _outermost(element: ET.Element, tag: str) -> Iterator[ET.Element]:
    """Descendants with ``tag`` that are not inside another one."""
    for child in element:
        if child.tag == tag:
            yield child
        else:
            yield from _outermost(child, tag)


def _entry_label(element: ET.Element, position: int) -> str:
    for child in element:
        for ident in _kids(child, "id"):
            root, extension = ident.get("root", ""), ident.get("extension", "")
            if root or extension:
                return f"entry {position} ({root}{'/' if extension else ''}{extension})"
        break
    return f"entry {position}"


def _frequency(timing: ET.Element) -> str:
    period = _kid(timing, "period")
    if period is not None and period.get("value"):
        unit = {"h": "hours", "d": "days", "wk": "weeks", "min": "minutes", "mo": "months"}
        value, code = period.get("value", ""), period.get("unit", "")
        return f"every {value} {unit.get(code, code)}".strip()
    event = _kid(timing, "event")
    if event is not None and event.get("code"):
        return f"at event {event.get('code')}"
    return ""


def _value_into(item: Result, value: ET.Element | None, reader: CdaReader,
                refs: dict[str, str]) -> None:  # fmt: skip
    if value is None or value.get("nullFlavor"):
        return
    kind = value.get(XSI_TYPE, "").rsplit(":", 1)[-1]
    if kind in ("PQ", "INT", "REAL", "MO") or (value.get("value") and not value.get("code")):
        item.value = value.get("value", "")
        item.numeric = number(item.value)
        unit = value.get("unit", "") or value.get("currency", "")
        item.unit = "" if unit == "1" else unit
    elif kind in ("CD", "CE", "CO", "CV") or value.get("code"):
        item.value = reader._code(value, refs).display or value.get("code", "")
    elif kind == "IVL_PQ":
        low, high = _kid(value, "low"), _kid(value, "high")
        parts = [p.get("value", "") for p in (low, high) if p is not None]
        item.value = "-".join(p for p in parts if p)
        source = low if low is not None else high
        item.unit = source.get("unit", "") if source is not None else ""
    else:
        item.value = _words(value)


def _range_into(item: Result, observation_range: ET.Element | None) -> None:
    if observation_range is None:
        return
    value = _kid(observation_range, "value")
    low = _kid(value, "low")
    high = _kid(value, "high")
    item.low = number(low.get("value", "")) if low is not None else None
    item.high = number(high.get("value", "")) if high is not None else None
    text = _words(_kid(observation_range, "text"))
    if not text:
        source = low if low is not None else high
        text = range_words(
            low.get("value", "") if low is not None else "",
            high.get("value", "") if high is not None else "",
            source.get("unit", "") if source is not None else "",
        )
    item.reference_range = text


_EntryReader = Callable[[CdaReader, ET.Element, _SectionState, Provenance], None]
_ENTRY_READERS: dict[str, _EntryReader] = {
    "medications": CdaReader._medications,
    "allergies": CdaReader._allergies,
    "problems": CdaReader._problems,
    "results": CdaReader._results,
    "vitals": CdaReader._results,
    "procedures": CdaReader._procedures,
    "encounters": CdaReader._encounters,
    "immunizations": CdaReader._immunizations,
}


def read_cda(path: Path, keep_narrative_xml: bool = False) -> ClinicalDocument:
    """Read a C-CDA file; raise XmlRefused when it is unsafe or damaged."""
    return CdaReader(keep_narrative_xml).read(path)


def cda_from_root(root: ET.Element, keep_narrative_xml: bool = False) -> ClinicalDocument:
    """Read a C-CDA already parsed whole (by ``safexml.parse_tree``)."""
    reader = CdaReader(keep_narrative_xml)
    reader._visit(root)
    return reader.doc
