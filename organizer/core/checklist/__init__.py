"""The packet checklist: is a packet ready for the second-opinion visit, and what is missing.

Rules are data (resources/checklist_rules.toml); each rule id has a check here that reads
the packet's records and explains its verdict in plain words. No Qt: the GUI, the CLI
and the export all show the same ChecklistReport.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from organizer.core.checklist.status import RuleSeverity, Status
from organizer.core.lazy import lazy_names

if TYPE_CHECKING:
    from organizer.core.checklist.evaluate import (
        CHECKS,
        evaluate,
        evaluate_facts,
        set_not_applicable,
    )
    from organizer.core.checklist.facts import PacketFacts, gather
    from organizer.core.checklist.fixes import parse_fix
    from organizer.core.checklist.marks import finding_marks, set_finding_not_applicable
    from organizer.core.checklist.model import ChecklistReport, Rule, RuleResult
    from organizer.core.checklist.questions import STANDARD_QUESTIONS, standard_questions_not_asked
    from organizer.core.checklist.rules import RulesFileError, load_rules, rule_by_id
    from organizer.core.checklist.serialize import report_json, result_json, summary_line

# the checks, their rules and results load when first used: the start shows "Checking the
# packet…" and evaluates in a worker once the window is on screen
__getattr__ = lazy_names(
    __name__,
    {
        "CHECKS": "evaluate",
        "ChecklistReport": "model",
        "PacketFacts": "facts",
        "Rule": "model",
        "RuleResult": "model",
        "RulesFileError": "rules",
        "STANDARD_QUESTIONS": "questions",
        "evaluate": "evaluate",
        "evaluate_facts": "evaluate",
        "finding_marks": "marks",
        "gather": "facts",
        "load_rules": "rules",
        "parse_fix": "fixes",
        "report_json": "serialize",
        "result_json": "serialize",
        "rule_by_id": "rules",
        "set_finding_not_applicable": "marks",
        "set_not_applicable": "evaluate",
        "standard_questions_not_asked": "questions",
        "summary_line": "serialize",
    },
)

__all__ = [
    "CHECKS",
    "STANDARD_QUESTIONS",
    "ChecklistReport",
    "PacketFacts",
    "Rule",
    "RuleResult",
    "RuleSeverity",
    "RulesFileError",
    "Status",
    "evaluate",
    "evaluate_facts",
    "finding_marks",
    "gather",
    "load_rules",
    "parse_fix",
    "report_json",
    "result_json",
    "rule_by_id",
    "set_finding_not_applicable",
    "set_not_applicable",
    "standard_questions_not_asked",
    "summary_line",
]
