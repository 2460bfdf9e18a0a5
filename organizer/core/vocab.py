"""The fixed vocabularies: the words the CLI, the JSON output and the database share."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from organizer.core.errors import InvalidInput


class EventKind(StrEnum):
    SYMPTOM = "symptom"
    TEST = "test"
    DIAGNOSIS = "diagnosis"
    TREATMENT = "treatment"
    PROCEDURE = "procedure"
    VISIT = "visit"
    OTHER = "other"


class Category(StrEnum):
    CLINICAL_NOTE = "clinical-note"
    TREATMENT_PLAN = "treatment-plan"
    PATHOLOGY_REPORT = "pathology-report"
    IMAGING_REPORT = "imaging-report"
    IMAGING_STUDY = "imaging-study"
    LAB_RESULT = "lab-result"
    DISCHARGE_SUMMARY = "discharge-summary"
    OPERATIVE_REPORT = "operative-report"
    LETTER = "letter"
    INSURANCE = "insurance"
    OTHER = "other"


CATEGORY_LABELS: dict[Category, str] = {
    Category.CLINICAL_NOTE: "Clinical note",
    Category.TREATMENT_PLAN: "Treatment plan",
    Category.PATHOLOGY_REPORT: "Pathology report",
    Category.IMAGING_REPORT: "Imaging report",
    Category.IMAGING_STUDY: "Imaging study (the images)",
    Category.LAB_RESULT: "Lab result",
    Category.DISCHARGE_SUMMARY: "Discharge summary",
    Category.OPERATIVE_REPORT: "Operative report",
    Category.LETTER: "Letter or referral",
    Category.INSURANCE: "Insurance",
    Category.OTHER: "Other",
}


class Identity(StrEnum):
    """Does a document name the person it is filed under?"""

    MATCH = "match"
    MISMATCH = "mismatch"
    UNKNOWN = "unknown"


class RequestStatus(StrEnum):
    TO_REQUEST = "to-request"
    REQUESTED = "requested"
    RECEIVED = "received"
    PACKED = "packed"
    SENT = "sent"
    RETURNED = "returned"
    NOT_NEEDED = "not-needed"


class AllergyCategory(StrEnum):
    DRUG = "drug"
    FOOD = "food"
    ENVIRONMENT = "environment"
    OTHER = "other"


class Severity(StrEnum):
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class PreauthAnswer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_NEEDED = "not-needed"
    UNKNOWN = "unknown"


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"
    OTHER = "X"
    UNKNOWN = "U"


_SEX_WORDS = {
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "x": Sex.OTHER,
    "other": Sex.OTHER,
    "u": Sex.UNKNOWN,
    "unknown": Sex.UNKNOWN,
}

E = TypeVar("E", bound=StrEnum)


def parse_word(enum: type[E], text: str, what: str) -> E:
    """Read one vocabulary word, accepting spaces or underscores for hyphens."""
    cleaned = text.strip().lower().replace("_", "-").replace(" ", "-")
    for member in enum:
        if member.value.lower() == cleaned:
            return member
    allowed = ", ".join(member.value for member in enum)
    raise InvalidInput(f'unknown {what} "{text}"; use one of: {allowed}')


def parse_sex(text: str) -> Sex:
    try:
        return _SEX_WORDS[text.strip().lower()]
    except KeyError:
        raise InvalidInput(f'unknown sex "{text}"; use F, M, X (other) or U (unknown)') from None
