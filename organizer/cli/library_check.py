"""second-look-cli check-library: is everything in the library whole, and repair what can be."""

from __future__ import annotations

import argparse
import json

from organizer.cli.common import EXIT_FAILED, EXIT_OK, Subparsers, open_library
from organizer.cli.progress import TerminalProgress
from organizer.core.integrity import LibraryReport, check_library, repair_library


def register(commands: Subparsers) -> None:
    parser = commands.add_parser(
        "check-library",
        help="check the database and every stored file; --repair fixes what is safe to fix",
    )
    parser.add_argument(
        "--repair",
        action="store_true",
        help="remove orphans, leftovers and damaged thumbnails or print copies, close "
        "permissions (never a document or its original file)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=_check_library)


def _check_library(args: argparse.Namespace) -> int:
    with open_library(args, write=False) as library, TerminalProgress("Checking") as bar:
        report = check_library(library, bar.update)
    if args.repair and any(finding.repairable for finding in report.findings):
        with open_library(args, write=True) as library, TerminalProgress("Repairing") as bar:
            report = repair_library(library, report, bar.update)
    _print(report, args.json)
    return EXIT_OK if report.healthy else EXIT_FAILED


def _print(report: LibraryReport, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    for line in report.lines():
        print(line)
