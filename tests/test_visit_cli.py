"""The after-the-visit command line, and the "What I learned" PDF read back with pypdf."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from organizer.core.library import Library
from organizer.core.records import Packet, Question
from organizer.core.visit.store import load_visit, received_documents
from tests.test_cli import created, listed, run
from tests.visit_support import build_case


def test_visit_set_answer_and_lists(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    person = created(capsys, lib, "person", "add", "--name", "Ana Diaz")
    packet = created(capsys, lib, "packet", "add", "--person", str(person), "--title", "Nodule")
    question = created(capsys, lib, "question", "add", "--packet", str(packet), "--text", "Why?")
    assert listed(capsys, lib, "packets")[0]["visit"] is None
    assert listed(capsys, lib, "questions")[0]["answer"] == ""

    code, out, err = run(
        capsys, lib, "visit", "set", "--packet", str(packet), "--date", "2026-11-20",
        "--diagnosis", "Granuloma", "--plan", "CT in 3 months", "--doctor", "Dr Jones",
        "--reasoning", "Calcium", "--outcome", "refined",
    )  # fmt: skip
    assert (code, out, err) == (0, "", "")
    # a later call changes only what it names
    assert (
        run(capsys, lib, "visit", "set", "--packet", str(packet), "--outcome", "different")[0] == 0
    )
    assert run(capsys, lib, "question", "answer", str(question), "--text", " Benign ")[0] == 0

    assert listed(capsys, lib, "packets")[0]["visit"] == {
        "date": "2026-11-20",
        "outcome": "different",
    }
    assert listed(capsys, lib, "questions")[0]["answer"] == "Benign"
    with Library.open(lib) as library:
        visit = load_visit(library, packet)
        assert (visit.diagnosis, visit.plan, visit.doctor, visit.reasoning) == (
            "Granuloma",
            "CT in 3 months",
            "Dr Jones",
            "Calcium",
        )


@pytest.mark.parametrize(
    "args",
    [
        ("visit", "set", "--packet", "99", "--diagnosis", "x"),
        ("visit", "set", "--packet", "1", "--outcome", "maybe"),
        ("visit", "set", "--packet", "1", "--date", "yesterday-ish"),
        ("question", "answer", "99", "--text", "x"),
        ("packet", "third-opinion", "99"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...]
) -> None:
    lib = tmp_path / "lib"
    person = created(capsys, lib, "person", "add", "--name", "Ana Diaz")
    created(capsys, lib, "packet", "add", "--person", str(person), "--title", "Nodule")
    code, out, err = run(capsys, lib, *args)
    assert code == 2 and out == "" and err.startswith("second-look-cli: error")
    assert listed(capsys, lib, "packets")[0]["visit"] is None


def test_third_opinion_prints_the_new_packets_id(
    capsys: pytest.CaptureFixture[str], library: Library
) -> None:
    case = build_case(library)
    library.close()
    new_id = created(capsys, library.root, "packet", "third-opinion", str(case.packet_id))
    with Library.open(library.root) as reopened:
        assert reopened.get(Packet, new_id).question == "Is surgery needed now?"
        assert len(reopened.children(Question, new_id)) == 5


def test_what_i_learned_pdf_reads_back(
    capsys: pytest.CaptureFixture[str], library: Library, tmp_path: Path
) -> None:
    case = build_case(library)
    library.close()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = run(
        capsys, library.root, "export", "--packet", str(case.packet_id), "--to", str(out_dir),
        "--what-i-learned",
    )  # fmt: skip
    assert code == 0, err
    written = sorted(out_dir.iterdir())
    assert len(written) == 1 and written[0].name.startswith("WhatILearned_Ødegård_Zoë_")
    assert out.strip().startswith(str(written[0]))
    reader = PdfReader(written[0])
    assert 1 <= len(reader.pages) <= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for expected in (
        "Early lung cancer",
        "Probably a benign granuloma",
        "Lobectomy",
        "CT again in three months",
        "Dr Smith",
        "Dr Jones",
        "Do you agree with the diagnosis?",
        "No: more likely benign than cancer.",
        "Wait for the CT in February.",
        "Letter from Dr Jones",
        "Different",
        "third opinion",
    ):
        assert expected in flat, expected
    assert "What would you do in my place?" not in flat  # unanswered questions stay out
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        footer = " ".join(page.extract_text().split())
        assert "Zoë Ødegård · born 9 April 1961" in footer
        assert f"Page {number} of {total}" in footer
        assert re.search(rf"SL-0*{number}\b", footer)


def test_what_i_learned_needs_a_recorded_visit(
    capsys: pytest.CaptureFixture[str], library: Library, tmp_path: Path
) -> None:
    case = build_case(library, visit=False)
    library.close()
    code, out, err = run(
        capsys, library.root, "export", "--packet", str(case.packet_id), "--to", str(tmp_path),
        "--what-i-learned",
    )  # fmt: skip
    assert code == 2 and "record the second opinion first" in err
    assert not list(tmp_path.glob("WhatILearned*"))
    assert out == "" and len(err.splitlines()) == 1


def test_visit_letter_links_and_unlinks(
    capsys: pytest.CaptureFixture[str], library: Library
) -> None:
    case = build_case(library, visit=False)
    library.close()
    root, packet, letter = library.root, str(case.packet_id), str(case.letter_id)
    assert run(capsys, root, "visit", "letter", "--packet", packet, letter)[0] == 0
    with Library.open(root) as reopened:
        assert [d.id for d in received_documents(reopened, case.packet_id)] == [case.letter_id]
    assert run(capsys, root, "visit", "letter", "--packet", packet, letter, "--unlink")[0] == 0
    with Library.open(root) as reopened:
        assert received_documents(reopened, case.packet_id) == []
    assert run(capsys, root, "visit", "letter", "--packet", packet, "999")[0] == 2


def test_third_opinion_packet_shows_the_second_opinion(
    capsys: pytest.CaptureFixture[str], library: Library, tmp_path: Path
) -> None:
    case = build_case(library)
    library.close()
    third = created(capsys, library.root, "packet", "third-opinion", str(case.packet_id))
    texts = {}
    for packet_id in (case.packet_id, third):
        out_dir = tmp_path / f"out{packet_id}"
        out_dir.mkdir()
        code, _, err = run(
            capsys, library.root, "export", "--packet", str(packet_id), "--to", str(out_dir)
        )
        assert code == 0, err
        pdf = next(out_dir.glob("*/SecondOpinion_*.pdf"))
        pdf_text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
        index = (pdf.parent / "index.html").read_text(encoding="utf-8")
        texts[packet_id] = (pdf_text, index)

    pdf_text, index = texts[third]
    for expected in (
        "First diagnosis Early lung cancer",
        "Second diagnosis Probably a benign granuloma",
        "Second plan CT again in three months (second opinion by Dr Jones on 20 November 2026)",
        "Why, in the patient's words The nodule has calcium in it, which is usually benign.",
    ):
        assert expected in pdf_text, expected
    assert "<strong>Second diagnosis:</strong> Probably a benign granuloma" in index
    # the packet for the second opinion itself has no second opinion to show yet
    assert "Second diagnosis" not in texts[case.packet_id][0]
    assert "Second diagnosis" not in texts[case.packet_id][1]
