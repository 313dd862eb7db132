"""Vault entries written before a peer's vault key was known get a box for it at the next
bundle to that peer (ExchangeService._seal_vault_for). Every sealed entry was read and parsed
for every bundle, a cost that grew with the vault; once all have been looked at for a key,
later bundles look only at the entries written since (issue 18)."""

from collections.abc import Callable
from pathlib import Path

import pytest

from caseapp.app import THROWAWAY_KDF, CaseApp, open_case_app
from caseapp.services.vault import Vault
from caseapp.store import StoreLocation

PASSPHRASE = "vault reseal test passphrase 금고"
NAMES = ["김영희", "Pak Chol-su", "이순자", "Ri Myong-hui", "최은정"]


def _archive(path: Path, name: str) -> CaseApp:
    return open_case_app(StoreLocation(path=path), PASSPHRASE, name, create=True, kdf=THROWAWAY_KDF)


def _open(path: Path, name: str) -> CaseApp:
    return open_case_app(StoreLocation(path=path), PASSPHRASE, name)


def _with(path: Path, name: str, work: Callable[[CaseApp], object]) -> None:
    """``work`` on the archive at ``path`` opened anew (as each command opens it)."""
    app = _open(path, name)
    try:
        work(app)
    finally:
        app.close()


def _entry(app: CaseApp, pseudonym: str, real_name: str) -> str:
    person = app.records.create("person", {"pseudonym": pseudonym})
    return app.records.create("identity", {"person_uid": person, "real_name": real_name})


def test_entries_get_the_peers_box_once_and_later_ones_are_looked_at_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked_at: list[str] = []
    original = Vault.resealed_for

    def counted(self: Vault, sealed: str | None, public: bytes, record: str = "") -> str | None:
        looked_at.append(record)
        return original(self, sealed, public, record)

    monkeypatch.setattr(Vault, "resealed_for", counted)
    office_db, field_db = tmp_path / "office.db", tmp_path / "field.db"
    up = [tmp_path / "up-1.bundle", tmp_path / "up-2.bundle"]
    office, field = _archive(office_db, "office"), _archive(field_db, "field")
    try:
        office.peers.trust("field", field.peers.identity())
        field.peers.trust("office", office.peers.identity())
        early = [_entry(field, f"P{i}", name) for i, name in enumerate(NAMES)]
        office.exchange.export_bundle("field", tmp_path / "down.bundle")
    finally:
        office.close()
        field.close()
    # A window opened before the office's key arrives keeps sealing without it.
    stale = _open(field_db, "field")
    try:
        # The office's vault key arrives; then the first bundle back.
        _with(field_db, "field", lambda app: app.exchange.import_bundle(tmp_path / "down.bundle"))
        _with(field_db, "field", lambda app: app.exchange.export_bundle("office", up[0]))
        assert sorted(looked_at) == sorted(early)  # every entry, the first time
        looked_at.clear()
        late = _entry(stale, "P-late", "나중에 쓴 이름")
    finally:
        stale.close()
    _with(field_db, "field", lambda app: app.exchange.export_bundle("office", up[1]))
    # Only the entry written since (the earlier ones, and the boxes just added, have been).
    assert looked_at == [late]
    office = _open(office_db, "office")
    try:
        office.exchange.import_bundle(up[0])
        office.exchange.import_bundle(up[1])
        read = [office.records.get("identity", uid)["real_name"] for uid in [*early, late]]
    finally:
        office.close()
    assert read == [*NAMES, "나중에 쓴 이름"]
