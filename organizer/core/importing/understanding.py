"""Turning one stored file into a document row: title, category, date, flags, details.

Each reader works on the copy already in the file store (never the person's original)
and either returns the document to create with an optional note for the person, or
raises ``Refused`` with the reason the file cannot be used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from organizer.core.clinical.fhir import read_fhir
from organizer.core.clinical.model import ClinicalDocument
from organizer.core.clinical.providers import clinical_parties
from organizer.core.dates import PartialDate
from organizer.core.details import DocumentDetails
from organizer.core.identity.ccda import ccda_identities
from organizer.core.identity.clinical import clinical_identities
from organizer.core.identity.documents import remember_found
from organizer.core.identity.fhir import fhir_identities
from organizer.core.identity.labels import text_identities
from organizer.core.identity.xdm import xdm_identity
from organizer.core.importing import details as keys
from organizer.core.importing.fhir import JsonRefused, load_json, summarise
from organizer.core.importing.guessing import (
    Guess,
    category_from_loinc,
    category_from_text,
    date_from_compact,
    date_from_text,
)
from organizer.core.importing.images import ImageRefused, read_image_facts
from organizer.core.importing.naming import date_from_file_name, meaningful_title, title_for
from organizer.core.importing.pdfs import PASSWORD_NOTE, SCANNED_NOTE, PdfRefused, analyse_pdf
from organizer.core.importing.safexml import XdmEntry, XmlRefused, read_xml
from organizer.core.importing.sniff import CDA_MEDIA_TYPE, FHIR_MEDIA_TYPE, Kind
from organizer.core.records import PASSWORD_PROTECTED, SCANNED_NO_TEXT, Document
from organizer.core.vocab import Category

TEXT_SAMPLE = 65536


class Refused(Exception):
    """The file cannot become a document; str() is the one-line reason."""


@dataclass
class Understood:
    document: Document
    media_type: str = ""
    note: str = ""
    clinical: ClinicalDocument | None = None
    """What a C-CDA, CCR or FHIR file says, read for the review list."""


@dataclass
class StoredCopy:
    """A file already in the store, with what is known about where it came from."""

    path: Path
    name: str
    source: str
    kind: Kind
    xdm: XdmEntry | None = None


def title_from_name(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name[1:] else name
    cleaned = " ".join(re.sub(r"[_]+", " ", stem).split())
    return cleaned or name or "Untitled document"


def _new(copy: StoredCopy, title: str, **fields: Any) -> Document:
    return Document(person_id=0, title=title.strip()[:300] or title_from_name(copy.name),
                    source=copy.source, **fields)  # fmt: skip


def _apply_guesses(
    document: Document,
    category: Guess | None,
    date: tuple[PartialDate, str] | None,
) -> None:
    reasons = []
    if category is not None:
        document.category = category.category
        reasons.append(f"category from {category.reason}")
    if date is not None:
        document.date = date[0]
        reasons.append(f"date from {date[1]}")
    document.guess_reason = "; ".join(reasons)


def understand(copy: StoredCopy) -> Understood:
    understood = _understand(copy)
    from_package = xdm_identity(copy.xdm)
    remember_found(understood.document, [from_package] if from_package else [])
    return understood


def _understand(copy: StoredCopy) -> Understood:
    try:
        if copy.kind is Kind.PDF:
            return _pdf(copy)
        if copy.kind in (Kind.JPEG, Kind.PNG, Kind.TIFF, Kind.HEIC, Kind.GIF, Kind.BMP, Kind.WEBP):
            return _image(copy)
        if copy.kind is Kind.XML:
            return _xml(copy)
        if copy.kind is Kind.JSON:
            return _json(copy)
        if copy.kind is Kind.TEXT:
            return _text(copy)
        if copy.kind is Kind.HTML:
            return Understood(
                _new(copy, title_from_name(copy.name)),
                "text/html",
                'stored as "other": a web page',
            )
    except (PdfRefused, ImageRefused, XmlRefused, JsonRefused) as error:
        raise Refused(str(error)) from None
    return Understood(
        _new(copy, title_from_name(copy.name)),
        "application/octet-stream",
        'stored as "other": the file type was not recognised',
    )


def _pdf(copy: StoredCopy) -> Understood:
    info = analyse_pdf(copy.path)
    document = _new(copy, title_from_name(copy.name), page_count=info.pages)
    for flag in info.flags:
        document.flags = document.with_flag(flag)
    date = date_from_text(info.text)
    if date is None and (made := date_from_compact(info.creation_date)):
        date = (made, "the date the PDF was made")
    if date is None and (named := date_from_file_name(copy.name)):
        date = (named, "the file's name")
    _apply_guesses(document, category_from_text(info.text), date)
    document.title = meaningful_title(info.title) or title_for(
        document.category, document.date, title_from_name(copy.name)
    )
    details: dict[str, Any] = {keys.HAS_TEXT: info.has_text}
    if info.pages is not None:
        details[keys.PAGES] = info.pages
    document.details = DocumentDetails.of(details)
    remember_found(document, text_identities(info.text))
    note = ""
    if PASSWORD_PROTECTED in info.flags:
        note = PASSWORD_NOTE
    elif SCANNED_NO_TEXT in info.flags:
        note = SCANNED_NOTE
    return Understood(document, "application/pdf", note)


def _image(copy: StoredCopy) -> Understood:
    info = read_image_facts(copy.path)  # its pictures are made by the background pass
    document = _new(copy, title_from_name(copy.name))
    document.page_count = info.frames if info.frames > 1 else None
    date = None
    if info.exif_date and (taken := date_from_compact(info.exif_date)):
        date = (taken, "the date the camera saved in the photo")
    elif named := date_from_file_name(copy.name):
        date = (named, "the photo's file name")
    _apply_guesses(document, None, date)
    document.title = title_for(document.category, document.date, document.title, "Photo")
    document.details = DocumentDetails.of(
        {
            keys.WIDTH: info.width,
            keys.HEIGHT: info.height,
            keys.EXIF_DATE: info.exif_date,
            keys.ORIENTATION: info.orientation,
        }
    )
    media = {"JPEG": "image/jpeg", "PNG": "image/png", "TIFF": "image/tiff", "GIF": "image/gif",
             "BMP": "image/bmp", "WEBP": "image/webp", "HEIF": "image/heic"}  # fmt: skip
    return Understood(document, media.get(info.format, "image/" + info.format.lower()))


def _xml(copy: StoredCopy) -> Understood:
    summary = read_xml(copy.path)
    if summary.cda is None and (found := _clinical(lambda: read_clinical(copy.path)))[0]:
        return _other_clinical(copy, found[0], "application/xml", found[1])
    if summary.cda is None:
        root = summary.root.rsplit("}", 1)[-1]
        return Understood(
            _new(copy, title_from_name(copy.name)),
            "application/xml",
            f'stored as "other": XML, but not a C-CDA clinical document (root <{root}>)',
        )
    header = summary.cda
    clinical, note = _clinical(lambda: read_clinical(copy.path))
    xdm = copy.xdm
    title = header.title or header.type_name or (xdm.title if xdm else "") or "Clinical document"
    document = _new(copy, title)
    category = category_from_loinc(header.type_code, header.type_name)
    if category is None and xdm is not None:
        category = category_from_loinc(xdm.type_code, xdm.type_name)
    date = None
    for value, where in (
        (header.effective_time, "the date written in the document"),
        (xdm.creation_time if xdm else "", "the date the download package was made"),
    ):
        if value and (parsed := date_from_compact(value)):
            date = (parsed, where)
            break
    _apply_guesses(document, category, date)
    institution = header.institution or (xdm.institution if xdm else "")
    extra: dict[str, Any] = {"format": "C-CDA", "type_code": header.type_code}
    if institution:
        extra[keys.INSTITUTION] = institution
    document.details = DocumentDetails.of(_with_notes(extra, clinical))
    # the patient as the clinical reader found it; the header alone if that failed
    patients = clinical_identities(clinical) if clinical else ccda_identities(copy.path)
    remember_found(document, patients)
    return Understood(document, CDA_MEDIA_TYPE, note, clinical)


def read_clinical(path: Path) -> ClinicalDocument | None:
    # imported here: the clinical readers use safexml from this package, so a top-level
    # import would be circular whichever package is imported first
    from organizer.core.clinical.reading import read_clinical as read

    return read(path)


def _clinical(
    read: Callable[[], ClinicalDocument | None],
) -> tuple[ClinicalDocument | None, str]:
    """The file's clinical content, or a note: a failure here never costs the document."""
    from organizer.core.clinical.reading import ClinicalRefused

    try:
        clinical = read()
    except ClinicalRefused as error:
        return None, f"its entries could not be read: {error}"
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError) as error:
        return None, f"its entries could not be read ({type(error).__name__})"
    # entries left out are kept in the document's details (clinical_notes), not in the line
    return clinical, ""


def _other_clinical(
    copy: StoredCopy, clinical: ClinicalDocument, media_type: str, note: str
) -> Understood:
    """A FHIR XML resource or a CCR: named from what it says."""
    document = _new(copy, clinical.title or title_from_name(copy.name))
    category = category_from_loinc(clinical.type_code.code) if clinical.type_code.code else None
    date = None
    if clinical.date and (parsed := date_from_compact(clinical.date)):
        date = (parsed, "the document's date")
    _apply_guesses(document, category, date)
    document.details = DocumentDetails.of(
        _with_notes({"format": clinical.format.value.upper()}, clinical)
    )
    remember_found(document, clinical_identities(clinical))
    return Understood(document, media_type, note, clinical)


def _json(copy: StoredCopy) -> Understood:
    data = load_json(copy.path)
    summary = summarise(data)
    if summary is None:
        return Understood(
            _new(copy, title_from_name(copy.name)),
            "application/json",
            'stored as "other": JSON, but not a FHIR resource',
        )
    document = _new(copy, summary.title)
    category = category_from_loinc(summary.type_code) if summary.type_code else None
    if category is None and summary.lab:
        category = Guess(Category.LAB_RESULT, "FHIR laboratory category")
    date = None
    if summary.date and (parsed := date_from_compact(summary.date)):
        date = (parsed, "the date written in the record")
    _apply_guesses(document, category, date)
    document.details = DocumentDetails.of(
        {"format": "FHIR", "resource_type": summary.resource_type,
         "resources": summary.resource_count}
    )  # fmt: skip
    clinical, note = _clinical(lambda: read_fhir(data))
    document.details = DocumentDetails.of(_with_notes(dict(document.details.values), clinical))
    remember_found(document, fhir_identities(data))
    return Understood(document, FHIR_MEDIA_TYPE, note, clinical)


def _with_notes(details: dict[str, Any], clinical: ClinicalDocument | None) -> dict[str, Any]:
    """Keep what could not be read with the document, so the person can see it later;
    and who made it, for the providers list when its items are accepted."""
    if clinical is not None and (parties := clinical_parties(clinical)):
        details[keys.CLINICAL_PARTIES] = parties[: keys.MAX_CLINICAL_PARTIES]
    if clinical is not None and clinical.notes:
        details[keys.CLINICAL_NOTES] = [
            " / ".join(p for p in (n.provenance.section, n.provenance.entry, n.text) if p)
            for n in clinical.notes[: keys.MAX_CLINICAL_NOTES]
        ]
    return details


def _text(copy: StoredCopy) -> Understood:
    with open(copy.path, "rb") as handle:
        sample = handle.read(TEXT_SAMPLE).decode("utf-8", errors="replace")
    document = _new(copy, title_from_name(copy.name))
    _apply_guesses(document, category_from_text(sample), date_from_text(sample))
    remember_found(document, text_identities(sample))
    return Understood(document, "text/plain")
