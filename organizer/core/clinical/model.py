"""What a clinical file (C-CDA, CCR, FHIR) says, as plain typed dataclasses.

One reading of one file gives one ``ClinicalDocument`` per document inside it (a FHIR
collection bundle is one document; an XDM zip holds several files, each read on its own).
Every item keeps where it came from (``Provenance``: the section and entry), so a
reviewer can be shown the source and the rendering can point back to it. Dates stay as
the file wrote them (``when`` holds the raw text; ``date`` the ISO form we could read,
possibly partial: "2016", "2016-09", "2016-09-02", "2016-09-02T12:21").

Nothing here touches the database or Qt: the importer, the review list, the rendering
and the identity check all read these objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

# the kinds of item, here too: they are part of what a file says
from organizer.core.clinical.kinds import Kind as Kind


class SourceFormat(StrEnum):
    CDA = "cda"
    CCR = "ccr"
    FHIR = "fhir"


@dataclass(frozen=True)
class Code:
    """A coded concept: code and system may be empty when only words were given."""

    code: str = ""
    system: str = ""
    """A short system name when known ("rxnorm", "snomed", "loinc", "icd10", "cvx",
    "icd9", "ndc"), else the OID or URI as written."""
    display: str = ""

    def __bool__(self) -> bool:
        return bool(self.code or self.display)


@dataclass(frozen=True)
class Provenance:
    """Where inside the file an item was read: a section and the entry's position."""

    section: str = ""
    """The section's title as the file gives it (or the FHIR resource type)."""
    section_code: str = ""
    """The section's LOINC code, or the C-CDA section template root."""
    entry: str = ""
    """A path to the entry: "entry 3", a CDA id ("root/extension") or "Observation/abc"."""


@dataclass
class Identifier:
    value: str
    system: str = ""


@dataclass
class PatientAsNamed:
    """The patient exactly as the file names them (for the identity check)."""

    names: list[str] = field(default_factory=list)
    birth_date: str = ""
    """ISO, possibly partial ("1961", "1961-04", "1961-04-09")."""
    sex: str = ""
    """"F", "M", "other", "unknown" or "" when absent."""
    identifiers: list[Identifier] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.names[0] if self.names else ""


@dataclass
class Party:
    """An author, performer or organisation named in the file."""

    name: str = ""
    organisation: str = ""
    role: str = ""
    """What they did: "author", "custodian", "performer", "legal authenticator"...;
    "software" for a system named as the author (not a provider)."""
    phone: str = ""
    address: str = ""


@dataclass
class Item:
    """Common to every proposed item: what it is called and where it was read."""

    KIND: ClassVar[Kind] = Kind.MEDICATION  # overridden by each subclass

    name: str = ""
    code: Code = field(default_factory=Code)
    status: str = ""
    provenance: Provenance = field(default_factory=Provenance)


@dataclass
class Medication(Item):
    KIND: ClassVar[Kind] = Kind.MEDICATION

    dose: str = ""
    """Dose as words, e.g. "10 mg" or "1 tablet"."""
    route: str = ""
    frequency: str = ""
    start: str = ""
    stop: str = ""
    instructions: str = ""


@dataclass
class Allergy(Item):
    KIND: ClassVar[Kind] = Kind.ALLERGY

    reaction: str = ""
    severity: str = ""
    criticality: str = ""
    category: str = ""
    """"drug", "food", "environment" or "" when the file does not say."""
    onset: str = ""
    no_known_allergies: bool = False
    """True for an explicit "no known allergies" statement (then name may be empty)."""


@dataclass
class Problem(Item):
    KIND: ClassVar[Kind] = Kind.PROBLEM

    onset: str = ""
    resolved: str = ""


@dataclass
class Result(Item):
    """One measured value (lab result or vital sign), grouped by its panel."""

    KIND: ClassVar[Kind] = Kind.RESULT

    value: str = ""
    """The value as words (a number as written, or a coded or text answer)."""
    numeric: float | None = None
    unit: str = ""
    reference_range: str = ""
    low: float | None = None
    high: float | None = None
    interpretation: str = ""
    """A flag as the file gives it: "H", "L", "N", "A", "HH", "LL" or words."""
    date: str = ""
    panel: str = ""
    panel_code: Code = field(default_factory=Code)


@dataclass
class VitalSign(Result):
    KIND: ClassVar[Kind] = Kind.VITAL_SIGN


@dataclass
class Procedure(Item):
    KIND: ClassVar[Kind] = Kind.PROCEDURE

    date: str = ""
    performer: str = ""
    body_site: str = ""


@dataclass
class Encounter(Item):
    KIND: ClassVar[Kind] = Kind.ENCOUNTER

    date: str = ""
    end: str = ""
    provider: str = ""
    place: str = ""
    reason: str = ""


@dataclass
class Immunization(Item):
    KIND: ClassVar[Kind] = Kind.IMMUNIZATION

    date: str = ""
    lot: str = ""
    dose: str = ""


@dataclass
class Attachment:
    """A file embedded in the document (nonXMLBody, FHIR Binary or attachment data)."""

    media_type: str
    data: bytes
    title: str = ""
    provenance: Provenance = field(default_factory=Provenance)


@dataclass
class Section:
    """A section as the author signed it: title and narrative, in document order.

    ``narrative`` is the plain text of the narrative block (whitespace normalised), for
    search and checks; ``narrative_xml`` keeps the block itself (CDA narrative or FHIR
    XHTML, serialised) for a renderer to lay out tables and lists.
    """

    title: str = ""
    code: str = ""
    template: str = ""
    narrative: str = ""
    narrative_xml: str = ""
    subsections: list[Section] = field(default_factory=list)


@dataclass
class Note:
    """Something that could not be read, in words for the person."""

    text: str
    provenance: Provenance = field(default_factory=Provenance)


@dataclass
class ClinicalDocument:
    """Everything read from one clinical document."""

    format: SourceFormat
    title: str = ""
    type_code: Code = field(default_factory=Code)
    date: str = ""
    patient: PatientAsNamed = field(default_factory=PatientAsNamed)
    other_patients: list[PatientAsNamed] = field(default_factory=list)
    """Further patients the file names (a C-CDA with two recordTargets): rare, but each
    counts for the identity check."""
    authors: list[Party] = field(default_factory=list)
    organisations: list[Party] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    medications: list[Medication] = field(default_factory=list)
    allergies: list[Allergy] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    vital_signs: list[VitalSign] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    encounters: list[Encounter] = field(default_factory=list)
    immunizations: list[Immunization] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def items(self) -> list[Item]:
        """Every proposed item, in a stable order by kind."""
        return [
            *self.medications,
            *self.allergies,
            *self.problems,
            *self.results,
            *self.vital_signs,
            *self.procedures,
            *self.encounters,
            *self.immunizations,
        ]
