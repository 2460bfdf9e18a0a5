"""CLI parts about whose record a document is: confirm, move, other names, JSON fields."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from organizer.cli.common import EXIT_OK, Subparsers, open_library
from organizer.core import ops, rowcodec
from organizer.core.identity.documents import (
    effective_identity,
    named_person_json,
)
from organizer.core.library import Library
from organizer.core.records import Document, Person, Record


def add_same_person_option(change: argparse.ArgumentParser) -> None:
    change.add_argument(
        "--same-person",
        action="store_true",
        help="the file names someone else, but it is this person's record (confirm it)",
    )


def add_other_name_option(change: argparse.ArgumentParser) -> None:
    change.add_argument(
        "--add-other-name",
        metavar="NAME",
        action="append",
        help="another name the person's records may carry (maiden name, nickname)",
    )


def apply_document_options(library: Library, args: argparse.Namespace) -> None:
    if args.same_person:
        ops.confirm_same_person(library, args.id)


def apply_person_options(library: Library, args: argparse.Namespace) -> None:
    """Other names added, then every document judged again for the person as now named."""
    ops.add_other_names(library, args.id, args.add_other_name or [])


def register_move(sub: Subparsers) -> None:
    move = sub.add_parser(
        "move", help="file a document under another person (its files and history go with it)"
    )
    move.add_argument("id", type=int)
    move.add_argument("--person", type=int, required=True, metavar="OTHER")
    move.set_defaults(handler=_move)


def _move(args: argparse.Namespace) -> int:
    with open_library(args, write=True) as library:
        ops.move_documents(library, [args.id], library.get(Person, args.person))
    return EXIT_OK


def documents_json(documents: Sequence[Record]) -> str:
    """Documents as JSON, with ``identity`` as the person sees it and ``named_person``."""
    payload: list[dict[str, Any]] = []
    for document in documents:
        item = rowcodec.to_json(document)
        if isinstance(document, Document):
            item.pop("named_name", None)
            item.pop("named_dob", None)
            item["identity"] = effective_identity(document).value
            item["named_person"] = named_person_json(document)
        payload.append(item)
    return json.dumps(payload, ensure_ascii=False, indent=2)
