"""Reading FHIR (R4, with STU3 and DSTU2 names where they differ) into the clinical model.

Input is the JSON value of a Bundle of any type (nested bundles too, as a batch
response carries) or a single resource; ``fhirxml`` turns the XML form into the same
shape. Every getter tolerates a list where one value was expected and the other way
round, since files from real systems do both. A resource that cannot be read becomes a
note; it never costs the file.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator
from typing import Any

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

MAX_RESOURCES = 200_000
MAX_ITEMS = 20_000
MAX_ATTACHMENT_BYTES = 64 * 1024**2
NOT_RESULTS = {"social-history", "survey", "sdoh", "activity", "therapy"}
NO_KNOWN_ALLERGY = {"716186003", "409137002", "428607008", "429625007"}
MEDICATION_TYPES = ("MedicationRequest", "MedicationStatement", "MedicationOrder")
_TAGS = re.compile(r"<[^>]*>")

Json = dict[str, Any]


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _dict(value: Any) -> Json:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""


def _code(concept: Any) -> Code:
    """A CodeableConcept (or DSTU2/STU3 plain code text) as our Code."""
    if isinstance(concept, str):
        return Code(display=concept)
    concept = _dict(concept)
    display = _text(concept.get("text"))
    code = system = ""
    for coding in _list(concept.get("coding")):
        coding = _dict(coding)
        if not code and coding.get("code"):
            code = _text(coding.get("code"))
            system = system_name(_text(coding.get("system")))
        display = display or _text(coding.get("display"))
    return Code(code, system, display)


def _named(code: Code) -> str:
    return code.display or name_for_code(code.code, code.system)


def _status(value: Any) -> str:
    if isinstance(value, str):
        return value
    code = _code(value)
    return code.code or code.display


def _human_name(value: Any) -> str:
    name = _dict(value)
    if name.get("text"):
        return _text(name["text"])
    parts = [_text(p) for p in _list(name.get("prefix")) + _list(name.get("given"))]
    parts += [_text(p) for p in _list(name.get("family")) + _list(name.get("suffix"))]
    return " ".join(p for p in parts if p)


def _quantity(value: Any) -> str:
    quantity = _dict(value)
    amount = quantity.get("value")
    unit = _text(quantity.get("unit")) or _text(quantity.get("code"))
    text = _text(amount) if amount is not None else ""
    if isinstance(amount, float) and amount.is_integer():
        text = str(int(amount))
    return " ".join(p for p in (text, unit if unit != "1" else "") if p)


def _strip(xhtml: str) -> str:
    return " ".join(_TAGS.sub(" ", xhtml).split())


class FhirReader:
    """Reads one FHIR JSON value into one ClinicalDocument."""

    def __init__(self) -> None:
        self.doc = ClinicalDocument(format=SourceFormat.FHIR)
        self._index: dict[str, Json] = {}
        self._panel_of: dict[int, tuple[Code, Any]] = {}

    def read(self, data: Any) -> ClinicalDocument:
        resources = list(self._resources(data))
        for resource in resources:
            self._remember(resource)
        self._panels(resources)
        narratives: dict[str, list[str]] = {}
        for resource in resources:
            kind = _text(resource.get("resourceType"))
            reader = _READERS.get(kind)
            where = Provenance(kind, kind, f"{kind}/{_text(resource.get('id'))}".rstrip("/"))
            if len(self.doc.items()) >= MAX_ITEMS and reader is not None:
                self.doc.notes.append(
                    Note(f"more than {MAX_ITEMS:,} items: the rest were left out", where)
                )
                break
            try:
                if reader is not None:
                    reader(self, resource, where)
            except (ValueError, TypeError, AttributeError, KeyError) as error:
                self.doc.notes.append(Note(f"a {kind} could not be read ({error})", where))
            div = _text(_dict(resource.get("text")).get("div")) if kind != "Composition" else ""
            if div:
                narratives.setdefault(kind, []).append(_strip(div))
        if not self.doc.sections:
            for kind, texts in narratives.items():
                self.doc.sections.append(Section(title=kind, code=kind, narrative=" ".join(texts)))
        if not self.doc.title:
            self.doc.title = self._default_title(data)
        return self.doc

    # -- walking and indexing -----------------------------------------------------------------

    def _resources(self, data: Any, depth: int = 0) -> Iterator[Json]:
        """Every resource in the value, bundles opened (nested ones too), contained ones kept."""
        stack: list[tuple[Any, int]] = [(data, depth)]
        seen = 0
        while stack:
            value, level = stack.pop()
            resource = _dict(value)
            if not resource.get("resourceType"):
                continue
            seen += 1
            if seen > MAX_RESOURCES:
                self.doc.notes.append(Note(f"more than {MAX_RESOURCES:,} resources: not read"))
                return
            if resource["resourceType"] == "Bundle" and level < 8:
                if level == 0:
                    self._bundle_header(resource)
                entries = _list(resource.get("entry"))
                for entry in reversed(entries):
                    entry = _dict(entry)
                    inner = entry.get("resource") or _dict(entry.get("response")).get("outcome")
                    if isinstance(inner, dict):
                        if entry.get("fullUrl"):
                            self._index[_text(entry["fullUrl"])] = inner
                        stack.append((inner, level + 1))
                continue
            yield resource
            for contained in _list(resource.get("contained")):
                if isinstance(contained, dict) and contained.get("id"):
                    self._index["#" + _text(contained["id"])] = contained

    def _bundle_header(self, bundle: Json) -> None:
        self.doc.date = self._date(bundle.get("timestamp"), Provenance("Bundle"))

    def _remember(self, resource: Json) -> None:
        kind, ident = _text(resource.get("resourceType")), _text(resource.get("id"))
        if ident:
            self._index[f"{kind}/{ident}"] = resource
            self._index[f"urn:uuid:{ident}"] = resource

    def _resolve(self, reference: Any) -> Json:
        ref = _text(_dict(reference).get("reference"))
        if not ref:
            return {}
        found = self._index.get(ref)
        if found is None and "/" in ref:
            found = self._index.get("/".join(ref.rsplit("/", 2)[-2:]))
        return found or {}

    def _display(self, reference: Any) -> str:
        target = self._resolve(reference)
        return _text(_dict(reference).get("display")) or self._party_name(target)

    def _party_name(self, resource: Json) -> str:
        if not resource:
            return ""
        if resource.get("resourceType") == "Organization":
            return _text(resource.get("name"))
        for name in _list(resource.get("name")):
            if text := _human_name(name):
                return text
        return _text(resource.get("name"))

    def _panels(self, resources: list[Json]) -> None:
        """Observations grouped by a DiagnosticReport or a panel Observation: note the panel."""
        for resource in resources:
            kind = resource.get("resourceType")
            members = (
                resource.get("result") if kind == "DiagnosticReport" else resource.get("hasMember")
            )
            for reference in _list(members):
                target = self._resolve(reference)
                if target:
                    when = resource.get("effectiveDateTime") or resource.get("issued")
                    self._panel_of[id(target)] = (_code(resource.get("code")), when)

    def _date(self, value: Any, where: Provenance) -> str:
        text = _text(value)
        parsed = iso_date(text)
        if parsed is None:
            self.doc.notes.append(Note(f'the date "{text[:40]}" could not be read', where))
            return ""
        return parsed

    def _first_date(self, resource: Json, where: Provenance, *keys: str) -> str:
        for key in keys:
            value = resource.get(key)
            if isinstance(value, dict):
                value = value.get("start") or value.get("end")
            if value:
                return self._date(value, where)
        return ""

    def _default_title(self, data: Any) -> str:
        resource = _dict(data)
        kind = _text(resource.get("resourceType")) or "FHIR"
        if kind == "Bundle":
            return f"FHIR {_text(resource.get('type')) or 'bundle'} bundle"
        return f"FHIR {kind}"

    # -- resources ----------------------------------------------------------------------------

    def _patient(self, resource: Json, where: Provenance) -> None:
        patient = PatientAsNamed()
        for name in _list(resource.get("name")):
            if text := _human_name(name):
                patient.names.append(text)
        patient.birth_date = self._date(resource.get("birthDate"), where)
        gender = _text(resource.get("gender")).lower()
        patient.sex = {"female": "F", "male": "M", "other": "other"}.get(gender, gender)
        for ident in _list(resource.get("identifier")):
            ident = _dict(ident)
            if ident.get("value"):
                patient.identifiers.append(
                    Identifier(_text(ident["value"]), _text(ident.get("system")))
                )
        if not self.doc.patient.names:
            self.doc.patient = patient

    def _composition(self, resource: Json, where: Provenance) -> None:
        self.doc.title = _text(resource.get("title")) or self.doc.title
        self.doc.type_code = _code(resource.get("type"))
        self.doc.date = self._date(resource.get("date"), where) or self.doc.date
        for author in _list(resource.get("author")):
            target = self._resolve(author)
            party = Party(name=self._display(author), role="author")
            if target.get("resourceType") == "Organization":
                party.organisation = party.name
            self.doc.authors.append(party)
        custodian = resource.get("custodian")
        if custodian:
            self.doc.organisations.append(Party(name=self._display(custodian), role="custodian"))
        self.doc.sections = [self._section(s) for s in _list(resource.get("section"))]

    def _section(self, value: Any) -> Section:
        section = _dict(value)
        div = _text(_dict(section.get("text")).get("div"))
        return Section(
            title=_text(section.get("title")),
            code=_code(section.get("code")).code,
            narrative=_strip(div),
            narrative_xml=div,
            subsections=[self._section(s) for s in _list(section.get("section"))],
        )

    def _party(self, resource: Json, where: Provenance) -> None:
        name = self._party_name(resource)
        if not name:
            return
        if resource.get("resourceType") == "Organization":
            if all(o.name != name for o in self.doc.organisations):
                self.doc.organisations.append(Party(name=name, organisation=name, role="named"))
        elif all(a.name != name for a in self.doc.authors):
            self.doc.authors.append(Party(name=name, role="named"))

    def _medication(self, resource: Json, where: Provenance) -> None:
        code = _code(resource.get("medicationCodeableConcept"))
        if not code and resource.get("medicationReference"):
            target = self._resolve(resource.get("medicationReference"))
            code = _code(target.get("code"))
            if not code.display:
                display = _text(_dict(resource.get("medicationReference")).get("display"))
                code = Code(code.code, code.system, display)
        name = _named(code)
        if not name:
            self.doc.notes.append(Note("a medication without a name was left out", where))
            return
        medication = Medication(name=name, code=code, provenance=where)
        medication.status = _status(resource.get("status"))
        dosage = _dict(resource.get("dosageInstruction") or resource.get("dosage"))
        rate = _dict(dosage.get("doseAndRate"))
        medication.dose = _quantity(rate.get("doseQuantity") or dosage.get("doseQuantity"))
        medication.route = _code(dosage.get("route")).display
        medication.frequency = _timing(dosage.get("timing"))
        medication.instructions = _text(dosage.get("text"))
        medication.start = self._first_date(
            resource, where, "effectivePeriod", "effectiveDateTime", "authoredOn",
            "dateWritten", "dateAsserted",
        )  # fmt: skip
        period = _dict(resource.get("effectivePeriod"))
        medication.stop = self._date(period.get("end"), where) if period.get("end") else ""
        self.doc.medications.append(medication)

    def _allergy(self, resource: Json, where: Provenance) -> None:
        code = _code(resource.get("code") or resource.get("substance"))
        allergy = Allergy(name=_named(code), code=code, provenance=where)
        if code.code in NO_KNOWN_ALLERGY:
            allergy.no_known_allergies = True
            allergy.name = code.display or "No known allergies"
        if not allergy.name:
            self.doc.notes.append(Note("an allergy without a substance was left out", where))
            return
        allergy.status = _status(resource.get("clinicalStatus") or resource.get("status"))
        allergy.criticality = _text(resource.get("criticality"))
        allergy.category = ", ".join(_text(c) for c in _list(resource.get("category")))
        allergy.onset = self._first_date(resource, where, "onsetDateTime", "onset", "onsetPeriod")
        reactions, severities = [], []
        for reaction in _list(resource.get("reaction")):
            reaction = _dict(reaction)
            for manifestation in _list(reaction.get("manifestation")):
                reactions.append(
                    _named(_code(_dict(manifestation).get("concept") or manifestation))
                )
            if reaction.get("severity"):
                severities.append(_text(reaction.get("severity")))
        allergy.reaction = ", ".join(r for r in reactions if r)
        allergy.severity = ", ".join(dict.fromkeys(severities))
        self.doc.allergies.append(allergy)

    def _condition(self, resource: Json, where: Provenance) -> None:
        code = _code(resource.get("code"))
        if not _named(code):
            self.doc.notes.append(Note("a problem without a name was left out", where))
            return
        problem = Problem(name=_named(code), code=code, provenance=where)
        problem.status = _status(resource.get("clinicalStatus"))
        problem.onset = self._first_date(resource, where, "onsetDateTime", "onsetPeriod")
        if not problem.onset and isinstance(resource.get("onsetString"), str):
            problem.onset = _text(resource["onsetString"])
        problem.resolved = self._first_date(resource, where, "abatementDateTime", "abatementPeriod")
        self.doc.problems.append(problem)

    def _observation(self, resource: Json, where: Provenance) -> None:
        categories = {
            _code(c).code.lower() or _code(c).display.lower()
            for c in _list(resource.get("category"))
        }
        if categories & NOT_RESULTS:
            return
        vital = "vital-signs" in categories
        code = _code(resource.get("code"))
        panel, panel_date = self._panel_of.get(id(resource), (Code(), None))
        when = self._first_date(resource, where, "effectiveDateTime", "effectivePeriod", "issued")
        if not when and panel_date:  # the report's date stands for its results
            when = self._date(panel_date, where)
        components = _list(resource.get("component"))
        if components and not _has_value(resource):
            for component in components:
                self._result(_dict(component), vital, code, when, resource, where)
            return
        if resource.get("hasMember") and not _has_value(resource):
            return  # a panel: its members are results of their own
        self._result(resource, vital, panel, when, resource, where)

    def _result(
        self, part: Json, vital: bool, panel: Code, when: str, whole: Json, where: Provenance
    ) -> None:
        code = _code(part.get("code"))
        if not _named(code):
            self.doc.notes.append(Note("a result without a test name was left out", where))
            return
        item = (VitalSign if vital else Result)(name=_named(code), code=code, provenance=where)
        item.panel, item.panel_code, item.date = panel.display, panel, when
        item.status = _status(whole.get("status"))
        _value_into(item, part)
        flags = [_code(f) for f in _list(part.get("interpretation") or whole.get("interpretation"))]
        item.interpretation = ", ".join(f.code or f.display for f in flags)
        reference = _dict(part.get("referenceRange"))
        low, high = _dict(reference.get("low")), _dict(reference.get("high"))
        item.low, item.high = number(low.get("value")), number(high.get("value"))
        item.reference_range = _text(reference.get("text")) or _range_text(low, high)
        if vital:
            self.doc.vital_signs.append(item)  # type: ignore[arg-type]
        else:
            self.doc.results.append(item)

    def _procedure(self, resource: Json, where: Provenance) -> None:
        code = _code(resource.get("code"))
        if not _named(code):
            self.doc.notes.append(Note("a procedure without a name was left out", where))
            return
        procedure = Procedure(name=_named(code), code=code, provenance=where)
        procedure.status = _status(resource.get("status"))
        procedure.date = self._first_date(
            resource, where, "performedDateTime", "performedPeriod", "occurrenceDateTime"
        )
        for performer in _list(resource.get("performer")):
            actor = _dict(performer).get("actor") or performer
            procedure.performer = procedure.performer or self._display(actor)
        procedure.body_site = _named(_code(resource.get("bodySite")))
        self.doc.procedures.append(procedure)

    def _encounter(self, resource: Json, where: Provenance) -> None:
        code = _code(resource.get("type"))
        if not code:
            code = _code(resource.get("class"))
            if not code.display and isinstance(resource.get("class"), dict):
                klass = resource["class"]
                code = Code(_text(klass.get("code")), "", _text(klass.get("display")))
        encounter = Encounter(name=_named(code) or "Visit", code=code, provenance=where)
        encounter.status = _status(resource.get("status"))
        period = _dict(resource.get("period"))
        encounter.date = self._date(period.get("start"), where) if period.get("start") else ""
        encounter.end = self._date(period.get("end"), where) if period.get("end") else ""
        for participant in _list(resource.get("participant")):
            individual = _dict(participant).get("individual") or _dict(participant).get("actor")
            encounter.provider = encounter.provider or self._display(individual)
        for location in _list(resource.get("location")):
            encounter.place = encounter.place or self._display(_dict(location).get("location"))
        if not encounter.place and resource.get("serviceProvider"):
            encounter.place = self._display(resource.get("serviceProvider"))
        reasons = [_named(_code(r)) for r in _list(resource.get("reasonCode"))]
        encounter.reason = ", ".join(r for r in reasons if r)
        self.doc.encounters.append(encounter)

    def _immunization(self, resource: Json, where: Provenance) -> None:
        code = _code(resource.get("vaccineCode"))
        if not _named(code):
            self.doc.notes.append(Note("a vaccine without a name was left out", where))
            return
        shot = Immunization(name=_named(code), code=code, provenance=where)
        shot.status = _status(resource.get("status"))
        if resource.get("notGiven") is True or resource.get("wasNotGiven") is True:
            shot.status = "not given"
        shot.date = self._first_date(resource, where, "occurrenceDateTime", "date")
        shot.lot = _text(resource.get("lotNumber"))
        shot.dose = _quantity(resource.get("doseQuantity"))
        self.doc.immunizations.append(shot)

    def _document_reference(self, resource: Json, where: Provenance) -> None:
        title = _text(resource.get("description")) or _named(_code(resource.get("type")))
        for content in _list(resource.get("content")):
            attachment = _dict(_dict(content).get("attachment"))
            self._attachment(attachment.get("data"), attachment.get("contentType"),
                             _text(attachment.get("title")) or title, attachment.get("url"),
                             where)  # fmt: skip

    def _binary(self, resource: Json, where: Provenance) -> None:
        data = resource.get("data") or resource.get("content")
        self._attachment(data, resource.get("contentType"), "Attached file", None, where)

    def _attachment(
        self, data: Any, media_type: Any, title: str, url: Any, where: Provenance
    ) -> None:
        if not isinstance(data, str) or not data:
            if url and not str(url).startswith(("Binary/", "urn:", "#")):
                self.doc.notes.append(Note(f"refers to a file not inside it ({str(url)[:80]})",
                                           where))  # fmt: skip
            return
        if len(data) > MAX_ATTACHMENT_BYTES * 4 // 3 + 4096:
            self.doc.notes.append(Note("an attached file is too large and was left out", where))
            return
        try:
            raw = base64.b64decode("".join(data.split()), validate=True)
        except (binascii.Error, ValueError):
            self.doc.notes.append(Note("an attached file is damaged and was left out", where))
            return
        kind = _text(media_type) or "application/octet-stream"
        self.doc.attachments.append(Attachment(kind, raw, title, where))


def _has_value(resource: Json) -> bool:
    return any(key.startswith("value") for key in resource)


def _value_into(item: Result, part: Json) -> None:
    if "valueQuantity" in part:
        quantity = _dict(part["valueQuantity"])
        item.numeric = number(quantity.get("value"))
        item.value = _quantity({"value": quantity.get("value")})
        item.unit = _text(quantity.get("unit")) or _text(quantity.get("code"))
        comparator = _text(quantity.get("comparator"))
        item.value = comparator + item.value
    elif "valueCodeableConcept" in part:
        item.value = _named(_code(part["valueCodeableConcept"]))
    elif "valueRange" in part:
        value = _dict(part["valueRange"])
        item.value = _range_text(_dict(value.get("low")), _dict(value.get("high")))
    else:
        for key in ("valueString", "valueInteger", "valueBoolean", "valueDateTime"):
            if key in part:
                item.value = str(part[key])
                item.numeric = number(part[key]) if key == "valueInteger" else None
                break
    if not item.value and part.get("dataAbsentReason"):
        item.value = _named(_code(part["dataAbsentReason"]))


def _range_text(low: Json, high: Json) -> str:
    unit = _text(low.get("unit") or high.get("unit"))
    return range_words(_quantity({"value": low.get("value")}),
                       _quantity({"value": high.get("value")}), unit)  # fmt: skip


def _timing(value: Any) -> str:
    timing = _dict(value)
    code = _code(timing.get("code"))
    repeat = _dict(timing.get("repeat"))
    frequency, period = repeat.get("frequency"), repeat.get("period")
    unit = {"h": "hours", "d": "days", "wk": "weeks", "min": "minutes", "mo": "months"}.get(
        _text(repeat.get("periodUnit")), _text(repeat.get("periodUnit"))
    )
    if frequency and period:
        return f"{_text(frequency)} times every {_text(period)} {unit}".replace(
            "every 1 days", "a day"
        ).replace("every 1 hours", "an hour")
    return code.display or code.code


_Reader = Callable[[FhirReader, Json, Provenance], None]
_READERS: dict[str, _Reader] = {
    "Patient": FhirReader._patient,
    "Composition": FhirReader._composition,
    "Practitioner": FhirReader._party,
    "Organization": FhirReader._party,
    **dict.fromkeys(MEDICATION_TYPES, FhirReader._medication),
    "AllergyIntolerance": FhirReader._allergy,
    "Condition": FhirReader._condition,
    "Observation": FhirReader._observation,
    "Procedure": FhirReader._procedure,
    "Encounter": FhirReader._encounter,
    "Immunization": FhirReader._immunization,
    "DocumentReference": FhirReader._document_reference,
    "Binary": FhirReader._binary,
}


def read_fhir(data: Any) -> ClinicalDocument:
    """Read a FHIR JSON value (bundle or resource) already loaded from a file."""
    return FhirReader().read(data)
