"""Imaging: every report and every scan on the timeline needs the images themselves.

A report is matched to an imaging study of the same kind (CT with CT, X-ray with CR/DX...)
whose study date is within WINDOW_DAYS of the report's date. A week, because the written
report is often signed, or downloaded with a date, a few days after the scan; a week
still keeps a scan apart from the next scan of the same kind in ordinary follow-up.
An imaging CD on the requests list that has arrived (received, packed, sent or returned)
covers every report of the kinds it names, or every report if it names none; one only
requested is its own status, "requested, not received", never done. A report or scan
the person marked not applicable for this rule is left out, alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from organizer.core.checklist import fixes
from organizer.core.checklist.facts import PacketFacts
from organizer.core.checklist.finding import Finding, Ref, met, requested, unmet
from organizer.core.checklist.labels import (
    count,
    document_label,
    event_label,
    quoted_list,
    request_label,
)
from organizer.core.checklist.spans import LONGEST_SPAN, Span, SpanIndex, gap
from organizer.core.checklist.words import (
    describe_families,
    modalities_in_text,
    names_imaging_media,
    study_date,
    study_modalities,
)
from organizer.core.dates import PartialDate
from organizer.core.records import Request
from organizer.core.vocab import Category, EventKind, RequestStatus
from organizer.core.words import excused_finding

WINDOW_DAYS = 7
RULE = "imaging-images"
CD_ARRIVED = frozenset(
    {
        RequestStatus.RECEIVED,
        RequestStatus.PACKED,
        RequestStatus.SENT,
        RequestStatus.RETURNED,
    }
)


@dataclass(frozen=True)
class _Need:
    ref: Ref
    label: str
    families: frozenset[str]
    date: PartialDate | None
    linked: frozenset[int]


@dataclass(frozen=True)
class _Study:
    document_id: int
    label: str
    families: frozenset[str]
    date: PartialDate | None


def check_images(facts: PacketFacts) -> Finding:
    needs = _needs(facts)
    excused = tuple(
        excused_finding(need.label, reason)
        for need in needs
        if (reason := facts.excused(RULE, need.ref)) is not None
    )
    needs = [need for need in needs if facts.excused(RULE, need.ref) is None]
    if not needs:
        if excused:
            return met("No imaging report or scan still needs its images.", satisfied_by=excused)
        return met(
            "There are no imaging reports and no scans on the timeline, so no images are needed."
        )
    studies = _StudyIndex(_studies(facts))
    media = [r for r in facts.requests if names_imaging_media(r.item)]
    arrived = [r for r in media if r.status in CD_ARRIVED]
    asked = [r for r in media if r.status is RequestStatus.REQUESTED]
    used_labels: dict[Ref, str] = {}
    waiting: dict[int, tuple[Request, list[_Need]]] = {}
    missing: list[_Need] = []
    for need in needs:
        study = studies.match(need)
        if study is not None:
            used_labels[("document", study.document_id)] = study.label
            continue
        cd = _matching_cd(need, arrived)
        if cd is not None and cd.id is not None:
            used_labels[("request", cd.id)] = f"{request_label(cd)} ({cd.status.value})"
            continue
        cd = _matching_cd(need, asked)
        if cd is not None and cd.id is not None:
            waiting.setdefault(cd.id, (cd, []))[1].append(need)
            continue
        missing.append(need)
    if missing:
        return _missing(missing, media)
    if waiting:
        return _waiting(waiting, tuple(used_labels.values()) + excused)
    return met(
        f"The images are in the packet for {_needs_text(len(needs))}.",
        satisfied_by=tuple(used_labels.values()) + excused,
        refs=tuple(used_labels),
    )


def _waiting(waiting: dict[int, tuple[Request, list[_Need]]], have: tuple[str, ...]) -> Finding:
    """Everything else is in; some images are only requested, not received."""
    cds = [cd for cd, _ in waiting.values()]
    needs = [need for _, for_cd in waiting.values() for need in for_cd]
    one = len(cds) == 1
    explanation = (
        f"{quoted_list([request_label(cd) for cd in cds])} "
        f"{'is' if one else 'are'} requested but not received, so the images for "
        f"{quoted_list([need.label for need in needs])} are not in the packet yet. "
        f"Mark {'it' if one else 'each'} received when it arrives."
    )
    refs = tuple(("request", cd.id) for cd in cds if cd.id is not None) + tuple(
        need.ref for need in needs
    )
    return requested(explanation, fixes.edit_request(cds[0].id), refs=refs, satisfied_by=have)


def _needs_text(number: int) -> str:
    return count(number, "imaging report or scan", "imaging reports and scans")


def _missing(missing: list[_Need], media: list[Request]) -> Finding:
    kinds = describe_families(set().union(*(need.families for need in missing)))
    names = quoted_list([need.label for need in missing])
    explanation = (
        f"No images for {names}. Import the {kinds} images taken within "
        f"{WINDOW_DAYS} days of {'it' if len(missing) == 1 else 'each'}, "
        "or request an imaging CD on the requests list."
    )
    refs = [need.ref for need in missing]
    fix = fixes.IMPORT_IMAGING
    waiting = [r for r in media if r.status is RequestStatus.TO_REQUEST and r.id is not None]
    if waiting:
        explanation += (
            f" The CD {quoted_list([request_label(r) for r in waiting])} is not requested yet."
        )
        refs.extend(("request", r.id) for r in waiting if r.id is not None)
        fix = fixes.edit_request(waiting[0].id)
    return unmet(explanation, fix, refs=tuple(refs))


def _needs(facts: PacketFacts) -> list[_Need]:
    needs: list[_Need] = []
    for document in facts.documents:
        if document.category is Category.IMAGING_REPORT and document.id is not None:
            families = modalities_in_text(document.title, document.notes)
            needs.append(
                _Need(
                    ("document", document.id),
                    document_label(document),
                    families,
                    document.date,
                    frozenset(),
                )
            )
    for event in facts.events:
        if event.kind is not EventKind.TEST or event.id is None:
            continue
        families = modalities_in_text(event.title, event.details)
        if families:
            linked = facts.event_documents.get(event.id, frozenset())
            needs.append(
                _Need(("event", event.id), event_label(event), families, event.date, linked)
            )
    return needs


def _studies(facts: PacketFacts) -> list[_Study]:
    studies: list[_Study] = []
    for document in facts.documents:
        if document.category is not Category.IMAGING_STUDY or document.id is None:
            continue
        details = document.details
        date = study_date(document, details)
        label = document.title if date is None else f"{document.title}, {date.display()}"
        studies.append(_Study(document.id, label, study_modalities(document, details), date))
    return studies


class _StudyIndex:
    """Studies by imaging family and date, so each report only visits nearby studies."""

    def __init__(self, studies: list[_Study]) -> None:
        self.linked = {study.document_id: study for study in studies}
        self.any_kind: SpanIndex[_Study] = SpanIndex((s.date, s) for s in studies)
        families = {family for study in studies for family in study.families}
        self.by_family: dict[str, SpanIndex[_Study]] = {
            family: SpanIndex((s.date, s) for s in studies if family in s.families)
            for family in families
        }

    def match(self, need: _Need) -> _Study | None:
        for document_id in sorted(need.linked):
            if document_id in self.linked:
                return self.linked[document_id]
        if need.families:
            indexes = [self.by_family[f] for f in sorted(need.families) if f in self.by_family]
        else:
            indexes = [self.any_kind]
        for index in indexes:
            found = _near(index, need.date)
            if found is not None:
                return found
        return None


def _near(index: SpanIndex[_Study], date: PartialDate | None) -> _Study | None:
    if date is None:
        dated = next(index.all_dated(), None)
        return dated[1] if dated is not None else next(iter(index.undated), None)
    wanted = Span.of(date)
    low = wanted.first - WINDOW_DAYS - LONGEST_SPAN
    high = wanted.last + WINDOW_DAYS
    for span, study in index.starting_between(low, high):
        if gap(wanted, span) <= WINDOW_DAYS:
            return study
    return next(iter(index.undated), None)


def _matching_cd(need: _Need, tracked: list[Request]) -> Request | None:
    for request in tracked:
        named = modalities_in_text(request.item)
        if not named or not need.families or named & need.families:
            return request
    return None
