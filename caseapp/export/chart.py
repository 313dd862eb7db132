"""Bar charts painted straight onto a PDF page: vector bars, and labels that stay text (a
reader can search and copy them).

Under the public profile a count from 1 to 4 is not shown: its bar is drawn hatched at the
height of 4 and labelled "<5", so neither the label nor the bar's length gives it away.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen

from caseapp.export.pdf_pages import PagePainter
from caseapp.export.pdf_style import ACCENT, INK, MUTED, RULE, pdf_font
from caseapp.export.pdf_text import Words
from caseapp.services.profiles import SMALL_COUNT_LIMIT, Profile

BAR = QColor("#4a7bb0")
SMALL_BAR = QColor("#9bb5d3")


@dataclass(frozen=True)
class Bar:
    label: str
    count: int


def _hidden(count: int, profile: Profile) -> bool:
    return profile is Profile.PUBLIC and 0 < count < SMALL_COUNT_LIMIT


def _drawn(count: int, profile: Profile) -> int:
    return SMALL_COUNT_LIMIT - 1 if _hidden(count, profile) else count


def _brush(count: int, profile: Profile) -> QBrush:
    if _hidden(count, profile):
        return QBrush(SMALL_BAR, Qt.BrushStyle.BDiagPattern)
    return QBrush(BAR)


def _nice_step(maximum: int, ticks: int = 5) -> int:
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return int(factor * magnitude)
    return int(10 * magnitude)


def _elide(metrics: QFontMetricsF, text: str, width: float) -> str:
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def draw_category_bars(
    painter: QPainter, area: QRectF, bars: Sequence[Bar], profile: Profile, words: Words
) -> None:
    """Horizontal bars, one row per category, the count after each bar."""
    if not bars:
        return
    row = min(22.0, area.height() / len(bars))
    font_size = 8.0 if row >= 14 else max(5.5, row * 0.55)
    font = pdf_font(font_size)
    metrics = QFontMetricsF(font)
    label_width = min(
        area.width() * 0.42, max(metrics.horizontalAdvance(b.label) for b in bars) + 8
    )
    count_width = metrics.horizontalAdvance("00,000") + 6
    bar_left = area.left() + label_width
    bar_space = area.width() - label_width - count_width
    maximum = max(_drawn(b.count, profile) for b in bars) or 1
    painter.setFont(font)
    for index, bar in enumerate(bars):
        top = area.top() + index * row
        painter.setPen(QPen(INK))
        painter.drawText(
            QRectF(area.left(), top, label_width - 8, row),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            _elide(metrics, bar.label, label_width - 8),
        )
        length = bar_space * _drawn(bar.count, profile) / maximum
        rect = QRectF(bar_left, top + row * 0.18, max(length, 1.0), row * 0.64)
        painter.setPen(QPen(BAR, 0.6))
        painter.setBrush(_brush(bar.count, profile))
        painter.drawRect(rect)
        painter.setPen(QPen(MUTED))
        painter.drawText(
            QRectF(rect.right() + 4, top, count_width, row),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            words.count(bar.count, profile),
        )
    painter.setPen(QPen(RULE, 0.6))
    painter.drawLine(QPointF(bar_left, area.top()), QPointF(bar_left, area.top() + row * len(bars)))


def draw_year_bars(
    painter: QPainter, area: QRectF, bars: Sequence[Bar], profile: Profile, words: Words
) -> None:
    """Vertical bars, one per year from the first to the last (years without violations
    included, so gaps show), with a count axis."""
    if not bars:
        return
    counts = {b.label: b.count for b in bars}
    first, last = int(bars[0].label), int(bars[-1].label)
    years = [str(y) for y in range(first, last + 1)]
    font = pdf_font(7.5)
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    maximum = max(_drawn(c, profile) for c in counts.values()) or 1
    step = _nice_step(maximum)
    top_value = step * math.ceil(maximum / step)
    axis_width = metrics.horizontalAdvance(f"{top_value:,}") + 8
    label_height = metrics.height() * 1.6
    plot = QRectF(
        area.left() + axis_width,
        area.top() + metrics.height() * 1.4,
        area.width() - axis_width,
        area.height() - label_height - metrics.height() * 1.4,
    )
    for value in range(0, top_value + 1, step):
        y = plot.bottom() - plot.height() * value / top_value
        painter.setPen(QPen(RULE if value == 0 else QColor("#dadce0"), 0.5))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        if profile is Profile.PUBLIC and 0 < value < SMALL_COUNT_LIMIT:
            continue  # a labelled axis would read the height of a hatched bar
        painter.setPen(QPen(MUTED))
        painter.drawText(
            QRectF(area.left(), y - 8, axis_width - 5, 16),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            f"{value:,}",
        )
    slot = plot.width() / len(years)
    label_every = max(1, math.ceil(metrics.horizontalAdvance("0000 ") / slot))
    show_counts = metrics.horizontalAdvance("<5") + 2 <= slot
    for index, year in enumerate(years):
        count = counts.get(year, 0)
        left = plot.left() + index * slot
        if count:
            height = plot.height() * _drawn(count, profile) / top_value
            rect = QRectF(left + slot * 0.15, plot.bottom() - height, slot * 0.7, height)
            painter.setPen(QPen(BAR, 0.6))
            painter.setBrush(_brush(count, profile))
            painter.drawRect(rect)
            if show_counts:
                painter.setPen(QPen(INK))
                painter.drawText(
                    QRectF(left - 4, rect.top() - metrics.height() - 1, slot + 8, metrics.height()),
                    int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                    words.count(count, profile),
                )
        if (int(year) - first) % label_every == 0:
            painter.setPen(QPen(MUTED))
            painter.drawText(
                QRectF(left - 20, plot.bottom() + 3, slot + 40, metrics.height()),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                year,
            )


def chart_page(
    categories: Sequence[Bar],
    years: Sequence[Bar],
    undated: int,
    profile: Profile,
    words: Words,
) -> PagePainter:
    """A page painter (see ``render_pdf``) with both charts, their titles and notes."""

    def paint(painter: QPainter, area: QRectF) -> None:
        title = pdf_font(15, bold=True)
        painter.setFont(title)
        painter.setPen(QPen(ACCENT))
        title_height = QFontMetricsF(title).height() + 10
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), title_height),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
            words.get("chart_title"),
        )
        y = area.top() + title_height
        if not categories and not years:
            painter.setFont(pdf_font(9.5))
            painter.setPen(QPen(INK))
            painter.drawText(QPointF(area.left(), y + 12), words.get("chart_empty"))
            return
        notes = []
        if profile is Profile.PUBLIC:
            notes.append(words.get("chart_small"))
        if undated:
            notes.append(words.get("chart_undated", words.count(undated, profile)))
        note_height = 14.0 * len(notes)
        available = area.bottom() - y - note_height
        category_height = min(available * 0.55, 24.0 * len(categories) + 20)
        subtitle = pdf_font(10.5, bold=True)
        sub_height = QFontMetricsF(subtitle).height() + 6

        painter.setFont(subtitle)
        painter.setPen(QPen(INK))
        painter.drawText(QPointF(area.left(), y + sub_height - 6), words.get("chart_by_category"))
        draw_category_bars(
            painter,
            QRectF(area.left(), y + sub_height, area.width(), category_height - sub_height - 8),
            categories,
            profile,
            words,
        )
        y += category_height + 10
        painter.setFont(subtitle)
        painter.setPen(QPen(INK))
        painter.drawText(QPointF(area.left(), y + sub_height - 6), words.get("chart_by_year"))
        year_height = min(area.bottom() - note_height - y - sub_height - 6, 300.0)
        draw_year_bars(
            painter,
            QRectF(area.left(), y + sub_height, area.width(), year_height),
            years,
            profile,
            words,
        )
        y += sub_height + year_height + 10
        painter.setFont(pdf_font(8))
        painter.setPen(QPen(MUTED))
        for note in notes:
            painter.drawText(
                QRectF(area.left(), y, area.width(), 14),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                note,
            )
            y += 14

    return paint
