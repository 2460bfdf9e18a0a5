"""Telling what a file is from its first bytes, never from its name."""

from __future__ import annotations

import json
import re
import struct
from enum import StrEnum
from pathlib import Path

HEAD_SIZE = 8192


class Kind(StrEnum):
    EMPTY = "empty"
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    TIFF = "tiff"
    HEIC = "heic"
    GIF = "gif"
    BMP = "bmp"
    WEBP = "webp"
    DICOM = "dicom"
    ZIP = "zip"
    XML = "xml"
    HTML = "html"
    JSON = "json"
    TEXT = "text"
    PROGRAM = "program"
    OTHER = "other"


IMAGE_KINDS = frozenset({Kind.JPEG, Kind.PNG, Kind.TIFF, Kind.HEIC, Kind.GIF, Kind.BMP, Kind.WEBP})

MEDIA_TYPES: dict[Kind, str] = {
    Kind.PDF: "application/pdf",
    Kind.JPEG: "image/jpeg",
    Kind.PNG: "image/png",
    Kind.TIFF: "image/tiff",
    Kind.HEIC: "image/heic",
    Kind.GIF: "image/gif",
    Kind.BMP: "image/bmp",
    Kind.WEBP: "image/webp",
    Kind.DICOM: "application/dicom",
    Kind.ZIP: "application/zip",
    Kind.XML: "application/xml",
    Kind.HTML: "text/html",
    Kind.JSON: "application/json",
    Kind.TEXT: "text/plain",
    Kind.OTHER: "application/octet-stream",
    Kind.PROGRAM: "application/octet-stream",
    Kind.EMPTY: "application/octet-stream",
}

# What a file name promises; checked against the content to catch files that lie.
EXTENSION_KINDS: dict[str, Kind] = {
    ".pdf": Kind.PDF,
    ".jpg": Kind.JPEG,
    ".jpeg": Kind.JPEG,
    ".png": Kind.PNG,
    ".tif": Kind.TIFF,
    ".tiff": Kind.TIFF,
    ".heic": Kind.HEIC,
    ".heif": Kind.HEIC,
    ".gif": Kind.GIF,
    ".bmp": Kind.BMP,
    ".webp": Kind.WEBP,
    ".dcm": Kind.DICOM,
    ".dicom": Kind.DICOM,
    ".zip": Kind.ZIP,
}
KIND_LABELS: dict[Kind, str] = {
    Kind.PDF: "a PDF",
    Kind.JPEG: "a JPEG image",
    Kind.PNG: "a PNG image",
    Kind.TIFF: "a TIFF image",
    Kind.HEIC: "a HEIC photo",
    Kind.GIF: "a GIF image",
    Kind.BMP: "a BMP image",
    Kind.WEBP: "a WebP image",
    Kind.DICOM: "a DICOM file",
    Kind.ZIP: "a zip archive",
    Kind.XML: "XML",
    Kind.HTML: "a web page",
    Kind.JSON: "JSON",
    Kind.TEXT: "plain text",
    Kind.OTHER: "of an unknown kind",
}


def promised_kind(name: str) -> Kind | None:
    dot = name.rfind(".")
    return EXTENSION_KINDS.get(name[dot:].lower()) if dot > 0 else None


CDA_MEDIA_TYPE = "application/cda+xml"
FHIR_MEDIA_TYPE = "application/fhir+json"
DICOMDIR_MEDIA_TYPE = "application/dicom-dir"

_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
_VRS = {
    b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FL", b"FD", b"IS", b"LO", b"LT",
    b"OB", b"OD", b"OF", b"OL", b"OW", b"PN", b"SH", b"SL", b"SQ", b"SS", b"ST", b"TM",
    b"UC", b"UI", b"UL", b"UN", b"UR", b"US", b"UT", b"OV", b"SV", b"UV",
}  # fmt: skip
_XML_START = re.compile(rb"^\s*<(\?xml|!--|!DOCTYPE|[A-Za-z_][\w.:-]*)")
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html)", re.IGNORECASE)


def dicom_offset(head: bytes) -> int | None:
    """Where the DICOM data set starts: 0 or 128 (preamble), or None if this is not DICOM.

    Files without a preamble are recognised by a plausible first element: a group 0002 or
    0008 tag followed by either an explicit VR or a small implicit length. One stray byte
    before that (as in some exported files) is tolerated.
    """
    if len(head) >= 132 and head[128:132] == b"DICM":
        return 128
    for start in (0, 1):
        chunk = head[start : start + 8]
        if len(chunk) < 8:
            return None
        group, element = struct.unpack("<HH", chunk[:4])
        if group not in (0x0002, 0x0008) or element > 0x0100:
            continue
        if chunk[4:6] in _VRS:
            return start
        (length,) = struct.unpack("<I", chunk[4:8])
        if 0 < length < 1024:
            return start
    return None


def sniff(head: bytes) -> Kind:
    if not head:
        return Kind.EMPTY
    if len(head) >= 132 and head[128:132] == b"DICM":
        return Kind.DICOM
    if head.startswith(b"%PDF-"):
        return Kind.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return Kind.TIFF
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Kind.GIF
    if head.startswith(b"BM") and len(head) > 14:
        return Kind.BMP
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Kind.WEBP
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return Kind.HEIC
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return Kind.ZIP
    if head[:2] == b"MZ" or head[:4] in (b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe"):
        return Kind.PROGRAM
    if b"%PDF-" in head[:1024]:  # some PDFs carry a few bytes of junk before the header
        return Kind.PDF
    if dicom_offset(head) is not None:
        return Kind.DICOM
    text = _as_text(head)
    if text is None:
        return Kind.OTHER
    stripped = text.lstrip("\ufeff \t\r\n").encode("utf-8")
    if _HTML_START.match(stripped):
        return Kind.HTML
    if _XML_START.match(stripped):
        return Kind.XML
    if stripped[:1] in (b"{", b"[") and _looks_like_json(stripped):
        return Kind.JSON
    return Kind.TEXT


def sniff_file(path: Path) -> Kind:
    """What a file on disk is, from its first bytes; OTHER if it cannot be read."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_SIZE)
    except OSError:
        return Kind.OTHER
    return sniff(head)


def media_type_of_file(path: Path) -> str:
    """The media type of a file whose type was not recorded (the one sniffer, for all)."""
    return MEDIA_TYPES[sniff_file(path)]


def _as_text(head: bytes) -> str | None:
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # a multi-byte character cut at the end is fine
            try:
                text = head.decode("cp1252")
            except UnicodeDecodeError:
                return None
        else:
            text = head[: error.start].decode("utf-8")
    printable = sum(1 for c in text if c.isprintable() or c in "\r\n\t\f")
    return text if printable >= 0.95 * max(1, len(text)) else None


def _looks_like_json(head: bytes) -> bool:
    """The start of JSON: an object with a quoted key, or an array."""
    if head[:1] == b"[":
        return True
    return re.match(rb'^\{\s*("|\})', head) is not None


def is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True
