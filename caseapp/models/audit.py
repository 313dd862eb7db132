"""The audit trail: append-only and hash-chained, so an edited or removed row is detectable."""

from sqlalchemy import Index, Text, text
from sqlmodel import Column, Field, SQLModel

from caseapp.models.enums import AuditAction

# The condition of the partial index of erasures, written as the queries that use it write it.
ERASURES = f"action = '{AuditAction.ERASE.value}'"


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    # A record's events by kind and number from the index alone (when it was created: the
    # exchange's field versions), without reading the events' digests.
    __table_args__ = (
        Index("ix_audit_event_record_action", "record_uid", "table_name", "action", "id"),
        # The erasures alone (migration 0027): asked by every bundle written or applied.
        Index(
            "ix_audit_event_erasures",
            "table_name",
            "record_uid",
            sqlite_where=text(ERASURES),
            postgresql_where=text(ERASURES),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: str = Field(max_length=32)
    actor: str = Field(max_length=200)
    action: str = Field(max_length=16)
    table_name: str = Field(max_length=64)
    # Looked up through ix_audit_event_record_action, whose first column it is (migration
    # 0027 dropped its own index: every event written paid for both).
    record_uid: str | None = Field(default=None, max_length=36)
    # JSON: {field: {"before": digest|null, "after": digest|null}} or details of an export.
    # Digests, not values, so history never holds a second copy of a narrative.
    changes: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class AppMeta(SQLModel, table=True):
    """Small key/value facts about the database itself (never record content)."""

    __tablename__ = "app_meta"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(default="", max_length=2000)
