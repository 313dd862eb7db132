"""Service errors. Each carries a ``Message`` (a code and its parameters, defined in
caseapp/services/messages.py); ``str(exc)`` is its English. Messages name the field and the
problem; they never quote free text (narratives, names, places), only dates, codes and
counts."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from caseapp.services.messages import Message


class ServiceError(Exception):
    """A problem the user can act on; ``message`` says which, ``str()`` in English."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: Message
    row: int | None = None  # 1-based data row, for imports

    @property
    def problem(self) -> str:
        """The problem in English, without the field (logs, tests)."""
        return str(self.message)

    def located(self) -> Message:
        """The problem with its row and field ("row 3, code: ...")."""
        if not self.field:
            return self.message
        if self.row is not None:
            return Message(
                "problem.row_field", row=self.row, field=self.field, problem=self.message
            )
        return Message("problem.field", field=self.field, problem=self.message)

    def __str__(self) -> str:
        return str(self.located())


def summary(problems: list[FieldProblem]) -> Message:
    """The first problem, and how many more there are."""
    if not problems:
        return Message("problem.invalid_record")
    first = problems[0].located()
    others = len(problems) - 1
    if others == 1:
        return Message("problem.one_more", first=first)
    if others > 1:
        return Message("problem.more", first=first, count=others)
    return first


class ValidationError(ServiceError):
    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(summary(problems))
        self.problems = problems


class NotFound(ServiceError):
    pass


class RecordChanged(ServiceError):
    """Someone else saved the record after it was loaded: nothing was written; the person
    reloads to see their version (no lost update)."""


class ConstraintViolation(ServiceError):
    """The database refused a write. The driver's message is dropped: it quotes the values
    of the statement, which may be names or testimony text."""


@contextlib.contextmanager
def constraint_guard() -> Iterator[None]:
    from sqlalchemy.exc import IntegrityError  # here: the errors load without SQLAlchemy

    try:
        yield
    except IntegrityError:
        raise ConstraintViolation(Message("record.constraint")) from None


class IntegrityProblem(ServiceError):
    """The audit chain or an attachment does not match what was recorded."""
