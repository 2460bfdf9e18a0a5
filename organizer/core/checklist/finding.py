"""What one check returns, before the rule's own severity and any mark are applied."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from organizer.core.checklist.facts import PacketFacts


class Outcome(Enum):
    MET = "met"
    UNMET = "unmet"
    """Not satisfied: shown at the rule's own severity (missing, warning or tip)."""
    CONCERN = "concern"
    """Satisfied in part, or something looks off: a warning (a tip for tip rules)."""
    REQUESTED = "requested"
    """Only something requested and not yet received would satisfy it."""


Ref = tuple[str, int]


@dataclass(frozen=True)
class Finding:
    outcome: Outcome
    explanation: str
    satisfied_by: tuple[str, ...] = ()
    refs: tuple[Ref, ...] = ()
    fix: str = ""


Check = Callable[[PacketFacts], Finding]


def met(
    explanation: str, satisfied_by: tuple[str, ...] = (), refs: tuple[Ref, ...] = ()
) -> Finding:
    return Finding(Outcome.MET, explanation, satisfied_by, refs)


def unmet(
    explanation: str,
    fix: str,
    refs: tuple[Ref, ...] = (),
    satisfied_by: tuple[str, ...] = (),
) -> Finding:
    return Finding(Outcome.UNMET, explanation, satisfied_by, refs, fix)


def concern(
    explanation: str,
    fix: str,
    refs: tuple[Ref, ...] = (),
    satisfied_by: tuple[str, ...] = (),
) -> Finding:
    return Finding(Outcome.CONCERN, explanation, satisfied_by, refs, fix)


def requested(
    explanation: str,
    fix: str,
    refs: tuple[Ref, ...] = (),
    satisfied_by: tuple[str, ...] = (),
) -> Finding:
    return Finding(Outcome.REQUESTED, explanation, satisfied_by, refs, fix)
