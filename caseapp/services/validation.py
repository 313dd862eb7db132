"""Turns user input into column values, or into problems that name the field at fault."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from datetime import date
from typing import Any

from caseapp.services.dates import DateProblem, check_precision, inferred_precision, parse_partial
from caseapp.services.errors import FieldProblem
from caseapp.services.record_kinds import RecordKind, Rule
from caseapp.services.vocabulary import Vocabulary

RefResolver = Callable[[str, str], int | None]
"""(kind name, uid) -> row id, or None when no live record has that uid."""

_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n", ""}


class Validator:
    def __init__(self, vocabulary: Vocabulary, today: date | None = None) -> None:
        self.vocabulary = vocabulary
        self.today = today

    def clean(
        self,
        kind: RecordKind,
        data: Mapping[str, Any],
        resolve: RefResolver,
        base: Mapping[str, Any] | None = None,
        row: int | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any], list[FieldProblem]]:
        """Return (column values, field values, problems) for ``data``.

        ``base`` holds the record's current field values when updating, so that checks
        across fields (a date and its precision) see the record as it will be."""
        problems: list[FieldProblem] = []
        columns: dict[str, Any] = {}
        fields: dict[str, Any] = {}
        for name, raw in data.items():
            rule = kind.rules.get(name)
            if rule is None:
                problems.append(FieldProblem(name, "is not a field of a " + kind.label, row))
                continue
            try:
                value = self._value(rule, raw)
            except ValueError as exc:
                problems.append(FieldProblem(name, str(exc), row))
                continue
            fields[name] = value
            if rule.type == "ref":
                assert rule.column is not None and rule.ref_kind is not None
                if value is None:
                    columns[rule.column] = None
                else:
                    target = resolve(rule.ref_kind, value)
                    if target is None:
                        problems.append(
                            FieldProblem(name, f"no {rule.ref_kind} with uid {value}", row)
                        )
                    columns[rule.column] = target
            else:
                columns[name] = value
        merged = {**(base or {}), **fields}
        for group in kind.date_groups:
            # A date typed without a precision gets the precision its form shows.
            start = merged.get(group.start)
            stored = merged.get(group.precision)
            # A stored "unknown" is the default of a dateless record: a date added later gets
            # the precision its form shows, unless this edit names a precision itself.
            unset = not stored or (stored == "unknown" and group.precision not in fields)
            if unset and group.start in fields and isinstance(start, str) and start:
                inferred = inferred_precision(start, merged.get(group.end) if group.end else None)
                merged[group.precision] = fields[group.precision] = str(inferred)
                columns[group.precision] = str(inferred)
        for name, rule in kind.rules.items():
            missing = rule.required and merged.get(name) in (None, "")
            if missing and not any(p.field == name for p in problems):
                problems.append(FieldProblem(name, "is required", row))
        failed = {p.field for p in problems}
        problems += self._cross_field(kind, merged, row, failed)
        return columns, fields, problems

    def _value(self, rule: Rule, raw: Any) -> Any:
        if rule.type == "text":
            if raw is None:
                return ""
            if not isinstance(raw, str):
                raise ValueError("must be text")
            if len(raw) > rule.max_len:
                raise ValueError(f"is too long ({len(raw):,} characters; at most {rule.max_len:,})")
            if "\x00" in raw:
                raise ValueError("contains a NUL character")
            return raw
        if rule.type == "vocab_list":
            return self._codes(rule, raw)
        if raw is None or raw == "":
            if rule.type == "bool":
                return False
            return None
        if rule.type == "vocab":
            assert rule.scheme is not None
            if not isinstance(raw, str) or not self.vocabulary.has(rule.scheme, raw):
                raise ValueError(f"unknown code {str(raw)[:64]!r} in vocabulary {rule.scheme}")
            return raw
        if rule.type == "enum":
            if raw not in rule.choices:
                raise ValueError(f"must be one of {', '.join(rule.choices)}, not {str(raw)[:32]!r}")
            return raw
        if rule.type == "roles":
            items = raw.split(",") if isinstance(raw, str) else list(raw)
            roles = sorted({str(item).strip() for item in items if str(item).strip()})
            unknown = [r for r in roles if r not in rule.choices]
            if unknown:
                raise ValueError(f"unknown role {unknown[0][:32]!r}")
            return ",".join(roles)
        if rule.type == "date":
            if not isinstance(raw, str):
                raise ValueError("must be a date YYYY, YYYY-MM or YYYY-MM-DD")
            try:
                parse_partial(raw, self.today)
            except DateProblem as exc:
                raise ValueError(str(exc)) from None
            return raw
        if rule.type == "year":
            text = str(raw)
            if len(text) != 4 or not (text.isascii() and text.isdigit()):
                raise ValueError(f"{text[:16]!r} is not a year (YYYY)")
            parse_partial(text, self.today)
            return text
        if rule.type == "bool":
            if isinstance(raw, bool):
                return raw
            lowered = str(raw).strip().lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
            raise ValueError(f"must be yes or no, not {str(raw)[:16]!r}")
        if rule.type == "int":
            if isinstance(raw, bool):
                raise ValueError("must be a whole number")
            try:
                number = int(str(raw).replace(",", "").strip())
            except ValueError:
                raise ValueError(f"{str(raw)[:16]!r} is not a whole number") from None
            if number < 0:
                raise ValueError("must not be negative")
            return number
        if rule.type == "ref":
            if not isinstance(raw, str):
                raise ValueError("must be a uid")
            return raw.strip()
        raise AssertionError(rule.type)

    def _codes(self, rule: Rule, raw: Any) -> str:
        """Codes as text ("laos, thailand") or a list, stored sorted; every code must exist."""
        assert rule.scheme is not None
        if raw is None:
            return ""
        if isinstance(raw, str):
            items = raw.split(",")
        elif isinstance(raw, list | tuple | set | frozenset):
            items = [str(item) for item in raw]
        else:
            raise ValueError(f"must be codes of vocabulary {rule.scheme}, separated by commas")
        codes = sorted({item.strip() for item in items if item.strip()})
        unknown = [c for c in codes if not self.vocabulary.has(rule.scheme, c)]
        if unknown:
            raise ValueError(f"unknown code {unknown[0][:64]!r} in vocabulary {rule.scheme}")
        joined = ",".join(codes)
        if len(joined) > rule.max_len:
            raise ValueError(f"is too long ({len(joined):,} characters; at most {rule.max_len:,})")
        return joined

    def _cross_field(
        self,
        kind: RecordKind,
        merged: Mapping[str, Any],
        row: int | None,
        failed: AbstractSet[str] = frozenset(),
    ) -> list[FieldProblem]:
        problems = []
        for group in kind.date_groups:
            if failed & {group.start, group.end, group.precision}:
                continue  # the date itself is wrong: say that, not what follows from it
            start = merged.get(group.start)
            end = merged.get(group.end) if group.end else None
            precision = merged.get(group.precision) or "unknown"
            names = {"start": group.start, "end": group.end or group.start}
            names["precision"] = group.precision
            for which, message in check_precision(start, end, precision, self.today):
                problems.append(FieldProblem(names[which], message, row))
        if kind.name == "consent":
            given, withdrawn = merged.get("date_given"), merged.get("date_withdrawn")
            if given and withdrawn and _last_day(withdrawn) < _first_day(given):
                problems.append(
                    FieldProblem("date_withdrawn", f"{withdrawn} is before {given}", row)
                )
        if kind.name == "state_response_link":
            targets = [merged.get("testimony_uid"), merged.get("violation_uid")]
            if sum(1 for t in targets if t) != 1:
                problems.append(
                    FieldProblem("testimony_uid", "link exactly one testimony or violation", row)
                )
        return problems


def _first_day(text: str) -> date:
    return parse_partial(text)[0]


def _last_day(text: str) -> date:
    return parse_partial(text)[1]
