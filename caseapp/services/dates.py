"""Partial dates as the field records them: "2019", "2019-03", "2019-03-14", with a precision.

Stored as ISO text so that text order is date order; validated here so that an impossible
date ("2019-13-40") never reaches the database.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from caseapp.models.enums import DatePrecision

# ASCII digits only and a full match: "２０１９" or "2019\n" are not dates.
_PARTIAL = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
EARLIEST_YEAR = 1900


class DateProblem(ValueError):
    pass


def parse_partial(text: str, today: date | None = None) -> tuple[date, date]:
    """Return the first and last day a partial date can mean; raise DateProblem if it is
    malformed, impossible, or later than today."""
    match = _PARTIAL.fullmatch(text)
    if not match:
        # Quote only a little: free text typed into a date field stays out of messages.
        shown = text[:12] + ("…" if len(text) > 12 else "")
        raise DateProblem(f"{shown!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    if year < EARLIEST_YEAR:
        raise DateProblem(f"{text} is before {EARLIEST_YEAR}")
    if month is not None and not 1 <= month <= 12:
        raise DateProblem(f"{text} is not a real date (month {month})")
    if day is not None:
        assert month is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise DateProblem(f"{text} is not a real date (day {day})")
        first_day = last_day = date(year, month, day)
    elif month is not None:
        first_day = date(year, month, 1)
        last_day = date(year, month, calendar.monthrange(year, month)[1])
    else:
        first_day, last_day = date(year, 1, 1), date(year, 12, 31)
    if first_day > (today or date.today()):
        raise DateProblem(f"{text} is in the future")
    return first_day, last_day


def granularity(text: str) -> DatePrecision:
    return {4: DatePrecision.YEAR, 7: DatePrecision.MONTH}.get(len(text), DatePrecision.EXACT)


def inferred_precision(start: str | None, end: str | None) -> DatePrecision:
    """The precision of a date typed without one: a range when an end date is given, else
    what the start date's form shows (2019 a year, 2019-03 a month); unknown without a date.
    The one rule for the validator and the editor's "from the date" choice."""
    if not start:
        return DatePrecision.UNKNOWN
    if end:
        return DatePrecision.RANGE
    return granularity(start)


def check_precision(
    start: str | None, end: str | None, precision: str, today: date | None = None
) -> list[tuple[str, str]]:
    """Problems with a (start, end, precision) triple, as (which, message) pairs where
    ``which`` is "start", "end" or "precision"."""
    problems: list[tuple[str, str]] = []
    bounds: dict[str, tuple[date, date]] = {}
    for which, value in (("start", start), ("end", end)):
        if value:
            try:
                bounds[which] = parse_partial(value, today)
            except DateProblem as exc:
                problems.append((which, str(exc)))
    if problems:
        return problems
    try:
        prec = DatePrecision(precision)
    except ValueError:
        return [("precision", f"unknown precision {precision!r}")]
    if prec is DatePrecision.UNKNOWN:
        if start or end:
            problems.append(("precision", "a date is given but the precision says unknown"))
    elif not start:
        problems.append(("start", f"a date is needed for precision {prec.value}"))
    elif prec is DatePrecision.RANGE:
        if not end:
            problems.append(("end", "a range needs an end date"))
    elif prec is DatePrecision.ESTIMATE:
        pass
    else:
        if end:
            problems.append(("end", f"an end date needs precision range, not {prec.value}"))
        if granularity(start) is not prec:
            problems.append(("precision", f"{start} does not have precision {prec.value}"))
    if "start" in bounds and "end" in bounds and bounds["end"][1] < bounds["start"][0]:
        problems.append(("end", f"{end} is before {start}"))
    return problems
