"""Recognising FHIR JSON (a Bundle or a single resource) and naming it for a person."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_JSON_BYTES = 256 * 1024**2
LAB_WORDS = ("laboratory", "lab")


class JsonRefused(Exception):
    """The JSON cannot be read; str() says why."""


@dataclass
class FhirSummary:
    resource_type: str
    title: str
    date: str
    resource_count: int
    lab: bool
    type_code: str = ""
    """A document bundle's LOINC document type (Composition.type), e.g. 18842-5."""


def load_json(path: Path) -> Any:
    if path.stat().st_size > MAX_JSON_BYTES:
        raise JsonRefused("the JSON file is too large to read safely (over 256 MB)")
    try:
        with open(path, "rb") as handle:
            return json.load(handle)
    except UnicodeDecodeError:
        raise JsonRefused("the JSON file is not valid UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise JsonRefused(
            f"the JSON is damaged (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise JsonRefused("the JSON is nested too deeply to read") from None


def summarise(data: Any) -> FhirSummary | None:
    """A FHIR summary when the JSON has a resourceType, else None."""
    if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
        return None
    kind = data["resourceType"]
    if kind == "Bundle":
        return _bundle(data)
    return FhirSummary(kind, _resource_title(data), _resource_date(data), 1, _is_lab(data))


def _bundle(data: dict[str, Any]) -> FhirSummary:
    entries = [e.get("resource") for e in data.get("entry") or [] if isinstance(e, dict)]
    resources = [r for r in entries if isinstance(r, dict)]
    bundle_type = str(data.get("type") or "")
    date = str(data.get("timestamp") or (data.get("meta") or {}).get("lastUpdated") or "")
    composition = next((r for r in resources if r.get("resourceType") == "Composition"), None)
    if bundle_type == "document" and composition is not None:
        title = str(composition.get("title") or "FHIR document")
        date = str(composition.get("date") or date)
        return FhirSummary(
            "Bundle", title, date, len(resources), _is_lab(composition), _loinc(composition)
        )
    counts: dict[str, int] = {}
    for resource in resources:
        name = str(resource.get("resourceType") or "resource")
        counts[name] = counts.get(name, 0) + 1
    patient = next((r for r in resources if r.get("resourceType") == "Patient"), None)
    label = f"FHIR {bundle_type or 'bundle'} bundle"
    if patient is not None and (name := _patient_name(patient)):
        label += f" for {name}"
    label += f" ({len(resources)} resources)"
    lab = bool(resources) and all(
        r.get("resourceType") in ("Observation", "DiagnosticReport") and _is_lab(r)
        for r in resources
    )
    if not date and resources:
        date = _resource_date(resources[0])
    return FhirSummary("Bundle", label, date, len(resources), lab)


def _loinc(resource: dict[str, Any]) -> str:
    concept = resource.get("type")
    codings = concept.get("coding") if isinstance(concept, dict) else None
    for coding in codings if isinstance(codings, list) else []:
        if isinstance(coding, dict) and "loinc" in str(coding.get("system") or "").lower():
            return str(coding.get("code") or "")
    return ""


def _patient_name(patient: dict[str, Any]) -> str:
    for name in patient.get("name") or []:
        if isinstance(name, dict):
            given = " ".join(str(g) for g in name.get("given") or [])
            text = str(name.get("text") or f"{given} {name.get('family') or ''}".strip())
            if text:
                return text
    return ""


def _coding_text(concept: Any) -> str:
    if not isinstance(concept, dict):
        return ""
    if concept.get("text"):
        return str(concept["text"])
    for coding in concept.get("coding") or []:
        if isinstance(coding, dict) and coding.get("display"):
            return str(coding["display"])
    return ""


def _resource_title(resource: dict[str, Any]) -> str:
    kind = str(resource["resourceType"])
    what = _coding_text(resource.get("code")) or _coding_text(resource.get("type"))
    return f"FHIR {kind}: {what}" if what else f"FHIR {kind}"


def _resource_date(resource: dict[str, Any]) -> str:
    for key in (
        "effectiveDateTime",
        "issued",
        "recordedDate",
        "onsetDateTime",
        "date",
        "authoredOn",
        "occurrenceDateTime",
    ):
        if isinstance(resource.get(key), str):
            return str(resource[key])
    period = resource.get("effectivePeriod") or resource.get("period")
    if isinstance(period, dict) and isinstance(period.get("start"), str):
        return str(period["start"])
    return ""


def _is_lab(resource: dict[str, Any]) -> bool:
    categories = resource.get("category") or []
    if not isinstance(categories, list):
        categories = [categories]
    for concept in categories:
        codings = concept.get("coding") if isinstance(concept, dict) else None
        for coding in codings if isinstance(codings, list) else []:
            code = str(coding.get("code") or "").lower() if isinstance(coding, dict) else ""
            if code in ("laboratory", "lab", "26436-6"):
                return True
    return False


def json_text(data: Any, limit: int = 2_000_000) -> str:
    """The human-readable strings of a FHIR resource (narratives, displays) for search."""
    pieces: list[str] = []
    used = 0
    stack = [data]
    while stack and used < limit:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("display", "text", "div", "title", "name", "family", "given") and (
                    isinstance(value, str)
                ):
                    cleaned = _strip_tags(value)
                    pieces.append(cleaned)
                    used += len(cleaned)
                else:
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, str) and len(item) < 200 and not item.startswith("urn:"):
            pieces.append(item)
            used += len(item)
    return " ".join(pieces)[:limit]


def _strip_tags(text: str) -> str:
    if "<" not in text:
        return text
    out = []
    inside = False
    for char in text:
        if char == "<":
            inside = True
            out.append(" ")
        elif char == ">":
            inside = False
        elif not inside:
            out.append(char)
    return " ".join("".join(out).split())
