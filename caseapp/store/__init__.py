"""The store: encrypted engine, key slots, migrations, queries. No Qt widgets.

The names below are loaded when first asked for (PEP 562), so that importing a light part
of the store (its errors, messages, paths, a location) costs no SQLAlchemy: the command
line's ``--version`` and ``--help`` and the window's unlock dialog start without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from caseapp.store.case_store import CaseStore, create_store, open_store
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
    from caseapp.store.location import StoreLocation, exists

_HOMES = {
    "CaseStore": "caseapp.store.case_store",
    "create_store": "caseapp.store.case_store",
    "open_store": "caseapp.store.case_store",
    "exists": "caseapp.store.location",
    "StoreLocation": "caseapp.store.location",
    **dict.fromkeys(
        (
            "CannotOpen",
            "DatabaseDamaged",
            "DatabaseLocked",
            "DatabaseTooNew",
            "DiskFull",
            "KeyFileError",
            "MediaError",
            "ReadOnlyMedium",
            "StoreError",
            "StoreExists",
            "StoreNotFound",
            "UnknownLocation",
            "WrongPassphrase",
        ),
        "caseapp.store.errors",
    ),
}

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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # asked once
    return value
