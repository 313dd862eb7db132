"""A list query: one SELECT of the columns a view shows, filtered and sorted in SQL, read a
page at a time. Views never load whole ORM objects per row."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Integer, Select, bindparam, func, select

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
        self._page_key: tuple[Any, Sort, Any] | None = None

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
            rows = self._prepared(True).rows(self.store, page_params(back, limit))
            rows.reverse()
            return rows
        return self._prepared(False).rows(self.store, page_params(offset, limit))

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
        result = conn.execute(statement, params or {})
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
        if not self._direct:
            return read_rows(store, self.statement, params)
        values = self._compiled.construct_params(params)
        bound = tuple(values[name] for name in self._order) if self._order else values
        with store.engine.connect() as conn:
            features(conn).browsing_cache(conn)
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
