"""What import learned about a document (``Document.details``), as typed values.

Import writes it as one JSON object (the keys are listed in
``organizer.core.importing.details``). It is parsed once, when a document is read from
the library (``organizer.core.rowcodec``), into a ``DocumentDetails``: the checklist, the
export, the preview and the CLI read its attributes, so none of them repeats a key name
or guards against a damaged value. Every key import wrote stays in ``values`` and is
stored again as it was (the keys no reader needs too: an image's size, a file's notes),
so the stored text keeps its format and needs no migration.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput


@dataclass(frozen=True)
class Series:
    number: int | None = None
    description: str = ""
    modality: str = ""
    images: int = 0


@dataclass(frozen=True)
class Party:
    """Someone a clinical document names as its maker: a person, an organisation or both."""

    name: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class DocumentDetails:
    """Built from the stored object (``DocumentDetails(values)`` or ``parse(text)``) only:
    the typed fields are read from ``values`` once, so the two can never disagree."""

    values: Mapping[str, Any] = field(default_factory=dict)
    study_uid: str = field(init=False, default="")
    study_date: str = field(init=False, default="")
    modality: str = field(init=False, default="")
    description: str = field(init=False, default="")
    body_part: str = field(init=False, default="")
    institution: str = field(init=False, default="")
    series: tuple[Series, ...] = field(init=False, default=())
    series_count: int | None = field(init=False, default=None)
    image_count: int | None = field(init=False, default=None)
    pages: int | None = field(init=False, default=None)
    has_text: bool | None = field(init=False, default=None)
    format: str = field(init=False, default="")
    clinical_parties: tuple[Party, ...] = field(init=False, default=())
    identity_found: tuple[Mapping[str, Any], ...] | None = field(init=False, default=None)
    """The patients the file names, as stored (organizer.core.identity reads them);
    None when the file has not been read for its patient yet."""

    def __post_init__(self) -> None:
        raw = dict(self.values) if isinstance(self.values, Mapping) else {}
        object.__setattr__(self, "values", MappingProxyType(raw))
        for name, value in _typed(raw).items():
            object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[type[DocumentDetails], tuple[dict[str, Any]]]:
        """Copied and pickled as the values it is built from (a read-only view cannot be)."""
        return DocumentDetails, (dict(self.values),)

    @classmethod
    def parse(cls, text: str) -> DocumentDetails:
        """The stored JSON text; empty values when it is absent or unreadable."""
        try:
            raw = json.loads(text or "{}")
        except ValueError:
            return cls()
        return cls(raw) if isinstance(raw, dict) else cls()

    def to_storage(self) -> str:
        return json.dumps(dict(self.values), ensure_ascii=False, sort_keys=True)

    def with_values(self, **values: Any) -> DocumentDetails:
        """The same details with these keys set (what import or identity adds)."""
        return DocumentDetails({**self.values, **values})

    @property
    def study_day(self) -> PartialDate | None:
        """The DICOM study date (written 20260112 or 2026-01-12) as a date, if readable."""
        return parse_study_date(self.study_date)


def _typed(raw: Mapping[str, Any]) -> dict[str, Any]:
    series = raw.get("series")
    parties = raw.get("clinical_parties")
    found = raw.get("identity_found")
    return {
        "study_uid": _text(raw, "study_uid"),
        "study_date": _text(raw, "study_date"),
        "modality": _text(raw, "modality"),
        "description": _text(raw, "description"),
        "body_part": _text(raw, "body_part"),
        "institution": _text(raw, "institution"),
        "series": tuple(_series(item) for item in series if isinstance(item, dict))
        if isinstance(series, list)
        else (),
        "series_count": _number(raw, "series_count"),
        "image_count": _number(raw, "image_count"),
        "pages": _number(raw, "pages"),
        "has_text": raw["has_text"] if isinstance(raw.get("has_text"), bool) else None,
        "format": _text(raw, "format"),
        "clinical_parties": tuple(
            Party(_text(item, "name"), _text(item, "organisation"))
            for item in parties
            if isinstance(item, dict)
        )
        if isinstance(parties, list)
        else (),
        "identity_found": tuple(MappingProxyType(item) for item in found if isinstance(item, dict))
        if isinstance(found, list)
        else None,
    }


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
