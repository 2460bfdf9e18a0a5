"""Checking a packet: run each rule's check, apply "not applicable" marks, explain."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from organizer.core.checklist import (
    documents,
    health,
    hygiene,
    identity,
    imaging,
    logistics,
    opinions,
    pathology,
    questions,
    timeline,
)
from organizer.core.checklist.facts import PacketFacts, gather
from organizer.core.checklist.finding import Check, Finding, Outcome
from organizer.core.checklist.model import ChecklistReport, Rule, RuleResult, RuleSeverity, Status
from organizer.core.checklist.rules import RulesFileError, load_rules, rule_by_id
from organizer.core.library import Library
from organizer.core.words import not_applicable_reason

CHECKS: Mapping[str, Check] = {
    "imaging-images": imaging.check_images,
    "pathology-report": pathology.check_report,
    "pathology-slides": pathology.check_slides,
    "labs": documents.check_labs,
    "first-opinion-note": documents.check_first_opinion_note,
    "treatment-plan": documents.check_treatment_plan,
    "earlier-opinions": opinions.check_earlier_opinions,
    "documents-belong-to-person": identity.check_documents_belong,
    "own-timeline": timeline.check_timeline,
    "medications": health.check_medications,
    "allergies": health.check_allergies,
    "main-question": questions.check_main_question,
    "questions-list": questions.check_question_list,
    "provider": logistics.check_provider,
    "appointment": logistics.check_appointment,
    "insurance": logistics.check_insurance,
    "guessed-details": hygiene.check_guesses,
    "open-requests": hygiene.check_open_requests,
    "password-protected": hygiene.check_password_protected,
    "scanned-no-text": hygiene.check_scanned,
    "items-to-return": hygiene.check_items_to_return,
}

_UNMET_STATUS = {
    RuleSeverity.MISSING: Status.MISSING,
    RuleSeverity.WARNING: Status.WARNING,
    RuleSeverity.TIP: Status.TIP,
}


def evaluate(library: Library, packet_id: int) -> ChecklistReport:
    """Check one packet against every rule; NotFound if the packet does not exist."""
    facts = gather(library, packet_id)
    return evaluate_facts(facts, library.rule_marks(packet_id), load_rules())


def evaluate_facts(
    facts: PacketFacts, marks: Mapping[str, str], rules: Sequence[Rule]
) -> ChecklistReport:
    """The pure part: facts already read, marks (rule id -> reason), the rules to apply."""
    results = []
    for rule in rules:
        check = CHECKS.get(rule.id)
        if check is None:
            raise RulesFileError(f"the checklist rule {rule.id!r} has no check in the code")
        reason = marks.get(rule.id)
        if reason is not None:
            results.append(_not_applicable(rule, reason))
        else:
            results.append(_result(rule, check(facts)))
    return ChecklistReport(packet_id=facts.packet.id or 0, results=tuple(results))


def _result(rule: Rule, finding: Finding) -> RuleResult:
    if finding.outcome is Outcome.MET:
        status = Status.OK
    elif finding.outcome is Outcome.REQUESTED:
        status = Status.REQUESTED
    elif finding.outcome is Outcome.UNMET:
        status = _UNMET_STATUS[rule.severity]
    else:
        status = Status.TIP if rule.severity is RuleSeverity.TIP else Status.WARNING
    return RuleResult(
        rule_id=rule.id,
        title=rule.title,
        why=rule.why,
        severity=rule.severity,
        status=status,
        explanation=finding.explanation,
        satisfied_by=finding.satisfied_by,
        refs=finding.refs,
        fix="" if status is Status.OK else finding.fix,
    )


def _not_applicable(rule: Rule, reason: str) -> RuleResult:
    return RuleResult(
        rule_id=rule.id,
        title=rule.title,
        why=rule.why,
        severity=rule.severity,
        status=Status.NOT_APPLICABLE,
        explanation=not_applicable_reason(reason),
        satisfied_by=(),
        refs=(),
        fix="",
        not_applicable_reason=reason,
    )


def set_not_applicable(library: Library, packet_id: int, rule_id: str, reason: str | None) -> None:
    """Mark a rule not applicable for a packet (with the reason), or clear it with None.

    InvalidInput for an unknown rule id or an empty reason; NotFound for a bad packet.
    """
    rule_by_id(rule_id)
    library.set_rule_not_applicable(packet_id, rule_id, reason)
