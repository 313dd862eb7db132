"""Interface settings kept in QSettings: language, idle time, window state. Never record
content: no codes, no titles, no search text."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QByteArray, QLocale, QSettings

LANGUAGES = ("en", "ko")
DEFAULT_IDLE_MINUTES = 5


class UiSettings:
    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    @property
    def language(self) -> str:
        value = self.settings.value("ui/language", "")
        if value in LANGUAGES:
            return str(value)
        return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(value)
        self.settings.setValue("ui/language", value)

    @property
    def idle_minutes(self) -> int:
        try:
            minutes = int(str(self.settings.value("security/idle_minutes", DEFAULT_IDLE_MINUTES)))
        except ValueError:
            return DEFAULT_IDLE_MINUTES
        return max(1, min(minutes, 240))

    @idle_minutes.setter
    def idle_minutes(self, minutes: int) -> None:
        self.settings.setValue("security/idle_minutes", max(1, min(int(minutes), 240)))

    # -- wrong passphrases at the start dialog: a count and the time of the last one (seconds
    # since the epoch), so that quitting and starting again does not skip the wait.

    def unlock_failures(self) -> tuple[int, float]:
        try:
            count = int(str(self.settings.value("security/unlock_failures", 0)))
            last = float(str(self.settings.value("security/last_unlock_failure", 0.0)))
        except ValueError:
            return 0, 0.0
        return max(0, min(count, 1000)), last

    def record_unlock_failure(self, count: int, when: float) -> None:
        self.settings.setValue("security/unlock_failures", int(count))
        self.settings.setValue("security/last_unlock_failure", float(when))
        self.settings.sync()

    def clear_unlock_failures(self) -> None:
        self.settings.remove("security/unlock_failures")
        self.settings.remove("security/last_unlock_failure")
        self.settings.sync()

    # -- the last user who unlocked each archive: a name (never a passphrase), under a digest
    # of the archive's path, so the start dialog can offer it again.

    @staticmethod
    def _archive_key(archive: str) -> str:
        return "unlock/last_user/" + hashlib.sha256(archive.encode("utf-8")).hexdigest()[:16]

    def last_user(self, archive: str) -> str | None:
        value = self.settings.value(self._archive_key(archive))
        return str(value) if isinstance(value, str) and value else None

    def set_last_user(self, archive: str, name: str) -> None:
        self.settings.setValue(self._archive_key(archive), name)
        self.settings.sync()

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None, int]:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        try:
            tab = int(str(self.settings.value("window/tab", 0)))
        except ValueError:
            tab = 0
        return (
            geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None,
            tab,
        )

    def tab_state(self, tab: str, part: str) -> QByteArray | None:
        """A tab's saved layout: ``part`` names a splitter or a table's columns."""
        value = self.settings.value(f"tabs/{tab}/{part}")
        return value if isinstance(value, QByteArray) else None

    def save_tab_state(self, tab: str, part: str, state: QByteArray) -> None:
        self.settings.setValue(f"tabs/{tab}/{part}", state)

    def save_window_state(self, geometry: QByteArray, state: QByteArray, tab: int) -> None:
        self.settings.setValue("window/geometry", geometry)
        self.settings.setValue("window/state", state)
        self.settings.setValue("window/tab", tab)
        self.settings.sync()

    # -- the folder bundles were last written to or read from (a path, never a file's content)

    def last_folder(self, purpose: str) -> str:
        value = self.settings.value(f"folders/{purpose}", "")
        return str(value) if isinstance(value, str) else ""

    def set_last_folder(self, purpose: str, folder: str) -> None:
        self.settings.setValue(f"folders/{purpose}", folder)
