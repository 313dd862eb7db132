"""Regional protection status: where escapees are, and how well they are protected there."""

from sqlalchemy import ForeignKey, Index, Integer
from sqlmodel import Column, Field

from caseapp.models.base import RecordBase


class RegionProtection(RecordBase, table=True):
    __tablename__ = "region_protection"
    # The list's sorts (migration 0026); not the source, long free text.
    __table_args__ = (
        Index("ix_region_protection_region", "region", "id"),
        Index("ix_region_protection_country", "country", "id"),
        Index("ix_region_protection_reported_cases", "reported_cases", "id"),
        Index("ix_region_protection_protection_status", "protection_status", "id"),
        Index("ix_region_protection_as_of", "as_of", "id"),
    )

    region: str = Field(max_length=200)
    country: str = Field(default="", max_length=200)
    # External figures are often lower bounds ("3,200+"); the flag keeps that honest.
    reported_cases: int | None = Field(default=None)
    reported_cases_is_minimum: bool = Field(default=False)
    protection_status: str | None = Field(default=None, max_length=64)
    as_of: str | None = Field(default=None, max_length=10)
    source: str = Field(default="", max_length=1000)
    notes: str = Field(default="", max_length=20000)
    # Codes of the ``province`` vocabulary that make up the region, comma-separated ("china"
    # also covers its children: Jilin, Liaoning, ...). Cases are counted from the records
    # whose violations happened there, beside the external figure.
    provinces: str = Field(default="", max_length=2000)


class RegionProtectionHistory(RecordBase, table=True):
    __tablename__ = "region_protection_history"
    # One region's entries in each order its history is shown in (migration 0026).
    __table_args__ = (
        Index("ix_region_history_as_of", "region_protection_id", "as_of", "id"),
        Index(
            "ix_region_history_protection_status",
            "region_protection_id",
            "protection_status",
            "id",
        ),
        Index("ix_region_history_reported_cases", "region_protection_id", "reported_cases", "id"),
    )

    region_protection_id: int = Field(
        sa_column=Column(Integer, ForeignKey("region_protection.id"), nullable=False)
    )
    protection_status: str | None = Field(default=None, max_length=64)
    reported_cases: int | None = Field(default=None)
    reported_cases_is_minimum: bool = Field(default=False)
    as_of: str | None = Field(default=None, max_length=10)
    source: str = Field(default="", max_length=1000)
    note: str = Field(default="", max_length=20000)
