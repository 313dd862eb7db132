"""What a front end needs to name an archive and to tell why it did not open, without
reaching into the store: where it is, whether it exists, and the errors opening raises."""

from __future__ import annotations

from caseapp.store import StoreError, StoreLocation, WrongPassphrase
from caseapp.store import exists as archive_exists

__all__ = ["StoreError", "StoreLocation", "WrongPassphrase", "archive_exists"]
