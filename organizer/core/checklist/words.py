"""Reading plain words: which kind of scan a title names, whether an event is a biopsy.

Titles are typed by people or copied from portals ("CT chest w contrast", "MRI brain",
"Chest X-ray 2 views"), so short acronyms are matched in capitals only (to keep "us"
and "ct" in ordinary words from counting) and longer words in any case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum

from organizer.core.dates import PartialDate
from organizer.core.details import DocumentDetails
from organizer.core.records import Document
from organizer.core.vocab import EventKind

# Families of imaging, named by their usual DICOM modality code.
CT = "CT"
MR = "MR"
XR = "XR"
PET = "PT"
US = "US"
MG = "MG"
NM = "NM"

FAMILY_NAMES = {
    CT: "CT",
    MR: "MRI",
    XR: "X-ray",
    PET: "PET",
    US: "ultrasound",
    MG: "mammogram",
    NM: "nuclear medicine",
}

_DICOM_CODES = {
    "CT": CT,
    "MR": MR,
    "CR": XR,
    "DX": XR,
    "XR": XR,
    "RF": XR,
    "PT": PET,
    "PET": PET,
    "US": US,
    "MG": MG,
    "NM": NM,
}


_MODALITY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (CT, re.compile(r"\bCTA?\b|\bCAT\b")),
    (CT, re.compile(r"computed tomograph|cat scan", re.IGNORECASE)),
    (MR, re.compile(r"\bMR[IA]?\b")),
    (MR, re.compile(r"magnetic resonance|\bmri\b", re.IGNORECASE)),
    (XR, re.compile(r"\b(XR|CR|DX)\b")),
    (XR, re.compile(r"x[- ]?rays?\b|radiograph", re.IGNORECASE)),
    (PET, re.compile(r"\bPET\b")),
    (PET, re.compile(r"positron emission|\bpet[- /]?ct\b|\bpet scan", re.IGNORECASE)),
    (US, re.compile(r"\bUS\b")),
    (US, re.compile(r"ultrasound|sonogra|echocardiogra|doppler", re.IGNORECASE)),
    (MG, re.compile(r"\bMG\b")),
    (MG, re.compile(r"mammogra|tomosynthesis", re.IGNORECASE)),
    (NM, re.compile(r"\bNM\b|\bSPECT\b")),
    (NM, re.compile(r"nuclear medicine|bone scan|scintigra", re.IGNORECASE)),
)

_PROCEDURE = re.compile(
    r"biops|surger|surgical|resection|resected|excision|excised|ectom(y|ies)\b|\boperation\b"
    r"|\boperated\b|fine[- ]needle|core[- ]needle|\bFNA\b|lumpectom|\bTURBT\b",
    re.IGNORECASE,
)
_NOT_DONE_YET = re.compile(
    r"\b(planned|proposed|recommended|scheduled|consult|consultation|referral|referred)\b",
    re.IGNORECASE,
)
_NOT_A_PROCEDURE_YET = re.compile(
    r"\b(plan|plans|planning|recommends|booked|discuss|discussed|discussion|options?"
    r"|considering|considered|declined|cancell?ed|postponed|waiting|candidate|possible"
    r"|to have|will have)\b",
    re.IGNORECASE,
)
_ABOUT_ANOTHER = re.compile(
    r"\b(after|since|following|before|prior|previous|history|while|results?|showed|shows"
    r"|found|follow[- ]?up|recovery|recovering|post[- ]?op\w*|pain|scar|wound|started"
    r"|stopped|began)\b",
    re.IGNORECASE,
)
_SAYS_SOMETHING_ELSE = frozenset({EventKind.DIAGNOSIS, EventKind.VISIT})
_SLIDES = re.compile(r"slides?\b|blocks?\b|tissue|paraffin|pathology material", re.IGNORECASE)
_IMAGING_MEDIA = re.compile(
    r"\b(CD|DVD)s?\b|\bdis[ck]s?\b|\bimages?\b|\bimaging\b|\bdicom\b|\bfilms?\b|\bscans?\b",
    re.IGNORECASE,
)


def modalities_in_text(*texts: str) -> frozenset[str]:
    """The imaging families a piece of text names, e.g. "PET-CT chest" -> {PT, CT}."""
    found: set[str] = set()
    for text in texts:
        if not text:
            continue
        for family, pattern in _MODALITY_PATTERNS:
            if family not in found and pattern.search(text):
                found.add(family)
    return frozenset(found)


def modalities_of_codes(codes: Iterable[str]) -> frozenset[str]:
    """DICOM modality codes ("CT", "CR\\DX", "PT,CT") as imaging families."""
    found: set[str] = set()
    for code in codes:
        for part in re.split(r"[^A-Za-z]+", code or ""):
            family = _DICOM_CODES.get(part.upper())
            if family is not None:
                found.add(family)
    return frozenset(found)


def describe_families(families: Iterable[str]) -> str:
    names = sorted(FAMILY_NAMES.get(family, family) for family in families)
    return " / ".join(names) if names else "imaging"


class TissueTaken(Enum):
    """Whether a timeline entry records tissue being taken out (a biopsy or surgery)."""

    YES = "yes"
    NO = "no"
    UNCLEAR = "unclear"
    """Its words name a biopsy or surgery, but perhaps as the context of something else
    ("pain after surgery", "biopsy results"): the person is asked."""


def tissue_taken(kind: EventKind, title: str) -> TissueTaken:
    """Read an entry's title and kind together; never its details or medication reasons.

    Only the title says what the entry is: details are free notes ("surgery planned
    for May") and a medication's reason is why it is taken, not an event. A title that
    names a procedure counts in any kind (a "Core needle biopsy" left as a Symptom is
    still a biopsy), unless it says it is only planned; when the title seems to be about
    something around a procedure, or the kind says it is a diagnosis or a visit, it is
    unclear and the person decides.
    """
    if not _PROCEDURE.search(title) or only_planned(title) or _NOT_A_PROCEDURE_YET.search(title):
        return TissueTaken.NO
    if kind is EventKind.PROCEDURE:
        return TissueTaken.YES
    if _ABOUT_ANOTHER.search(title) or kind in _SAYS_SOMETHING_ELSE:
        return TissueTaken.UNCLEAR
    return TissueTaken.YES


def only_planned(text: str) -> bool:
    """Does a title say something is only planned or proposed, not done?"""
    return bool(_NOT_DONE_YET.search(text))


def names_slides(text: str) -> bool:
    return bool(_SLIDES.search(text))


def names_imaging_media(text: str) -> bool:
    return bool(_IMAGING_MEDIA.search(text)) and not names_slides(text)


def study_modalities(document: Document, details: DocumentDetails) -> frozenset[str]:
    """An imaging study's families: its modality column, the import details, then its title."""
    found = modalities_of_codes([document.modality, details.modality])
    return found or modalities_in_text(document.title, details.description)


def study_date(document: Document, details: DocumentDetails) -> PartialDate | None:
    """When the images were taken: the DICOM study date if import found one, else the date."""
    return details.study_day or document.date
