"""Charts drawn with QPainter (QtCharts is in PySide6-Addons, which the app does not ship).

- ``BarChart``: horizontal bars, one row per item: its label, its bar, its value. Horizontal
  bars keep long Arabic service names whole on one line. Right-to-left (the widget's layout
  direction): labels on the right, bars grow from the right towards the left.
- ``LineChart``: one line per series over evenly spaced points (weeks), with the points'
  labels under the axis and a legend. Right-to-left: time runs from right to left and the
  value axis is on the right, like the reading order.

Colours come from the widget's palette (the application's theme, ui/theme.py): text in
WindowText, grid in Mid, the first series and bars in Highlight, the second series in
Highlight's hue turned a third of the circle (a blue beside the theme's green) and dashed, so
the two lines differ without colour too. Text is drawn with QPainter.drawText, which shapes
Arabic and lays out mixed Arabic and digits in the widget's direction. Sizes follow the
widget's font (the theme's 11 pt body), values in bold.

Both widgets are pure views: ``set_data`` replaces what they show and repaints; nothing is
computed from a database here (the screens give them the service's figures).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

PAD = 8.0  # px around the drawing and between its parts


def format_count(value: float) -> str:
    """A count as shown on a chart: whole numbers with thousands separators."""
    return f"{round(value):,}"


def series_color(palette: QPalette, index: int) -> QColor:
    """The ``index``-th series colour: Highlight, then its hue turned by thirds of the circle
    (same saturation and value, so every series is as readable on the base colour)."""
    base = palette.color(QPalette.ColorRole.Highlight)
    if index == 0:
        return base
    hue = base.hsvHue() if base.hsvHue() >= 0 else 160  # a grey highlight has no hue
    turned = QColor.fromHsv((hue + 120 * index) % 360, max(base.hsvSaturation(), 140), base.value())
    return turned


def nice_step(top: float, ticks: int = 4) -> float:
    """A round grid step (1, 2 or 5 times a power of ten) giving about ``ticks`` lines up to
    ``top``."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = float(10 ** math.floor(math.log10(raw)))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return max(1.0, factor * power)
    return max(1.0, 10 * power)


def _rtl(widget: QWidget) -> bool:
    return widget.layoutDirection() == Qt.LayoutDirection.RightToLeft


def _text_flags(widget: QWidget) -> Qt.AlignmentFlag:
    """Vertically centred, on the reading side (right in Arabic)."""
    side = Qt.AlignmentFlag.AlignRight if _rtl(widget) else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignVCenter


def _bold(font: QFont) -> QFont:
    out = QFont(font)
    out.setBold(True)
    return out


class _Chart(QWidget):
    """What both charts share: a title, an empty-state message, palette colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = ""
        self._empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setMinimumSize(240, 160)

    def _begin(self, painter: QPainter) -> QRectF:
        """Background, title; the rectangle left for the chart."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        area = QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD)
        if self._title:
            font = _bold(self.font())
            font.setPointSizeF(font.pointSizeF() * 1.1)
            painter.setFont(font)
            painter.setPen(pal.color(QPalette.ColorRole.WindowText))
            height = QFontMetricsF(font).height()
            painter.drawText(
                QRectF(area.left(), area.top(), area.width(), height),
                int(_text_flags(self)),
                self._title,
            )
            area.setTop(area.top() + height + PAD)
        painter.setFont(self.font())
        return area

    def _draw_empty(self, painter: QPainter, area: QRectF) -> None:
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter), self._empty_text)


@dataclass(frozen=True)
class _BarRow:
    label: str
    value: float


class BarChart(_Chart):
    """Horizontal bars.

    ``set_data(rows, *, title="", empty_text="", muted_rows=())``: ``rows`` is a sequence of
    ``(label, value)`` pairs drawn top to bottom in the order given (sort them first); values
    must be >= 0. ``title`` is drawn above the bars; ``empty_text`` centred when there are no
    rows or every value is 0; the rows at the indexes ``muted_rows`` are drawn in the
    palette's Mid colour (an "others" bar adding up the rest). Long labels are elided to at
    most 45% of the width (the tooltip and the accessible description give them whole). Rows
    are ROW_LINES lines high, squeezed down to LEAST_ROW_LINES when the widget is short.
    """

    LABEL_SHARE = 0.45

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_BarRow] = []
        self._muted: frozenset[int] = frozenset()

    def set_data(
        self,
        rows: Sequence[tuple[str, float]],
        *,
        title: str = "",
        empty_text: str = "",
        muted_rows: Collection[int] = (),
    ) -> None:
        bad = [v for _label, v in rows if not (isinstance(v, (int, float)) and v >= 0)]
        if bad:
            raise ValueError(f"bar values must be numbers >= 0, got {bad[0]!r}")
        self._rows = [_BarRow(str(label), float(value)) for label, value in rows]
        self._muted = frozenset(muted_rows)
        self._title, self._empty_text = title, empty_text
        self.setAccessibleName(title)
        self.setAccessibleDescription(
            "; ".join(f"{r.label}: {format_count(r.value)}" for r in self._rows)
        )
        self.updateGeometry()
        self.update()

    def rows(self) -> list[tuple[str, float]]:
        return [(r.label, r.value) for r in self._rows]

    # Rows in lines of the widget's font. Noto Sans Arabic's line is tall (32 px at 11 pt for
    # about 19 px of ink: room for stacked marks), so a row of 0.8 line still keeps the
    # labels of two rows apart.
    ROW_LINES = 1.2
    LEAST_ROW_LINES = 0.8

    def _row_height(self) -> float:
        return QFontMetricsF(self.font()).height() * self.ROW_LINES

    def sizeHint(self) -> QSize:
        return QSize(420, self._height(self._row_height()))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self._height(QFontMetricsF(self.font()).height() * self.LEAST_ROW_LINES))

    def _height(self, row: float) -> int:
        title = QFontMetricsF(_bold(self.font())).height() * 1.1 + PAD if self._title else 0
        return int(2 * PAD + title + max(len(self._rows), 3) * row)

    def bar_geometry(self) -> list[QRectF]:
        """Where each row's bar is drawn (widget coordinates): for tests and tooltips."""
        return [bar for _row, bar, _label in self._layout()]

    def _layout(self) -> list[tuple[_BarRow, QRectF, QRectF]]:
        area = QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD)
        if self._title:
            area.setTop(area.top() + QFontMetricsF(_bold(self.font())).height() * 1.1 + PAD)
        if not self._rows:
            return []
        metrics = QFontMetricsF(self.font())
        bold = QFontMetricsF(_bold(self.font()))
        label_w = min(
            max(metrics.horizontalAdvance(r.label) for r in self._rows) + PAD,
            area.width() * self.LABEL_SHARE,
        )
        top = max(r.value for r in self._rows)
        value_w = bold.horizontalAdvance(format_count(top)) + PAD
        track = max(0.0, area.width() - label_w - value_w - PAD)
        least = metrics.height() * self.LEAST_ROW_LINES
        row_h = max(least, min(self._row_height(), area.height() / len(self._rows)))
        bar_h = min(row_h * 0.7, metrics.height() * 0.75)
        rtl = _rtl(self)
        out = []
        for i, row in enumerate(self._rows):
            y = area.top() + i * row_h
            length = 0.0 if top <= 0 else track * row.value / top
            if row.value > 0:
                length = max(length, 2.0)  # a small count still shows a sliver
            if rtl:
                label = QRectF(area.right() - label_w, y, label_w - PAD, row_h)
                start = area.right() - label_w - PAD
                bar = QRectF(start - length, y + (row_h - bar_h) / 2, length, bar_h)
            else:
                label = QRectF(area.left(), y, label_w - PAD, row_h)
                start = area.left() + label_w + PAD
                bar = QRectF(start, y + (row_h - bar_h) / 2, length, bar_h)
            out.append((row, bar, label))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            area = self._begin(painter)
            pal = self.palette()
            if not self._rows or max(r.value for r in self._rows) <= 0:
                self._draw_empty(painter, area)
                return
            text = pal.color(QPalette.ColorRole.WindowText)
            fill = series_color(pal, 0)
            rtl = _rtl(self)
            metrics = QFontMetricsF(self.font())
            bold = _bold(self.font())
            muted = pal.color(QPalette.ColorRole.Mid)
            for index, (row, bar, label) in enumerate(self._layout()):
                painter.setFont(self.font())
                painter.setPen(text)
                painter.drawText(
                    label,
                    int(_text_flags(self)),
                    metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label.width()),
                )
                painter.fillRect(bar, muted if index in self._muted else fill)
                painter.setFont(bold)
                value = format_count(row.value)
                width = QFontMetricsF(bold).horizontalAdvance(value) + PAD
                if rtl:
                    where = QRectF(bar.left() - width, label.top(), width, label.height())
                    flags = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                else:
                    where = QRectF(bar.right() + PAD / 2, label.top(), width, label.height())
                    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                painter.drawText(where, int(flags), value)
        finally:
            painter.end()

    def event(self, e: object) -> bool:
        if isinstance(e, QHelpEvent) and e.type() == QHelpEvent.Type.ToolTip:
            for row, bar, label in self._layout():
                if label.united(bar).adjusted(-PAD, 0, PAD, 0).contains(QPointF(e.pos())):
                    QToolTip.showText(
                        e.globalPos(), f"{row.label}: {format_count(row.value)}", self
                    )
                    return True
            QToolTip.hideText()
            return True
        return super().event(e)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Series:
    """One line: its name (the legend) and one value per point."""

    name: str
    values: tuple[float, ...]


class LineChart(_Chart):
    """Lines over evenly spaced points.

    ``set_data(labels, series, *, title="", empty_text="")``: ``labels`` names each point
    (e.g. a week's first day, already formatted in the reader's language); ``series`` is a
    sequence of ``(name, values)`` pairs, one value (>= 0) per label; at most four series.
    Points are joined in order: oldest first. The legend names the series above the plot.
    Hovering a point shows its label and every series' value.
    """

    MAX_SERIES = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: list[str] = []
        self._series: list[Series] = []

    def set_data(
        self,
        labels: Sequence[str],
        series: Sequence[tuple[str, Sequence[float]]],
        *,
        title: str = "",
        empty_text: str = "",
    ) -> None:
        if len(series) > self.MAX_SERIES:
            raise ValueError(f"at most {self.MAX_SERIES} series, got {len(series)}")
        for name, values in series:
            if len(values) != len(labels):
                raise ValueError(
                    f"series {name!r} has {len(values)} values for {len(labels)} labels"
                )
            if any(not (isinstance(v, (int, float)) and v >= 0) for v in values):
                raise ValueError(f"series {name!r}: values must be numbers >= 0")
        self._labels = [str(x) for x in labels]
        self._series = [Series(str(n), tuple(float(v) for v in vals)) for n, vals in series]
        self._title, self._empty_text = title, empty_text
        self.setAccessibleName(title)
        self.setAccessibleDescription(
            "; ".join(
                f"{s.name}: "
                + ", ".join(
                    f"{label} {format_count(v)}"
                    for label, v in zip(self._labels, s.values, strict=True)
                )
                for s in self._series
            )
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 300)

    def _top(self) -> float:
        return max((v for s in self._series for v in s.values), default=0.0)

    def _plot(self, area: QRectF) -> tuple[QRectF, float, float]:
        """The plot rectangle inside ``area`` (legend above, labels below, value axis on the
        reading side), the grid step and the axis top."""
        metrics = QFontMetricsF(self.font())
        step = nice_step(self._top())
        axis_top = max(step, math.ceil(self._top() / step) * step)
        axis_w = metrics.horizontalAdvance(format_count(axis_top)) + PAD
        legend_h = metrics.height() + PAD
        label_h = metrics.height() + PAD
        plot = QRectF(area).adjusted(0, legend_h, 0, -label_h)
        if _rtl(self):
            plot.setRight(plot.right() - axis_w)
        else:
            plot.setLeft(plot.left() + axis_w)
        # Half a point's width of margin each side, so the first and last labels fit.
        margin = min(plot.width() / max(len(self._labels), 1) / 2, metrics.height() * 2.5)
        plot.adjust(margin, metrics.height() / 2, -margin, 0)
        return plot, step, axis_top

    def point_x(self, plot: QRectF, index: int) -> float:
        """The x of point ``index`` (0 = oldest): left to right, or right to left in RTL."""
        n = len(self._labels)
        share = 0.5 if n <= 1 else index / (n - 1)
        return (
            plot.right() - share * plot.width()
            if _rtl(self)
            else plot.left() + share * plot.width()
        )

    def label_boxes(self, plot: QRectF, area: QRectF) -> list[tuple[float, QRectF, str]]:
        """The point labels drawn under the axis: (x of the point, text box, text). Every
        ``n``-th label counting back from the newest (always shown), n as small as the labels'
        widths allow; a box is kept inside the chart at its ends, and one that would touch a
        label already placed is left out."""
        metrics = QFontMetricsF(self.font())
        n = len(self._labels)
        if n == 0:
            return []
        widths = [metrics.horizontalAdvance(x) + PAD for x in self._labels]
        room = plot.width() / max(n - 1, 1)
        regular = max(widths[:-1], default=widths[-1])
        every = max(1, math.ceil(regular / room)) if n > 1 else 1
        top = plot.bottom() + PAD / 2
        placed: list[tuple[float, QRectF, str]] = []
        for i in range(n - 1, -1, -1):
            if (n - 1 - i) % every:
                continue
            x = self.point_x(plot, i)
            box = QRectF(x - widths[i] / 2, top, widths[i], metrics.height())
            if box.left() < area.left():
                box.moveLeft(area.left())
            if box.right() > area.right():
                box.moveRight(area.right())
            if any(box.intersects(other) for _x, other, _t in placed):
                continue
            placed.append((x, box, self._labels[i]))
        return placed

    def points(self) -> list[list[QPointF]]:
        """Each series' points in widget coordinates (for tests and tooltips)."""
        area = QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD)
        if self._title:
            area.setTop(area.top() + QFontMetricsF(_bold(self.font())).height() * 1.1 + PAD)
        plot, _step, axis_top = self._plot(area)
        return [
            [
                QPointF(self.point_x(plot, i), plot.bottom() - plot.height() * v / axis_top)
                for i, v in enumerate(s.values)
            ]
            for s in self._series
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            area = self._begin(painter)
            if not self._labels or not self._series:
                self._draw_empty(painter, area)
                return
            pal = self.palette()
            text = pal.color(QPalette.ColorRole.WindowText)
            grid = pal.color(QPalette.ColorRole.Mid)
            metrics = QFontMetricsF(self.font())
            rtl = _rtl(self)
            plot, step, axis_top = self._plot(area)
            self._draw_legend(painter, area, text)
            # Grid lines and the value axis.
            value = 0.0
            while value <= axis_top + 0.5:
                y = plot.bottom() - plot.height() * value / axis_top
                painter.setPen(
                    QPen(grid, 1, Qt.PenStyle.SolidLine if value == 0 else Qt.PenStyle.DotLine)
                )
                painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
                painter.setPen(text)
                box = QRectF(
                    0,
                    y - metrics.height() / 2,
                    plot.left() - area.left() - PAD / 2,
                    metrics.height(),
                )
                if rtl:
                    box = QRectF(
                        plot.right() + PAD / 2,
                        y - metrics.height() / 2,
                        area.right() - plot.right() - PAD / 2,
                        metrics.height(),
                    )
                    flags = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                else:
                    box.moveLeft(area.left())
                    flags = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                painter.drawText(box, int(flags), format_count(value))
                value += step
            painter.setPen(text)
            for x, box, label in self.label_boxes(plot, area):
                painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + PAD / 2))
                painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), label)
            # The lines, newest point last.
            for index, points in enumerate(self.points()):
                color = series_color(pal, index)
                pen = QPen(color, 3)
                pen.setStyle(Qt.PenStyle.SolidLine if index % 2 == 0 else Qt.PenStyle.DashLine)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                path = QPainterPath(points[0])
                for p in points[1:]:
                    path.lineTo(p)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawPath(path)
                painter.setPen(QPen(color, 2))
                painter.setBrush(pal.color(QPalette.ColorRole.Base) if index % 2 else color)
                for p in points:
                    self._marker(painter, p, index)
        finally:
            painter.end()

    @staticmethod
    def _marker(painter: QPainter, p: QPointF, index: int) -> None:
        r = 4.0
        if index % 2 == 0:
            painter.drawEllipse(p, r, r)
        else:
            painter.drawRect(QRectF(p.x() - r, p.y() - r, 2 * r, 2 * r))

    def _draw_legend(self, painter: QPainter, area: QRectF, text: QColor) -> None:
        metrics = QFontMetricsF(self.font())
        swatch = metrics.height() * 1.6
        rtl = _rtl(self)
        x = area.right() if rtl else area.left()
        y = area.top() + metrics.height() / 2
        pal = self.palette()
        for index, s in enumerate(self._series):
            width = metrics.horizontalAdvance(s.name)
            color = series_color(pal, index)
            pen = QPen(color, 3)
            pen.setStyle(Qt.PenStyle.SolidLine if index % 2 == 0 else Qt.PenStyle.DashLine)
            line = (x - swatch, x) if rtl else (x, x + swatch)
            painter.setPen(pen)
            painter.drawLine(QPointF(line[0], y), QPointF(line[1], y))
            painter.setPen(QPen(color, 2))
            painter.setBrush(pal.color(QPalette.ColorRole.Base) if index % 2 else color)
            self._marker(painter, QPointF((line[0] + line[1]) / 2, y), index)
            painter.setPen(text)
            if rtl:
                box = QRectF(line[0] - PAD / 2 - width, area.top(), width, metrics.height())
                x = box.left() - 3 * PAD
            else:
                box = QRectF(line[1] + PAD / 2, area.top(), width, metrics.height())
                x = box.right() + 3 * PAD
            painter.drawText(
                box, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignHCenter), s.name
            )

    def event(self, e: object) -> bool:
        if isinstance(e, QHelpEvent) and e.type() == QHelpEvent.Type.ToolTip:
            index = self._nearest(QPointF(e.pos()))
            if index is None:
                QToolTip.hideText()
            else:
                lines = [self._labels[index]] + [
                    f"{s.name}: {format_count(s.values[index])}" for s in self._series
                ]
                QToolTip.showText(e.globalPos(), "\n".join(lines), self)
            return True
        return super().event(e)  # type: ignore[arg-type]

    def _nearest(self, pos: QPointF) -> int | None:
        series = self.points()
        if not series or not series[0]:
            return None
        xs = [p.x() for p in series[0]]
        best = min(range(len(xs)), key=lambda i: abs(xs[i] - pos.x()))
        spacing = abs(xs[1] - xs[0]) if len(xs) > 1 else self.width()
        return best if abs(xs[best] - pos.x()) <= spacing / 2 else None
