"""second-look-cli: the headless front end over the core API.

Each command group lives in its own module and registers its sub-commands here; a
handler gets the parsed arguments and returns the exit code. Exit codes: 0 success,
1 the work ran but something failed (for example a rejected file), 2 bad input or a
bad id (nothing was written).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from organizer import __version__
from organizer.cli import (
    backups,
    checklist,
    clinical,
    export,
    importing,
    library_check,
    records,
    visit,
)
from organizer.cli.common import EXIT_BAD_INPUT, EXIT_FAILED
from organizer.core.diskspace import is_disk_full
from organizer.core.errors import (
    DISK_FULL_MESSAGE,
    Cancelled,
    InvalidInput,
    LibraryMissing,
    NotFound,
    SecondLookError,
)
from organizer.core.library import absolute_path

COMMAND_MODULES = (records, importing, clinical, checklist, export, backups, library_check, visit)


class _Parser(argparse.ArgumentParser):
    """argparse, but an error is one line on stderr, as scripts expect."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="second-look-cli",
        description="Keep and check medical records for a second opinion, without a window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--library",
        type=absolute_path,
        metavar="DIR",
        help="the library folder (default: $SECOND_LOOK_LIBRARY or your data folder)",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as stop:  # --help, --version, or a usage error already printed
            return stop.code if isinstance(stop.code, int) else EXIT_BAD_INPUT
        code: int = args.handler(args)
        sys.stdout.flush()  # what is still buffered may meet a closed pipe too
    except (InvalidInput, NotFound, LibraryMissing) as error:
        print(f"second-look-cli: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Cancelled as error:
        print(f"second-look-cli: cancelled: {error}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        # the reader went away (`list ... | head`): not a failure worth a word; later
        # writes to the closed pipe are sent nowhere so exiting cannot complain either
        _silence_stdout()
        return EXIT_FAILED
    except KeyboardInterrupt:
        # commands without their own cancel handling: every write is atomic, so stopping
        # here leaves the last complete state
        print("second-look-cli: cancelled (Ctrl+C)", file=sys.stderr)
        return EXIT_FAILED
    except Exception as error:
        if not is_disk_full(error) and not isinstance(error, (SecondLookError, OSError)):
            raise
        message = DISK_FULL_MESSAGE if is_disk_full(error) else str(error)
        print(f"second-look-cli: failed: {message}", file=sys.stderr)
        return EXIT_FAILED
    return code


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real stdout (a test's capture)
        pass


def run() -> NoReturn:
    sys.exit(main())
