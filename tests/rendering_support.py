"""Independent readings of clinical files for the rendering tests.

The narrative each section holds is read here with lxml and XPath (not with the app's
reader), and the rendering's words are read back from the PDF with PDFium and from the
HTML with lxml, so a test compares two separate readings of the same file.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from lxml import etree, html

SAMPLES = Path(__file__).parent / "data" / "samples"
V3 = {"v3": "urn:hl7-org:v3"}


INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def squeezed(text: str) -> str:
    """Text with every kind of whitespace (and the invisible zero-width characters)
    removed: line breaks in a PDF fall anywhere."""
    return "".join(text.translate(INVISIBLE).split())


def cda_section_chunks(data: bytes) -> list[list[str]]:
    """Per section (document order): the pieces of text its narrative block holds."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    sections = []
    for text in root.xpath("//v3:section/v3:text", namespaces=V3):
        chunks = [squeezed(piece) for piece in text.itertext()]
        sections.append([chunk for chunk in chunks if chunk])
    return sections


def cda_patient_name(data: bytes) -> list[str]:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    path = "//v3:recordTarget/v3:patientRole/v3:patient/v3:name[1]/*"
    return [" ".join(part.text.split()) for part in root.xpath(path, namespaces=V3) if part.text]


def fhir_narrative_chunks(data: Any) -> list[list[str]]:
    """Every narrative a FHIR file carries: a document's section texts, otherwise each
    resource's text.div, nested bundles included."""
    resources: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict) and item.get("resourceType") == "Bundle":
            stack += [e["resource"] for e in item.get("entry", []) if "resource" in e]
        elif isinstance(item, dict):
            resources.append(item)
    compositions = [r for r in resources if r.get("resourceType") == "Composition"]
    if data.get("type") == "document" and compositions:
        divs: list[str] = []
        sections = list(compositions[0].get("section", []))
        while sections:
            section = sections.pop(0)
            divs.append(section.get("text", {}).get("div", ""))
            sections[:0] = section.get("section", [])
    else:
        divs = [r.get("text", {}).get("div", "") for r in resources]
    result = []
    for div in divs:
        if div:
            tree = html.fragment_fromstring(div, create_parent="div")
            result.append([c for c in (squeezed(t) for t in tree.itertext()) if c])
    return result


def pdf_words(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            # PDFium reports a hyphen that ends a line as \x02 (a soft-hyphen mark).
            pages.append(textpage.get_text_bounded().replace("\x02", "-"))
            textpage.close()
            page.close()
        return "\n".join(pages)
    finally:
        pdf.close()


def html_words(data: bytes) -> str:
    return str(html.document_fromstring(data).text_content())


def missing_in_order(chunks: list[str], haystack: str) -> list[str]:
    """The chunks not found in ``haystack`` one after the other (in reading order)."""
    missing = []
    position = 0
    for chunk in chunks:
        found = haystack.find(chunk, position)
        if found < 0:
            missing.append(chunk)
        else:
            position = found + len(chunk)
    return missing


def xdm_documents(path: Path) -> list[tuple[str, bytes]]:
    """The C-CDA documents inside an XDM zip (METADATA.XML and stylesheets left out)."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            name = info.filename.replace("\\", "/")
            if name.upper().endswith(".XML") and not name.upper().endswith("METADATA.XML"):
                data = archive.read(info)
                if b"ClinicalDocument" in data[:4096]:
                    found.append((name, data))
    return found


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><!-- exported --><ClinicalDocument '
    b'xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    b"<title>Big</title><component><structuredBody><component><section><title>Notes</title>"
    b"<text>"
)
_TAIL = b"</text></section></component></structuredBody></component></ClinicalDocument>"


def xml_documents() -> list[tuple[str, bytes]]:
    """Every sample C-CDA (also those inside XDM zips) and FHIR XML file, and three made
    here: a table wider and a list deeper than the reading's limits, and a narrative
    with comments, a processing instruction and a coded entry in it."""
    found = []
    for folder in ("ccda", "fhir"):
        for path in sorted((SAMPLES / folder).iterdir()):
            if path.suffix.lower() == ".xml":
                found.append((path.name, path.read_bytes()))
    for path in sorted((SAMPLES / "xdm").iterdir()):
        found += xdm_documents(path)
    found.append(("many rows", _HEAD + b"<table><tbody>" + _rows(12_000) + b"</tbody></table>"
                  + _TAIL))  # fmt: skip
    found.append(("deep", _HEAD + b"<list><item>" * 60 + b"deep words" + b"</item></list>" * 60
                  + _TAIL))  # fmt: skip
    found.append(("mixed", _HEAD + b"<paragraph>Seen <!-- note --> by <content styleCode="
                  b"'Bold'>Dr A</content><?pi x?>, &amp; <br/>  <entry>code</entry> after"
                  b"</paragraph>" + _TAIL))  # fmt: skip
    return found


def _rows(count: int) -> bytes:
    return b"".join(b"<tr><td>Glucose %d</td><td>%d mg/dL</td></tr>" % (n, n) for n in range(count))
