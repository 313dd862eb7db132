"""Writing a finished PDF: the target checked before any work, then the file written
atomically and owner-only with its export audited in the same transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from caseapp.export.errors import ExportError
from caseapp.export.messages import Message
from caseapp.models import AuditAction
from caseapp.services.audit import AuditLog
from caseapp.services.profiles import Profile
from caseapp.store import CaseStore
from caseapp.store.files import write_private_atomically


@dataclass(frozen=True)
class ExportResult:
    path: Path
    profile: Profile
    records: int  # testimonies carried
    pages: int
    sha256: str


def generated_at() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def save_export(
    store: CaseStore,
    audit: AuditLog,
    path: Path,
    data: bytes,
    details: dict[str, Any],
    record_uid: str | None = None,
) -> str:
    """Write ``data`` atomically to ``path`` and audit an export event with the file's
    SHA-256, in one transaction: if the write fails, nothing is audited; if the audit fails,
    the new file is removed."""
    digest = hashlib.sha256(data).hexdigest()
    written = False
    try:
        with store.session() as session:
            audit.record(
                session,
                AuditAction.EXPORT.value,
                "testimony",
                record_uid,
                {**details, "format": "pdf", "sha256": digest, "file": str(path)},
            )
            session.flush()
            try:
                write_private_atomically(path, data)
            except OSError as exc:
                raise ExportError(
                    Message("export.cannot_write", path=str(path), reason=str(exc.strerror))
                ) from None
            written = True
    except BaseException:
        if written:
            path.unlink(missing_ok=True)
        raise
    return digest
