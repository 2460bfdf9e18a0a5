"""Full-text search and the import/search/index command lines."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from importing_helpers import run_import

from organizer.cli import main
from organizer.core.errors import Cancelled, InvalidInput
from organizer.core.importing import (
    extract_text,
    fts_query,
    index_pending,
    pending_count,
    pending_tasks,
    save_text,
    search,
)
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Document


@pytest.mark.parametrize(
    "text",
    ['"', "AND", "OR NOT", "(", "NEAR(a b)", "title:x", "*", "-x", "a\"b'c", "ünïcödé", "^x"],
)
def test_any_user_text_is_a_valid_query(library: Library, text: str) -> None:
    run_import(library, Path(__file__).parent / "data" / "samples" / "pdf" / "crazyones-pdfa.pdf")
    try:
        search(library, text)
    except InvalidInput:
        assert not any(ch.isalnum() for ch in text)


def test_a_pasted_control_character_is_just_a_space(library: Library) -> None:
    run_import(library, Path(__file__).parent / "data" / "samples" / "pdf" / "crazyones-pdfa.pdf")
    assert [hit.title for hit in search(library, "crazyones\x00").hits] == ["crazyones-pdfa"]
    with pytest.raises(InvalidInput):
        search(library, "\x00")


def test_a_query_that_was_not_utf8_on_the_command_line_is_searched(library: Library) -> None:
    # "crazyones é" typed in a Latin-1 terminal reaches Python as a lone surrogate
    run_import(library, Path(__file__).parent / "data" / "samples" / "pdf" / "crazyones-pdfa.pdf")
    for raw in (b"crazyones \xe9", b"crazyones\xe9", b"\xe9crazyones"):
        text = raw.decode("utf-8", "surrogateescape")
        assert [hit.title for hit in search(library, text).hits] == ["crazyones-pdfa"]


def test_query_quoting() -> None:
    assert fts_query('biopsy "left') == '"biopsy" """left"'
    assert fts_query("biop*") == '"biop"*'
    with pytest.raises(InvalidInput):
        fts_query("  ")


def test_search_finds_text_after_indexing_and_says_when_incomplete(
    library: Library, samples: Path
) -> None:
    run_import(library, samples / "pdf", samples / "ccda" / "hl7__Discharge_Summary.xml")
    before = search(library, "Johnston")  # in the text only, not in any title
    assert before.hits == [] and not before.complete and before.pending == 9
    summary = index_pending(library, JobContext())
    assert summary.documents == 9 and summary.pages >= 15
    after = search(library, "johnston")
    assert after.complete and len(after.hits) == 1
    assert "[JOHNSTON]" in after.hits[0].snippet.upper()
    assert search(library, "appendicitis").hits[0].category.value == "discharge-summary"
    # titles and notes are searchable too, and follow edits
    document = library.get(Document, after.hits[0].document_id)
    document.notes = "ask about the zebrafish trial"
    library.update(document)
    assert [h.document_id for h in search(library, "zebrafish").hits] == [document.id]


def test_index_is_resumable_and_split_for_threads(library: Library, samples: Path) -> None:
    run_import(library, samples / "pdf")
    context = JobContext()
    context.report = lambda done, total, text: context.cancel() if done == 3 else None
    with pytest.raises(Cancelled):
        index_pending(library, context)
    assert pending_count(library) == 5
    tasks = pending_tasks(library)
    extracted = [extract_text(library.store, task, JobContext()) for task in tasks]
    assert all(save_text(library, item) for item in extracted)
    assert pending_count(library) == 0


def test_stale_extraction_is_not_saved(library: Library, samples: Path) -> None:
    summary = run_import(library, samples / "dicom" / "MR_small.dcm")
    task = pending_tasks(library)[0]
    extracted = extract_text(library.store, task, JobContext())
    person_id = library.get(Document, summary.document_ids[0]).person_id
    from organizer.core.importing import import_paths

    import_paths(library, person_id, [samples / "dicom" / "MR_small_RLE.dcm"], JobContext())
    assert save_text(library, extracted) is False
    assert pending_count(library) == 1


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_import_lines_and_exit_codes(
    tmp_path: Path, samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = ["--library", str(tmp_path / "lib")]
    assert _cli(capsys, *lib, "person", "add", "--name", "Ana")[0] == 0
    pdf = samples / "pdf" / "crazyones-pdfa.pdf"
    code, out, err = _cli(capsys, *lib, "import", "--person", "1", str(pdf))
    assert code == 0 and err == ""
    assert out.splitlines() == [
        f"{pdf}: imported as document 1",
        "imported 1, duplicates 0, skipped 0, rejected 0",
    ]
    bad = samples / "bad" / "xml_bomb__xmlbomb.xml"
    code, out, _ = _cli(capsys, *lib, "import", "--person", "1", str(pdf), str(bad))
    assert code == 1
    assert out.splitlines() == [
        f"{pdf}: duplicate of document 1",
        f"{bad}: rejected: the XML declares entities, the shape of an 'XML bomb'; not opened",
        "imported 0, duplicates 1, skipped 0, rejected 1",
    ]
    code, out, _ = _cli(capsys, *lib, "import", "--person", "1", "--json", str(samples / "images"))
    payload = json.loads(out)
    assert code == 0 and payload["imported"] == 10 and len(payload["files"]) == 10
    assert payload["files"][0]["outcome"] == "imported"
    code, _, err = _cli(capsys, *lib, "import", "--person", "99", str(pdf))
    assert code == 2 and "no person with id 99" in err


def test_cli_search_and_index(
    tmp_path: Path, samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = ["--library", str(tmp_path / "lib")]
    _cli(capsys, *lib, "person", "add", "--name", "Ana")
    _cli(capsys, *lib, "import", "--person", "1", str(samples / "pdf"))
    code, out, err = _cli(capsys, *lib, "search", "crazy ones")
    assert code == 0 and "incomplete" in err
    code, out, _ = _cli(capsys, *lib, "index")
    assert code == 0 and out.startswith("indexed 8 documents")
    code, out, err = _cli(capsys, *lib, "search", "misfits", "--json")
    payload = json.loads(out)
    assert payload["complete"] and payload["hits"][0]["title"] == "crazyones-pdfa"
    assert err == ""
    code, out, err = _cli(capsys, *lib, "search", '( "misfits*', "--person", "1")
    assert code == 0 and "crazyones-pdfa" in out


def test_the_index_hint_names_the_library_it_was_given(
    tmp_path: Path,
    samples: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a relative folder with a space: the hint must work when pasted into a shell elsewhere
    monkeypatch.chdir(tmp_path)
    lib = ["--library", "my records"]
    _cli(capsys, *lib, "person", "add", "--name", "Ana")
    _cli(capsys, *lib, "import", "--person", "1", str(samples / "pdf"))
    code, _, err = _cli(capsys, *lib, "search", "crazy ones")
    hint = err.split("run `")[1].split("`")[0]
    assert code == 0
    assert hint == f"second-look-cli --library '{tmp_path / 'my records'}' index"
    monkeypatch.chdir(samples)  # the hint names the full path, so it works from anywhere
    code, out, _ = _cli(capsys, *shlex.split(hint)[1:])
    assert code == 0 and out.startswith("indexed 8 documents")
    assert not (samples / "my records").exists()
