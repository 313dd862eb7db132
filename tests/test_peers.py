"""Archive identities and trusted peers (issue 14), as a coordinator and a field laptop use
them from the command line: ``caseapp exchange identity|trust|peers|forget``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from caseapp.app import open_case_app
from caseapp.models import AppMeta, AuditEvent
from caseapp.services.peers import KEYS_META
from caseapp.store import StoreLocation
from caseapp.store.bundle_crypto import open_bundle, parse_identity, write_bundle

from .cli_runner import Run, environment, run_cli

MINA = "mina's long coordinator passphrase"
LEE = "lee's field laptop passphrase 현장"
RITA = "rita records in the field 현장"
FINGERPRINT = re.compile(r"fingerprint: ([0-9a-f]{4}(?: [0-9a-f]{4}){4})")


@dataclass(frozen=True)
class Archive:
    db: Path
    env: dict[str, str | None]

    def run(self, *args: object, **env: str | None) -> Run:
        return run_cli("--db", self.db, *args, env=self.env | env)

    def ok(self, *args: object) -> str:
        done = self.run(*args)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        return done.stdout

    def identity(self) -> tuple[str, str]:
        """(fingerprint, identity line) as ``exchange identity`` prints them."""
        lines = self.ok("exchange", "identity").splitlines()
        assert len(lines) == 2
        printed = FINGERPRINT.fullmatch(lines[0])
        assert printed, lines
        return printed.group(1), lines[-1]

    def peers(self) -> list[dict[str, object]]:
        listed = json.loads(self.ok("exchange", "peers", "--json"))
        assert isinstance(listed, list)
        return listed


def made(tmp_path: Path, folder: str, user: str, passphrase: str) -> Archive:
    env = environment(tmp_path / folder, passphrase, CASEAPP_USER=user)
    db = tmp_path / folder / "cases.db"
    created = run_cli("--db", db, "init", env=env)
    assert created.returncode == 0, created.stderr
    return Archive(db, env)


@pytest.fixture
def office(tmp_path: Path) -> Archive:
    return made(tmp_path, "office", "mina", MINA)


@pytest.fixture
def field(tmp_path: Path) -> Archive:
    return made(tmp_path, "field", "lee", LEE)


def one_line(run: Run) -> str:
    assert run.returncode == 1, run.stdout
    assert run.stdout == "" and len(run.stderr.splitlines()) == 1, run.stderr
    return run.stderr


def test_identity_is_made_at_init_and_kept(office: Archive, field: Archive) -> None:
    fingerprint, line = office.identity()
    assert office.identity() == (fingerprint, line)
    assert line.startswith("caseapp-archive-1 ") and len(line.split()) == 2
    assert field.identity() != (fingerprint, line)
    # Kept in the database, not an event of the trail: a new archive's trail starts as before.
    assert "exchange_keys" not in audit_actions(office)


def audit_actions(archive: Archive) -> list[str]:
    listed = json.loads(archive.ok("audit", "--json", "--limit", "1000"))
    return [event["action"] for event in listed]


def test_two_archives_trust_each_other(office: Archive, field: Archive) -> None:
    office_print, office_line = office.identity()
    field_print, field_line = field.identity()

    # The field laptop is given the whole line; the office only the key, unquoted or not.
    trusted = field.ok("exchange", "trust", "office", *office_line.split())
    assert trusted.strip() == (
        f"trusted office, fingerprint {office_print}: check by phone that office shows the same"
    )
    assert field_print not in trusted
    trusted = office.ok("exchange", "trust", "field-1", field_line.split()[-1])
    assert field_print in trusted

    [peer] = office.peers()
    assert set(peer) == {
        "name",
        "fingerprint",
        "trusted_at",
        "trusted_by",
        "sent",
        "acknowledged",
        "received",
    }
    assert peer["name"] == "field-1"
    assert peer["fingerprint"] == field_print
    assert peer["trusted_by"] == "mina"
    assert (peer["sent"], peer["acknowledged"], peer["received"]) == (0, 0, 0)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+Z", str(peer["trusted_at"]))

    text = office.ok("exchange", "peers")
    assert text.startswith(f"field-1  {field_print}  trusted ")
    assert text.rstrip().endswith("by mina; sent 0, acknowledged 0, received 0")
    assert field.peers()[0]["name"] == "office"

    assert "peer_trust" in audit_actions(office)
    assert office.ok("verify")


def test_a_bundle_between_the_trusting_archives(office: Archive, field: Archive) -> None:
    """What the merge engine will do with the service: the field writes to the office's
    box key, the office opens it knowing the field's signing key by name."""
    field.ok("exchange", "trust", "office", office.identity()[1])
    office.ok("exchange", "trust", "field-1", field.identity()[1])
    path = field.db.parent / "to-office.bundle"
    app = open_case_app(StoreLocation(path=field.db), LEE, "lee")
    try:
        write_bundle(
            path,
            app.peers.keys(),
            app.peers.peer_box_key("office"),
            {"seq": 1},
            [{"narrative": "증언 내용"}],
        )
    finally:
        app.close()
    app = open_case_app(StoreLocation(path=office.db), MINA, "mina")
    try:
        opened = open_bundle(path, app.peers.keys(), app.peers.peer_by_sign_key)
        assert opened.sender == "field-1"
        assert list(opened.items()) == [{"narrative": "증언 내용"}]
        assert app.peers.peer_by_sign_key(app.peers.keys().sign_public) is None
    finally:
        app.close()


def test_forget(office: Archive, field: Archive) -> None:
    office.ok("exchange", "trust", "field-1", field.identity()[1])
    done = office.ok("exchange", "forget", "field-1")
    assert done.strip() == "forgot field-1; bundles from it are refused from now on"
    assert office.peers() == []
    assert office.ok("exchange", "peers").strip() == "this archive trusts no other archive yet"
    error = one_line(office.run("exchange", "forget", "field-1"))
    assert "this archive trusts no peer named field-1" in error
    # Trusted again, under the same name or another.
    office.ok("exchange", "trust", "field-one", field.identity()[1])
    assert [peer["name"] for peer in office.peers()] == ["field-one"]
    assert audit_actions(office).count("peer_forget") == 1
    assert office.ok("verify")


def test_refusals_are_one_line_and_change_nothing(office: Archive, field: Archive) -> None:
    own = office.identity()[1]
    theirs = field.identity()[1]
    office.ok("exchange", "trust", "field-1", theirs)
    before = office.peers()
    other = made(office.db.parent.parent, "other", "kim", MINA).identity()[1]
    refusals = {
        "this archive already trusts a peer named field-1": ("field-1", other),
        "that identity is already trusted, as field-1": ("field-2", theirs),
        "that is this archive's own identity": ("self", own),
        "not an archive identity": ("field-3", theirs[:-4]),
        "a peer name is 1 to 64 printable characters": (" spaced ", other),
    }
    for expected, (name, key) in refusals.items():
        error = one_line(office.run("exchange", "trust", name, key))
        assert error.startswith("caseapp: error: ") and expected in error, error
        assert key.split()[-1] not in error
    assert office.peers() == before


def test_a_recorder_may_see_but_not_trust(office: Archive, field: Archive) -> None:
    added = office.run("user", "add", "rita", "--role", "recorder", CASEAPP_NEW_PASSPHRASE=RITA)
    assert added.returncode == 0, added.stderr
    office.ok("exchange", "trust", "field-1", field.identity()[1])
    rita = Archive(office.db, office.env | {"CASEAPP_USER": "rita", "CASEAPP_PASSPHRASE": RITA})
    assert rita.identity() == office.identity()
    assert [peer["name"] for peer in rita.peers()] == ["field-1"]
    refusal = "Refused: rita is a recorder and may not manage users, keys or backups."
    assert refusal in one_line(rita.run("exchange", "trust", "x", made_key(office)))
    assert refusal in one_line(rita.run("exchange", "forget", "field-1"))
    assert [peer["name"] for peer in office.peers()] == ["field-1"]


def made_key(archive: Archive) -> str:
    other = made(archive.db.parent.parent, "third", "park", MINA)
    return other.identity()[1]


def test_the_audit_trail_keeps_the_fingerprint_not_the_key(office: Archive, field: Archive) -> None:
    fingerprint, line = field.identity()
    office.ok("exchange", "trust", "field-1", line)
    office.ok("exchange", "forget", "field-1")
    app = open_case_app(StoreLocation(path=office.db), MINA, "mina")
    try:
        with app.store.session() as session:
            rows = session.execute(
                select(AuditEvent.action, AuditEvent.changes).where(
                    AuditEvent.action.in_(["peer_trust", "peer_forget"])
                )
            ).all()
    finally:
        app.close()
    assert sorted(action for action, _ in rows) == ["peer_forget", "peer_trust"]
    key = line.split()[-1]
    for _, changes in rows:
        assert key not in changes and key[:20] not in changes
        assert json.loads(changes) == {"peer": "field-1", "fingerprint": fingerprint}


def test_an_archive_made_before_exchanges_gets_its_keys_on_first_use(office: Archive) -> None:
    app = open_case_app(StoreLocation(path=office.db), MINA, "mina")
    try:
        with app.store.session() as session:
            session.execute(delete(AppMeta).where(AppMeta.key == KEYS_META))
    finally:
        app.close()
    first = office.identity()
    assert parse_identity(first[1])
    assert office.identity() == first
    assert office.ok("verify")


def test_korean_refusal(office: Archive) -> None:
    error = one_line(office.run("exchange", "forget", "nobody", LANG="ko_KR.UTF-8"))
    assert "nobody" in error
    assert re.search("[가-힣]", error), error
    assert "trusts no peer" not in error
