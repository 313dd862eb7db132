"""The state responses list: official positions with the number of records they link to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select

from caseapp.models import StateResponse, StateResponseLink, Testimony
from caseapp.models.base import table_of
from caseapp.services.listing.base import ListQuery, Sort, read_rows
from caseapp.store import CaseStore
from caseapp.store.engines import features

R = table_of(StateResponse)
L = table_of(StateResponseLink)
T = table_of(Testimony)


@dataclass(frozen=True)
class StateResponseFilter:
    text: str = ""  # in aspect, position or source


def _links() -> ColumnElement[Any]:
    return (
        select(func.count())
        .where(L.c.state_response_id == R.c.id, L.c.deleted_at.is_(None))
        .scalar_subquery()
    )


class StateResponseList(ListQuery[StateResponseFilter]):
    default_sort = Sort("statement_date", descending=True)

    def select_rows(self) -> Select[Any]:
        statement = select(
            R.c.uid,
            R.c.aspect,
            R.c.position,
            R.c.statement_date,
            R.c.source,
            _links().label("links"),
        ).where(R.c.deleted_at.is_(None))
        text = self.filter.text.strip()
        if text:
            engine = features(self.store.engine)
            statement = statement.where(
                or_(
                    engine.contains(R.c.aspect, text),
                    engine.contains(R.c.position, text),
                    engine.contains(R.c.source, text),
                )
            )
        return statement

    def sort_columns(self) -> dict[str, ColumnElement[Any]]:
        return {
            "aspect": R.c.aspect,
            "statement_date": R.c.statement_date,
            "id": R.c.id,
        }


def linked_testimonies(store: CaseStore, response_uid: str) -> list[dict[str, Any]]:
    """The live testimonies a statement is linked to: code and title, for the editor."""
    statement = (
        select(T.c.uid, T.c.code, T.c.title, L.c.uid.label("link_uid"))
        .select_from(L.join(R, L.c.state_response_id == R.c.id).join(T, L.c.testimony_id == T.c.id))
        .where(R.c.uid == response_uid, L.c.deleted_at.is_(None), T.c.deleted_at.is_(None))
        .order_by(T.c.code)
    )
    return read_rows(store, statement)


def testimony_uid_by_code(store: CaseStore, code: str) -> str | None:
    """The uid of the live testimony with this code (codes are typed, not picked from a list
    of 100,000)."""
    statement = select(T.c.uid).where(T.c.code == code.strip(), T.c.deleted_at.is_(None))
    with store.session() as session:
        uid = session.execute(statement).scalar_one_or_none()
    return None if uid is None else str(uid)
