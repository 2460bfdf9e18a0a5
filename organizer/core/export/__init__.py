"""Export a packet: one PDF to read front to back and a verified folder of the originals.

The GUI and the CLI call ``export_packet`` (in a worker thread if they like, with their
own read-only connection) and ``preflight`` before it to show problems and warnings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from organizer.core.export.options import (
    DamagedDocuments,
    ExportFailed,
    ExportOptions,
    ExportResult,
    Level,
    Problem,
)
from organizer.core.export.preflight import check_target, checklist_problem, identity_problem
from organizer.core.export.start import ExportStart, read_start
from organizer.core.library import Library
from organizer.core.records import Packet, Person

if TYPE_CHECKING:
    from organizer.core.export.run import export_packet


def __getattr__(name: str) -> object:
    """``export_packet`` loads the PDF writer and its fonts on first use, not at start-up."""
    if name == "export_packet":
        from organizer.core.export.run import export_packet

        return export_packet
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def preflight(
    library: Library,
    packet_id: int,
    target: Path,
    options: ExportOptions | None = None,
    start: ExportStart | None = None,
) -> list[Problem]:
    """Problems that stop the export (blockers) and warnings the person may accept.

    ``start`` is what ``read_start`` read, when the export that follows reads it too."""
    options = options or ExportOptions()
    start = start or read_start(library, packet_id, options)
    problems = check_target(start.plan, target.expanduser(), options)
    person = library.get(Person, library.get(Packet, packet_id).person_id)
    not_theirs = identity_problem(library.packet_documents(packet_id), person.name)
    if not_theirs is not None:
        problems.append(not_theirs)
    not_ready = checklist_problem(start.checklist)
    if not_ready is not None:
        problems.append(not_ready)
    return problems


__all__ = [
    "DamagedDocuments",
    "ExportFailed",
    "ExportOptions",
    "ExportResult",
    "ExportStart",
    "Level",
    "Problem",
    "export_packet",
    "preflight",
    "read_start",
]
