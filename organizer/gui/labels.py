"""Words and dates as the person reads them in lists and forms (the words themselves live
in organizer.core.words, shared with the command line and the PDF)."""

from __future__ import annotations

import datetime as _dt

from organizer.core.dates import PartialDate
from organizer.core.words import NOT_GIVEN, WORDS, appointment_text, word

__all__ = ["NOT_GIVEN", "WORDS", "appointment_text", "date_sort_key", "date_text", "today", "word"]


def date_text(value: PartialDate | None) -> str:
    return value.display() if value is not None else ""


def date_sort_key(value: PartialDate | None) -> str:
    """Sortable text: the earliest day the date can mean, then its precision."""
    if value is None:
        return ""
    return f"{value.earliest.isoformat()} {value.to_storage()}"


def today() -> PartialDate:
    return PartialDate.from_date(_dt.date.today())
