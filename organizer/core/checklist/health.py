"""Medications and allergies: listed in full, or "none" said out loud.

A blank list is not an answer: "takes no medications" and "no known allergies" are
flags on the person that must be set explicitly.
"""

from __future__ import annotations

from organizer.core.checklist import fixes
from organizer.core.checklist.facts import PacketFacts
from organizer.core.checklist.finding import Finding, concern, met, unmet
from organizer.core.checklist.labels import count, quoted_list
from organizer.core.records import Allergy, Medication


def _medication_text(medication: Medication) -> str:
    parts = [medication.name, medication.dose.strip(), medication.frequency.strip()]
    return " ".join(part for part in parts if part)


def check_medications(facts: PacketFacts) -> Finding:
    current = [m for m in facts.medications if m.current and m.id is not None]
    refs = tuple(("medication", m.id) for m in current if m.id is not None)
    if not current:
        if facts.person.takes_no_medications:
            return met("“Takes no medications” is stated.", satisfied_by=("Takes no medications",))
        return unmet(
            "No current medications are listed and “takes no medications” is not stated. "
            "Add each medication with its dose and how often, or say there are none.",
            fixes.ADD_MEDICATION,
        )
    incomplete = [m for m in current if not m.dose.strip() or not m.frequency.strip()]
    if incomplete:
        return unmet(
            f"The dose or how often it is taken is missing for "
            f"{quoted_list([m.name for m in incomplete])}.",
            fixes.edit_medication(incomplete[0].id),
            refs=tuple(("medication", m.id) for m in incomplete if m.id is not None),
        )
    labels = tuple(_medication_text(m) for m in current)
    if facts.person.takes_no_medications:
        return concern(
            f"“Takes no medications” is stated, but "
            f"{count(len(current), 'current medication is', 'current medications are')} "
            "listed. Correct one or the other.",
            fixes.ADD_MEDICATION,
            refs=refs,
            satisfied_by=labels,
        )
    return met(
        f"{count(len(current), 'current medication')} listed with dose and how often.",
        satisfied_by=labels,
        refs=refs,
    )


def _allergy_text(allergy: Allergy) -> str:
    return (
        f"{allergy.substance}: {allergy.reaction}"
        if allergy.reaction.strip()
        else allergy.substance
    )


def check_allergies(facts: PacketFacts) -> Finding:
    allergies = [a for a in facts.allergies if a.id is not None]
    refs = tuple(("allergy", a.id) for a in allergies if a.id is not None)
    if not allergies:
        if facts.person.no_known_allergies:
            return met("“No known allergies” is stated.", satisfied_by=("No known allergies",))
        return unmet(
            "No allergies are listed and “no known allergies” is not stated. Add each "
            "allergy and what it causes, or say there are none.",
            fixes.ADD_ALLERGY,
        )
    labels = tuple(_allergy_text(a) for a in allergies)
    if facts.person.no_known_allergies:
        return concern(
            f"“No known allergies” is stated, but "
            f"{count(len(allergies), 'allergy is', 'allergies are')} listed. "
            "Correct one or the other.",
            fixes.ADD_ALLERGY,
            refs=refs,
            satisfied_by=labels,
        )
    vague = [a for a in allergies if not a.reaction.strip()]
    if vague:
        return concern(
            f"The reaction is not written for {quoted_list([a.substance for a in vague])}.",
            fixes.edit_allergy(vague[0].id),
            refs=tuple(("allergy", a.id) for a in vague if a.id is not None),
            satisfied_by=labels,
        )
    return met(
        f"{count(len(allergies), 'allergy', 'allergies')} listed with the reaction.", labels, refs
    )
