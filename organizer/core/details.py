"""What import learned about a document (``Document.details``), as typed values.

Import writes it as one JSON object (the keys are listed in
``organizer.core.importing.details``); a ``DocumentDetails`` holds that text exactly as
stored and reads it, once and only when first asked (a list of 10,000 documents never
pays for it), into typed attributes: the checklist, the export, the preview and the CLI
read those, so none of them repeats a key name or guards against a damaged value. The
stored text keeps its format (the keys no reader needs too: an image's size, a file's
notes), so no migration is needed.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Any

from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput


@dataclass(frozen=True)
class Series:
    """One series of an imaging study, as its files describe it."""

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
    """The stored JSON object and its typed reading; two are equal when stored alike.

    Made by the library from the stored text, or by import with ``of(values)``; changed
    only by making a new one (``with_values``).
    """

    text: str = "{}"

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> DocumentDetails:
        return cls(json.dumps(dict(values), ensure_ascii=False, sort_keys=True))

    def to_storage(self) -> str:
        return self.text

    def with_values(self, **values: Any) -> DocumentDetails:
        """The same details with these keys set (what import or identity adds)."""
        return DocumentDetails.of({**self.values, **values})

    def __reduce__(self) -> tuple[type[DocumentDetails], tuple[str]]:
        """Copied and pickled as its text (the cached reading is made again when needed)."""
        return DocumentDetails, (self.text,)

    @cached_property
    def values(self) -> Mapping[str, Any]:
        """Every key import wrote, read-only; empty when the text is absent or unreadable."""
        try:
            raw = json.loads(self.text or "{}")
        except ValueError:
            raw = {}
        return MappingProxyType(raw if isinstance(raw, dict) else {})

    @cached_property
    def study_uid(self) -> str:
        return _text(self.values, "study_uid")

    @cached_property
    def study_date(self) -> str:
        return _text(self.values, "study_date")

    @cached_property
    def modality(self) -> str:
        return _text(self.values, "modality")

    @cached_property
    def description(self) -> str:
        return _text(self.values, "description")

    @cached_property
    def body_part(self) -> str:
        return _text(self.values, "body_part")

    @cached_property
    def institution(self) -> str:
        return _text(self.values, "institution")

    @cached_property
    def format(self) -> str:
        return _text(self.values, "format")

    @cached_property
    def series(self) -> tuple[Series, ...]:
        found = self.values.get("series")
        items = found if isinstance(found, list) else []
        return tuple(_series(item) for item in items if isinstance(item, dict))

    @cached_property
    def series_count(self) -> int | None:
        return _number(self.values, "series_count")

    @cached_property
    def image_count(self) -> int | None:
        return _number(self.values, "image_count")

    @cached_property
    def pages(self) -> int | None:
        return _number(self.values, "pages")

    @cached_property
    def has_text(self) -> bool | None:
        value = self.values.get("has_text")
        return value if isinstance(value, bool) else None

    @cached_property
    def clinical_parties(self) -> tuple[Party, ...]:
        found = self.values.get("clinical_parties")
        items = found if isinstance(found, list) else []
        return tuple(
            Party(_text(item, "name"), _text(item, "organisation"))
            for item in items
            if isinstance(item, dict)
        )

    @cached_property
    def identity_found(self) -> tuple[Mapping[str, Any], ...] | None:
        """The patients the file names, as stored (organizer.core.identity reads them);
        None when the file has not been read for its patient yet."""
        found = self.values.get("identity_found")
        if not isinstance(found, list):
            return None
        return tuple(MappingProxyType(item) for item in found if isinstance(item, dict))

    @property
    def study_day(self) -> PartialDate | None:
        """The DICOM study date (written 20260112 or 2026-01-12) as a date, if readable."""
        return parse_study_date(self.study_date)


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
