"""second-look-cli export: write a packet's PDF and verified folder to a folder or stick."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from organizer.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_OK,
    Subparsers,
    cancel_on_ctrl_c,
    open_library,
)
from organizer.cli.progress import TerminalProgress
from organizer.cli.visit import export_what_i_learned
from organizer.core.errors import InvalidInput
from organizer.core.jobs import JobContext
from organizer.core.library import absolute_path

if TYPE_CHECKING:
    from organizer.core.export import ExportResult


def register(commands: Subparsers) -> None:
    parser = commands.add_parser(
        "export", help="write a packet's PDF and a verified folder of the originals"
    )
    parser.add_argument("--packet", type=int, required=True, metavar="ID")
    parser.add_argument(
        "--to", type=absolute_path, required=True, metavar="DIR", help="an existing folder"
    )
    parser.add_argument(
        "--password-file",
        type=absolute_path,
        metavar="F",
        help="encrypt the PDF (AES-256) with the password on this file's first line",
    )
    parser.add_argument(
        "--split-mb",
        type=int,
        metavar="N",
        help="also write the PDF in parts of at most N MB, for upload portals",
    )
    parser.add_argument(
        "--leave-out",
        type=int,
        action="append",
        default=[],
        metavar="DOC",
        help="export without this document (for one whose stored copy is damaged); repeatable",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--what-i-learned",
        action="store_true",
        help="write only the one- or two-page summary of the visit for the first doctor",
    )
    parser.set_defaults(handler=_export)


def read_password(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read the password file {path}: {error}") from None
    lines = text.splitlines()
    password = lines[0] if lines else ""
    if not password:
        raise InvalidInput(f"the password file {path} is empty")
    return password


def _export(args: argparse.Namespace) -> int:
    # imported when used: the export's PDF tools take a while to load, and every other
    # command (an import timed against a plain copy) would wait for them too
    from organizer.core.export import (
        DamagedDocuments,
        ExportOptions,
        export_packet,
        preflight,
        read_start,
    )

    if args.what_i_learned:
        return export_what_i_learned(args)
    if args.split_mb is not None and args.split_mb < 1:
        raise InvalidInput("--split-mb must be at least 1")
    password = read_password(args.password_file) if args.password_file else None
    options = ExportOptions(
        password=password, split_mb=args.split_mb, leave_out=frozenset(args.leave_out)
    )
    with open_library(args, write=False) as library:
        start = read_start(library, args.packet, options)  # read once for both
        problems = preflight(library, args.packet, args.to, options, start)
        blockers = [p for p in problems if p.blocks]
        if blockers:
            print(f"second-look-cli: error: {blockers[0].message}", file=sys.stderr)
            return EXIT_BAD_INPUT
        for problem in problems:
            print(f"second-look-cli: warning: {problem.message}", file=sys.stderr)
        context = JobContext()
        with cancel_on_ctrl_c(context), TerminalProgress("Exporting") as bar:
            context.report = bar.update
            try:
                result = export_packet(library, args.packet, args.to, options, context, start)
            except DamagedDocuments as damaged:
                again = " ".join(f"--leave-out {number}" for number in sorted(damaged.document_ids))
                print(f"second-look-cli: failed: {damaged}", file=sys.stderr)
                print(f"second-look-cli: to export without it, add {again}", file=sys.stderr)
                return EXIT_FAILED
    _print(result, args.json)
    return EXIT_OK


def _print(result: ExportResult, as_json: bool) -> None:
    if as_json:
        payload = {
            "folder": str(result.folder),
            "pdf": str(result.pdf),
            "pdf_parts": [str(path) for path in result.pdf_parts],
            "files": result.file_count,
            "bytes": result.total_bytes,
            "pages": result.pages,
            "encrypted": result.encrypted,
            "checklist_warning": result.checklist_warning,
            "not_in_pdf": list(result.not_printed),
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    print(f"folder: {result.folder}")
    print(f"pdf: {result.pdf}")
    for part in result.pdf_parts:
        print(f"part: {part}")
    size = result.total_bytes / (1024 * 1024)
    locked = ", password-protected" if result.encrypted else ""
    print(f"total: {result.file_count} files, {size:.1f} MB, {result.pages} PDF pages{locked}")
    for label in result.not_printed:
        print(f"in the folder only: {label}")
