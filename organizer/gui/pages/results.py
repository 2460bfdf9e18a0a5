"""The Results section: accepted lab results and vital signs by test and date, with a chart.

Choosing a row draws that test's values over time when it has two or more numbers, with
the normal range shaded when the file gave one. The chart shows what the files say; it
does not judge them.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from organizer.core.clinical.results import LabResult
from organizer.core.clinical.review import results
from organizer.core.library import Library
from organizer.gui.models import RECORD_ROLE, Column, FilterProxy, RecordTableModel
from organizer.gui.pages.listing import PersonRowsPage, empty_or_table, list_table

FLAG_WORDS = {"H": "High", "L": "Low", "HH": "Very high", "LL": "Very low", "A": "Abnormal",
              "AA": "Very abnormal", "N": "Normal"}  # fmt: skip


def _flag(result: LabResult) -> str:
    return FLAG_WORDS.get(result.interpretation.upper(), result.interpretation)


def _date(result: LabResult) -> str:
    return result.date[:10]


def shown_value(result: LabResult) -> str:
    """The value as the file gave it, long machine decimals shortened (74.530791 -> 74.53)."""
    number = result.numeric
    if number is None or len(result.value) <= 7 or not result.value.replace(".", "").isdigit():
        return result.value
    return f"{number:.2f}".rstrip("0").rstrip(".")


COLUMNS = (
    Column[LabResult]("Test", lambda r: r.test),
    Column[LabResult]("Date", _date, lambda r: r.date, tooltip=lambda r: r.date),
    Column[LabResult]("Value", shown_value, tooltip=lambda r: r.value),
    Column[LabResult]("Unit", lambda r: r.unit),
    Column[LabResult]("Normal range", lambda r: r.reference_range),
    Column[LabResult]("Flag", _flag),
    Column[LabResult]("Panel", lambda r: r.panel),
)


def same_test(a: LabResult, b: LabResult) -> bool:
    if a.code and b.code:
        return (a.code, a.code_system) == (b.code, b.code_system)
    return a.test.casefold() == b.test.casefold()


class ResultChart(QWidget):
    """A small line chart of one test's numeric values in date order."""

    MARGIN = 36

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("results_chart")
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.points: list[LabResult] = []

    def set_points(self, points: list[LabResult]) -> None:
        self.points = sorted((p for p in points if p.numeric is not None), key=lambda p: p.date)
        title = self.points[0].test if self.points else ""
        self.setAccessibleName(f"Chart of {title}" if title else "Chart")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if len(self.points) < 2:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        values = [p.numeric for p in self.points if p.numeric is not None]
        lows = [p.low for p in self.points if p.low is not None]
        highs = [p.high for p in self.points if p.high is not None]
        bottom = min(values + lows[:1])
        top = max(values + highs[:1])
        if top == bottom:
            top, bottom = top + 1, bottom - 1
        span = top - bottom
        unit = self.points[0].unit
        metrics = painter.fontMetrics()
        labels = (f"{top:.4g} {unit}".strip(), f"{bottom:.4g} {unit}".strip())
        left = max(metrics.horizontalAdvance(label) for label in labels) + 12
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(left, line * 2 + 6, -self.MARGIN, -(line + 8))

        def y(value: float) -> float:
            return area.bottom() - (value - bottom) / span * area.height()

        if lows and highs:  # the normal range, as the first file with one gave it
            band = QColor(palette.color(QPalette.ColorRole.Highlight))
            band.setAlpha(40)
            painter.fillRect(QRectF(area.left(), y(highs[0]), area.width(),
                                    y(lows[0]) - y(highs[0])), band)  # fmt: skip
        painter.setPen(QPen(text, 1))
        painter.drawText(QPointF(4, line), f"{self.points[0].test} ({len(values)} values)")
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())
        painter.drawText(QPointF(4, area.top() + line / 2), labels[0])
        painter.drawText(QPointF(4, area.bottom()), labels[1])
        step = area.width() / (len(self.points) - 1)
        points = [QPointF(area.left() + i * step, y(v)) for i, v in enumerate(values)]
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2))
        for first, second in itertools.pairwise(points):
            painter.drawLine(first, second)
        painter.setPen(QPen(text, 1))
        for point, result in zip(points, self.points, strict=True):
            painter.drawEllipse(point, 3, 3)
            label = shown_value(result)
            width = metrics.horizontalAdvance(label)
            x = min(max(point.x() - width / 2, area.left() + 4), area.right() - width)
            painter.drawText(QPointF(x, point.y() - 7), label)
        painter.drawText(QPointF(area.left(), area.bottom() + line + 2), _date(self.points[0]))
        last = _date(self.points[-1])
        width = metrics.horizontalAdvance(last)
        painter.drawText(QPointF(area.right() - width, area.bottom() + line + 2), last)
        painter.end()


class ResultsPage(PersonRowsPage[LabResult]):
    """Heading, explanation, a filter box, the table of results and the chart."""

    watched = (LabResult.TABLE,)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(library, parent)
        self.setObjectName("results_page")

        heading = QLabel("<h1>Results</h1>")
        heading.setAccessibleName("Results")
        intro = QLabel(
            "Lab results and vital signs you accepted from your files, by test and date, "
            "with the unit, the normal range and any flag the lab gave. Choose a row to see "
            "that test over time."
        )
        intro.setWordWrap(True)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter results (for example: glucose)")
        self.filter_edit.setAccessibleName("Filter the results list")
        self.filter_edit.setClearButtonEnabled(True)

        self.model: RecordTableModel[LabResult] = RecordTableModel(COLUMNS, self)
        self.proxy = FilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = list_table("results_table", "Results list", self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.chart = ResultChart()
        self.chart_hint = QLabel("Choose a test with two or more values to see a chart.")
        self.chart_hint.setObjectName("results_chart_hint")
        self.chart_stack = QStackedWidget()
        self.chart_stack.addWidget(self.chart_hint)
        self.chart_stack.addWidget(self.chart)
        self.chart_stack.setMaximumHeight(190)

        self.stack, self.empty_label = empty_or_table(
            "results_empty",
            "<h3>No results yet</h3><p>Results come from the portal files you import: "
            "accept them under <b>To review</b> and they appear here.</p>",
            self.table,
        )

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.chart_stack)

        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_chart())

    def read_rows(self, person_id: int) -> list[LabResult]:
        return results(self.library, person_id)

    def show_rows(self, rows: list[LabResult]) -> None:
        self.model.set_records(rows)

    def fit_columns(self) -> None:
        for column in (0, 1, 2, 3, 4, 5):
            self.table.resizeColumnToContents(column)
        widest = self.table.fontMetrics().horizontalAdvance("M" * 22)
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), widest))

    def reloaded(self) -> None:
        self._show_chart()

    def select_test(self, test: str) -> None:
        """Select the first row of a test (by its name), as a click would."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data() == test:
                self.table.setCurrentIndex(index)
                return

    def _show_chart(self) -> None:
        index = self.table.currentIndex()
        chosen = index.data(RECORD_ROLE) if index.isValid() else None
        if not isinstance(chosen, LabResult):
            self.chart_stack.setCurrentWidget(self.chart_hint)
            return
        series = [r for r in self.model.records() if same_test(r, chosen)]
        numbers = [r for r in series if r.numeric is not None]
        self.chart.set_points(numbers)
        if len(numbers) >= 2:
            self.chart_stack.setCurrentWidget(self.chart)
        else:
            self.chart_hint.setText(f"{chosen.test}: only one value, so no chart.")
            self.chart_stack.setCurrentWidget(self.chart_hint)
