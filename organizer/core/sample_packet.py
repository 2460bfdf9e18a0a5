"""A realistic demo: one person, one second-opinion packet, in a library of its own.

Help > "Open sample packet" builds it so a newcomer can see every section filled in
before trusting the app with real records. It lives in a separate folder (never the
person's own library), is filled through the same core API and import pipeline as real
records, and uses the public test files shipped in resources/sample (SOURCES.md there
names each file's origin and licence). Everyone in it is fictional.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput
from organizer.core.identity.documents import names_someone_else
from organizer.core.importing import import_paths, index_pending, make_pending_pictures
from organizer.core.jobs import JobContext
from organizer.core.library import DATABASE_NAME, Library, default_library_dir
from organizer.core.lock import LibraryLock
from organizer.core.records import (
    Allergy,
    Document,
    Event,
    Medication,
    Packet,
    Person,
    Provider,
    Request,
)
from organizer.core.vocab import (
    AllergyCategory,
    Answer,
    Category,
    EventKind,
    PreauthAnswer,
    RequestStatus,
    Severity,
    Sex,
)
from organizer.resources import resource_path

SAMPLE_VERSION = "1"
MARKER_NAME = "SAMPLE-LIBRARY.txt"
MARKER_TEXT = (
    "This folder holds Second Look's sample packet (version {version}).\n"
    "Everyone in it is fictional. Second Look may delete and rebuild this folder.\n"
)
SAMPLE_PERSON = "Sam Rivera (sample)"


def sample_files_dir() -> Path:
    """resources/sample, in a source checkout or inside the installed package."""
    return resource_path("sample/SOURCES.md").parent


def sample_library_dir() -> Path:
    """The sample library's own folder, next to (never inside or equal to) the real one."""
    return Path(user_data_dir("SecondLook-sample", appauthor=False))


@dataclass(frozen=True)
class SampleLibrary:
    folder: Path
    person_id: int
    packet_id: int


def is_current_sample(folder: Path) -> bool:
    marker = folder / MARKER_NAME
    try:
        return marker.read_text(encoding="utf-8") == MARKER_TEXT.format(version=SAMPLE_VERSION)
    except OSError:
        return False


def ensure_sample_library(folder: Path | None = None, context: JobContext | None = None) -> Path:
    """Build the sample library unless an up-to-date one is already there; return its folder.

    A folder that is not a sample library (no marker) is never deleted or written into.
    """
    folder = (folder or sample_library_dir()).expanduser()
    if _same_place(folder, default_library_dir()):
        raise InvalidInput("The sample packet must not go into your own library's folder.")
    if is_current_sample(folder) and (folder / DATABASE_NAME).is_file():
        return folder
    if folder.exists():
        if not (folder / MARKER_NAME).is_file() and any(folder.iterdir()):
            raise InvalidInput(
                f"{folder} already holds other files, so the sample packet was not put there."
            )
        if (folder / DATABASE_NAME).is_file():
            guard = LibraryLock(folder)
            guard.acquire()  # LibraryLocked if a window has this older sample open
            guard.release()
        shutil.rmtree(folder)
    building = folder.with_name(folder.name + ".building")
    if building.exists():
        shutil.rmtree(building)
    with Library.open(building) as library:
        fill_sample_library(library, sample_files_dir(), context or JobContext())
    (building / MARKER_NAME).write_text(
        MARKER_TEXT.format(version=SAMPLE_VERSION), encoding="utf-8"
    )
    building.rename(folder)  # only a complete sample library ever has the final name
    return folder


def _same_place(first: Path, second: Path) -> bool:
    with contextlib.suppress(OSError):
        return first.resolve() == second.resolve()
    return first == second


def fill_sample_library(library: Library, files: Path, context: JobContext) -> SampleLibrary:
    """Add the sample person, their records and packet, then import the sample files."""
    today = _dt.date.today()
    with library.transaction():
        person_id = library.add(
            Person(
                name=SAMPLE_PERSON,
                dob=PartialDate(1961, 4, 17),
                sex=Sex.FEMALE,
                contact="555-0134 (sample number)",
                insurance_plan="Example Health PPO",
                insurance_member_id="XEH123456789",
                insurance_group="GRP-0042",
                primary_doctor="Dr. Alex Moreno, family medicine",
            )
        )
        neurosurgeon = library.add(
            Provider(
                name="Dr. Priya Shah",
                specialty="Neurosurgery",
                institution="Riverside General Hospital",
                phone="555-0101",
                fax="555-0102",
            )
        )
        radiology = library.add(
            Provider(
                name="Riverside Imaging",
                specialty="Radiology",
                institution="Riverside General Hospital",
                phone="555-0110",
            )
        )
        _add_timeline(library, person_id, neurosurgeon, radiology)
        _add_medications_and_allergies(library, person_id)
        packet_id = library.add_packet(
            Packet(
                person_id=person_id,
                title="Second opinion on the brain tumour surgery",
                question=(
                    "Is surgery now the right choice for this tumour, or would watching it "
                    "with regular MRI scans be reasonable?"
                ),
                first_diagnosis="Low-grade glioma, left frontal lobe (biopsy, July 2026)",
                first_plan="Surgery to remove as much of the tumour as safely possible",
                first_doctor="Dr. Priya Shah, neurosurgery, Riverside General Hospital",
                provider_name="Dr. Jordan Lee, neuro-oncology",
                provider_institution="University Brain Tumor Center",
                appointment=(today + _dt.timedelta(days=16)).strftime("%Y-%m-%d") + " 10:30",
                insurance_covered=Answer.YES,
                in_network=Answer.YES,
                preauthorization=PreauthAnswer.YES,
                insurance_reference="Call ref. 2026-11-04-7781 (sample)",
                insurance_notes="Covered as a specialist visit; pre-authorisation requested.",
            )
        )
        for question in (
            "Do you agree with the diagnosis? If not, why?",
            "What are all the treatment options, including watching and waiting?",
            "What do you recommend, and why, for my case in particular?",
            "What are the risks of surgery for speech and movement, and how likely are they?",
            "If the two opinions differ, what in my case leads you to your recommendation?",
        ):
            library.add_question(packet_id, question)
        _add_requests(library, packet_id, today)
    sample = SampleLibrary(library.root, person_id, packet_id)
    imported = import_sample_files(library, person_id, files, context)
    _tidy_imported(library, sample, imported)
    return sample


def _add_timeline(library: Library, person_id: int, surgeon: int, radiology: int) -> None:
    events = (
        (
            PartialDate(2026, 3, approximate=True),
            EventKind.SYMPTOM,
            "Headaches most mornings",
            "Worse over about six weeks; one episode of words coming out wrong.",
            None,
        ),
        (
            PartialDate(2026, 4, 20),
            EventKind.VISIT,
            "Family doctor visit",
            "Referred for an MRI of the head.",
            None,
        ),
        (
            PartialDate(2026, 5, 6),
            EventKind.TEST,
            "MRI of the brain",
            "Found a 3 cm area in the left frontal lobe.",
            radiology,
        ),
        (
            PartialDate(2026, 6, 2),
            EventKind.VISIT,
            "Neurosurgery consultation",
            "Biopsy suggested to find out what the area is.",
            surgeon,
        ),
        (
            PartialDate(2026, 7, 14),
            EventKind.PROCEDURE,
            "Needle biopsy of the brain",
            "Done under general anaesthetic; home the next day.",
            surgeon,
        ),
        (
            PartialDate(2026, 7, 21),
            EventKind.DIAGNOSIS,
            "Pathology result: low-grade glioma",
            "Slides kept at the hospital's pathology lab.",
            surgeon,
        ),
        (
            PartialDate(2026, 8, 3),
            EventKind.TREATMENT,
            "Surgery recommended",
            "Removal of as much of the tumour as safely possible was recommended.",
            surgeon,
        ),
    )
    for date, kind, title, details, provider in events:
        library.add(
            Event(
                person_id=person_id,
                date=date,
                kind=kind,
                title=title,
                details=details,
                provider_id=provider,
            )
        )


def _add_medications_and_allergies(library: Library, person_id: int) -> None:
    library.add(
        Medication(
            person_id=person_id,
            name="Levetiracetam",
            dose="500 mg",
            route="by mouth",
            frequency="twice a day",
            reason="to prevent seizures",
            prescriber="Dr. Priya Shah",
            start=PartialDate(2026, 6, 2),
        )
    )
    library.add(
        Medication(
            person_id=person_id,
            name="Dexamethasone",
            dose="2 mg",
            route="by mouth",
            frequency="once a day",
            reason="swelling around the tumour",
            prescriber="Dr. Priya Shah",
            start=PartialDate(2026, 6, 2),
            stop=PartialDate(2026, 7, 28),
            current=False,
        )
    )
    library.add(
        Medication(
            person_id=person_id,
            name="Lisinopril",
            dose="10 mg",
            route="by mouth",
            frequency="once a day",
            reason="high blood pressure",
            prescriber="Dr. Alex Moreno",
            start=PartialDate(2019, approximate=True),
        )
    )
    library.add(
        Allergy(
            person_id=person_id,
            substance="Penicillin",
            category=AllergyCategory.DRUG,
            reaction="Hives all over",
            severity=Severity.MODERATE,
            noted_on=PartialDate(1998, approximate=True),
        )
    )
    library.add(
        Allergy(
            person_id=person_id,
            substance="Shellfish",
            category=AllergyCategory.FOOD,
            reaction="Swollen lips",
            severity=Severity.MILD,
        )
    )


def _add_requests(library: Library, packet_id: int, today: _dt.date) -> None:
    recent = PartialDate.from_date(today - _dt.timedelta(days=9))
    requests = (
        Request(
            packet_id=packet_id,
            item="Pathology slides and tissue blocks from the brain biopsy",
            source="Riverside General Hospital, pathology lab",
            status=RequestStatus.REQUESTED,
            status_date=recent,
            method="Signed release form, faxed",
            notes="The lab ships the slides straight to the second-opinion centre.",
            expected_back=True,
        ),
        Request(
            packet_id=packet_id,
            item="MRI brain images on CD",
            source="Riverside Imaging",
            status=RequestStatus.RECEIVED,
            status_date=recent,
            method="Picked up in person",
        ),
        Request(
            packet_id=packet_id,
            item="Neurosurgery clinic notes",
            source="Dr. Priya Shah's office",
            status=RequestStatus.TO_REQUEST,
        ),
    )
    for request in requests:
        library.add(request)


def import_sample_files(
    library: Library, person_id: int, files: Path, context: JobContext
) -> list[int]:
    """Bring the sample files in through the real import pipeline, then the background pass
    (their text, their pictures) as the app would run it after the import."""
    paths = sorted(path for path in files.iterdir() if path.is_dir())
    summary = import_paths(library, person_id, paths, context)
    index_pending(library, context)
    make_pending_pictures(library, context)
    return summary.document_ids


# what the person in the demo would have done by hand: clearer titles for a few files
_RENAMES: dict[str, tuple[str, Category]] = {
    "phototest.tif": ("Letter from the family doctor (scan)", Category.LETTER),
    "Portrait_6.jpg": ("Phone photo, taken sideways (shows automatic turning)", Category.OTHER),
    "hl7ex__Bundle-lipids.json": ("Cholesterol results from the health app", Category.LAB_RESULT),
}
_LINKS = {"Brain": "MRI of the brain", "Progress Note": "Neurosurgery consultation"}


def _tidy_imported(library: Library, sample: SampleLibrary, document_ids: list[int]) -> None:
    """Rename and confirm a few documents, link some to the timeline, leave one out.

    The rest keep the category and date import guessed, so the demo shows both.
    """
    events = {event.title: event.id for event in library.children(Event, sample.person_id)}
    with library.transaction():
        for document_id in document_ids:
            document = library.get(Document, document_id)
            files = library.document_files(document_id)
            first_name = files[0].original_name if files else ""
            if first_name in _RENAMES:
                document.title, document.category = _RENAMES[first_name]
                document.category_confirmed = True
                document.date_confirmed = document.date is not None
            if document.category == Category.IMAGING_STUDY:
                document.category_confirmed = True
                document.date_confirmed = document.date is not None
            if names_someone_else(document):
                # the public test files name their own test patients; in the demo they
                # stand for the sample person's records, so confirm them as the person would
                document.identity_confirmed = True
            library.update(document)
            event_id = events.get(_LINKS.get(document.title, ""))
            if event_id is not None:
                library.link_event_document(event_id, document_id)
            if first_name == "Portrait_6.jpg":
                library.set_document_included(sample.packet_id, document_id, False)
