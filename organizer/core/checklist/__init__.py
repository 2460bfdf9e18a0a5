"""The packet checklist: is a packet ready for the second-opinion visit, and what is missing.

Rules are data (resources/checklist_rules.toml); each rule id has a check here that reads
the packet's records and explains its verdict in plain words. No Qt: the GUI, the CLI
and the export all show the same ChecklistReport.
"""

from __future__ import annotations

from organizer.core.checklist.evaluate import CHECKS, evaluate, evaluate_facts, set_not_applicable
from organizer.core.checklist.facts import PacketFacts, gather
from organizer.core.checklist.fixes import parse_fix
from organizer.core.checklist.marks import finding_marks, set_finding_not_applicable
from organizer.core.checklist.model import (
    ChecklistReport,
    Rule,
    RuleResult,
    RuleSeverity,
    Status,
)
from organizer.core.checklist.questions import STANDARD_QUESTIONS, standard_questions_not_asked
from organizer.core.checklist.rules import RulesFileError, load_rules, rule_by_id
from organizer.core.checklist.serialize import report_json, result_json, summary_line

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
