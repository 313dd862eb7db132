"""Store errors. Messages name files and problems, never passphrases or record content.

Each error carries a ``Message`` (caseapp/store/messages.py); ``str(exc)`` is its English."""

from __future__ import annotations

from caseapp.store.messages import QT_TRANSLATE_NOOP, Message

# The store's texts; lupdate files them under "messages" with the code as disambiguation.
QT_TRANSLATE_NOOP("messages", "wrong passphrase", "store.wrong_passphrase")
QT_TRANSLATE_NOOP("messages", "an empty passphrase is not allowed", "store.empty_passphrase")
QT_TRANSLATE_NOOP("messages", "the key does not open {file}", "store.key_does_not_open")
QT_TRANSLATE_NOOP(
    "messages", "no database at {path}; create one with 'caseapp init'", "store.no_database"
)
QT_TRANSLATE_NOOP("messages", "a database already exists at {path}", "store.database_exists")
QT_TRANSLATE_NOOP(
    "messages", "a key file already exists at {path}; move it away first", "store.key_file_exists"
)
QT_TRANSLATE_NOOP(
    "messages", "{location} already holds a caseapp database", "store.location_has_database"
)
QT_TRANSLATE_NOOP("messages", "key file not found: {path}", "store.key_file_missing")
QT_TRANSLATE_NOOP("messages", "not a caseapp key file: {path}", "store.not_a_key_file")
QT_TRANSLATE_NOOP(
    "messages", "unsupported key file version {version}: {path}", "store.key_file_version"
)
QT_TRANSLATE_NOOP("messages", "key file is damaged: {path}", "store.key_file_damaged")
QT_TRANSLATE_NOOP(
    "messages", "passwd applies to encrypted database files only", "store.passphrase_needs_file"
)
QT_TRANSLATE_NOOP(
    "messages",
    "the database is at schema revision {revision}, newer than this version of caseapp knows;"
    " use a newer caseapp",
    "store.database_too_new",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the database has tables but no caseapp schema revision; refusing to touch it",
    "store.not_a_caseapp_database",
)
QT_TRANSLATE_NOOP(
    "messages",
    "could not write the backup {path} made before a schema upgrade ({reason}); the database"
    " was not upgraded and is unchanged",
    "store.backup_failed",
)


class StoreError(Exception):
    """Base for every problem opening or changing the store."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class WrongPassphrase(StoreError):
    pass


class StoreNotFound(StoreError):
    pass


class StoreExists(StoreError):
    pass


class DatabaseTooNew(StoreError):
    pass


class KeyFileError(StoreError):
    pass
