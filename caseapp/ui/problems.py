"""The services' validation messages in the interface language.

The services word their problems in English ("2019-13-40 is not a real date (month 13)"),
for the log, the CLI and the tests. The interface shows them through ``localized_problem``,
which recognises each message shape and rebuilds it from a translatable template. A message
of an unknown shape is shown as it is; without a translator every message comes back
unchanged.

The templates are literal ``QCoreApplication.translate("problems", ...)`` calls so that
lupdate finds them; keep them in step with caseapp/services (validation, dates, records,
bulk, attachments, errors).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

_QUOTED = r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""  # a value shown with Python's repr
_WORD = r"(\S+)"  # a date, code, uid or number
_KIND = r"(.+)"  # a record kind's label ("testimony", "state response")


def _fill(template: str, *values: str) -> str:
    """Put ``values`` in the %1, %2 ... of ``template`` in one pass (a value that contains
    "%2" is not filled again)."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return values[index] if 0 <= index < len(values) else match.group(0)

    return re.sub(r"%([1-9])", value, template)


def _kind(label: str) -> str:
    """A record kind as the services name it, in the interface language."""
    labels = {
        "testimony": QCoreApplication.translate("problems", "testimony"),
        "consent": QCoreApplication.translate("problems", "consent"),
        "person": QCoreApplication.translate("problems", "person"),
        "identity": QCoreApplication.translate("problems", "identity"),
        "violation": QCoreApplication.translate("problems", "violation"),
        "region": QCoreApplication.translate("problems", "region"),
        "regional protection status": QCoreApplication.translate(
            "problems", "regional protection status"
        ),
        "protection status history entry": QCoreApplication.translate(
            "problems", "protection status history entry"
        ),
        "state response": QCoreApplication.translate("problems", "state response"),
        "state response link": QCoreApplication.translate("problems", "state response link"),
        "advocacy demand": QCoreApplication.translate("problems", "advocacy demand"),
        "attachment": QCoreApplication.translate("problems", "attachment"),
    }
    english = label.replace("_", " ")  # a kind's name ("state_response") or its label
    shown = labels.get(english, english)
    # Untranslated, the kind keeps the spelling of the message it came from.
    return label if shown == english else shown


def _precision(value: str) -> str:
    """A stored date precision ("exact") as the problems name it."""
    names = {
        "exact": QCoreApplication.translate("problems", "exact"),
        "month": QCoreApplication.translate("problems", "month"),
        "year": QCoreApplication.translate("problems", "year"),
        "range": QCoreApplication.translate("problems", "range"),
        "estimate": QCoreApplication.translate("problems", "estimate"),
        "unknown": QCoreApplication.translate("problems", "unknown"),
    }
    return names.get(value, value)


Rule = tuple[str, Callable[[re.Match[str]], str]]

_RULES: list[Rule] = [
    # -- caseapp/services/validation.py --------------------------------------------------------
    (
        r"is required",
        lambda m: QCoreApplication.translate("problems", "is required"),
    ),
    (
        r"is not a field of a " + _KIND,
        lambda m: _fill(
            QCoreApplication.translate("problems", "is not a field of a %1"), _kind(m[1])
        ),
    ),
    (
        r"no ([a-z_ ]+) with uid " + _WORD,
        lambda m: _fill(
            QCoreApplication.translate("problems", "no %1 with uid %2"), _kind(m[1]), m[2]
        ),
    ),
    (
        r"must be text",
        lambda m: QCoreApplication.translate("problems", "must be text"),
    ),
    (
        r"is too long \(([0-9,]+) characters; at most ([0-9,]+)\)",
        lambda m: _fill(
            QCoreApplication.translate("problems", "is too long (%1 characters; at most %2)"),
            m[1],
            m[2],
        ),
    ),
    (
        r"contains a NUL character",
        lambda m: QCoreApplication.translate("problems", "contains a NUL character"),
    ),
    (
        r"unknown code " + _QUOTED + r" in vocabulary " + _WORD,
        lambda m: _fill(
            QCoreApplication.translate("problems", "unknown code %1 in vocabulary %2"), m[1], m[2]
        ),
    ),
    (
        r"must be one of (.*), not " + _QUOTED,
        lambda m: _fill(
            QCoreApplication.translate("problems", "must be one of %1, not %2"), m[1], m[2]
        ),
    ),
    (
        r"unknown role " + _QUOTED,
        lambda m: _fill(QCoreApplication.translate("problems", "unknown role %1"), m[1]),
    ),
    (
        r"must be a date YYYY, YYYY-MM or YYYY-MM-DD",
        lambda m: QCoreApplication.translate(
            "problems", "must be a date YYYY, YYYY-MM or YYYY-MM-DD"
        ),
    ),
    (
        _QUOTED + r" is not a year \(YYYY\)",
        lambda m: _fill(QCoreApplication.translate("problems", "%1 is not a year (YYYY)"), m[1]),
    ),
    (
        r"must be yes or no, not " + _QUOTED,
        lambda m: _fill(QCoreApplication.translate("problems", "must be yes or no, not %1"), m[1]),
    ),
    (
        r"must be a whole number",
        lambda m: QCoreApplication.translate("problems", "must be a whole number"),
    ),
    (
        _QUOTED + r" is not a whole number",
        lambda m: _fill(QCoreApplication.translate("problems", "%1 is not a whole number"), m[1]),
    ),
    (
        r"must not be negative",
        lambda m: QCoreApplication.translate("problems", "must not be negative"),
    ),
    (
        r"must be a uid",
        lambda m: QCoreApplication.translate("problems", "must be a uid"),
    ),
    (
        r"must be codes of vocabulary " + _WORD + ", separated by commas",
        lambda m: _fill(
            QCoreApplication.translate(
                "problems", "must be codes of vocabulary %1, separated by commas"
            ),
            m[1],
        ),
    ),
    (
        r"link exactly one testimony or violation",
        lambda m: QCoreApplication.translate("problems", "link exactly one testimony or violation"),
    ),
    # -- caseapp/services/dates.py (and a consent withdrawn before it was given) ----------------
    (
        _QUOTED + r" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD",
        lambda m: _fill(
            QCoreApplication.translate(
                "problems", "%1 is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"
            ),
            m[1],
        ),
    ),
    (
        _WORD + r" is before " + _WORD,
        lambda m: _fill(QCoreApplication.translate("problems", "%1 is before %2"), m[1], m[2]),
    ),
    (
        _WORD + r" is not a real date \(month ([0-9]+)\)",
        lambda m: _fill(
            QCoreApplication.translate("problems", "%1 is not a real date (month %2)"),
            m[1],
            m[2],
        ),
    ),
    (
        _WORD + r" is not a real date \(day ([0-9]+)\)",
        lambda m: _fill(
            QCoreApplication.translate("problems", "%1 is not a real date (day %2)"), m[1], m[2]
        ),
    ),
    (
        _WORD + r" is in the future",
        lambda m: _fill(QCoreApplication.translate("problems", "%1 is in the future"), m[1]),
    ),
    (
        r"unknown precision " + _QUOTED,
        lambda m: _fill(QCoreApplication.translate("problems", "unknown precision %1"), m[1]),
    ),
    (
        r"a date is given but the precision says unknown",
        lambda m: QCoreApplication.translate(
            "problems", "a date is given but the precision says unknown"
        ),
    ),
    (
        r"a date is needed for precision " + _WORD,
        lambda m: _fill(
            QCoreApplication.translate("problems", "a date is needed for precision %1"),
            _precision(m[1]),
        ),
    ),
    (
        r"a range needs an end date",
        lambda m: QCoreApplication.translate("problems", "a range needs an end date"),
    ),
    (
        r"an end date needs precision range, not " + _WORD,
        lambda m: _fill(
            QCoreApplication.translate("problems", "an end date needs precision range, not %1"),
            _precision(m[1]),
        ),
    ),
    (
        _WORD + r" does not have precision " + _WORD,
        lambda m: _fill(
            QCoreApplication.translate("problems", "%1 does not have precision %2"),
            m[1],
            _precision(m[2]),
        ),
    ),
    # -- caseapp/services/records.py and bulk.py ------------------------------------------------
    (
        r"already has a deleted " + _KIND + r"; restore it instead",
        lambda m: _fill(
            QCoreApplication.translate("problems", "already has a deleted %1; restore it instead"),
            _kind(m[1]),
        ),
    ),
    (
        r"already has a " + _KIND + r"; edit that one",
        lambda m: _fill(
            QCoreApplication.translate("problems", "already has a %1; edit that one"),
            _kind(m[1]),
        ),
    ),
    (
        r"already has a " + _KIND,
        lambda m: _fill(QCoreApplication.translate("problems", "already has a %1"), _kind(m[1])),
    ),
    (
        r"cannot be empty",
        lambda m: QCoreApplication.translate("problems", "cannot be empty"),
    ),
    (
        r"its " + _KIND + r" is deleted; restore that first",
        lambda m: _fill(
            QCoreApplication.translate("problems", "its %1 is deleted; restore that first"),
            _kind(m[1]),
        ),
    ),
    (
        _WORD + r" is already used by another " + _KIND,
        lambda m: _fill(
            QCoreApplication.translate("problems", "%1 is already used by another %2"),
            m[1],
            _kind(m[2]),
        ),
    ),
    (
        _WORD + r" is already used",
        lambda m: _fill(QCoreApplication.translate("problems", "%1 is already used"), m[1]),
    ),
    (
        r"the " + _KIND + " " + _WORD + r" is deleted; restore it first",
        lambda m: _fill(
            QCoreApplication.translate("problems", "the %1 %2 is deleted; restore it first"),
            _kind(m[1]),
            m[2],
        ),
    ),
    (
        r"the " + _KIND + " " + _WORD + r" is deleted",
        lambda m: _fill(
            QCoreApplication.translate("problems", "the %1 %2 is deleted"), _kind(m[1]), m[2]
        ),
    ),
    # -- caseapp/services/attachments.py and errors.py ------------------------------------------
    (
        r"is larger than ([0-9,]+) bytes",
        lambda m: _fill(QCoreApplication.translate("problems", "is larger than %1 bytes"), m[1]),
    ),
    (
        r"attachment " + _WORD + r" does not match its intake SHA-256",
        lambda m: _fill(
            QCoreApplication.translate(
                "problems", "attachment %1 does not match its intake SHA-256"
            ),
            m[1],
        ),
    ),
    (
        r"attachment " + _WORD + r": content is missing",
        lambda m: _fill(
            QCoreApplication.translate("problems", "attachment %1: content is missing"), m[1]
        ),
    ),
    (
        r"attachment " + _WORD + r": content does not match its intake SHA-256",
        lambda m: _fill(
            QCoreApplication.translate(
                "problems", "attachment %1: content does not match its intake SHA-256"
            ),
            m[1],
        ),
    ),
    (
        r"the change conflicts with another record \(a database constraint\); "
        r"nothing was saved",
        lambda m: QCoreApplication.translate(
            "problems",
            "the change conflicts with another record (a database constraint); nothing was saved",
        ),
    ),
    (
        r"invalid record",
        lambda m: QCoreApplication.translate("problems", "invalid record"),
    ),
]

_COMPILED = [(re.compile(pattern, re.DOTALL), build) for pattern, build in _RULES]

# str() of a FieldProblem ("row 3, code: T-1 is already used") and of a ValidationError
# (the first problem, and how many more there are).
_MORE = re.compile(r"(.*) \(and ([0-9]+) more (problems?)\)", re.DOTALL)
_FIELD = re.compile(r"(?:row ([0-9]+), )?([A-Za-z_][A-Za-z0-9_]*): (.*)", re.DOTALL)


def _one(text: str) -> str | None:
    for pattern, build in _COMPILED:
        match = pattern.fullmatch(text)
        if match is not None:
            return build(match)
    return None


def localized_problem(text: str) -> str:
    """``text``, a problem the services wrote in English, in the interface language; an
    unknown message comes back unchanged."""
    shown = _one(text)
    if shown is not None:
        return shown
    more = _MORE.fullmatch(text)
    if more is not None:
        first = localized_problem(more[1])
        # Two messages rather than one %n plural: lupdate of PySide6 6.11 cannot see the
        # count argument of translate().
        if more[3] == "problem":
            return _fill(QCoreApplication.translate("problems", "%1 (and 1 more problem)"), first)
        template = QCoreApplication.translate("problems", "%1 (and %2 more problems)")
        return _fill(template, first, more[2])
    field = _FIELD.fullmatch(text)
    if field is not None:
        problem = _one(field[3])
        if problem is None:
            return text
        if field[1] is not None:
            return _fill(
                QCoreApplication.translate("problems", "row %1, %2: %3"),
                field[1],
                field[2],
                problem,
            )
        return _fill(QCoreApplication.translate("problems", "%1: %2"), field[2], problem)
    return text
