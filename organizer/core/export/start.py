"""What an export reads from the library before it writes anything.

The checks before an export (``preflight``) and the export itself read the same plan
and checklist; the command line runs both at once and reads them only once.
"""

from __future__ import annotations

from dataclasses import dataclass

from organizer.core.export.checklist_status import packet_checklist
from organizer.core.export.damaged import without_documents
from organizer.core.export.options import ExportOptions
from organizer.core.export.plan import ExportPlan, build_plan
from organizer.core.export.summary import ChecklistView
from organizer.core.library import Library


@dataclass(frozen=True)
class ExportStart:
    plan: ExportPlan
    """What goes where, without the documents the person left out."""
    checklist: ChecklistView


def read_start(library: Library, packet_id: int, options: ExportOptions) -> ExportStart:
    plan = without_documents(build_plan(library, packet_id), options.leave_out)
    return ExportStart(plan, packet_checklist(library, packet_id))
