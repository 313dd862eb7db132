"""The store: encrypted engine, key slots, migrations, queries. No Qt widgets."""

from caseapp.store.case_store import CaseStore, create_store, exists, open_store
from caseapp.store.engine import StoreLocation
from caseapp.store.errors import (
    CannotOpen,
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseTooNew,
    DiskFull,
    KeyFileError,
    MediaError,
    ReadOnlyMedium,
    StoreError,
    StoreExists,
    StoreNotFound,
    UnknownLocation,
    WrongPassphrase,
)

__all__ = [
    "CannotOpen",
    "CaseStore",
    "DatabaseDamaged",
    "DatabaseLocked",
    "DatabaseTooNew",
    "DiskFull",
    "KeyFileError",
    "MediaError",
    "ReadOnlyMedium",
    "StoreError",
    "StoreExists",
    "StoreLocation",
    "StoreNotFound",
    "UnknownLocation",
    "WrongPassphrase",
    "create_store",
    "exists",
    "open_store",
]
