"""Official positions of the government concerned, and advocacy demands answering them."""

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, text
from sqlmodel import Column, Field

from caseapp.models.base import RecordBase


class StateResponse(RecordBase, table=True):
    __tablename__ = "state_response"
    # The list's sorts (migration 0026); not the position or source, long free text.
    __table_args__ = (
        Index("ix_state_response_aspect", "aspect", "id"),
        Index("ix_state_response_statement_date", "statement_date", "id"),
    )

    aspect: str = Field(max_length=500)
    position: str = Field(default="", max_length=5000)
    statement_date: str | None = Field(default=None, max_length=10)
    source: str = Field(default="", max_length=1000)


class StateResponseLink(RecordBase, table=True):
    """Links a statement to a testimony or a violation (exactly one of the two)."""

    __tablename__ = "state_response_link"
    __table_args__ = (
        CheckConstraint(
            "(testimony_id IS NULL) != (violation_id IS NULL)",
            name="one_target",
        ),
        # A statement's links, and the statements linked to a record (migration 0029).
        Index("ix_state_response_link_response", "state_response_id"),
        Index(
            "ix_state_response_link_testimony",
            "testimony_id",
            sqlite_where=text("testimony_id IS NOT NULL"),
            postgresql_where=text("testimony_id IS NOT NULL"),
        ),
        Index(
            "ix_state_response_link_violation",
            "violation_id",
            sqlite_where=text("violation_id IS NOT NULL"),
            postgresql_where=text("violation_id IS NOT NULL"),
        ),
    )

    state_response_id: int = Field(
        sa_column=Column(Integer, ForeignKey("state_response.id"), nullable=False)
    )
    testimony_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("testimony.id"), nullable=True)
    )
    violation_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("violation.id"), nullable=True)
    )


class AdvocacyDemand(RecordBase, table=True):
    """A demand of human-rights organisations (legal protection, monitoring, ...)."""

    __tablename__ = "advocacy_demand"

    title: str = Field(max_length=500)
    description: str = Field(default="", max_length=20000)
    target: str = Field(default="", max_length=1000)
