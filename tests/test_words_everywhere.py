"""The same word on screen, in the command line's tables and on the exported PDF.

A stored "drug" reads "Medicine", a request "not-needed" reads "Not needed" and a checklist
rule marked as not applying reads "Does not apply", in all three places; JSON keeps the
stored values for scripts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from organizer.cli import main
from organizer.core.checklist import Status, set_not_applicable
from organizer.core.export import ExportOptions, export_packet
from organizer.core.jobs import JobContext
from organizer.core.library import Library
from organizer.core.records import Allergy, Packet, Person, Request
from organizer.core.vocab import AllergyCategory, RequestStatus, Severity
from organizer.core.words import status_word, word
from organizer.gui.pages.checklist import RESULT_ROLE
from organizer.gui.pages.records import RecordListPage
from tests.gui_support import open_window

MEDICINE = word(AllergyCategory.DRUG)
NOT_NEEDED = word(RequestStatus.NOT_NEEDED)
DOES_NOT_APPLY = status_word(Status.NOT_APPLICABLE.value)


def test_the_words_are_the_ones_people_read() -> None:
    assert (MEDICINE, NOT_NEEDED, DOES_NOT_APPLY) == ("Medicine", "Not needed", "Does not apply")


@pytest.fixture
def packet_id(library: Library) -> int:
    person = library.add(Person(name="Ana Diaz"))
    library.add(
        Allergy(
            person_id=person,
            substance="Penicillin",
            category=AllergyCategory.DRUG,
            reaction="Rash",
            severity=Severity.SEVERE,
        )
    )
    packet = library.add_packet(Packet(person_id=person, title="Second opinion"))
    library.add(
        Request(
            packet_id=packet,
            item="Pathology slides",
            source="City Lab",
            status=RequestStatus.NOT_NEEDED,
        )
    )
    set_not_applicable(library, packet, "labs", "No lab tests were done")
    return packet


def _cli(capsys: pytest.CaptureFixture[str], library: Library, *args: str) -> str:
    capsys.readouterr()
    main(["--library", str(library.root), *args])
    return capsys.readouterr().out


def test_the_command_line_prints_the_shared_words(
    library: Library, packet_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    allergies = _cli(capsys, library, "list", "allergies", "--person", "1")
    assert MEDICINE in allergies and "Severe" in allergies and "drug" not in allergies
    requests = _cli(capsys, library, "list", "requests", "--packet", str(packet_id))
    assert NOT_NEEDED in requests and "not-needed" not in requests
    labs = next(
        line
        for line in _cli(capsys, library, "check", "--packet", str(packet_id)).splitlines()
        if " labs: " in line
    )
    assert labs.startswith("[not-applicable]")  # the token scripts read stays as it was
    assert f"— {DOES_NOT_APPLY}. " in labs
    raw = json.loads(_cli(capsys, library, "list", "allergies", "--person", "1", "--json"))
    assert raw[0]["category"] == "drug"  # JSON keeps the stored value
    raw = json.loads(_cli(capsys, library, "list", "requests", "--json"))
    assert raw[0]["status"] == "not-needed"


def test_the_pdf_prints_the_shared_words(library: Library, packet_id: int, tmp_path: Path) -> None:
    target = tmp_path / "stick"
    target.mkdir()
    result = export_packet(library, packet_id, target, ExportOptions(), JobContext())
    text = "\n".join(page.extract_text() for page in PdfReader(result.pdf).pages)
    assert MEDICINE in text
    assert f"Pathology slides: {NOT_NEEDED.lower()}" in text
    assert DOES_NOT_APPLY in text
    for raw in ("drug", "not-needed", "not-applicable"):
        assert raw not in text


def test_the_app_shows_the_shared_words(
    qtbot: QtBot, library: Library, packet_id: int, tmp_path: Path
) -> None:
    window = open_window(qtbot, library, tmp_path / "settings.ini")
    shown: dict[str, set[str]] = {}
    for key in ("allergies", "requests"):
        page = window.show_section(key)
        assert isinstance(page, RecordListPage)
        model = page.proxy
        shown[key] = {
            str(model.index(row, column).data())
            for row in range(model.rowCount())
            for column in range(model.columnCount())
        }
    assert MEDICINE in shown["allergies"]
    assert NOT_NEEDED in shown["requests"]
    panel = window.overview.checklist
    labs = next(
        row
        for row in range(panel.proxy.rowCount())
        if panel.proxy.index(row, 0).data(RESULT_ROLE).rule_id == "labs"
    )
    assert panel.proxy.index(labs, 0).data() == DOES_NOT_APPLY
