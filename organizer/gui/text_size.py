"""The in-app text size (View > Larger text, Smaller text, Normal text size), kept between runs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow

from organizer.gui.settings import ViewSettings
from organizer.gui.theme import FontZoom


class TextSize:
    """Scales the whole app's text; ``resized`` lets the window fit what depends on it."""

    def __init__(
        self,
        window: QMainWindow,
        settings: ViewSettings,
        font_zoom: FontZoom | None,
        resized: Callable[[], None],
    ) -> None:
        self.window = window
        self.settings = settings
        self.font_zoom = font_zoom
        self.resized = resized

    def change(self, step: int) -> None:
        self.set(self.settings.zoom() + step)

    def set(self, percent: int) -> None:
        self.settings.set_zoom(percent)
        self.apply(self.settings.zoom())
        self.window.statusBar().showMessage(f"Text size {self.settings.zoom()}%", 4000)

    def apply(self, percent: int) -> None:
        if self.font_zoom is not None:
            self.font_zoom.apply(percent)
        self.resized()
