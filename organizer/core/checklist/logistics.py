"""Logistics: who gives the second opinion, when, and whether insurance has been checked."""

from __future__ import annotations

import contextlib

from organizer.core.checklist import fixes
from organizer.core.checklist.facts import PacketFacts
from organizer.core.checklist.finding import Finding, met, unmet
from organizer.core.dates import appointment_display
from organizer.core.errors import InvalidInput
from organizer.core.vocab import Answer, PreauthAnswer


def check_provider(facts: PacketFacts) -> Finding:
    packet = facts.packet
    names = [text.strip() for text in (packet.provider_name, packet.provider_institution)]
    given = ", ".join(name for name in names if name)
    if given:
        return met(
            f"The second opinion is with {given}.",
            satisfied_by=(given,),
            refs=(("packet", packet.id or 0),),
        )
    return unmet(
        "The packet does not say which doctor or centre gives the second opinion.",
        fixes.edit_packet("provider"),
    )


def check_appointment(facts: PacketFacts) -> Finding:
    appointment = (facts.packet.appointment or "").strip()
    if appointment:
        with contextlib.suppress(InvalidInput):
            appointment = appointment_display(appointment)
        return met(
            f"The appointment is on {appointment}.",
            satisfied_by=(appointment,),
            refs=(("packet", facts.packet.id or 0),),
        )
    return unmet(
        "No appointment date is set. Add it when it is booked, or mark this rule not "
        "applicable for a records-only review.",
        fixes.edit_packet("appointment"),
    )


def check_insurance(facts: PacketFacts) -> Finding:
    packet = facts.packet
    answers = (
        (
            "covered",
            "Covered",
            packet.insurance_covered is not Answer.UNKNOWN,
            packet.insurance_covered,
        ),
        ("in network", "In network", packet.in_network is not Answer.UNKNOWN, packet.in_network),
        (
            "pre-authorisation",
            "Pre-authorisation",
            packet.preauthorization is not PreauthAnswer.UNKNOWN,
            packet.preauthorization,
        ),
    )
    labels = tuple(
        f"{label}: {value.value.replace('-', ' ')}" for _, label, known, value in answers if known
    )
    unanswered = [words for words, _, known, _ in answers if not known]
    if unanswered:
        return unmet(
            f"Not yet checked with the insurer: {', '.join(unanswered)}.",
            fixes.INSURANCE,
            satisfied_by=labels,
        )
    return met(
        "Insurance has been checked.",
        satisfied_by=labels,
        refs=(("packet", packet.id or 0),),
    )
