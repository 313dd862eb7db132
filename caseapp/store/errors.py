"""Store errors. Messages name files and problems, never passphrases or record content.

Each error carries a ``Message`` (caseapp/store/messages.py); ``str(exc)`` is its English."""

from __future__ import annotations

from caseapp.store.messages import QT_TRANSLATE_NOOP, Message

# The store's texts; lupdate files them under "messages" with the code as disambiguation.
QT_TRANSLATE_NOOP("messages", "wrong passphrase", "store.wrong_passphrase")
QT_TRANSLATE_NOOP("messages", "an empty passphrase is not allowed", "store.empty_passphrase")
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
    "messages", "cannot read the key file {path}: {reason}", "store.key_file_unreadable"
)
QT_TRANSLATE_NOOP(
    "messages",
    "key file is damaged: a slot's key-derivation settings are out of range: {path}",
    "store.kdf_out_of_range",
)
# Users and their key slots (caseapp/store/keys.py).
QT_TRANSLATE_NOOP(
    "messages",
    "this archive has {count} users: name yours with --user or CASEAPP_USER",
    "store.user_needed",
)
QT_TRANSLATE_NOOP("messages", "this archive has no user named {user}", "store.no_such_user")
QT_TRANSLATE_NOOP("messages", "the archive already has a user named {user}", "store.user_exists")
QT_TRANSLATE_NOOP(
    "messages",
    "the key slot of {user} is damaged; restore the key file from a backup",
    "store.slot_damaged",
)
QT_TRANSLATE_NOOP(
    "messages", "the key slot of {user} holds no vault key to give", "store.no_vault_key"
)
QT_TRANSLATE_NOOP(
    "messages",
    "{user} has a key slot but is not a user of this archive; a coordinator can add them again",
    "store.user_not_in_archive",
)
# A team on a PostgreSQL server (caseapp/store/engines/postgres_team.py).
QT_TRANSLATE_NOOP(
    "messages",
    "on a server the user is the login of the database URL: {login} signed in, not {user}",
    "team.login_mismatch",
)
QT_TRANSLATE_NOOP(
    "messages",
    "{login}'s passphrase is needed to open their key slot on the server (CASEAPP_PASSPHRASE"
    " or --passphrase-file)",
    "team.passphrase_needed",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the server refused the login {login}: wrong password, or no such login",
    "team.login_refused",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the login {login} may not create logins: the server's administrator gives the first "
    "coordinator CREATEROLE (createuser --createrole)",
    "team.needs_createrole",
)
QT_TRANSLATE_NOOP("messages", "the server already has a login named {login}", "team.login_exists")
QT_TRANSLATE_NOOP(
    "messages",
    "the server at {location} offers no TLS, and the URL requires it (sslmode=require)",
    "team.no_tls",
)
QT_TRANSLATE_NOOP(
    "messages",
    "{login} is not a user of this archive: a coordinator adds them with 'caseapp user add'",
    "team.not_a_user",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the server keeps the login {login}: it owns objects (the database itself?); its "
    "administrator reassigns them (REASSIGN OWNED) and drops it",
    "team.login_owns",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the server refused this to {login}: their role does not allow it",
    "team.refused_by_server",
)
# Bad media and input (caseapp/store/media.py maps SQLite's and the system's error codes).
QT_TRANSLATE_NOOP(
    "messages",
    "cannot write {path}: the disk or folder is read-only; copy the archive to a writable place",
    "store.read_only",
)
QT_TRANSLATE_NOOP(
    "messages", "cannot write {path}: the disk or folder is read-only", "store.read_only_file"
)
QT_TRANSLATE_NOOP(
    "messages", "the disk holding {path} is full; free some space and try again", "store.disk_full"
)
QT_TRANSLATE_NOOP(
    "messages",
    "the database {path} is locked by another program (or another caseapp); close it and try again",
    "store.database_locked",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the database {path} is damaged, or its key file belongs to another database; restore it"
    " from a backup",
    "store.database_damaged",
)
QT_TRANSLATE_NOOP(
    "messages", "cannot open {path}: the file or its folder cannot be opened", "store.cannot_open"
)
QT_TRANSLATE_NOOP(
    "messages",
    "input/output error on {path}: the disk may be failing or was removed",
    "store.io_error",
)
QT_TRANSLATE_NOOP("messages", "no permission to read or write {path}", "store.permission_denied")
QT_TRANSLATE_NOOP(
    "messages",
    "unknown database URL scheme '{scheme}': give a file path or a SQLAlchemy URL",
    "store.unknown_url_scheme",
)
QT_TRANSLATE_NOOP(
    "messages", "the database driver for '{scheme}' URLs is not installed", "store.driver_missing"
)
QT_TRANSLATE_NOOP(
    "messages", "search is not available on a '{engine}' database", "store.search_unsupported"
)
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
QT_TRANSLATE_NOOP(
    "messages",
    "there is no room for the backup {path} made before a schema upgrade: it needs {needed} MB"
    " and the disk has {free} MB free; the database was not upgraded and is unchanged",
    "store.backup_no_room",
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


class UserNeeded(StoreError):
    """Several users and none named."""


class UnknownUser(StoreError):
    """No slot, or no user row, for the name given."""


class MediaError(StoreError):
    """The disk, the folder or the file, not the passphrase: read-only, full, locked,
    damaged, unreadable. Never a reason to make the user wait as after a wrong passphrase."""


class ReadOnlyMedium(MediaError):
    pass


class DiskFull(MediaError):
    pass


class DatabaseLocked(MediaError):
    pass


class DatabaseDamaged(MediaError):
    pass


class CannotOpen(MediaError):
    """Cannot open, no permission, input/output error."""


class UnknownLocation(StoreError):
    """A ``--db`` URL no installed engine understands."""


# -- backups, restore, the raw key and rekey (caseapp/store/backup.py, rekey.py) --------------
QT_TRANSLATE_NOOP(
    "messages",
    "backup, restore and rekey apply to encrypted database files only",
    "backup.needs_file",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the database could not be copied beside the archive ({reason}); no backup was written",
    "backup.copy_failed",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the backup's copy of the database has {count} damaged pages",
    "backup.damaged_pages",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the backup's copy of the database fails SQLite's integrity check",
    "backup.not_consistent",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the backup's database is at schema revision {revision}, which this version of caseapp"
    " does not know",
    "backup.unknown_revision",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the backup read back from {path} differs from what was written; try another medium",
    "backup.read_back_differs",
)
QT_TRANSLATE_NOOP("messages", "{path} is not a file", "backup.not_a_file")
QT_TRANSLATE_NOOP("messages", "{path} is not a caseapp backup", "backup.not_a_backup")
QT_TRANSLATE_NOOP("messages", "unsupported backup version {version}: {path}", "backup.version")
QT_TRANSLATE_NOOP("messages", "the backup {path} is incomplete (cut short)", "backup.truncated")
QT_TRANSLATE_NOOP(
    "messages",
    "the backup {path} is damaged: {member} does not match its checksum",
    "backup.member_damaged",
)
QT_TRANSLATE_NOOP(
    "messages",
    "the archive is in use (a window or another command has it open); close it and try again",
    "rekey.in_use",
)
# Raised by caseapp/store/integrity.py; defined here, with the other codes, so that the
# catalogue needs no SQLAlchemy.
QT_TRANSLATE_NOOP(
    "messages",
    "the database file is damaged (SQLite reports a malformed or unreadable page);"
    " restore it from a backup",
    "store.damaged",
)


class BackupError(StoreError):
    pass
