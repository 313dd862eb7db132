"""Per-field versions: which edits each field's value reflects, as a version vector
{archive: counter} (the exchange's causal history of a field).

A field's value carries the newest edit it knows from each archive. The counter of an edit
made here is the id of its audit event, so nothing extra is written on an ordinary save: a
field's version is what the last merge kept for it (``sync_version``) with this archive's
component raised to the newest local audited write of that field since. Comparing two
versions tells what a merge must know and values cannot:

- one version includes the other: the newer value knew the older one, and wins;
- neither includes the other: the edits were **concurrent** (neither archive knew the
  other's), and different values are a conflict, even when the two archives had once agreed
  on a value reached by two different edits, or one side set a value back to an older one.

Archives are named by a short digest of their signing key, the same on every archive.
"""

from __future__ import annotations

import functools
import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session

from caseapp.models import AuditEvent, SyncVersion
from caseapp.models.base import table_of
from caseapp.services.bulk_sql import insert_rows

Version = dict[str, int]  # archive id -> the newest edit of that archive this value knows
Versions = dict[str, Version]  # field -> its version

EVENTS = table_of(AuditEvent)
VERSIONS = table_of(SyncVersion)
# Audited writes that set fields; "resolve" is a conflict kept as it stands, which is a new
# edit of the field all the same (it must win over both sides' values at every archive).
FIELD_WRITES = ("create", "update", "delete", "restore", "resolve")
FIELD_UPDATES = FIELD_WRITES[1:]  # each names the fields it set
DEFAULT = "*"  # in a bundle: the version of every field not listed
CHUNK = 500


# An archive restored from a backup numbers its audit events again from the backup's last
# one: numbers its peers already hold as its edits. Its name in versions changes then (a new
# generation), so that its new edits are never taken for old ones.
GENERATION_META = "version_generation"


def archive_id(sign_public: bytes, generation: str = "") -> str:
    """An archive's name in versions: 16 hex digits of SHA-256 over its signing key and
    generation."""
    seed = b"caseapp-archive-version\0" + sign_public + generation.encode("ascii")
    return hashlib.sha256(seed).hexdigest()[:16]


def new_generation() -> str:
    return secrets.token_hex(8)


def includes(newer: Mapping[str, int], older: Mapping[str, int]) -> bool:
    """``newer`` knows every edit ``older`` knows."""
    return all(newer.get(archive, 0) >= counter for archive, counter in older.items())


def joined(a: Mapping[str, int], b: Mapping[str, int]) -> Version:
    """The version that knows what both know."""
    out = dict(a)
    for archive, counter in b.items():
        if counter > out.get(archive, 0):
            out[archive] = counter
    return out


def concurrent(a: Mapping[str, int], b: Mapping[str, int]) -> bool:
    return not includes(a, b) and not includes(b, a)


# -- in bundles ------------------------------------------------------------------------------


def packed(versions: Versions) -> dict[str, Any]:
    """``versions`` as a bundle carries them: the most common version once, under ``*``,
    and each field whose version differs from it (most fields were last set together).
    The same versions always pack the same way."""
    if not versions:
        return {}
    first = next(iter(versions.values()))
    if all(version == first for version in versions.values()):
        return {DEFAULT: dict(first)}  # most records: every field last set together
    counts: dict[tuple[tuple[str, int], ...], int] = {}
    keys = {}
    for name, version in versions.items():
        key = tuple(sorted(version.items()))
        keys[name] = key
        counts[key] = counts.get(key, 0) + 1
    common = max(counts, key=lambda key: (counts[key], key))
    out: dict[str, Any] = {DEFAULT: dict(common)}
    for name, key in keys.items():
        if key != common:
            out[name] = versions[name]
    return out


def unpacked(value: Any, fields: Iterable[str]) -> Versions | None:
    """The versions of ``fields`` from a bundle's ``versions``; None when they are missing or
    not well formed (a bundle from before per-field versions: the merge falls back to the
    base)."""
    if not isinstance(value, dict):
        return None
    default = value.get(DEFAULT, {})
    out: Versions = {}
    checked: set[int] = set()  # ids of the dicts found well formed (most fields share one)
    for name in fields:
        version: Version = value.get(name, default) or {}
        if id(version) not in checked:
            if not _well_formed(version):
                return None
            checked.add(id(version))
        out[name] = version  # shared, as versions_of's are: read, never changed in place
    return out


def _well_formed(version: Any) -> bool:
    return isinstance(version, dict) and all(
        isinstance(k, str) and len(k) <= 64 and type(v) is int and v >= 0
        for k, v in version.items()
    )


def encoded(versions: Mapping[str, Any]) -> str:
    """Versions as text that compares equal when they are equal (kept with merge bases):
    ``json.dumps(versions, sort_keys=True, separators=(",", ":"))``, with each version
    dict encoded once however many fields share it (most fields of most records do)."""
    done: dict[int, str] = {}
    parts = []
    for name in sorted(versions):
        version = versions[name]
        text = done.get(id(version))
        if text is None:
            text = done[id(version)] = json.dumps(version, sort_keys=True, separators=(",", ":"))
        parts.append(_encoded_name(name) + text)
    return "{" + ",".join(parts) + "}"


@functools.lru_cache(maxsize=1024)
def _encoded_name(name: str) -> str:
    # A few dozen field names, encoded for every field of every record a bundle carries.
    return json.dumps(name) + ":"


# -- in the database -------------------------------------------------------------------------


def versions_of(
    session: Session, table_name: str, uids: Sequence[str], fields: Iterable[str], me: str
) -> dict[str, Versions]:
    """uid -> the version of each of ``fields`` (an empty version: never set by an audited
    write) for records of ``table_name``; reads the kept versions and the records' audit
    events in one query each per chunk of uids. Fields with the same version may share one
    dict: read them, never change them in place."""
    names = list(fields)
    out: dict[str, Versions] = {}
    for start in range(0, len(uids), CHUNK):
        chunk = list(uids[start : start + CHUNK])
        kept: dict[str, tuple[Versions, int]] = {
            uid: (json.loads(text), int(mark))
            for uid, text, mark in session.execute(
                select(VERSIONS.c.record_uid, VERSIONS.c.versions, VERSIONS.c.mark).where(
                    VERSIONS.c.table_name == table_name, VERSIONS.c.record_uid.in_(chunk)
                )
            ).all()
        }
        # Per record, this archive's newest edit of every field (its creation: read from
        # the index of events by record, never the event's digests, which are most of the
        # trail's bytes), and of each field an update named.
        every: dict[str, int] = {}
        for uid, event_id in session.execute(
            select(EVENTS.c.record_uid, func.max(EVENTS.c.id))
            .where(
                EVENTS.c.record_uid.in_(chunk),
                EVENTS.c.table_name == table_name,
                EVENTS.c.action == "create",
            )
            .group_by(EVENTS.c.record_uid)
        ).all():
            if event_id > kept.get(uid, ({}, 0))[1]:
                every[uid] = int(event_id)
        each: dict[str, dict[str, int]] = {}
        for uid, event_id, changes in session.execute(
            select(EVENTS.c.record_uid, EVENTS.c.id, EVENTS.c.changes).where(
                EVENTS.c.record_uid.in_(chunk),
                EVENTS.c.table_name == table_name,
                EVENTS.c.action.in_(FIELD_UPDATES),
            )
        ).all():
            if event_id <= kept.get(uid, ({}, 0))[1]:
                continue  # written by the merge that kept these versions, or before it
            try:
                changed = json.loads(changes)
            except ValueError:
                continue
            if isinstance(changed, dict):
                named = each.setdefault(uid, {})
                for name in changed:
                    named[name] = max(named.get(str(name), 0), int(event_id))
        for uid in chunk:
            stored = kept.get(uid, ({}, 0))[0]
            created = every.get(uid, 0)
            named = each.get(uid, {})
            plain: Version = {me: created} if created else {}  # shared by untouched fields
            versions: Versions = {}
            for name in names:
                version = stored.get(name)
                local = max(created, named.get(name, 0))
                if version is None and local == created:
                    versions[name] = plain
                elif local and (version is None or version.get(me, 0) < local):
                    versions[name] = {**(version or {}), me: local}
                else:
                    versions[name] = version if version is not None else {}
            out[uid] = versions
    return out


def keep_versions(
    session: Session, table_name: str, rows: Mapping[str, Versions], mark: int | None = None
) -> None:
    """Keep ``rows`` (uid -> versions) as the records' versions from now on: audit events
    written up to ``mark`` (default: now; the merge's own) are part of them; later ones are
    local edits."""
    if not rows:
        return
    if mark is None:
        mark = _newest_event(session)
    uids = list(rows)
    for start in range(0, len(uids), CHUNK):
        chunk = uids[start : start + CHUNK]
        session.execute(
            delete(VERSIONS).where(
                VERSIONS.c.table_name == table_name, VERSIONS.c.record_uid.in_(chunk)
            )
        )
        insert_rows(
            session.connection(),
            VERSIONS,
            [
                {
                    "table_name": table_name,
                    "record_uid": uid,
                    "versions": encoded(rows[uid]),
                    "mark": mark,
                }
                for uid in chunk
            ],
        )


def _newest_event(session: Session) -> int:
    newest = session.execute(select(EVENTS.c.id).order_by(EVENTS.c.id.desc()).limit(1)).scalar()
    return int(newest or 0)
