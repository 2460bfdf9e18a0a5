"""Import details read back typed: one reader for the checklist, the export and the preview."""

from __future__ import annotations

import json

from organizer.core.dates import PartialDate
from organizer.core.details import DocumentDetails, Series, details_of
from organizer.core.records import Document


def _with(details: object) -> Document:
    text = details if isinstance(details, str) else json.dumps(details)
    return Document(person_id=1, title="x", details=text)


def test_a_study_reads_back_with_its_series() -> None:
    details = details_of(
        _with(
            {
                "study_date": "20040119",
                "modality": "CT",
                "series": [{"number": 2, "description": "Axial", "modality": "CT", "images": 31}],
                "series_count": 1,
                "image_count": 31,
            }
        )
    )
    assert details.study_day == PartialDate(2004, 1, 19)
    assert details.series == (Series(number=2, description="Axial", modality="CT", images=31),)
    assert (details.series_count, details.image_count) == (1, 31)


def test_damaged_or_odd_details_read_as_empty_values() -> None:
    assert details_of(_with("{not json")) == DocumentDetails()
    assert details_of(_with([1, 2])) == DocumentDetails()
    odd = details_of(_with({"series": [1, {"images": "many"}], "pages": True, "modality": {}}))
    assert odd.series == (Series(),)
    assert odd.pages is None and odd.modality == ""
    assert details_of(_with({"study_date": "sometime"})).study_day is None
