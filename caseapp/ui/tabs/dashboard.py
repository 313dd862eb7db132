"""The Dashboard tab: the archive at a glance, as bar charts (Qt Charts) with their numbers.

The counts come from caseapp/services/dashboard.py, computed on a worker thread (conventions
§8) and kept until records change: the window calls ``refresh`` when they do (a save in
another tab, an undo, a bundle applied, a colleague's save on a team server), and the counts
are read again when the tab is next on screen.

Charts are readable without colour: every bar carries its number, the two series of a chart
differ by pattern (solid and hatched) as well as by colour, and the legend names them. A
count a published report would hide (1 to 4) is marked with "†" after its label. A click on a
bar opens the matching records in their tab, filtered to that bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from caseapp.models.enums import VocabularyScheme
from caseapp.services.dashboard import (
    SEVERAL_YEARS,
    UNKNOWN_YEAR,
    Changes,
    DashboardCounts,
    DashboardService,
    would_suppress,
)
from caseapp.ui.export_job import ExportJob
from caseapp.ui.formatting import partial_date, reported_cases
from caseapp.ui.tabs.base import RecordTab, TabContext

S = VocabularyScheme
MARK = "†"  # after a label whose count a public report shows as "<5"
ROW_HEIGHT = 26  # pixels per bar group of a horizontal chart
# Two series per chart: told apart by pattern as well as by colour.
STYLES = (
    (QColor("#1f5f99"), Qt.BrushStyle.SolidPattern),
    (QColor("#c26a00"), Qt.BrushStyle.BDiagPattern),
)


RUNNING: set[ExportJob] = set()  # jobs counting on a worker, kept alive until they answer


@dataclass(frozen=True)
class Target:
    """Where a click on a bar leads: a tab (``kind``) and its filter, or a record."""

    kind: str
    filters: dict[str, str]
    uid: str | None = None


class DashboardTab(RecordTab):
    """``open_filtered(kind, filters)`` asks the window to show ``kind``'s tab with its
    filters set (``show_filtered``)."""

    open_filtered = Signal(str, object)
    counts_shown = Signal()  # new counts are on screen (tests wait for it)

    def __init__(
        self, context: TabContext, dashboard: DashboardService, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.dashboard = dashboard
        self.counts: DashboardCounts | None = None
        self.stale = True
        self.job: ExportJob | None = None
        self._again = False
        self.charts: dict[str, QChartView] = {}
        self.targets: dict[str, list[Target | None]] = {}
        self.bar_sets: dict[str, list[QBarSet]] = {}
        self.reading: dict[str, list[int]] = {}

        self.summary = QLabel(self.tr("Counting…"))
        self.summary.setObjectName("dashboard_summary")
        self.summary.setWordWrap(True)
        self.changes = QLabel("")
        self.changes.setObjectName("dashboard_changes")
        self.changes.setWordWrap(True)
        self.changes.setTextFormat(Qt.TextFormat.PlainText)
        self.review_button = QPushButton(self.tr("Mark as reviewed"))
        self.review_button.setObjectName("mark_reviewed_button")
        self.review_button.setToolTip(
            self.tr(
                "Count changes from now on: the dashboard shows what changed since your last review"
            )
        )
        self.review_button.clicked.connect(self.mark_reviewed)
        self.note = QLabel(
            self.tr(
                "%1 a count from 1 to 4: a public report shows it as “<5”. "
                "Click a bar to list its records."
            ).replace("%1", MARK)
        )
        self.note.setObjectName("dashboard_note")
        self.note.setWordWrap(True)

        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        head.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.addLayout(head)
        self.body_layout.addWidget(self.changes)
        self.body_layout.addWidget(self.note)
        for name, title in self.chart_titles().items():
            view = QChartView()
            view.setObjectName(f"chart_{name}")
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setAccessibleName(title)
            view.chart().setTitle(title)
            self.charts[name] = view
            self.body_layout.addWidget(view)
        self.body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("dashboard_scroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        if not context.defer_loading:
            self.activate()

    def chart_titles(self) -> dict[str, str]:
        return {
            "categories": self.tr("Violations and testimonies by category"),
            "years": self.tr("Violations by year of the events"),
            "provinces": self.tr("Violations and testimonies by province or country"),
            "un_statuses": self.tr("Violations by UN response"),
            "consent": self.tr("Testimonies by consent"),
            "regions": self.tr("Regional protection: reported cases and cases in the records"),
        }

    # -- RecordTab -----------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Dashboard")

    def refresh(self) -> None:
        """Records changed: the counts kept are out of date; read again if on screen."""
        self.stale = True
        if self.isVisible():
            self.reload()

    def activate(self) -> None:
        if self.stale:
            self.reload()

    def count_text(self) -> str:
        if self.counts is None:
            return ""
        return self.tr("%n testimony(ies)", "", self.counts.testimonies)

    # -- counting, off the GUI thread ------------------------------------------------------------

    def reload(self) -> None:
        if self.job is not None and self.job.running:
            self._again = True  # records changed while counting: count once more after
            return
        self.stale = False
        self._again = False
        dashboard = self.dashboard

        def work(_report: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> object:
            return dashboard.counts()

        # Not a child of the tab, and kept until its answer arrives here: a tab closed while
        # the worker counts must not take the job from under it.
        job = ExportJob(work)
        job.finished.connect(self._counted)
        job.failed.connect(self._failed)
        self.job = job
        RUNNING.add(job)
        job.start()

    def _counted(self, counts: object) -> None:
        if self.job is not None:
            RUNNING.discard(self.job)
        assert isinstance(counts, DashboardCounts)
        if self._again:
            self.stale = True
            self.reload()
        self.show_counts(counts)

    def _failed(self, text: str) -> None:
        if self.job is not None:
            RUNNING.discard(self.job)
        self.stale = True
        self.summary.setText(text)

    def mark_reviewed(self) -> None:
        self.dashboard.mark_reviewed()
        self.refresh()

    # -- showing -------------------------------------------------------------------------------

    def show_counts(self, counts: DashboardCounts) -> None:
        self.counts = counts
        self.summary.setText(
            self.tr("%1 testimonies, %2 violations in the archive.")
            .replace("%1", f"{counts.testimonies:,}")
            .replace("%2", f"{counts.violations:,}")
        )
        self.changes.setText(self._changes_text(counts))
        label = self.context.vocabulary.label
        lang = self.context.language

        def coded(scheme: VocabularyScheme, code: str | None) -> str:
            return label(scheme.value, code, lang) if code else self.tr("Not recorded")

        self._bars(
            "categories",
            [coded(S.VIOLATION_CATEGORY, r.code) for r in counts.categories],
            [
                (self.tr("Violations"), [r.violations for r in counts.categories]),
                (self.tr("Testimonies"), [r.testimonies for r in counts.categories]),
            ],
            [
                Target("violation", {"category": r.code}) if r.code else None
                for r in counts.categories
            ],
        )
        self._bars(
            "years",
            [self._year_label(r.year) for r in counts.years],
            [
                (self.tr("Dated"), [r.violations - r.estimated for r in counts.years]),
                (self.tr("Estimated"), [r.estimated for r in counts.years]),
            ],
            [
                Target("violation", {"year": r.year})
                if r.year not in (SEVERAL_YEARS, UNKNOWN_YEAR)
                else None
                for r in counts.years
            ],
            stacked=True,
            totals=[r.violations for r in counts.years],
            vertical=True,
        )
        self._bars(
            "provinces",
            [coded(S.PROVINCE, r.code) for r in counts.provinces],
            [
                (self.tr("Violations"), [r.violations for r in counts.provinces]),
                (self.tr("Testimonies"), [r.testimonies for r in counts.provinces]),
            ],
            [
                Target("violation", {"province": r.code}) if r.code else None
                for r in counts.provinces
            ],
        )
        self._bars(
            "un_statuses",
            [coded(S.UN_RESPONSE_STATUS, r.code) for r in counts.un_statuses],
            [(self.tr("Violations"), [r.violations for r in counts.un_statuses])],
            [
                Target("violation", {"un_response_status": r.code}) if r.code else None
                for r in counts.un_statuses
            ],
        )
        states = {
            "internal": self.tr("Internal use"),
            "un": self.tr("UN sharing"),
            "public": self.tr("Publication"),
            "none": self.tr("None given"),
            "withdrawn": self.tr("Withdrawn"),
        }
        self._bars(
            "consent",
            list(states.values()),
            [(self.tr("Testimonies"), [counts.consent.get(state, 0) for state in states])],
            [Target("testimony", {"consent": state}) for state in states],
        )
        self._bars(
            "regions",
            [
                f"{r.region} ({reported_cases(r.reported, r.reported_is_minimum)})"
                if r.reported is not None
                else r.region
                for r in counts.regions
            ],
            [
                (self.tr("Reported"), [r.reported or 0 for r in counts.regions]),
                (self.tr("In the records"), [r.counted or 0 for r in counts.regions]),
            ],
            [Target("region", {}, r.uid) for r in counts.regions],
        )
        self.counted.emit()
        self.counts_shown.emit()

    def _year_label(self, year: str) -> str:
        if year == SEVERAL_YEARS:
            return self.tr("Multi-year")
        if year == UNKNOWN_YEAR:
            return self.tr("Undated")
        return year

    def _changes_text(self, counts: DashboardCounts) -> str:
        lines = []
        if counts.since_exchange is not None and counts.last_exchange:
            lines.append(
                self.tr("Since the last exchange (%1, %2): %3")
                .replace("%1", partial_date(counts.last_exchange[:10], "exact", None))
                .replace("%2", counts.last_exchange_peer or "?")
                .replace("%3", self._changed(counts.since_exchange))
            )
        else:
            lines.append(self.tr("No bundle exchanged yet."))
        if counts.since_review is not None and counts.last_review:
            lines.append(
                self.tr("Since your last review (%1): %2")
                .replace("%1", partial_date(counts.last_review[:10], "exact", None))
                .replace("%2", self._changed(counts.since_review))
            )
        else:
            lines.append(self.tr("Not reviewed yet: “Mark as reviewed” starts counting changes."))
        return "\n".join(lines)

    def _changed(self, changes: Changes) -> str:
        return (
            self.tr("testimonies: %1 new, %2 changed; violations: %3 new, %4 changed.")
            .replace("%1", str(changes.testimonies_new))
            .replace("%2", str(changes.testimonies_changed))
            .replace("%3", str(changes.violations_new))
            .replace("%4", str(changes.violations_changed))
        )

    def _bars(
        self,
        name: str,
        labels: Sequence[str],
        series: Sequence[tuple[str, Sequence[int]]],
        targets: Sequence[Target | None],
        stacked: bool = False,
        totals: Sequence[int] | None = None,
        vertical: bool = False,
    ) -> None:
        """One chart, one bar group per label: horizontal bars read top down (long labels
        stay readable), or vertical ones read left to right (years)."""
        view = self.charts[name]
        chart = QChart()
        chart.setTitle(self.chart_titles()[name])
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setVisible(len(series) > 1)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        bars: QAbstractBarSeries
        if vertical:
            bars = QStackedBarSeries() if stacked else QBarSeries()
        else:
            bars = QHorizontalStackedBarSeries() if stacked else QHorizontalBarSeries()
        shown_totals = list(totals) if totals is not None else None
        marked = []
        for index, label in enumerate(labels):
            if shown_totals is not None:
                checked = [shown_totals[index]]
            else:
                checked = [numbers[index] for _, numbers in series]
            small = any(would_suppress(v) for v in checked)
            marked.append(f"{label} {MARK}" if small else label)
        # Qt draws a horizontal chart's first category at the bottom: reversed, the list
        # reads top down. ``order[i]`` is the label of Qt's bar number i.
        order = list(range(len(labels))) if vertical else list(reversed(range(len(labels))))
        sets = []
        for number, (set_name, values) in enumerate(series):
            bar_set = QBarSet(set_name)
            color, pattern = STYLES[number % len(STYLES)]
            bar_set.setBrush(QBrush(color, pattern))
            bar_set.setPen(QPen(color.darker(130)))
            bar_set.setLabelColor(QColor("#000000"))
            bar_set.append([float(values[i]) for i in order])
            bar_set.clicked.connect(lambda index, n=name: self.bar_clicked(n, index))
            bars.append(bar_set)
            sets.append(bar_set)
        bars.setBarWidth(0.8)  # thick enough for the number beside each bar of a pair
        bars.setLabelsVisible(True)
        bars.setLabelsFormat("@value")
        if not stacked:
            bars.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(bars)
        categories = QBarCategoryAxis()
        categories.append([marked[i] for i in order] or [""])
        if vertical and len(labels) > 12:
            categories.setLabelsAngle(-90)  # many years: upright, so that none is cut short
        counts = QValueAxis()
        peak = max([0, *(shown_totals or []), *(v for _, values in series for v in values)])
        step = nice_step(peak)
        # Room after the longest bar for its number; ticks on whole numbers only.
        counts.setRange(0, step * (int(peak * 1.15 / step) + 1))
        counts.setTickType(QValueAxis.TickType.TicksDynamic)
        counts.setTickAnchor(0)
        counts.setTickInterval(step)
        counts.setLabelFormat("%.0f")  # "%d" truncated 1.9999… to 1: ticks read 0, 1, 3, 5
        category_side, count_side = (
            (Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
            if vertical
            else (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
        )
        chart.addAxis(categories, category_side)
        bars.attachAxis(categories)
        chart.addAxis(counts, count_side)
        bars.attachAxis(counts)
        old = view.chart()
        view.setChart(chart)
        old.deleteLater()
        if vertical:
            view.setMinimumHeight(390 if len(labels) > 12 else 320)  # upright labels
        else:
            per_group = ROW_HEIGHT if stacked or len(series) == 1 else ROW_HEIGHT + 16
            legend = 30 if len(series) > 1 else 0
            view.setMinimumHeight(110 + max(1, len(labels)) * per_group + legend)
        self.targets[name] = [targets[i] for i in order]
        self.bar_sets[name] = sets
        # Reading position (top down, or left to right) -> Qt's bar number.
        self.reading[name] = list(range(len(labels))) if vertical else order
        view.setAccessibleDescription(
            "; ".join(
                f"{marked[i]}: " + ", ".join(f"{n} {values[i]}" for n, values in series)
                for i in range(len(labels))
            )
        )

    def bar_clicked(self, name: str, index: int) -> None:
        """Open the records of the bar at ``index`` (in the chart's drawn order)."""
        targets = self.targets.get(name, [])
        target = targets[index] if 0 <= index < len(targets) else None
        if target is None:
            self.status.emit(self.tr("These records cannot be listed by a filter."))
            return
        if target.uid is not None:
            self.open_record.emit(target.kind, target.uid)
        else:
            self.open_filtered.emit(target.kind, dict(target.filters))

    def chart_labels(self, name: str) -> list[str]:
        """A chart's category labels in reading order (top down, or left to right)."""
        axes = [
            axis for axis in self.charts[name].chart().axes() if isinstance(axis, QBarCategoryAxis)
        ]
        if not axes:
            return []
        shown = axes[0].categories()
        return [shown[self.reading[name][i]] for i in range(len(shown))]

    def bar_values(self, name: str) -> list[list[float]]:
        """Each series' values in reading order."""
        reading = self.reading.get(name, [])
        return [[bar_set.at(i) for i in reading] for bar_set in self.bar_sets.get(name, [])]

    def bar_number(self, name: str, position: int) -> int:
        """The number Qt gives the bar at ``position`` in reading order (what its bar set's
        ``clicked`` signal carries)."""
        return self.reading[name][position]


def nice_step(peak: float) -> int:
    """A whole tick interval giving at most about six ticks up to ``peak``: 1, 2, 5, 10 …"""
    step = 1
    while peak / step > 6:
        for factor in (2, 5 / 2, 2):
            step = int(step * factor)
            if peak / step <= 6:
                break
    return step
