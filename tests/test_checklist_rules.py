"""Each checklist rule's edges: matching windows, words, marks, and the rules file itself."""

from __future__ import annotations

import datetime as _dt

import pytest
from checklist_packets import (
    CT_FILE,
    DISCHARGE_XML,
    IMAGING_XML,
    MR_FILE,
    PATHOLOGY_PDF,
    PLAN_PDF,
    REPORT_PDF,
    SAMPLES,
    SCANNED_PDF,
    Built,
    complete,
    start,
)

from organizer.core import ops
from organizer.core.checklist import (
    CHECKS,
    STANDARD_QUESTIONS,
    RuleSeverity,
    RulesFileError,
    Status,
    evaluate,
    load_rules,
    parse_fix,
    set_not_applicable,
    standard_questions_not_asked,
)
from organizer.core.checklist.rules import parse_rules
from organizer.core.checklist.words import modalities_in_text, modalities_of_codes
from organizer.core.errors import InvalidInput, NotFound
from organizer.core.library import Library
from organizer.core.records import SCANNED_NO_TEXT, Allergy, Medication, Person, Request
from organizer.core.vocab import Category, EventKind, RequestStatus

NM_FILE = SAMPLES / "dicom" / "JPEG-lossy.dcm"  # nuclear medicine, study date 2004-08-26


def status_of(built: Built, rule_id: str) -> Status:
    return evaluate(built.library, built.packet_id).result(rule_id).status


# -- the rules file ------------------------------------------------------------------------


def test_every_rule_has_a_check_and_every_check_a_rule() -> None:
    rules = load_rules()
    assert [rule.id for rule in rules] == list(CHECKS)
    assert all(rule.title and rule.why and rule.satisfied_by for rule in rules)
    assert {rule.severity for rule in rules} == set(RuleSeverity)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rule = 3", "has no"),
        (
            "[[rule]]\nid = 'a'\ntitle = 't'\nwhy = 'w'\nseverity = 'fatal'\nsatisfied_by = 's'",
            "severity",
        ),
        ("[[rule]]\nid = 'a'\ntitle = 't'\nseverity = 'tip'\nsatisfied_by = 's'", "'why'"),
        (
            "[[rule]]\nid = 'Bad Id'\ntitle = 't'\nwhy = 'w'\nseverity = 'tip'\nsatisfied_by = 's'",
            "valid rule id",
        ),
        ("not toml [", "not valid TOML"),
    ],
)
def test_a_damaged_rules_file_is_reported(text: str, message: str) -> None:
    with pytest.raises(RulesFileError, match=message):
        parse_rules(text)


def test_a_rule_id_may_appear_only_once() -> None:
    one = "[[rule]]\nid = 'a'\ntitle = 't'\nwhy = 'w'\nseverity = 'tip'\nsatisfied_by = 's'\n"
    with pytest.raises(RulesFileError, match="twice"):
        parse_rules(one + one)


# -- reading scan names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CT chest with contrast", {"CT"}),
        ("PET-CT whole body", {"PT", "CT"}),
        ("MRI brain w/o contrast", {"MR"}),
        ("Chest X-ray, 2 views", {"XR"}),
        ("Abdominal ultrasound", {"US"}),
        ("US abdomen", {"US"}),
        ("Screening mammogram", {"MG"}),
        ("Whole body bone scan", {"NM"}),
        ("Let us act on the facts", set()),
        ("Discussed results with us", set()),
        ("Blood count", set()),
    ],
)
def test_scan_kinds_are_read_from_titles(text: str, expected: set[str]) -> None:
    assert modalities_in_text(text) == expected


def test_dicom_codes_group_into_families() -> None:
    assert modalities_of_codes(["CR"]) == modalities_of_codes(["DX"]) == {"XR"}
    assert modalities_of_codes(["PT\\CT"]) == {"PT", "CT"}
    assert modalities_of_codes(["SR", "OT", ""]) == frozenset()


# -- imaging --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("report_date", "expected"), [("2004-01-26", Status.OK), ("2004-01-27", Status.MISSING)]
)
def test_images_must_be_within_a_week_of_the_report(
    library: Library, report_date: str, expected: Status
) -> None:
    built = start(library)
    built.imaging_study(CT_FILE)  # 19 January 2004
    built.document(REPORT_PDF, "CT chest report", Category.IMAGING_REPORT, report_date)
    assert status_of(built, "imaging-images") is expected


@pytest.mark.parametrize(
    ("report_date", "expected"),
    [
        ("2004-02-01", Status.MISSING),
        ("~2004-02-01", Status.OK),
        ("~2004-02-10", Status.MISSING),
        ("2004-02", Status.MISSING),
        ("~2004-02", Status.OK),
    ],
)
def test_an_approximate_report_date_widens_the_window(
    library: Library, report_date: str, expected: Status
) -> None:
    """ "about 1 February 2004" may well be the 26th of January: images of the 19th match."""
    built = start(library)
    built.imaging_study(CT_FILE)  # 19 January 2004
    built.document(REPORT_PDF, "CT chest report", Category.IMAGING_REPORT, report_date)
    assert status_of(built, "imaging-images") is expected


def test_images_of_another_kind_do_not_count(library: Library) -> None:
    built = start(library)
    built.imaging_study(MR_FILE)  # MR, 26 August 2004
    report = built.document(REPORT_PDF, "Bone scan report", Category.IMAGING_REPORT, "2004-08-26")
    result = evaluate(library, built.packet_id).result("imaging-images")
    assert result.status is Status.MISSING
    assert "Bone scan report" in result.explanation
    assert "nuclear medicine" in result.explanation
    assert result.refs == (("document", report),)
    assert result.fix == "import-imaging"
    nm_study = built.imaging_study(NM_FILE)
    result = evaluate(library, built.packet_id).result("imaging-images")
    assert result.status is Status.OK
    assert result.refs == (("document", nm_study),)


def test_a_study_known_only_from_its_import_details_counts(library: Library) -> None:
    built = start(library)
    built.imaging_study(MR_FILE, details_only=True)
    built.document(IMAGING_XML, "MRI knee report", Category.IMAGING_REPORT, "2004-08-30")
    assert status_of(built, "imaging-images") is Status.OK


def test_an_imaging_test_on_the_timeline_needs_images(library: Library) -> None:
    built = start(library)
    event = built.event("2004-05-01", EventKind.TEST, "CT abdomen")
    built.event("2004-05-02", EventKind.TEST, "Blood count")
    result = evaluate(library, built.packet_id).result("imaging-images")
    assert result.status is Status.MISSING
    assert result.refs == (("event", event),)
    study = built.imaging_study(CT_FILE)  # January 2004: too far unless linked
    assert status_of(built, "imaging-images") is Status.MISSING
    library.link_event_document(event, study)
    assert status_of(built, "imaging-images") is Status.OK


def test_an_imaging_cd_counts_once_received_and_is_never_done_while_only_requested(
    library: Library,
) -> None:
    built = start(library)
    built.document(REPORT_PDF, "CT chest report", Category.IMAGING_REPORT, "2004-01-20")
    cd = built.request("Imaging CD", RequestStatus.TO_REQUEST, source="City Radiology")
    result = evaluate(library, built.packet_id).result("imaging-images")
    assert result.status is Status.MISSING
    assert "not requested yet" in result.explanation
    assert result.fix == f"edit-request:{cd}"
    ops.set_request_status(library, cd, RequestStatus.REQUESTED)
    report = evaluate(library, built.packet_id)
    result = report.result("imaging-images")
    assert result.status is Status.REQUESTED
    assert "requested but not received" in result.explanation
    assert "CT chest report" in result.explanation
    assert result.fix == f"edit-request:{cd}"
    assert report.requested == 1
    assert not report.ready
    ops.set_request_status(library, cd, RequestStatus.RECEIVED)
    result = evaluate(library, built.packet_id).result("imaging-images")
    assert result.status is Status.OK
    assert result.refs == (("request", cd),)
    assert result.satisfied_by == ("Imaging CD from City Radiology (received)",)


def test_a_cd_of_another_kind_does_not_count(library: Library) -> None:
    built = start(library)
    built.document(REPORT_PDF, "CT chest report", Category.IMAGING_REPORT, "2004-01-20")
    built.request("MRI CD", RequestStatus.RECEIVED)
    assert status_of(built, "imaging-images") is Status.MISSING
    built.request("CT images on DVD", RequestStatus.PACKED)
    assert status_of(built, "imaging-images") is Status.OK


# -- pathology ------------------------------------------------------------------------------


def test_planned_or_future_surgery_needs_no_pathology(library: Library) -> None:
    built = start(library)
    built.event("2004-02-01", EventKind.TREATMENT, "Lobectomy recommended")
    future = (_dt.date.today() + _dt.timedelta(days=30)).isoformat()
    built.event(future, EventKind.PROCEDURE, "Lung biopsy")
    report = evaluate(library, built.packet_id)
    assert report.result("pathology-report").status is Status.OK
    assert report.result("pathology-slides").status is Status.OK


def test_a_pathology_report_must_be_close_to_the_biopsy_or_linked(library: Library) -> None:
    built = start(library)
    biopsy = built.event("2004-02-03", EventKind.PROCEDURE, "Core needle biopsy, left breast")
    late = built.document(
        PATHOLOGY_PDF, "Pathology report", Category.PATHOLOGY_REPORT, "2004-03-20"
    )
    result = evaluate(library, built.packet_id).result("pathology-report")
    assert result.status is Status.MISSING
    assert "Core needle biopsy, left breast" in result.explanation
    assert result.refs == (("event", biopsy),)
    assert parse_fix(result.fix) == ("import-document", "pathology-report")
    library.link_event_document(biopsy, late)
    assert status_of(built, "pathology-report") is Status.OK


def test_an_operative_report_needs_a_pathology_report(library: Library) -> None:
    built = start(library)
    built.document(PLAN_PDF, "Operative report", Category.OPERATIVE_REPORT, "2004-04-01")
    assert status_of(built, "pathology-report") is Status.MISSING
    assert status_of(built, "pathology-slides") is Status.MISSING
    built.document(PATHOLOGY_PDF, "Surgical pathology", Category.PATHOLOGY_REPORT, "2004-04-08")
    assert status_of(built, "pathology-report") is Status.OK


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (RequestStatus.TO_REQUEST, Status.WARNING),
        (RequestStatus.REQUESTED, Status.WARNING),
        (RequestStatus.RECEIVED, Status.WARNING),
        (RequestStatus.PACKED, Status.WARNING),
        (RequestStatus.SENT, Status.OK),
        (RequestStatus.RETURNED, Status.OK),
        (RequestStatus.NOT_NEEDED, Status.OK),
    ],
)
def test_slides_not_yet_sent_are_a_warning(
    library: Library, status: RequestStatus, expected: Status
) -> None:
    built = start(library)
    built.document(PATHOLOGY_PDF, "Pathology report", Category.PATHOLOGY_REPORT, "2004-02-09")
    slides = built.request("Tissue blocks", status)
    result = evaluate(library, built.packet_id).result("pathology-slides")
    assert result.status is expected
    assert result.refs == (("request", slides),)


# -- the first opinion, timeline, medications, allergies ------------------------------------


def test_a_discharge_summary_and_a_plan_document_count(library: Library) -> None:
    built = start(library)
    built.document(DISCHARGE_XML, "Discharge summary", Category.DISCHARGE_SUMMARY, "2004-02-12")
    built.document(PLAN_PDF, "Treatment plan", Category.TREATMENT_PLAN, "2004-02-14")
    report = evaluate(library, built.packet_id)
    assert report.result("first-opinion-note").status is Status.OK
    assert report.result("treatment-plan").status is Status.OK
    assert report.result("treatment-plan").satisfied_by == ("Treatment plan, 14 February 2004",)


def test_a_timeline_without_a_diagnosis_is_missing_it(library: Library) -> None:
    built = start(library)
    built.event("2003-11", EventKind.SYMPTOM, "Cough")
    built.event("2004-02", EventKind.TREATMENT, "Antibiotics")
    result = evaluate(library, built.packet_id).result("own-timeline")
    assert result.status is Status.MISSING
    assert "the diagnosis" in result.explanation
    assert "symptom" not in result.explanation
    assert result.fix == "add-event:diagnosis"


def test_only_treatments_already_tried_count(library: Library) -> None:
    built = start(library)
    built.event("2003-11", EventKind.SYMPTOM, "Cough")
    built.event("2004-01", EventKind.DIAGNOSIS, "Pneumonia")
    built.event("2004-02", EventKind.TREATMENT, "Surgery recommended")
    later = (_dt.date.today() + _dt.timedelta(days=40)).isoformat()
    built.event(later, EventKind.TREATMENT, "Start of radiotherapy")
    result = evaluate(library, built.packet_id).result("own-timeline")
    assert result.status is Status.WARNING
    assert "no treatment yet" in result.explanation
    tried = built.event("2004-02-10", EventKind.TREATMENT, "Antibiotics for ten days")
    result = evaluate(library, built.packet_id).result("own-timeline")
    assert result.status is Status.OK
    assert ("event", tried) in result.refs


def test_medications_stated_none_or_contradicted(library: Library) -> None:
    built = start(library)
    person = built.person()
    person.takes_no_medications = True
    library.update(person)
    assert status_of(built, "medications") is Status.OK
    library.add(Medication(person_id=built.person_id, name="Aspirin", dose="75 mg", current=False))
    assert status_of(built, "medications") is Status.OK  # a past medication is no contradiction
    library.add(
        Medication(person_id=built.person_id, name="Aspirin", dose="75 mg", frequency="daily")
    )
    assert status_of(built, "medications") is Status.WARNING


def test_allergies_need_the_reaction_and_no_contradiction(library: Library) -> None:
    built = complete(library)
    library.add(Allergy(person_id=built.person_id, substance="Latex"))
    result = evaluate(library, built.packet_id).result("allergies")
    assert result.status is Status.WARNING
    assert "Latex" in result.explanation
    fresh = start(library)
    person = library.get(Person, fresh.person_id)
    person.no_known_allergies = True
    library.update(person)
    assert status_of(fresh, "allergies") is Status.OK


# -- questions ------------------------------------------------------------------------------


def test_standard_questions_are_offered_until_added(library: Library) -> None:
    built = start(library)
    assert len(STANDARD_QUESTIONS) >= 5
    for text in STANDARD_QUESTIONS[:2]:
        library.add_question(built.packet_id, text)
    assert status_of(built, "questions-list") is Status.MISSING
    asked = ["  " + STANDARD_QUESTIONS[0].upper(), STANDARD_QUESTIONS[1]]
    assert standard_questions_not_asked(asked) == STANDARD_QUESTIONS[2:]
    library.add_question(built.packet_id, STANDARD_QUESTIONS[2])
    assert status_of(built, "questions-list") is Status.OK


# -- hygiene --------------------------------------------------------------------------------


def test_scanned_pages_without_text_are_a_tip(library: Library) -> None:
    built = complete(library)
    scan = built.document(
        SCANNED_PDF, "Faxed letter", Category.LETTER, "2004-03-01", flags=SCANNED_NO_TEXT
    )
    report = evaluate(library, built.packet_id)
    result = report.result("scanned-no-text")
    assert result.status is Status.TIP
    assert result.refs == (("document", scan),)
    assert report.ready


def test_items_expected_back_are_a_tip_until_returned(library: Library) -> None:
    built = complete(library)
    cd = built.request("Imaging CD", RequestStatus.SENT, expected_back=True)
    assert status_of(built, "items-to-return") is Status.TIP
    ops.set_request_status(library, cd, RequestStatus.RETURNED)
    assert status_of(built, "items-to-return") is Status.OK


def test_open_requests_say_from_whom_and_since_when(library: Library) -> None:
    built = start(library)
    built.request("Clinic notes", RequestStatus.REQUESTED, "2026-01-05", source="Dr. Lee")
    undated = library.add(Request(packet_id=built.packet_id, item="Lab results"))
    result = evaluate(library, built.packet_id).result("open-requests")
    assert result.status is Status.WARNING
    assert "Clinic notes from Dr. Lee: requested (since 5 January 2026)" in result.explanation
    today = library.request_history(undated)[0][1].display()
    assert f"Lab results: not requested yet (since {today})" in result.explanation


def test_trashed_and_excluded_documents_do_not_count(library: Library) -> None:
    built = start(library)
    lab = built.document(REPORT_PDF, "Glucose", Category.LAB_RESULT, "2004-01-10")
    assert status_of(built, "labs") is Status.OK
    library.set_document_included(built.packet_id, lab, included=False)
    assert status_of(built, "labs") is Status.MISSING
    library.set_document_included(built.packet_id, lab, included=True)
    library.trash_document(lab)
    assert status_of(built, "labs") is Status.MISSING


# -- not-applicable marks -------------------------------------------------------------------


def test_marks_need_a_known_rule_and_a_reason_and_can_be_cleared(library: Library) -> None:
    built = start(library)
    with pytest.raises(InvalidInput, match="no checklist rule"):
        set_not_applicable(library, built.packet_id, "x-rays", "n/a")
    with pytest.raises(InvalidInput):
        set_not_applicable(library, built.packet_id, "labs", "   ")
    with pytest.raises(NotFound):
        set_not_applicable(library, 999, "labs", "none")
    set_not_applicable(library, built.packet_id, "labs", "No tests done")
    result = evaluate(library, built.packet_id).result("labs")
    assert result.status is Status.NOT_APPLICABLE
    assert result.not_applicable_reason == "No tests done"
    assert "No tests done" in result.explanation
    set_not_applicable(library, built.packet_id, "labs", None)
    assert status_of(built, "labs") is Status.MISSING


def test_a_missing_packet_is_not_found(library: Library) -> None:
    with pytest.raises(NotFound):
        evaluate(library, 42)


@pytest.mark.parametrize(
    ("report_date", "expected"),
    [
        ("2004-01-30", Status.MISSING),  # 4 days before the biopsy
        ("2004-01-31", Status.OK),  # 3 days before: a little slack for mistyped dates
        ("2004-03-05", Status.OK),  # 31 days after
        ("2004-03-06", Status.MISSING),  # 32 days after
        ("2004-02", Status.OK),  # a month-only date that may be the same week
        (None, Status.OK),  # an undated report is taken to cover it
    ],
)
def test_pathology_report_window(
    library: Library, report_date: str | None, expected: Status
) -> None:
    built = start(library)
    built.event("2004-02-03", EventKind.PROCEDURE, "Excision of skin lesion")
    built.document(PATHOLOGY_PDF, "Pathology", Category.PATHOLOGY_REPORT, report_date)
    assert status_of(built, "pathology-report") is expected


def test_a_missing_plan_takes_the_user_to_the_plan_field(library: Library) -> None:
    built = start(library)
    result = evaluate(library, built.packet_id).result("treatment-plan")
    assert result.status is Status.MISSING
    assert parse_fix(result.fix) == ("edit-packet", "first-plan")
