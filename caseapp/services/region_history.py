"""The history of a region's protection status, kept by the services whichever front end
saves the region (the window, an import, later an exchange).

The history always holds the region's current state as its newest entry: a save that
creates a region with a status or a figure, or changes its status or figure, adds the new
state, and the earlier one too when it was never recorded. The entries are written in the
transaction of the region's own change, so a failed save leaves no entry behind. Nothing in
the history is changed or removed automatically."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from caseapp.models.base import column
from caseapp.models.protection import RegionProtection, RegionProtectionHistory

# What an entry records of the region, and which changes are worth an entry.
STATE = ("as_of", "protection_status", "reported_cases", "reported_cases_is_minimum")
WORTH_AN_ENTRY = ("protection_status", "reported_cases", "reported_cases_is_minimum")

# Creates a history entry in the caller's session (RecordService.create_in, bound).
CreateEntry = Callable[[Mapping[str, Any]], str]


def _state(values: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        values.get("as_of") or None,
        values.get("protection_status") or None,
        values.get("reported_cases"),
        bool(values.get("reported_cases_is_minimum")),
    )


def _recorded(session: Session, region_uid: str) -> set[tuple[Any, ...]]:
    history, region = RegionProtectionHistory, RegionProtection
    rows = session.execute(
        select(*(column(history, name) for name in STATE))
        .join(region, column(region, "id") == column(history, "region_protection_id"))
        .where(column(region, "uid") == region_uid, column(history, "deleted_at").is_(None))
    )
    return {_state(dict(zip(STATE, row, strict=True))) for row in rows}


def record_history(
    session: Session,
    create_entry: CreateEntry,
    region_uid: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
) -> int:
    """Add the entries a save of the region calls for (``before`` is None for a new region);
    return how many were added."""
    if before is None:
        wanted = [after]
    elif any(before.get(name) != after.get(name) for name in WORTH_AN_ENTRY):
        wanted = [before, after]
    else:
        return 0
    # A state with neither a status nor a figure (a region just named) says nothing.
    wanted = [v for v in wanted if v.get("protection_status") or v.get("reported_cases")]
    if not wanted:
        return 0
    recorded = _recorded(session, region_uid)
    added = 0
    for values in wanted:
        state = _state(values)
        if state in recorded:
            continue
        entry = {name: values[name] for name in STATE if values.get(name) not in (None, "")}
        entry.update(region_uid=region_uid, source=values.get("source") or "")
        create_entry(entry)
        recorded.add(state)
        added += 1
    return added
