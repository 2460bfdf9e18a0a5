"""second-look-cli check: is a packet ready, and what is missing; mark rules not applicable."""

from __future__ import annotations

import argparse
import json

from organizer.cli.common import EXIT_FAILED, EXIT_OK, Subparsers, open_library
from organizer.core import ops
from organizer.core.checklist import (
    ChecklistReport,
    RuleResult,
    Status,
    evaluate,
    report_json,
    rule_by_id,
    summary_line,
)
from organizer.core.errors import InvalidInput
from organizer.core.words import status_word

_SHOWN_ITEMS = 5


def register(commands: Subparsers) -> None:
    parser = commands.add_parser(
        "check",
        help="check a packet against the checklist; exit 0 only when it is ready",
        description=(
            "Print each checklist rule with its status and explanation, then 'ready' or "
            "'not ready: N missing, M warnings'. Exit 0 when ready, 1 when not. "
            "With --not-applicable or --applicable, change a rule's mark instead."
        ),
    )
    parser.add_argument("--packet", type=int, required=True, metavar="ID")
    parser.add_argument("--json", action="store_true", help="print the checklist as JSON")
    marks = parser.add_mutually_exclusive_group()
    marks.add_argument(
        "--not-applicable",
        metavar="RULE_ID",
        help="mark this rule not applicable to the packet (needs --reason)",
    )
    marks.add_argument(
        "--applicable", metavar="RULE_ID", help="clear a not-applicable mark from this rule"
    )
    parser.add_argument("--reason", metavar="TEXT", help="why the rule does not apply")
    parser.add_argument(
        "--finding",
        metavar="KIND:ID",
        help="with --not-applicable or --applicable: only this record, e.g. event:12 or "
        "document:3 (this biopsy, not the whole rule)",
    )
    parser.set_defaults(handler=_check)


def _check(args: argparse.Namespace) -> int:
    if args.not_applicable is not None or args.applicable is not None:
        return _mark(args)
    if args.reason is not None:
        raise InvalidInput("--reason goes with --not-applicable RULE_ID.")
    if args.finding is not None:
        raise InvalidInput("--finding goes with --not-applicable or --applicable RULE_ID.")
    with open_library(args, write=False) as library:
        report = evaluate(library, args.packet)
    if args.json:
        print(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    return EXIT_OK if report.ready else EXIT_FAILED


def _mark(args: argparse.Namespace) -> int:
    if args.json:
        raise InvalidInput("--json only applies when printing the checklist.")
    rule_id: str = args.not_applicable or args.applicable
    rule = rule_by_id(rule_id)
    if args.not_applicable is not None:
        if args.reason is None or not args.reason.strip():
            raise InvalidInput("Say why the rule does not apply, with --reason TEXT.")
        reason: str | None = args.reason
    else:
        if args.reason is not None:
            raise InvalidInput("--reason goes with --not-applicable, not --applicable.")
        reason = None
    if args.finding is not None:
        return _mark_finding(args, rule.id, _finding(args.finding), reason)
    with open_library(args, write=True) as library:
        ops.set_rule_mark(library, args.packet, rule.id, reason)
    if reason is None:
        print(f"{rule.id}: applies again to packet {args.packet}")
    else:
        print(f"{rule.id}: marked not applicable to packet {args.packet} ({reason.strip()})")
    return EXIT_OK


def _finding(text: str) -> tuple[str, int]:
    kind, _, number = text.partition(":")
    if kind not in ("event", "document") or not number.isdigit():
        raise InvalidInput(f'--finding "{text}": use event:ID or document:ID, e.g. event:12')
    return kind, int(number)


def _mark_finding(
    args: argparse.Namespace, rule_id: str, ref: tuple[str, int], reason: str | None
) -> int:
    with open_library(args, write=True) as library:
        ops.set_finding_mark(library, args.packet, rule_id, ref, reason)
    what = f"{ref[0]} {ref[1]}"
    if reason is None:
        print(f"{rule_id}: applies again to {what} in packet {args.packet}")
    else:
        print(f"{rule_id}: {what} marked not applicable in packet {args.packet} ({reason.strip()})")
    return EXIT_OK


def _print_report(report: ChecklistReport) -> None:
    for result in report.results:
        print(_line(result))
        if result.satisfied_by:
            print(f"    {_items(result)}")
    print(summary_line(report))


def _line(result: RuleResult) -> str:
    """The bracketed status token stays the stored value (scripts read it); the words
    after it are the ones the app and the PDF show."""
    status = f"[{result.status.value}]"
    shown = status_word(result.status.value)
    return f"{status:<17}{result.rule_id}: {result.title} — {shown}. {result.explanation}"


def _items(result: RuleResult) -> str:
    shown = list(result.satisfied_by[:_SHOWN_ITEMS])
    rest = len(result.satisfied_by) - len(shown)
    text = "; ".join(shown)
    if rest > 0:
        text += f"; and {rest} more"
    what = "satisfied by" if result.status is Status.OK else "so far"
    return f"{what}: {text}"
