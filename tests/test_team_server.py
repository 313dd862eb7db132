"""Users and roles on the team server: each caseapp user a PostgreSQL login, each role
enforced by the server itself (grants and row-level security), each vault entry sealed.

Everything runs against the session's throwaway PostgreSQL server (tests/pg_server.py): the
command line as an office would use it, and raw psycopg connections as each login, which
caseapp's own checks cannot help or hinder.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import errors

from caseapp.app import CaseApp, open_case_app
from caseapp.services.access import NotAllowed
from caseapp.services.listing.testimonies import TestimonyFilter
from caseapp.services.listing.violations import ViolationFilter
from caseapp.store import StoreError, StoreLocation

from .cli_runner import environment, run_cli
from .kept_counts import assert_counts_kept
from .pg_server import PgCluster
from .test_list_sorts import assert_sorts_are_right

FIRST = "office coordinator passphrase 7Tq!"
RECORDER = "field recorder passphrase 4Zk#"
OTHER = "another recorder passphrase 9Lm$"
CASEWORKER = "caseworker passphrase 2Wx%"
REAL_NAME = "Kim Jae-won 김재원"


@dataclass
class Office:
    """A database owned by its first coordinator (a login with CREATEROLE, as the README's
    createuser makes it), and the logins' names, unique on the session's cluster."""

    cluster: PgCluster
    database: str
    suffix: str
    tmp: Path

    def login(self, role: str) -> str:
        return f"{role}_{self.suffix}"

    def url(self, login: str, password: str | None = None) -> str:
        secret = f":{password}" if password else ""
        return f"postgresql+psycopg://{login}{secret}@127.0.0.1:{self.cluster.port}/{self.database}"

    def cli(self, login: str, passphrase: str, *args: str, **env: str | None):
        return run_cli("--db", self.url(login), *args, env=environment(self.tmp, passphrase, **env))

    def app(self, login: str, passphrase: str) -> CaseApp:
        return open_case_app(StoreLocation(url=self.url(login)), passphrase)

    def raw(self, login: str, password: str) -> psycopg.Connection:
        """A connection as ``login`` with psycopg alone: no caseapp code in between."""
        return psycopg.connect(
            host="127.0.0.1",
            port=self.cluster.port,
            user=login,
            password=password,
            dbname=self.database,
            autocommit=True,
        )


@pytest.fixture
def office(pg_cluster: PgCluster, tmp_path: Path) -> Iterator[Office]:
    suffix = uuid.uuid4().hex[:8]
    first = f"mina_{suffix}"
    database = pg_cluster.new_database()
    # The README's set-up: createuser --createrole --pwprompt; createdb -O.
    pg_cluster.admin(
        f"CREATE ROLE {first} LOGIN CREATEROLE PASSWORD '{FIRST}'",
        f"ALTER DATABASE {database} OWNER TO {first}",
    )
    yield Office(pg_cluster, database, suffix, tmp_path)
    pg_cluster.drop_database(database)


def _init_team(office: Office) -> None:
    mina = office.login("mina")
    init = office.cli(mina, FIRST, "init")
    assert init.returncode == 0, init.stderr
    assert f"{mina} is the first coordinator" in init.stdout
    assert FIRST not in init.stdout + init.stderr
    for name, role, secret in (
        (office.login("rita"), "recorder", RECORDER),
        (office.login("omar"), "recorder", OTHER),
        (office.login("cora"), "caseworker", CASEWORKER),
    ):
        added = office.cli(
            mina, FIRST, "user", "add", name, "--role", role, CASEAPP_NEW_PASSPHRASE=secret
        )
        assert added.returncode == 0, added.stderr
        assert secret not in added.stdout + added.stderr


def test_init_makes_the_login_the_first_coordinator_and_user_add_makes_logins(
    office: Office,
) -> None:
    _init_team(office)
    mina, rita = office.login("mina"), office.login("rita")
    listed = office.cli(mina, FIRST, "user", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    roles = {user["name"]: user["role"] for user in json.loads(listed.stdout)}
    assert roles == {
        mina: "coordinator",
        rita: "recorder",
        office.login("omar"): "recorder",
        office.login("cora"): "caseworker",
    }
    # Each user is a login of the server, signing in with their own passphrase.
    with office.raw(rita, RECORDER) as conn:
        assert conn.execute("SELECT session_user").fetchone() == (rita,)
    # A recorder manages no one: refused by caseapp, and the server would refuse too.
    refused = office.cli(rita, RECORDER, "user", "add", "someone", "--role", "recorder")
    assert refused.returncode == 1 and "Refused" in refused.stderr
    with office.raw(rita, RECORDER) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("CREATE ROLE intruder LOGIN")


def test_a_named_user_must_be_the_login(office: Office) -> None:
    _init_team(office)
    rita = office.login("rita")
    mismatch = office.cli(rita, RECORDER, "stats", CASEAPP_USER=office.login("mina"))
    assert mismatch.returncode == 1
    assert mismatch.stderr.count("\n") == 1
    assert f"{rita} signed in, not {office.login('mina')}" in mismatch.stderr
    same = office.cli(rita, RECORDER, "stats", CASEAPP_USER=rita)
    assert same.returncode == 0, same.stderr
    wrong = office.cli(rita, "not her passphrase at all", "stats")
    assert wrong.returncode == 1 and "refused the login" in wrong.stderr
    assert "not her passphrase" not in wrong.stderr


def _record_as(office: Office, login: str, passphrase: str, title: str) -> tuple[str, str]:
    """A testimony and a person's vault entry, recorded by ``login`` through caseapp; their
    uids."""
    app = office.app(login, passphrase)
    try:
        testimony = app.records.create("testimony", {"title": title})
        person = app.records.create("person", {"pseudonym": "P-" + title, "sex": "unknown"})
        identity = app.records.create("identity", {"person_uid": person, "real_name": REAL_NAME})
        return testimony, identity
    finally:
        app.close()


def test_the_server_refuses_a_recorder_the_vault_and_other_recorders_records(
    office: Office,
) -> None:
    _init_team(office)
    rita, omar, cora = (office.login(name) for name in ("rita", "omar", "cora"))
    mine, entry = _record_as(office, rita, RECORDER, "rita's interview")
    theirs, other_entry = _record_as(office, omar, OTHER, "omar's interview")
    for login, passphrase, testimony in ((rita, RECORDER, mine), (omar, OTHER, theirs)):
        app = office.app(login, passphrase)
        try:
            app.records.create("violation", {"testimony_uid": testimony, "category": "torture"})
        finally:
            app.close()

    with office.raw(rita, RECORDER) as conn:
        # The vault: no SELECT at all, whatever column or row is asked for.
        for query in (
            "SELECT * FROM person_identity",
            "SELECT sealed FROM person_identity",
            "SELECT real_name FROM person_identity WHERE created_by = session_user",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(query)
        # Records: only her own exist for her connection; another recorder's are not there
        # to read, change or delete, nor their words in the search index.
        titles = [row[0] for row in conn.execute("SELECT title FROM testimony")]
        assert titles == ["rita's interview"]
        assert conn.execute("SELECT 1 FROM testimony WHERE uid = %s", (theirs,)).fetchall() == []
        changed = conn.execute("UPDATE testimony SET title = 'x' WHERE uid = %s", (theirs,))
        assert changed.rowcount == 0
        assert conn.execute("SELECT count(*) FROM search_testimony").fetchone() == (1,)
        # Nor the ranks of their words (migration 0017).
        assert len(conn.execute("SELECT DISTINCT id FROM search_testimony_word").fetchall()) == 1
        assert len(conn.execute("SELECT DISTINCT id FROM search_testimony_prefix").fetchall()) == 1
        # Nor their stored sort keys (migration 0025), which only the triggers write.
        assert conn.execute("SELECT count(*) FROM sort_testimony").fetchone() == (1,)
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("UPDATE sort_testimony SET violations = 99")
        # Nor their violations' testimony codes (migration 0036): her own violation's alone.
        own_code = "SELECT code FROM testimony WHERE uid = %s"
        assert conn.execute("SELECT testimony_code FROM sort_violation").fetchall() == (
            conn.execute(own_code, (mine,)).fetchall()
        )
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("UPDATE sort_violation SET testimony_code = 'x'")
        # Nor may she read other logins' key slots, or change the team's settings.
        slots = conn.execute("SELECT login FROM key_slot").fetchall()
        assert slots == [(rita,)]
        meant = "UPDATE app_meta SET value = 'x' WHERE key = 'team_vault_public'"
        assert conn.execute(meant).rowcount == 0
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("INSERT INTO app_meta (key, value) VALUES ('team_roles', 'x')")
        # Nor read or replace the archive's exchange identity (its private keys).
        identity = "SELECT value FROM app_meta WHERE key = 'exchange_keys'"
        assert conn.execute(identity).fetchall() == []
        assert (
            conn.execute("UPDATE app_meta SET value = 'x' WHERE key = 'exchange_keys'").rowcount
            == 0
        )

    with office.raw(cora, CASEWORKER) as conn:
        assert len(conn.execute(identity).fetchall()) == 1
        uids = {row[0] for row in conn.execute("SELECT uid FROM testimony")}
        assert {mine, theirs} <= uids
        sealed = [row[0] for row in conn.execute("SELECT sealed FROM person_identity")]
        assert len(sealed) == 2

    # Through caseapp the caseworker's slot opens the entries; the recorder's does not.
    app = office.app(cora, CASEWORKER)
    try:
        assert app.records.get("testimony", theirs)["title"] == "omar's interview"
        for uid in (entry, other_entry):
            assert app.records.get("identity", uid)["real_name"] == REAL_NAME
    finally:
        app.close()
    app = office.app(rita, RECORDER)
    try:
        assert not app.vault.readable
        with pytest.raises(NotAllowed):
            app.records.get("identity", entry)
    finally:
        app.close()


def test_a_recorders_search_finds_only_what_the_server_lets_her_read(office: Office) -> None:
    """Search as each login, through the command line: the same ranked statements run under
    row-level security, so a recorder finds her own interview and never a colleague's (nor a
    hint of it), and a caseworker finds both."""
    _init_team(office)
    rita, omar, cora = (office.login(name) for name in ("rita", "omar", "cora"))
    mine, _ = _record_as(office, rita, RECORDER, "rita's interview in Hoeryong")
    theirs, _ = _record_as(office, omar, OTHER, "omar's interview in Hoeryong")

    def found(login: str, passphrase: str) -> set[str]:
        result = office.cli(login, passphrase, "search", "--json", "Hoeryong")
        assert result.returncode == 0, result.stderr
        return {hit["uid"] for hit in json.loads(result.stdout)}

    assert found(rita, RECORDER) == {mine}
    assert found(omar, OTHER) == {theirs}
    assert found(cora, CASEWORKER) == {mine, theirs}


def test_the_server_holds_no_plaintext_name(office: Office) -> None:
    _init_team(office)
    _record_as(office, office.login("rita"), RECORDER, "interview")
    with psycopg.connect(office.cluster.url(office.database).replace("+psycopg", "")) as conn:
        rows = conn.execute(
            "SELECT real_name, contacts, relatives_inside, notes, sealed FROM person_identity"
        ).fetchall()
        meta = dict(conn.execute("SELECT key, value FROM app_meta").fetchall())
        slots = [row[0] for row in conn.execute("SELECT slot FROM key_slot")]
    assert len(rows) == 1
    *plain, sealed = rows[0]
    assert plain == ["", "", "", ""]
    assert REAL_NAME not in sealed and "Kim" not in sealed and "김재원" not in sealed
    # No vault private key beside the entries: only its public half, and slots that hold
    # the private half sealed to each caseworker's and coordinator's own key.
    assert "vault_key_pair" not in meta and "team_vault_public" in meta
    assert len(slots) == 4 and all(FIRST not in slot for slot in slots)


def test_user_role_and_remove_change_what_the_server_grants(office: Office) -> None:
    _init_team(office)
    mina, rita, omar = (office.login(name) for name in ("mina", "rita", "omar"))
    _record_as(office, omar, OTHER, "omar's interview")

    promoted = office.cli(mina, FIRST, "user", "role", rita, "caseworker")
    assert promoted.returncode == 0, promoted.stderr
    with office.raw(rita, RECORDER) as conn:
        assert conn.execute("SELECT count(*) FROM person_identity").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM testimony").fetchone() == (1,)
    app = office.app(rita, RECORDER)  # her slot now holds the vault key
    try:
        assert app.vault.readable
    finally:
        app.close()

    demoted = office.cli(mina, FIRST, "user", "role", rita, "recorder")
    assert demoted.returncode == 0, demoted.stderr
    with office.raw(rita, RECORDER) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("SELECT sealed FROM person_identity")
    app = office.app(rita, RECORDER)
    try:
        assert not app.vault.readable
    finally:
        app.close()

    removed = office.cli(mina, FIRST, "user", "remove", omar)
    assert removed.returncode == 0, removed.stderr
    with pytest.raises(psycopg.OperationalError):
        office.raw(omar, OTHER)
    gone = office.cli(omar, OTHER, "stats")
    assert gone.returncode == 1 and f"refused the login {omar}" in gone.stderr
    listed = office.cli(mina, FIRST, "user", "list", "--json")
    assert omar not in {user["name"] for user in json.loads(listed.stdout)}


def test_passwd_changes_the_slot_and_the_login_password(office: Office) -> None:
    _init_team(office)
    rita = office.login("rita")
    new = "a brand new recorder passphrase 8Qp&"
    changed = office.cli(rita, RECORDER, "passwd", CASEAPP_NEW_PASSPHRASE=new)
    assert changed.returncode == 0, changed.stderr
    assert office.cli(rita, new, "stats").returncode == 0
    assert office.cli(rita, RECORDER, "stats").returncode == 1


def test_init_needs_createrole(office: Office) -> None:
    """A first login the administrator made without CREATEROLE gets one line saying so."""
    plain = f"plain_{office.suffix}"
    office.cluster.admin(
        f"CREATE ROLE {plain} LOGIN PASSWORD '{FIRST}'",
        f"ALTER DATABASE {office.database} OWNER TO {plain}",
    )
    init = office.cli(plain, FIRST, "init")
    assert init.returncode == 1
    assert "CREATEROLE" in init.stderr and init.stderr.count("\n") == 1


def test_a_team_database_needs_the_passphrase(office: Office) -> None:
    _init_team(office)
    with pytest.raises(StoreError) as refused:
        open_case_app(StoreLocation(url=office.url(office.login("rita"), RECORDER)), None)
    assert "passphrase is needed" in str(refused.value)


def test_a_field_laptops_bundle_arrives_in_the_team_archive(office: Office) -> None:
    """The README's path: a field laptop (an encrypted file) and the team archive trust each
    other; the laptop's bundle is imported by a caseworker's login, and its vault entry
    arrives sealed to the team's vault key, opened by the caseworker's slot and refused to a
    recorder's connection."""
    _init_team(office)
    mina, cora, rita = (office.login(name) for name in ("mina", "cora", "rita"))
    field_db = office.tmp / "field" / "cases.db"
    field_env = environment(office.tmp / "field", "field laptop passphrase 5Hn^")

    def field(*args: object):
        return run_cli("--db", field_db, *args, env=field_env)

    assert field("--user", "fieldworker", "init").returncode == 0
    field_line = field("exchange", "identity").stdout.splitlines()[-1]
    office_line = office.cli(mina, FIRST, "exchange", "identity").stdout.splitlines()[-1]
    trusted = office.cli(mina, FIRST, "exchange", "trust", "field", field_line)
    assert trusted.returncode == 0, trusted.stderr
    assert field("exchange", "trust", "office", office_line).returncode == 0
    # A first bundle down tells the laptop the team archive's vault key.
    down = office.tmp / "down-1.bundle"
    written = office.cli(cora, CASEWORKER, "exchange", "export", "--to", "field", "-o", str(down))
    assert written.returncode == 0, written.stderr
    assert field("exchange", "import", down).returncode == 0

    app = open_case_app(StoreLocation(path=field_db), "field laptop passphrase 5Hn^")
    try:
        uid = app.records.create("testimony", {"title": "회령 구류장 증언", "language": "ko"})
        app.records.create("consent", {"testimony_uid": uid, "internal": True})
        app.records.create("violation", {"testimony_uid": uid, "category": "torture"})
        person = app.records.create("person", {"pseudonym": "P-1", "sex": "unknown"})
        entry = app.records.create("identity", {"person_uid": person, "real_name": REAL_NAME})
    finally:
        app.close()
    bundle = office.tmp / "up-1.bundle"
    sent = field("exchange", "export", "--to", "office", "-o", bundle)
    assert sent.returncode == 0, sent.stderr

    applied = office.cli(cora, CASEWORKER, "exchange", "import", str(bundle))
    assert applied.returncode == 0, applied.stderr
    assert "0 conflicts" in applied.stdout

    app = office.app(cora, CASEWORKER)
    try:
        assert app.records.get("testimony", uid)["title"] == "회령 구류장 증언"
        assert app.records.get("identity", entry)["real_name"] == REAL_NAME
        # Written by the caseworker's login, the stored sort keys are kept all the same.
        assert_sorts_are_right(app)
    finally:
        app.close()
    with office.raw(rita, RECORDER) as conn:
        assert conn.execute("SELECT count(*) FROM testimony").fetchone() == (0,)
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT sealed FROM person_identity")


def test_a_url_that_requires_tls_is_refused_by_a_server_without_it(office: Office) -> None:
    """The test server offers no TLS: with sslmode=require nothing is sent in the clear."""
    mina = office.login("mina")
    url = office.url(mina) + "?sslmode=require"
    init = run_cli("--db", url, "init", env=environment(office.tmp, FIRST))
    assert init.returncode == 1
    assert "offers no TLS" in init.stderr and init.stderr.count("\n") == 1


def test_counts_tell_a_recorder_of_her_own_records_only(office: Office) -> None:
    """The dashboard and the tabulation by category read counts the database keeps of every
    row (issue 18): a recorder may not read them, and counts her own rows as before; her
    writes still keep them, for the caseworker who reads them."""
    _init_team(office)
    rita, omar, cora = (office.login(name) for name in ("rita", "omar", "cora"))
    for login, passphrase, category in (
        (rita, RECORDER, "torture"),
        (omar, OTHER, "torture"),
        (omar, OTHER, "forced_labour"),
    ):
        app = office.app(login, passphrase)
        try:
            uid = app.records.create("testimony", {"title": f"{login}'s interview"})
            app.records.create("violation", {"testimony_uid": uid, "category": category})
        finally:
            app.close()

    with office.raw(rita, RECORDER) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute("SELECT * FROM count_category")
    app = office.app(rita, RECORDER)
    try:
        counts = app.dashboard.counts()
        assert (counts.testimonies, counts.violations) == (1, 1)
        assert {r.code: r.violations for r in counts.categories} == {"torture": 1}
        table = app.listings.category_table()
        assert {r.category: (r.violations, r.testimonies) for r in table} == {"torture": (1, 1)}
        # Her lists, unfiltered, count her own rows too (the kept totals are not hers).
        assert app.listings.testimonies(TestimonyFilter()).count() == 1
        assert app.listings.violations(ViolationFilter()).count() == 1
    finally:
        app.close()
    app = office.app(cora, CASEWORKER)
    try:
        counts = app.dashboard.counts()
        assert (counts.testimonies, counts.violations) == (3, 3)
        assert {r.code: r.violations for r in counts.categories} == {
            "torture": 2,
            "forced_labour": 1,
        }
        assert_counts_kept(app)
        assert app.listings.testimonies(TestimonyFilter()).count() == 3
        assert app.listings.violations(ViolationFilter()).count() == 3
    finally:
        app.close()


def test_a_caseworker_imports_a_csv_where_public_may_make_no_temporary_table(
    office: Office,
) -> None:
    """An import remembers its file in a temporary table of its transaction; the team's
    grants let those who import make one even where the server's administrator took that
    right from PUBLIC."""
    _init_team(office)
    office.cluster.admin(f"REVOKE TEMPORARY ON DATABASE {office.database} FROM PUBLIC")
    cora = office.login("cora")
    path = office.tmp / "증언.csv"
    path.write_text(
        "code,title,narrative,source_code,consent_internal\r\n"
        "T-1,회령,그날 밤 회령에서 국경을 건넜습니다.,S-1,yes\r\n"
        "T-2,Tumen,We crossed the river at night.,S-1,yes\r\n"
        "T-3,보위부,보위부 사람들이 강가를 지키고 있었습니다.,S-2,no\r\n",
        encoding="utf-8",
    )
    imported = office.cli(cora, CASEWORKER, "import", "testimonies", str(path))
    assert imported.returncode == 0, imported.stderr
    app = office.app(cora, CASEWORKER)
    try:
        assert app.stats()["testimony"] == 3 and app.stats()["person"] == 2
    finally:
        app.close()
