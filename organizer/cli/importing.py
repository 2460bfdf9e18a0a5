"""CLI commands ``import``, ``search`` and ``index`` over organizer.core.importing."""

from __future__ import annotations

import argparse
import json
import sys

from organizer.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    Subparsers,
    cancel_on_ctrl_c,
    command_hint,
    open_library,
)
from organizer.cli.progress import TerminalProgress
from organizer.core.importing.model import FileOutcome
from organizer.core.jobs import JobContext
from organizer.core.library import absolute_path
from organizer.core.words import word


def register(commands: Subparsers) -> None:
    parser = commands.add_parser(
        "import", help="bring files, folders and zips into a person's documents"
    )
    parser.add_argument("--person", type=int, required=True)
    parser.add_argument("paths", nargs="+", type=absolute_path, metavar="PATH")
    parser.add_argument("--json", action="store_true", help="one JSON object at the end")
    parser.set_defaults(handler=_import)

    finder = commands.add_parser("search", help="search titles, notes and document text")
    finder.add_argument("text", help="words to find (any text is accepted)")
    finder.add_argument("--person", type=int)
    finder.add_argument("--json", action="store_true")
    finder.set_defaults(handler=_search)

    index = commands.add_parser(
        "index",
        help="finish the work import leaves for later: read the text of documents not yet "
        "indexed, make thumbnails and print copies of photos and scans (and read whom "
        "older documents name)",
    )
    index.set_defaults(handler=_index)


# The import machinery (DICOM, PDFium, image readers) is imported inside the handlers
# that use it: every other command, an export above all, starts without loading it.


def _import(args: argparse.Namespace) -> int:
    from organizer.core.importing import import_paths

    lines: list[FileOutcome] = []

    def show(outcome: FileOutcome) -> None:
        lines.append(outcome)
        if not args.json:
            print(outcome.line(), flush=True)

    with (
        open_library(args, write=True) as library,
        TerminalProgress("Importing") as bar,
    ):
        context = JobContext(report=bar.update)
        with cancel_on_ctrl_c(context):
            summary = import_paths(library, args.person, args.paths, context, on_outcome=show)
    if args.json:
        payload = {
            "files": [outcome.to_json() for outcome in lines],
            "imported": summary.imported,
            "duplicates": summary.duplicates,
            "skipped": summary.skipped,
            "rejected": summary.rejected,
            "documents": summary.document_ids,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(summary.line())
    return EXIT_OK if summary.rejected == 0 else EXIT_FAILED


def _search(args: argparse.Namespace) -> int:
    from organizer.core.importing import search

    with open_library(args, write=False) as library:
        result = search(library, args.text, person_id=args.person)
    if args.json:
        payload = {
            "hits": [
                {
                    "document_id": hit.document_id,
                    "person_id": hit.person_id,
                    "title": hit.title,
                    "category": hit.category.value,
                    "date": hit.date.to_storage() if hit.date else None,
                    "snippet": hit.snippet,
                }
                for hit in result.hits
            ],
            "complete": result.complete,
            "pending": result.pending,
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for hit in result.hits:
            date = hit.date.display() if hit.date else "-"
            print(f"{hit.document_id}  {date}  {word(hit.category)}  {hit.title}")
            print(f"    {hit.snippet}")
        if not result.hits:
            print("(no matches)", file=sys.stderr)
    if not result.complete:
        print(
            f"note: the search index is incomplete ({result.pending} documents not yet read); "
            f"run `{command_hint(args, 'index')}` to finish it",
            file=sys.stderr,
        )
    return EXIT_OK


def _index(args: argparse.Namespace) -> int:
    from organizer.core.identity.rereading import read_all_pending
    from organizer.core.importing import index_pending, make_pending_pictures

    with open_library(args, write=True) as library, TerminalProgress("Indexing") as bar:
        context = JobContext(report=bar.update)
        with cancel_on_ctrl_c(context):
            summary = index_pending(library, context)
            pictures = make_pending_pictures(library, context)
            older = read_all_pending(library, context)
    print(
        f"indexed {summary.documents} documents ({summary.pages} pages), "
        f"{summary.failed} could not be read"
    )
    print(
        f"made thumbnails and print copies for {pictures.documents} documents "
        f"({pictures.pictures} pictures), {pictures.failed} could not be read"
    )
    if older:
        print(f"read whom {older} older documents name")
    failed = summary.failed + pictures.failed
    return EXIT_OK if failed == 0 else EXIT_FAILED
