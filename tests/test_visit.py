"""After the visit: the second opinion, the comparison, a third opinion, the tracker."""

from __future__ import annotations

import datetime as dt

import pytest

from organizer.core import ops
from organizer.core.checklist.evaluate import evaluate
from organizer.core.checklist.model import RuleResult, Status
from organizer.core.dates import PartialDate
from organizer.core.errors import InvalidInput
from organizer.core.library import Library
from organizer.core.records import Packet, Person, Question, Request
from organizer.core.visit.compare import (
    NEXT_STEPS_WHEN_DIFFERENT,
    compare_packet,
    outcome_from_marks,
)
from organizer.core.visit.model import Mark, Outcome, Part, Visit
from organizer.core.visit.store import (
    due_back_dates,
    link_document,
    load_visit,
    read_state,
    received_documents,
    save_visit,
    set_due_back,
)
from organizer.core.visit.third import (
    DISCREPANCY_QUESTIONS,
    ask_for_third_opinion,
    earlier_opinions,
)
from organizer.core.visit.tracker import StepState, track
from organizer.core.vocab import RequestStatus
from tests.visit_support import build_case


def test_every_visit_field_round_trips(library: Library) -> None:
    case = build_case(library, visit=False)
    visit = Visit(
        packet_id=case.packet_id,
        date=PartialDate.parse("2026-11-20"),
        diagnosis="Granuloma",
        plan="CT in 3 months",
        reasoning="Calcium in the nodule",
        doctor="Dr Jones",
        outcome=Outcome.REFINED,
        decision="Wait",
        first_date=PartialDate.parse("2026-08"),
        follow_up_on=PartialDate.parse("2026-12-01"),
        followed_up_on=PartialDate.parse("~2026-12"),
        marks={Part.DIAGNOSIS: Mark.AGREE, Part.PLAN: Mark.REFINES},
    )
    save_visit(library, visit)
    library.close()
    reopened = Library.open(library.root)
    try:
        assert load_visit(reopened, case.packet_id) == visit
        visit.marks = {Part.PLAN: Mark.DIFFERS}
        visit.outcome = None
        save_visit(reopened, visit)
        assert load_visit(reopened, case.packet_id) == visit
    finally:
        reopened.close()


def test_answers_letters_and_due_back_round_trip(library: Library) -> None:
    case = build_case(library)
    answers = {q.id: q.answer for q in library.children(Question, case.packet_id)}
    assert answers[case.question_ids[0]] == "No: more likely benign than cancer."
    assert answers[case.question_ids[1]] == ""
    assert [d.id for d in received_documents(library, case.packet_id)] == [case.letter_id]
    link_document(library, case.packet_id, case.letter_id, linked=False)
    assert received_documents(library, case.packet_id) == []

    slides = library.add(Request(packet_id=case.packet_id, item="pathology slides"))
    set_due_back(library, slides, PartialDate.parse("2026-12-15"))
    assert library.get(Request, slides).expected_back
    assert due_back_dates(library, case.packet_id) == {slides: PartialDate.parse("2026-12-15")}
    set_due_back(library, slides, None)
    assert due_back_dates(library, case.packet_id) == {}


def test_a_letter_of_another_person_cannot_be_linked(library: Library) -> None:
    case = build_case(library)
    other = library.add(Person(name="Jeremy Bates"))
    packet = library.add_packet(Packet(person_id=other, title="Knee"))
    with pytest.raises(InvalidInput, match="another person"):
        link_document(library, packet, case.letter_id)


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        ({}, None),
        ({Part.DIAGNOSIS: Mark.AGREE, Part.PLAN: Mark.AGREE}, Outcome.CONFIRMED),
        ({Part.DIAGNOSIS: Mark.AGREE, Part.PLAN: Mark.REFINES}, Outcome.REFINED),
        ({Part.DIAGNOSIS: Mark.REFINES, Part.PLAN: Mark.DIFFERS}, Outcome.DIFFERENT),
    ],
)
def test_the_marks_add_up_to_an_outcome(marks: dict[Part, Mark], expected: Outcome) -> None:
    assert outcome_from_marks(marks) == expected


def test_the_comparison_puts_both_opinions_side_by_side(library: Library) -> None:
    case = build_case(library)
    comparison = compare_packet(library, case.packet_id)
    rows = {row.label: (row.first, row.second, row.mark) for row in comparison.rows}
    assert rows["Diagnosis"] == ("Early lung cancer", "Probably a benign granuloma", Mark.DIFFERS)
    assert rows["Recommended plan"][:2] == ("Lobectomy", "CT again in three months")
    assert rows["Doctor"] == ("Dr Smith", "Dr Jones", None)
    assert rows["Date"][:2] == ("20 August 2026", "20 November 2026")
    assert comparison.outcome is Outcome.DIFFERENT and comparison.outcome_chosen
    assert comparison.next_steps == NEXT_STEPS_WHEN_DIFFERENT

    # without a chosen outcome, the marks decide; a chosen one wins over them
    visit = load_visit(library, case.packet_id)
    visit.outcome = None
    visit.marks = {Part.DIAGNOSIS: Mark.AGREE, Part.PLAN: Mark.REFINES}
    save_visit(library, visit)
    comparison = compare_packet(library, case.packet_id)
    assert (comparison.outcome, comparison.outcome_chosen) == (Outcome.REFINED, False)
    assert not set(comparison.next_steps) & set(NEXT_STEPS_WHEN_DIFFERENT)
    visit.outcome = Outcome.CONFIRMED
    save_visit(library, visit)
    assert compare_packet(library, case.packet_id).outcome is Outcome.CONFIRMED


def test_a_third_opinion_packet_is_filled_in_and_its_checklist_knows(library: Library) -> None:
    case = build_case(library)
    new_id = ask_for_third_opinion(library, case.packet_id)
    packet = library.get(Packet, new_id)
    assert packet.person_id == case.person_id
    assert packet.question == "Is surgery needed now?"
    assert (packet.first_diagnosis, packet.first_plan, packet.first_doctor) == (
        "Early lung cancer",
        "Lobectomy",
        "Dr Smith",
    )
    assert "third opinion" in packet.title
    assert [q.text for q in library.children(Question, new_id)] == list(DISCREPANCY_QUESTIONS)
    included = {d.id for d in library.packet_documents(new_id)}
    assert included == {case.note_id, case.letter_id}  # left out stays out; the letter is in
    assert load_visit(library, new_id).first_date == PartialDate.parse("2026-08-20")

    result = _rule(library, new_id, "earlier-opinions")
    assert result.status is Status.OK
    assert "First opinion: Early lung cancer" in result.satisfied_by
    assert "Second opinion: Probably a benign granuloma" in result.satisfied_by

    library.set_document_included(new_id, case.letter_id, False)
    result = _rule(library, new_id, "earlier-opinions")
    assert result.status is Status.MISSING
    assert "the second specialist's letter" in result.explanation
    # an ordinary packet does not need earlier opinions
    assert _rule(library, case.packet_id, "earlier-opinions").status is Status.OK


def test_a_third_opinion_without_the_second_diagnosis_is_missing_it(library: Library) -> None:
    case = build_case(library, visit=False)
    link_document(library, case.packet_id, case.letter_id)
    new_id = ask_for_third_opinion(library, case.packet_id)
    result = _rule(library, new_id, "earlier-opinions")
    assert result.status is Status.MISSING
    assert "the second doctor's diagnosis" in result.explanation


def _rule(library: Library, packet_id: int, rule_id: str) -> RuleResult:
    report = evaluate(library, packet_id)
    return next(r for r in report.results if r.rule_id == rule_id)


def test_the_tracker_names_what_is_overdue_on_a_fixed_day(library: Library) -> None:
    case = build_case(library, visit=False)
    cd = library.add(
        Request(
            packet_id=case.packet_id,
            item="CT images on CD",
            source="City Radiology",
            status=RequestStatus.REQUESTED,
            status_date=PartialDate.parse("2026-09-02"),
        )
    )
    slides = library.add(
        Request(
            packet_id=case.packet_id,
            item="pathology slides",
            source="City Lab",
            status=RequestStatus.SENT,
            status_date=PartialDate.parse("2026-09-10"),
            expected_back=True,
        )
    )
    set_due_back(library, slides, PartialDate.parse("2026-10-01"))

    early = track(library, case.packet_id, today=dt.date(2026, 9, 10))
    states = {step.name: step.state for step in early.steps}
    assert states == {
        "Records requested": StepState.WAITING,
        "Appointment": StepState.NOT_STARTED,
        "Visit": StepState.NOT_STARTED,
        "Follow-up with the first doctor": StepState.NOT_STARTED,
    }
    assert early.overdue == ()

    late = track(library, case.packet_id, today=dt.date(2026, 10, 20))
    states = {step.name: step.state for step in late.steps}
    assert states["Records requested"] is StepState.OVERDUE
    assert states["Appointment"] is StepState.OVERDUE  # 6 weeks after starting, none booked
    assert [item.overdue for item in late.due_back] == [True]
    assert late.overdue[-1] == "Return pathology slides to City Lab (due 1 October 2026)"
    assert any("CT images on CD" in line for line in late.overdue)

    library.set_request_status(cd, RequestStatus.RECEIVED, PartialDate.parse("2026-09-20"))
    library.set_request_status(slides, RequestStatus.RETURNED, PartialDate.parse("2026-10-02"))
    packet = library.get(Packet, case.packet_id)
    packet.appointment = "2026-11-20 10:00"
    library.update(packet)
    before_visit = track(library, case.packet_id, today=dt.date(2026, 11, 19))
    assert [step.state for step in before_visit.steps] == [
        StepState.DONE,
        StepState.DONE,
        StepState.WAITING,
        StepState.NOT_STARTED,
    ]
    assert before_visit.due_back == ()

    not_written = track(library, case.packet_id, today=dt.date(2026, 11, 22))
    assert not_written.steps[2].state is StepState.OVERDUE
    save_visit(
        library,
        Visit(
            packet_id=case.packet_id, date=PartialDate.parse("2026-11-20"), diagnosis="Granuloma"
        ),
    )
    in_time = track(library, case.packet_id, today=dt.date(2026, 12, 4))
    assert [s.state for s in in_time.steps][2:] == [StepState.DONE, StepState.WAITING]
    assert in_time.steps[3].date == PartialDate.parse("2026-12-04")
    overdue = track(library, case.packet_id, today=dt.date(2026, 12, 5))
    assert overdue.steps[3].state is StepState.OVERDUE
    visit = load_visit(library, case.packet_id)
    visit.followed_up_on = PartialDate.parse("2026-12-08")
    save_visit(library, visit)
    assert track(library, case.packet_id, today=dt.date(2026, 12, 9)).overdue == ()


def test_the_operations_undo_and_redo(library: Library) -> None:
    case = build_case(library, visit=False)
    state = read_state(library, case.packet_id)
    state.visit.diagnosis = "Granuloma"
    state.first_doctor = "Dr Smith, surgery"
    state.answers[case.question_ids[1]] = "Wait and see"
    state.letters = [case.letter_id]
    outcome = ops.save_visit_state(library, state)
    assert outcome.changes.touches("visits", "packets", "questions", "visit_documents")
    assert read_state(library, case.packet_id) == state
    again = outcome.undo()
    assert not load_visit(library, case.packet_id).is_recorded()
    assert library.get(Packet, case.packet_id).first_doctor == "Dr Smith"
    assert received_documents(library, case.packet_id) == []
    again.undo()
    assert read_state(library, case.packet_id) == state

    new_id, made = ops.start_third_opinion(library, case.packet_id)
    questions = [q.id for q in library.children(Question, new_id)]
    redo = made.undo()
    assert not library.exists(Packet, new_id)
    redo.undo()
    assert [q.id for q in library.children(Question, new_id)] == questions
    assert earlier_opinions(library, new_id) is not None
