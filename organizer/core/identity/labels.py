"""The patient named in labelled fields of a PDF's or text file's first pages.

Only a value written after a label counts ("Patient: Jeremy Bates", "Name: Bates,
Jeremy", "DOB: 04/09/1961", "MRN: 12345"); free text is never guessed from. A label
qualified by someone else ("Physician name:", "Guardian DOB:", "Mother's name:") is not
the patient's, a value that reads like a clinician ("Dr. Smith", "Ann Lee, MD") is
skipped, and an empty label on a blank form ("Patient name: ________") names no one.
"""

from __future__ import annotations

import re

from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput
from organizer.core.identity.found import FoundIdentity, distinct
from organizer.core.identity.names import plain, words

WHERE = "a labelled field in the text"
MAX_LINES = 400
MAX_NAME_WORDS = 6

_FAMILY = r"(?:last|family|sur)\s*name"
_GIVEN = r"(?:first|given)\s+name|forename"
_NAME = r"patient'?s?\s+(?:full\s+)?name|name\s+of\s+(?:the\s+)?patient|pt\.?\s+name|patient|name"
_DOB = r"date\s+of\s+birth|birth\s*date|d\.\s?o\.\s?b\.?|dob|born"
_ID = r"mrn|medical\s+record\s+(?:number|no\.?|#)|patient\s+(?:id|number|no\.?)|chart\s+(?:number|no\.?)"
_SEX = r"sex|gender"
# fields that end the value before them on the same line ("Jeremy Bates  Age: 45")
_OTHER = (
    r"age|date|dos|date\s+of\s+(?:service|visit|discharge|admission|exam|report|procedure)|"
    r"phone|tel|telephone|fax|address|e-?mail|account|acct|visit|encounter|room|bed|unit|"
    r"location|provider|physician|doctor|attending|referring|ordering|pcp|insurance|ssn|"
    r"race|ethnicity|language|height|weight|specimen|accession|collected|received|"
    r"reported|printed|page|diagnosis|description|guardian|parent|contact|facility|"
    r"middle\s+name|maiden\s+name"
)
_LABEL = re.compile(
    rf"(?<![\w'\u2019])(?:(?P<id>{_ID})|(?P<family>{_FAMILY})|(?P<given>{_GIVEN})|(?P<name>{_NAME})|(?P<dob>{_DOB})|(?P<sex>{_SEX})|"
    rf"(?P<other>{_OTHER}))\s*[:#]",
    re.IGNORECASE,
)
# a word just before a label that makes it someone else's field
QUALIFIERS = frozenset(
    (
        "physician",
        "doctor",
        "dr",
        "provider",
        "guardian",
        "parent",
        "mother",
        "father",
        "spouse",
        "partner",
        "husband",
        "wife",
        "son",
        "daughter",
        "contact",
        "emergency",
        "insured",
        "subscriber",
        "guarantor",
        "policyholder",
        "holder",
        "author",
        "attending",
        "referring",
        "ordering",
        "signed",
        "signature",
        "facility",
        "company",
        "employer",
        "pharmacy",
        "clinic",
        "hospital",
        "practice",
        "caregiver",
        "representative",
        "relative",
        "witness",
        "interpreter",
        "nurse",
        "technologist",
        "radiologist",
        "pathologist",
        "surgeon",
        "consultant",
        "sender",
        "recipient",
        "user",
        "file",
        "test",
        "drug",
        "medication",
        "plan",
        "insurance",
        "account",
        "kin",
        "party",
        "responsible",
        "reviewer",
        "prescriber",
        "pharmacist",
        "staff",
        "clinician",
        "maiden",
    )
)
CLINICIAN_MARKS = frozenset(["dr", "md", "rn", "np", "phd", "dds", "dmd", "facs", "mbbs"])
BLANK_WORDS = frozenset(
    [
        "n",
        "a",
        "na",
        "none",
        "unknown",
        "self",
        "same",
        "see",
        "above",
        "below",
        "not",
        "applicable",
        "test",
        "patient",
        "name",
        "male",
        "female",
        "man",
        "woman",
        "yes",
        "no",
        "new",
        "established",
        "inpatient",
        "outpatient",
        "adult",
        "child",
        "other",
        "deceased",
    ]
)
_NAME_SHAPE = re.compile(r"^[^\W\d_][^\d@/\\:;|]*$")
_PATIENT_WORD = re.compile(r"\bp(?:atient|t)", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s{3,}|\t|\|")


def text_identities(text: str) -> tuple[FoundIdentity, ...]:
    """Patients named in the text's labelled fields, one per record block found.

    A label that says "patient" outranks a bare "Name:": when the text has one, bare names
    (a contact's, an insured person's) and birth dates outside a patient's block are not
    read. With only bare labels, the first block is the patient's.
    """
    fields = [field for line in text.splitlines()[:MAX_LINES] for field in _fields(line)]
    labelled = any(kind == "name" and strong for kind, _, strong in fields)
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for kind, value, strong in fields:
        if labelled and kind in ("name", "family", "given") and not strong:
            continue
        if kind in current and kind in ("name", "family", "dob"):  # another person's block
            blocks.append(current)
            current = {}
        current.setdefault(kind, value)
    blocks.append(current)
    blocks = [block for block in blocks if "name" in block] if labelled else blocks[:1]
    return distinct([_identity(block) for block in blocks if block])


def _fields(line: str) -> list[tuple[str, str, bool]]:
    """(kind, value, strong) for each labelled value; strong: the label says "patient"."""
    labels = list(_LABEL.finditer(line))
    fields: list[tuple[str, str, bool]] = []
    for number, label in enumerate(labels):
        kind = label.lastgroup or "other"
        if kind == "other" or _qualified(line[: label.start()]):
            continue
        end = labels[number + 1].start() if number + 1 < len(labels) else len(line)
        value = _SEPARATOR.split(line[label.end() : end], maxsplit=1)[0]
        value = value.strip(" .,;:-_*")
        if value:
            strong = kind == "name" and _PATIENT_WORD.search(label.group(kind)) is not None
            fields.append((kind, value, strong))
    return fields


def _qualified(before: str) -> bool:
    previous = re.findall(r"[\w'\u2019]+", before[-40:])
    if not previous:
        return False
    word = plain(previous[-1]).replace("\u2019", "'").removesuffix("'s").removesuffix("s'")
    return word in QUALIFIERS


def _identity(fields: dict[str, str]) -> FoundIdentity:
    parts = (fields.get("given", ""), fields.get("family", ""))
    name = _clean_name(fields.get("name", "")) or _clean_name(" ".join(parts))
    dobs = read_dates(fields.get("dob", ""))
    return FoundIdentity(
        names=(name,) if name else (),
        dob=dobs[0] if dobs else None,
        other_dobs=tuple(dobs[1:]),
        sex=fields.get("sex", "").split()[0] if fields.get("sex") else "",
        patient_id=fields.get("id", "").split()[0] if fields.get("id") else "",
        where=WHERE,
    )


_AFTER_NAME = re.compile(r"[(\d]")
# label words left at the end when a field followed without a colon ("Jeremy Bates DOB 8/1/1980")
TRAILING_WORDS = frozenset(("dob", "d.o.b", "mrn", "age", "sex", "gender", "born", "id", "dos"))


def _clean_name(value: str) -> str:
    """The name in a field's value, or "" when the value is not a patient's name.

    Whatever follows the name on the same line (a bracket, an age, a date) is cut off:
    "Jeremy Bates (DOB 08/01/1980)" and "Bates, Jeremy, 45 y.o." give the name.
    """
    value = re.sub(r"\([^)\d]*\)", " ", value)  # a nickname in brackets: "Robert (Bob) Lee"
    value = _AFTER_NAME.split(value, maxsplit=1)[0]
    kept = value.split()
    while kept and plain(kept[-1]).strip(".,:") in TRAILING_WORDS:
        kept.pop()
    value = " ".join(kept).strip(" .,")
    if not value or not _NAME_SHAPE.match(value) or len(value) > 80:
        return ""
    parts = words(value)
    raw = [plain(part).strip(".") for part in re.split(r"[\s,]+", value) if part]
    if any(part in CLINICIAN_MARKS for part in raw):
        return ""  # "Dr. Ann Lee" or "Ann Lee, MD": a clinician, not the patient
    if not parts or len(parts) > MAX_NAME_WORDS or all(part in BLANK_WORDS for part in parts):
        return ""
    if not any(len(part) > 1 for part in parts):
        return ""
    return value


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})\b")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})\b")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b")
_MONTH_FIRST = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})\b")


def read_dates(value: str) -> list[PartialDate]:
    """A written birth date, every reading of it: 04/09/1961 may be April 9 or 4 September
    (American order first); a two-digit year is not read (the century is a guess)."""
    text = value.strip().lower()
    candidates: list[tuple[int, int, int]] = []
    if match := _ISO.match(text) or _COMPACT.match(text):
        year, month, day = (int(group) for group in match.groups())
        candidates.append((year, month, day))
    elif match := _NUMERIC.match(text):
        first, second, year = (int(group) for group in match.groups())
        separator = text[len(match.group(1))]
        orders = [(second, first), (first, second)] if separator == "." else []
        orders = orders or [(first, second), (second, first)]
        candidates.extend((year, month, day) for month, day in orders)
    elif match := _MONTH_FIRST.match(text):
        month = _MONTHS.get(match.group(1), 0)
        candidates.append((int(match.group(3)), month, int(match.group(2))))
    elif match := _DAY_FIRST.match(text):
        month = _MONTHS.get(match.group(2), 0)
        candidates.append((int(match.group(3)), month, int(match.group(1))))
    dates: list[PartialDate] = []
    for year, month, day in candidates:
        try:
            date = PartialDate(year, month, day)
        except InvalidInput:
            continue
        if date not in dates:
            dates.append(date)
    return dates
