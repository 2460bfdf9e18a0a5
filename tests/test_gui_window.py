"""The main window as a whole: first start, people and packets, remembered layout, help."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
)
from pytestqt.qtbot import QtBot

from organizer.core.dates import PartialDate
from organizer.core.library import Library
from organizer.core.records import Medication, Packet, Person
from organizer.core.vocab import Answer
from organizer.gui.editor import RecordDialog
from organizer.gui.help import HelpDialog
from organizer.gui.main_window import MainWindow
from organizer.gui.models import FilterProxy, RecordTableModel
from organizer.gui.pages.overview import OverviewPage
from organizer.gui.pages.sections import LIST_SECTIONS
from organizer.gui.theme import FontZoom
from tests.gui_support import focused, open_window, press, settings_at, type_text


def _save(dialog: RecordDialog, qtbot: QtBot) -> None:
    buttons = dialog.buttons
    qtbot.mouseClick(
        buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def test_first_start_asks_for_a_person_then_a_packet(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    window = open_window(qtbot, library, tmp_path / "s.ini")
    assert window.central.currentWidget() is window.welcome
    qtbot.mouseClick(window.welcome.first_person_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    assert dialog is not None
    dialog.form.findChild(QLineEdit, "name").insert("Zoë Ødegård")  # QTest types ASCII only
    qtbot.keyClicks(dialog.form.findChild(QLineEdit, "dob"), "9 April 1961")
    _save(dialog, qtbot)
    [person] = library.people()
    assert person.name == "Zoë Ødegård" and person.dob == PartialDate(1961, 4, 9)
    assert window.central.currentWidget() is window.content
    assert window.person_combo.currentText() == "Zoë Ødegård"
    assert "born 9 April 1961" in window.person_combo.itemData(0, Qt.ItemDataRole.ToolTipRole)
    assert window.overview.no_packet.isVisible()

    qtbot.mouseClick(window.overview.new_packet_button, Qt.MouseButton.LeftButton)
    dialog = window.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.form.findChild(QLineEdit, "title"), "Thyroid nodule")
    dialog.form.findChild(QPlainTextEdit, "question").setPlainText("Is surgery needed now?")
    _save(dialog, qtbot)
    [packet] = library.children(Packet, person.id or 0)
    assert packet.created_at
    assert window.packet_id == packet.id
    assert window.overview.scroll_area.isVisible()
    assert "Is surgery needed now?" in window.overview.values["question"].text()
    assert "Not filled in yet" in window.overview.values["provider"].text()

    window.menus.undo_action.trigger()  # undo the packet
    assert library.children(Packet, person.id or 0) == []
    assert window.overview.no_packet.isVisible()


def test_the_only_person_is_selected_at_start(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    person_id = library.add(Person(name="Ana Diaz"))
    library.add(Medication(person_id=person_id, name="Aspirin"))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    assert window.person_id == person_id
    assert window.list_pages["medications"].model.rowCount() == 1


def test_switching_person_and_packet(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    ana = library.add(Person(name="Ana"))
    ben = library.add(Person(name="Ben"))
    library.add_packet(Packet(person_id=ana, title="Ana's packet"))
    first = library.add_packet(Packet(person_id=ben, title="Ben one"))
    second = library.add_packet(Packet(person_id=ben, title="Ben two"))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    window.person_combo.setCurrentIndex(window.person_combo.findData(ben))
    assert window.packet_id == second
    assert [window.packet_combo.itemText(i) for i in range(2)] == ["Ben one", "Ben two"]
    window.packet_combo.setCurrentIndex(0)
    assert window.packet_id == first
    assert "Ben one" in window.overview.heading.text()
    assert window.windowTitle().startswith("Ben")


def test_packet_editor_opens_on_the_field_to_fix(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    person_id = library.add(Person(name="Ana"))
    library.add_packet(Packet(person_id=person_id, title="P"))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    dialog = window.edit_packet("in_network")
    assert dialog is not None
    tabs = dialog.form.findChild(QTabWidget, "tabs")
    assert tabs.tabText(tabs.currentIndex()) == "Insurance"
    assert dialog.focusWidget() is dialog.bindings["in_network"].widget
    combo = dialog.bindings["in_network"].widget
    combo.setCurrentIndex(combo.findData(Answer.YES.value))
    _save(dialog, qtbot)
    assert library.select(Packet)[0].in_network is Answer.YES
    assert "In network: Yes" in window.overview.values["insurance"].text()


def test_every_list_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: object, library: Library, tmp_path: Path
) -> None:
    from tests.gui_sample import fill_sample

    _person_id, packet_id = fill_sample(library)
    window = open_window(qtbot, library, tmp_path / "s.ini")
    assert window.packet_id == packet_id
    for spec in LIST_SECTIONS:
        page = window.list_pages[spec.key]
        assert page.model.rowCount() > 0, spec.key
        assert isinstance(page.model, RecordTableModel)
        assert isinstance(page.proxy, FilterProxy)
        qtmodeltester.check(page.model)  # type: ignore[attr-defined]
        qtmodeltester.check(page.proxy)  # type: ignore[attr-defined]
        page.filter_edit.setText("a")
        qtmodeltester.check(page.proxy)  # type: ignore[attr-defined]
        page.filter_edit.clear()


def test_columns_and_sidebar_are_remembered(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    library.add(Person(name="Ana"))
    settings_file = tmp_path / "layout.ini"
    window = open_window(qtbot, library, settings_file)
    window.resize(790, 700)  # fits the offscreen screen, so the restored size is the same
    qtbot.wait(10)
    window.splitter.setSizes([200, 590])
    sidebar = window.splitter.sizes()[0]
    assert sidebar > 150
    header = window.list_pages["medications"].table.horizontalHeader()
    header.resizeSection(0, 333)
    header.moveSection(2, 0)
    window.show_section("documents")
    window.close()
    saved = settings_file.read_text()
    assert "documents" in saved and "medications" in saved  # every table's columns

    again = open_window(qtbot, library, settings_file)
    assert again.splitter.sizes()[0] == sidebar  # the sidebar keeps its width
    assert not again.pages.is_built("medications")  # made when first shown, not at the start
    again.close()  # its columns were not shown this time: what was saved stays

    third = open_window(qtbot, library, settings_file)
    restored = third.list_pages["medications"].table.horizontalHeader()
    assert restored.sectionSize(0) == 333
    assert restored.visualIndex(2) == 0
    # the offscreen screen is too small for a real size test; the geometry is saved and used
    assert third.view_settings.restore_window(third)


def test_text_size_is_remembered(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    library.add(Person(name="Ana"))
    settings_file = tmp_path / "zoom.ini"
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original_font = app.font()
    zoom = FontZoom(app)
    try:
        window = MainWindow(library, settings_at(settings_file), zoom)
        qtbot.addWidget(window)
        base = app.font().pointSizeF()
        window.menus.zoom_in_action.trigger()
        window.menus.zoom_in_action.trigger()
        zoomed = app.font().pointSizeF()
        assert zoomed > base
        window.close()
        app.setFont(original_font)

        again = MainWindow(library, settings_at(settings_file), zoom)
        qtbot.addWidget(again)
        assert app.font().pointSizeF() == zoomed
        again.menus.zoom_reset_action.trigger()
        assert app.font().pointSizeF() == base
        again.menus.zoom_out_action.trigger()
        assert app.font().pointSizeF() < base
        again.close()
    finally:
        app.setFont(original_font)


def test_overview_shows_values_as_typed_and_follows_the_text_size(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    """The essentials are plain text in a bold, italic or normal font (no markup), and
    those fonts only set the weight or slant: a larger text size reaches them too."""
    person = library.add(Person(name="Ana"))
    library.add_packet(Packet(person_id=person, title="Lung", question="Is <b>this</b> it?\nSo"))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original_font = app.font()
    try:
        window = MainWindow(library, settings_at(tmp_path / "s.ini"), FontZoom(app))
        qtbot.addWidget(window)
        overview = window.overview
        question, provider = overview.values["question"], overview.values["provider"]
        assert question.text() == "Is <b>this</b> it?\nSo"  # shown as typed, markup too
        assert question.textFormat() == Qt.TextFormat.PlainText
        assert not question.font().italic()
        assert provider.text() == "Not filled in yet" and provider.font().italic()
        warning = provider.palette().color(provider.foregroundRole())
        assert warning != question.palette().color(question.foregroundRole())
        captions = [
            label
            for label in overview.findChildren(QLabel)
            if label.text() == "Question for the specialist"
        ]
        assert len(captions) == 1 and captions[0].font().bold()
        before = captions[0].font().pointSizeF(), provider.font().pointSizeF()
        window.menus.zoom_in_action.trigger()
        qtbot.waitUntil(lambda: overview.heading.font().pointSizeF() > before[0])  # posted
        after = captions[0].font().pointSizeF(), provider.font().pointSizeF()
        assert after[0] > before[0] and after[1] > before[1]
        assert captions[0].font().bold() and provider.font().italic()

        packet = library.get(Packet, window.packet_id or 0)
        library.update(dataclasses.replace(packet, provider_name="Dr. Lee"))  # filled in
        overview.reload()
        assert provider.text() == "Dr. Lee" and not provider.font().italic()
        assert provider.palette().color(provider.foregroundRole()) == question.palette().color(
            question.foregroundRole()
        )
    finally:
        app.setFont(original_font)


def test_settings_hold_no_records(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    library.add(Person(name="Very Private Name"))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    window.close()
    written = (tmp_path / "s.ini").read_bytes()
    assert b"Very Private Name" not in written
    assert b"zoom" in written or b"geometry" in written


def test_f1_opens_help(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    window = open_window(qtbot, library, tmp_path / "s.ini")
    window.setFocus()
    press(qtbot, Qt.Key.Key_F1)
    dialog = window.findChild(HelpDialog)
    assert dialog is not None and dialog.isVisible()
    assert "Getting started" in dialog.browser.toPlainText()


def test_add_a_person_with_the_keyboard(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    window = open_window(qtbot, library, tmp_path / "s.ini")
    window.welcome.first_person_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: focused().objectName() == "name")
    type_text(qtbot, "Ana Diaz")
    press(qtbot, Qt.Key.Key_Return)
    assert [p.name for p in library.people()] == ["Ana Diaz"]


def test_every_control_has_an_accessible_name(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit

    from tests.gui_sample import fill_sample

    fill_sample(library)
    window = open_window(qtbot, library, tmp_path / "s.ini")
    nameless = []
    for cls in (QComboBox, QLineEdit, QPlainTextEdit, QAbstractButton):
        for widget in window.findChildren(cls):
            if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                continue  # not reachable with Tab: clear buttons, table corners
            if isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
                continue  # the box's own inner editor; the box carries the name
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            if not (widget.accessibleName() or text):
                nameless.append(widget.objectName() or repr(widget))
    assert nameless == [], nameless


def test_words_for_stored_values_depend_on_the_question() -> None:
    from organizer.core.vocab import AllergyCategory, Answer, Category, EventKind, PreauthAnswer
    from organizer.gui import labels

    assert labels.word(Answer.YES) == "Yes"
    assert labels.word(PreauthAnswer.YES) == "Yes, it is needed"
    assert labels.word(EventKind.OTHER) == labels.word(AllergyCategory.OTHER) == "Other"
    assert labels.word(Category.IMAGING_STUDY) == "Imaging study (the images)"


def test_two_people_of_the_same_name_are_told_apart(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    library.add(Person(name="Ana Diaz", dob=PartialDate(1961, 4, 9)))
    library.add(Person(name="Ana Diaz", dob=PartialDate(1990)))
    library.add(Person(name="Ben"))
    window = open_window(qtbot, library, tmp_path / "s.ini")
    texts = sorted(window.person_combo.itemText(i) for i in range(3))
    assert texts == ["Ana Diaz (born 1990)", "Ana Diaz (born 9 April 1961)", "Ben"]


def test_an_overview_shown_without_a_packet_reads_then(qtbot: QtBot, library: Library) -> None:
    """The page reads when given a packet or first shown: one shown without a packet
    says there is none (the window gives it one before showing it)."""
    page = OverviewPage(library, QUndoStack())
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.no_packet.isVisible() and not page.scroll_area.isVisible()
    assert "No packet yet" in page.findChild(QLabel, "overview_empty").text()

    person = library.add(Person(name="Ana"))
    packet = library.add_packet(Packet(person_id=person, title="Lung"))
    page.set_packet(packet, force=False)
    assert page.scroll_area.isVisible() and not page.no_packet.isVisible()
    assert "Lung" in page.heading.text()
