"""The patient of a C-CDA document: ``recordTarget/patientRole`` in the header.

Only the patient's own ``name`` elements count: a guardian's name (inside ``guardian``),
the author's, the custodian's and every clinician's are elsewhere in the header and are
never read as the patient. The header comes before the body, so reading stops at the body.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]

from organizer.core.identity.found import FoundIdentity, distinct
from organizer.core.importing.guessing import date_from_compact
from organizer.core.importing.safexml import MAX_XML_BYTES, V3

WHERE = "the C-CDA recordTarget"
_PATIENT_ROLE = V3 + "patientRole"


def ccda_identities(path: Path) -> tuple[FoundIdentity, ...]:
    """The patients a C-CDA names (usually one); () when it cannot be read safely."""
    try:
        if path.stat().st_size > MAX_XML_BYTES:
            return ()
        with open(path, "rb") as handle:
            return distinct(_read(handle))
    except (OSError, DefusedXmlException, ET.ParseError):
        return ()


def _read(handle: object) -> list[FoundIdentity]:
    found: list[FoundIdentity] = []
    stack: list[str] = []
    patient_id = ""
    for event, element in iterparse(handle, events=("start", "end")):
        if event == "start":
            stack.append(element.tag)
            if len(stack) == 2 and element.tag == V3 + "component":
                break  # the body: the header is behind us
            continue
        stack.pop()
        parent = stack[-1] if stack else ""
        if element.tag == V3 + "id" and parent == _PATIENT_ROLE and not patient_id:
            patient_id = element.get("extension", "")
        elif element.tag == V3 + "patient" and parent == _PATIENT_ROLE:
            found.append(_patient(element, patient_id))
        elif element.tag == V3 + "recordTarget":
            patient_id = ""
            element.clear()
    return found


def _patient(element: ET.Element, patient_id: str) -> FoundIdentity:
    names = element.findall(V3 + "name")
    names.sort(key=lambda name: 0 if "L" in name.get("use", "").split() else 1)
    written = [text for text in (_name_text(name) for name in names) if text]
    birth = element.find(V3 + "birthTime")
    dob = date_from_compact(birth.get("value", "")) if birth is not None else None
    gender = element.find(V3 + "administrativeGenderCode")
    return FoundIdentity(
        names=tuple(dict.fromkeys(written)),
        dob=dob if dob is not None and dob.day is not None else None,
        sex=gender.get("code", "") if gender is not None else "",
        patient_id=patient_id,
        where=WHERE,
    )


def _name_text(name: ET.Element) -> str:
    if name.get("nullFlavor"):
        return ""
    given = [_text(part) for part in name.findall(V3 + "given")]
    family = [_text(part) for part in name.findall(V3 + "family")]
    suffix = [_text(part) for part in name.findall(V3 + "suffix")]
    parts = [part for part in (*given, *family, *suffix) if part]
    if parts:
        return " ".join(parts)
    return _text(name)


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())
