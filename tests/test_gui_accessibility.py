"""Every widget the keyboard reaches has a name a screen reader can say; status colours
are readable on light and dark backgrounds."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from organizer.core.checklist import Status
from organizer.core.library import Library
from organizer.core.sample_packet import ensure_sample_library
from organizer.gui import theme
from organizer.gui.main_window import SECTION_ORDER, MainWindow
from organizer.gui.status_icons import status_color
from tests.gui_support import open_window


def _spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def _focus_chain(window: MainWindow) -> list[QWidget]:
    """The widgets Tab visits, in order, from the section list round to it again."""
    start = window.section_list
    chain: list[QWidget] = []
    widget = start.nextInFocusChain()
    while widget is not start and len(chain) < 2000:
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.window() is window
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def test_every_widget_on_the_focus_chain_of_every_section_has_a_name(
    qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "sample"
    ensure_sample_library(folder)
    library = Library.open(folder)
    window = open_window(qtbot, library, tmp_path / "s.ini")
    unnamed: dict[str, list[str]] = {}
    walked = 0
    for key, _ in SECTION_ORDER:
        window.show_section(key)
        if key == "documents":
            window.documents.table.selectRow(0)
        QApplication.processEvents()
        chain = _focus_chain(window)
        walked += len(chain)
        missing = [f"{type(w).__name__} {w.objectName()!r}" for w in chain if not _spoken_name(w)]
        if missing:
            unnamed[key] = missing
    window.close()
    library.close()
    assert walked > 60
    assert unnamed == {}


def _contrast(one: QColor, other: QColor) -> float:
    def luminance(color: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(color.redF())
            + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF())
        )

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


LIGHT_BACKGROUND = QColor("#ffffff")
DARK_BACKGROUND = QColor("#1f1f1f")


def _palette(background: QColor) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, background)
    palette.setColor(QPalette.ColorRole.Base, background)
    return palette


@pytest.mark.parametrize("background", [LIGHT_BACKGROUND, DARK_BACKGROUND], ids=["light", "dark"])
@pytest.mark.parametrize("status", list(Status))
def test_status_icon_colours_stand_out_from_the_background(
    qapp: QApplication, status: Status, background: QColor
) -> None:
    # an icon is a shape, not text: the WCAG 3:1 rule for graphics
    assert _contrast(status_color(status, _palette(background)), background) >= 3.0


@pytest.mark.parametrize("background", [LIGHT_BACKGROUND, DARK_BACKGROUND], ids=["light", "dark"])
@pytest.mark.parametrize("pick", [theme.error_color, theme.success_color, theme.warning_color])
def test_status_text_colours_are_readable(
    qapp: QApplication, pick: object, background: QColor
) -> None:
    widget = QWidget()
    widget.setPalette(_palette(background))
    color = pick(widget)  # type: ignore[operator]
    assert _contrast(color, background) >= 4.5  # WCAG AA for text
