"""Export profiles: what may leave the laptop, decided by consent.

Every CSV, PDF and exchange path takes a profile and asks this module which testimonies it
may carry and how each value must be shown. A withdrawn consent counts as no, and a
testimony without a consent record is internal at most.

- ``internal``: every record; persons by code and pseudonym; never the identity vault.
- ``un``: testimonies with UN consent and their violations; persons by code only.
- ``public``: testimonies with public consent; no pseudonyms, interviewers or source codes;
  dates no finer than the year, places no finer than the province; in aggregate tables a
  count from 1 to 4 is shown as "<5" (a region with two cases can identify people).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, true


class Profile(StrEnum):
    INTERNAL = "internal"
    UN = "un"
    PUBLIC = "public"


# Most restrictive first: the default for a user is the first their role allows.
BY_RESTRICTION = (Profile.PUBLIC, Profile.UN, Profile.INTERNAL)
SMALL_COUNT_LIMIT = 5


def consent_allows(consent: Table, profile: Profile) -> ColumnElement[bool]:
    """SQL condition on a (LEFT OUTER joined) live consent row: may this testimony go out
    under ``profile``?"""
    if profile is Profile.INTERNAL:
        return true()
    scope = consent.c.un if profile is Profile.UN else consent.c.public
    return and_(
        consent.c.id.is_not(None),
        consent.c.deleted_at.is_(None),
        consent.c.date_withdrawn.is_(None),
        scope.is_(True),
    )


def consent_allows_values(
    profile: Profile,
    *,
    un: bool | None,
    public: bool | None,
    withdrawn: str | None,
    exists: bool,
) -> bool:
    """The same rule in Python, for rows already read."""
    if profile is Profile.INTERNAL:
        return True
    if not exists or withdrawn:
        return False
    return bool(un) if profile is Profile.UN else bool(public)


def year_only(date: str | None) -> str | None:
    return date[:4] if date else date


def coarse_precision(precision: str | None) -> str | None:
    """Dates cut to the year keep an honest precision: exact and month become year."""
    if precision in ("exact", "month"):
        return "year"
    return precision


def shown_count(count: int, profile: Profile) -> str:
    if profile is Profile.PUBLIC and 0 < count < SMALL_COUNT_LIMIT:
        return f"<{SMALL_COUNT_LIMIT}"
    return str(count)


PUBLIC_DROPPED_TESTIMONY_FIELDS = ("interviewer", "source_code", "source_pseudonym")
UN_DROPPED_TESTIMONY_FIELDS = ("source_pseudonym",)


def redact_testimony(row: dict[str, Any], profile: Profile) -> dict[str, Any]:
    """A testimony row as ``profile`` may show it (fields blanked, dates coarsened)."""
    shown = dict(row)
    if profile is Profile.UN:
        for name in UN_DROPPED_TESTIMONY_FIELDS:
            if name in shown:
                shown[name] = ""
    if profile is Profile.PUBLIC:
        for name in PUBLIC_DROPPED_TESTIMONY_FIELDS:
            if name in shown:
                shown[name] = ""
        if "interview_date" in shown:
            shown["interview_date"] = year_only(shown["interview_date"])
            shown["interview_date_precision"] = coarse_precision(
                shown.get("interview_date_precision")
            )
        if "interview_place" in shown:
            shown["interview_place"] = ""
        if "consent_date" in shown:
            shown["consent_date"] = year_only(shown["consent_date"])
    return shown


def redact_violation(row: dict[str, Any], profile: Profile) -> dict[str, Any]:
    shown = dict(row)
    if profile is Profile.PUBLIC:
        for name in ("date_start", "date_end", "un_submission_date"):
            if name in shown:
                shown[name] = year_only(shown[name])
        if "date_precision" in shown:
            shown["date_precision"] = coarse_precision(shown["date_precision"])
        if "place" in shown:
            shown["place"] = ""  # places no finer than the province
    return shown


WITHHELD = "[withheld]"


def name_replacements(
    people: Iterable[tuple[str | None, str | None]],
    staff: Iterable[str | None],
    profile: Profile,
    withheld: str = WITHHELD,
) -> dict[str, str]:
    """Names that must not appear in a testimony's free text under ``profile``: the
    pseudonyms of its source and victims, ``people`` as (code, pseudonym) (``un`` shows
    their codes instead, ``public`` nothing) and, in ``public``, the ``staff`` names
    (interviewer, whoever recorded the consent). A summary that says "Kim A. describes..."
    would otherwise carry the pseudonym the profile withholds. CSV and PDF share this rule."""
    if profile is Profile.INTERNAL:
        return {}
    names: dict[str, str] = {}
    for code, pseudonym in people:
        if pseudonym and len(pseudonym.strip()) > 1:
            names[pseudonym.strip()] = f"[{code}]" if profile is Profile.UN and code else withheld
    if profile is Profile.PUBLIC:
        for name in staff:
            if name and len(name.strip()) > 1:
                names.setdefault(name.strip(), withheld)
    return names


def replace_names(text: str, names: dict[str, str]) -> str:
    """``text`` with every name of ``names`` replaced, longest first."""
    found = [name for name in names if name in text] if text else []
    if not found:
        return text
    pattern = re.compile("|".join(re.escape(n) for n in sorted(found, key=len, reverse=True)))
    return pattern.sub(lambda m: names[m.group(0)], text)
