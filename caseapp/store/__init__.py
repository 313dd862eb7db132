"""The store: encrypted engine, key slots, migrations, queries. No Qt widgets."""

from caseapp.store.case_store import CaseStore, create_store, exists, open_store
from caseapp.store.engine import StoreLocation
from caseapp.store.errors import (
    DatabaseTooNew,
    KeyFileError,
    StoreError,
    StoreExists,
    StoreNotFound,
    WrongPassphrase,
)

__all__ = [
    "CaseStore",
    "DatabaseTooNew",
    "KeyFileError",
    "StoreError",
    "StoreExists",
    "StoreLocation",
    "StoreNotFound",
    "WrongPassphrase",
    "create_store",
    "exists",
    "open_store",
]
