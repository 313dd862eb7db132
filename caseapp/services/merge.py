"""The three-way merge of one record: the base both archives last agreed on, the local record
("mine") and the one a peer sent ("theirs"), field by field.

- A field changed on one side only takes that side's value; the same value on both sides is
  no change.
- A field changed differently on both sides is a **conflict**: the local value stays in
  effect and the conflict is kept for a person to resolve, unless a safety rule decides:
  - consent: a narrower consent wins over a wider one (a scope granted on one side and
    refused on the other stays refused), and a withdrawal wins over none;
  - an erased testimony stays erased: its blanked text wins over an edit;
  - a deletion against an edit of the same record is a conflict like any other (on the
    ``deleted_at`` field), so nothing is lost while a person decides.
- With no base (the record reached both sides some other way), every field that differs is a
  conflict, which is the cautious reading.

Pure functions: no database. caseapp/services/exchange.py applies what they decide.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

# Consent scopes: True grants, False refuses; the narrower (False) wins a conflict.
CONSENT_SCOPES = frozenset({"internal", "un", "public"})
WITHDRAWAL = "date_withdrawn"


@dataclass(frozen=True)
class FieldConflict:
    field: str
    base: Any
    mine: Any
    theirs: Any


@dataclass
class MergeResult:
    """What to write (``changes``: field -> value taken from theirs or decided by a rule)
    and what a person must decide (``conflicts``)."""

    changes: dict[str, Any] = field(default_factory=dict)
    conflicts: list[FieldConflict] = field(default_factory=list)
    decided: list[str] = field(default_factory=list)  # fields a safety rule settled


def merge_record(
    kind: str,
    base: Mapping[str, Any] | None,
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    mine_erased: bool = False,
    theirs_erased: bool = False,
    mine_touched: Collection[str] = (),
    theirs_touched: Collection[str] = (),
) -> MergeResult:
    """Merge ``theirs`` into ``mine`` against ``base`` (None: no common base).

    ``mine_touched`` and ``theirs_touched`` name the fields each side edited since the base,
    whatever their values now: a field set back to the base's value (draft, then reviewed,
    then draft again) is an edit all the same, and meets the other side's as a conflict."""
    result = MergeResult()
    deletion = _deletion_against_edit(base, mine, theirs)
    if deletion is not None:
        result.conflicts.append(deletion)
    for name, incoming in theirs.items():
        if deletion is not None and name == "deleted_at":
            continue
        local = mine.get(name)
        if incoming == local:
            continue
        if base is not None and name in base:
            common = base[name]
            if incoming == common and name not in theirs_touched:
                continue  # only we changed it
            if local == common and name not in mine_touched:
                if mine_erased and name != "deleted_at":
                    continue  # an erased record keeps its blanks whatever the edit
                result.changes[name] = incoming  # only they changed it
                continue
        else:
            common = None
        decided = _safety_rule(kind, name, local, incoming, mine_erased, theirs_erased)
        if decided is not _UNDECIDED:
            if decided != local:
                result.changes[name] = decided
            result.decided.append(name)
            continue
        result.conflicts.append(FieldConflict(name, common, local, incoming))
    return result


_UNDECIDED = object()


def _deletion_against_edit(
    base: Mapping[str, Any] | None, mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> FieldConflict | None:
    """One side deleted the record since the base while the other edited it: a conflict on
    ``deleted_at`` (the local state stays), whichever side deleted."""
    if base is None or "deleted_at" not in base:
        return None
    was = base["deleted_at"]

    def edited(side: Mapping[str, Any]) -> bool:
        return any(side.get(k) != v for k, v in base.items() if k != "deleted_at")

    they_deleted = was is None and theirs.get("deleted_at") is not None
    we_deleted = was is None and mine.get("deleted_at") is not None
    if (they_deleted and not we_deleted and edited(mine)) or (
        we_deleted and not they_deleted and edited(theirs)
    ):
        return FieldConflict("deleted_at", was, mine.get("deleted_at"), theirs.get("deleted_at"))
    return None


def _safety_rule(
    kind: str, name: str, mine: Any, theirs: Any, mine_erased: bool, theirs_erased: bool
) -> Any:
    """The value a rule picks when both sides changed ``name``, or _UNDECIDED."""
    if kind == "consent" and name in CONSENT_SCOPES:
        return False if False in (mine, theirs) else (mine if mine is not None else theirs)
    if kind == "consent" and name == WITHDRAWAL:
        # A withdrawal wins over none; two withdrawal dates: the earlier one.
        dates = [value for value in (mine, theirs) if value]
        return min(dates) if dates else None
    if name != "deleted_at" and (mine_erased or theirs_erased):
        # Erasure wins over an edit: the blanked value (of whichever side erased) stays.
        return mine if mine_erased else theirs
    return _UNDECIDED
