"""A user's name as the archive accepts it, apart from the users' service
(caseapp/services/users.py), so that the unlock dialog checks a typed name without loading
the database layer."""

from __future__ import annotations

from caseapp.services.errors import ServiceError
from caseapp.services.messages import QT_TRANSLATE_NOOP, Message
from caseapp.store import keys

QT_TRANSLATE_NOOP(
    "messages",
    "a user name is 1 to 64 printable characters without spaces around it",
    "user.bad_name",
)


class UserRefused(ServiceError):
    """A change of users that would break a rule (yourself, the last coordinator)."""


def user_name(text: str) -> str:
    try:
        return keys.check_user_name(text)
    except ValueError:
        raise UserRefused(Message("user.bad_name")) from None
