"""What a front end needs to name an archive and to tell why it did not open, without
reaching into the store: where it is, whether it exists, who its users are, and the errors
opening raises."""

from __future__ import annotations

from caseapp.store import StoreError, StoreLocation, WrongPassphrase, keys
from caseapp.store import exists as archive_exists
from caseapp.store.errors import UnknownUser, UserNeeded

__all__ = [
    "StoreError",
    "StoreLocation",
    "UnknownUser",
    "UserNeeded",
    "WrongPassphrase",
    "archive_exists",
    "users_of",
]


def users_of(location: StoreLocation) -> list[str]:
    """The names of the users who have a key slot in the archive at ``location`` (an unlock
    dialog offers them); empty for a store without slots or a key file that cannot be read
    (the unlock then says why)."""
    if location.path is None:
        return []
    try:
        return keys.users_of(keys.key_file_for(location.path))
    except StoreError:
        return []
