"""The checklist as JSON-ready data, for the CLI's --json and for the export's manifest."""

from __future__ import annotations

from typing import Any

from organizer.core.checklist.model import ChecklistReport, RuleResult


def result_json(result: RuleResult) -> dict[str, Any]:
    return {
        "rule_id": result.rule_id,
        "title": result.title,
        "why": result.why,
        "severity": result.severity.value,
        "status": result.status.value,
        "explanation": result.explanation,
        "satisfied_by": list(result.satisfied_by),
        "refs": [{"kind": kind, "id": record_id} for kind, record_id in result.refs],
        "fix": result.fix,
        "not_applicable_reason": result.not_applicable_reason,
    }


def report_json(report: ChecklistReport) -> dict[str, Any]:
    return {
        "packet_id": report.packet_id,
        "ready": report.ready,
        "missing": report.missing,
        "warnings": report.warnings,
        "requested": report.requested,
        "results": [result_json(result) for result in report.results],
    }


def summary_line(report: ChecklistReport) -> str:
    """ "ready", or "not ready: 2 missing, 1 warnings" (the CLI's last line).

    Something requested and not received adds ", 1 requested, not received".
    """
    if report.ready:
        return "ready"
    line = f"not ready: {report.missing} missing, {report.warnings} warnings"
    if report.requested:
        line += f", {report.requested} requested, not received"
    return line
