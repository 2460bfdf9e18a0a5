"""Plain words for the stored vocabulary, as the person reads them in lists and forms."""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum

from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput
from organizer.core.vocab import (
    CATEGORY_LABELS,
    AllergyCategory,
    Answer,
    EventKind,
    PreauthAnswer,
    RequestStatus,
    Severity,
    Sex,
)

NOT_GIVEN = "Not given"

WORDS: dict[StrEnum, str] = {
    EventKind.SYMPTOM: "Symptom",
    EventKind.TEST: "Test or scan",
    EventKind.DIAGNOSIS: "Diagnosis",
    EventKind.TREATMENT: "Treatment",
    EventKind.PROCEDURE: "Procedure or surgery",
    EventKind.VISIT: "Visit",
    EventKind.OTHER: "Other",
    RequestStatus.TO_REQUEST: "Still to request",
    RequestStatus.REQUESTED: "Requested",
    RequestStatus.RECEIVED: "Received",
    RequestStatus.PACKED: "Packed",
    RequestStatus.SENT: "Sent",
    RequestStatus.RETURNED: "Returned",
    RequestStatus.NOT_NEEDED: "Not needed",
    AllergyCategory.DRUG: "Medicine",
    AllergyCategory.FOOD: "Food",
    AllergyCategory.ENVIRONMENT: "Environment (pollen, latex...)",
    AllergyCategory.OTHER: "Other",
    Severity.MILD: "Mild",
    Severity.MODERATE: "Moderate",
    Severity.SEVERE: "Severe",
    Answer.YES: "Yes",
    Answer.NO: "No",
    Answer.UNKNOWN: "Not checked yet",
    PreauthAnswer.YES: "Yes, it is needed",
    PreauthAnswer.NO: "No",
    PreauthAnswer.NOT_NEEDED: "Not needed",
    PreauthAnswer.UNKNOWN: "Not checked yet",
    Sex.FEMALE: "Female",
    Sex.MALE: "Male",
    Sex.OTHER: "Other",
    Sex.UNKNOWN: "Prefer not to say",
}
WORDS.update(CATEGORY_LABELS)


def word(value: StrEnum | None) -> str:
    if value is None:
        return ""
    return WORDS.get(value, value.value.replace("-", " ").capitalize())


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
    day, _, time = value.partition(" ")
    try:
        shown = PartialDate.parse(day).display()
    except InvalidInput:
        return value
    return f"{shown} at {time}" if time else shown


def today() -> PartialDate:
    return PartialDate.from_date(_dt.date.today())
