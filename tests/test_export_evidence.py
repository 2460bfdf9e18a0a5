"""The summary's diagnosis line points at the reports that show this diagnosis: those
linked to it on the timeline, else the ones closest to it in date, never just any."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_support import SAMPLES, Built, add_document, build_packet

from organizer.core import ops
from organizer.core.dates import PartialDate
from organizer.core.export.evidence import diagnosis_event, diagnosis_reports, plan_documents
from organizer.core.export.plan import build_plan
from organizer.core.library import Library
from organizer.core.records import Event
from organizer.core.vocab import Category, EventKind


@pytest.fixture
def library(tmp_path: Path) -> Library:
    with Library.open(tmp_path / "library") as opened:
        yield opened  # type: ignore[misc]


@pytest.fixture
def built(library: Library) -> Built:
    """The export tests' packet (a biopsy report of 2026-01-20, a CT report of 2026-01-10
    and a chest X-ray report of about 2019), plus a follow-up MRI report from October."""
    built = build_packet(library)
    built.documents["mri_report"] = add_document(
        library,
        built.person_id,
        "MRI brain",
        Category.IMAGING_REPORT,
        "2026-10-02",
        [SAMPLES / "pdf" / "imagemagick-CCITTFaxDecode.pdf"],
    )
    return built


def _diagnosis(library: Library, built: Built, title: str, date: PartialDate) -> int:
    return library.add(
        Event(person_id=built.person_id, date=date, kind=EventKind.DIAGNOSIS, title=title)
    )


def _shown(library: Library, built: Built) -> list[str]:
    plan = build_plan(library, built.packet_id)
    printed = {doc.document.id or 0 for doc in plan.documents}
    names = {number: name for name, number in built.documents.items()}
    return [names[doc.document.id or 0] for doc in diagnosis_reports(plan, printed)]


def test_the_reports_linked_to_the_diagnosis_come_first_and_alone(
    library: Library, built: Built
) -> None:
    event = _diagnosis(library, built, "Right upper lobe nodule", PartialDate(2026, 1, 20))
    ops.link_events(library, built.documents["old_report"], {event: True})
    # the old X-ray is not the closest report, but it is the one the person linked
    assert _shown(library, built) == ["old_report"]
    ops.link_events(library, built.documents["pathology"], {event: True})
    assert _shown(library, built) == ["pathology", "old_report"]


def test_without_a_link_each_kind_of_report_closest_to_the_diagnosis(
    library: Library, built: Built
) -> None:
    _diagnosis(library, built, "Right upper lobe nodule", PartialDate(2026, 1, 20))
    # the CT of January, not the newer MRI of October nor the X-ray of 2019
    assert _shown(library, built) == ["pathology", "ct_report"]


def test_without_a_link_a_report_years_from_the_diagnosis_is_not_pointed_at(
    library: Library, built: Built
) -> None:
    # the packet's reports are of 2019 and 2026: a diagnosis of 2031 has none near it
    _diagnosis(library, built, "Right upper lobe nodule", PartialDate(2031, 6, 1))
    assert _shown(library, built) == []


def test_the_plan_line_points_at_notes_of_the_diagnosis_time_only(
    library: Library, built: Built
) -> None:
    for name, date in (("old_note", "2005-03-29"), ("new_note", "2026-02-03")):
        built.documents[name] = add_document(
            library,
            built.person_id,
            f"Clinic note {date}",
            Category.CLINICAL_NOTE,
            date,
            [SAMPLES / "pdf" / "imagemagick-CCITTFaxDecode.pdf"],
        )
    _diagnosis(library, built, "Right upper lobe nodule", PartialDate(2026, 1, 20))
    plan = build_plan(library, built.packet_id)
    printed = {doc.document.id or 0 for doc in plan.documents}
    shown = {doc.document.id for doc in plan_documents(plan, printed)}
    assert built.documents["new_note"] in shown
    assert built.documents["old_note"] not in shown


def test_a_link_to_another_diagnosis_does_not_count(library: Library, built: Built) -> None:
    ours = _diagnosis(library, built, "Right upper lobe nodule", PartialDate(2026, 1, 20))
    other = _diagnosis(library, built, "Migraine", PartialDate(2026, 10, 1))
    ops.link_events(library, built.documents["mri_report"], {other: True})
    plan = build_plan(library, built.packet_id)
    chosen = diagnosis_event(plan)
    assert chosen is not None and chosen.id == ours  # it shares "nodule" with the packet's
    assert _shown(library, built) == ["pathology", "ct_report"]


def test_with_no_diagnosis_on_the_timeline_the_newest_report_of_each_kind(
    library: Library, built: Built
) -> None:
    assert _shown(library, built) == ["pathology", "mri_report"]


def test_a_report_not_in_the_pdf_is_not_pointed_at(library: Library, built: Built) -> None:
    event = _diagnosis(library, built, "Nodule", PartialDate(2026, 1, 20))
    ops.link_events(library, built.documents["ct_report"], {event: True})
    plan = build_plan(library, built.packet_id)
    printed = {doc.document.id or 0 for doc in plan.documents}
    printed.discard(built.documents["ct_report"])
    shown = [doc.document.id for doc in diagnosis_reports(plan, printed)]
    assert shown == [built.documents["pathology"], built.documents["mri_report"]]
