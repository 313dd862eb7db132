"""Schema migrations: a database from the first revision upgrades with every row intact, and
the migrations build exactly the schema the models describe."""

import shutil
import warnings
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from caseapp.app import open_case_app
from caseapp.models import metadata
from caseapp.store import StoreLocation, create_store, open_store
from caseapp.store.engine import connect_sqlcipher
from caseapp.store.keys import key_file_for, unlock
from caseapp.store.migrate import alembic_config, current_revision, head_revision
from caseapp.store.migrations.filters import include_object

from .conftest import CHEAP_KDF
from .data.make_rev0001 import PASSPHRASE as REV0001_PASSPHRASE
from .kept_counts import assert_counts_kept
from .legacy_keys import rewrap_legacy

REV0001 = Path(__file__).parent / "data" / "rev0001"
CHEAP_KEY_FILE: list[bytes] = []


def table_columns(path: Path, passphrase: str) -> dict[str, list[str]]:
    conn = connect_sqlcipher(path, unlock(key_file_for(path), passphrase).database_key)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
        ]
        return {t: [row[1] for row in conn.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    finally:
        conn.close()


def dump(
    path: Path, passphrase: str, columns: dict[str, list[str]] | None = None
) -> dict[str, list[tuple]]:
    """Every row of every table; with ``columns``, only those tables and columns (what an
    older revision had, so that columns added since do not count as changed rows)."""
    columns = columns or table_columns(path, passphrase)
    conn = connect_sqlcipher(path, unlock(key_file_for(path), passphrase).database_key)
    try:
        return {
            t: sorted(
                conn.execute(
                    "SELECT " + ", ".join(f'"{c}"' for c in names) + f' FROM "{t}"'
                ).fetchall()
            )
            for t, names in columns.items()
        }
    finally:
        conn.close()


# Rows of the fixture's audited tables (every record and the attachment): none has an event.
FIXTURE_RECORDS = 11


def copy_fixture(tmp_path: Path, as_stored: bool = False) -> Path:
    """A copy of the stored first-revision database. Its key file, made at the real cost, is
    re-wrapped once per session at the suite's cheap cost (the database is not touched:
    the same key opens it); ``as_stored`` keeps the key file exactly as stored."""
    target = tmp_path / "old"
    shutil.copytree(REV0001, target)
    path = target / "cases.db"
    if not as_stored:
        if not CHEAP_KEY_FILE:
            rewrap_legacy(key_file_for(path), REV0001_PASSPHRASE, CHEAP_KDF)
            CHEAP_KEY_FILE.append(key_file_for(path).read_bytes())
        key_file_for(path).write_bytes(CHEAP_KEY_FILE[0])
    return path


def test_first_revision_upgrades_to_head_with_every_row_intact(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    old_columns = table_columns(path, REV0001_PASSPHRASE)
    before = dump(path, REV0001_PASSPHRASE)
    assert sum(len(rows) for rows in before.values()) >= 12

    store = open_store(StoreLocation(path=path), REV0001_PASSPHRASE)
    assert store.upgrade is not None
    assert store.upgrade.from_revision == "0001"
    assert store.upgrade.to_revision == head_revision() != "0001"
    backup = store.upgrade.backup
    store.close()

    # Later revisions only add: every old column keeps its place and every row its values.
    new_columns = table_columns(path, REV0001_PASSPHRASE)
    for table, names in old_columns.items():
        assert new_columns[table][: len(names)] == names, table
    after = dump(path, REV0001_PASSPHRASE, old_columns)
    for table, rows in before.items():
        assert after[table] == rows, table
    # The backup is the old database, still encrypted, still at the old revision.
    assert backup is not None and backup.exists()
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    shutil.copy2(key_file_for(path), key_file_for(backup))
    assert dump(backup, REV0001_PASSPHRASE) == before


def test_upgraded_fixture_works_through_the_services(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    app = open_case_app(StoreLocation(path=path), REV0001_PASSPHRASE, "tester")
    try:
        testimony = app.records.get("testimony", "t-1")
        assert testimony["title"] == "회령에서의 구금"
        assert testimony["source_uid"] == "p-1"
        app.records.update("testimony", "t-1", {"status": "verified"})
        assert app.stats()["violation"] == 1
        # The fixture's rows were written with plain INSERTs (tests/data/make_rev0001.py), no
        # audit events: verify says exactly that of each of them, and nothing else.
        problems = app.verify()
        assert {problem.code for problem in problems} == {"verify.unaudited_row"}
        assert len(problems) == FIXTURE_RECORDS
    finally:
        app.close()


def test_migrations_build_exactly_the_models(db_path: Path) -> None:
    store = create_store(StoreLocation(path=db_path), "migration passphrase")
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        with warnings.catch_warnings():
            # The year band's expression index cannot be read back (filters.py); the next
            # test checks it is there and serves the dashboard's query.
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression")
            warnings.filterwarnings("ignore", ".*expression-based index 'ix_violation_year_band'")
            assert compare_metadata(context, metadata) == []
    store.close()


def test_the_dashboard_counts_years_from_the_band_index(demo_app) -> None:
    """The dashboard's query by year spells the expression of the index (migration 0021), so
    SQLite reads the index rather than every encrypted row of the table."""
    from sqlalchemy import text

    from caseapp.services.dashboard import year_statement
    from caseapp.services.listing.violations import live_violation_conditions
    from caseapp.store.engines import features

    engine = demo_app.store.engine
    statement = year_statement(live_violation_conditions(features(engine))[1])
    sql = str(statement.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        plan = " ".join(str(row[3]) for row in conn.execute(text("EXPLAIN QUERY PLAN " + sql)))
    assert "USING INDEX ix_violation_year_band" in plan, plan


def test_downgrade_to_nothing_and_up_again(tmp_path: Path) -> None:
    location = StoreLocation(path=tmp_path / "cycle.db")
    store = create_store(location, "migration passphrase")
    config = alembic_config()
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
    with store.engine.connect() as conn:
        names = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"
            " AND name NOT IN ('alembic_version')"
        ).fetchall()
    assert names == []
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    assert current_revision(store.engine) == head_revision()
    store.close()


def test_the_fixture_is_really_at_the_first_revision(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path, as_stored=True)
    conn = connect_sqlcipher(path, unlock(key_file_for(path), REV0001_PASSPHRASE).database_key)
    try:
        (version,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        indexes = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    finally:
        conn.close()
    assert version == "0001"
    assert "ix_testimony_interview_date" not in indexes


def test_an_upgraded_archive_counts_its_existing_rows(tmp_path: Path) -> None:
    """Migration 0024 takes the counts of the rows already there; the triggers keep them."""
    app = open_case_app(StoreLocation(path=copy_fixture(tmp_path)), REV0001_PASSPHRASE, "tester")
    try:
        assert assert_counts_kept(app)["category"]
        app.records.update("testimony", "t-1", {"status": "verified"})
        app.records.delete("testimony", "t-1")
        assert assert_counts_kept(app)["testimony"][0] == 0
    finally:
        app.close()
