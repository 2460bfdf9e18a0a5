"""Which reader a clinical file needs, decided from its content (never its name)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from organizer.core.importing.fhir import JsonRefused, load_json
from organizer.core.importing.safexml import MAX_XML_BYTES, XmlRefused
from organizer.core.rendering.ccr import is_ccr, render_ccr
from organizer.core.rendering.cda import V3, is_cda, render_cda
from organizer.core.rendering.fhir import render_fhir, render_fhir_xml
from organizer.core.rendering.model import Rendering
from organizer.core.rendering.xmltree import (
    BeyondLimits,
    Node,
    Shortfall,
    read_tree,
    read_tree_bytes,
)

FHIR_NS = "http://hl7.org/fhir"
WHOLE_TREE_BYTES = 8 * 1024**2
"""Files up to this size are parsed whole (quicker); larger ones are streamed, so that
memory stays bounded whatever they hold."""
DROPPED_ELEMENTS = frozenset({f"{{{V3}}}entry", f"{{{V3}}}entryRelationship"})
"""C-CDA coded entries: software reads them elsewhere; the narrative says the same."""


class NotRenderable(Exception):
    """The file cannot be rendered; str() says why, in words for the person."""


def render_file(path: Path) -> Rendering:
    """The Rendering of a C-CDA, CCR or FHIR file, or ``NotRenderable`` saying why not."""
    data = b""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
            if head.startswith((b"{", b"[")):
                return _json(path)
            size = path.stat().st_size
            if size > MAX_XML_BYTES:
                raise NotRenderable("the file is too large to read safely (over 256 MB)")
            handle.seek(0)
            if size <= WHOLE_TREE_BYTES:
                data = handle.read()
                root, shortfall = read_tree_bytes(data, DROPPED_ELEMENTS, lazy=True)
            else:
                root, shortfall = read_tree(handle, DROPPED_ELEMENTS)
    except XmlRefused as error:
        raise NotRenderable(str(error)) from None
    except OSError as error:
        raise NotRenderable(f"the file could not be read ({error.strerror or error})") from None
    try:
        return _render(root, shortfall)
    except BeyondLimits:  # read again, keeping within the limits
        return _render(*read_tree_bytes(data, DROPPED_ELEMENTS))


def _render(root: Node, shortfall: Shortfall) -> Rendering:
    if is_cda(root):
        return render_cda(root, shortfall)
    if is_ccr(root):
        return render_ccr(root, shortfall)
    if root.ns == FHIR_NS:
        return render_fhir_xml(root, shortfall)
    raise NotRenderable(f"it is XML, but not a clinical document (root <{root.tag}>)")


def _json(path: Path) -> Rendering:
    try:
        data: Any = load_json(path)
    except JsonRefused as error:
        raise NotRenderable(str(error)) from None
    except (RecursionError, json.JSONDecodeError):
        raise NotRenderable("the JSON is nested too deeply to read") from None
    if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
        raise NotRenderable("it is JSON, but not a FHIR resource")
    return render_fhir(data)
