"""XML read with defusedxml only: C-CDA headers and IHE XDM METADATA.XML.

defusedxml refuses entity declarations (the "billion laughs" and quadratic blow-ups) and
external entities or DTDs that would fetch something, before any expansion happens. The
whole document is parsed, element by element with memory released as it goes, so a
C-CDA that is not well-formed is noticed rather than half-read.
"""

from __future__ import annotations

import contextlib
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import iterparse  # type: ignore[import-untyped]
from defusedxml.ElementTree import parse as defused_parse

V3 = "{urn:hl7-org:v3}"
RIM = "{urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0}"
XDS_TYPE_CODE = "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983"
XDS_CLASS_CODE = "urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a"
MAX_XML_BYTES = 256 * 1024**2
MAX_TEXT_CHARS = 2_000_000
TREE_LIMIT = 32 * 1024**2
"""Files up to this size may be read whole (``parse_tree``); larger ones are streamed."""
PROLOG_SCAN = 64 * 1024


class XmlRefused(Exception):
    """The XML is unsafe or not well-formed; str() is the reason for the person."""


@dataclass
class CdaHeader:
    type_code: str = ""
    type_name: str = ""
    title: str = ""
    effective_time: str = ""
    service_start: str = ""
    institution: str = ""
    has_nonxml_body: bool = False


@dataclass
class XmlSummary:
    root: str
    cda: CdaHeader | None = None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@contextlib.contextmanager
def _refusals() -> Iterator[None]:
    """Turn the parsers' errors into the reason the person reads."""
    try:
        yield
    except DefusedXmlException as error:
        raise XmlRefused(_defused_reason(error)) from None
    except ET.ParseError as error:
        raise _not_well_formed(error) from None
    except LookupError as error:  # <?xml encoding="..."?> names a text encoding Python lacks
        raise XmlRefused(f"the XML names a text encoding that does not exist ({error})") from None


@contextlib.contextmanager
def _events(source: BinaryIO) -> Iterator[Iterator[tuple[str, ET.Element]]]:
    with _refusals():
        yield iterparse(source, events=("start", "end"), forbid_dtd=False)


def _not_well_formed(error: ET.ParseError) -> XmlRefused:
    line, column = getattr(error, "position", (0, 0))
    return XmlRefused(f"the XML is not well-formed (line {line}, column {column})")


def _defused_reason(error: DefusedXmlException) -> str:
    name = type(error).__name__
    if name == "EntitiesForbidden" and (
        getattr(error, "sysid", None) or getattr(error, "pubid", None)
    ):
        return "the XML declares an external entity (it would fetch a file or address); not opened"
    if name == "EntitiesForbidden":
        return "the XML declares entities, the shape of an 'XML bomb'; not opened"
    if name in ("ExternalReferenceForbidden", "DTDForbidden"):
        return "the XML refers to an external file or address; not opened"
    return f"the XML was refused as unsafe ({name})"


def read_xml(path: Path) -> XmlSummary:
    """Parse the whole file safely; return its root name and, for a C-CDA, its header."""
    if path.stat().st_size > MAX_XML_BYTES:
        raise XmlRefused("the XML file is too large to read safely (over 256 MB)")
    with open(path, "rb") as handle, _events(handle) as events:
        return _summarise(events)


def _summarise(events: Iterator[tuple[str, ET.Element]]) -> XmlSummary:
    summary: XmlSummary | None = None
    header = CdaHeader()
    stack: list[str] = []
    in_body = False
    for event, element in events:
        if event == "start":
            stack.append(element.tag)
            if summary is None:
                summary = XmlSummary(root=element.tag)
                if element.tag == V3 + "ClinicalDocument":
                    summary.cda = header
            if element.tag == V3 + "component" and len(stack) == 2:
                in_body = True
            if element.tag == V3 + "nonXMLBody":
                header.has_nonxml_body = True
            continue
        stack.pop()
        if summary is not None and summary.cda is not None and not in_body:
            _read_header_element(element, stack, header)
        if in_body or len(stack) <= 1:
            element.clear()  # keep memory flat: the body is checked, not kept
    if summary is None:
        raise XmlRefused("the XML file has no content")
    return summary


def _read_header_element(element: ET.Element, stack: list[str], header: CdaHeader) -> None:
    depth = len(stack)
    tag = element.tag
    if depth == 1 and tag == V3 + "code":
        header.type_code = element.get("code", "")
        header.type_name = element.get("displayName", "")
    elif depth == 1 and tag == V3 + "title":
        header.title = " ".join("".join(element.itertext()).split())
    elif depth == 1 and tag == V3 + "effectiveTime":
        header.effective_time = element.get("value", "")
    elif tag == V3 + "low" and V3 + "serviceEvent" in stack and not header.service_start:
        header.service_start = element.get("value", "")
    elif (
        tag == V3 + "name"
        and not header.institution
        and (
            V3 + "representedOrganization" in stack
            or V3 + "representedCustodianOrganization" in stack
        )
    ):
        header.institution = " ".join("".join(element.itertext()).split())


def xml_text(path: Path, limit: int = MAX_TEXT_CHARS) -> str:
    """All the words in an XML file (for search), safely and up to a limit."""
    pieces: list[str] = []
    used = 0
    with open(path, "rb") as handle, _events(handle) as events:
        for event, element in events:
            if event != "end":
                continue
            if element.get("representation", "").upper() == "B64":
                element.text = None  # an embedded file, not words (the rendering reads it)
            for text in (element.text, element.tail):
                if text and text.strip() and used < limit:
                    cleaned = " ".join(text.split())
                    pieces.append(cleaned)
                    used += len(cleaned) + 1
            element.clear()
    return " ".join(pieces)[:limit]


# -- IHE XDM ------------------------------------------------------------------------------


@dataclass
class XdmEntry:
    uri: str
    title: str = ""
    creation_time: str = ""
    service_start: str = ""
    institution: str = ""
    type_code: str = ""
    type_name: str = ""
    patient_info: tuple[str, ...] = ()
    """The sourcePatientInfo values, HL7 v2 PID fields such as "PID-5|Doe^John"."""


@dataclass
class XdmMetadata:
    entries: dict[str, XdmEntry] = field(default_factory=dict)  # by upper-cased URI

    def for_name(self, name: str) -> XdmEntry | None:
        return self.entries.get(name.upper())


def read_xdm_metadata(stream: BinaryIO) -> XdmMetadata:
    """The document entries an XDM package lists, keyed by file name (URI)."""
    result = XdmMetadata()
    with _events(stream) as events:
        for event, element in events:
            if event == "end" and element.tag == RIM + "ExtrinsicObject":
                entry = _xdm_entry(element)
                if entry.uri:
                    result.entries[entry.uri.upper()] = entry
                element.clear()
    return result


def _slot(element: ET.Element, name: str) -> str:
    for slot in element.findall(RIM + "Slot"):
        if slot.get("name") == name:
            value = slot.find(f"{RIM}ValueList/{RIM}Value")
            if value is not None and value.text:
                return value.text.strip()
    return ""


def _slot_values(element: ET.Element, name: str) -> tuple[str, ...]:
    for slot in element.findall(RIM + "Slot"):
        if slot.get("name") == name:
            values = slot.findall(f"{RIM}ValueList/{RIM}Value")
            return tuple(value.text.strip() for value in values if value.text)
    return ()


def _xdm_entry(element: ET.Element) -> XdmEntry:
    entry = XdmEntry(uri=_slot(element, "URI"))
    entry.creation_time = _slot(element, "creationTime")
    entry.service_start = _slot(element, "serviceStartTime")
    entry.patient_info = _slot_values(element, "sourcePatientInfo")
    name = element.find(f"{RIM}Name/{RIM}LocalizedString")
    if name is not None:
        entry.title = name.get("value", "")
    for item in element.findall(RIM + "Classification"):
        scheme = item.get("classificationScheme", "")
        institution = _slot(item, "authorInstitution")
        if institution and not entry.institution:
            entry.institution = institution.split("^", 1)[0]
        if scheme in (XDS_TYPE_CODE, XDS_CLASS_CODE) and not entry.type_code:
            entry.type_code = item.get("nodeRepresentation", "")
            label = item.find(f"{RIM}Name/{RIM}LocalizedString")
            if label is not None and label.get("value", "") not in ("", "name"):
                entry.type_name = label.get("value", "")
    return entry


def stream_events(
    source: BinaryIO,
) -> contextlib.AbstractContextManager[Iterator[tuple[str, ET.Element]]]:
    """Start and end events over ``source``, refusing what ``read_xml`` refuses.

    For readers that stream a document (the clinical rendering) and keep only what they
    need; ``XmlRefused`` says why a file was not read.
    """
    return _events(source)


_PLAIN_ENCODINGS = frozenset({"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1",
                              "latin1", "windows-1252", "cp1252"})  # fmt: skip
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def parse_document(data: bytes) -> ET.Element:
    """A whole document (up to 256 MB) as an element tree, refusing what ``read_xml``
    refuses; the C parser reads it when no DTD is possible (``_no_dtd_possible``)."""
    if len(data) > MAX_XML_BYTES:
        raise XmlRefused("the XML file is too large to read safely (over 256 MB)")
    return _tree(data)


def parse_tree(path: Path) -> ET.Element:
    """The whole file as a tree, for files up to TREE_LIMIT; refused like the rest."""
    if path.stat().st_size > TREE_LIMIT:
        raise XmlRefused("the XML file is too large to read whole (over 32 MB)")
    return _tree(path.read_bytes())


def _tree(data: bytes) -> ET.Element:
    """The one rule for the fast path: a document that cannot have a DTD cannot declare
    an entity or name an external one, so the C parser may read it (several times
    faster; an undeclared entity reference is an error there). Anything else goes
    through defusedxml, which refuses entity declarations and external references."""
    with _refusals():
        if _no_dtd_possible(data[:PROLOG_SCAN]):
            parser = ET.XMLParser()
            parser.feed(data)
            return parser.close()
        return defused_parse(io.BytesIO(data), forbid_dtd=False).getroot()  # type: ignore[no-any-return]


def no_dtd_possible(data: bytes) -> bool:
    """Whether ``data`` cannot hold a DTD (see ``_no_dtd_possible``): then it declares no
    entity and names no external one, and any well-formed parser may read it."""
    return _no_dtd_possible(data[:PROLOG_SCAN])


def _no_dtd_possible(head: bytes) -> bool:
    """True when the root element starts before any DOCTYPE, in an encoding whose bytes
    read the same as ASCII (so what is scanned here is what the parser will see).

    A DTD can only come before the root element, so only the prolog is scanned: the XML
    declaration, processing instructions, comments and white space. A DOCTYPE, a
    "<!DOCTYPE" hidden in a comment followed by a real one, UTF-16 or UTF-32, an unusual
    declared encoding, or a prolog longer than the scanned head: the careful parser.
    """
    if head.startswith((b"\xfe\xff", b"\xff\xfe")) or b"\x00" in head[:4]:
        return False
    text = head.removeprefix(b"\xef\xbb\xbf")
    declared = _DECLARED_ENCODING.match(text.lstrip())
    if declared and declared.group(1).decode("ascii").lower() not in _PLAIN_ENCODINGS:
        return False
    position = 0
    while True:
        while position < len(text) and text[position : position + 1].isspace():
            position += 1
        if text.startswith(b"<?", position):
            end, closing = text.find(b"?>", position + 2), 2
        elif text.startswith(b"<!--", position):
            end, closing = text.find(b"-->", position + 4), 3
        else:
            # "<!" here is a DOCTYPE (or something odd): the careful parser decides
            return text.startswith(b"<", position) and not text.startswith(b"<!", position)
        if end < 0:
            return False
        position = end + closing


@contextlib.contextmanager
def safe_events(path: Path) -> Iterator[Iterator[tuple[str, ET.Element]]]:
    """Start and end events over a whole file, for readers that keep only what they need.

    The same refusals as ``read_xml`` (entities, external references, damage, size); the
    reader clears elements it has finished with so memory stays flat on huge files.
    """
    if path.stat().st_size > MAX_XML_BYTES:
        raise XmlRefused("the XML file is too large to read safely (over 256 MB)")
    with open(path, "rb") as handle, _events(handle) as events:
        yield events


def whole_tree(path: Path) -> ET.Element:
    """The whole document as a tree at any allowed size (up to 256 MB); refused like the rest."""
    if path.stat().st_size > MAX_XML_BYTES:
        raise XmlRefused("the XML file is too large to read safely (over 256 MB)")
    return _tree(path.read_bytes())
