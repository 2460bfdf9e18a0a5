"""Pathology: tissue taken out needs its report, and the slides or blocks sent on.

A biopsy or surgery is a timeline entry of any kind whose title and kind together say
one was done (words.tissue_taken), dated no later than today; an operative report counts
too. An entry whose words only may mean one ("pain after surgery") is asked about, and
one the person has marked not applicable for this rule is left out, alone. Its pathology report is one linked to the entry, or one
dated from REPORT_BEFORE_DAYS before to REPORT_AFTER_DAYS after it (reports take days
to weeks; an undated report is taken to cover it).
"""

from __future__ import annotations

from dataclasses import dataclass

from organizer.core.checklist import fixes
from organizer.core.checklist.facts import PacketFacts
from organizer.core.checklist.finding import Finding, Ref, concern, met, unmet
from organizer.core.checklist.labels import count, document_label, event_label, quoted_list
from organizer.core.checklist.spans import LONGEST_SPAN, Span, SpanIndex
from organizer.core.checklist.words import TissueTaken, names_slides, tissue_taken
from organizer.core.dates import PartialDate
from organizer.core.records import Document, Request
from organizer.core.vocab import Category, RequestStatus
from organizer.core.words import excused_finding

REPORT_BEFORE_DAYS = 3
REPORT_AFTER_DAYS = 31
SLIDES_ITEM = "pathology slides"
REPORT_RULE = "pathology-report"
_ON_THEIR_WAY = frozenset({RequestStatus.SENT, RequestStatus.RETURNED})


@dataclass(frozen=True)
class _Procedure:
    ref: Ref
    label: str
    date: PartialDate | None
    linked: frozenset[int]


@dataclass(frozen=True)
class _Procedures:
    done: list[_Procedure]
    unclear: list[_Procedure]
    excused: list[tuple[_Procedure, str]]


def _procedures(facts: PacketFacts) -> _Procedures:
    """Biopsies and surgeries done, entries to ask about, and those marked not applicable."""
    found = _Procedures([], [], [])
    for event in facts.events:
        if event.id is None or event.date.earliest > facts.today:
            continue
        answer = tissue_taken(event.kind, event.title)
        if answer is TissueTaken.NO:
            continue
        linked = facts.event_documents.get(event.id, frozenset())
        procedure = _Procedure(("event", event.id), event_label(event), event.date, linked)
        _sort(facts, found, procedure, answer is TissueTaken.YES)
    for document in facts.documents:
        if document.category is Category.OPERATIVE_REPORT and document.id is not None:
            procedure = _Procedure(
                ("document", document.id), document_label(document), document.date, frozenset()
            )
            _sort(facts, found, procedure, True)
    return found


def _sort(facts: PacketFacts, found: _Procedures, procedure: _Procedure, done: bool) -> None:
    reason = facts.excused(REPORT_RULE, procedure.ref)
    if reason is not None:
        found.excused.append((procedure, reason))
    elif done:
        found.done.append(procedure)
    else:
        found.unclear.append(procedure)


def _pathology_reports(facts: PacketFacts) -> list[Document]:
    return [
        d for d in facts.documents if d.category is Category.PATHOLOGY_REPORT and d.id is not None
    ]


def _covering_report(index: SpanIndex[Document], procedure: _Procedure) -> Document | None:
    """A report linked to the procedure, else one dated close after it, else an undated one."""
    if procedure.linked:
        for _, report in index.all_dated():
            if report.id in procedure.linked:
                return report
        for report in index.undated:
            if report.id in procedure.linked:
                return report
    if procedure.date is not None:
        done = Span.of(procedure.date)
        low = done.first - REPORT_BEFORE_DAYS - LONGEST_SPAN
        high = done.last + REPORT_AFTER_DAYS
        for span, report in index.starting_between(low, high):
            most_after = span.last - done.first
            fewest_after = span.first - done.last
            if most_after >= -REPORT_BEFORE_DAYS and fewest_after <= REPORT_AFTER_DAYS:
                return report
    elif index:
        dated = next(index.all_dated(), None)
        if dated is not None:
            return dated[1]
    return next(iter(index.undated), None)


def check_report(facts: PacketFacts) -> Finding:
    found = _procedures(facts)
    procedures = found.done
    reports = _pathology_reports(facts)
    excused = tuple(excused_finding(p.label, reason) for p, reason in found.excused)
    if not procedures and not found.unclear:
        if reports:
            return met(
                f"{count(len(reports), 'pathology report is', 'pathology reports are')} "
                "in the packet.",
                satisfied_by=tuple(document_label(r) for r in reports) + excused,
                refs=tuple(("document", r.id) for r in reports if r.id is not None),
            )
        if excused:
            return met(
                "No biopsy or surgery on the timeline needs a pathology report.",
                satisfied_by=excused,
            )
        return met(
            "There is no biopsy or surgery on the timeline and no operative report, "
            "so no pathology report is needed."
        )
    index = SpanIndex((r.date, r) for r in reports)
    used: dict[int, Document] = {}
    uncovered: list[_Procedure] = []
    for procedure in procedures:
        report = _covering_report(index, procedure)
        if report is None or report.id is None:
            uncovered.append(procedure)
        else:
            used[report.id] = report
    covered = tuple(document_label(r) for r in used.values()) + excused
    if uncovered:
        return unmet(
            f"No pathology report for {quoted_list([p.label for p in uncovered])}. "
            "Ask the pathology laboratory or the hospital for it and import it."
            + _question(found.unclear),
            fixes.import_document(Category.PATHOLOGY_REPORT.value),
            refs=tuple(p.ref for p in uncovered + found.unclear),
            satisfied_by=covered,
        )
    if found.unclear:
        return concern(
            _question(found.unclear).strip(),
            fixes.edit_event(found.unclear[0].ref[1]),
            refs=tuple(p.ref for p in found.unclear),
            satisfied_by=covered,
        )
    return met(
        f"Each biopsy or surgery has its pathology report ({count(len(procedures), 'procedure')}).",
        satisfied_by=covered,
        refs=tuple(("document", report_id) for report_id in used),
    )


def _question(unclear: list[_Procedure]) -> str:
    """Asking the person about entries whose words may or may not mean a biopsy or surgery."""
    if not unclear:
        return ""
    names = quoted_list([p.label for p in unclear])
    one = len(unclear) == 1
    return (
        f" Was tissue taken out (a biopsy or surgery) at {names}? If so, set "
        f"{'its' if one else 'their'} kind to Procedure so the pathology report is looked for; "
        f"if not, mark {'it' if one else 'each'} “not a biopsy or surgery”."
    )


def check_slides(facts: PacketFacts) -> Finding:
    procedures = _procedures(facts).done
    reports = _pathology_reports(facts)
    reasons = [p.label for p in procedures] + [document_label(r) for r in reports]
    because = tuple(p.ref for p in procedures) + tuple(
        ("document", r.id) for r in reports if r.id is not None
    )
    if not reasons:
        return met("There is no biopsy, surgery or pathology report, so no slides are needed.")
    items = [r for r in facts.requests if r.id is not None and names_slides(r.item)]
    wanted = [r for r in items if r.status is not RequestStatus.NOT_NEEDED]
    if not items:
        return unmet(
            f"Because of {quoted_list(reasons)}, the pathology laboratory holds slides or "
            "tissue blocks. Add them to the requests so they are asked for and sent.",
            fixes.add_request(SLIDES_ITEM),
            refs=because,
        )
    if not wanted:
        return met(
            f"The slides are marked not needed ({quoted_list([r.item for r in items])}).",
            satisfied_by=tuple(_item_label(r) for r in items),
            refs=tuple(("request", r.id) for r in items if r.id is not None),
        )
    waiting = [r for r in wanted if r.status not in _ON_THEIR_WAY]
    refs = tuple(("request", r.id) for r in wanted if r.id is not None)
    if waiting:
        first = waiting[0]
        return concern(
            f"{quoted_list([_item_label(r) for r in waiting])}: not sent yet. "
            "Slides take time to ship, so check with the laboratory.",
            fixes.edit_request(first.id),
            refs=refs,
            satisfied_by=tuple(_item_label(r) for r in wanted if r.status in _ON_THEIR_WAY),
        )
    return met(
        "The slides or blocks have been sent.",
        satisfied_by=tuple(_item_label(r) for r in wanted),
        refs=refs,
    )


def _item_label(request: Request) -> str:
    text = f"{request.item} ({request.status.value}"
    if request.status_date is not None:
        text += f", {request.status_date.display()}"
    return text + ")"
