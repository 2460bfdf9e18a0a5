"""Import details read back typed, once, by the library: one reader for every part of the app."""

from __future__ import annotations

import copy
import json
import pickle

from organizer.core.dates import PartialDate
from organizer.core.details import DocumentDetails, Party, Series
from organizer.core.library import Library
from organizer.core.records import Document, Person

STUDY = {
    "study_date": "20040119",
    "modality": "CT",
    "series": [{"uid": "1.2", "number": 2, "description": "Axial", "modality": "CT",
                "images": 31, "objects": 0}],
    "series_count": 1,
    "image_count": 31,
    "dicomdir": True,
    "clinical_parties": [{"name": "Dr Ada Rule", "organisation": "Good Health"}, "odd"],
    "identity_found": [{"names": ["Ana Diaz"]}],
}  # fmt: skip


def test_a_study_reads_back_with_its_series() -> None:
    details = DocumentDetails(json.dumps(STUDY))
    assert details.study_day == PartialDate(2004, 1, 19)
    assert details.series == (Series(number=2, description="Axial", modality="CT", images=31),)
    assert (details.series_count, details.image_count) == (1, 31)
    assert details.clinical_parties == (Party("Dr Ada Rule", "Good Health"),)
    assert details.identity_found == ({"names": ["Ana Diaz"]},)


def test_damaged_or_odd_details_read_as_empty_values() -> None:
    for damaged in ("{not json", "[1, 2]", ""):
        details = DocumentDetails(damaged)
        assert details.values == {} and details.series == () and details.pages is None
        assert details.to_storage() == damaged  # kept as it was, never rewritten by a read
    odd = DocumentDetails.of({"series": [1, {"images": "many"}], "pages": True, "modality": {}})
    assert odd.series == (Series(),)
    assert odd.pages is None and odd.modality == ""
    assert DocumentDetails.of({"study_date": "sometime"}).study_day is None
    assert DocumentDetails().identity_found is None  # not read for its patient yet
    assert DocumentDetails.of({"identity_found": []}).identity_found == ()


def test_the_library_reads_details_typed_and_stores_every_key_as_before(
    library: Library,
) -> None:
    person = library.add(Person(name="Ana Diaz"))
    stored_text = json.dumps(STUDY, ensure_ascii=False, sort_keys=True)
    document_id = library.add_document(
        Document(person_id=person, title="CT", details=DocumentDetails(stored_text))
    )
    document = library.get(Document, document_id)
    assert isinstance(document.details, DocumentDetails)
    assert document.details.image_count == 31
    (row,) = library._execute("SELECT details FROM documents WHERE id = ?", (document_id,))
    assert row[0] == stored_text  # the same text: keys no reader needs are kept too
    document.details = document.details.with_values(pages=4)
    library.update(document)
    again = library.get(Document, document_id)
    assert again.details.pages == 4 and again.details.values["dicomdir"] is True


def test_details_are_frozen_and_built_from_their_values_only() -> None:
    details = DocumentDetails.of({"modality": "MR"})
    assert details.modality == "MR"
    assert details.with_values(modality="CT").modality == "CT"
    assert details.modality == "MR"
    try:
        details.modality = "CT"  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("details could be changed in place")


def test_details_copy_and_pickle_as_their_values() -> None:
    details = DocumentDetails(json.dumps(STUDY))
    assert copy.deepcopy(details) == details
    assert pickle.loads(pickle.dumps(details)) == details
    copied = copy.deepcopy(details)
    assert copied.values["series"] is not details.values["series"]
