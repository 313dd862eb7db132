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
    "file_problem",
    "unlock_slot",
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


def unlock_slot(
    location: StoreLocation, passphrase: str | None, user: str | None = None
) -> keys.Unlocked | None:
    """``user``'s key slot (or the only one) opened with ``passphrase``: the key derivation,
    which ``open_case_app`` takes as done (``unlocked``). The command line runs it while the
    database layer loads on another thread; the derivation gives that thread the GIL. None
    where there is no slot file to open (a server, a missing archive: opening says why).
    A wrong passphrase is refused here, as opening would."""
    if location.path is None or passphrase is None or not location.path.exists():
        return None
    key_file = keys.key_file_for(location.path)
    if not key_file.exists():
        return None
    return keys.unlock(key_file, passphrase, user)


def file_problem(exc: OSError) -> StoreError | None:
    """What a file's system error means (a full or read-only stick, no permission, a failing
    disk), worded like the store's own, for an error that names its file and reached a
    front end outside a store session (a bundle's last sync, after its number was kept);
    None for any other."""
    if exc.filename is None:
        return None
    # Here, not at the top: this module is read before the unlock dialog, and the mapping
    # loads the database layer (caseapp/preload.py), which by the time a file fails is in.
    from caseapp.store.media import media_error

    return media_error(exc, None)
