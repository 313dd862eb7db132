"""The audit trail: append-only and hash-chained, so an edited or removed row is detectable."""

from sqlalchemy import Index, Text, text
from sqlmodel import Column, Field, SQLModel

from caseapp.models.enums import AuditAction

# The conditions of the partial indexes of rare events (migrations 0027 and 0029), written as
# the queries that use them write them: literals, which a PostgreSQL generic plan can match.
ERASURES = f"action = '{AuditAction.ERASE.value}'"
IMPORTS = f"action = '{AuditAction.IMPORT.value}'"
IMPORT_UNDOS = f"action = '{AuditAction.UNDO_IMPORT.value}'"


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
        # The imports and their undoing (migration 0029), listed newest first.
        Index(
            "ix_audit_event_imports",
            "id",
            sqlite_where=text(IMPORTS),
            postgresql_where=text(IMPORTS),
        ),
        Index(
            "ix_audit_event_import_undos",
            "id",
            sqlite_where=text(IMPORT_UNDOS),
            postgresql_where=text(IMPORT_UNDOS),
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
    # Not indexed (migration 0032): nothing looks an event up by its hash; the chain's check
    # recomputes every hash in order, and the id already orders and numbers the events.
    hash: str = Field(max_length=64)


class AppMeta(SQLModel, table=True):
    """Small key/value facts about the database itself (never record content)."""

    __tablename__ = "app_meta"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(default="", max_length=2000)
