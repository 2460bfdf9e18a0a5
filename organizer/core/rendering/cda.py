"""A C-CDA (any document type, R1.1 or R2.1, HITSP C32) as a Rendering.

The header says who the document is about and who wrote it; each section then gives
the narrative its author signed (the ``text`` element), in document order, nested
sections included. The coded entries are not read here (they are dropped while
streaming): they are for software, and the narrative already says what they say. An
unstructured document's body (nonXMLBody) is shown when it is text and carried along as
an attachment when it is a PDF or a picture.
"""

from __future__ import annotations

import base64
import binascii
import zlib

from organizer.core.rendering.model import Attachment, Paragraph, Rendering, Run, Section
from organizer.core.rendering.narrative import blocks_of, text_blocks
from organizer.core.rendering.when import readable_time
from organizer.core.rendering.xmltree import Node, Shortfall

V3 = "urn:hl7-org:v3"
MAX_ATTACHMENT_BYTES = 64 * 1024**2

# Document types by their C-CDA template (for files whose code has no displayName).
DOCUMENT_TEMPLATES = {
    "2.16.840.1.113883.10.20.22.1.2": "Continuity of Care Document",
    "2.16.840.1.113883.10.20.22.1.3": "History and Physical",
    "2.16.840.1.113883.10.20.22.1.4": "Consultation Note",
    "2.16.840.1.113883.10.20.22.1.5": "Diagnostic Imaging Report",
    "2.16.840.1.113883.10.20.22.1.6": "Procedure Note",
    "2.16.840.1.113883.10.20.22.1.7": "Operative Note",
    "2.16.840.1.113883.10.20.22.1.8": "Discharge Summary",
    "2.16.840.1.113883.10.20.22.1.9": "Progress Note",
    "2.16.840.1.113883.10.20.22.1.10": "Unstructured Document",
    "2.16.840.1.113883.10.20.22.1.13": "Transfer Summary",
    "2.16.840.1.113883.10.20.22.1.14": "Referral Note",
    "2.16.840.1.113883.10.20.22.1.15": "Care Plan",
    "2.16.840.1.113883.3.88.11.32.1": "HITSP C32 summary",
}
SEX_WORDS = {"M": "male", "F": "female", "UN": "undifferentiated", "UNK": "unknown"}


def is_cda(root: Node) -> bool:
    return root.tag == "ClinicalDocument" and root.ns == V3


def render_cda(root: Node, shortfall: Shortfall) -> Rendering:
    kind = _document_type(root)
    title = root.first("title")
    rendering = Rendering(
        title=(title.words() if title is not None else "") or kind or "Clinical document",
        kind=f"C-CDA {kind}" if kind else "C-CDA clinical document",
    )
    rendering.fields = _header(root)
    body = root.first("component", "structuredBody")
    if body is not None:
        for component in body.all("component"):
            for section in component.all("section"):
                _sections(section, 1, rendering.sections)
    unstructured = root.first("component", "nonXMLBody")
    if unstructured is not None:
        _unstructured(unstructured, rendering)
    if body is None and unstructured is None:
        rendering.notes.append("This document has no body: only its header is shown.")
    if shortfall.any:
        rendering.notes.append(shortfall_note(shortfall))
    return rendering


def shortfall_note(shortfall: Shortfall) -> str:
    parts = []
    if shortfall.chars:
        parts.append(f"{shortfall.chars:,} characters of very long text")
    if shortfall.nodes or shortfall.flattened:
        parts.append("the finest detail of very large or deeply nested tables and lists")
    return (
        "This file is too large to show in full here: "
        + " and ".join(parts)
        + " are left out (shown as plain text or not at all). The original file is complete."
    )


def _document_type(root: Node) -> str:
    code = root.first("code")
    if code is not None:
        name = code.get("displayName").strip()
        if not name:
            original = code.first("originalText")
            name = original.words() if original is not None else ""
        if name:
            return name
    for template in root.all("templateId"):
        if template.get("root") in DOCUMENT_TEMPLATES:
            return DOCUMENT_TEMPLATES[template.get("root")]
    return ""


def person_name(name: Node | None) -> str:
    """A CDA name (prefix, given, family, suffix) as one line; a bare name as its text."""
    if name is None:
        return ""
    parts = [n for n in name.nodes() if n.tag in ("prefix", "given", "family", "suffix")]
    if not parts:
        return name.words()
    order = {"prefix": 0, "given": 1, "family": 2, "suffix": 3}
    ranked = sorted(enumerate(parts), key=lambda pair: (order[pair[1].tag], pair[0]))
    return " ".join(word for _i, part in ranked if (word := part.words()))


def _time(node: Node | None) -> str:
    if node is None:
        return ""
    if node.get("value"):
        return readable_time(node.get("value"))
    low, high = node.first("low"), node.first("high")
    start = readable_time(low.get("value")) if low is not None else ""
    end = readable_time(high.get("value")) if high is not None else ""
    if start and end and start != end:
        return f"{start} to {end}"
    return start or end


def _organisation(node: Node | None) -> str:
    if node is None:
        return ""
    name = node.first("name")
    return name.words() if name is not None else ""


def _header(root: Node) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []

    def add(label: str, value: str) -> None:
        if value.strip():
            fields.append((label, " ".join(value.split())))

    add("Date", _time(root.first("effectiveTime")))
    add("Covers", _time(root.first("documentationOf", "serviceEvent", "effectiveTime")))
    role = root.first("recordTarget", "patientRole")
    patient = role.first("patient") if role is not None else None
    if patient is not None:
        add("Patient", person_name(patient.first("name")))
        add("Born", _time(patient.first("birthTime")))
        sex = patient.first("administrativeGenderCode")
        if sex is not None:
            add("Sex", sex.get("displayName") or SEX_WORDS.get(sex.get("code").upper(), ""))
    if role is not None:
        ids = [_identifier(i) for i in role.all("id")]
        add("Patient identifiers", "; ".join(dict.fromkeys(i for i in ids if i)))
    authors = [_author(a) for a in root.all("author")]
    add("Author", "; ".join(dict.fromkeys(a for a in authors if a)))
    custodian = root.first("custodian", "assignedCustodian", "representedCustodianOrganization")
    add("Organisation", _organisation(custodian))
    signer = root.first("legalAuthenticator")
    if signer is not None:
        who = person_name(signer.first("assignedEntity", "assignedPerson", "name"))
        when = _time(signer.first("time"))
        add("Signed by", f"{who}, {when}" if who and when else who)
    encounter = root.first("componentOf", "encompassingEncounter")
    if encounter is not None:
        place = _organisation(encounter.first("location", "healthCareFacility", "location"))
        place = place or _organisation(
            encounter.first("location", "healthCareFacility", "serviceProviderOrganization")
        )
        visit = _time(encounter.first("effectiveTime"))
        add("Visit", f"{visit}, {place}" if visit and place else visit or place)
    return fields


def _identifier(node: Node) -> str:
    if node.get("nullFlavor") or not node.get("extension"):
        return ""
    return node.get("extension")


def _author(author: Node) -> str:
    assigned = author.first("assignedAuthor")
    if assigned is None:
        return ""
    who = person_name(assigned.first("assignedPerson", "name"))
    if not who:
        device = assigned.first("assignedAuthoringDevice", "softwareName")
        who = device.words() if device is not None else ""
    where = _organisation(assigned.first("representedOrganization"))
    return f"{who}, {where}" if who and where else who or where


def _sections(section: Node, level: int, into: list[Section]) -> None:
    title = section.first("title")
    heading = title.words() if title is not None else ""
    if not heading:
        code = section.first("code")
        heading = code.get("displayName") if code is not None else ""
    text = section.first("text")
    blocks = blocks_of(text) if text is not None else []
    into.append(Section(heading or "Section", blocks, level))
    for component in section.all("component"):
        for child in component.all("section"):
            _sections(child, level + 1, into)


def _unstructured(body: Node, rendering: Rendering) -> None:
    text = body.first("text")
    if text is None:
        rendering.notes.append("The document's body is empty.")
        return
    media = (text.get("mediaType") or "text/plain").split(";")[0].strip().casefold()
    reference = text.first("reference")
    if reference is not None and reference.get("value"):
        rendering.notes.append(
            f"The content of this document is in a separate file ({reference.get('value')}), "
            "which is not inside it."
        )
        return
    try:
        data = _body_bytes(text)
    except ValueError as error:
        rendering.notes.append(f"The document's body could not be read: {error}.")
        return
    if media.startswith("text/") and media not in ("text/rtf", "text/html"):
        content = data.decode("utf-8", errors="replace")
        rendering.sections.append(Section("Document text", text_blocks(content)))
    elif media == "application/pdf" or media.startswith("image/"):
        what = "a PDF" if media == "application/pdf" else "a picture"
        rendering.attachments.append(Attachment(media, data, rendering.title))
        remark = Run(f"The document's content is {what}; it follows.", italic=True)
        rendering.sections.append(Section("Document content", [Paragraph([remark], "remark")]))
    else:
        rendering.notes.append(
            f"The document's content is a kind of file ({media}) that cannot be shown "
            "here; it is in the original file."
        )


def _body_bytes(text: Node) -> bytes:
    raw = text.text()
    if text.get("representation").upper() == "B64":
        try:
            data = base64.b64decode(raw, validate=False)  # whitespace is left out
        except (binascii.Error, ValueError):
            raise ValueError("its base64 encoding is damaged") from None
    else:
        data = raw.encode("utf-8")
    if text.get("compression").upper() == "DF":
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(data, MAX_ATTACHMENT_BYTES)
        except zlib.error:
            raise ValueError("its compressed content is damaged") from None
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValueError("it is too large")
    return data
