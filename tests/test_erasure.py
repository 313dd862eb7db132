"""Erasing a withdrawn testimony (issue 13): the text is gone from every byte of the archive
(the database file, its write-ahead log and shared memory, the search index, free pages),
the record stays as a counted, dated shell, and ``verify`` still passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from caseapp.app import CaseApp, open_case_app, wire
from caseapp.models import ImportUndo, PersonIdentity
from caseapp.services.access import Access, Actor, NotAllowed, Role
from caseapp.services.erasure import ErasureRefused
from caseapp.services.errors import NotFound
from caseapp.store import StoreLocation

from .cli_runner import environment, run_cli
from .conftest import PASSPHRASE, db_argument
from .fts5_terms import index_words
from .sqlcipher_pages import decrypted_files, files_of

pytestmark = pytest.mark.both_engines

# What the testimony says, in words that are nowhere else in an archive. Each "zqx" word is
# one search term, so it also finds what the search index keeps.
NARRATIVE = "회령 보위부 증언 MARKER-7f3a zqxnarrative7f3a 회령증언표지"
EDITED = NARRATIVE + " 다시 말하면 zqxedited7f3a"
SECRETS = {
    "narrative": NARRATIVE,
    "edited": EDITED,
    "narrative word": "zqxnarrative7f3a",
    "edited word": "zqxedited7f3a",
    "korean word": "회령증언표지",
    "title": "zqxtitle7f3a",
    "summary": "zqxsummary7f3a",
    "place": "zqxplace7f3a",
    "impact": "zqximpact7f3a",
    "file name": "zqxfilename7f3a",
    "file content": "zqxfilecontent7f3a",
    "real name": "zqxrealname7f3a",
    "contacts": "zqxcontacts7f3a",
}


def seed(app: CaseApp) -> dict[str, str]:
    """A testimony with text in every field erasure blanks, edited once (old versions in the
    pages and the log), found by a search (the index), then its consent withdrawn."""
    records = app.records
    source = records.create("person", {"pseudonym": "source A", "roles": "source"})
    records.create(
        "identity",
        {
            "person_uid": source,
            "real_name": SECRETS["real name"],
            "contacts": SECRETS["contacts"],
        },
    )
    uid = records.create(
        "testimony",
        {
            "title": f"{SECRETS['title']} 회령",
            "summary": f"{SECRETS['summary']} 요약",
            "narrative": NARRATIVE,
            "interview_date": "2019-05-01",
            "interview_place": SECRETS["place"],
            "language": "ko",
            "source_uid": source,
        },
    )
    violation = records.create(
        "violation",
        {
            "testimony_uid": uid,
            "category": "torture",
            "date_start": "2018-03",
            "province": "north_hamgyong",
            "place": SECRETS["place"],
            "reported_impact": SECRETS["impact"],
            "victim_uid": source,
        },
    )
    consent = records.create("consent", {"testimony_uid": uid, "internal": True})
    attachment = app.attachments.add_bytes(
        uid,
        f"{SECRETS['file name']}.txt",
        f"{SECRETS['file content']} {NARRATIVE}".encode(),
        "text/plain",
    )
    records.update("testimony", uid, {"narrative": EDITED})
    assert [hit.uid for hit in app.search.search("zqxedited7f3a")] == [uid]
    records.update("consent", consent, {"date_withdrawn": "2020-01-02"})
    return {
        "testimony": uid,
        "violation": violation,
        "consent": consent,
        "source": source,
        "attachment": attachment,
    }


def found(data: bytes) -> set[str]:
    """The secrets whose UTF-8 bytes are somewhere in ``data``."""
    return {name for name, text in SECRETS.items() if text.encode("utf-8") in data}


# -- the bytes -------------------------------------------------------------------------------


@pytest.fixture
def plain_app(tmp_path: Path):
    db = tmp_path / "plain.db"
    app = open_case_app(StoreLocation(url=f"sqlite:///{db}"), None, "tester", create=True)
    yield app, db
    app.close()


def test_plain_sqlite_file_log_and_index_lose_every_byte_of_the_text(plain_app) -> None:
    app, db = plain_app
    uids = seed(app)
    before = set()
    for data in files_of(db).values():
        before |= found(data)
    assert {"narrative", "edited", "narrative word", "korean word", "file content"} <= before

    result = app.erase_testimony(uids["testimony"])

    assert result.log_flushed
    for name, data in files_of(db).items():
        assert found(data) == set(), name
    assert app.search.search("zqxedited7f3a") == []
    assert app.search.search("zqxnarrative7f3a") == []


@pytest.mark.sqlcipher_only
def test_encrypted_file_pages_and_log_lose_every_byte_of_the_text(empty_app, db_path) -> None:
    key = empty_app.store.key
    assert key is not None
    uids = seed(empty_app)
    before = set()
    for data in decrypted_files(db_path, key).values():
        before |= found(data)
    # The decryption works: the text is there in clear once the pages are decrypted.
    assert {"narrative", "edited", "narrative word", "korean word", "file content"} <= before

    result = empty_app.erase_testimony(uids["testimony"])

    assert result.log_flushed
    for name, data in decrypted_files(db_path, key).items():
        assert found(data) == set(), name
    empty_app.close()
    for name, data in decrypted_files(db_path, key).items():
        assert found(data) == set(), f"{name}, after closing"


def test_the_search_index_pages_keep_no_word_of_the_text(empty_app, store_engine) -> None:
    """Read from the index's own leaf pages (tests/fts5_terms.py), where a byte search cannot
    tell: their words are prefix-compressed, and a replaced or deleted text's words stay,
    marked deleted, until their segment is merged."""
    if store_engine == "postgresql":
        pytest.skip("the leaf pages are FTS5's; the server's index is rows of its own tables")
    uids = seed(empty_app)
    # The title's first word now only in its replaced version.
    empty_app.records.update("testimony", uids["testimony"], {"title": "zqxsecondtitle7f3a"})
    words = {
        "zqxnarrative7f3a",
        "zqxedited7f3a",
        "회령증언표지",
        "zqxtitle7f3a",
        "zqxsecondtitle7f3a",
        "zqxsummary7f3a",
        "zqximpact7f3a",
        "zqxplace7f3a",
    }

    def indexed() -> set[str]:
        with empty_app.store.engine.connect() as conn:
            return index_words(conn, "search_testimony") | index_words(conn, "search_violation")

    assert words <= indexed()  # the replaced title's word too: still on a page
    empty_app.erase_testimony(uids["testimony"])
    assert words & indexed() == set()


# -- what stays, what goes, and verify --------------------------------------------------------


def test_the_record_stays_counted_and_dated_and_verify_passes(empty_app, tmp_path) -> None:
    uids = seed(empty_app)
    counts = empty_app.stats()

    result = empty_app.erase_testimony(uids["testimony"])

    assert (result.violations, result.attachments, result.identities) == (1, 1, 1)
    testimony = empty_app.records.get("testimony", uids["testimony"])
    assert testimony["code"] == result.code
    assert testimony["interview_date"] == "2019-05-01"
    assert testimony["language"] == "ko"
    assert testimony["source_uid"] == uids["source"]
    for name in ("title", "summary", "narrative", "interview_place", "interviewer"):
        assert testimony[name] == "", name
    violation = empty_app.records.get("violation", uids["violation"])
    assert (violation["category"], violation["date_start"], violation["province"]) == (
        "torture",
        "2018-03",
        "north_hamgyong",
    )
    assert violation["place"] == violation["reported_impact"] == ""
    consent = empty_app.records.get("consent", uids["consent"])
    assert consent["date_withdrawn"] == "2020-01-02"
    assert empty_app.listings.testimony_attachments(uids["testimony"]) == []
    assert empty_app.attachments.read(uids["attachment"]) == b""
    assert empty_app.stats()["violation"] == counts["violation"]
    assert empty_app.stats()["testimony"] == counts["testimony"]
    assert empty_app.verify() == []

    actions = [e.action for e in empty_app.audit_events(record_uid=uids["testimony"])]
    assert actions[:2] == ["erase", "update"]
    db = db_argument(empty_app)
    empty_app.close()
    shown = run_cli(
        "--db",
        db,
        "audit",
        "--json",
        "--record",
        uids["testimony"],
        env=environment(tmp_path, PASSPHRASE),
    )
    assert shown.returncode == 0, shown.stderr
    events = json.loads(shown.stdout)
    assert events[0]["action"] == "erase" and events[0]["record_uid"] == uids["testimony"]
    assert found(shown.stdout.encode()) == set()


def test_a_vault_entry_another_testimony_needs_stays(empty_app) -> None:
    uids = seed(empty_app)
    empty_app.records.create(
        "testimony", {"title": "other", "language": "en", "source_uid": uids["source"]}
    )
    result = empty_app.erase_testimony(uids["testimony"])
    assert result.identities == 0
    with empty_app.store.session() as session:
        identity = session.exec(select(PersonIdentity)).one()
    assert empty_app.records.get("identity", identity.uid)["real_name"] == SECRETS["real name"]


def test_erasing_twice_is_refused(empty_app) -> None:
    uids = seed(empty_app)
    empty_app.erase_testimony(uids["testimony"])
    with pytest.raises(ErasureRefused) as refused:
        empty_app.erase_testimony(uids["testimony"])
    assert refused.value.message.code == "erase.already_erased"


def test_a_deleted_withdrawn_testimony_can_be_erased(empty_app) -> None:
    uids = seed(empty_app)
    empty_app.records.delete("testimony", uids["testimony"])
    result = empty_app.erase_testimony(uids["testimony"])
    assert result.violations == 1
    assert empty_app.verify() == []


# -- refusals change nothing ---------------------------------------------------------------------


def snapshot(app: CaseApp, uids: dict[str, str]) -> tuple:
    return (
        app.records.get("testimony", uids["testimony"], include_deleted=True),
        app.records.get("violation", uids["violation"], include_deleted=True),
        app.attachments.read(uids["attachment"]),
        app.stats(),
    )


def test_a_testimony_whose_consent_stands_is_refused(empty_app) -> None:
    uids = seed(empty_app)
    empty_app.records.update("consent", uids["consent"], {"date_withdrawn": None})
    before = snapshot(empty_app, uids)
    with pytest.raises(ErasureRefused) as refused:
        empty_app.erase_testimony(uids["testimony"])
    assert refused.value.message.code == "erase.not_withdrawn"
    assert NARRATIVE not in str(refused.value)
    after = snapshot(empty_app, uids)
    assert after[:3] == before[:3]
    assert after[3]["audit_event"] == before[3]["audit_event"] + 1  # the read of the file


def test_a_testimony_without_consent_and_an_unknown_uid_are_refused(empty_app) -> None:
    uid = empty_app.records.create("testimony", {"title": "t", "narrative": NARRATIVE})
    with pytest.raises(ErasureRefused):
        empty_app.erase_testimony(uid)
    with pytest.raises(NotFound):
        empty_app.erase_testimony("no-such-uid")
    assert empty_app.records.get("testimony", uid)["narrative"] == NARRATIVE


def test_only_a_coordinator_may_erase(empty_app) -> None:
    uids = seed(empty_app)
    before = snapshot(empty_app, uids)
    for role in (Role.CASEWORKER, Role.RECORDER):
        other = wire(empty_app.store, Access(Actor("casey", role)))
        with pytest.raises(NotAllowed):
            other.erase_testimony(uids["testimony"])
    after = snapshot(empty_app, uids)
    assert after[:2] == before[:2]
    assert after[3]["audit_event"] == before[3]["audit_event"] + 1


# -- the command line ----------------------------------------------------------------------------


@pytest.mark.sqlcipher_only
def test_the_command_line_asks_twice(empty_app, db_path, tmp_path) -> None:
    uids = seed(empty_app)
    code = empty_app.records.get("testimony", uids["testimony"])["code"]
    empty_app.close()
    env = environment(tmp_path, PASSPHRASE)

    for extra in ((), ("--yes",), ("--confirm-code", code)):
        refused = run_cli("--db", db_path, "erase", code, *extra, env=env)
        assert refused.returncode == 1
        assert "--confirm-code" in refused.stderr and len(refused.stderr.splitlines()) == 1
    wrong = run_cli("--db", db_path, "erase", code, "--yes", "--confirm-code", "T-0", env=env)
    assert wrong.returncode == 1 and "nothing was erased" in wrong.stderr
    unknown = run_cli("--db", db_path, "erase", "T-0", "--yes", "--confirm-code", "T-0", env=env)
    assert unknown.returncode == 1 and "no testimony has the code T-0" in unknown.stderr

    app = open_case_app(StoreLocation(path=db_path), PASSPHRASE, "tester")
    assert app.records.get("testimony", uids["testimony"])["narrative"] == EDITED
    app.close()

    done = run_cli("--db", db_path, "erase", code, "--yes", "--confirm-code", code, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"erased testimony {code}: 8 text fields blanked in the testimony, 1 violations,"
        " 1 attachments and 1 vault entries; 0 import-undo entries dropped"
    ]
    assert found(done.stdout.encode()) == set()
    verified = run_cli("--db", db_path, "verify", env=env)
    assert verified.returncode == 0, verified.stderr


def test_what_an_import_kept_of_the_records_goes_too(plain_app) -> None:
    app, db = plain_app
    uids = seed(app)
    # What an import that overwrote the narrative keeps for its undo (services/import_undo.py).
    with app.store.session() as session:
        session.add(
            ImportUndo(
                import_id="import-1",
                table_name="testimony",
                record_uid=uids["testimony"],
                action="update",
                before=json.dumps({"narrative": NARRATIVE}, ensure_ascii=False),
            )
        )
    result = app.erase_testimony(uids["testimony"])
    assert result.undo_entries == 1
    with app.store.session() as session:
        assert session.exec(select(ImportUndo)).all() == []
    for name, data in files_of(db).items():
        assert found(data) == set(), name
