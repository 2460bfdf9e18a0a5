"""Questions for the specialist: the main question, a written list, and standard ones to add."""

from __future__ import annotations

from collections.abc import Iterable

from organizer.core.checklist import fixes
from organizer.core.checklist.facts import PacketFacts
from organizer.core.checklist.finding import Finding, met, unmet
from organizer.core.checklist.labels import count

MINIMUM_QUESTIONS = 3

STANDARD_QUESTIONS: tuple[str, ...] = (
    "Do you agree with the diagnosis? If not, what do you think it is, and why?",
    "What are all the treatment options, including newer or less invasive ones?",
    "Which option would you recommend for me, and why?",
    "For each option, how often does it work, what are the risks, and what are the "
    "long-term effects?",
    "What would you advise if this were someone in your own family?",
    "Where your advice differs from my first doctor's, what in my case leads you to a "
    "different view?",
)
"""Questions patients are commonly advised to ask, offered as one-click additions."""


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def standard_questions_not_asked(existing: Iterable[str]) -> tuple[str, ...]:
    """The standard questions not already on the list, in their usual order."""
    asked = {_normal(text) for text in existing}
    return tuple(q for q in STANDARD_QUESTIONS if _normal(q) not in asked)


def check_main_question(facts: PacketFacts) -> Finding:
    question = facts.packet.question.strip()
    if question:
        return met(
            "The question for the specialist is written down.",
            satisfied_by=(question,),
            refs=(("packet", facts.packet.id or 0),),
        )
    return unmet(
        "The packet has no main question. Write the one thing you most want the "
        "specialist to answer.",
        fixes.edit_packet("question"),
    )


def check_question_list(facts: PacketFacts) -> Finding:
    questions = [q for q in facts.questions if q.id is not None and q.text.strip()]
    labels = tuple(q.text for q in questions)
    refs = tuple(("question", q.id) for q in questions if q.id is not None)
    if len(questions) >= MINIMUM_QUESTIONS:
        return met(f"{count(len(questions), 'question')} listed.", satisfied_by=labels, refs=refs)
    return unmet(
        f"{count(len(questions), 'question is', 'questions are')} listed; at least "
        f"{MINIMUM_QUESTIONS} are needed. Standard questions can be added with one click.",
        fixes.ADD_QUESTION,
        refs=refs,
        satisfied_by=labels,
    )
