"""Biopsies and surgeries read from words and kind, marks on one finding, "requested" CDs.

The cases from issue 15, each in a table: what a timeline entry's title and kind say,
what the pathology and imaging rules make of it, and what marking one finding changes.
"""

from __future__ import annotations

import pytest
from checklist_packets import CT_FILE, PATHOLOGY_PDF, REPORT_PDF, Built, complete, start

from organizer.core import ops
from organizer.core.checklist import (
    Status,
    evaluate,
    finding_marks,
    parse_fix,
    set_finding_not_applicable,
    set_not_applicable,
    summary_line,
)
from organizer.core.checklist.words import TissueTaken, tissue_taken
from organizer.core.errors import InvalidInput
from organizer.core.export.checklist_status import packet_checklist
from organizer.core.export.preflight import checklist_problem
from organizer.core.library import Library
from organizer.core.records import Event, Medication
from organizer.core.vocab import Category, EventKind, RequestStatus

YES, NO, UNCLEAR = TissueTaken.YES, TissueTaken.NO, TissueTaken.UNCLEAR


@pytest.mark.parametrize(
    ("kind", "title", "expected"),
    [
        # a biopsy or surgery in any kind, including the form's default (symptom)
        (EventKind.SYMPTOM, "Core needle biopsy", YES),
        (EventKind.PROCEDURE, "Core needle biopsy", YES),
        (EventKind.TEST, "Fine-needle aspiration (FNA), thyroid", YES),
        (EventKind.TREATMENT, "Right upper lobectomy", YES),
        (EventKind.OTHER, "Surgery to remove the lump", YES),
        (EventKind.SYMPTOM, "Lumpectomy", YES),
        # only planned, proposed or talked about: not done
        (EventKind.TREATMENT, "Started anastrozole while planning surgery", NO),
        (EventKind.TREATMENT, "Lobectomy recommended", NO),
        (EventKind.PROCEDURE, "Biopsy scheduled", NO),
        (EventKind.VISIT, "Surgical consultation", NO),
        (EventKind.VISIT, "Discussed surgery options", NO),
        (EventKind.PROCEDURE, "Surgery cancelled", NO),
        # no procedure named at all
        (EventKind.TREATMENT, "Started anastrozole", NO),
        (EventKind.SYMPTOM, "Cough", NO),
        (EventKind.DIAGNOSIS, "Pathology result: low-grade glioma", NO),
        # words that may only be context: the person is asked
        (EventKind.SYMPTOM, "Pain after surgery", UNCLEAR),
        (EventKind.DIAGNOSIS, "Biopsy: invasive ductal carcinoma", UNCLEAR),
        (EventKind.VISIT, "Breast surgery", UNCLEAR),
        (EventKind.TEST, "Biopsy results", UNCLEAR),
        (EventKind.TREATMENT, "Started tamoxifen after surgery", UNCLEAR),
        # ...unless the kind says plainly it is a procedure
        (EventKind.PROCEDURE, "Second surgery after recurrence", YES),
    ],
)
def test_tissue_taken_reads_title_and_kind_together(
    kind: EventKind, title: str, expected: TissueTaken
) -> None:
    assert tissue_taken(kind, title) is expected


def _pathology(built: Built) -> Status:
    return evaluate(built.library, built.packet_id).result("pathology-report").status


@pytest.mark.parametrize(
    ("kind", "title", "details", "expected"),
    [
        (EventKind.SYMPTOM, "Core needle biopsy", "", Status.MISSING),
        (EventKind.VISIT, "Core needle biopsy", "", Status.WARNING),
        (EventKind.TREATMENT, "Started anastrozole while planning surgery", "", Status.OK),
        (
            EventKind.TREATMENT,
            "Started anastrozole",
            "to shrink the tumour before surgery",
            Status.OK,
        ),
        (EventKind.SYMPTOM, "Lump in the left breast", "biopsy next week", Status.OK),
        (EventKind.SYMPTOM, "Pain after surgery", "", Status.WARNING),
    ],
)
def test_pathology_rule_on_one_timeline_entry(
    library: Library, kind: EventKind, title: str, details: str, expected: Status
) -> None:
    built = start(library)
    built.event("2004-02-03", kind, title, details=details)
    assert _pathology(built) is expected


def test_medication_reasons_are_not_events(library: Library) -> None:
    built = start(library)
    library.add(
        Medication(
            person_id=built.person_id,
            name="Anastrozole",
            dose="1 mg",
            frequency="once a day",
            reason="started while planning surgery after the biopsy",
        )
    )
    report = evaluate(library, built.packet_id)
    assert report.result("pathology-report").status is Status.OK
    assert report.result("pathology-slides").status is Status.OK


def test_an_unclear_entry_asks_and_the_answer_is_kept(library: Library) -> None:
    built = start(library)
    pain = built.event("2004-03-01", EventKind.SYMPTOM, "Pain after surgery")
    result = evaluate(library, built.packet_id).result("pathology-report")
    assert result.status is Status.WARNING
    assert "Was tissue taken out" in result.explanation
    assert "Pain after surgery" in result.explanation
    assert result.refs == (("event", pain),)
    assert parse_fix(result.fix) == ("edit-event", str(pain))
    # "no": marked not a biopsy or surgery, for this entry only
    set_finding_not_applicable(
        library, built.packet_id, "pathology-report", ("event", pain), "Not a biopsy or surgery"
    )
    result = evaluate(library, built.packet_id).result("pathology-report")
    assert result.status is Status.OK
    assert result.satisfied_by == (
        "“Pain after surgery, 1 March 2004”: does not apply (Not a biopsy or surgery)",
    )
    # "yes": the kind says procedure, and its report is looked for
    set_finding_not_applicable(library, built.packet_id, "pathology-report", ("event", pain), None)
    event = library.get(Event, pain)
    event.kind = EventKind.PROCEDURE
    library.update(event)
    assert _pathology(built) is Status.MISSING


def test_a_finding_mark_excuses_that_biopsy_only(library: Library) -> None:
    built = start(library)
    mole = built.event("2004-01-05", EventKind.PROCEDURE, "Excision of a mole, back")
    set_finding_not_applicable(
        library, built.packet_id, "pathology-report", ("event", mole), "Report lost, not needed"
    )
    assert _pathology(built) is Status.OK
    biopsy = built.event("2004-02-03", EventKind.SYMPTOM, "Core needle biopsy, left breast")
    result = evaluate(library, built.packet_id).result("pathology-report")
    assert result.status is Status.MISSING
    assert result.refs == (("event", biopsy),)
    assert "Excision of a mole" not in result.explanation
    assert any("Report lost, not needed" in line for line in result.satisfied_by)
    built.document(PATHOLOGY_PDF, "Breast pathology", Category.PATHOLOGY_REPORT, "2004-02-10")
    assert _pathology(built) is Status.OK


def test_a_rule_wide_mark_still_turns_the_whole_rule_off(library: Library) -> None:
    built = start(library)
    built.event("2004-02-03", EventKind.PROCEDURE, "Core needle biopsy")
    set_not_applicable(library, built.packet_id, "pathology-report", "Reviewed elsewhere")
    result = evaluate(library, built.packet_id).result("pathology-report")
    assert result.status is Status.NOT_APPLICABLE
    assert result.not_applicable_reason == "Reviewed elsewhere"


def test_an_imaging_report_can_be_marked_on_its_own(library: Library) -> None:
    built = start(library)
    old = built.document(REPORT_PDF, "Dental X-ray report", Category.IMAGING_REPORT, "1990-05-01")
    set_finding_not_applicable(
        library, built.packet_id, "imaging-images", ("document", old), "Not related"
    )
    result = evaluate(library, built.packet_id).result("imaging-images")
    assert result.status is Status.OK
    new = built.document(REPORT_PDF, "CT chest report", Category.IMAGING_REPORT, "2004-01-20")
    result = evaluate(library, built.packet_id).result("imaging-images")
    assert result.status is Status.MISSING
    assert result.refs == (("document", new),)
    built.imaging_study(CT_FILE)  # 19 January 2004
    assert evaluate(library, built.packet_id).result("imaging-images").status is Status.OK


def test_marks_go_with_their_record_and_are_checked(library: Library) -> None:
    built = start(library)
    pain = built.event("2004-03-01", EventKind.SYMPTOM, "Pain after surgery")
    key = ("pathology-report", ("event", pain))
    set_finding_not_applicable(library, built.packet_id, *key, "Not a surgery")
    assert finding_marks(library, built.packet_id) == {key: "Not a surgery"}
    with pytest.raises(InvalidInput):
        set_finding_not_applicable(library, built.packet_id, *key, "  ")
    with pytest.raises(InvalidInput):
        set_finding_not_applicable(library, built.packet_id, "no-such-rule", ("event", pain), "x")
    with pytest.raises(InvalidInput):
        set_finding_not_applicable(
            library, built.packet_id, "pathology-report", ("request", 1), "x"
        )
    library.delete(Event, pain)
    assert finding_marks(library, built.packet_id) == {}


@pytest.mark.parametrize(
    ("cd_status", "expected"),
    [
        (RequestStatus.TO_REQUEST, Status.MISSING),
        (RequestStatus.REQUESTED, Status.REQUESTED),
        (RequestStatus.RECEIVED, Status.OK),
        (RequestStatus.PACKED, Status.OK),
        (RequestStatus.SENT, Status.OK),
        (RequestStatus.RETURNED, Status.OK),
        (RequestStatus.NOT_NEEDED, Status.MISSING),
    ],
)
def test_an_imaging_cd_by_its_status(
    library: Library, cd_status: RequestStatus, expected: Status
) -> None:
    built = start(library)
    built.event("2004-05-01", EventKind.TEST, "MRI brain")
    built.request("MRI brain CD", cd_status, source="City Radiology")
    assert evaluate(library, built.packet_id).result("imaging-images").status is expected


def test_a_requested_cd_keeps_a_complete_packet_from_ready(library: Library) -> None:
    built = complete(library)
    assert evaluate(library, built.packet_id).ready
    built.event("2004-08-20", EventKind.TEST, "MRI brain")
    cd = built.request("MRI brain CD", RequestStatus.REQUESTED, source="City Radiology")
    report = evaluate(library, built.packet_id)
    assert report.result("imaging-images").status is Status.REQUESTED
    assert not report.ready
    assert report.missing == 0
    assert summary_line(report).endswith(", 1 requested, not received")
    ops.set_request_status(library, cd, RequestStatus.RECEIVED)
    assert evaluate(library, built.packet_id).ready


def test_the_export_names_what_is_requested_not_received(library: Library) -> None:
    built = complete(library)
    built.event("2004-08-20", EventKind.TEST, "MRI brain")
    built.request("MRI brain CD", RequestStatus.REQUESTED)
    view = packet_checklist(library, built.packet_id)
    assert not view.ready
    problem = checklist_problem(view)
    assert problem is not None
    assert problem.message == (
        "The checklist is not ready. Requested, not received: Images for every imaging test."
    )
