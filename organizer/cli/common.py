"""What every CLI command shares: opening the library, printing records."""

from __future__ import annotations

import argparse
import contextlib
import json
import shlex
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Any, TypeAlias, TypeVar

from organizer.core import rowcodec, words
from organizer.core.dates import PartialDate
from organizer.core.jobs import JobContext
from organizer.core.library import Library, default_library_dir
from organizer.core.records import Record
from organizer.core.vocab import parse_word

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2

Handler = Callable[[argparse.Namespace], int]
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

E = TypeVar("E", bound=StrEnum)


def library_dir(args: argparse.Namespace) -> Path:
    given: Path | None = args.library
    return given if given is not None else default_library_dir()


def command_hint(args: argparse.Namespace, command: str) -> str:
    """A command to suggest, with the --library this run was given, so it acts on the same one."""
    given: Path | None = args.library
    library = f" --library {shlex.quote(str(given))}" if given is not None else ""
    return f"second-look-cli{library} {command}"


@contextlib.contextmanager
def open_library(
    args: argparse.Namespace, *, write: bool, create: bool = False
) -> Iterator[Library]:
    """Open the library, claiming its lock to write.

    Only a command that can start a library from nothing (adding the first person) creates
    one; any other command on a missing library is bad input and writes nothing.
    """
    library = Library.open(library_dir(args), create=create, lock=write)
    try:
        yield library
    finally:
        library.close()


@contextlib.contextmanager
def cancel_on_ctrl_c(context: JobContext) -> Iterator[None]:
    """Ctrl+C asks the job to stop at its next safe point instead of killing it mid-write."""

    def handler(_signum: int, _frame: FrameType | None) -> None:
        context.cancel()

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread (e.g. called from a test runner thread)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def word(enum: type[E], what: str) -> Callable[[str], E]:
    """An argparse type that reads a vocabulary word; bad words become exit-2 errors later."""

    def convert(text: str) -> E:
        return parse_word(enum, text, what)

    return convert


def date_arg(text: str) -> PartialDate:
    return PartialDate.parse(text)


def print_json(records: Sequence[Record]) -> None:
    payload = [rowcodec.to_json(record) for record in records]
    print(json.dumps(payload, ensure_ascii=False, indent=2))


def print_table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> None:
    """A plain aligned table for people reading a terminal."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [len(header) for header in headers]
    for row in cells:
        widths = [max(width, len(cell)) for width, cell in zip(widths, row, strict=True)]
    lines = [headers, *cells]
    for line in lines:
        text = "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        print(text.rstrip())
    if not rows:
        print("(none)", file=sys.stderr)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, PartialDate):
        return value.display()
    if isinstance(value, StrEnum):
        return words.word(value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"
