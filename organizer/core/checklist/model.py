"""The checklist's vocabulary: rules as loaded from data, and what checking a packet found."""

from __future__ import annotations

from dataclasses import dataclass

from organizer.core.checklist.status import RuleSeverity, Status

__all__ = ["ChecklistReport", "Rule", "RuleResult", "RuleSeverity", "Status"]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    why: str
    severity: RuleSeverity
    satisfied_by: str


@dataclass(frozen=True)
class RuleResult:
    """One rule checked against one packet, explained in plain words.

    ``refs`` names the records involved, as ("document", id), ("event", id),
    ("request", id), ("medication", id), ("allergy", id), ("question", id) or
    ("packet", id). ``fix`` tells the GUI where to take the user: "" when nothing needs
    doing, else an action with an optional argument after a colon (see checklist.fixes).
    """

    rule_id: str
    title: str
    why: str
    severity: RuleSeverity
    status: Status
    explanation: str
    satisfied_by: tuple[str, ...]
    refs: tuple[tuple[str, int], ...]
    fix: str
    not_applicable_reason: str | None = None


@dataclass(frozen=True)
class ChecklistReport:
    packet_id: int
    results: tuple[RuleResult, ...]

    @property
    def ready(self) -> bool:
        """Ready for the visit: nothing the specialist needs is missing or still on its way."""
        return self.missing == 0 and self.requested == 0

    @property
    def missing(self) -> int:
        return sum(1 for result in self.results if result.status is Status.MISSING)

    @property
    def requested(self) -> int:
        """Rules waiting on something requested and not received (an imaging CD)."""
        return sum(1 for result in self.results if result.status is Status.REQUESTED)

    @property
    def warnings(self) -> int:
        return sum(1 for result in self.results if result.status is Status.WARNING)

    def result(self, rule_id: str) -> RuleResult:
        """The result for one rule id; KeyError if there is no such rule."""
        for result in self.results:
            if result.rule_id == rule_id:
                return result
        raise KeyError(rule_id)
