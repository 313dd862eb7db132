"""What the exchange between archives keeps (caseapp/services/exchange.py): the peers this
archive trusts, what each peer is known to hold (the base of a three-way merge), what was sent
and not yet acknowledged, and the conflicts a merge found. All inside the encrypted database."""

from sqlalchemy import Index, Text
from sqlmodel import Column, Field, SQLModel


class ExchangePeer(SQLModel, table=True):
    __tablename__ = "exchange_peer"

    name: str = Field(primary_key=True, max_length=64)
    identity: str = Field(sa_column=Column(Text, nullable=False))  # their public line
    sign_public: str = Field(max_length=64, unique=True)  # base64, Ed25519
    box_public: str = Field(max_length=64)  # base64, X25519
    trusted_at: str = Field(max_length=32)
    trusted_by: str = Field(default="", max_length=64)
    sent_seq: int = Field(default=0)  # the last bundle written to them
    acked_seq: int = Field(default=0)  # the last of ours they said they applied
    received_seq: int = Field(default=0)  # the last of theirs applied here
    # The newest audit event (all committed) when the last bundle to them was written: the
    # next one reads only records named since (migration 0028). None: compare every record.
    sent_mark: int | None = Field(default=None)


class SyncShadow(SQLModel, table=True):
    """A record as both sides last agreed on it (the peer acknowledged it, or sent it):
    the base of the next three-way merge with that peer."""

    __tablename__ = "sync_shadow"

    peer: str = Field(primary_key=True, max_length=64)
    table_name: str = Field(primary_key=True, max_length=64)
    record_uid: str = Field(primary_key=True, max_length=36)
    fields: str = Field(sa_column=Column(Text, nullable=False))  # JSON values, "~versions"


class SyncPending(SQLModel, table=True):
    """A record as sent in bundle ``seq`` to ``peer``, until the peer acknowledges it."""

    __tablename__ = "sync_pending"

    peer: str = Field(primary_key=True, max_length=64)
    seq: int = Field(primary_key=True)
    table_name: str = Field(primary_key=True, max_length=64)
    record_uid: str = Field(primary_key=True, max_length=36)
    fields: str = Field(sa_column=Column(Text, nullable=False))


class SyncVersion(SQLModel, table=True):
    """Each field's version as the last merge of the record kept it
    (caseapp/services/field_versions.py); local audited writes after ``mark`` raise this
    archive's part of it."""

    __tablename__ = "sync_version"
    # Versions kept since a bundle's mark (services/sync.py, migration 0028).
    __table_args__ = (Index("ix_sync_version_mark", "table_name", "mark"),)

    table_name: str = Field(primary_key=True, max_length=64)
    record_uid: str = Field(primary_key=True, max_length=36)
    versions: str = Field(sa_column=Column(Text, nullable=False))  # JSON {field: {id: n}}
    mark: int = Field(default=0)


class SyncConflict(SQLModel, table=True):
    """One field edited differently here and at a peer since their common base. The local
    value stays in effect until a person resolves it."""

    __tablename__ = "sync_conflict"

    id: int | None = Field(default=None, primary_key=True)
    peer: str = Field(max_length=64)
    table_name: str = Field(max_length=64, index=True)
    record_uid: str = Field(max_length=36, index=True)
    field: str = Field(max_length=64)
    base: str = Field(sa_column=Column(Text, nullable=False))  # JSON values
    mine: str = Field(sa_column=Column(Text, nullable=False))
    theirs: str = Field(sa_column=Column(Text, nullable=False))
    mine_by: str = Field(default="", max_length=200)
    theirs_by: str = Field(default="", max_length=200)
    found_at: str = Field(max_length=32)
    resolved_at: str | None = Field(default=None, max_length=32)
    resolved_by: str | None = Field(default=None, max_length=64)
    resolution: str | None = Field(default=None, max_length=16)  # mine, theirs, value
    # The incoming value's version (caseapp/services/field_versions.py): a resolution
    # knows it, so that it wins over that value at every archive.
    theirs_version: str = Field(
        default="{}", sa_column=Column(Text, nullable=False, server_default="{}")
    )
