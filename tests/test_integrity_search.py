"""Search stays quick whatever is typed (issue 13, point 3): repeated words count once,
words past a cap are dropped, snippets are made only for the hits shown and cheaply."""

from __future__ import annotations

import pytest

from organizer.core.dates import PartialDate
from organizer.core.importing import textindex
from organizer.core.importing.snippets import snippet, terms_pattern
from organizer.core.importing.textindex import (
    MAX_TERMS,
    ExtractedText,
    fts_query,
    pending_tasks,
    save_text,
    search,
)
from organizer.core.library import Library
from organizer.core.records import Document, Person


def test_a_repeated_word_is_searched_once() -> None:
    assert fts_query("lorem lorem LOREM Lorem lorem") == '"lorem"'
    assert fts_query("lor* lor* lor") == '"lor"* "lor"'


def test_words_past_the_cap_are_dropped() -> None:
    words = [f"word{number}" for number in range(50)]
    assert fts_query(" ".join(words)).split() == [f'"{word}"' for word in words[:MAX_TERMS]]


def test_the_snippet_marks_the_first_match_with_whole_words_around_it() -> None:
    text = ("filler " * 40) + "the biopsy margin was clear " + ("more " * 40)
    made = snippet(["", text], terms_pattern([("biopsy", False), ("marg", True)]))
    assert "[biopsy] [margin] was clear" in made
    assert made.startswith("…") and made.endswith("…")
    assert all(part.isalpha() for part in made.strip("…").replace("[", "").replace("]", "").split())


def test_notes_come_before_the_text_and_no_match_shows_the_start() -> None:
    pattern = terms_pattern([("nodule", False)])
    assert snippet(["nodule seen on CT", "the nodule again"], pattern) == "[nodule] seen on CT"
    assert snippet(["", "Discharge summary for Ana"], pattern) == "Discharge summary for Ana"


@pytest.fixture
def indexed(library: Library) -> Library:
    person_id = library.add(Person(name="Ana Diaz"))
    for number in range(30):
        library.add_document(Document(person_id=person_id, title=f"Record {number}"))
    for task in pending_tasks(library):
        body = f"lorem ipsum {task.document_id} " + "dolor sit amet " * 2000
        save_text(library, ExtractedText(task.document_id, task.generation, body, 1))
    return library


def test_snippets_are_made_only_for_the_hits_returned(
    indexed: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    real = textindex.snippet

    def counting(texts: list[str], pattern: object) -> str:
        made.append(texts[1][:20])
        return real(texts, pattern)  # type: ignore[arg-type]

    monkeypatch.setattr(textindex, "snippet", counting)
    result = search(indexed, "lorem lorem lorem lorem lorem", limit=5)
    assert len(result.hits) == 5 and len(made) == 5
    assert all("[lorem]" in hit.snippet for hit in result.hits)


def test_many_matches_come_newest_first_instead_of_ranked(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    for year in (2019, 2024, 2021):
        library.add_document(
            Document(person_id=person_id, title=f"Visit {year}", date=PartialDate(year, 1, 1))
        )
    for task in pending_tasks(library):
        save_text(library, ExtractedText(task.document_id, task.generation, "lorem", 1))
    ranked = [hit.title for hit in search(library, "lorem").hits]
    monkeypatch.setattr(textindex, "RANKED_MATCHES", 2)
    newest_first = [hit.title for hit in search(library, "lorem").hits]
    assert sorted(ranked) == sorted(newest_first)
    assert newest_first == ["Visit 2024", "Visit 2021", "Visit 2019"]
