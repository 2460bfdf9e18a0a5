"""The checklist as the export shows it: a status page in the PDF and the not-ready warning.

The checklist package decides; this only turns its report into the lines the summary
page prints and the manifest records.
"""

from __future__ import annotations

from organizer.core.checklist import ChecklistReport, Status, evaluate
from organizer.core.export.summary import ChecklistLine, ChecklistView
from organizer.core.library import Library


def checklist_view(report: ChecklistReport) -> ChecklistView:
    lines = tuple(
        ChecklistLine(
            title=result.title,
            status=result.status.value,
            explanation=result.explanation,
            not_applicable_reason=(
                result.not_applicable_reason or "" if result.status is Status.NOT_APPLICABLE else ""
            ),
        )
        for result in report.results
    )
    return ChecklistView(ready=report.ready, lines=lines)


def packet_checklist(library: Library, packet_id: int) -> ChecklistView:
    """Evaluate the packet's checklist now (read-only)."""
    return checklist_view(evaluate(library, packet_id))
