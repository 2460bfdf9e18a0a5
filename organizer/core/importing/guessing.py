"""Guessing a document's category and date from what it says, with the reason why.

Every guess is stored with ``category_confirmed``/``date_confirmed`` left False and a
short reason ("the text says 'final diagnosis'"), so the person can see where it came
from and confirm or correct it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput
from organizer.core.vocab import Category

# LOINC document type codes seen in C-CDA and XDM metadata.
LOINC_CATEGORIES: dict[str, Category] = {
    "34133-9": Category.CLINICAL_NOTE,  # summarization of episode note (CCD)
    "11506-3": Category.CLINICAL_NOTE,  # progress note
    "11488-4": Category.CLINICAL_NOTE,  # consultation note
    "34117-2": Category.CLINICAL_NOTE,  # history and physical
    "51855-5": Category.CLINICAL_NOTE,  # patient note
    "28570-0": Category.CLINICAL_NOTE,  # procedure note
    "34111-5": Category.CLINICAL_NOTE,  # emergency department note
    "18761-7": Category.CLINICAL_NOTE,  # transfer summary
    "18842-5": Category.DISCHARGE_SUMMARY,
    "11490-0": Category.DISCHARGE_SUMMARY,  # physician discharge summary
    "28655-9": Category.DISCHARGE_SUMMARY,  # attending physician discharge summary
    "18748-4": Category.IMAGING_REPORT,  # diagnostic imaging study
    "11504-8": Category.OPERATIVE_REPORT,  # surgical operation note
    "34874-1": Category.OPERATIVE_REPORT,
    "11526-1": Category.PATHOLOGY_REPORT,  # pathology study
    "60568-3": Category.PATHOLOGY_REPORT,  # pathology synoptic report
    "11529-5": Category.PATHOLOGY_REPORT,  # surgical pathology study
    "11502-2": Category.LAB_RESULT,  # laboratory report
    "26436-6": Category.LAB_RESULT,  # laboratory studies
    "18776-5": Category.TREATMENT_PLAN,  # plan of care note
    "52521-2": Category.TREATMENT_PLAN,  # overall plan of care
    "57133-1": Category.LETTER,  # referral note
}

# Words whose presence points at a category, with a weight; the best total wins.
TEXT_CLUES: tuple[tuple[Category, str, int], ...] = (
    (Category.PATHOLOGY_REPORT, "surgical pathology", 5),
    (Category.PATHOLOGY_REPORT, "final diagnosis", 4),
    (Category.PATHOLOGY_REPORT, "pathology report", 5),
    (Category.PATHOLOGY_REPORT, "microscopic description", 4),
    (Category.PATHOLOGY_REPORT, "gross description", 4),
    (Category.PATHOLOGY_REPORT, "immunohistochemi", 3),
    (Category.OPERATIVE_REPORT, "operative report", 5),
    (Category.OPERATIVE_REPORT, "operative note", 5),
    (Category.OPERATIVE_REPORT, "preoperative diagnosis", 4),
    (Category.OPERATIVE_REPORT, "postoperative diagnosis", 4),
    (Category.OPERATIVE_REPORT, "procedure performed", 3),
    (Category.OPERATIVE_REPORT, "estimated blood loss", 3),
    (Category.DISCHARGE_SUMMARY, "discharge summary", 5),
    (Category.DISCHARGE_SUMMARY, "hospital course", 4),
    (Category.DISCHARGE_SUMMARY, "discharge diagnosis", 4),
    (Category.IMAGING_REPORT, "radiology report", 5),
    (Category.IMAGING_REPORT, "impression", 2),
    (Category.IMAGING_REPORT, "findings", 2),
    (Category.IMAGING_REPORT, "technique", 1),
    (Category.IMAGING_REPORT, "contrast", 1),
    (Category.IMAGING_REPORT, "comparison", 1),
    (Category.LAB_RESULT, "reference range", 5),
    (Category.LAB_RESULT, "ref range", 4),
    (Category.LAB_RESULT, "specimen collected", 3),
    (Category.LAB_RESULT, "laboratory report", 4),
    (Category.LAB_RESULT, "lab results", 3),
    (Category.TREATMENT_PLAN, "treatment plan", 4),
    (Category.TREATMENT_PLAN, "plan of care", 4),
    (Category.TREATMENT_PLAN, "recommended treatment", 3),
    (Category.CLINICAL_NOTE, "assessment and plan", 4),
    (Category.CLINICAL_NOTE, "history of present illness", 4),
    (Category.CLINICAL_NOTE, "chief complaint", 3),
    (Category.CLINICAL_NOTE, "progress note", 4),
    (Category.CLINICAL_NOTE, "review of systems", 3),
    (Category.LETTER, "dear dr", 4),
    (Category.LETTER, "referral", 2),
    (Category.LETTER, "sincerely", 2),
    (Category.INSURANCE, "explanation of benefits", 5),
    (Category.INSURANCE, "prior authorization", 4),
    (Category.INSURANCE, "member id", 2),
)
MIN_SCORE = 3


@dataclass(frozen=True)
class Guess:
    category: Category
    reason: str


def category_from_loinc(code: str, name: str = "") -> Guess | None:
    category = LOINC_CATEGORIES.get(code.strip())
    if category is None:
        return None
    if name:
        return Guess(category, f"the type the document gives itself (“{name}”)")
    return Guess(category, "the type the document gives itself")


def category_from_text(text: str) -> Guess | None:
    lowered = " ".join(text.lower().split())
    scores: dict[Category, int] = {}
    found: dict[Category, list[str]] = {}
    for category, words, weight in TEXT_CLUES:
        if words in lowered:
            scores[category] = scores.get(category, 0) + weight
            found.setdefault(category, []).append(words)
    if not scores:
        return None
    best = max(scores, key=lambda item: scores[item])
    if scores[best] < MIN_SCORE:
        return None
    quoted = ", ".join(f'"{words}"' for words in found[best][:3])
    return Guess(best, f"the text contains {quoted}")


# -- dates --------------------------------------------------------------------------------


def date_from_compact(value: str) -> PartialDate | None:
    """HL7 and DICOM dates: 20160902122113-0500, 20160902, 201609, 2016; ISO too."""
    digits = value.strip()
    if len(digits) >= 10 and digits[4] == "-" and digits[7] == "-":
        digits = digits[:4] + digits[5:7] + digits[8:10]
    elif len(digits) >= 7 and digits[4] == "-":
        digits = digits[:4] + digits[5:7]
    if digits.startswith("D:"):
        digits = digits[2:]
    match = re.match(r"^(\d{4})(\d{2})?(\d{2})?", digits)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return PartialDate(int(year), int(month) if month else None, int(day) if day else None)
    except InvalidInput:
        return None


_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
    "june|july|august|september|october|november|december"
)
_TEXT_DATE = re.compile(
    r"(?P<iso>\b(19|20)\d\d-\d{1,2}-\d{1,2}\b)"
    r"|(?P<us>\b\d{1,2}/\d{1,2}/(19|20)\d\d\b)"
    rf"|(?P<long>\b({_MONTHS})\.?\s+\d{{1,2}},?\s+(19|20)\d\d\b)"
    rf"|(?P<day>\b\d{{1,2}}\s+({_MONTHS})\.?,?\s+(19|20)\d\d\b)",
    re.IGNORECASE,
)
_LABELLED = re.compile(
    r"\b(date of (service|procedure|surgery|exam|report|visit)|collected|report date|"
    r"exam date|date of birth|birth ?date|d\.?o\.?b\.?|signed|printed)\W{0,3}$",
    re.IGNORECASE,
)
_NOT_THE_DOCUMENTS = ("date of birth", "birth", "dob", "d.o.b", "printed")


def date_from_text(text: str) -> tuple[PartialDate, str] | None:
    """The first date in the text that is not a birth or print date, with where it came from."""
    fallback: tuple[PartialDate, str] | None = None
    for match in _TEXT_DATE.finditer(text[:20000]):
        before = text[max(0, match.start() - 25) : match.start()]
        label = _LABELLED.search(before)
        if label and label.group(0).lower().startswith(_NOT_THE_DOCUMENTS):
            continue
        parsed = _parse_text_date(match)
        if parsed is None:
            continue
        if label:
            return parsed, f'the date after "{label.group(0).strip(" :")}" in the text'
        if fallback is None:
            fallback = (parsed, "the first date in the text")
    return fallback


def _parse_text_date(match: re.Match[str]) -> PartialDate | None:
    raw = match.group(0)
    try:
        if match.group("us"):
            month, day, year = raw.split("/")
            return PartialDate(int(year), int(month), int(day))
        return PartialDate.parse(raw.replace(",", " "))
    except (InvalidInput, ValueError):
        return None
