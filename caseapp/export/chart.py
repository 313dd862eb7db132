"""Bar charts painted straight onto a PDF page: vector bars, and labels that stay text (a
reader can search and copy them).

A count the profile withholds (1 to 4 under the public profile) is never drawn as a value:
its bar is a hatched band with a dashed outline over the whole range from 0 to 5, labelled
"fewer than 5", so neither its length nor its label nor an axis gives the count away, and it
reads the same in grey. A chart whose every count is withheld would say nothing (every bar
the same band, an axis reading only 0): it is left out, and a sentence says why.
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
SMALL_BAR = QColor("#5f6368")  # the hatching of a withheld count: dark enough in grey


@dataclass(frozen=True)
class Bar:
    label: str
    count: int


def _hidden(count: int, profile: Profile) -> bool:
    return profile is Profile.PUBLIC and 0 < count < SMALL_COUNT_LIMIT


def _drawn(count: int, profile: Profile) -> int:
    """How far a bar reaches: a withheld count covers its whole range, 0 to the limit."""
    return SMALL_COUNT_LIMIT if _hidden(count, profile) else count


def all_withheld(bars: Sequence[Bar], profile: Profile) -> bool:
    """Whether every count of a chart with something to show is withheld."""
    counted = [b for b in bars if b.count]
    return bool(counted) and all(_hidden(b.count, profile) for b in counted)


def _paint_bar(painter: QPainter, rect: QRectF, count: int, profile: Profile) -> None:
    if _hidden(count, profile):
        pen = QPen(SMALL_BAR, 0.8)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(SMALL_BAR, Qt.BrushStyle.BDiagPattern))
    else:
        painter.setPen(QPen(BAR, 0.6))
        painter.setBrush(QBrush(BAR))
    painter.drawRect(rect)


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
    """Horizontal bars, one row per category, the count (or "fewer than 5") after each."""
    if not bars:
        return
    row = min(22.0, area.height() / len(bars))
    font_size = 8.0 if row >= 14 else max(5.5, row * 0.55)
    font = pdf_font(font_size)
    metrics = QFontMetricsF(font)
    label_width = min(
        area.width() * 0.42, max(metrics.horizontalAdvance(b.label) for b in bars) + 8
    )
    fewer = words.get("fewer_than", SMALL_COUNT_LIMIT)
    count_text = metrics.horizontalAdvance("00,000")
    if any(_hidden(b.count, profile) for b in bars):
        count_text = max(count_text, metrics.horizontalAdvance(fewer))
    count_width = count_text + 6
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
        _paint_bar(painter, rect, bar.count, profile)
        painter.setPen(QPen(MUTED))
        painter.drawText(
            QRectF(rect.right() + 4, top, count_width, row),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            fewer if _hidden(bar.count, profile) else words.count(bar.count, profile),
        )
    painter.setPen(QPen(RULE, 0.6))
    painter.drawLine(QPointF(bar_left, area.top()), QPointF(bar_left, area.top() + row * len(bars)))


def draw_year_bars(
    painter: QPainter, area: QRectF, bars: Sequence[Bar], profile: Profile, words: Words
) -> None:
    """Vertical bars, one per year from the first to the last (years without violations
    included, so gaps show), with a count axis. Withheld counts are bands from 0 to 5,
    labelled "fewer than 5" on the axis; the axis then counts in fives or more, so that no
    tick falls inside the band."""
    if not bars:
        return
    counts = {b.label: b.count for b in bars}
    first, last = int(bars[0].label), int(bars[-1].label)
    years = [str(y) for y in range(first, last + 1)]
    font = pdf_font(7.5)
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    withheld = any(_hidden(c, profile) for c in counts.values())
    maximum = max(_drawn(c, profile) for c in counts.values()) or 1
    step = _nice_step(maximum)
    if withheld:
        step = max(step, SMALL_COUNT_LIMIT)
    top_value = step * math.ceil(maximum / step)
    fewer = words.get("fewer_than", SMALL_COUNT_LIMIT)
    axis_width = metrics.horizontalAdvance(f"{top_value:,}") + 8
    if withheld:
        axis_width = max(axis_width, metrics.horizontalAdvance(fewer) + 10)
    label_height = metrics.height() * 1.6
    plot = QRectF(
        area.left() + axis_width,
        area.top() + metrics.height() * 1.4,
        area.width() - axis_width,
        area.height() - label_height - metrics.height() * 1.4,
    )
    band_top = plot.bottom() - plot.height() * SMALL_COUNT_LIMIT / top_value
    # A short band has room for its label only where the 0 would go.
    short_band = withheld and plot.bottom() - band_top < 3 * metrics.height()
    for value in range(0, top_value + 1, step):
        y = plot.bottom() - plot.height() * value / top_value
        painter.setPen(QPen(RULE if value == 0 else QColor("#dadce0"), 0.5))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        if value == 0 and short_band:
            continue
        painter.setPen(QPen(MUTED))
        painter.drawText(
            QRectF(area.left(), y - 8, axis_width - 5, 16),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            f"{value:,}",
        )
    if withheld:
        middle = (band_top + plot.bottom()) / 2
        painter.setPen(QPen(INK))
        painter.drawText(
            QRectF(area.left(), middle - 8, axis_width - 5, 16),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            fewer,
        )
    slot = plot.width() / len(years)
    label_every = max(1, math.ceil(metrics.horizontalAdvance("0000 ") / slot))
    show_counts = metrics.horizontalAdvance("00,000") + 2 <= slot
    for index, year in enumerate(years):
        count = counts.get(year, 0)
        left = plot.left() + index * slot
        if count:
            height = plot.height() * _drawn(count, profile) / top_value
            rect = QRectF(left + slot * 0.15, plot.bottom() - height, slot * 0.7, height)
            _paint_bar(painter, rect, count, profile)
            if show_counts and not _hidden(count, profile):
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


def _sentence(painter: QPainter, area: QRectF, text: str) -> float:
    """A wrapped sentence in place of a chart; returns the height it took."""
    font = pdf_font(9)
    painter.setFont(font)
    painter.setPen(QPen(INK))
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(
        Qt.TextFlag.TextWordWrap
    )
    bounds = QFontMetricsF(font).boundingRect(
        QRectF(area.left(), area.top(), area.width(), 1000), flags, text
    )
    painter.drawText(QRectF(area.left(), area.top(), area.width(), bounds.height()), flags, text)
    return bounds.height()


def chart_page(
    categories: Sequence[Bar],
    years: Sequence[Bar],
    undated: int,
    profile: Profile,
    words: Words,
) -> PagePainter:
    """A page painter (see ``write_pdf``) with both charts, their titles and notes; a
    chart whose every count is withheld is replaced by a sentence saying so."""
    limit = SMALL_COUNT_LIMIT
    categories_out = all_withheld(categories, profile)
    years_out = all_withheld(years, profile)
    drawn = [bars for bars, out in ((categories, categories_out), (years, years_out)) if not out]

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
        if any(_hidden(b.count, profile) for bars in drawn for b in bars):
            notes.append(words.get("chart_small", limit))
        if undated:
            notes.append(words.get("chart_undated", words.count(undated, profile)))
        note_height = 28.0 * len(notes)  # up to two lines each
        available = area.bottom() - y - note_height
        category_height = min(available * 0.55, 24.0 * len(categories) + 20)
        subtitle = pdf_font(10.5, bold=True)
        sub_height = QFontMetricsF(subtitle).height() + 6

        painter.setFont(subtitle)
        painter.setPen(QPen(INK))
        painter.drawText(QPointF(area.left(), y + sub_height - 6), words.get("chart_by_category"))
        if categories_out:
            used = _sentence(
                painter,
                QRectF(area.left(), y + sub_height, area.width(), 0),
                words.get("chart_categories_withheld", limit),
            )
            y += sub_height + used + 18
        else:
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
        if years_out:
            listed = ", ".join(b.label for b in years if b.count)
            used = _sentence(
                painter,
                QRectF(area.left(), y + sub_height, area.width(), 0),
                words.get("chart_years_withheld", limit, listed),
            )
            y += sub_height + used + 18
        else:
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
            flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter) | int(
                Qt.TextFlag.TextWordWrap
            )
            painter.drawText(QRectF(area.left(), y, area.width(), 28), flags, note)
            y += 28

    return paint
