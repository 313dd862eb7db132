"""Writing a finished PDF: the target checked before any work, then the file written
owner-only and unseen until complete, its export audited before it takes its name."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from caseapp.export.errors import ExportError
from caseapp.export.messages import Message
from caseapp.models import AuditAction
from caseapp.services.audit import AuditLog
from caseapp.services.profiles import Profile
from caseapp.store import CaseStore
from caseapp.store.files import Leftovers, private_atomic_file


@dataclass(frozen=True)
class ExportResult:
    path: Path
    profile: Profile
    records: int  # testimonies carried
    pages: int
    sha256: str


def generated_at() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


# Writes a document into the (binary, seekable) file given and returns what the audit event
# should say of it beyond the details given: a report knows its pages only once written.
Writer = Callable[[IO[bytes]], dict[str, Any]]


def save_export(
    store: CaseStore,
    audit: AuditLog,
    path: Path,
    data: bytes | Writer,
    details: dict[str, Any],
    record_uid: str | None = None,
    leftovers: Leftovers | None = None,
) -> str:
    """Write ``data`` to ``path`` and audit an export event with the file's SHA-256. The
    content is written (unnamed, or under a hidden name noted in ``leftovers``) before the
    event; the event commits before the file takes its name, so a file never leaves without
    its trace; if the audit fails, nothing is written and ``path`` keeps what it held."""
    try:
        with private_atomic_file(path, leftovers=leftovers) as out:
            if isinstance(data, bytes):
                out.handle.write(data)
                digest = hashlib.sha256(data).hexdigest()
            else:
                details = {**details, **data(out.handle)}
                sha256 = hashlib.sha256()
                out.handle.seek(0)
                for block in iter(lambda: out.handle.read(1 << 20), b""):
                    sha256.update(block)
                digest = sha256.hexdigest()
            with store.session() as session:
                audit.record(
                    session,
                    AuditAction.EXPORT.value,
                    "testimony",
                    record_uid,
                    {**details, "format": "pdf", "sha256": digest, "file": str(path)},
                )
    except OSError as exc:
        raise ExportError(
            Message("export.cannot_write", path=str(path), reason=str(exc.strerror))
        ) from None
    return digest
