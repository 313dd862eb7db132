"""Revision 0003 gives each region the places it is made of: a database from revision 0001
upgrades with the new column empty for its old region, which then counts the violations of
the places a caseworker picks."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command

from caseapp.app import open_case_app
from caseapp.services.errors import ValidationError
from caseapp.services.listing.regions import RegionFilter, RegionList
from caseapp.store import StoreLocation, open_store
from caseapp.store.engine import connect_sqlcipher
from caseapp.store.keys import key_file_for, unlock
from caseapp.store.migrate import alembic_config, current_revision

from .data.make_rev0001 import PASSPHRASE
from .test_migrations import FIXTURE_RECORDS, copy_fixture, dump, table_columns


def region_rows(path: Path) -> list[tuple]:
    conn = connect_sqlcipher(path, unlock(key_file_for(path), PASSPHRASE).database_key)
    try:
        return conn.execute("SELECT uid, region, provinces FROM region_protection").fetchall()
    finally:
        conn.close()


def counted(app) -> dict[str, int | None]:
    query = RegionList(app.store, RegionFilter())
    return {row["uid"]: row["counted"] for row in query.fetch(0, query.count())}


def test_old_region_gets_no_places_and_then_counts_its_violations(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    app = open_case_app(StoreLocation(path=path), PASSPHRASE, "tester")
    try:
        assert region_rows(path) == [("r-1", "East Asia", "")]
        assert app.records.get("region", "r-1")["provinces"] == ""
        assert counted(app) == {"r-1": None}

        # The fixture's one violation happened in North Hamgyong, a child of North Korea.
        app.records.update("region", "r-1", {"provinces": "north_korea"})
        assert counted(app) == {"r-1": 1}
        app.records.update("region", "r-1", {"provinces": "china"})
        assert counted(app) == {"r-1": 0}
        app.records.update("region", "r-1", {"provinces": "north_hamgyong,china"})
        assert counted(app) == {"r-1": 1}

        with pytest.raises(ValidationError) as caught:
            app.records.update("region", "r-1", {"provinces": "hoeryong"})
        assert caught.value.problems[0].field == "provinces"
        assert app.records.get("region", "r-1")["provinces"] == "china,north_hamgyong"
        # The fixture's rows have no audit events (plain INSERTs): verify names each of them,
        # the region edited since included, and nothing else.
        problems = app.verify()
        assert {problem.code for problem in problems} == {"verify.unaudited_row"}
        assert len(problems) == FIXTURE_RECORDS
    finally:
        app.close()


def test_downgrade_to_0002_drops_only_the_new_column(tmp_path: Path) -> None:
    path = copy_fixture(tmp_path)
    old_columns = table_columns(path, PASSPHRASE)
    before = dump(path, PASSPHRASE)
    store = open_store(StoreLocation(path=path), PASSPHRASE)
    config = alembic_config()
    with store.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
    assert current_revision(store.engine) == "0002"
    store.close()
    assert table_columns(path, PASSPHRASE) == old_columns
    assert dump(path, PASSPHRASE) == before
