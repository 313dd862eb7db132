"""Store errors. Messages name files and problems, never passphrases or record content."""


class StoreError(Exception):
    """Base for every problem opening or changing the store."""


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
