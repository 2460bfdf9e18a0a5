"""A damaged stored original stops the export by name, and can be left out of the next one.

The export notices damage where it already reads every original (checking each copy it
wrote), so a healthy export pays nothing extra; the person is then told which document it
is and may export again without it (``ExportOptions.leave_out``), or repair it first by
importing the original file again.
"""

from __future__ import annotations

import dataclasses

from organizer.core.export.options import DamagedDocuments, DamagedStoredFile
from organizer.core.export.plan import ExportPlan


def without_documents(plan: ExportPlan, leave_out: frozenset[int]) -> ExportPlan:
    if not leave_out:
        return plan
    kept = [doc for doc in plan.documents if doc.document.id not in leave_out]
    return dataclasses.replace(plan, documents=kept)


def name_damaged(plan: ExportPlan, error: DamagedStoredFile) -> DamagedDocuments:
    """The documents of the plan that hold the damaged file, in the words of the packet."""
    documents = tuple(
        (doc.document.id or 0, doc.label)
        for doc in plan.documents
        if any(item.record.sha256 == error.sha256 for item in doc.files)
    )
    named = ", ".join(f'"{label}" (number {number})' for number, label in documents)
    return DamagedDocuments(
        f"The stored copy of the document {named} is damaged (its checksum changed); "
        "nothing was exported. Import the original file again to repair it, or export "
        "without this document.",
        documents,
    )
