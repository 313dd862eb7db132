"""``verify``: the file's pages are sound, the audit trail's guard is in place, its chain is
unbroken up to the recorded head, every record is what its audit events describe, and every
attachment matches its intake hash. The outcome (when, ok or not: nothing else) is kept in
``app_meta`` so that ``stats``, exports and the window can warn after a failed check."""

from __future__ import annotations

from sqlalchemy.exc import DatabaseError
from sqlmodel import Session

from caseapp.models import AppMeta, utc_now
from caseapp.services.attachments import verify_attachments
from caseapp.services.audit import set_meta, verify_chain
from caseapp.services.messages import Message, kind_message
from caseapp.services.record_check import verify_records
from caseapp.services.stats import count_problems
from caseapp.store.engines import features
from caseapp.store.integrity import altered_triggers, is_damage, page_problems

LAST_CHECK_KEY = "last_verify"
OK, FAILED = "ok", "failed"


def verify_store(session: Session, pages: bool = True) -> list[Message]:
    """Every problem found; empty when the archive is intact. A damaged file is reported
    as damage, whichever check meets it first. ``pages=False`` leaves out the page checks
    for a caller that has just run them (a backup's copy)."""
    problems: list[Message] = []
    connection = session.connection()
    damaged_pages = page_problems(connection) if pages else 0
    if damaged_pages:
        problems.append(Message("verify.damaged_pages", count=damaged_pages))
    try:
        problems += [
            Message("verify.guard_altered", trigger=name) for name in altered_triggers(connection)
        ]
        problems += count_problems(session)
        problems += [
            Message(
                "verify.search_list_differs", kind=kind_message(kind), list=list_id, count=count
            )
            for kind, list_id, count in features(connection).rank_list_problems(connection)
        ]
        problems += verify_chain(session)
        problems += verify_records(session)
        problems += verify_attachments(session)
    except DatabaseError as exc:
        if not is_damage(exc):
            raise
        if not damaged_pages:
            problems.append(Message("verify.damaged_pages", count=1))
    return problems


def record_check(session: Session, ok: bool) -> None:
    """Keep when the last check ran and whether it passed."""
    set_meta(session, LAST_CHECK_KEY, f"{utc_now()} {OK if ok else FAILED}")


def last_check_warning(session: Session) -> Message | None:
    """The warning to show when the last check found problems; None otherwise."""
    meta = session.get(AppMeta, LAST_CHECK_KEY)
    if meta is None:
        return None
    at, _, outcome = meta.value.partition(" ")
    if outcome == OK:
        return None
    return Message("verify.last_failed", at=at)
