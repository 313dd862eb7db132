"""The merge of one record, field by field: the local record ("mine") and the one a peer sent
("theirs"), each field with its version (caseapp/services/field_versions.py: which edits of
each archive the value knows).

- A field whose incoming version the local one includes: nothing to do (we knew that edit).
- A field whose incoming version includes the local one: theirs is newer, and taken.
- Neither includes the other: the two edits were concurrent. The same value on both sides
  is no conflict (the versions are joined). Different values are a **conflict**: the local
  value stays in effect and the conflict is kept for a person to resolve, unless a safety
  rule decides:
  - consent: a narrower consent wins over a wider one (a scope granted on one side and
    refused on the other stays refused), and a withdrawal wins over none;
  - an erased testimony stays erased: its blanked text wins over an edit;
  - two deletions are one: the earlier date stays;
  - a deletion against an edit of the same record is a conflict like any other (on the
    ``deleted_at`` field), so nothing is lost while a person decides.
- The base (the record as both sides last agreed on it, or None) is only shown with a
  conflict.

Pure functions: no database. caseapp/services/sync.py applies what they decide.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from caseapp.services.field_versions import Version, Versions, includes, joined

# Consent scopes: True grants, False refuses; the narrower (False) wins a conflict.
CONSENT_SCOPES = frozenset({"internal", "un", "public"})
WITHDRAWAL = "date_withdrawn"
DELETED = "deleted_at"


@dataclass(frozen=True)
class FieldConflict:
    field: str
    base: Any
    mine: Any
    theirs: Any
    theirs_version: Version = dataclasses.field(default_factory=dict)


@dataclass
class MergeResult:
    """What to write (``changes``: field -> value taken from theirs or decided by a rule),
    what a person must decide (``conflicts``), and each field's version after the merge."""

    changes: dict[str, Any] = field(default_factory=dict)
    conflicts: list[FieldConflict] = field(default_factory=list)
    decided: list[str] = field(default_factory=list)  # fields a safety rule settled
    versions: Versions = field(default_factory=dict)


def merge_record(
    kind: str,
    base: Mapping[str, Any] | None,
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    mine_versions: Versions,
    theirs_versions: Versions,
    mine_erased: bool = False,
    theirs_erased: bool = False,
) -> MergeResult:
    """Merge ``theirs`` into ``mine``, field by field, by their versions."""
    result = MergeResult(versions={name: dict(v) for name, v in mine_versions.items()})
    deletion = _deletion_against_edit(mine, theirs, mine_versions, theirs_versions)
    if deletion:
        result.conflicts.append(
            FieldConflict(
                DELETED,
                base.get(DELETED) if base is not None else None,
                mine.get(DELETED),
                theirs.get(DELETED),
                dict(theirs_versions.get(DELETED, {})),
            )
        )
    for name, incoming in theirs.items():
        local = mine.get(name)
        ours = mine_versions.get(name, {})
        new = theirs_versions.get(name, {})
        if includes(ours, new):
            continue  # we knew their edit
        if includes(new, ours):
            result.versions[name] = dict(new)
            if incoming == local:
                continue
            if mine_erased and name != DELETED:
                # An erased record keeps its blanks whatever the edit.
                result.versions[name] = joined(ours, new)
                continue
            if deletion and name == DELETED:
                result.versions[name] = dict(ours)  # the deletion waits for a person
                continue
            result.changes[name] = incoming
            continue
        # Concurrent edits.
        if incoming == local:
            result.versions[name] = joined(ours, new)
            continue
        decided = _safety_rule(kind, name, local, incoming, mine_erased, theirs_erased)
        if decided is not _UNDECIDED:
            if decided != local:
                result.changes[name] = decided
            result.versions[name] = joined(ours, new)
            result.decided.append(name)
            continue
        if deletion and name == DELETED:
            continue  # already the conflict on the deletion
        common = base.get(name) if base is not None else None
        result.conflicts.append(FieldConflict(name, common, local, incoming, dict(new)))
    return result


_UNDECIDED = object()


def _deletion_against_edit(
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    mine_versions: Versions,
    theirs_versions: Versions,
) -> bool:
    """One side deleted the record while the other edited it, neither knowing the other's
    change: a conflict on ``deleted_at`` (the local state stays), whichever side deleted."""

    def knows(a: Versions, b: Versions, name: str) -> bool:
        return includes(a.get(name, {}), b.get(name, {}))

    def edited_unknown(side: Versions, other: Versions) -> bool:
        return any(not knows(other, side, name) for name in side if name != DELETED)

    they_deleted = (
        theirs.get(DELETED) is not None
        and mine.get(DELETED) is None
        and not knows(mine_versions, theirs_versions, DELETED)
    )
    we_deleted = (
        mine.get(DELETED) is not None
        and theirs.get(DELETED) is None
        and not knows(theirs_versions, mine_versions, DELETED)
    )
    return (they_deleted and edited_unknown(mine_versions, theirs_versions)) or (
        we_deleted and edited_unknown(theirs_versions, mine_versions)
    )


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
    if name == DELETED and mine is not None and theirs is not None:
        return min(mine, theirs)  # two deletions are one: the earlier stays
    if name != DELETED and (mine_erased or theirs_erased):
        # Erasure wins over an edit: the blanked value (of whichever side erased) stays.
        return mine if mine_erased else theirs
    return _UNDECIDED
