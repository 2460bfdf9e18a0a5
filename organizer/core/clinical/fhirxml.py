"""FHIR in its XML form, turned into the JSON shape the FHIR reader understands.

The XML is read through the project's safe parser. FHIR XML writes primitives as
``<name value="..."/>``, a resource as an element named for its type inside a wrapper
(``<resource>``, ``<contained>``), and the narrative as XHTML; repeated elements become
lists. Whether one element is a list or a value is not known without the schema, so the
reader accepts both (as it must for JSON from real systems anyway).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from organizer.core.importing.safexml import XmlRefused, whole_tree

FHIR_NS = "{http://hl7.org/fhir}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"


def is_fhir_root(tag: str) -> bool:
    return tag.startswith(FHIR_NS)


def read_fhir_xml(path: Path) -> dict[str, Any]:
    """The resource in a FHIR XML file as a JSON-shaped dict; XmlRefused if unsafe."""
    return fhir_from_root(whole_tree(path))


def fhir_from_root(root: ET.Element) -> dict[str, Any]:
    if not is_fhir_root(root.tag):
        raise XmlRefused("the XML is not a FHIR resource")
    return _resource(root)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _resource(element: ET.Element) -> dict[str, Any]:
    result = _object(element)
    result["resourceType"] = _local(element.tag)
    return result


def _object(element: ET.Element) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in element.attrib.items():
        if name in ("id", "url") and "}" not in name:
            result[name] = value
    for child in element:
        name = _local(child.tag)
        value = _value(child, name)
        if value is None:
            continue
        if name in result:
            existing = result[name]
            result[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            result[name] = value
    return result


def _value(child: ET.Element, name: str) -> Any:
    if child.tag.startswith(XHTML_NS):
        return ET.tostring(child, encoding="unicode") if name == "div" else None
    if not child.tag.startswith(FHIR_NS):
        return None
    inner = list(child)
    if name in ("resource", "contained", "outcome") and len(inner) == 1:
        return _resource(inner[0])
    if "value" in child.attrib and not any(_local(c.tag) != "extension" for c in inner):
        return child.attrib["value"]
    return _object(child)
