"""The checklist table: packets from real files, with the exact status of every rule."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from checklist_packets import (
    CT_FILE,
    LAB_JSON,
    LOCKED_PDF,
    NOTE_XML,
    PATHOLOGY_PDF,
    REPORT_PDF,
    Built,
    complete,
    start,
)

from organizer.core.checklist import Status, evaluate, load_rules, set_not_applicable
from organizer.core.library import Library
from organizer.core.records import PASSWORD_PROTECTED, Document, Medication, Request
from organizer.core.vocab import Answer, Category, EventKind, Identity, RequestStatus

OK, MISSING, WARNING, NA = Status.OK, Status.MISSING, Status.WARNING, Status.NOT_APPLICABLE


def empty(library: Library) -> Built:
    return start(library)


def typical_incomplete(library: Library) -> Built:
    """Halfway through gathering: some records in, several gaps, a few loose ends."""
    built = start(library)
    built.update_packet(
        question="Is surgery needed now?",
        provider_name="Dr. Okafor",
        insurance_covered=Answer.YES,
    )
    library.add_question(built.packet_id, "Do you agree with the diagnosis?")
    library.add(Medication(person_id=built.person_id, name="Metformin", dose="500 mg"))
    built.event("2003-11", EventKind.SYMPTOM, "Cough")
    built.event("2004-02-10", EventKind.DIAGNOSIS, "Lung nodule")
    built.event("2004-02-03", EventKind.PROCEDURE, "Lung biopsy")
    built.document(REPORT_PDF, "CT chest report", Category.IMAGING_REPORT, "2004-01-20")
    built.imaging_study(CT_FILE)
    built.document(PATHOLOGY_PDF, "Biopsy pathology", Category.PATHOLOGY_REPORT, "2004-02-08")
    built.document(LAB_JSON, "Glucose", Category.LAB_RESULT, "2004-01-10", confirmed=False)
    built.document(NOTE_XML, "Visit note", Category.CLINICAL_NOTE, "2004-02-12")
    built.document(
        LOCKED_PDF, "Hospital letter", Category.LETTER, "2004-02-15", flags=PASSWORD_PROTECTED
    )
    built.request("Pathology slides", RequestStatus.REQUESTED, "2026-01-10", source="City Lab")
    built.request("Records from Dr. Lee", RequestStatus.TO_REQUEST, "2026-01-12")
    return built


def complete_with_marks(library: Library) -> Built:
    """A records-only review of a case without lab tests: two rules marked not applicable."""
    full = complete(library)
    lab_ids = [
        d.id
        for d in library.packet_documents(full.packet_id)
        if d.category is Category.LAB_RESULT and d.id is not None
    ]
    for lab_id in lab_ids:
        library.set_document_included(full.packet_id, lab_id, included=False)
    full.update_packet(appointment=None)
    set_not_applicable(library, full.packet_id, "labs", "No lab tests were done")
    set_not_applicable(library, full.packet_id, "appointment", "Records-only review")
    return full


def report_without_images(library: Library) -> Built:
    """A complete packet plus an MRI report whose images were never added."""
    built = complete(library)
    built.document(REPORT_PDF, "MRI brain report", Category.IMAGING_REPORT, "2004-08-27")
    return built


def biopsy_without_slides(library: Library) -> Built:
    built = complete(library)
    for request in library.children(Request, built.packet_id):
        assert request.id is not None
        library.delete(Request, request.id)
    return built


def someone_elses_report(library: Library) -> Built:
    """A complete packet plus a report whose file names another patient."""
    built = complete(library)
    document_id = built.document(REPORT_PDF, "CT abdomen", Category.IMAGING_REPORT, "2004-08-27")
    document = library.get(Document, document_id)
    document.identity = Identity.MISMATCH
    document.named_name = "Jeremy Bates"
    library.update(document)
    return built


RULES = (
    "imaging-images",
    "pathology-report",
    "pathology-slides",
    "labs",
    "first-opinion-note",
    "treatment-plan",
    "earlier-opinions",
    "documents-belong-to-person",
    "own-timeline",
    "medications",
    "allergies",
    "main-question",
    "questions-list",
    "provider",
    "appointment",
    "insurance",
    "guessed-details",
    "open-requests",
    "password-protected",
    "scanned-no-text",
    "items-to-return",
)

_COMPLETE = dict.fromkeys(RULES, OK)

TABLE: dict[str, tuple[Callable[[Library], Built], dict[str, Status], bool]] = {
    "empty": (
        empty,
        {
            **_COMPLETE,
            "labs": MISSING,
            "first-opinion-note": MISSING,
            "treatment-plan": MISSING,
            "own-timeline": MISSING,
            "medications": MISSING,
            "allergies": MISSING,
            "main-question": MISSING,
            "questions-list": MISSING,
            "provider": MISSING,
            "appointment": MISSING,
            "insurance": WARNING,
        },
        False,
    ),
    "typical incomplete": (
        typical_incomplete,
        {
            **_COMPLETE,
            "pathology-slides": WARNING,
            "treatment-plan": MISSING,
            "own-timeline": WARNING,
            "medications": MISSING,
            "allergies": MISSING,
            "questions-list": MISSING,
            "appointment": MISSING,
            "insurance": WARNING,
            "guessed-details": WARNING,
            "open-requests": WARNING,
            "password-protected": WARNING,
        },
        False,
    ),
    "complete": (complete, _COMPLETE, True),
    "complete with not-applicable marks": (
        complete_with_marks,
        {**_COMPLETE, "labs": NA, "appointment": NA},
        True,
    ),
    "report without images": (
        report_without_images,
        {**_COMPLETE, "imaging-images": MISSING},
        False,
    ),
    "a report naming someone else": (
        someone_elses_report,
        # not counted as evidence either: the imaging rule does not ask for its images
        {**_COMPLETE, "documents-belong-to-person": MISSING},
        False,
    ),
    "biopsy without slides": (
        biopsy_without_slides,
        {**_COMPLETE, "pathology-slides": MISSING},
        False,
    ),
}


def test_the_table_covers_every_rule() -> None:
    assert tuple(rule.id for rule in load_rules()) == RULES
    for _, expected, _ in TABLE.values():
        assert set(expected) == set(RULES)


@pytest.mark.parametrize("case", list(TABLE))
def test_packet_table(library: Library, case: str) -> None:
    build, expected, ready = TABLE[case]
    built = build(library)
    report = evaluate(library, built.packet_id)
    got = {result.rule_id: result.status for result in report.results}
    assert got == expected
    assert report.ready is ready
    assert report.missing == sum(1 for s in expected.values() if s is MISSING)
    assert report.warnings == sum(1 for s in expected.values() if s is WARNING)
    for result in report.results:
        assert result.explanation.strip()
        if result.status in (OK, NA):
            assert result.fix == ""
        else:
            assert result.fix, result.rule_id
