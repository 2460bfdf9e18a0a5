"""Every change a person can make, as one operation the GUI, the CLI and the tests share.

An operation checks its input, writes in one transaction and returns an ``Outcome``: the
``Changes`` it made (tables and row ids) and the call that undoes it. The GUI's undo
stack only holds outcomes; the views are told the changes and update what they show.
"""

from organizer.core.ops.changes import NOTHING, Changes, Outcome, nothing_done, reversible
from organizer.core.ops.documents import (
    confirm_guesses,
    empty_trash,
    link_events,
    restore_documents,
    rotate_documents,
    set_documents_included,
    set_rotation,
    trash_documents,
)
from organizer.core.ops.identity import (
    add_other_names,
    confirm_same_person,
    edit_person,
    identity_change,
    move_documents,
)
from organizer.core.ops.marks import set_finding_mark, set_rule_mark
from organizer.core.ops.questions import add_questions, move_question
from organizer.core.ops.records import (
    add_record,
    delete_record,
    set_request_status,
    update_record,
)
from organizer.core.ops.review import Decision, decide_proposals, decided, edit_proposal
from organizer.core.ops.visit import save_visit_state, start_third_opinion

__all__ = [
    "NOTHING",
    "Changes",
    "Decision",
    "Outcome",
    "add_other_names",
    "add_questions",
    "add_record",
    "confirm_guesses",
    "confirm_same_person",
    "decide_proposals",
    "decided",
    "delete_record",
    "edit_person",
    "edit_proposal",
    "empty_trash",
    "identity_change",
    "link_events",
    "move_documents",
    "move_question",
    "nothing_done",
    "restore_documents",
    "reversible",
    "rotate_documents",
    "save_visit_state",
    "set_documents_included",
    "set_finding_mark",
    "set_request_status",
    "set_rotation",
    "set_rule_mark",
    "start_third_opinion",
    "trash_documents",
    "update_record",
]
