"""Help contents, About, and the sample packet, which opens in a window of its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QWidget

from organizer.core.errors import SecondLookError
from organizer.core.library import Library

if TYPE_CHECKING:  # each dialog's module loads when it is first asked for, not at start
    from organizer.gui.about import AboutDialog
    from organizer.gui.help import HelpDialog
    from organizer.gui.sample import SampleBuilder

Tell = Callable[[QWidget, str, str], None]
MakeWindow = Callable[[Library], QMainWindow]


class HelpAndSamples(QObject):
    def __init__(self, parent: QWidget, tell: Callable[[], Tell], make_window: MakeWindow) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self._tell = tell  # asked each time: tests replace the window's tell
        self.make_window = make_window
        self.help_dialog: HelpDialog | None = None
        self.sample_windows: list[QMainWindow] = []
        self.sample_builder: SampleBuilder | None = None

    def show_help(self) -> HelpDialog:
        from organizer.gui.help import HelpDialog

        dialog = HelpDialog(self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.help_dialog = dialog
        return dialog

    def show_about(self) -> AboutDialog:
        """The version, and a button that shows every bundled licence."""
        # the licences read every package's metadata: loaded when asked, not at start
        from organizer.gui.about import AboutDialog

        dialog = AboutDialog(self.parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_sample(self) -> None:
        """Help > Open sample packet: a demo library, opened in a window of its own."""
        for window in self.sample_windows:
            if shiboken6.isValid(window) and window.isVisible():
                window.raise_()
                window.activateWindow()
                return
        from organizer.gui.sample import SampleBuilder

        builder = SampleBuilder(self.parent_widget)
        builder.ready.connect(self._sample_ready)
        builder.failed.connect(
            lambda message: self._tell()(
                self.parent_widget, "The sample packet could not be made", message
            )
        )
        self.sample_builder = builder
        builder.start()

    def _sample_ready(self, folder: Path) -> QMainWindow | None:
        try:
            library = Library.open(folder)
        except (SecondLookError, OSError) as error:
            self._tell()(self.parent_widget, "The sample packet could not be opened", str(error))
            return None
        window = self.make_window(library)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda _obj=None: library.close())
        window.setWindowTitle("Sample packet - Second Look")
        self.sample_windows = [w for w in self.sample_windows if shiboken6.isValid(w)]
        self.sample_windows.append(window)
        window.show()
        return window

    def close_samples(self) -> None:
        for window in self.sample_windows:
            if shiboken6.isValid(window):
                window.close()
