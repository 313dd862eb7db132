"""Regional protection status: where escapees are, and how well they are protected there."""

from sqlalchemy import ForeignKey, Integer
from sqlmodel import Column, Field

from caseapp.models.base import RecordBase


class RegionProtection(RecordBase, table=True):
    __tablename__ = "region_protection"

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

    region_protection_id: int = Field(
        sa_column=Column(Integer, ForeignKey("region_protection.id"), nullable=False)
    )
    protection_status: str | None = Field(default=None, max_length=64)
    reported_cases: int | None = Field(default=None)
    reported_cases_is_minimum: bool = Field(default=False)
    as_of: str | None = Field(default=None, max_length=10)
    source: str = Field(default="", max_length=1000)
    note: str = Field(default="", max_length=20000)
