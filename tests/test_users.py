"""Users and their key slots (issue 13), as a coordinator and field staff use them from the
command line: each user's own passphrase, roles the services enforce, removal that re-keys,
a vault a recorder can write and never read, and an archive from before users."""

from __future__ import annotations

import getpass
import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from caseapp.app import CaseApp, open_case_app
from caseapp.services.access import NotAllowed, Role
from caseapp.services.users import UserRefused
from caseapp.store import DatabaseDamaged, StoreLocation, WrongPassphrase, keys
from caseapp.store.engine import connect_sqlcipher
from caseapp.store.errors import UnknownUser

from .cli_runner import Run, environment, run_cli
from .sqlcipher_pages import decrypted_files

MINA = "mina's long coordinator passphrase"
RITA = "rita records in the field 현장"
CASEY = "casey curates the cases, 사례 담당"
REAL_NAME = "김영희 zqxvaultname91"  # what only the vault may hold


def one_line(run: Run) -> str:
    assert run.returncode == 1, run.stdout
    assert run.stdout == "" and len(run.stderr.splitlines()) == 1, run.stderr
    return run.stderr


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """An archive made by the coordinator mina, with a recorder (rita) and a caseworker
    (casey), each added with their own passphrase, through the command line."""
    db = tmp_path / "office" / "cases.db"
    made = run_cli("--db", db, "--user", "mina", "demo", env=environment(tmp_path, MINA))
    assert made.returncode == 0, made.stderr
    for name, role, passphrase in (("rita", "recorder", RITA), ("casey", "caseworker", CASEY)):
        env = as_user(tmp_path, "mina", MINA) | {"CASEAPP_NEW_PASSPHRASE": passphrase}
        added = run_cli("--db", db, "user", "add", name, "--role", role, env=env)
        assert added.returncode == 0, added.stderr
        assert added.stdout.strip() == f"added the user {name} as a {role}"
    return db


def as_user(tmp_path: Path, name: str, passphrase: str) -> dict[str, str | None]:
    return environment(tmp_path, passphrase, CASEAPP_USER=name)


def open_as(db: Path, name: str, passphrase: str) -> CaseApp:
    return open_case_app(StoreLocation(path=db), passphrase, name)


def test_users_are_listed_with_role_creation_and_last_unlock(office: Path, tmp_path) -> None:
    listed = run_cli(
        "--db", office, "--user", "mina", "user", "list", "--json", env=environment(tmp_path, MINA)
    )
    assert listed.returncode == 0, listed.stderr
    users = json.loads(listed.stdout)
    assert [(u["name"], u["role"]) for u in users] == [
        ("casey", "caseworker"),
        ("mina", "coordinator"),
        ("rita", "recorder"),
    ]
    assert set(users[0]) == {"name", "role", "created", "last_unlock"}
    assert users[1]["last_unlock"] and users[0]["last_unlock"] is None  # casey never came


def test_with_several_users_one_must_be_named(office: Path, tmp_path: Path) -> None:
    refused = run_cli("--db", office, "stats", env=environment(tmp_path, MINA))
    assert "this archive has 3 users: name yours with --user" in one_line(refused)
    unknown = run_cli("--db", office, "stats", env=as_user(tmp_path, "nobody", MINA))
    assert "no user named nobody" in one_line(unknown)
    # One's own passphrase only: the coordinator's does not open rita's slot.
    wrong = run_cli("--db", office, "stats", env=as_user(tmp_path, "rita", MINA))
    assert "wrong passphrase" in one_line(wrong)
    mine = run_cli("--db", office, "stats", "--json", env=as_user(tmp_path, "rita", RITA))
    assert mine.returncode == 0 and json.loads(mine.stdout)["testimony"] > 0


REFUSED_FOR_A_RECORDER = {
    "public export": ("export", "testimonies", "-o", "out.csv", "--profile", "public"),
    "internal export": ("export", "testimonies", "-o", "out.csv", "--profile", "internal"),
    "report": ("report", "-o", "out.pdf", "--profile", "internal"),
    "import": ("import", "testimonies", "in.csv"),
    "backup": ("backup", "-o", "archive.backup"),
    "raw key": ("key", "show-raw", "--yes"),
    "users": ("user", "list"),
    "add user": ("user", "add", "sam", "--role", "recorder"),
    "audit": ("audit",),
    "rekey": ("rekey",),
}


@pytest.mark.parametrize("args", REFUSED_FOR_A_RECORDER.values(), ids=REFUSED_FOR_A_RECORDER)
def test_a_recorder_is_refused_in_one_line_and_nothing_is_written(
    office: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    env = as_user(tmp_path, "rita", RITA)
    home = Path(str(env["HOME"]))
    (home / "in.csv").write_text("uid,title\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in office.parent.iterdir()}
    refused = run_cli("--db", office, *args, env=env)
    assert "Refused: rita is a recorder and may not" in one_line(refused)
    assert sorted(p.name for p in home.iterdir()) == ["in.csv"]  # no output file
    after = {p.name: p.read_bytes() for p in office.parent.iterdir()}
    assert after.keys() == before.keys()
    assert after[office.name + ".keys"] == before[office.name + ".keys"]


REFUSED_FOR_A_CASEWORKER = {
    "public export": ("export", "testimonies", "-o", "out.csv", "--profile", "public"),
    "un report": ("report", "-o", "out.pdf", "--profile", "un"),
    "backup": ("backup", "-o", "archive.backup"),
    "raw key": ("key", "show-raw", "--yes"),
    "users": ("user", "list"),
    "add user": ("user", "add", "sam", "--role", "recorder"),
    "remove user": ("user", "remove", "rita"),
    "role": ("user", "role", "rita", "coordinator"),
    "rekey": ("rekey",),
}


@pytest.mark.parametrize("args", REFUSED_FOR_A_CASEWORKER.values(), ids=REFUSED_FOR_A_CASEWORKER)
def test_a_caseworker_is_refused_what_only_a_coordinator_may_do(
    office: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    env = as_user(tmp_path, "casey", CASEY)
    home = Path(str(env["HOME"]))
    before = {p.name: p.read_bytes() for p in office.parent.iterdir()}
    refused = run_cli("--db", office, *args, env=env)
    assert "Refused: casey is a caseworker and may not" in one_line(refused)
    assert list(home.iterdir()) == []  # no output file
    after = {p.name: p.read_bytes() for p in office.parent.iterdir()}
    assert after.keys() == before.keys()
    assert after[office.name + ".keys"] == before[office.name + ".keys"]


def test_the_global_options_may_follow_the_command(tmp_path: Path) -> None:
    """``caseapp init --user amina`` is how people write it; the option before the command
    still counts when the command does not repeat it."""
    db = tmp_path / "field" / "cases.db"
    env = environment(tmp_path, MINA)
    made = run_cli("init", "--db", db, "--user", "amina", env=env)
    assert made.returncode == 0, made.stderr
    (slot,) = keys.current_key_file(keys.key_file_for(db)).slots
    assert slot.user == "amina"
    env_rita = env | {"CASEAPP_NEW_PASSPHRASE": RITA}
    added = run_cli("--db", db, "user", "add", "rita", "--role", "recorder", env=env_rita)
    assert added.returncode == 0, added.stderr  # the only user, amina, is meant
    listed = run_cli("--db", db, "user", "list", "--json", "--user", "amina", env=env)
    assert [u["name"] for u in json.loads(listed.stdout)] == ["amina", "rita"]
    as_rita = run_cli("--db", db, "stats", "--user", "rita", env=as_user(tmp_path, "x", RITA))
    assert as_rita.returncode == 0, as_rita.stderr  # after the command, it wins over the env


def test_a_caseworker_exports_internal_but_not_public(office: Path, tmp_path: Path) -> None:
    env = as_user(tmp_path, "casey", CASEY)
    done = run_cli(
        "--db", office, "export", "violations", "-o", "v.csv", "--profile", "internal", env=env
    )
    assert done.returncode == 0, done.stderr
    refused = run_cli(
        "--db", office, "export", "violations", "-o", "p.csv", "--profile", "public", env=env
    )
    assert "casey is a caseworker and may not export with the un or public profile" in one_line(
        refused
    )
    assert not (Path(str(env["HOME"])) / "p.csv").exists()


def test_the_audit_trail_names_the_user_who_unlocked(office: Path, tmp_path: Path) -> None:
    rita = open_as(office, "rita", RITA)
    try:
        uid = rita.records.create("testimony", {"title": "현장 기록", "language": "ko"})
    finally:
        rita.close()
    events = run_cli(
        "--db", office, "audit", "--json", "--record", uid, env=as_user(tmp_path, "mina", MINA)
    )
    assert [(e["user"], e["action"]) for e in json.loads(events.stdout)] == [("rita", "create")]


def test_a_recorder_changes_only_her_own_records(office: Path) -> None:
    rita = open_as(office, "rita", RITA)
    try:
        own = rita.records.create("testimony", {"title": "mine", "language": "en"})
        rita.records.update("testimony", own, {"title": "still mine"})
        demo_uid = _demo_testimony(rita)  # made by mina
        with pytest.raises(NotAllowed, match="may not change or delete records made by others"):
            rita.records.update("testimony", demo_uid, {"title": "changed"})
        with pytest.raises(NotAllowed):
            rita.records.delete("testimony", demo_uid)
    finally:
        rita.close()


def _demo_testimony(app: CaseApp) -> str:
    with app.store.engine.connect() as conn:
        return str(
            conn.execute(
                text("SELECT uid FROM testimony WHERE created_by = 'mina' LIMIT 1")
            ).scalar_one()
        )


# -- the vault: written by anyone, read by caseworkers and coordinators ------------------------


def test_a_recorder_writes_a_vault_entry_and_cannot_read_it_back(office: Path) -> None:
    rita = open_as(office, "rita", RITA)
    try:
        person = rita.records.create("person", {"pseudonym": "A"})
        entry = rita.records.create(
            "identity", {"person_uid": person, "real_name": REAL_NAME, "contacts": "+82 10"}
        )
        assert rita.store.unlocked is not None and rita.store.unlocked.vault_private is None
        with pytest.raises(NotAllowed, match="may not read the identity vault"):
            rita.records.get("identity", entry)
        with pytest.raises(NotAllowed):  # not even by asking the vault itself
            with rita.store.engine.connect() as conn:
                sealed = conn.execute(text("SELECT sealed FROM person_identity")).scalar_one()
            rita.vault.open(sealed, entry)
        raw_key = rita.store.key
        assert raw_key is not None
    finally:
        rita.close()

    # Every byte of the file and its log, decrypted with the database key a recorder holds.
    for where, plain in decrypted_files(office, raw_key).items():
        assert REAL_NAME.encode("utf-8") not in plain, where
        assert "김영희".encode() not in plain, where

    casey = open_as(office, "casey", CASEY)
    try:
        shown = casey.records.get("identity", entry)
        assert (shown["real_name"], shown["contacts"]) == (REAL_NAME, "+82 10")
        casey.records.update("identity", entry, {"notes": "연락 가능"})
        again = casey.records.get("identity", entry)
        assert (again["real_name"], again["notes"]) == (REAL_NAME, "연락 가능")
        assert casey.verify() == []  # the audit holds digests of the sealed box, and they agree
    finally:
        casey.close()


def test_the_decryptor_would_see_a_name_stored_in_clear(office: Path) -> None:
    """The byte check above can fail: the same name in a plain column is found."""
    mina = open_as(office, "mina", MINA)
    try:
        mina.records.create("person", {"pseudonym": REAL_NAME})
        raw_key = mina.store.key
        assert raw_key is not None
    finally:
        mina.close()
    found = [
        w for w, plain in decrypted_files(office, raw_key).items() if "김영희".encode() in plain
    ]
    assert found


def test_a_new_role_gives_or_takes_the_vault_key(office: Path, tmp_path: Path) -> None:
    env = as_user(tmp_path, "mina", MINA)
    raised = run_cli("--db", office, "user", "role", "rita", "caseworker", env=env)
    assert raised.stdout.strip() == "rita is now a caseworker"
    assert keys.unlock(keys.key_file_for(office), RITA, "rita").vault_private is not None
    lowered = run_cli("--db", office, "user", "role", "rita", "recorder", env=env)
    assert lowered.returncode == 0, lowered.stderr
    assert keys.unlock(keys.key_file_for(office), RITA, "rita").vault_private is None


# -- passwd, removal, re-keying ----------------------------------------------------------------


def test_passwd_changes_only_ones_own_passphrase(office: Path, tmp_path: Path) -> None:
    new = "rita's new field passphrase 새것"
    env = as_user(tmp_path, "rita", RITA) | {"CASEAPP_NEW_PASSPHRASE": new}
    changed = run_cli("--db", office, "passwd", env=env)
    assert changed.returncode == 0, changed.stderr
    with pytest.raises(WrongPassphrase):
        keys.unlock(keys.key_file_for(office), RITA, "rita")
    keys.unlock(keys.key_file_for(office), new, "rita")
    keys.unlock(keys.key_file_for(office), CASEY, "casey")  # the others are untouched
    weak = run_cli(
        "--db",
        office,
        "passwd",
        env=as_user(tmp_path, "rita", new) | {"CASEAPP_NEW_PASSPHRASE": "password1"},
    )
    assert "passphrase" in one_line(weak)


def test_a_removed_user_cannot_open_and_her_old_key_file_opens_only_old_copies(
    office: Path, tmp_path: Path
) -> None:
    old = tmp_path / "copied-before"
    shutil.copytree(office.parent, old)  # the laptop's copy: database and key file
    removed = run_cli("--db", office, "user", "remove", "rita", env=as_user(tmp_path, "mina", MINA))
    assert removed.stdout.strip() == (
        "removed the user rita; the database has a new key, sealed to the 2 users left"
    )
    refused = run_cli("--db", office, "stats", env=as_user(tmp_path, "rita", RITA))
    assert "no user named rita" in one_line(refused)

    old_key = keys.unlock(old / (office.name + ".keys"), RITA, "rita").database_key
    connect_sqlcipher(old / office.name, old_key).close()  # the copy made before: yes
    with pytest.raises(DatabaseDamaged):
        connect_sqlcipher(office, old_key)  # the live archive: never
    for name, passphrase in (("mina", MINA), ("casey", CASEY)):
        stats = run_cli("--db", office, "stats", env=as_user(tmp_path, name, passphrase))
        assert stats.returncode == 0, stats.stderr
    verified = run_cli("--db", office, "verify", env=as_user(tmp_path, "casey", CASEY))
    assert verified.returncode == 0, verified.stderr


def test_the_last_coordinator_and_oneself_are_kept(office: Path) -> None:
    mina = open_as(office, "mina", MINA)
    try:
        with pytest.raises(UserRefused, match="cannot remove yourself"):
            mina.users.remove("mina")
        with pytest.raises(UserRefused, match="cannot change your own role"):
            mina.users.set_role("mina", Role.RECORDER)
        with pytest.raises(UserRefused, match="already has a user named casey"):
            mina.users.add("casey", Role.RECORDER, "another long passphrase here")
        with pytest.raises(UserRefused, match="1 to 64 printable"):
            mina.users.add(" padded", Role.RECORDER, "another long passphrase here")
        with pytest.raises(UnknownUser):
            mina.users.remove("nobody")
    finally:
        mina.close()


def test_a_single_field_worker_never_names_a_user(tmp_path: Path) -> None:
    env = environment(tmp_path, "one field worker's own passphrase")
    db = tmp_path / "solo" / "cases.db"
    assert run_cli("--db", db, "init", env=env).returncode == 0
    assert run_cli("--db", db, "stats", env=env).returncode == 0
    (slot,) = keys.current_key_file(keys.key_file_for(db)).slots
    assert slot.user == getpass.getuser()  # the system account's name


# -- an archive made before users ----------------------------------------------------------------


def test_an_archive_from_before_users_opens_as_its_coordinator(tmp_path: Path) -> None:
    """The stored first-revision archive (one passphrase, no users, a plain vault entry):
    its slot becomes the coordinator ``coordinator`` and its vault entry is sealed."""
    from .data.make_rev0001 import PASSPHRASE as OLD
    from .test_migrations import copy_fixture

    path = copy_fixture(tmp_path)
    app = open_case_app(StoreLocation(path=path), OLD)
    try:
        assert (app.access.name, app.access.role) == ("coordinator", Role.COORDINATOR)
        assert [(u.name, u.role) for u in app.users.all()] == [("coordinator", Role.COORDINATOR)]
        with app.store.engine.connect() as conn:
            plain, sealed = conn.execute(
                text("SELECT real_name, sealed FROM person_identity WHERE uid = 'i-1'")
            ).one()
        assert plain == "" and sealed
        assert app.records.get("identity", "i-1")["real_name"] == "vault name"
        assert app.records.get("testimony", "t-1")["title"] == "회령에서의 구금"
    finally:
        app.close()
    doc = json.loads(keys.key_file_for(path).read_text(encoding="utf-8"))
    assert doc["version"] == 2 and [s["user"] for s in doc["slots"]] == ["coordinator"]
    again = run_cli(
        "--db", path, "--user", "coordinator", "stats", "--json", env=environment(tmp_path, OLD)
    )
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["testimony"] == 1


def test_a_recorder_adds_violations_only_to_her_own_testimonies(office: Path) -> None:
    mina = open_as(office, "mina", MINA)
    try:
        others = mina.records.create("testimony", {"title": "mina's", "language": "en"})
    finally:
        mina.close()
    rita = open_as(office, "rita", RITA)
    try:
        own = rita.records.create("testimony", {"title": "mine", "language": "en"})
        rita.records.create("violation", {"testimony_uid": own, "category": "torture"})
        rita.records.create("consent", {"testimony_uid": own, "internal": True})
        with pytest.raises(NotAllowed, match="made by others"):
            rita.records.create("violation", {"testimony_uid": others, "category": "torture"})
        with pytest.raises(NotAllowed):
            rita.records.create("consent", {"testimony_uid": others, "internal": True})
    finally:
        rita.close()


def test_the_default_profile_follows_the_role(office: Path, tmp_path: Path) -> None:
    casey = run_cli(
        "--db",
        office,
        "export",
        "testimonies",
        "-o",
        "t.csv",
        env=as_user(tmp_path, "casey", CASEY),
    )
    assert casey.returncode == 0, casey.stderr
    assert "internal" in casey.stdout and "public" not in casey.stdout
    mina = run_cli(
        "--db", office, "export", "testimonies", "-o", "p.csv", env=as_user(tmp_path, "mina", MINA)
    )
    assert mina.returncode == 0 and "public" in mina.stdout


def test_only_a_coordinator_of_the_backup_restores_it(office: Path, tmp_path: Path) -> None:
    backup = tmp_path / "office.backup"
    made = run_cli("--db", office, "backup", "-o", backup, env=as_user(tmp_path, "mina", MINA))
    assert made.returncode == 0, made.stderr
    target = tmp_path / "restored" / "cases.db"
    refused = run_cli("--db", target, "restore", backup, env=as_user(tmp_path, "rita", RITA))
    assert "rita is a recorder and may not manage users, keys or backups" in one_line(refused)
    assert not target.parent.exists()  # nothing placed is left
    done = run_cli("--db", target, "restore", backup, env=as_user(tmp_path, "mina", MINA))
    assert done.returncode == 0, done.stderr
    again = run_cli("--db", target, "stats", env=as_user(tmp_path, "rita", RITA))
    assert again.returncode == 0, again.stderr  # every user's slot came back with it
