"""Plain words for the stored vocabulary, as the person reads them in lists and forms."""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum

from organizer.core.dates import PartialDate, appointment_display
from organizer.core.errors import InvalidInput
from organizer.core.vocab import (
    CATEGORY_LABELS,
    AllergyCategory,
    Answer,
    Category,
    EventKind,
    PreauthAnswer,
    RequestStatus,
    Severity,
    Sex,
)

NOT_GIVEN = "Not given"

# Keyed by vocabulary AND value: the same stored word ("yes", "other") reads differently
# in different places ("Yes" for coverage, "Yes, it is needed" for pre-authorisation).
WORDS: dict[type[StrEnum], dict[str, str]] = {
    EventKind: {
        "symptom": "Symptom",
        "test": "Test or scan",
        "diagnosis": "Diagnosis",
        "treatment": "Treatment",
        "procedure": "Procedure or surgery",
        "visit": "Visit",
        "other": "Other",
    },
    RequestStatus: {
        "to-request": "Still to request",
        "requested": "Requested",
        "received": "Received",
        "packed": "Packed",
        "sent": "Sent",
        "returned": "Returned",
        "not-needed": "Not needed",
    },
    AllergyCategory: {
        "drug": "Medicine",
        "food": "Food",
        "environment": "Environment (pollen, latex...)",
        "other": "Other",
    },
    Severity: {"mild": "Mild", "moderate": "Moderate", "severe": "Severe"},
    Answer: {"yes": "Yes", "no": "No", "unknown": "Not checked yet"},
    PreauthAnswer: {
        "yes": "Yes, it is needed",
        "no": "No",
        "not-needed": "Not needed",
        "unknown": "Not checked yet",
    },
    Sex: {"F": "Female", "M": "Male", "X": "Other", "U": "Prefer not to say"},
    Category: {member.value: text for member, text in CATEGORY_LABELS.items()},
}


def word(value: StrEnum | None) -> str:
    if value is None:
        return ""
    known = WORDS.get(type(value), {})
    return known.get(value.value, value.value.replace("-", " ").capitalize())


def date_text(value: PartialDate | None) -> str:
    return value.display() if value is not None else ""


def date_sort_key(value: PartialDate | None) -> str:
    """Sortable text: the earliest day the date can mean, then its precision."""
    if value is None:
        return ""
    return f"{value.earliest.isoformat()} {value.to_storage()}"


def appointment_text(value: str | None) -> str:
    """Appointments are stored as ISO text ("2026-12-03 14:30"); show them in words."""
    if not value:
        return ""
    try:
        return appointment_display(value)
    except InvalidInput:
        return value


def today() -> PartialDate:
    return PartialDate.from_date(_dt.date.today())
