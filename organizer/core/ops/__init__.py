"""Every change a person can make, as one operation the GUI, the CLI and the tests share.

An operation checks its input, writes in one transaction and returns an ``Outcome``: the
``Changes`` it made (tables and row ids) and the call that undoes it. The GUI's undo
stack only holds outcomes; the views are told the changes and update what they show.
"""

from typing import TYPE_CHECKING

from organizer.core.lazy import lazy_names
from organizer.core.ops.changes import NOTHING, Changes, Outcome, nothing_done, reversible

if TYPE_CHECKING:
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

# each operation's module loads when it is first used (the start needs only Changes)
__getattr__ = lazy_names(
    __name__,
    {
        "add_other_names": "identity",
        "add_questions": "questions",
        "add_record": "records",
        "confirm_guesses": "documents",
        "confirm_same_person": "identity",
        "Decision": "review",
        "decide_proposals": "review",
        "decided": "review",
        "edit_proposal": "review",
        "delete_record": "records",
        "edit_person": "identity",
        "empty_trash": "documents",
        "identity_change": "identity",
        "link_events": "documents",
        "move_documents": "identity",
        "move_question": "questions",
        "restore_documents": "documents",
        "rotate_documents": "documents",
        "save_visit_state": "visit",
        "set_documents_included": "documents",
        "set_finding_mark": "marks",
        "set_request_status": "records",
        "set_rotation": "documents",
        "set_rule_mark": "marks",
        "start_third_opinion": "visit",
        "trash_documents": "documents",
        "update_record": "records",
    },
)

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
