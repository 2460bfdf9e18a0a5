"""Checks made before anything is written: room on the target, file-size limits, readiness.

Blockers stop the export (no space, a file FAT32 cannot hold, a target that is not a
folder); warnings are shown and the person may go ahead (checklist not ready).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from organizer.core.export import space
from organizer.core.export.options import ExportOptions, Level, Problem
from organizer.core.export.plan import ExportPlan, Kind
from organizer.core.export.summary import ChecklistView
from organizer.core.identity.documents import named_description, names_someone_else
from organizer.core.records import Document

MB = 1024 * 1024
IMAGE_PAGE_ESTIMATE = 2 * MB
MARGIN_BYTES = 20 * MB
IDENTITY_LISTED = 3


def estimated_pdf_bytes(plan: ExportPlan) -> int:
    """A generous guess at the bundled PDF's size, for the free-space check."""
    pdfs = sum(doc.size for doc in plan.documents if doc.kind is Kind.PDF)
    # a clinical record's pages, and its readable copy in the folder
    clinical = sum(3 * doc.size for doc in plan.documents if doc.kind is Kind.CLINICAL)
    return int((2 * MB + pdfs + clinical + _picture_page_bytes(plan)) * 1.1)


def needed_bytes(plan: ExportPlan, options: ExportOptions) -> int:
    """Originals, the PDF, and what is alive beside them at the busiest moment.

    The PDF is saved once, encrypted or not; while it is written, the pictures' pages
    wait in a scratch folder; split parts are written next to the whole PDF.
    """
    pdf = estimated_pdf_bytes(plan)
    parts = pdf if options.split_mb else 0
    return plan.total_file_bytes + pdf + _picture_page_bytes(plan) + parts + MARGIN_BYTES


def _picture_page_bytes(plan: ExportPlan) -> int:
    pictures = (doc for doc in plan.documents if doc.kind is Kind.IMAGE)
    return sum(min(f.record.size, IMAGE_PAGE_ESTIMATE) for doc in pictures for f in doc.files)


def check_target(plan: ExportPlan, target: Path, options: ExportOptions) -> list[Problem]:
    problems: list[Problem] = []
    if not target.exists():
        return [Problem(Level.BLOCKER, f"The folder {target} does not exist.")]
    if not target.is_dir():
        return [Problem(Level.BLOCKER, f"{target} is a file, not a folder to export into.")]
    if not os.access(target, os.W_OK):
        problems.append(Problem(Level.BLOCKER, f"Second Look cannot write to {target}."))
    need = needed_bytes(plan, options)
    free = space.free_bytes(target)
    if free < need:
        problems.append(
            Problem(
                Level.BLOCKER,
                f"Not enough free space on {target}: the export needs about "
                f"{_size(need)} and {_size(free)} is free.",
            )
        )
    if space.is_fat(target):
        too_big = [
            f"{doc.label}: {item.destination.name} ({_size(item.record.size)})"
            for doc in plan.documents
            for item in doc.files
            if item.record.size > space.FAT32_LIMIT
        ]
        if estimated_pdf_bytes(plan) > space.FAT32_LIMIT and not options.split_mb:
            too_big.append("the bundled PDF (choose a part size to split it)")
        if too_big:
            problems.append(
                Problem(
                    Level.BLOCKER,
                    f"{target} is formatted FAT32, which cannot hold a file of 4 GB or more; "
                    "use a stick formatted exFAT or NTFS. Too big: " + "; ".join(too_big),
                    tuple(too_big),
                )
            )
    if options.split_mb is not None and options.split_mb < 1:
        problems.append(Problem(Level.BLOCKER, "The part size must be at least 1 MB."))
    if not plan.documents:
        problems.append(Problem(Level.WARNING, "The packet includes no documents yet."))
    return problems


def checklist_problem(checklist: ChecklistView | None) -> Problem | None:
    """The not-ready warning, listing what the checklist still misses."""
    if checklist is None or checklist.ready:
        return None
    missing = tuple(line.title for line in checklist.lines if line.status == "missing")
    waiting = tuple(
        line.title for line in checklist.lines if line.status == "requested-not-received"
    )
    if not missing and not waiting:
        return None
    parts = ["Still missing: " + "; ".join(missing) + "."] if missing else []
    if waiting:
        parts.append("Requested, not received: " + "; ".join(waiting) + ".")
    return Problem(
        Level.WARNING, "The checklist is not ready. " + " ".join(parts), missing + waiting
    )


def identity_problem(documents: Sequence[Document], person: str) -> Problem | None:
    """The warning that the packet holds documents naming someone other than ``person``."""
    others = [d for d in documents if names_someone_else(d)]
    if not others:
        return None
    listed = tuple(f"{d.title} ({named_description(d)})" for d in others)
    one = len(others) == 1
    shown = "; ".join(listed[:IDENTITY_LISTED])
    if len(listed) > IDENTITY_LISTED:
        shown += f"; and {len(listed) - IDENTITY_LISTED} more"
    return Problem(
        Level.WARNING,
        f"{len(others)} {'document names' if one else 'documents name'} another person, not "
        f"{person}: {shown}. In Documents, leave {'it' if one else 'them'} out, move "
        f"{'it' if one else 'them'} to the right person, or confirm "
        f"{'it is' if one else 'they are'} {person}'s.",
        listed,
    )


def _size(count: int) -> str:
    if count >= 1024**3:
        return f"{count / 1024**3:.1f} GB"
    return f"{max(1, round(count / MB))} MB"
