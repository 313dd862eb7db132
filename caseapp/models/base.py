"""Columns every curated record carries: a stable uid, authorship, soft deletion."""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Table
from sqlmodel import Field, SQLModel


def new_uid() -> str:
    return str(uuid.uuid4())


def utc_now() -> str:
    """UTC timestamp as ISO 8601 text; text sorts correctly and hashes identically everywhere."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# Named constraints, so that Alembic batch migrations on SQLite can find and alter them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class RecordBase(SQLModel):
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=36, unique=True)
    created_at: str = Field(default_factory=utc_now, max_length=32)
    created_by: str = Field(default="", max_length=200)
    updated_at: str = Field(default_factory=utc_now, max_length=32)
    updated_by: str = Field(default="", max_length=200)
    # Soft deletion: a deleted record stays (and stays audited) until a purge policy exists.
    deleted_at: str | None = Field(default=None, max_length=32)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a model; typed, for queries written against any model."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def column(model: type[SQLModel], name: str) -> Column[Any]:
    return table_of(model).c[name]
