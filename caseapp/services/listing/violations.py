"""The violations list and the tabulation by category that the field reports ("Violation
category | Reported impact | UN response")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, and_, func, or_, select
from sqlmodel import Session

from caseapp.models import Testimony, Violation, VocabularyTerm
from caseapp.models.base import table_of
from caseapp.models.enums import VocabularyScheme
from caseapp.services.dates import DateProblem, parse_partial
from caseapp.services.listing.base import (
    PAGE_LIMIT,
    PAGE_OFFSET,
    ListQuery,
    Skipping,
    Sort,
    kept_total,
    ordered_keys,
    overlaps,
)
from caseapp.services.messages import Message
from caseapp.store import CaseStore, counts
from caseapp.store.engines import EngineFeatures, features
from caseapp.store.live_counts import kept_counts
from caseapp.store.sort_keys import SORT_VIOLATION

V = table_of(Violation)
T = table_of(Testimony)
VT = table_of(VocabularyTerm)
V_DELETED = V.alias("deleted_violation")
SV = SORT_VIOLATION

MAX_IMPACTS = 5  # impacts listed per category; the rest are counted, not listed


@dataclass(frozen=True)
class ViolationFilter:
    """Empty fields do not narrow. ``category`` and ``province`` include their child terms
    (choosing "Detention, torture and executions" also finds "Torture") unless
    ``subcategories`` is False, which the table view uses to list exactly one of its rows."""

    category: str | None = None
    subcategories: bool = True
    province: str | None = None
    subprovinces: bool = True  # False: exactly ``province`` (a dashboard bar of that code)
    perpetrator: str | None = None
    un_response_status: str | None = None
    verification_status: str | None = None
    text: str = ""  # in place or reported impact
    date_from: str = ""  # partial dates: "2019", "2019-03", "2019-03-14"
    date_to: str = ""
    # "2015": only violations dated within that calendar year, a range over several years
    # not (the dashboard's bar for a year; caseapp/services/dashboard.py).
    year: str | None = None


@dataclass(frozen=True)
class CategoryRow:
    """One row of the tabulation. ``impacts`` and ``statuses`` are (value, count) pairs,
    most frequent first; ``impacts`` holds at most MAX_IMPACTS of ``distinct_impacts``.
    A status of None counts violations whose UN response is not recorded."""

    category: str
    violations: int
    testimonies: int
    impacts: tuple[tuple[str, int], ...]
    distinct_impacts: int
    statuses: tuple[tuple[str | None, int], ...]


def date_filter_bounds(date_from: str, date_to: str) -> tuple[str | None, str | None]:
    """The first day ``date_from`` can mean and the last day ``date_to`` can mean, as ISO
    text; raise DateProblem for a malformed or impossible date, or a reversed range.

    A filter may reach into the future ("until 2030"), so only the form is checked there."""
    first = last = None
    if date_from.strip():
        first = parse_partial(date_from.strip(), today=date.max)[0]
    if date_to.strip():
        last = parse_partial(date_to.strip(), today=date.max)[1]
    if first is not None and last is not None and last < first:
        raise DateProblem(Message("date.before", date=date_to.strip(), earliest=date_from.strip()))
    return (
        None if first is None else first.isoformat(),
        None if last is None else last.isoformat(),
    )


def _with_children(scheme: VocabularyScheme, code: str) -> Select[Any]:
    """The term and its children (vocabularies here are two levels deep)."""
    return select(VT.c.code).where(
        VT.c.scheme == scheme.value, or_(VT.c.code == code, VT.c.parent_code == code)
    )


def _live_testimony() -> ColumnElement[bool]:
    """Violation rows whose testimony is not deleted. Deleted testimonies are few, so the
    NOT IN list is small and no join is needed per violation."""
    deleted = select(T.c.id).where(T.c.deleted_at.is_not(None))
    return V.c.testimony_id.not_in(deleted)


def live_violation_conditions(engine: EngineFeatures) -> list[ColumnElement[bool]]:
    """Live violations of live testimonies, as the tabulation by category reads them: "not
    deleted", marked as holding for nearly every row, so that SQLite scans a covering index
    of the grouped column rather than the table (caseapp/services/dashboard.py)."""
    return [engine.common(V.c.deleted_at.is_(None)), _live_testimony()]


def _live() -> ColumnElement[bool]:
    """Violations that are not deleted, told by id from the few deleted ones (as the
    testimonies list does), so that the index of the sort is walked with the id alone: with
    "deleted_at IS NULL" SQLite read the violations through the deleted_at index (of every
    row until migration 0035) and sorted them all."""
    deleted = select(V_DELETED.c.id).where(V_DELETED.c.deleted_at.is_not(None))
    return V.c.id.not_in(deleted)


def _conditions(filter_: ViolationFilter, engine: EngineFeatures) -> list[ColumnElement[bool]]:
    """The filter's conditions, the first of them "not deleted" (which the tabulation by
    category says its own way)."""
    conditions: list[ColumnElement[bool]] = [_live(), _live_testimony()]
    if filter_.category:
        if filter_.subcategories:
            children = _with_children(VocabularyScheme.VIOLATION_CATEGORY, filter_.category)
            conditions.append(V.c.category.in_(children))
        else:
            conditions.append(V.c.category == filter_.category)
    if filter_.province:
        if filter_.subprovinces:
            conditions.append(
                V.c.province.in_(_with_children(VocabularyScheme.PROVINCE, filter_.province))
            )
        else:
            conditions.append(V.c.province == filter_.province)
    for name in ("perpetrator", "un_response_status", "verification_status"):
        value = getattr(filter_, name)
        if value:
            conditions.append(V.c[name] == value)
    text = filter_.text.strip()
    if text:
        conditions.append(
            or_(
                engine.contains(V.c.place, text),
                engine.contains(V.c.reported_impact, text),
            )
        )
    if filter_.date_from.strip() or filter_.date_to.strip():
        first, last = date_filter_bounds(filter_.date_from, filter_.date_to)
        conditions += overlaps(V.c.date_start, V.c.date_end, first, last)
        # A span gives the covering index no place to start (overlaps' docstring); no span
        # is longer than the archive's longest, which gives one (migration 0031).
        earliest = engine.earliest_start("violation", first) if first else None
        if earliest is not None:
            conditions.append(V.c.date_start >= earliest)
    if filter_.year:
        conditions += within_year(filter_.year)
    return conditions


def within_year(year: str) -> list[ColumnElement[bool]]:
    """Violations whose dates, start and end, fall in the calendar year ``year`` ("2015")."""
    end = func.coalesce(V.c.date_end, V.c.date_start)
    return [func.substr(V.c.date_start, 1, 4) == year, func.substr(end, 1, 4) == year]


def _testimony_column(column: ColumnElement[Any]) -> ColumnElement[Any]:
    return select(column).where(T.c.id == V.c.testimony_id).scalar_subquery()


# A filter is sparse for a walked sort when it matches under SPARSE of the live violations.
# Measured at three million violations: reading the covering index whole and sorting costs
# about 0.8 s (more by testimony, whose code is looked up per match: 1.5 s for 27,000); the
# walk costs about 3 ms (by category) to 16 ms (by testimony) divided by the share that
# matches (1.8 s by testimony at 0.9 %, 84 ms by category at 3.4 %): they cross near 0.5 %.
SPARSE = 0.005
# Sorted by testimony under a filter, a page walks the stored codes in order when the walk to
# it passes at most WALK_MOST violations (by the share the filter keeps), each looked up
# by id for its filtered columns (2-3 us): the first page of the torture violations (3 %)
# in 20 ms. Further down, it reads the filter's matches and sorts them by their stored
# codes: 50-95 ms for the torture violations, 0.8 s for the 240,000 with no UN response.
WALK_MOST = 20_000
# The testimony and the category term of each violation, joined only to sort by them.
T_SORTED = T.alias("testimony_sorted")
VT_SORTED = VT.alias("category_sorted")
# Sorts by a column of another table, walked there and joined to each row's violations in
# id order: (table walked, its sort column, the join).
WALKED_SORTS: dict[str, tuple[Any, ColumnElement[Any], ColumnElement[bool]]] = {
    # The testimony's code as stored for each violation (migration 0036): a look-up by
    # the violation's id in a narrow table, where the testimony's row holds its text
    # (about 22 us a row: 2 s for the 91,000 torture violations at three million).
    "testimony_code": (SV, SV.c.testimony_code, SV.c.id == V.c.id),
    # Every violation has a category, and every category is a term (validated).
    "category": (
        VT_SORTED,
        VT_SORTED.c.sort_order,
        and_(
            VT_SORTED.c.scheme == VocabularyScheme.VIOLATION_CATEGORY.value,
            VT_SORTED.c.code == V.c.category,
        ),
    ),
}


class ViolationList(ListQuery[ViolationFilter]):
    """Every sort offered walks an index: the date its own; the testimony's code the
    testimonies' code index, and the category its terms in their order, each followed by
    its violations in id order (ix_violation_testimony_id, ix_violation_category). Each of
    these indexes holds the testimony id, so a page is found without reading a row."""

    default_sort = Sort("date_start", descending=True)

    def select_rows(self) -> Select[Any]:
        return self._columns().where(*_conditions(self.filter, features(self.store.engine)))

    def _columns(self) -> Select[Any]:
        # The testimony's uid and code come from correlated lookups by primary key, not a
        # join: without table statistics SQLite may otherwise drive the join from the
        # testimony side and read violations in random order, which is very slow on a large
        # encrypted file.
        return select(
            V.c.uid,
            _testimony_column(T.c.uid).label("testimony_uid"),
            _testimony_column(T.c.code).label("testimony_code"),
            V.c.category,
            V.c.date_start,
            V.c.date_end,
            V.c.date_precision,
            V.c.province,
            V.c.place,
            V.c.perpetrator,
            V.c.reported_impact,
            V.c.un_mechanism,
            V.c.un_response_status,
            V.c.verification_status,
        )

    def sort_columns(self) -> dict[str, ColumnElement[Any]]:
        """Only sorts an index serves (issue 18). The other vocabulary columns may be empty
        (a join to the terms would drop those rows) and the reported impact is long free
        text: the window does not offer to sort by them."""
        return {
            **{key: walked[1] for key, walked in WALKED_SORTS.items()},
            "date_start": V.c.date_start,
            "id": V.c.id,
        }

    def build_page_statement(self, descending: bool) -> Select[Any]:
        """The ids of one page, found in the sort's index alone (it holds what the
        conditions of an unfiltered list read), then the shown columns of those rows: read
        in one statement, every row before the page was read from the table too. The page
        carries its sort keys, so that its rows are put in order without another walk."""
        source, keys = self._sorted()
        engine = features(self.store.engine)
        sparse, walked = self.plan_choice()
        if walked:
            # Near the start of a filtered list sorted by testimony: the stored codes walked
            # in order, each violation's filtered columns looked up, until the page is
            # found. Left to itself SQLite reads a category's matches whole and sorts them.
            source = engine.walked_join(SV, V, SV.c.id == V.c.id)
        ids = (
            select(V.c.id.label("page_id"), *(key.label(f"key{i}") for i, key in enumerate(keys)))
            .select_from(source)
            .where(*_conditions(self.filter, engine))
            .order_by(*ordered_keys(keys, descending))
            .offset(PAGE_OFFSET)
            .limit(PAGE_LIMIT)
        )
        if walked:
            ids = engine.indexed(ids, SV, "ix_sort_violation_testimony")
        elif self._short_filters() and (self.sort.key not in WALKED_SORTS or sparse):
            # Filtered by its short columns and sorted by date, the page is found walking the
            # covering index in order: through the date index each candidate row was read
            # (65 s a page by UN response, 26 s by dates at three million violations).
            # Sorted by testimony or category, the walk of that order finds a dense filter's
            # matches at once, but reads the whole table for a sparse one (36 s at three
            # million): those read the covering index whole and sort their matches (0.8 s).
            ids = engine.indexed(ids, V, engine.VIOLATION_LIST)
        page = ids.subquery("page")
        shown = [page.c[f"key{i}"] for i in range(len(keys))]
        return (
            self._columns()
            .select_from(page.join(V, V.c.id == page.c.page_id))
            .order_by(*ordered_keys(shown, descending))
        )

    def skipping(self) -> Skipping | None:
        """Unfiltered, the sort's walk with the deleted violations and the deleted
        testimonies' ones in it (see Skipping): 12 against 120 ms for the middle page by
        date at three million violations."""
        if len(_conditions(self.filter, features(self.store.engine))) != 2:
            return None
        deleted = select(V_DELETED.c.id).where(V_DELETED.c.deleted_at.is_not(None))
        of_deleted = select(T.c.id).where(T.c.deleted_at.is_not(None))
        if self.sort.key == "testimony_code":
            # The stored code (migration 0036): the same order in one index, where the walk
            # through the testimonies' codes joined each one's violations (130 ms of the
            # middle page at three million violations).
            ids = SV.c.id
            of_deleted = select(V.c.id).where(V.c.testimony_id.in_(of_deleted))
            return Skipping(
                keys=[SV.c.testimony_code, ids],
                source=SV,
                dead=[ids.in_(deleted), ids.in_(of_deleted)],
            )
        source, keys = self._sorted()
        dead = [V.c.id.in_(deleted), V.c.testimony_id.in_(of_deleted)]
        groups = self._category_groups() if self.sort.key == "category" else None
        return Skipping(keys=keys, source=source, dead=dead, groups=groups)

    def _category_groups(self) -> Select[Any] | None:
        """The categories in their order with their live violations as the database keeps
        them (counts.count_category), so that a page walks from the start of its category:
        the walk through the terms and each one's violations to the middle of three million
        took 40-50 ms. None where the kept counts may not be read (a recorder on a team
        server)."""
        with self.store.engine.connect() as conn:
            if not counts.readable(conn):
                return None
        kept = counts.count_category
        live = (
            select(kept.c.category, func.sum(kept.c.violations).label("live"))
            .group_by(kept.c.category)
            .subquery("live")
        )
        terms, _, _ = WALKED_SORTS["category"]
        return (
            select(
                terms.c.sort_order.label("g0"),
                terms.c.id.label("g1"),
                func.coalesce(live.c.live, 0).label("live"),
            )
            .select_from(terms.outerjoin(live, live.c.category == terms.c.code))
            .where(terms.c.scheme == VocabularyScheme.VIOLATION_CATEGORY.value)
            .order_by(terms.c.sort_order, terms.c.id)
        )

    def count(self) -> int:
        """The filtered count, in the covering index (the table was read: 1 s by UN
        response, 1.2 s by category and province, 38 s by dates at three million
        violations); a category or a province alone has an index of its own, which counts
        faster (13 ms)."""
        engine = features(self.store.engine)
        conditions = _conditions(self.filter, engine)
        if len(conditions) == 2:  # "not deleted" and "of a live testimony" alone: no filter
            with self.store.session() as session:
                # Kept by the database as violations are written (0.3 s counted at three
                # million, on every save that refreshed the list; a millisecond so).
                kept = kept_total(session, counts.count_province.c.violations)
            if kept is not None:
                return kept
        statement = select(func.count()).select_from(V).where(*conditions)
        tested = self._short_tests()
        alone = sum(tested) == 1 and (tested[0] or tested[1])  # category or province
        if self._short_filters() and not alone:
            statement = engine.indexed(statement, V, engine.VIOLATION_LIST)
        with self.store.session() as session:
            return int(session.execute(statement).scalar_one())

    def plan_choice(self) -> tuple[bool, bool]:
        """Whether the filter is sparse for a walked sort: matching under SPARSE of the live
        violations (by the count the window read), and not the category sort under a
        category filter (its matches lie together in that walk); and whether a page sorted
        by testimony under a filter walks the stored codes to it (see WALK_MOST)."""
        if self.sort.key not in WALKED_SORTS or self.matching is None:
            return False, False
        with self.store.engine.connect() as conn:
            kept = kept_counts(conn)
        if kept is None:
            return False, False
        live = kept.get("violation", 0)
        sparse = self.matching < SPARSE * live
        if self.sort.key == "category" and self.filter.category:
            sparse = False
        walked = False
        if self.sort.key == "testimony_code" and not sparse and self.reading_to is not None:
            filtered = len(_conditions(self.filter, features(self.store.engine))) > 2
            passed = self.reading_to * live / max(self.matching, 1)
            walked = filtered and passed <= WALK_MOST
        return sparse, walked

    def _short_tests(self) -> list[bool]:
        """Which of the columns the covering index holds the filter tests: category,
        province, perpetrator, UN response, verification, dates, year."""
        flt = self.filter
        return [
            bool(value)
            for value in (
                flt.category,
                flt.province,
                flt.perpetrator,
                flt.un_response_status,
                flt.verification_status,
                flt.date_from.strip() or flt.date_to.strip(),
                flt.year,
            )
        ]

    def _short_filters(self) -> bool:
        """Whether the filter tests columns the covering index holds, and no long text."""
        return any(self._short_tests()) and not self.filter.text.strip()

    def _sorted(self) -> tuple[FromClause, list[ColumnElement[Any]]]:
        """What the sort reads (the violations, or the table walked) and its keys."""
        if self.sort.key not in WALKED_SORTS:
            return V, [self.sort_columns()[self.sort.key], V.c.id]
        sorted_by, key, on = WALKED_SORTS[self.sort.key]
        return sorted_by.join(V, on), [key, sorted_by.c.id, V.c.id]


def category_table(store: CaseStore, filter_: ViolationFilter | None = None) -> list[CategoryRow]:
    """One row per category with violations: counts, impacts and UN response statuses, most
    violations first. Unfiltered, read from the counts the database keeps; filtered (or for
    a recorder on a team server, see store/counts.py), three GROUP BY queries over the live
    rows; only their small results reach Python."""
    filter_ = filter_ or ViolationFilter()
    # "Not deleted" holds for nearly every row; told so, SQLite scans the covering indexes
    # below instead of reading every row from the table (it walked the index of every
    # row's deleted_at, which holds only the deleted ones since migration 0035).
    engine = features(store.engine)
    live = engine.common(V.c.deleted_at.is_(None))
    conditions = [live, *_conditions(filter_, engine)[1:]]
    # Grouped by the bare column: the covering indexes (category, un_response_status |
    # reported_impact, testimony_id, deleted_at) of migration 0006 hold every column these
    # queries read, so each GROUP BY walks one index in order and never touches the
    # encrypted table rows (a table scan took about 1.3 s at 300,000 violations).
    grouped = V.c.category

    totals = (
        select(
            grouped,
            func.count().label("violations"),
            func.count(V.c.testimony_id.distinct()).label("testimonies"),
        )
        .select_from(V)
        .where(*conditions)
        .group_by(grouped)
    )

    impact_groups = (
        select(
            grouped,
            V.c.reported_impact,
            func.count().label("n"),
            func.row_number()
            .over(
                partition_by=grouped,
                order_by=(func.count().desc(), V.c.reported_impact),
            )
            .label("rank"),
            func.count().over(partition_by=grouped).label("distinct_impacts"),
        )
        .select_from(V)
        .where(*conditions, V.c.reported_impact != "")
        .group_by(grouped, V.c.reported_impact)
        .subquery()
    )
    impacts = select(
        impact_groups.c.category,
        impact_groups.c.reported_impact,
        impact_groups.c.n,
        impact_groups.c.distinct_impacts,
    ).where(impact_groups.c.rank <= MAX_IMPACTS)

    statuses = (
        select(grouped, V.c.un_response_status, func.count().label("n"))
        .select_from(V)
        .where(*conditions)
        .group_by(grouped, V.c.un_response_status)
    )

    with store.session() as session:
        if filter_ == ViolationFilter() and counts.readable(session.connection()):
            return _kept_category_table(session)
        total_rows = session.execute(totals).all()
        impact_rows = session.execute(impacts).all()
        status_rows = session.execute(statuses).all()
    return _tabulated(total_rows, impact_rows, status_rows)


def _kept_category_table(session: Session) -> list[CategoryRow]:
    """The whole tabulation from the counts the database keeps (store/migrations/counts.py;
    each key's rows added up): small tables, where the live rows took 17 s to count at
    3,000,000 violations."""
    kc, ki, ks = counts.count_category, counts.count_category_impact, counts.count_category_status
    violations = func.sum(kc.c.violations)
    totals = (
        select(kc.c.category, violations, func.sum(kc.c.testimonies))
        .group_by(kc.c.category)
        .having(violations > 0)
    )
    n = func.sum(ki.c.n)
    ranked = (
        select(
            ki.c.category,
            ki.c.impact,
            n.label("n"),
            func.row_number()
            .over(partition_by=ki.c.category, order_by=(n.desc(), ki.c.impact))
            .label("rank"),
            func.count().over(partition_by=ki.c.category).label("distinct_impacts"),
        )
        .group_by(ki.c.category, ki.c.impact)
        .having(n > 0)
        .subquery()
    )
    impacts = select(
        ranked.c.category, ranked.c.impact, ranked.c.n, ranked.c.distinct_impacts
    ).where(ranked.c.rank <= MAX_IMPACTS)
    in_status = func.sum(ks.c.violations)
    statuses = (
        select(ks.c.category, ks.c.status, in_status)
        .group_by(ks.c.category, ks.c.status)
        .having(in_status > 0)
    )
    return _tabulated(
        session.execute(totals).all(),
        session.execute(impacts).all(),
        [(category, status or None, n) for category, status, n in session.execute(statuses)],
    )


def _tabulated(total_rows: Any, impact_rows: Any, status_rows: Any) -> list[CategoryRow]:
    impacts_of: dict[str, list[tuple[str, int]]] = {}
    distinct_of: dict[str, int] = {}
    for category, impact, n, distinct in impact_rows:
        impacts_of.setdefault(category, []).append((impact, n))
        distinct_of[category] = distinct
    statuses_of: dict[str, list[tuple[str | None, int]]] = {}
    for category, status, n in status_rows:
        statuses_of.setdefault(category, []).append((status, n))

    rows = []
    for category, violations, testimonies in total_rows:
        ranked_impacts = sorted(impacts_of.get(category, []), key=lambda p: (-p[1], p[0]))
        ranked_statuses = sorted(
            statuses_of.get(category, []),
            key=lambda p: (-p[1], p[0] is None, p[0] or ""),
        )
        rows.append(
            CategoryRow(
                category=category,
                violations=violations,
                testimonies=testimonies,
                impacts=tuple(ranked_impacts),
                distinct_impacts=distinct_of.get(category, 0),
                statuses=tuple(ranked_statuses),
            )
        )
    rows.sort(key=lambda r: (-r.violations, r.category))
    return rows


def testimony_code(store: CaseStore, testimony_uid: str) -> str | None:
    """The code a violation's testimony is shown by."""
    with store.session() as session:
        code = session.execute(
            select(T.c.code).where(T.c.uid == testimony_uid)
        ).scalar_one_or_none()
    return None if code is None else str(code)
