"""CLI command ``proposals`` (the review list) and the clinical kinds of ``list``.

second-look-cli proposals --person ID [--json]
second-look-cli proposals accept (ID... | --all) --person ID
second-look-cli proposals dismiss ID... --person ID
second-look-cli list problems|results|procedures|encounters|immunizations --person ID
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from organizer.cli.common import EXIT_OK, Subparsers, open_library, print_table
from organizer.core import ops, rowcodec
from organizer.core.clinical.review import (
    Proposal,
    accepted_items,
    proposals,
    record_sources,
    results,
)
from organizer.core.errors import InvalidInput
from organizer.core.library import Library
from organizer.core.records import Record

CLINICAL_LISTS = {
    "problems": "problem",
    "procedures": "procedure",
    "encounters": "encounter",
    "immunizations": "immunization",
    "results": "result",
}


def register(commands: Subparsers) -> None:
    parser = commands.add_parser(
        "proposals", help="what imported files propose for the record: list, accept, dismiss"
    )
    parser.add_argument("action", nargs="?", choices=("accept", "dismiss"))
    parser.add_argument("ids", nargs="*", type=int, metavar="ID")
    parser.add_argument("--person", type=int, required=True)
    parser.add_argument("--all", action="store_true", help="accept every pending item")
    parser.add_argument("--json", action="store_true", help="a JSON array of pending items")
    parser.set_defaults(handler=_proposals)


def _proposals(args: argparse.Namespace) -> int:
    if args.action is None:
        if args.ids or args.all:
            raise InvalidInput("To decide on items, say accept or dismiss before their ids.")
        return _show(args)
    if args.action == "dismiss" and args.all:
        raise InvalidInput("Dismiss takes item ids; --all works with accept only.")
    if not args.ids and not args.all:
        raise InvalidInput(f"Give the ids of the items to {args.action}, or --all to accept all.")
    if args.ids and args.all:
        raise InvalidInput("Give item ids or --all, not both.")
    ids = None if args.all else list(args.ids)
    with open_library(args, write=True) as library:
        outcome = ops.decide_proposals(library, args.person, ids, ops.Decision(args.action))
    batch_id, count = ops.decided(outcome.changes)
    verb = "accepted" if args.action == "accept" else "dismissed"
    print(f"{verb} {count} item{'s' if count != 1 else ''} (review batch {batch_id})")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    with open_library(args, write=False) as library:
        pending = proposals(library, args.person)
    if args.json:
        print(json.dumps([p.to_json() for p in pending], ensure_ascii=False, indent=2))
        return EXIT_OK
    rows = [[p.id, p.kind, p.summary, _sources_text(p), "; ".join(p.matches)] for p in pending]
    print_table(rows, ("id", "kind", "summary", "sources", "matches"))
    return EXIT_OK


def _sources_text(proposal: Proposal) -> str:
    return ", ".join(
        f"document {s.document_id}" + (f" ({s.section})" if s.section else "")
        for s in proposal.sources
    )


def list_clinical(args: argparse.Namespace) -> int:
    """``list`` for the clinical kinds; the person is required."""
    if args.person is None:
        raise InvalidInput(f"list {args.what} needs --person ID")
    with open_library(args, write=False) as library:
        if args.what == "results":
            found = [_with_sources(library, r) for r in results(library, args.person)]
        else:
            found = accepted_items(library, args.person, CLINICAL_LISTS[args.what])
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return EXIT_OK
    columns = _COLUMNS[args.what]
    print_table([[_cell(item, c) for c in columns] for item in found], columns)
    return EXIT_OK


_COLUMNS = {
    "problems": ("id", "name", "code", "status", "onset", "sources"),
    "procedures": ("id", "name", "code", "date", "sources"),
    "encounters": ("id", "name", "date", "place", "sources"),
    "immunizations": ("id", "name", "date", "status", "sources"),
    "results": ("id", "test", "value", "unit", "reference_range", "interpretation", "date"),
}


def _cell(item: dict[str, Any], column: str) -> Any:
    value = item.get(column, "")
    if column == "sources":
        return ", ".join(str(source["document_id"]) for source in value)
    return value


def _with_sources(library: Library, record: Record) -> dict[str, Any]:
    payload = rowcodec.to_json(record)
    assert record.id is not None
    payload["sources"] = [s.to_json() for s in record_sources(library, record.TABLE, record.id)]
    return payload


def records_with_sources(library: Library, records: Sequence[Record]) -> list[dict[str, Any]]:
    """Medications or allergies as JSON objects with a ``sources`` field."""
    return [_with_sources(library, record) for record in records]
