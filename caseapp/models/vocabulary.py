"""Controlled vocabulary terms, bilingual, mapped to HURIDOCS codes where one exists."""

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class VocabularyTerm(SQLModel, table=True):
    __tablename__ = "vocabulary_term"
    __table_args__ = (
        UniqueConstraint("scheme", "code"),
        # A scheme's terms in their order: the violations list sorted by category walks it,
        # and each category's violations in the category index (migration 0025).
        Index("ix_vocabulary_term_order", "scheme", "sort_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    scheme: str = Field(max_length=64)
    code: str = Field(max_length=64)
    parent_code: str | None = Field(default=None, max_length=64)
    label_en: str = Field(max_length=300)
    label_ko: str = Field(max_length=300)
    huridocs_list: str | None = Field(default=None, max_length=8)
    huridocs_code: str | None = Field(default=None, max_length=16)
    sort_order: int = Field(default=0)
    active: bool = Field(default=True)
