"""Checklist marks: a rule the person says does not apply to this packet, and why."""

from __future__ import annotations

from organizer.core.checklist import (
    finding_marks,
    set_finding_not_applicable,
    set_not_applicable,
)
from organizer.core.library import Library
from organizer.core.ops.changes import Changes, Outcome, reversible

RULE_MARKS_TABLE = "rule_marks"


def set_rule_mark(library: Library, packet_id: int, rule_id: str, reason: str | None) -> Outcome:
    """Mark a rule not applicable with a reason, or clear the mark (None); undo restores it."""
    before = library.rule_marks(packet_id).get(rule_id)
    changes = Changes.of(RULE_MARKS_TABLE, [packet_id])

    def mark(value: str | None) -> Changes:
        set_not_applicable(library, packet_id, rule_id, value)
        return changes

    return reversible(library, lambda: mark(reason), lambda: mark(before))


def set_finding_mark(
    library: Library, packet_id: int, rule_id: str, ref: tuple[str, int], reason: str | None
) -> Outcome:
    """Mark one record of a rule not applicable (this biopsy), or clear it; undo restores it."""
    before = finding_marks(library, packet_id).get((rule_id, ref))
    changes = Changes.of(RULE_MARKS_TABLE, [packet_id])  # the views that show marks follow

    def mark(value: str | None) -> Changes:
        set_finding_not_applicable(library, packet_id, rule_id, ref, value)
        return changes

    return reversible(library, lambda: mark(reason), lambda: mark(before))
