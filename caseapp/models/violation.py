"""A violation (ESF "act"): one act against one victim, and what the UN did about it."""

from sqlalchemy import ForeignKey, Index, Integer, text
from sqlmodel import Column, Field

from caseapp.models.base import RecordBase

# The year band the dashboard counts a violation under (services/dashboard.py): its year when
# it starts and ends in one calendar year, "several" when it spans years, "unknown" undated.
# Written once, here, because the index below serves only a query that spells the expression
# exactly so (migration 0021): grouped on it, 300,000 violations are counted in 30 ms from
# the index instead of 340 ms from the table.
YEAR_BAND_SQL = (
    "(CASE WHEN date_start IS NULL THEN 'unknown' "
    "WHEN substr(date_start, 1, 4) = substr(coalesce(date_end, date_start), 1, 4) "
    "THEN substr(date_start, 1, 4) ELSE 'several' END)"
)


class Violation(RecordBase, table=True):
    __table_args__ = (
        Index("ix_violation_testimony_id", "testimony_id"),
        # The violations list's sorts walk these with the testimony id at hand, reading no
        # row until the page is found (migration 0025).
        Index("ix_violation_category", "category", "id", "testimony_id"),
        Index("ix_violation_date_start", "date_start", "id", "testimony_id"),
        # The deleted records alone (migration 0035, as for testimonies).
        Index(
            "ix_violation_deleted",
            "deleted_at",
            sqlite_where=text("deleted_at IS NOT NULL"),
            postgresql_where=text("deleted_at IS NOT NULL"),
        ),
        # Covering indexes of the tabulation by category (migration 0006).
        Index(
            "ix_violation_category_status",
            "category",
            "un_response_status",
            "testimony_id",
            "deleted_at",
        ),
        Index(
            "ix_violation_category_impact",
            "category",
            "reported_impact",
            "testimony_id",
            "deleted_at",
        ),
        # What search filters read of a matching violation, by id, and the testimonies with a
        # violation in given provinces (migration 0008).
        Index(
            "ix_violation_search_filter",
            "id",
            "testimony_id",
            "category",
            "province",
            "date_start",
            "date_end",
            "deleted_at",
        ),
        Index("ix_violation_province", "province", "testimony_id", "deleted_at"),
        Index(
            "ix_violation_year_band",
            text(YEAR_BAND_SQL),
            "date_precision",
            "testimony_id",
            "deleted_at",
        ),
        # Who names a person as victim (migration 0029).
        Index(
            "ix_violation_victim_person",
            "victim_person_id",
            sqlite_where=text("victim_person_id IS NOT NULL"),
            postgresql_where=text("victim_person_id IS NOT NULL"),
        ),
    )

    testimony_id: int = Field(sa_column=Column(Integer, ForeignKey("testimony.id"), nullable=False))
    victim_person_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id"), nullable=True)
    )
    category: str = Field(max_length=64)
    date_start: str | None = Field(default=None, max_length=10)
    date_end: str | None = Field(default=None, max_length=10)
    date_precision: str = Field(default="unknown", max_length=10)
    province: str | None = Field(default=None, max_length=64)
    place: str = Field(default="", max_length=500)
    place_type: str | None = Field(default=None, max_length=64)
    perpetrator: str | None = Field(default=None, max_length=64)
    reported_impact: str = Field(default="", max_length=2000)
    un_mechanism: str | None = Field(default=None, max_length=64)
    un_submission_date: str | None = Field(default=None, max_length=10)
    un_reference: str = Field(default="", max_length=200)
    un_response_status: str | None = Field(default=None, max_length=64)
    verification_status: str | None = Field(default=None, max_length=64)
