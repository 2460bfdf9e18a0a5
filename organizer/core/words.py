"""The one place for the words a person reads for stored vocabulary and statuses.

The app's lists and forms, the command line's human output and the exported PDF all
take their words from here, so a stored "drug" reads "Medicine" everywhere and a
checklist item that does not apply says so in the same words on screen and on paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from organizer.core.clinical.kinds import Kind as ProposalKind
from organizer.core.dates import PartialDate
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
    ProposalKind: {
        "medication": "Medication",
        "allergy": "Allergy",
        "problem": "Problem",
        "result": "Lab result",
        "vital-sign": "Vital sign",
        "procedure": "Procedure",
        "encounter": "Visit",
        "immunization": "Vaccine",
    },
}

CHECKLIST_STATUS_WORDS: dict[str, str] = {
    "missing": "Missing",
    "warning": "Check",
    "tip": "Tip",
    "ok": "Done",
    "not-applicable": "Does not apply",
    "requested-not-received": "Requested, not received",
}
"""Checklist statuses by their stored value (organizer.core.checklist.Status)."""


def _plain(value: str) -> str:
    """A value this table does not know yet, readable rather than raw: "not-needed"."""
    return value.replace("-", " ").replace("_", " ").capitalize()


def word(value: StrEnum | None) -> str:
    """The word for a stored vocabulary value ("" for none)."""
    if value is None:
        return ""
    known = WORDS.get(type(value))
    if known is None and type(value).__name__ == "Status":
        return status_word(value.value)
    return (known or {}).get(value.value, _plain(value.value))


def status_word(value: str) -> str:
    """The word for a checklist status, as the app, the command line and the PDF say it."""
    return CHECKLIST_STATUS_WORDS.get(value, _plain(value))


def not_applicable_reason(reason: str) -> str:
    """A rule's explanation once the person marked it as not applying: their reason.

    The status word ("Does not apply") is shown beside it, so the reason is not preceded
    by a second phrase for the same thing.
    """
    return f"Reason given: {reason}"


def excused_finding(label: str, reason: str) -> str:
    """One record of a rule the person marked as not applying, with their reason."""
    return f"“{label}”: {status_word('not-applicable').lower()} ({reason})"


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


CODE_SYSTEM_LABELS: dict[str, str] = {
    "snomed": "SNOMED CT",
    "icd10": "ICD-10",
    "icd9": "ICD-9",
    "loinc": "LOINC",
    "rxnorm": "RxNorm",
    "cvx": "CVX",
    "ndc": "NDC",
    "cpt": "CPT",
    "hcpcs": "HCPCS",
}
"""Code systems by the short name the import stores (organizer.core.clinical.codes)."""
DIAGNOSIS_CODE_SYSTEMS = frozenset({"icd10", "icd9"})
"""Codes a specialist reads at a glance beside a diagnosis's name (SNOMED CT numbers and
the like are for software: the original file, in the folder, keeps them)."""
_CODE_LINE = re.compile(r"^Code: (\S+) (\S.*)$")


def code_text(system: str, code: str) -> str:
    """'SNOMED CT 254637007', 'ICD-10 C50.911'; a system without a known name: 'code X'."""
    label = CODE_SYSTEM_LABELS.get(system)
    return f"{label} {code}" if label else f"code {code}"


@dataclass(frozen=True)
class EventDetails:
    """A timeline event's details as stored, split into what is said and its codes."""

    lines: tuple[str, ...]
    """The details' lines other than codes, as written."""
    codes: tuple[tuple[str, str], ...]
    """(system, code) of each code the file gave (import writes "Code: snomed 123")."""

    @property
    def readable(self) -> str:
        """Every line, the codes in words: 'Status: active' / 'SNOMED CT 254637007'."""
        return "\n".join([*self.lines, *(code_text(*code) for code in self.codes)])

    def diagnosis_codes(self) -> list[str]:
        """The codes worth printing beside the name, in words: 'ICD-10 C50.911'."""
        return [code_text(*code) for code in self.codes if code[0] in DIAGNOSIS_CODE_SYSTEMS]


def event_details(details: str) -> EventDetails:
    lines: list[str] = []
    codes: list[tuple[str, str]] = []
    for line in details.splitlines():
        match = _CODE_LINE.match(line.strip())
        if match:
            codes.append((match.group(1), match.group(2).strip()))
        elif line.strip():
            lines.append(line.strip())
    return EventDetails(tuple(lines), tuple(codes))
