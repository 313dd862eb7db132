"""Where an archive lives, and whether it is there: what a front end needs before the
engine, so that naming an archive costs no SQLAlchemy (a URL is parsed only when asked)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StoreLocation:
    """Where the data lives: an encrypted file (``path``) or another engine's ``url``."""

    path: Path | None = None
    url: str | None = None

    @classmethod
    def parse(cls, text: str) -> StoreLocation:
        if "://" in text:
            return cls(url=text)
        return cls(path=Path(text).expanduser().absolute())

    @property
    def encrypted(self) -> bool:
        return self.path is not None

    @property
    def on_server(self) -> bool:
        """A PostgreSQL server's database: its users unlock their key slot there with their
        passphrase (a team, caseapp/store/engines/postgres_team.py)."""
        if self.url is None:
            return False
        from sqlalchemy.engine import make_url

        return make_url(self.url).get_backend_name() == "postgresql"

    def describe(self) -> str:
        if self.path is not None:
            return str(self.path)
        assert self.url is not None
        from sqlalchemy.engine import make_url

        # Never print a password that may sit in a URL.
        return make_url(self.url).render_as_string(hide_password=True)


def exists(location: StoreLocation) -> bool:
    if location.path is None:
        return True  # a server database is created by its administrator
    return location.path.exists()
