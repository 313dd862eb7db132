"""The violations list and the tabulation by category that the field reports ("Violation
category | Reported impact | UN response")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlmodel import Session

from caseapp.models import Testimony, Violation, VocabularyTerm
from caseapp.models.base import table_of
from caseapp.models.enums import VocabularyScheme
from caseapp.services.dates import DateProblem, parse_partial
from caseapp.services.listing.base import ListQuery, Sort, overlaps
from caseapp.services.messages import Message
from caseapp.store import CaseStore, counts
from caseapp.store.engines import EngineFeatures, features

V = table_of(Violation)
T = table_of(Testimony)
VT = table_of(VocabularyTerm)

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


def _conditions(filter_: ViolationFilter, engine: EngineFeatures) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [V.c.deleted_at.is_(None), _live_testimony()]
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
    if filter_.year:
        conditions += within_year(filter_.year)
    return conditions


def within_year(year: str) -> list[ColumnElement[bool]]:
    """Violations whose dates, start and end, fall in the calendar year ``year`` ("2015")."""
    end = func.coalesce(V.c.date_end, V.c.date_start)
    return [func.substr(V.c.date_start, 1, 4) == year, func.substr(end, 1, 4) == year]


def _testimony_column(column: ColumnElement[Any]) -> ColumnElement[Any]:
    return select(column).where(T.c.id == V.c.testimony_id).scalar_subquery()


def _vocabulary_order(scheme: VocabularyScheme, code: ColumnElement[Any]) -> ColumnElement[Any]:
    """Sort coded columns in the vocabulary's own order (the order of the pickers), which
    reads the same in Korean and English."""
    return (
        select(VT.c.sort_order)
        .where(VT.c.scheme == scheme.value, VT.c.code == code)
        .scalar_subquery()
    )


class ViolationList(ListQuery[ViolationFilter]):
    default_sort = Sort("date_start", descending=True)

    def select_rows(self) -> Select[Any]:
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
        ).where(*_conditions(self.filter, features(self.store.engine)))

    def sort_columns(self) -> dict[str, ColumnElement[Any]]:
        s = VocabularyScheme
        return {
            "testimony_code": _testimony_column(T.c.code),
            "category": _vocabulary_order(s.VIOLATION_CATEGORY, V.c.category),
            "date_start": V.c.date_start,
            "date_end": V.c.date_end,
            "date_precision": V.c.date_precision,
            "province": _vocabulary_order(s.PROVINCE, V.c.province),
            "place": V.c.place,
            "perpetrator": _vocabulary_order(s.PERPETRATOR, V.c.perpetrator),
            "reported_impact": V.c.reported_impact,
            "un_mechanism": _vocabulary_order(s.UN_MECHANISM, V.c.un_mechanism),
            "un_response_status": _vocabulary_order(s.UN_RESPONSE_STATUS, V.c.un_response_status),
            "verification_status": _vocabulary_order(
                s.VERIFICATION_STATUS, V.c.verification_status
            ),
            "id": V.c.id,
        }


def category_table(store: CaseStore, filter_: ViolationFilter | None = None) -> list[CategoryRow]:
    """One row per category with violations: counts, impacts and UN response statuses, most
    violations first. Unfiltered, read from the counts the database keeps; filtered (or for
    a recorder on a team server, see store/counts.py), three GROUP BY queries over the live
    rows; only their small results reach Python."""
    filter_ = filter_ or ViolationFilter()
    # "Not deleted" holds for nearly every row; told so, SQLite scans the covering indexes
    # below instead of walking ix_violation_deleted_at and reading every row from the table.
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
