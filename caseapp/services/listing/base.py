"""A list query: one SELECT of the columns a view shows, filtered and sorted in SQL, read a
page at a time. Views never load whole ORM objects per row."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, func, select

from caseapp.store import CaseStore

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

    def fetch(self, offset: int, limit: int) -> list[Row]:
        columns = self.sort_columns()
        key = columns[self.sort.key]
        tie = columns["id"]
        order = [key.desc(), tie.desc()] if self.sort.descending else [key.asc(), tie.asc()]
        statement = self.select_rows().order_by(*order).offset(offset).limit(limit)
        with self.store.session() as session:
            return [dict(row) for row in session.execute(statement).mappings()]


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
    if first or last:
        conditions.append(start.is_not(None))
    return conditions
