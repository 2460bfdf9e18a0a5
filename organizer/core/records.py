"""The records a person keeps, as plain dataclasses that map one-to-one onto tables.

Field names are column names and JSON keys alike, so the CLI, the GUI models and the
database all speak the same words. A field's type says how it is stored: a PartialDate
as its sortable text, a vocabulary word as its value, a bool as 0/1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from organizer.core.dates import PartialDate
from organizer.core.details import DocumentDetails
from organizer.core.vocab import (
    AllergyCategory,
    Answer,
    Category,
    EventKind,
    Identity,
    PreauthAnswer,
    RequestStatus,
    Severity,
    Sex,
)

PASSWORD_PROTECTED = "password-protected"
SCANNED_NO_TEXT = "scanned-no-text"


@dataclass(kw_only=True)
class Record:
    """A row of one table: ``id`` is None until the record is stored."""

    TABLE: ClassVar[str]
    LABEL: ClassVar[str]
    ORDER: ClassVar[str] = "id"
    PARENT: ClassVar[tuple[str, type[Record]] | None] = None

    id: int | None = None


@dataclass(kw_only=True)
class Person(Record):
    """The person whose records these are: who they are, their insurance and doctor."""

    TABLE = "people"
    LABEL = "person"
    ORDER = "name COLLATE NOCASE, id"

    name: str
    dob: PartialDate | None = None
    sex: Sex | None = None
    contact: str = ""
    insurance_plan: str = ""
    insurance_member_id: str = ""
    insurance_group: str = ""
    primary_doctor: str = ""
    no_known_allergies: bool = False
    takes_no_medications: bool = False
    other_names: tuple[str, ...] = ()
    """Other names the person's records may carry: a maiden name, a nickname."""


@dataclass(kw_only=True)
class Provider(Record):
    """A doctor, clinic or laboratory the records come from or go to."""

    TABLE = "providers"
    LABEL = "provider"
    ORDER = "name COLLATE NOCASE, id"

    name: str
    specialty: str = ""
    institution: str = ""
    phone: str = ""
    fax: str = ""
    address: str = ""
    portal: str = ""


@dataclass(kw_only=True)
class Event(Record):
    """A dated step on the person's timeline: a diagnosis, a test, a treatment."""

    TABLE = "events"
    LABEL = "timeline event"
    ORDER = "ltrim(date, '~'), id"
    PARENT = ("person_id", Person)

    person_id: int
    date: PartialDate
    kind: EventKind
    title: str
    details: str = ""
    provider_id: int | None = None


@dataclass(kw_only=True)
class Medication(Record):
    """A medicine the person takes or took, with how and why."""

    TABLE = "medications"
    LABEL = "medication"
    ORDER = "current DESC, name COLLATE NOCASE, id"
    PARENT = ("person_id", Person)

    person_id: int
    name: str
    dose: str = ""
    route: str = ""
    frequency: str = ""
    reason: str = ""
    prescriber: str = ""
    start: PartialDate | None = None
    stop: PartialDate | None = None
    current: bool = True


@dataclass(kw_only=True)
class Allergy(Record):
    """Something the person reacts to, and how badly."""

    TABLE = "allergies"
    LABEL = "allergy"
    ORDER = "substance COLLATE NOCASE, id"
    PARENT = ("person_id", Person)

    person_id: int
    substance: str
    category: AllergyCategory | None = None
    reaction: str = ""
    severity: Severity | None = None
    noted_on: PartialDate | None = None


@dataclass(kw_only=True)
class Document(Record):
    """A document kept in the library (its files are DocumentFile rows)."""

    TABLE = "documents"
    LABEL = "document"
    ORDER = "ltrim(coalesce(date, ''), '~'), id"
    PARENT = ("person_id", Person)

    person_id: int
    title: str
    category: Category = Category.OTHER
    date: PartialDate | None = None
    provider_id: int | None = None
    notes: str = ""
    source: str = ""
    category_confirmed: bool = False
    date_confirmed: bool = False
    guess_reason: str = ""
    flags: str = ""
    page_count: int | None = None
    added_at: str = ""
    trashed_at: str | None = None
    modality: str = ""
    body_part: str = ""
    details: DocumentDetails = field(default_factory=DocumentDetails)
    """What import learned, typed (organizer.core.details); stored as a JSON object."""
    identity: Identity = Identity.UNKNOWN
    """Whether the file names this person (see organizer/core/identity)."""
    identity_confirmed: bool = False
    """The person said the file is theirs although it names someone else."""
    named_name: str = ""
    named_dob: PartialDate | None = None

    @property
    def flag_set(self) -> frozenset[str]:
        return frozenset(word for word in self.flags.split(",") if word)

    def with_flag(self, flag: str) -> str:
        return ",".join(sorted(self.flag_set | {flag}))


@dataclass(kw_only=True)
class DocumentFile(Record):
    """One stored file of a document (a page scan, the PDF), by content hash."""

    TABLE = "document_files"
    LABEL = "document file"
    ORDER = "position, id"
    PARENT = ("document_id", Document)

    document_id: int
    sha256: str
    size: int
    original_name: str = ""
    relative_path: str = ""
    media_type: str = ""
    position: int = 0


@dataclass(kw_only=True)
class Packet(Record):
    """What goes to one second opinion: the question, the first opinion, the visit."""

    TABLE = "packets"
    LABEL = "packet"
    PARENT = ("person_id", Person)

    person_id: int
    title: str
    question: str = ""
    first_diagnosis: str = ""
    first_plan: str = ""
    first_doctor: str = ""
    provider_name: str = ""
    provider_institution: str = ""
    appointment: str | None = None
    insurance_covered: Answer = Answer.UNKNOWN
    in_network: Answer = Answer.UNKNOWN
    preauthorization: PreauthAnswer = PreauthAnswer.UNKNOWN
    insurance_reference: str = ""
    insurance_notes: str = ""
    created_at: str = ""


@dataclass(kw_only=True)
class Question(Record):
    """A question to ask at the visit, in the order it will be asked."""

    TABLE = "questions"
    LABEL = "question"
    ORDER = "position, id"
    PARENT = ("packet_id", Packet)

    packet_id: int
    text: str
    answer: str = ""
    position: int = 0


@dataclass(kw_only=True)
class Request(Record):
    """A records request or a physical item (slides, a CD) tracked for a packet."""

    TABLE = "requests"
    LABEL = "request"
    PARENT = ("packet_id", Packet)

    packet_id: int
    item: str
    source: str = field(default="", metadata={"json": "from"})
    status: RequestStatus = RequestStatus.TO_REQUEST
    status_date: PartialDate | None = None
    method: str = ""
    notes: str = ""
    expected_back: bool = False


RECORD_TYPES: tuple[type[Record], ...] = (
    Person,
    Provider,
    Event,
    Medication,
    Allergy,
    Document,
    DocumentFile,
    Packet,
    Question,
    Request,
)
