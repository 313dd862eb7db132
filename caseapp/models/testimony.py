"""A testimony (ESF "information"): one account by one source at one interview."""

from sqlalchemy import ForeignKey, Index, Integer, Text, text
from sqlmodel import Column, Field

from caseapp.models.base import RecordBase


class Testimony(RecordBase, table=True):
    __test__ = False  # pytest would otherwise try to collect this class ("Test..." prefix)
    __table_args__ = (
        Index("ix_testimony_interview_date", "interview_date", "id"),
        # The deleted records alone (migration 0035): an index of every row's deleted_at
        # was taken for "deleted_at IS NULL" where SQLite had no statistics yet.
        Index(
            "ix_testimony_deleted",
            "deleted_at",
            sqlite_where=text("deleted_at IS NOT NULL"),
            postgresql_where=text("deleted_at IS NOT NULL"),
        ),
        # What search filters read of a matching testimony, by id (migration 0008).
        Index(
            "ix_testimony_search_filter", "id", "language", "status", "interview_date", "deleted_at"
        ),
        # The list's other sorts, each walked in order (migration 0022): sorted by title or
        # place, a page of 100,000 testimonies had sorted them all (420-540 ms).
        Index("ix_testimony_title", "title", "id"),
        Index("ix_testimony_interview_place", "interview_place", "id"),
        Index("ix_testimony_language", "language", "id"),
        Index("ix_testimony_status", "status", "id"),
        # Who names a person as source (migration 0029): undo, erasure, a person's records.
        Index(
            "ix_testimony_source_person",
            "source_person_id",
            sqlite_where=text("source_person_id IS NOT NULL"),
            postgresql_where=text("source_person_id IS NOT NULL"),
        ),
    )

    code: str = Field(max_length=40, unique=True)
    title: str = Field(default="", max_length=500)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    narrative: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # Partial ISO date (YYYY, YYYY-MM or YYYY-MM-DD) so that text order is date order.
    interview_date: str | None = Field(default=None, max_length=10)
    interview_date_precision: str = Field(default="unknown", max_length=10)
    interview_place: str = Field(default="", max_length=500)
    interviewer: str = Field(default="", max_length=200)
    language: str = Field(default="", max_length=8)
    source_person_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id"), nullable=True)
    )
    reliability: str | None = Field(default=None, max_length=64)
    status: str = Field(default="draft", max_length=10)


class Consent(RecordBase, table=True):
    """What the source agreed to. A withdrawn consent counts as no for every scope."""

    __table_args__ = (
        # What a search filtered by consent reads, by testimony (migration 0008).
        Index(
            "ix_consent_search_filter",
            "testimony_id",
            "deleted_at",
            "internal",
            "un",
            "public",
            "date_withdrawn",
        ),
    )

    testimony_id: int = Field(
        sa_column=Column(Integer, ForeignKey("testimony.id"), unique=True, nullable=False)
    )
    internal: bool = Field(default=False)
    un: bool = Field(default=False)
    public: bool = Field(default=False)
    date_given: str | None = Field(default=None, max_length=10)
    recorded_by: str = Field(default="", max_length=200)
    date_withdrawn: str | None = Field(default=None, max_length=10)
