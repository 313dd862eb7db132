"""Service errors. Messages name the field and the problem; they never quote free text
(narratives, names, places), only dates, codes and counts."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError


class ServiceError(Exception):
    pass


@dataclass(frozen=True)
class FieldProblem:
    field: str
    problem: str
    row: int | None = None  # 1-based data row, for imports

    def __str__(self) -> str:
        where = f"row {self.row}, " if self.row is not None else ""
        return f"{where}{self.field}: {self.problem}"


class ValidationError(ServiceError):
    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "invalid record"
        others = len(problems) - 1
        more = ""
        if others == 1:
            more = " (and 1 more problem)"
        elif others > 1:
            more = f" (and {others} more problems)"
        super().__init__(first + more)


class NotFound(ServiceError):
    pass


class ConstraintViolation(ServiceError):
    """The database refused a write. The driver's message is dropped: it quotes the values
    of the statement, which may be names or testimony text."""


@contextlib.contextmanager
def constraint_guard() -> Iterator[None]:
    try:
        yield
    except IntegrityError:
        raise ConstraintViolation(
            "the change conflicts with another record (a database constraint); nothing was saved"
        ) from None


class IntegrityProblem(ServiceError):
    """The audit chain or an attachment does not match what was recorded."""
