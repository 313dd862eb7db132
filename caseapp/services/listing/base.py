"""A list query: one SELECT of the columns a view shows, filtered and sorted in SQL, read a
page at a time. Views never load whole ORM objects per row."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    FromClause,
    Integer,
    Select,
    and_,
    bindparam,
    false,
    func,
    literal,
    or_,
    select,
    tuple_,
    union,
)

from caseapp.store import CaseStore, counts
from caseapp.store.engines import features

F = TypeVar("F")


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool = False


Row = dict[str, Any]


class ListQuery(ABC, Generic[F]):
    """Subclasses name their columns, how to sort by each, and how a filter narrows them.

    Every row carries ``uid``; the id is the final tie-breaker so that paging is stable."""

    default_sort: Sort

    def __init__(self, store: CaseStore, filter_: F) -> None:
        self.store = store
        self.filter = filter_
        self.sort = self.default_sort
        self._statements: dict[bool, Select[Any]] = {}
        self._compiled: dict[bool, Prepared] = {}
        self.matching: int | None = None  # the filtered count the last page was read with
        # While a page is read: how far into the list, going the way it is read, its last
        # row lies (what a walk to it passes, for a plan that depends on that).
        self.reading_to: int | None = None
        self._page_key: tuple[Any, Sort, Any] | None = None
        self._skip: tuple[tuple[Any, Sort], SkipStatements | None] | None = None

    @abstractmethod
    def select_rows(self) -> Select[Any]:
        """The filtered SELECT of every shown column (``uid`` included), not yet ordered."""

    @abstractmethod
    def sort_columns(self) -> dict[str, ColumnElement[Any]]:
        """Sort key -> SQL expression; the id column under key ``"id"``."""

    def set_sort(self, key: str, descending: bool = False) -> None:
        if key not in self.sort_columns():
            raise ValueError(f"cannot sort by {key!r}")
        self.sort = Sort(key, descending)

    def count(self) -> int:
        inner = self.select_rows().order_by(None).subquery()
        with self.store.session() as session:
            return int(session.execute(select(func.count()).select_from(inner)).scalar_one())

    def matching_uids(self) -> Select[Any]:
        """A SELECT of the uids the current filter keeps, for an export of "what the tab
        shows" (used as a subquery: ``uid IN (...)``; never materialised in Python)."""
        inner = self.select_rows().order_by(None).subquery("shown")
        return select(inner.c.uid)

    def fetch(self, offset: int, limit: int, total: int | None = None) -> list[Row]:
        """Rows ``offset`` to ``offset + limit`` in the current order. Given the filtered
        ``total``, a page past the middle is read from the other end, in the opposite order,
        and turned round: an offset is walked row by row through the index, so the last
        page of a million testimonies took 75 ms from the front and is the first from the
        back (the middle, the farthest from both, about half that)."""
        if total == 0 or (total is not None and offset >= total):
            return []  # nothing to read: a walk for no match could read the whole table
        self.matching = total
        if total is not None and offset > total // 2 and offset < total:
            limit = min(limit, total - offset)
            back = total - offset - limit
            rows = self._page_rows(True, back, limit)
            rows.reverse()
            return rows
        return self._page_rows(False, offset, limit)

    def _page_rows(self, reverse: bool, offset: int, limit: int) -> list[Row]:
        if offset >= SKIP_FROM:
            rows = self._skipped_page(reverse, offset, limit)
            if rows is not None:
                return rows
        self.reading_to = offset + limit
        try:
            return self._prepared(reverse).rows(self.store, page_params(offset, limit))
        finally:
            self.reading_to = None

    def skipping(self) -> Skipping | None:
        """How this list's order is walked with its dead entries in it (see Skipping); None
        when the list is filtered or cannot say."""
        return None

    def _skipped_page(self, reverse: bool, offset: int, limit: int) -> list[Row] | None:
        """The page at ``offset`` of the live entries, found by walking every entry without
        testing each (see Skipping); None when the list cannot be walked so, or too many of
        its entries are dead."""
        key = (self.filter, self.sort)
        if self._skip is None or self._skip[0] != key:
            skipping = self.skipping()
            self._skip = (key, None if skipping is None else SkipStatements(self, skipping))
        statements = self._skip[1]
        if statements is None:
            return None
        with self.store.engine.connect() as conn:
            features(conn).browsing_cache(conn)
            return statements.page(conn, self.sort.descending != reverse, offset, limit)

    def _prepared(self, reverse: bool) -> Prepared:
        statement = self.page_statement(reverse)
        prepared = self._compiled.get(reverse)
        if prepared is None or prepared.statement is not statement:
            prepared = self._compiled[reverse] = Prepared(statement, self.store.engine.dialect)
        return prepared

    def page_statement(self, reverse: bool = False) -> Select[Any]:
        """The page SELECT for the current filter and sort (in the opposite order when
        ``reverse``), with the offset and limit as parameters; built once per filter and
        sort (building it took longer than running it)."""
        key = (self.filter, self.sort, self.plan_choice())
        if self._page_key != key:
            self._statements = {}
            self._page_key = key
        if reverse not in self._statements:
            self._statements[reverse] = self.build_page_statement(self.sort.descending != reverse)
        return self._statements[reverse]

    def plan_choice(self) -> Any:
        """What, besides the filter and sort, the page statement depends on (a list may
        read a sparse filter's matches another way than a dense one's); None here."""
        return None

    def build_page_statement(self, descending: bool) -> Select[Any]:
        """The page SELECT in the current sort's key, going down when ``descending``."""
        columns = self.sort_columns()
        order = ordered(columns[self.sort.key], columns["id"], descending)
        return self.select_rows().order_by(*order).offset(PAGE_OFFSET).limit(PAGE_LIMIT)


# Pages nearer the start than this are read with the liveness tests, as the first ones.
SKIP_FROM = 2_000
# With more dead entries than this (the trash unusually full), the tests are cheaper.
SKIP_MOST = 1_000
ROW_ID = "caseapp_row_id"
ROWS_OF = 200  # the page's rows read by id at a time (a window's page)


@dataclass(frozen=True)
class Skipping:
    """An unfiltered list's order walked with its dead entries in it (deleted records, and
    for a violation a deleted testimony's), then the few dead ones left out.

    A list's page statement tests every entry it walks past against the deleted ids, and
    an offset walks every entry before the page: the middle page of three million
    violations walked 1.5 million entries, 120 ms by date, against 12 ms for the same walk
    without the tests. Dead entries are few, so the walk skips them by number instead: the
    page's start among all the entries is its offset plus the dead entries ordered before
    it, counted among the dead ones alone.

    ``keys`` are the sort keys, the last of them the entry's id (the list's "id" sort
    column); ``source`` what they are read from; ``dead`` conditions on ``source`` that
    together select the dead entries (each alone, so that each can use its own index)."""

    keys: Sequence[ColumnElement[Any]]
    source: FromClause
    dead: Sequence[ColumnElement[bool]]
    # Optional: the groups the order falls into by its first two keys (never empty), with
    # each one's live entries as the database keeps them: a statement of rows (g0, g1,
    # live) in the order going up. A page then walks from the start of its group.
    groups: Select[Any] | None = None
    where: Sequence[ColumnElement[bool]] = ()  # the part of the order walked

    def _labelled(self) -> list[ColumnElement[Any]]:
        return [key.label(f"k{i}") for i, key in enumerate(self.keys)]

    def walk_statement(self, descending: bool) -> Select[Any]:
        return (
            select(*self._labelled())
            .select_from(self.source)
            .where(*self.where)
            .order_by(*ordered_keys(self.keys, descending))
            .offset(PAGE_OFFSET)
            .limit(PAGE_LIMIT)
        )

    def from_group(self, values: tuple[Any, Any], descending: bool) -> Skipping:
        """The order from the start of the group ``values`` on, going the given way."""
        keys = tuple_(self.keys[0], self.keys[1])
        start = tuple_(literal(values[0]), literal(values[1]))
        return replace(self, groups=None, where=[keys <= start if descending else keys >= start])

    def _dead(self) -> CompoundSelect[Any]:
        parts = [
            select(*self._labelled()).select_from(self.source).where(c, *self.where)
            for c in self.dead
        ]
        return union(*parts)

    def dead_statement(self, most: int) -> Select[Any]:
        """The dead entries, up to one more than ``most``."""
        dead = self._dead().subquery("dead")
        return select(dead).limit(most + 1)

    def dead_before(self, conn: Connection, anchor: Row, descending: bool) -> int:
        """How many dead entries sort before ``anchor`` (a walked row)."""
        dead = self._dead().subquery("dead")
        columns = [dead.c[f"k{i}"] for i in range(len(self.keys))]
        values = [anchor[f"k{i}"] for i in range(len(self.keys))]
        statement = (
            select(func.count()).select_from(dead).where(sorts_before(columns, values, descending))
        )
        return int(conn.execute(statement).scalar_one())


class SkipStatements:
    """A list's Skipping statements for one filter and sort, each compiled once: the dead
    entries; the walk either way; the shown rows of a page's entries by id (a fixed number
    of ids, so that it is compiled once too: building it each time cost more than reading
    the page); and, for when nothing is dead, the walk joined to the shown rows, one
    statement a page (three had cost a small list's middle page twice its floor)."""

    def __init__(self, query: ListQuery[Any], skipping: Skipping) -> None:
        self.query = query
        self.skipping = skipping
        dialect = query.store.engine.dialect
        groups = skipping.groups
        self._groups = None if groups is None else Prepared(groups, dialect)
        self._by_group: dict[tuple[Any, ...], SkipStatements] = {}
        self.last = f"k{len(skipping.keys) - 1}"
        self.most = SKIP_MOST
        self.dead = Prepared(skipping.dead_statement(self.most), dialect)
        self.walks = {way: Prepared(skipping.walk_statement(way), dialect) for way in (False, True)}
        id_column = query.sort_columns()["id"]
        self._ids = [bindparam(f"row_{i}", type_=Integer) for i in range(ROWS_OF)]
        shown = query.select_rows().add_columns(id_column.label(ROW_ID))
        self._rows = Prepared(shown.where(id_column.in_(self._ids)), dialect)
        # With nothing dead, the walk's page joined to its shown rows: one statement.
        self.pages: dict[bool, Prepared] = {}
        for way in (False, True):
            walked = skipping.walk_statement(way).subquery("walked")
            keys = [walked.c[f"k{i}"] for i in range(len(skipping.keys))]
            page = (
                query.select_rows()
                .where(id_column == walked.c[self.last])
                .order_by(*ordered_keys(keys, way))
            )
            self.pages[way] = Prepared(page, dialect)

    def page(self, conn: Connection, descending: bool, offset: int, limit: int) -> list[Row] | None:
        """The page at ``offset`` of the live entries; None when too many are dead."""
        found = self._group_of(conn, descending, offset)
        if found is not None:
            values, before = found
            held = self._by_group.get((*values, descending))
            if held is None:
                part = self.skipping.from_group(values, descending)
                held = self._by_group[(*values, descending)] = SkipStatements(self.query, part)
            return held.page(conn, descending, offset - before, limit)
        dead = self.dead.rows_on(conn, {})
        if len(dead) > self.most:
            return None
        if not dead:
            return self.pages[descending].rows_on(conn, page_params(offset, limit))
        last = self.last
        dead_ids = {row[last] for row in dead}
        # The entries from ``offset`` on, dead ones among them; the page starts further on
        # by the dead entries before its start (``at`` into the window), which is found
        # moving on by those before the window and those crossed in it, until none more is
        # crossed. It moves on by at most the dead entries, so it stays in the window.
        window = self.walks[descending].rows_on(conn, page_params(offset, limit + len(dead)))
        if not window:
            return []
        before = self.skipping.dead_before(conn, window[0], descending)
        at = 0
        while True:
            crossed = sum(1 for row in window[:at] if row[last] in dead_ids)
            if before + crossed == at:
                break
            at = before + crossed
            if at >= len(window):
                return []  # past the end
        ids = [row[last] for row in window[at:] if row[last] not in dead_ids][:limit]
        return self._rows_of(conn, ids)

    def _group_of(
        self, conn: Connection, descending: bool, offset: int
    ) -> tuple[tuple[Any, Any], int] | None:
        """The group the entry at ``offset`` falls in, and the live entries of the groups
        before it; None for the first group, or when the groups cannot say."""
        if self._groups is None:
            return None
        groups = self._groups.rows_on(conn, {})
        if descending:
            groups.reverse()
        before = 0
        for group in groups:
            if before + int(group["live"]) > offset:
                return ((group["g0"], group["g1"]), before) if before else None
            before += int(group["live"])
        return None  # past what the groups count: walked from the start

    def _rows_of(self, conn: Connection, ids: list[Any]) -> list[Row]:
        """The shown rows of the entries ``ids``, in that order (those still live)."""
        found: dict[Any, Row] = {}
        for first in range(0, len(ids), ROWS_OF):
            part = ids[first : first + ROWS_OF]
            params = {p.key: (part[i] if i < len(part) else None) for i, p in enumerate(self._ids)}
            for row in self._rows.rows_on(conn, params):
                found[row.pop(ROW_ID)] = row
        return [found[i] for i in ids if i in found]


def sorts_before(
    keys: Sequence[ColumnElement[Any]], values: Sequence[Any], descending: bool
) -> ColumnElement[bool]:
    """Entries whose ``keys`` come before ``values`` in the order ``ordered_keys`` gives
    (empty values first going up, last going down)."""
    terms: list[ColumnElement[bool]] = []
    for j, (key, value) in enumerate(zip(keys, values, strict=True)):
        earlier: ColumnElement[bool] | None
        if descending:
            earlier = key.is_not(None) if value is None else key > value
        else:
            earlier = None if value is None else or_(key.is_(None), key < value)
        if earlier is not None:
            same = [
                k.is_(None) if v is None else k == v
                for k, v in zip(keys[:j], values[:j], strict=True)
            ]
            terms.append(and_(*same, earlier))
    return or_(false(), *terms)


def ordered_keys(keys: Sequence[ColumnElement[Any]], descending: bool) -> list[ColumnElement[Any]]:
    """ORDER BY the sort key and its tie (see ``ordered``), then any further ties."""
    then = [key.desc() if descending else key.asc() for key in keys[2:]]
    return [*ordered(keys[0], keys[1], descending), *then]


def ordered(
    key: ColumnElement[Any], tie: ColumnElement[Any], descending: bool
) -> list[ColumnElement[Any]]:
    """ORDER BY ``key`` then ``tie``, with empty values first going up and last going down
    on every engine (SQLite's own order; PostgreSQL's is the other way round). Said
    explicitly, it is the order SQLite's indexes already have, so they still serve it."""
    if descending:
        return [key.desc().nulls_last(), tie.desc()]
    return [key.asc().nulls_first(), tie.asc()]


PAGE_OFFSET = bindparam("page_offset", type_=Integer)
PAGE_LIMIT = bindparam("page_limit", type_=Integer)


def page_params(offset: int, limit: int) -> dict[str, int]:
    return {"page_offset": offset, "page_limit": limit}


def read_rows(
    store: CaseStore, statement: Select[Any], params: dict[str, Any] | None = None
) -> list[Row]:
    """Rows as dicts, fetched in one call: no ORM session, no per-row Row objects (for a
    page of 200 they took more time than the query)."""
    with store.engine.connect() as conn:
        features(conn).browsing_cache(conn)
        return _as_rows(conn.execute(statement, params or {}))


def _as_rows(result: Any) -> list[Row]:
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result.cursor.fetchall()]


class Prepared:
    """A page statement compiled once for the engine, run on the driver's cursor with only
    the page's numbers changing. SQLAlchemy's work for each execution (the compiled cache's
    look-up, an execution context) was 0.2 ms of a 0.8 ms page, and the whole of what a
    page read cost beyond bare SQL at a million testimonies (1.1 against 0.5 ms). A
    statement whose parameters need converting or expanding by SQLAlchemy is run through
    it as before."""

    def __init__(self, statement: Select[Any], dialect: Any) -> None:
        self.statement = statement
        compiled = statement.compile(dialect=dialect)
        self._compiled = compiled
        self._sql = compiled.string
        self._order = compiled.positiontup
        self._direct = "POSTCOMPILE" not in self._sql and all(
            param.type.dialect_impl(dialect).bind_processor(dialect) is None
            for param in compiled.binds.values()
        )

    def rows(self, store: CaseStore, params: dict[str, Any]) -> list[Row]:
        with store.engine.connect() as conn:
            features(conn).browsing_cache(conn)
            return self.rows_on(conn, params)

    def rows_on(self, conn: Connection, params: dict[str, Any]) -> list[Row]:
        """The rows on ``conn``, a connection already taken (several statements read one
        page: a connection taken for each cost more than some of them took to run)."""
        if not self._direct:
            return _as_rows(conn.execute(self.statement, params))
        values = self._compiled.construct_params(params)
        bound = tuple(values[name] for name in self._order) if self._order else values
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(self._sql, bound)
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            cursor.close()


def kept_total(session: Any, column: ColumnElement[Any]) -> int | None:
    """The live records' number as the database keeps it in ``column`` of a kept-counts
    table (caseapp/store/counts.py: "live" as the lists mean it), each key's rows added up;
    None where this connection may not read the kept counts (a recorder on a team server,
    whose list holds her own records only)."""
    if not counts.readable(session.connection()):
        return None
    total = session.execute(select(func.coalesce(func.sum(column), 0))).scalar_one()
    return int(total)


def overlaps(
    start: ColumnElement[Any], end: ColumnElement[Any], first: str | None, last: str | None
) -> list[ColumnElement[bool]]:
    """Conditions for a record's partial-date span [start, end] to overlap [first, last].

    Partial ISO dates compare as text: "2019" sorts before every day of 2019, and
    "2019" || "~" after every one of them ("~" sorts after digits and "-"), so a record known
    only to the year matches any range that touches that year."""
    conditions: list[ColumnElement[bool]] = []
    if last:
        conditions.append(start <= last)
    if first:
        conditions.append(func.coalesce(end, start).concat("~") >= first)
        if end is start:
            # One date, not a span: it can only overlap from the first's year on, a range
            # its index seeks to (the condition above it cannot: a year's range counted in
            # 114 ms at a million testimonies, 7 ms so). Dates begin with their 4-digit year.
            conditions.append(start >= first[:4])
    if first or last:
        conditions.append(start.is_not(None))
    return conditions
