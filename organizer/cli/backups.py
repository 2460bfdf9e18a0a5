"""CLI commands for whole-library backups and restores."""

from __future__ import annotations

import argparse

from organizer.cli.common import EXIT_OK, Subparsers, open_library
from organizer.cli.progress import TerminalProgress
from organizer.core.backup import (
    auto_backups,
    restore_auto_backup,
    restore_backup,
    take_auto_backup,
    write_backup,
)
from organizer.core.errors import InvalidInput
from organizer.core.jobs import JobContext
from organizer.core.library import absolute_path


def register(commands: Subparsers) -> None:
    backup = commands.add_parser("backup", help="write the whole library to one file")
    backup.add_argument("--to", type=absolute_path, required=True, metavar="FILE")
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser("restore", help="unpack a backup file into a new folder")
    restore.add_argument("file", type=absolute_path)
    restore.add_argument("--to", type=absolute_path, required=True, metavar="DIR")
    restore.set_defaults(handler=_restore)

    auto = commands.add_parser("auto-backups", help="list or take automatic database copies")
    action = auto.add_mutually_exclusive_group()
    action.add_argument("--take", action="store_true", help="take one now")
    action.add_argument(
        "--restore", metavar="NAME", help="put this copy back (the current state is kept first)"
    )
    auto.set_defaults(handler=_auto)


def _backup(args: argparse.Namespace) -> int:
    with open_library(args, write=False) as library, TerminalProgress("Backing up") as bar:
        count = write_backup(library, args.to, JobContext(report=bar.update))
    print(f"backup written: {args.to} ({count} files)")
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    with TerminalProgress("Checking") as bar:
        report = restore_backup(args.file, args.to, JobContext(report=bar.update))
    print(f"restored and verified: {report.folder} ({report.files} files)")
    return EXIT_OK


def _auto(args: argparse.Namespace) -> int:
    with open_library(args, write=args.take or args.restore is not None) as library:
        if args.take:
            print(f"taken: {take_auto_backup(library).path}")
        if args.restore is not None:
            chosen = [b for b in auto_backups(library) if args.restore in (b.name, str(b.path))]
            if not chosen:
                raise InvalidInput(f"There is no automatic backup called {args.restore}.")
            restore_auto_backup(library, chosen[0])
            print(f"restored: {chosen[0].name}")
        for backup in auto_backups(library):
            print(f"{backup.taken:%Y-%m-%d %H:%M:%S}  {backup.path}")
    return EXIT_OK
