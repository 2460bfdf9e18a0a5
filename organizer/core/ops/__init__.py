"""Every change a person can make, as one operation the GUI, the CLI and the tests share.

An operation checks its input, writes in one transaction and returns an ``Outcome``: the
``Changes`` it made (tables and row ids) and the call that undoes it. The GUI's undo
stack only holds outcomes; the views are told the changes and update what they show.
"""

from organizer.core.ops.changes import NOTHING, Changes, Outcome, nothing_done, reversible
from organizer.core.ops.documents import (
    confirm_guesses,
    link_events,
    restore_documents,
    rotate_documents,
    set_documents_included,
    trash_documents,
)
from organizer.core.ops.identity import identity_change
from organizer.core.ops.marks import set_finding_mark, set_rule_mark
from organizer.core.ops.questions import add_questions, move_question
from organizer.core.ops.records import add_record, delete_record, update_record
from organizer.core.ops.visit import save_visit_state, start_third_opinion

__all__ = [
    "NOTHING",
    "Changes",
    "Outcome",
    "add_questions",
    "add_record",
    "confirm_guesses",
    "delete_record",
    "identity_change",
    "link_events",
    "move_question",
    "nothing_done",
    "restore_documents",
    "reversible",
    "rotate_documents",
    "save_visit_state",
    "set_documents_included",
    "set_finding_mark",
    "set_rule_mark",
    "start_third_opinion",
    "trash_documents",
    "update_record",
]
