"""The words of a visit: the overall outcome, the marks on each compared part, the visit."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from organizer.core.dates import PartialDate


class Outcome(StrEnum):
    """How the second opinion compares with the first, overall."""

    CONFIRMED = "confirmed"
    REFINED = "refined"
    DIFFERENT = "different"


class Mark(StrEnum):
    """How one part of the second opinion compares with the same part of the first."""

    AGREE = "agree"
    REFINES = "refines"
    DIFFERS = "differs"


class Part(StrEnum):
    """The parts of an opinion the person can mark."""

    DIAGNOSIS = "diagnosis"
    PLAN = "plan"


OUTCOME_WORDS = {
    Outcome.CONFIRMED: "Confirmed: the second doctor agrees with the first",
    Outcome.REFINED: "Refined: the same view, with changes or more detail",
    Outcome.DIFFERENT: "Different: the second doctor sees it differently",
}

MARK_WORDS = {
    Mark.AGREE: "Agrees",
    Mark.REFINES: "Refines it",
    Mark.DIFFERS: "Differs",
}


@dataclass
class Opinion:
    """One doctor's opinion as the person wrote it down."""

    diagnosis: str = ""
    plan: str = ""
    doctor: str = ""
    date: PartialDate | None = None
    reasoning: str = ""

    def is_empty(self) -> bool:
        return not (self.diagnosis or self.plan or self.doctor or self.date or self.reasoning)


@dataclass
class Visit:
    """What happened at the second-opinion visit and after it, for one packet."""

    packet_id: int
    date: PartialDate | None = None
    diagnosis: str = ""
    plan: str = ""
    reasoning: str = ""
    doctor: str = ""
    outcome: Outcome | None = None
    decision: str = ""
    first_date: PartialDate | None = None
    follow_up_on: PartialDate | None = None
    """When the follow-up with the first doctor is booked."""
    followed_up_on: PartialDate | None = None
    """When the follow-up with the first doctor happened."""
    marks: dict[Part, Mark] = field(default_factory=dict)

    @property
    def second(self) -> Opinion:
        return Opinion(self.diagnosis, self.plan, self.doctor, self.date, self.reasoning)

    def is_recorded(self) -> bool:
        """Whether anything about the visit has been written down."""
        return not self.second.is_empty() or self.outcome is not None
