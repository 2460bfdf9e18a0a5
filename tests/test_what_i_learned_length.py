"""The "What I learned" PDF stays within two pages however much was written down."""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from organizer.core.export.what_i_learned import SHORTENED, write_what_i_learned
from organizer.core.library import Library
from organizer.core.visit.store import load_visit, save_visit, set_answer
from tests.visit_support import build_case

NOW = _dt.datetime(2026, 11, 30, 9, 0, tzinfo=_dt.UTC)


def _text(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _sentence(number: int, words: int) -> str:
    return " ".join(f"word{number}x{index}" for index in range(words))


def test_a_short_summary_is_printed_whole(library: Library, tmp_path: Path) -> None:
    case = build_case(library)
    written = write_what_i_learned(library, case.packet_id, tmp_path, NOW)
    text = _text(written.path)
    assert SHORTENED not in text
    assert "No: more likely benign than cancer." in text


def test_a_long_summary_is_shortened_to_two_pages(library: Library, tmp_path: Path) -> None:
    case = build_case(library)
    visit = load_visit(library, case.packet_id)
    save_visit(library, replace(visit, reasoning=_sentence(0, 600), decision=_sentence(1, 400)))
    for number in range(30):
        question = library.add_question(case.packet_id, f"Question number {number}?")
        set_answer(library, question, _sentence(number + 2, 250))

    written = write_what_i_learned(library, case.packet_id, tmp_path, NOW)

    assert written.pages == len(PdfReader(written.path).pages) <= 2
    text = _text(written.path)
    assert " ".join(SHORTENED.split()) in text
    assert "Question number 0?" in text
    assert "word2x0" in text  # the start of the first long answer is kept
    assert "word2x249" not in text  # and its end is cut
    assert "more answers (in Second Look)" in text
    # the full text is still in the library, untouched
    assert load_visit(library, case.packet_id).reasoning == _sentence(0, 600)
