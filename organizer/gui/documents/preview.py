"""Showing a document's content: PDF pages (QtPdf), pictures, or an imaging study's summary.

The preview only ever reads the stored files. Pictures are decoded at the size shown and
turned upright by their EXIF orientation; password-protected PDFs are explained instead of
failing silently; anything without a preview says so and offers the system viewer.
A turn the person set (view settings) is shown as it will print: QPdfView cannot turn
pages, so a turned PDF is shown as page pictures through the picture view.
"""

from __future__ import annotations

import contextlib
import io
import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QImage, QImageReader, QPixmap, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from organizer.core.details import Series
from organizer.core.export.structured import is_structured
from organizer.core.importing.sniff import media_type_of_file
from organizer.core.library import Library
from organizer.core.queries import indexed_text
from organizer.core.records import PASSWORD_PROTECTED, Document, DocumentFile
from organizer.core.view_settings import page_rotation, rotations
from organizer.core.vocab import Category

Index = QModelIndex | QPersistentModelIndex
log = logging.getLogger(__name__)

MAX_PREVIEW_SIDE = 2000
MIN_ZOOM, MAX_ZOOM = 0.25, 5.0

PASSWORD_TEXT = (
    "<p><b>This PDF is protected by a password.</b></p>"
    "<p>Second Look has kept it, but cannot show it without the password. The specialist "
    "may not be able to open it either: if you can, ask the office that sent it for a copy "
    "without a password, or send the password separately.</p>"
)


RENDERED_TEXT = (
    "Second Look made these pages from the record's text, as in the exported PDF; "
    "the original file is unchanged."
)


class PreviewKind(StrEnum):
    PDF = "pdf"
    RENDERED = "rendered"
    """A portal record (C-CDA, FHIR) shown as the pages the app makes from it."""
    IMAGE = "image"
    STUDY = "study"
    TEXT = "text"
    OTHER = "other"
    NONE = "none"


def preview_kind(document: Document, media_type: str) -> PreviewKind:
    if document.category == Category.IMAGING_STUDY or media_type.startswith("application/dicom"):
        return PreviewKind.STUDY
    if media_type == "application/pdf":
        return PreviewKind.PDF
    if media_type.startswith("image/"):
        return PreviewKind.IMAGE
    return PreviewKind.OTHER


def load_image(path: Path, max_side: int = MAX_PREVIEW_SIDE, page: int = 0) -> QImage:
    """Decode a picture upright (EXIF orientation) and no larger than needed to show it."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    if reader.canRead():
        if page and reader.imageCount() > page:
            reader.jumpToImage(page)
        size = reader.size()
        if size.isValid() and max(size.width(), size.height()) > max_side:
            fitted = size.scaled(max_side, max_side, Qt.AspectRatioMode.KeepAspectRatio)
            reader.setScaledSize(fitted)
        image = reader.read()
        if not image.isNull():
            return image
    return _load_with_pillow(path, max_side)


def _load_with_pillow(path: Path, max_side: int) -> QImage:
    """Formats Qt cannot read here (HEIC from phones): Pillow decodes, Qt shows."""
    try:
        from PIL import Image, ImageOps

        try:
            import pillow_heif

            pillow_heif.register_heif_opener()
        except ImportError:
            pass
        with Image.open(path) as opened:
            opened.draft("RGB", (max_side, max_side))
            picture = ImageOps.exif_transpose(opened).convert("RGB")
            picture.thumbnail((max_side, max_side))
            buffer = io.BytesIO()
            picture.save(buffer, "PNG")
    except Exception:  # a damaged or unsupported picture simply has no preview
        return QImage()
    image = QImage()
    image.loadFromData(buffer.getvalue(), "PNG")
    return image


def turned(image: QImage, degrees: int) -> QImage:
    """The picture turned clockwise by a quarter, half or three quarters."""
    if degrees % 360 == 0 or image.isNull():
        return image
    return image.transformed(QTransform().rotate(degrees % 360))


def render_pdf_page(pdf: QPdfDocument, page: int, max_side: int = MAX_PREVIEW_SIDE) -> QImage:
    """One page of a loaded PDF as a picture, its longer side ``max_side`` pixels."""
    points = pdf.pagePointSize(page)
    longest = max(points.width(), points.height(), 1.0)
    scale = max_side / longest
    size = QSize(max(1, round(points.width() * scale)), max(1, round(points.height() * scale)))
    return pdf.render(page, size)


def image_page_count(path: Path) -> int:
    reader = QImageReader(str(path))
    return max(1, reader.imageCount()) if reader.canRead() else 1


class PdfPreview(QWidget):
    """One PDF: pages through QPdfView, with page navigation and zoom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setAccessibleName("PDF pages")
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.previous_button = _tool("Previous page", "◀", "Show the previous page (Page Up)")
        self.next_button = _tool("Next page", "▶", "Show the next page (Page Down)")
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName("Page number")
        # Tab lands on the box's own line edit once a document is shown: it says the same
        self.page_box.lineEdit().setAccessibleName("Page number")
        self.page_box.setMinimum(1)
        self.page_count_label = QLabel()
        self.zoom_out_button = _tool("Zoom out", "-", "Make the page smaller")
        self.zoom_in_button = _tool("Zoom in", "+", "Make the page larger")
        self.fit_button = _tool("Fit width", "Fit", "Fit the page to the width of the pane")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.hide()

        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(QLabel("Page"))
        bar.addWidget(self.page_box)
        bar.addWidget(self.page_count_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_in_button)
        bar.addWidget(self.fit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)

        self.previous_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.page_box.valueChanged.connect(lambda value: self.go_to_page(value - 1))
        self.zoom_in_button.clicked.connect(lambda: self.set_zoom(self._zoom() * 1.25))
        self.zoom_out_button.clicked.connect(lambda: self.set_zoom(self._zoom() / 1.25))
        self.fit_button.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)

    def load(self, path: Path) -> QPdfDocument.Error:
        self.pdf.close()
        error = self.pdf.load(str(path))
        protected = error == QPdfDocument.Error.IncorrectPassword
        self.message.setVisible(error != QPdfDocument.Error.None_)
        if protected:
            self.message.setText(PASSWORD_TEXT)
        elif error != QPdfDocument.Error.None_:
            self.message.setText(
                "<p><b>This PDF could not be shown.</b> It may be damaged. Second Look has "
                "kept the file; try “Open in viewer”.</p>"
            )
        count = self.pdf.pageCount()
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, count))
        self.page_box.setValue(1)
        self.page_box.blockSignals(False)
        self.page_count_label.setText(f"of {count}")
        for control in (self.page_box, self.previous_button, self.next_button):
            control.setEnabled(count > 1)
        if count:
            self.view.pageNavigator().jump(0, QPointF(), 0)
        self._update_buttons()
        return error

    def clear(self) -> None:
        self.pdf.close()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        count = self.pdf.pageCount()
        if not 0 <= page < count or page == self.current_page():
            return
        self.view.pageNavigator().jump(page, QPointF(), 0)

    def set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(MIN_ZOOM, min(MAX_ZOOM, factor)))

    def _zoom(self) -> float:
        return float(self.view.zoomFactor())

    def _page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        page, count = self.current_page(), self.pdf.pageCount()
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page + 1 < count)


class ImagePreview(QWidget):
    """A picture fitted to the pane; multi-page scans can be paged through."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAccessibleName("Picture")
        scroll = QScrollArea()
        scroll.setWidget(self.label)
        scroll.setWidgetResizable(True)
        self.page_label = QLabel()
        self.previous_button = _tool("Previous page", "◀", "Show the previous page")
        self.next_button = _tool("Next page", "▶", "Show the next page")
        bar = QHBoxLayout()
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        self.bar = QWidget()
        self.bar.setLayout(bar)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(scroll, 1)
        self.image = QImage()
        self._render: Callable[[int], QImage] | None = None
        self._turns: dict[int, int] = {}
        self._page = 0
        self._pages = 1
        self.previous_button.clicked.connect(lambda: self.show_page(self._page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self._page + 1))

    def load(self, path: Path, turns: dict[int, int] | None = None) -> bool:
        """A picture file (each of a multi-page scan's pages), turned as ``turns`` says."""
        return self.load_pages(
            image_page_count(path), lambda page: load_image(path, page=page), turns
        )

    def load_pages(
        self, count: int, render: Callable[[int], QImage], turns: dict[int, int] | None = None
    ) -> bool:
        """Pages made one at a time by ``render`` (e.g. from a PDF), turned as ``turns``
        (page from 1, 0 for the whole document) says."""
        self._render = render
        self._turns = dict(turns or {})
        self._pages = max(1, count)
        self.bar.setVisible(self._pages > 1)
        return self.show_page(0)

    def show_page(self, page: int) -> bool:
        if self._render is None or not 0 <= page < self._pages:
            return False
        self._page = page
        self.image = turned(self._render(page), page_rotation(self._turns, page + 1))
        self.page_label.setText(f"Page {page + 1} of {self._pages}")
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page + 1 < self._pages)
        if self.image.isNull():
            self.label.setPixmap(QPixmap())
            self.label.setText("This picture could not be shown; it may be damaged.")
            return False
        self._fit()
        return True

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.image.isNull():
            return
        room = self.label.size() - QSize(8, 8)
        if room.width() < 50 or room.height() < 50:
            room = QSize(600, 600)
        scaled = self.image.scaled(
            room.boundedTo(self.image.size()),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        self.label.setPixmap(QPixmap.fromImage(scaled))


SERIES_HEADERS = ("No.", "Description", "Modality", "Images")


class SeriesModel(QAbstractTableModel):
    """The series of one imaging study, as recorded at import (Document.details)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.series: tuple[Series, ...] = ()

    def set_series(self, series: tuple[Series, ...]) -> None:
        self.beginResetModel()
        self.series = series
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.series)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SERIES_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(SERIES_HEADERS)
        ):
            return SERIES_HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= index.row() < len(self.series):
            return None
        item = self.series[index.row()]
        value = (item.number, item.description, item.modality, item.images)[index.column()]
        if index.column() == 1 and not value:
            return "(no description)"
        return "" if value is None else str(value)


MODALITY_WORDS = {
    "CT": "CT scan",
    "MR": "MRI",
    "CR": "X-ray",
    "DX": "X-ray",
    "XA": "X-ray of blood vessels (angiography)",
    "RF": "X-ray video (fluoroscopy)",
    "US": "ultrasound",
    "PT": "PET scan",
    "NM": "nuclear medicine scan",
    "MG": "mammogram",
    "OT": "other",
    "SR": "written imaging report",
}


def modality_words(codes: str) -> str:
    """ "MR" becomes "MRI (MR)": the code stays, for the specialist, next to plain words."""
    parts = []
    for code in (part.strip() for part in codes.split(",")):
        if code:
            word = MODALITY_WORDS.get(code.upper())
            parts.append(f"{word} ({code})" if word else code)
    return ", ".join(parts)


STUDY_FIELDS = (
    ("study_date", "Study date"),
    ("modality", "Kind of imaging"),
    ("description", "Description"),
    ("body_part", "Body part"),
    ("institution", "Where it was done"),
    ("series_count", "Series"),
    ("image_count", "Images"),
)


class StudyPreview(QWidget):
    """An imaging study: what, when, where, and its series (the images stay as DICOM)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(
            "These are the images themselves (DICOM files), as they came on the CD or "
            "download. The specialist opens them in their own imaging viewer."
        )
        self.intro.setWordWrap(True)
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for key, label in STUDY_FIELDS:
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.values[key] = value
            self.form.addRow(f"{label}:", value)
        self.series = SeriesModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Series in this study")
        self.table.setModel(self.series)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(QLabel("<b>Series</b>"))
        layout.addWidget(self.table, 1)

    def load(self, document: Document, file_count: int) -> None:
        details = document.details
        day = details.study_day or document.date
        shown = {
            "study_date": day.display() if day else "",
            "modality": modality_words(details.modality or document.modality),
            "description": details.description,
            "body_part": details.body_part or document.body_part,
            "institution": details.institution,
            "series_count": details.series_count,
            "image_count": details.image_count or file_count,
        }
        for key, _label in STUDY_FIELDS:
            value = shown[key]
            self.values[key].setText(str(value) if value not in ("", None) else "not recorded")
        self.series.set_series(details.series)


MAX_TEXT_SHOWN = 200_000


class TextPreview(QWidget):
    """Files without pictures (portal XML, health-app JSON, text): what they are, and the
    words Second Look read from them for search."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Text of the document")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.text, 1)

    def load(self, explanation: str, words: str | None) -> None:
        self.label.setText(explanation)
        if words is None:
            self.text.setPlainText(
                "Second Look has not read this file's text yet; it will appear here soon."
            )
        elif not words.strip():
            self.text.setPlainText("There is no readable text in this file.")
        else:
            self.text.setPlainText(words[:MAX_TEXT_SHOWN])


class RenderedPages(QObject):
    """Makes a portal record's pages on a worker thread (a large record takes seconds)
    and hands the file back to the GUI thread with ``made``."""

    made = Signal(int, str, str)
    """Document id, the pages' path ("" when none) and why not, in words."""

    def start(self, document_id: int, library_root: Path, sha256: str, source: Path) -> None:
        worker = threading.Thread(
            target=self._run,
            args=(document_id, library_root, sha256, source),
            name="preview-rendering",
            daemon=True,
        )
        worker.start()

    def _run(self, document_id: int, library_root: Path, sha256: str, source: Path) -> None:
        # the record readers and pikepdf load on the first preview, not at the app's start
        from organizer.core.rendering.cache import rendered_pages
        from organizer.core.rendering.read import NotRenderable

        try:
            path, reason = str(rendered_pages(library_root, sha256, source)), ""
        except NotRenderable as error:
            path, reason = "", str(error)
        except Exception as error:  # the preview falls back to the words; never a crash
            log.warning("rendering %s for the preview failed", source, exc_info=True)
            path, reason = "", f"the pages could not be made ({error})"
        with contextlib.suppress(RuntimeError):  # the pane was closed meanwhile
            self.made.emit(document_id, path, reason)


class PreviewPane(QStackedWidget):
    """Chooses the right view for a document and loads it from the file store."""

    kind_changed = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setAccessibleName("Preview")
        self.empty = _message("Choose a document in the list to see it here.")
        self.pdf = PdfPreview()
        self.image = ImagePreview()
        self.study = StudyPreview()
        self.other = _message("")
        self.text = TextPreview()
        for widget in (self.empty, self.pdf, self.image, self.study, self.other, self.text):
            self.addWidget(widget)
        self.kind = PreviewKind.NONE
        self.document_id: int | None = None
        self.document: Document | None = None
        self.rendered = RenderedPages(self)
        self.rendered.made.connect(self._rendered)

    def show_document(self, document: Document | None) -> PreviewKind:
        self.pdf.clear()
        self.document = document
        if document is None or document.id is None:
            self.document_id = None
            return self._set(PreviewKind.NONE, self.empty)
        self.document_id = document.id
        turns = rotations(self.library, document.id)
        files = self.library.document_files(document.id)
        first = self._first_viewable(files)
        if first is None:
            self.other.setText("This document has no file attached (it may be a note).")
            return self._set(PreviewKind.OTHER, self.other)
        path = self.library.store.path_for(first.sha256)
        media_type = first.media_type or media_type_of_file(path)
        kind = preview_kind(document, media_type)
        if kind == PreviewKind.STUDY:
            self.study.load(document, len(files))
            return self._set(kind, self.study)
        if kind == PreviewKind.PDF:
            error = self.pdf.load(path)
            if turns and error == QPdfDocument.Error.None_ and self.pdf.pdf.pageCount():
                self._show_turned_pdf(turns)
                return self._set(kind, self.image)
            if PASSWORD_PROTECTED in document.flag_set and not self.pdf.message.isVisible():
                self.pdf.message.setText(PASSWORD_TEXT)
                self.pdf.message.show()
            return self._set(kind, self.pdf)
        if kind == PreviewKind.IMAGE and self.image.load(path, turns):
            return self._set(kind, self.image)
        if is_structured(media_type):
            from organizer.core.rendering.cache import cached_pages  # see RenderedPages._run

            cached = cached_pages(self.library.root, first.sha256)
            if cached is not None:
                return self._show_rendered(cached)
            self.rendered.start(document.id, self.library.root, first.sha256, path)
        if _is_text_like(media_type):
            self.text.load(
                _no_preview_text(first, media_type), indexed_text(self.library, document.id)
            )
            return self._set(PreviewKind.TEXT, self.text)
        self.other.setText(_no_preview_text(first, media_type))
        return self._set(PreviewKind.OTHER, self.other)

    def show_turns_again(self) -> None:
        """The person turned the document on show: show it as it now prints."""
        if self.document is not None:
            self.show_document(self.document)

    def _show_turned_pdf(self, turns: dict[int, int]) -> None:
        pdf = self.pdf.pdf
        self.image.load_pages(pdf.pageCount(), lambda page: render_pdf_page(pdf, page), turns)

    def _rendered(self, document_id: int, path: str, _reason: str) -> None:
        """A record's pages are ready: show them if that record is still the one shown
        (without pages, the words Second Look read from it stay on show)."""
        if path and document_id == self.document_id and self.kind == PreviewKind.TEXT:
            self._show_rendered(Path(path))

    def _show_rendered(self, path: Path) -> PreviewKind:
        if self.pdf.load(path) == QPdfDocument.Error.None_:
            self.pdf.message.setText(RENDERED_TEXT)
            self.pdf.message.show()
        return self._set(PreviewKind.RENDERED, self.pdf)

    def _first_viewable(self, files: list[DocumentFile]) -> DocumentFile | None:
        for file in files:
            if file.media_type == "application/pdf" or file.media_type.startswith("image/"):
                return file
        return files[0] if files else None

    def _set(self, kind: PreviewKind, widget: QWidget) -> PreviewKind:
        self.kind = kind
        self.setCurrentWidget(widget)
        self.kind_changed.emit(kind.value)
        return kind


def _is_text_like(media_type: str) -> bool:
    return (
        media_type.startswith("text/")
        or media_type in ("application/xml", "application/json")
        or media_type.endswith(("+xml", "+json"))
    )


def _no_preview_text(file: DocumentFile, media_type: str) -> str:
    name = file.original_name or "this file"
    if media_type in ("application/xml", "text/xml") or media_type.endswith("+xml"):
        what = "a structured health record (XML) from a patient portal"
    elif "json" in media_type:
        what = "a structured health record (JSON) from a health app"
    elif media_type.startswith("text/"):
        what = "a text file"
    else:
        what = "a kind of file Second Look cannot show"
    return (
        f"<p><b>{escape(name)}</b> is {what}.</p>"
        "<p>It is kept safely with the packet. Use “Open in viewer” to look at it "
        "in another program.</p>"
        + ("<p>Below: the words Second Look read from it.</p>" if _is_text_like(media_type) else "")
    )


def _message(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMargin(24)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def _tool(name: str, text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(name)
    return button
