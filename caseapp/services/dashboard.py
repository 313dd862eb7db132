"""The archive at a glance (the Dashboard tab): counts by category, by year of the events,
by province, by UN response status and by consent; the regional protection table's figures
beside the counts from records; and what changed since the last exchange and since this
user's last review.

Every count is read through the same store, and so under the same rules, as the lists the
window shows: on a team server a recorder's connection sees only her own rows (row-level
security), and so do these counts. Counts are computed by GROUP BY in SQL (a few small
result sets reach Python) and are meant to be computed off the GUI thread and kept by the
window until records change.

Counts a published report would hide are marked (``would_suppress``): the ``public``
profile shows a count from 1 to 4 as "<5" (caseapp/services/profiles.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal_column, select
from sqlmodel import Session

from caseapp.models import AppMeta, AuditEvent, Consent, Testimony, Violation
from caseapp.models.base import table_of, utc_now
from caseapp.models.enums import AuditAction, DatePrecision
from caseapp.models.violation import YEAR_BAND_SQL
from caseapp.services.access import Access
from caseapp.services.audit import HEAD_KEY, set_meta
from caseapp.services.errors import ServiceError
from caseapp.services.listing.regions import RegionFilter, RegionList
from caseapp.services.listing.violations import live_violation_conditions
from caseapp.services.messages import QT_TRANSLATE_NOOP, Message
from caseapp.services.profiles import SMALL_COUNT_LIMIT
from caseapp.store import CaseStore, counts
from caseapp.store.engines import features

QT_TRANSLATE_NOOP("messages", "the archive was closed", "dashboard.closed")

T = table_of(Testimony)
V = table_of(Violation)
C = table_of(Consent)
E = table_of(AuditEvent)
T_DELETED = T.alias("deleted_testimony")

# The year chart's two bands that are not years. A violation whose dates run over more than
# one calendar year (a detention from 2014 to 2016) is counted once, under SEVERAL_YEARS, not
# under each year it covers nor under its first year: a report reader adds the bars up and
# expects the number of violations, and reads a bar for 2015 as "happened in 2015", which a
# range does not say. An estimate within one year is counted under its year, as a band of its
# own (``YearRow.estimated``), so the chart can show it apart.
SEVERAL_YEARS = "several"
UNKNOWN_YEAR = "unknown"

# app_meta: when this archive last wrote or applied a bundle (services/exchange.py), and when
# each user last marked the dashboard reviewed.
LAST_EXCHANGE_KEY = "exchange_last_at"
REVIEW_KEY_PREFIX = "dashboard_reviewed:"

CONSENT_STATES = ("internal", "un", "public", "none", "withdrawn")  # TestimonyFilter.consent


def would_suppress(count: int) -> bool:
    """Whether the ``public`` profile would hide this count (shown there as "<5")."""
    return 0 < count < SMALL_COUNT_LIMIT


@dataclass(frozen=True)
class CountRow:
    """Violations of one code (None: not recorded) and the distinct testimonies reporting
    them."""

    code: str | None
    violations: int
    testimonies: int


@dataclass(frozen=True)
class YearRow:
    """Violations dated within one calendar year (``year`` "2015"), or the bands
    SEVERAL_YEARS and UNKNOWN_YEAR. ``estimated`` of them have an estimated date."""

    year: str
    violations: int
    estimated: int = 0


@dataclass(frozen=True)
class RegionRow:
    uid: str
    region: str
    reported: int | None  # the external figure
    reported_is_minimum: bool
    counted: int | None  # distinct testimonies from records; None: no provinces named


@dataclass(frozen=True)
class Changes:
    """Records created and changed (edited, deleted or restored, not created) after
    ``since`` (UTC ISO text), as the audit trail tells."""

    since: str
    testimonies_new: int
    testimonies_changed: int
    violations_new: int
    violations_changed: int


@dataclass(frozen=True)
class DashboardCounts:
    testimonies: int
    violations: int
    categories: tuple[CountRow, ...]
    years: tuple[YearRow, ...]
    provinces: tuple[CountRow, ...]
    un_statuses: tuple[CountRow, ...]
    consent: dict[str, int]  # CONSENT_STATES -> testimonies (a testimony may grant several)
    regions: tuple[RegionRow, ...]
    last_exchange: str | None = None  # UTC ISO text
    last_exchange_peer: str = ""
    since_exchange: Changes | None = None
    last_review: str | None = None
    since_review: Changes | None = None
    computed_at: str = field(default_factory=utc_now)


class DashboardClosed(ServiceError):
    """The archive was closed: there is nothing to count any more."""


class DashboardService:
    def __init__(self, store: CaseStore, access: Access) -> None:
        self.store = store
        self.access = access
        self._cached: tuple[tuple[str | None, ...], DashboardCounts] | None = None
        # Held while counting (on the window's worker thread): closing the archive waits for
        # it rather than closing the connections under a count.
        self._counting = threading.Lock()
        self._closed = False

    @property
    def _review_key(self) -> str:
        return (REVIEW_KEY_PREFIX + self.access.name)[:64]

    def mark_reviewed(self) -> str:
        """Remember now as this user's last review; changes are counted from it."""
        now = utc_now()
        with self.store.session() as session:
            set_meta(session, self._review_key, now)
        return now

    def counts(self) -> DashboardCounts:
        """The counts, read again only when the data changed since the last answer: every
        write of a record appends to the audit trail and moves its head (``audit_head`` in
        app_meta), this window's writes and a colleague's on a team server alike, so the
        head, with the review and exchange marks, tells in one look-up whether the answer
        kept is still true. Reading everything again takes most of a second at 100,000
        testimonies; the look-up a fraction of a millisecond."""
        with self._counting:
            if self._closed:
                raise DashboardClosed(Message("dashboard.closed"))
            keys = [HEAD_KEY, LAST_EXCHANGE_KEY, self._review_key]
            with self.store.session() as session:
                meta = _meta(session, keys)
            version = tuple(meta.get(key) for key in keys)
            cached = self._cached
            if cached is not None and cached[0] == version:
                return cached[1]
            counts = self._count(meta)
            self._cached = (version, counts)
            return counts

    def close(self) -> None:
        """Wait for a count under way to end; count nothing afterwards (the archive closes)."""
        with self._counting:
            self._closed = True

    def forget(self) -> None:
        """Drop the answer kept: the next ``counts`` reads everything again."""
        self._cached = None

    def _count(self, meta: dict[str, str]) -> DashboardCounts:
        exchange_at, _, peer = (meta.get(LAST_EXCHANGE_KEY) or "").partition(" ")
        review_at = meta.get(self._review_key)
        with self.store.session() as session:
            kept = counts.readable(session.connection())
            if kept:
                # The counts the database keeps (store/migrations/counts.py): a few small
                # tables, where counting the live rows grows with the archive.
                categories, provinces, years, statuses = _kept_violations(session)
                testimonies, consent = _kept_consent(session)
            since_exchange = changes_since(session, exchange_at) if exchange_at else None
            since_review = changes_since(session, review_at) if review_at else None
        if kept:
            regions = _regions(self.store)
        else:
            (categories, provinces, years, statuses, testimonies, consent, regions) = (
                self._count_live()
            )
        return DashboardCounts(
            testimonies=testimonies,
            violations=sum(row.violations for row in statuses),
            categories=categories,
            years=years,
            provinces=provinces,
            un_statuses=statuses,
            consent=consent,
            regions=regions,
            last_exchange=exchange_at or None,
            last_exchange_peer=peer,
            since_exchange=since_exchange,
            last_review=review_at,
            since_review=since_review,
        )

    def _count_live(self) -> tuple[Any, ...]:
        """The counts from the live rows, as this connection may see them (a recorder on a
        team server, whom the kept counts would tell of others' records)."""
        engine = features(self.store.engine)
        live = live_violation_conditions(engine)

        def by_place() -> tuple[tuple[CountRow, ...], tuple[YearRow, ...], tuple[RegionRow, ...]]:
            with self.store.session() as session:
                provinces = _grouped(session, V.c.province, live)
                years = _years(session, live[1])  # the testimony's half of ``live``
            return provinces, years, _regions(self.store)

        # Places and years on a second connection while this thread counts the rest: each
        # half reads its own indexes (SQLite lets go of the interpreter while it reads), and
        # the two together take little more than the longer one. This thread takes its
        # connection first, so that each half reads on the same connection from one count
        # to the next and finds its pages already decrypted in that connection's cache.
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="caseapp-dashboard") as pool,
            self.store.session() as session,
        ):
            places = pool.submit(by_place)
            categories = _grouped(session, V.c.category, live)
            statuses = _statuses(session, live)
            testimonies, consent = _consent(session)
            provinces, years, regions = places.result()
        return categories, provinces, years, statuses, testimonies, consent, regions


def _regions(store: CaseStore) -> tuple[RegionRow, ...]:
    query = RegionList(store, RegionFilter())
    return tuple(
        RegionRow(
            uid=row["uid"],
            region=row["region"],
            reported=row["reported_cases"],
            reported_is_minimum=bool(row["reported_cases_is_minimum"]),
            counted=row["counted"],
        )
        for row in query.fetch(0, query.count())
    )


def _kept_violations(
    session: Session,
) -> tuple[tuple[CountRow, ...], tuple[CountRow, ...], tuple[YearRow, ...], tuple[CountRow, ...]]:
    """Categories, provinces, year bands and UN response statuses from the kept counts
    (each key's rows added up: see store/counts.py)."""

    def summed(key: Any, *columns: Any) -> Any:
        sums = [func.sum(column) for column in columns]
        return session.execute(select(key, *sums).group_by(key).having(sums[0] > 0))

    kc, kp, ky, ks = (
        counts.count_category,
        counts.count_province,
        counts.count_year,
        counts.count_category_status,
    )
    categories = _ranked(
        CountRow(code, int(n), int(t))
        for code, n, t in summed(kc.c.category, kc.c.violations, kc.c.testimonies)
    )
    provinces = _ranked(
        CountRow(code or None, int(n), int(t))
        for code, n, t in summed(kp.c.province, kp.c.violations, kp.c.testimonies)
    )
    years = _ordered_years(
        YearRow(str(band), int(n), int(e))
        for band, n, e in summed(ky.c.band, ky.c.violations, ky.c.estimated)
    )
    statuses = _ranked(
        CountRow(code or None, int(n), 0) for code, n in summed(ks.c.status, ks.c.violations)
    )
    return categories, provinces, years, statuses


def _kept_consent(session: Session) -> tuple[int, dict[str, int]]:
    """Live testimonies and the consent filters' counts (see ``_consent``), as kept."""
    k = counts.count_testimony
    columns = ("testimonies", "consents", "withdrawn", "internal", "un", "public", "granted_none")
    row = session.execute(select(*(func.coalesce(func.sum(k.c[n]), 0) for n in columns))).one()
    testimonies, *numbers = (int(v) for v in row)
    return testimonies, _consent_numbers(testimonies, *numbers)


def _grouped(session: Session, column: Any, live: list[Any]) -> tuple[CountRow, ...]:
    """Live violations and distinct testimonies per value of ``column``, most first. It
    groups by a bare column that leads a covering index (category, province), so the scan
    stays in the index."""
    distinct = func.count(V.c.testimony_id.distinct())
    statement = select(column, func.count(), distinct).where(*live).group_by(column)
    return _ranked(CountRow(code, int(n), int(t)) for code, n, t in session.execute(statement))


def _ranked(rows: Any) -> tuple[CountRow, ...]:
    return tuple(sorted(rows, key=lambda r: (-r.violations, r.code is None, r.code or "")))


def _statuses(session: Session, live: list[Any]) -> tuple[CountRow, ...]:
    """Live violations per UN response status, added up from the groups of (category,
    status): that walks the (category, un_response_status, ...) index in its own order (45
    ms at 300,000 violations), where grouping by the status alone sorted every row (150 ms).
    No testimonies: the chart shows violations only."""
    statement = (
        select(V.c.un_response_status, func.count())
        .where(*live)
        .group_by(V.c.category, V.c.un_response_status)
    )
    totals: dict[str | None, int] = {}
    for status, n in session.execute(statement):
        totals[status] = totals.get(status, 0) + int(n)
    return _ranked(CountRow(status, n, 0) for status, n in totals.items())


def year_statement(live_testimony: Any) -> Select[str, int, Any]:
    """Live violations per year band, read from the band's index (migration 0021): the band
    spelt as the index spells it (bound parameters would not match it), and "not deleted"
    written so that no index of deleted_at alone is preferred (SQLite took that one and
    read the table: 340 ms at 300,000 violations; from the band's index, 30 ms)."""
    band: ColumnElement[str] = literal_column(YEAR_BAND_SQL)
    estimated = func.sum(case((V.c.date_precision == DatePrecision.ESTIMATE.value, 1), else_=0))
    not_deleted = func.coalesce(V.c.deleted_at, "") == ""
    statement = (
        select(band.label("band"), func.count(), estimated)
        .where(not_deleted, live_testimony)
        .group_by(band)
    )
    return statement


def _years(session: Session, live_testimony: Any) -> tuple[YearRow, ...]:
    statement = year_statement(live_testimony)
    return _ordered_years(
        YearRow(str(b), int(n), int(e or 0)) for b, n, e in session.execute(statement)
    )


def _ordered_years(bands: Iterable[YearRow]) -> tuple[YearRow, ...]:
    """Years in order, then SEVERAL_YEARS and UNKNOWN_YEAR."""
    rows = {row.year: row for row in bands}
    known = sorted(year for year in rows if year not in (SEVERAL_YEARS, UNKNOWN_YEAR))
    ordered = [rows[year] for year in known]
    ordered += [rows[b] for b in (SEVERAL_YEARS, UNKNOWN_YEAR) if b in rows]
    return tuple(ordered)


def _consent(session: Session) -> tuple[int, dict[str, int]]:
    """Live testimonies, and how many of them each consent filter of the testimonies tab
    keeps (TestimonyFilter.consent): the same rules, counted."""
    deleted = select(T_DELETED.c.id).where(T_DELETED.c.deleted_at.is_not(None))
    total = session.execute(select(func.count()).select_from(T).where(T.c.id.not_in(deleted)))
    testimonies = int(total.scalar_one())
    granted = C.c.date_withdrawn.is_(None)

    def counted(condition: Any) -> Any:
        return func.sum(case((condition, 1), else_=0))

    statement = select(
        func.count(),
        counted(C.c.date_withdrawn.is_not(None)),
        counted(and_(granted, C.c.internal.is_(True))),
        counted(and_(granted, C.c.un.is_(True))),
        counted(and_(granted, C.c.public.is_(True))),
        counted(and_(granted, C.c.internal.is_(False), C.c.un.is_(False), C.c.public.is_(False))),
    ).where(C.c.deleted_at.is_(None), C.c.testimony_id.not_in(deleted))
    numbers = (int(value or 0) for value in session.execute(statement).one())
    return testimonies, _consent_numbers(testimonies, *numbers)


def _consent_numbers(
    testimonies: int,
    with_consent: int,
    withdrawn: int,
    internal: int,
    un: int,
    public: int,
    nothing: int,
) -> dict[str, int]:
    """The consent filters' counts: "none" is a testimony with no consent recorded or one
    that grants no scope."""
    return {
        "internal": internal,
        "un": un,
        "public": public,
        "none": testimonies - with_consent + nothing,
        "withdrawn": withdrawn,
    }


def _meta(session: Session, keys: list[str]) -> dict[str, str]:
    meta = table_of(AppMeta)
    rows = session.execute(select(meta.c.key, meta.c.value).where(meta.c.key.in_(keys)))
    return {str(key): str(value) for key, value in rows}


def first_event_after(session: Session, at: str) -> int | None:
    """The id of the first audit event later than ``at``, or None. Events are numbered in
    the order they were appended, and their times rise with the numbers, so a binary search
    by primary key finds it in a few look-ups (an archive of 100,000 testimonies holds close
    to a million events, and ``at`` has no index)."""
    low, high = session.execute(select(func.min(E.c.id), func.max(E.c.id))).one()
    if high is None:
        return None

    def time_of(event: int) -> str | None:
        found = session.execute(select(E.c.at).where(E.c.id >= event).order_by(E.c.id).limit(1))
        return found.scalar_one_or_none()

    last = time_of(high)
    if last is None or last <= at:
        return None
    while low < high:
        middle = (low + high) // 2
        when = time_of(middle)
        if when is not None and when > at:
            high = middle
        else:
            low = middle + 1
    return int(low)


def changes_since(session: Session, at: str) -> Changes:
    """Records created and changed after ``at``, counted from the audit trail. Only records
    the user can read count: a record's events are counted when its row is visible (on a
    team server a recorder's own rows), so counts say nothing of records she may not see."""
    first = first_event_after(session, at)
    counted: dict[str, tuple[int, int]] = {"testimony": (0, 0), "violation": (0, 0)}
    if first is not None:
        for table_name, table in (("testimony", T), ("violation", V)):
            created = func.count(
                case((E.c.action == AuditAction.CREATE.value, E.c.record_uid)).distinct()
            )
            statement = select(created, func.count(E.c.record_uid.distinct())).where(
                E.c.id >= first,
                E.c.table_name == table_name,
                E.c.record_uid.in_(select(table.c.uid)),
            )
            new, touched = session.execute(statement).one()
            counted[table_name] = (int(new or 0), int(touched or 0) - int(new or 0))
    return Changes(
        since=at,
        testimonies_new=counted["testimony"][0],
        testimonies_changed=counted["testimony"][1],
        violations_new=counted["violation"][0],
        violations_changed=counted["violation"][1],
    )


def record_exchange(session: Session, peer: str) -> None:
    """Remember, in the caller's transaction, that a bundle was written to or applied from
    ``peer`` now (the dashboard counts changes since)."""
    set_meta(session, LAST_EXCHANGE_KEY, f"{utc_now()} {peer}"[:2000])
