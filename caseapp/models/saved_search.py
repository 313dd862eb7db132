"""Saved searches live in the encrypted database, never in settings: a query can name a
person or a place."""

from sqlalchemy import Text
from sqlmodel import Column, Field

from caseapp.models.base import RecordBase


class SavedSearch(RecordBase, table=True):
    __tablename__ = "saved_search"

    name: str = Field(max_length=200)
    query: str = Field(default="", max_length=500)
    # JSON of the search filters (kinds, category, province, language, dates).
    filters: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
