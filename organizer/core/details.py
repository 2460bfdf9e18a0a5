"""What import learned about a document, read back as typed values.

Import writes ``Document.details`` as a JSON object (the keys are listed in
``organizer.core.importing.details``). Everything that reads it (the checklist, the
export summary, the preview) goes through ``details_of``, so no reader repeats the key
names or has to guard against a damaged value.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput
from organizer.core.records import Document


@dataclass(frozen=True)
class Series:
    number: int | None = None
    description: str = ""
    modality: str = ""
    images: int = 0


@dataclass(frozen=True)
class DocumentDetails:
    study_uid: str = ""
    study_date: str = ""
    modality: str = ""
    description: str = ""
    body_part: str = ""
    institution: str = ""
    series: tuple[Series, ...] = ()
    series_count: int | None = None
    image_count: int | None = None
    pages: int | None = None
    has_text: bool | None = None
    format: str = ""

    @property
    def study_day(self) -> PartialDate | None:
        """The DICOM study date (written 20260112 or 2026-01-12) as a date, if readable."""
        return parse_study_date(self.study_date)


def details_of(document: Document) -> DocumentDetails:
    """The document's import details; empty values when absent or unreadable."""
    try:
        raw = json.loads(document.details or "{}")
    except ValueError:
        return DocumentDetails()
    if not isinstance(raw, dict):
        return DocumentDetails()
    series = raw.get("series")
    return DocumentDetails(
        study_uid=_text(raw, "study_uid"),
        study_date=_text(raw, "study_date"),
        modality=_text(raw, "modality"),
        description=_text(raw, "description"),
        body_part=_text(raw, "body_part"),
        institution=_text(raw, "institution"),
        series=tuple(_series(item) for item in series if isinstance(item, dict))
        if isinstance(series, list)
        else (),
        series_count=_number(raw, "series_count"),
        image_count=_number(raw, "image_count"),
        pages=_number(raw, "pages"),
        has_text=raw["has_text"] if isinstance(raw.get("has_text"), bool) else None,
        format=_text(raw, "format"),
    )


def parse_study_date(raw: str) -> PartialDate | None:
    raw = raw.strip()
    if not raw:
        return None
    digits = raw.replace("-", "").replace(".", "").replace("/", "")[:8]
    if len(digits) == 8 and digits.isdigit():
        try:
            return PartialDate.from_date(
                _dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
            )
        except (ValueError, InvalidInput):
            return None
    try:
        return PartialDate.parse(raw)
    except InvalidInput:
        return None


def _series(item: Mapping[str, Any]) -> Series:
    return Series(
        number=_number(item, "number"),
        description=_text(item, "description"),
        modality=_text(item, "modality"),
        images=_number(item, "images") or 0,
    )


def _text(raw: Mapping[str, Any], key: str) -> str:
    value = raw.get(key)
    return str(value) if value is not None and not isinstance(value, dict | list) else ""


def _number(raw: Mapping[str, Any], key: str) -> int | None:
    value = raw.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None
