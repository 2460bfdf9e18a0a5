"""One entry point: read whatever clinical document a stored file holds.

C-CDA (and HITSP C32), ASTM CCR and FHIR XML are told apart by their root element;
FHIR JSON by its ``resourceType``. A file that is none of these gives None. Unsafe or
damaged files raise ``ClinicalRefused`` with the reason in words for the person.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from organizer.core.clinical.ccr import ccr_from_root, is_ccr_root, read_ccr
from organizer.core.clinical.cda import V3, cda_from_root, read_cda
from organizer.core.clinical.fhir import read_fhir
from organizer.core.clinical.fhirxml import fhir_from_root, is_fhir_root, read_fhir_xml
from organizer.core.clinical.model import ClinicalDocument
from organizer.core.importing.safexml import TREE_LIMIT, XmlRefused, parse_tree, safe_events

MAX_JSON_BYTES = 256 * 1024**2


class ClinicalRefused(Exception):
    """The file cannot be read as a clinical document; str() says why."""


def root_tag(path: Path) -> str:
    """The XML root element's tag, read safely without reading the rest."""
    with safe_events(path) as events:
        for _event, element in events:
            return element.tag
    return ""


def read_clinical(path: Path, keep_narrative_xml: bool = False) -> ClinicalDocument | None:
    """The clinical document in an XML or JSON file, or None when it is not one."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        if head.startswith((b"{", b"[")):
            return read_fhir_json(path)
        if path.stat().st_size > TREE_LIMIT:  # too large to hold whole: C-CDA is streamed
            tag = root_tag(path)
            if tag == V3 + "ClinicalDocument":
                return read_cda(path, keep_narrative_xml)
            if is_fhir_root(tag):
                return read_fhir(read_fhir_xml(path))
            return read_ccr(path) if is_ccr_root(tag) else None
        root = parse_tree(path)
        if root.tag == V3 + "ClinicalDocument":
            return cda_from_root(root, keep_narrative_xml)
        if is_fhir_root(root.tag):
            return read_fhir(fhir_from_root(root))
        return ccr_from_root(root) if is_ccr_root(root.tag) else None
    except XmlRefused as error:
        raise ClinicalRefused(str(error)) from None
    except RecursionError:
        raise ClinicalRefused("the file is nested too deeply to read") from None


def read_fhir_json(path: Path) -> ClinicalDocument | None:
    if path.stat().st_size > MAX_JSON_BYTES:
        raise ClinicalRefused("the JSON file is too large to read safely (over 256 MB)")
    try:
        with open(path, "rb") as handle:
            data: Any = json.load(handle)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ClinicalRefused("the JSON is damaged or not UTF-8 text") from None
    if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
        return None
    return read_fhir(data)
