"""The patient of FHIR JSON: Patient resources, and the subject of other resources.

A subject that points at a Patient in the same file is that Patient; a subject that
points elsewhere counts only by its ``display`` text. Practitioners, related persons and
a Patient's ``contact`` (a parent, a guardian) are never read as the patient.
"""

from __future__ import annotations

from typing import Any

from organizer.core.identity.found import FoundIdentity, distinct
from organizer.core.importing.guessing import date_from_compact

WHERE_PATIENT = "the FHIR Patient"
WHERE_SUBJECT = "the subject of a FHIR resource"
SUBJECT_KEYS = ("subject", "patient")
MAX_RESOURCES = 100_000


def fhir_identities(data: Any) -> tuple[FoundIdentity, ...]:
    resources = _resources(data)
    patients = [r for r in resources if r.get("resourceType") == "Patient"]
    found = [_patient(patient) for patient in patients]
    known_ids = {str(p.get("id")) for p in patients if p.get("id")}
    for resource in resources:
        for key in SUBJECT_KEYS:
            subject = resource.get(key)
            if resource.get("resourceType") == "Patient" or not isinstance(subject, dict):
                continue
            if _points_at(str(subject.get("reference") or ""), known_ids):
                continue
            display = subject.get("display")
            if isinstance(display, str) and display.strip():
                found.append(FoundIdentity(names=(display.strip(),), where=WHERE_SUBJECT))
    return distinct(found)


def _resources(data: Any) -> list[dict[str, Any]]:
    """Every resource in the file, nested bundles and contained resources included."""
    result: list[dict[str, Any]] = []
    stack = [data]
    while stack and len(result) < MAX_RESOURCES:
        item = stack.pop()
        if not isinstance(item, dict) or not isinstance(item.get("resourceType"), str):
            continue
        result.append(item)
        entries = item.get("entry")
        if isinstance(entries, list):
            stack.extend(entry.get("resource") for entry in entries if isinstance(entry, dict))
        contained = item.get("contained")
        if isinstance(contained, list):
            stack.extend(contained)
    return result


def _points_at(reference: str, known_ids: set[str]) -> bool:
    if not reference:
        return False
    last = reference.rstrip("/").rsplit("/", 1)[-1].removeprefix("urn:uuid:").lstrip("#")
    return last in known_ids


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value if item] if isinstance(value, list) else []


def _patient(patient: dict[str, Any]) -> FoundIdentity:
    names = [n for n in patient.get("name") or [] if isinstance(n, dict)]
    names.sort(key=lambda n: {"official": 0, "usual": 1}.get(str(n.get("use")), 2))
    written: list[str] = []
    for name in names:
        given = [str(part) for part in _texts(name.get("given")) if part]
        family = " ".join(_texts(name.get("family")))  # a list in DSTU2
        parts = " ".join([*given, family]).strip()
        for text in (str(name.get("text") or "").strip(), parts):
            if text and text not in written:
                written.append(text)
    birth = patient.get("birthDate")
    dob = date_from_compact(birth) if isinstance(birth, str) else None
    identifiers = [i for i in patient.get("identifier") or [] if isinstance(i, dict)]
    return FoundIdentity(
        names=tuple(written),
        dob=dob if dob is not None and dob.day is not None else None,
        sex=str(patient.get("gender") or ""),
        patient_id=str(identifiers[0].get("value") or "") if identifiers else "",
        where=WHERE_PATIENT,
    )
