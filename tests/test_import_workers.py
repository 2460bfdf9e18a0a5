"""The preparing phase's helper thread: a file it cannot read never stops the batch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from importing_helpers import assert_consistent, by_name, run_import

from organizer.core.importing import Outcome
from organizer.core.library import Library
from organizer.core.records import Document

SAMPLES = Path(__file__).parent / "data" / "samples"


def test_a_file_whose_reading_fails_unexpectedly_is_rejected_and_the_batch_goes_on(
    library: Library, library_dir: Path, tmp_path: Path
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    # A FHIR bundle whose "entry" is a number, not a list: valid JSON, odd shape.
    (drop / "a-odd-bundle.json").write_text(
        json.dumps({"resourceType": "Bundle", "entry": 5}), encoding="utf-8"
    )
    shutil.copy(SAMPLES / "pdf" / "google-doc-document.pdf", drop / "b-report.pdf")
    summary = run_import(library, drop)
    outcomes = by_name(summary)
    odd = outcomes["a-odd-bundle.json"]
    assert odd.outcome is Outcome.REJECTED
    assert "\n" not in odd.reason and odd.reason
    assert outcomes["b-report.pdf"].outcome is Outcome.IMPORTED
    assert_consistent(library_dir)


def test_a_birth_date_is_never_taken_as_the_documents_date(
    library: Library, tmp_path: Path
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    for name, label in (("a.txt", "Birth Date:"), ("b.txt", "Birthdate"), ("c.txt", "D.O.B.")):
        (drop / name).write_text(
            f"Riverside Clinic\nPatient: Jane Doe   {label} 04/09/1961\n"
            "Seen on 01/12/2026 for follow-up.\nAssessment and plan: continue.\n",
            encoding="utf-8",
        )
    summary = run_import(library, drop)
    dates = {}
    for outcome in summary.outcomes:
        assert outcome.outcome is Outcome.IMPORTED and outcome.document_id is not None
        document = library.get(Document, outcome.document_id)
        dates[Path(outcome.path).name] = str(document.date)
    assert dates == {"a.txt": "2026-01-12", "b.txt": "2026-01-12", "c.txt": "2026-01-12"}
