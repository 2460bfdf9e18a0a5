"""Dates in forms: the person's locale order, shown back in words, checked on leaving."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from organizer.core.dates import DayOrder, PartialDate
from organizer.core.records import Event, Packet, Person
from organizer.core.vocab import EventKind
from organizer.gui.date_fields import locale_day_order
from organizer.gui.editor import RecordDialog

US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


@pytest.fixture
def locale() -> Iterator[None]:
    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize(
    ("where", "order"),
    [
        (US, DayOrder.MDY),
        (UK, DayOrder.DMY),
        (QLocale(QLocale.Language.German, QLocale.Country.Germany), DayOrder.DMY),
        (QLocale(QLocale.Language.Japanese, QLocale.Country.Japan), DayOrder.YMD),
        (QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden), DayOrder.YMD),
    ],
)
def test_the_day_order_comes_from_the_locale(where: QLocale, order: DayOrder) -> None:
    assert locale_day_order(where) is order


@pytest.mark.parametrize(("where", "words"), [(US, "9 April 1961"), (UK, "4 September 1961")])
def test_a_birth_date_in_numbers_is_read_as_the_locale_says_and_shown_in_words(
    qtbot: QtBot, locale: None, where: QLocale, words: str
) -> None:
    QLocale.setDefault(where)
    dialog = RecordDialog("person_editor", Person(name="Ana Diaz"), "Person")
    qtbot.addWidget(dialog)
    born = dialog.bindings["dob"].widget
    assert isinstance(born, QLineEdit)
    qtbot.keyClicks(born, "04/09/1961")
    born.editingFinished.emit()
    assert dialog.problem_text("dob") == f"Read as: <b>{words}</b>"
    record = dialog.collect()
    assert isinstance(record, Person)
    assert record.dob is not None and record.dob.display() == words


def test_a_bad_appointment_is_explained_on_leaving_and_a_good_one_read_back(
    qtbot: QtBot, locale: None
) -> None:
    QLocale.setDefault(UK)
    dialog = RecordDialog("packet_editor", Packet(person_id=1, title="P"), "Packet")
    qtbot.addWidget(dialog)
    field = dialog.bindings["appointment"].widget
    assert isinstance(field, QLineEdit)
    dialog.focus_field("appointment")  # its own tab
    qtbot.keyClicks(field, "December 2026")
    field.editingFinished.emit()
    assert "is not a valid appointment" in dialog.problem_text("appointment")
    field.clear()
    qtbot.keyClicks(field, "03/12/2026 2:30 pm")
    field.editingFinished.emit()
    assert dialog.problem_text("appointment") == "Read as: <b>3 December 2026 at 14:30</b>"
    record = dialog.collect()
    assert isinstance(record, Packet)
    assert record.appointment == "2026-12-03 14:30"


def test_a_prefilled_date_is_selected_so_typing_replaces_it(qtbot: QtBot) -> None:
    event = Event(person_id=1, date=PartialDate(2026, 11, 30), kind=EventKind.SYMPTOM, title="")
    dialog = RecordDialog("event_editor", event, "Timeline entry")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    when = dialog.bindings["date"].widget
    assert isinstance(when, QLineEdit)
    when.setFocus(Qt.FocusReason.MouseFocusReason)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: when.selectedText() == "30 November 2026")
    qtbot.keyClicks(when, "about January 2026")
    assert when.text() == "about January 2026"
    dialog.typed = False
