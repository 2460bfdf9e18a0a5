"""CLI commands for after the visit: the second opinion, answers, a third opinion."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence

from organizer.cli.common import EXIT_OK, Subparsers, date_arg, open_library, word
from organizer.core import ops, rowcodec
from organizer.core.library import Library
from organizer.core.records import Packet
from organizer.core.visit.model import Outcome
from organizer.core.visit.store import (
    link_document,
    read_state,
    set_answer,
    visit_summary,
)

_VISIT_TEXT = ("diagnosis", "plan", "doctor", "reasoning")


def register(commands: Subparsers) -> None:
    parser = commands.add_parser("visit", help="what the second-opinion doctor said")
    sub: Subparsers = parser.add_subparsers(dest="action", required=True)
    change = sub.add_parser("set", help="write down the visit and the second opinion")
    change.add_argument("--packet", type=int, required=True, metavar="ID")
    change.add_argument("--date", type=date_arg, help="the day of the visit")
    change.add_argument("--diagnosis", help="the second doctor's diagnosis")
    change.add_argument("--plan", help="the plan the second doctor recommends")
    change.add_argument("--doctor", help="the second doctor's name")
    change.add_argument("--reasoning", help="why, in your own words")
    change.add_argument(
        "--outcome",
        type=word(Outcome, "outcome"),
        help="confirmed, refined or different",
    )
    change.set_defaults(handler=_visit_set)
    letter = sub.add_parser(
        "letter", help="link a document received after the visit (the specialist's letter)"
    )
    letter.add_argument("--packet", type=int, required=True, metavar="ID")
    letter.add_argument("document", type=int, metavar="DOCUMENT_ID")
    letter.add_argument("--unlink", action="store_true", help="take the link away again")
    letter.set_defaults(handler=_visit_letter)


def register_answer(questions: Subparsers) -> None:
    """``question answer ID --text T``, added to the question group."""
    answer = questions.add_parser("answer", help="write down the specialist's answer")
    answer.add_argument("id", type=int)
    answer.add_argument("--text", required=True)
    answer.set_defaults(handler=_question_answer)


def register_third_opinion(packets: Subparsers) -> None:
    """``packet third-opinion ID``, added to the packet group."""
    third = packets.add_parser(
        "third-opinion", help="start a third-opinion packet from this one; prints its id"
    )
    third.add_argument("id", type=int)
    third.set_defaults(handler=_third_opinion)


def _visit_set(args: argparse.Namespace) -> int:
    with open_library(args, write=True) as library:
        state = read_state(library, args.packet)
        visit = state.visit
        for name in _VISIT_TEXT:
            value = getattr(args, name)
            if value is not None:
                setattr(visit, name, value)
        if args.date is not None:
            visit.date = args.date
        if args.outcome is not None:
            visit.outcome = args.outcome
        ops.save_visit_state(library, state)
    return EXIT_OK


def _visit_letter(args: argparse.Namespace) -> int:
    with open_library(args, write=True) as library:
        link_document(library, args.packet, args.document, linked=not args.unlink)
    return EXIT_OK


def _question_answer(args: argparse.Namespace) -> int:
    with open_library(args, write=True) as library:
        set_answer(library, args.id, args.text)
    return EXIT_OK


def _third_opinion(args: argparse.Namespace) -> int:
    with open_library(args, write=True) as library:
        new_id, _outcome = ops.start_third_opinion(library, args.id)
        print(new_id)
    return EXIT_OK


def packets_json(library: Library, packets: Sequence[Packet]) -> str:
    """``list packets --json``: each packet's fields plus ``visit`` (date, outcome) or null."""
    payload = []
    for packet in packets:
        item = rowcodec.to_json(packet)
        item["visit"] = visit_summary(library, packet.id or 0)
        payload.append(item)
    return json.dumps(payload, ensure_ascii=False, indent=2)


def export_what_i_learned(args: argparse.Namespace) -> int:
    """``export --packet ID --to DIR --what-i-learned``: prints the PDF's path."""
    from organizer.core.export.what_i_learned import write_what_i_learned  # slow to load

    with open_library(args, write=False) as library:
        written = write_what_i_learned(library, args.packet, args.to)
    if args.json:
        print(json.dumps({"pdf": str(written.path), "pages": written.pages}))
    else:
        print(f"{written.path} ({written.pages} pages)")
    return EXIT_OK
