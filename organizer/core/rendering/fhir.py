"""FHIR (R4, and STU3/DSTU2 where the shapes agree) as a Rendering: JSON or XML.

A document bundle is shown the way FHIR means it to be read: its Composition's header,
then each section's narrative in order. Any other bundle (collection, transaction,
searchset, batch-response, nested bundles included) and a single resource is shown as
its resources grouped by kind: each resource's own narrative (``text.div``) where it has
one, and a line of its key facts (date, what, value, status) in a table where it has not.
Narrative XHTML is read through the safe parser and rebuilt from blocks, so nothing in
it (scripts, styles, links, pictures) reaches a page.
"""

from __future__ import annotations

import base64
import binascii
import functools
import html
import re
from collections.abc import Iterator
from typing import Any

from organizer.core.importing.safexml import XmlRefused
from organizer.core.rendering.model import (
    Attachment,
    Block,
    Cell,
    Paragraph,
    Rendering,
    Run,
    Section,
    Table,
)
from organizer.core.rendering.narrative import blocks_of, text_blocks
from organizer.core.rendering.when import readable_time
from organizer.core.rendering.xmltree import (
    MAX_CHARS,
    BeyondLimits,
    Node,
    Shortfall,
    read_markup,
    read_tree_bytes,
)

MAX_RESOURCES = 20_000
MAX_ATTACHMENTS = 20
MAX_ATTACHMENT_BYTES = 64 * 1024**2
ORDER = (
    "Patient", "Condition", "AllergyIntolerance", "MedicationRequest", "MedicationStatement",
    "MedicationAdministration", "MedicationDispense", "Medication", "DiagnosticReport",
    "Observation", "Procedure", "Immunization", "Encounter", "CarePlan", "CareTeam", "Goal",
    "DocumentReference", "Practitioner", "PractitionerRole", "Organization", "Location",
)  # fmt: skip
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_DATE_KEYS = ("effectiveDateTime", "onsetDateTime", "recordedDate", "authoredOn",
              "performedDateTime", "occurrenceDateTime", "issued", "date", "birthDate",
              "recorded", "dateAsserted", "created", "dateWritten")  # fmt: skip
_PERIOD_KEYS = ("effectivePeriod", "performedPeriod", "period", "onsetPeriod")
_WHAT_KEYS = ("code", "medicationCodeableConcept", "vaccineCode", "type", "category")


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _first(value: Any) -> Any:
    """``_items(value)[0]``, or None when there is none."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


_SCALARS = (str, int, float)


def _string(value: Any) -> str:
    if value is None:  # most keys asked for are absent
        return ""
    if value.__class__ is str:  # most of the others
        return " ".join(value.split())
    if isinstance(value, list):
        value = value[0] if value else None
    return " ".join(str(value).split()) if isinstance(value, _SCALARS) else ""


def concept_text(concept: Any) -> str:
    if concept is None:  # most keys asked for are absent
        return ""
    concept = _first(concept)
    if not isinstance(concept, dict):
        return _string(concept)
    if text := _string(concept.get("text")):
        return text
    for coding in _items(concept.get("coding")):
        if isinstance(coding, dict) and (display := _string(coding.get("display"))):
            return display
    for coding in _items(concept.get("coding")):
        if isinstance(coding, dict) and (code := _string(coding.get("code"))):
            return code
    return ""


def human_name(value: Any) -> str:
    for name in _items(value):
        if not isinstance(name, dict):
            continue
        if text := _string(name.get("text")):
            return text
        words = [_string(p) for p in _items(name.get("prefix"))]
        words += [_string(g) for g in _items(name.get("given"))]
        words.append(_string(name.get("family")))
        words += [_string(s) for s in _items(name.get("suffix"))]
        if joined := " ".join(w for w in words if w):
            return joined
    return ""


class _Resources:
    """The resources of a file, nested bundles opened, findable by reference."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.all: list[dict[str, Any]] = []
        self.by_reference: dict[str, dict[str, Any]] = {}
        self.left_out = 0
        self._collect(data)

    def _collect(self, data: dict[str, Any]) -> None:
        stack: list[tuple[dict[str, Any], str]] = [(data, "")]
        while stack:
            resource, full_url = stack.pop()
            if resource.get("resourceType") == "Bundle":
                entries = [e for e in _items(resource.get("entry")) if isinstance(e, dict)]
                for entry in reversed(entries):
                    inner = _first(entry.get("resource"))
                    if isinstance(inner, dict):
                        stack.append((inner, _string(entry.get("fullUrl"))))
                continue
            if len(self.all) >= MAX_RESOURCES:
                self.left_out += 1
                continue
            self.all.append(resource)
            kind, ident = _string(resource.get("resourceType")), _string(resource.get("id"))
            if kind and ident:
                self.by_reference[f"{kind}/{ident}"] = resource
            if full_url:
                self.by_reference[full_url] = resource

    def find(self, reference: Any) -> dict[str, Any] | None:
        if not isinstance(reference, dict):
            return None
        target = _string(reference.get("reference"))
        found = self.by_reference.get(target)
        if found is None and "/" in target:
            found = self.by_reference.get("/".join(target.rsplit("/", 2)[-2:]))
        return found

    def name_of(self, reference: Any) -> str:
        found = self.find(reference)
        if found is not None:
            name = human_name(found.get("name")) or _string(found.get("name"))
            if name:
                return name
        return _string(reference.get("display")) if isinstance(reference, dict) else ""


def render_fhir(data: dict[str, Any]) -> Rendering:
    resources = _Resources(data)
    composition = next((r for r in resources.all if r.get("resourceType") == "Composition"), None)
    is_document = data.get("resourceType") == "Composition" or (
        data.get("resourceType") == "Bundle" and _string(data.get("type")) == "document"
    )
    if composition is not None and is_document:
        rendering = _document(composition, resources)
    else:
        rendering = _collection(data, resources)
    _attachments(resources, rendering)
    if resources.left_out:
        rendering.notes.append(
            f"{resources.left_out:,} more resources are in the file but not shown here "
            "(too many to print). The original file is complete."
        )
    return rendering


def render_fhir_xml(root: Node, shortfall: Shortfall) -> Rendering:
    """FHIR XML: the same reading, from the element tree turned into JSON's shape."""
    rendering = render_fhir(_from_xml(root))
    rendering.kind = rendering.kind.replace("FHIR", "FHIR (XML)", 1)
    if shortfall.any:
        from organizer.core.rendering.cda import shortfall_note

        rendering.notes.append(shortfall_note(shortfall))
    return rendering


def _from_xml(node: Node) -> dict[str, Any]:
    result: dict[str, Any] = {"resourceType": node.tag}
    _fill(result, node)
    return result


def _fill(into: dict[str, Any], node: Node) -> None:
    if node.get("id"):
        into.setdefault("id", node.get("id"))
    for child in node.nodes():
        value: Any
        if child.tag == "div":
            value = child
        elif child.tag in ("resource", "contained"):
            inner = next(child.nodes(), None)
            if inner is None:
                continue
            value = _from_xml(inner)
        elif "value" in child.attrs and not any(True for _ in child.nodes()):
            value = child.get("value")
        else:
            value = {}
            if "value" in child.attrs:
                value["value"] = child.get("value")
            _fill(value, child)
        into.setdefault(child.tag, []).append(value)


# -- a document: Composition header and sections -------------------------------------


def _document(composition: dict[str, Any], resources: _Resources) -> Rendering:
    kind = concept_text(composition.get("type"))
    rendering = Rendering(
        title=_string(composition.get("title")) or kind or "FHIR document",
        kind=f"FHIR document: {kind}" if kind else "FHIR document",
    )
    fields: list[tuple[str, str]] = []
    _add(fields, "Date", readable_time(_string(composition.get("date"))))
    _add(fields, "Status", _string(composition.get("status")))
    for event in _items(composition.get("event")):
        if isinstance(event, dict):
            _add(fields, "Covers", _period(event.get("period")))
    patient = resources.find(composition.get("subject"))
    _patient_fields(fields, patient, composition.get("subject"))
    authors = [resources.name_of(a) for a in _items(composition.get("author"))]
    _add(fields, "Author", "; ".join(a for a in authors if a))
    _add(fields, "Organisation", resources.name_of(composition.get("custodian")))
    for attester in _items(composition.get("attester")):
        if isinstance(attester, dict):
            who = resources.name_of(attester.get("party"))
            when = readable_time(_string(attester.get("time")))
            _add(fields, "Signed by", f"{who}, {when}" if who and when else who)
    rendering.fields = fields
    for section in _items(composition.get("section")):
        if isinstance(section, dict):
            _section(section, 1, resources, rendering.sections)
    return rendering


def _section(
    section: dict[str, Any], level: int, resources: _Resources, into: list[Section]
) -> None:
    title = _string(section.get("title")) or concept_text(section.get("code")) or "Section"
    blocks = narrative_blocks(section.get("text"))
    if not blocks:
        for reference in _items(section.get("entry")):
            found = resources.find(reference)
            if found is not None:
                blocks += narrative_blocks(found.get("text")) or [_fact_paragraph(found)]
    if not blocks and (reason := concept_text(section.get("emptyReason"))):
        blocks = [Paragraph([Run(f"Empty: {reason}", italic=True)], "remark")]
    into.append(Section(title, blocks, level))
    for child in _items(section.get("section")):
        if isinstance(child, dict):
            _section(child, level + 1, resources, into)


# -- anything else: resources grouped by kind -----------------------------------------


def _collection(data: dict[str, Any], resources: _Resources) -> Rendering:
    kind = _string(data.get("resourceType"))
    if kind == "Bundle":
        bundle_type = _string(data.get("type"))
        title = f"FHIR {bundle_type} bundle" if bundle_type else "FHIR bundle"
        date = _string(data.get("timestamp")) or _string(
            (_first(data.get("meta")) or {}).get("lastUpdated")
        )
    else:
        what = concept_text(data.get("code")) or human_name(data.get("name"))
        title = f"{_spaced(kind)}: {what}" if what else _spaced(kind)
        date = _resource_date(data)
    rendering = Rendering(title=title, kind=f"FHIR {kind}" if kind else "FHIR")
    fields: list[tuple[str, str]] = []
    _add(fields, "Date", readable_time(date))
    patients = [r for r in resources.all if r.get("resourceType") == "Patient"]
    _patient_fields(fields, patients[0] if patients else None, None)
    if kind == "Bundle":
        counts: dict[str, int] = {}
        for resource in resources.all:
            name = _string(resource.get("resourceType")) or "resource"
            counts[name] = counts.get(name, 0) + 1
        summary = ", ".join(f"{n} {_spaced(k)}" for k, n in sorted(counts.items()))
        _add(fields, "Contents", f"{len(resources.all)} resources: {summary}")
    rendering.fields = fields
    groups: dict[str, list[dict[str, Any]]] = {}
    for resource in resources.all:
        groups.setdefault(_string(resource.get("resourceType")) or "Other", []).append(resource)
    ranked = sorted(groups, key=lambda k: (ORDER.index(k) if k in ORDER else len(ORDER), k))
    for group in ranked:
        rendering.sections.append(_group_section(group, groups[group]))
    return rendering


def _group_section(kind: str, members: list[dict[str, Any]]) -> Section:
    blocks: list[Block] = []
    dated = [(_resource_date(resource), resource) for resource in members]
    dated.sort(key=_by_date)  # stable, as sorting by _resource_date is
    plain: list[tuple[str, dict[str, Any]]] = []
    for date, resource in dated:
        narrative = narrative_blocks(resource.get("text"))
        if narrative:
            blocks.append(Paragraph([Run(_fact_line(resource, date), bold=True)], "heading"))
            blocks += narrative
        else:
            plain.append((date, resource))
    if plain:
        head = [[Cell([_p(word)], header=True) for word in ("Date", "What", "Details", "Status")]]
        rows = [[Cell([_p(v)] if v else []) for v in _facts(r, date)] for date, r in plain]
        blocks.insert(0, Table(head, rows))
    title = _spaced(kind) + (f" ({len(members)})" if len(members) > 1 else "")
    return Section(title, blocks)


def _p(text: str) -> Paragraph:
    return Paragraph([Run(text)])


@functools.lru_cache(maxsize=256)
def _spaced(kind: str) -> str:
    """MedicationRequest -> Medication request."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind).split()
    return " ".join([words[0]] + [w.lower() for w in words[1:]]) if words else kind


def _by_date(pair: tuple[str, dict[str, Any]]) -> str:
    return pair[0]


def _facts(resource: dict[str, Any], when: str | None = None) -> tuple[str, str, str, str]:
    """Date, what, details and status; ``when``: its ``_resource_date``, when known."""
    date = readable_time(_resource_date(resource) if when is None else when, zone=False)
    what = ""
    for key in _WHAT_KEYS:
        if what := concept_text(resource.get(key)):
            break
    what = what or human_name(resource.get("name")) or _string(resource.get("name"))
    if not what and isinstance(_first(resource.get("medicationReference")), dict):
        what = _string(_first(resource.get("medicationReference")).get("display"))
    status = concept_text(resource.get("clinicalStatus")) or _string(resource.get("status"))
    return date, what, _details(resource), status


def _fact_line(resource: dict[str, Any], when: str | None = None) -> str:
    date, what, _details_text, _status = _facts(resource, when)
    kind = _spaced(_string(resource.get("resourceType")))
    return " · ".join([part for part in (kind + (f": {what}" if what else ""), date) if part])


def _fact_paragraph(resource: dict[str, Any]) -> Paragraph:
    date, what, details, status = _facts(resource)
    return _p(" · ".join(part for part in (what, details, date, status) if part))


def _details(resource: dict[str, Any]) -> str:
    parts = [_value(resource)]
    for component in _items(resource.get("component")):
        if isinstance(component, dict):
            parts.append(f"{concept_text(component.get('code'))} {_value(component)}".strip())
    for dosage in _items(resource.get("dosageInstruction")) + _items(resource.get("dosage")):
        if isinstance(dosage, dict):
            parts.append(_string(dosage.get("text")))
    for reaction in _items(resource.get("reaction")):
        if isinstance(reaction, dict):
            parts += [concept_text(m) for m in _items(reaction.get("manifestation"))]
    if resource.get("resourceType") == "Patient":
        parts += [_string(resource.get("gender")), _string(resource.get("birthDate"))]
    return "; ".join([part for part in parts if part])


def _value(resource: dict[str, Any]) -> str:
    quantity = _first(resource.get("valueQuantity"))
    if isinstance(quantity, dict):
        unit = _string(quantity.get("unit")) or _string(quantity.get("code"))
        return f"{_string(quantity.get('comparator'))}{_string(quantity.get('value'))} {unit}"
    for key in ("valueCodeableConcept", "valueString", "valueBoolean", "valueInteger",
                "valueDateTime"):  # fmt: skip
        if key in resource:
            return (
                concept_text(resource[key]) if key.endswith("Concept") else _string(resource[key])
            )
    return ""


def _resource_date(resource: dict[str, Any]) -> str:
    get = resource.get
    for key in _DATE_KEYS:  # most are absent: looked up before anything is called
        if (value := get(key)) is not None and (value := _string(value)):
            return value
    for key in _PERIOD_KEYS:
        if (period := get(key)) is None:
            continue
        period = _first(period)
        if isinstance(period, dict) and (start := _string(period.get("start"))):
            return start
    return ""


# -- shared pieces ---------------------------------------------------------------------


def _add(fields: list[tuple[str, str]], label: str, value: str) -> None:
    if value.strip():
        fields.append((label, " ".join(value.split())))


def _period(value: Any) -> str:
    period = _first(value)
    if not isinstance(period, dict):
        return ""
    start = readable_time(_string(period.get("start")))
    end = readable_time(_string(period.get("end")))
    return f"{start} to {end}" if start and end and start != end else start or end


def _patient_fields(
    fields: list[tuple[str, str]], patient: dict[str, Any] | None, reference: Any
) -> None:
    if patient is None:
        if isinstance(reference, dict):
            _add(fields, "Patient", _string(reference.get("display")))
        return
    _add(fields, "Patient", human_name(patient.get("name")))
    _add(fields, "Born", readable_time(_string(patient.get("birthDate"))))
    _add(fields, "Sex", _string(patient.get("gender")))
    identifiers = []
    for identifier in _items(patient.get("identifier")):
        if isinstance(identifier, dict) and (value := _string(identifier.get("value"))):
            identifiers.append(value)
    _add(fields, "Patient identifiers", "; ".join(list(dict.fromkeys(identifiers))[:6]))


def narrative_blocks(text: Any) -> list[Block]:
    """The blocks of a FHIR ``text`` (its XHTML ``div``), or none."""
    text = _first(text)
    div = text.get("div") if isinstance(text, dict) else None
    div = _first(div)
    if isinstance(div, Node):
        return blocks_of(div)
    if not isinstance(div, str) or not div.strip():
        return []
    if len(div) > 2 * MAX_CHARS:  # far past what is printed: its words, not its markup
        words = html.unescape(re.sub(r"<[^>]*>", " ", div[:MAX_CHARS]))
        remark = "[The rest of this very long text is in the original file.]"
        return [*text_blocks(words), Paragraph([Run(remark, italic=True)], "remark")]
    markup = _ENTITY.sub(_numeric_entity, div)
    try:
        root = read_markup(markup.encode("utf-8"))
        try:
            return blocks_of(root)
        except BeyondLimits:  # read again from Nodes, which keep within the limits
            return blocks_of(read_tree_bytes(markup.encode("utf-8"))[0])
    except XmlRefused:
        return text_blocks(html.unescape(re.sub(r"<[^>]*>", " ", div)))


def _numeric_entity(match: re.Match[str]) -> str:
    """XHTML narratives use HTML's named entities (&nbsp;), which XML does not define."""
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    character = html.unescape(match.group(0))
    return f"&#{ord(character)};" if len(character) == 1 else match.group(0)


def _attachments(resources: _Resources, rendering: Rendering) -> None:
    for media, data, title in _attached(resources):
        if len(rendering.attachments) >= MAX_ATTACHMENTS:
            break
        if media.startswith("text/plain"):
            content = data.decode("utf-8", errors="replace")
            rendering.sections.append(Section(title or "Attached text", text_blocks(content)))
        elif media == "application/pdf" or media.startswith("image/"):
            rendering.attachments.append(Attachment(media, data, title))


def _attached(resources: _Resources) -> Iterator[tuple[str, bytes, str]]:
    for resource in resources.all:
        kind = resource.get("resourceType")
        found: list[tuple[Any, Any, str]] = []
        if kind == "Binary":
            found.append((resource.get("contentType"), resource.get("data"), "Attached file"))
        elif kind in ("DocumentReference", "DiagnosticReport", "Media"):
            title = concept_text(resource.get("type")) or concept_text(resource.get("code"))
            holders = [_first(c).get("attachment") for c in _items(resource.get("content"))
                       if isinstance(_first(c), dict)]  # fmt: skip
            holders += _items(resource.get("presentedForm")) + _items(resource.get("content"))
            for attachment in holders:
                attachment = _first(attachment)
                if isinstance(attachment, dict) and attachment.get("data"):
                    name = _string(attachment.get("title")) or title
                    found.append((attachment.get("contentType"), attachment.get("data"), name))
        for media, data, title in found:
            media_text = _string(media).split(";")[0].strip().casefold()
            raw = _string(data) if not isinstance(data, str) else data
            if not raw or len(raw) > MAX_ATTACHMENT_BYTES * 4 // 3 + 4:
                continue
            try:
                decoded = base64.b64decode("".join(raw.split()))
            except (binascii.Error, ValueError):
                continue
            yield media_text, decoded, title
