"""Migration 0032: the audit trail's hashes leave their unique index. On SQLite the table is
rebuilt: every event stays as it was, the append-only guard and the kept count come back as
they were made, and the chain still verifies; downgrading brings the constraint back."""

import pytest
from alembic import command
from sqlalchemy import inspect, text

from caseapp.store.migrate import alembic_config, current_revision, head_revision

pytestmark = pytest.mark.both_engines

EVENT_COLUMNS = "id, at, actor, action, table_name, record_uid, changes, prev_hash, hash"


def migrate(app, to: str) -> None:
    config = alembic_config()
    with app.store.engine.begin() as conn:
        config.attributes["connection"] = conn
        if to == "head":
            command.upgrade(config, to)
        else:
            command.downgrade(config, to)


def trail(app) -> list[tuple]:
    with app.store.engine.connect() as conn:
        return list(conn.execute(text(f"SELECT {EVENT_COLUMNS} FROM audit_event ORDER BY id")))


def hash_is_unique(app) -> bool:
    with app.store.engine.connect() as conn:
        found = inspect(conn)
        unique = found.get_unique_constraints("audit_event")
        indexes = found.get_indexes("audit_event")
    return any(c["column_names"] == ["hash"] for c in unique) or any(
        i["column_names"] == ["hash"] and i["unique"] for i in indexes
    )


def copy_an_event(app, event: tuple) -> None:
    """What the unique index refused: a second row with an existing event's hash."""
    with app.store.engine.begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO audit_event ({EVENT_COLUMNS}) VALUES"
                " (:id, :at, :actor, :action, :table_name, :record_uid, :changes, :prev, :hash)"
            ),
            {
                "id": 10**9,
                "at": event[1],
                "actor": event[2],
                "action": event[3],
                "table_name": event[4],
                "record_uid": event[5],
                "changes": event[6],
                "prev": event[7],
                "hash": event[8],
            },
        )


def test_the_trail_survives_the_migration_down_and_up(demo_app) -> None:
    before = trail(demo_app)
    assert len(before) > 20
    assert not hash_is_unique(demo_app)

    migrate(demo_app, "0031")
    assert hash_is_unique(demo_app)
    assert trail(demo_app) == before
    with pytest.raises(Exception, match=r"(?i)unique"):
        copy_an_event(demo_app, before[3])

    migrate(demo_app, "head")
    assert current_revision(demo_app.store.engine) == head_revision()
    assert not hash_is_unique(demo_app)
    assert trail(demo_app) == before
    # The guard is back as the first migration made it: history cannot change, and the
    # check finds the chain and the guard intact.
    with pytest.raises(Exception, match="append-only"), demo_app.store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_event SET actor = 'someone else' WHERE id = 3"))
    with pytest.raises(Exception, match="append-only"), demo_app.store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE id = 3"))
    assert demo_app.verify() == []

    # Writes go on chaining after the rebuilt table's last event, and are counted.
    events_before = demo_app.stats()["audit_event"]
    uid = demo_app.records.create("testimony", {"title": "회령에서 온 증언", "language": "ko"})
    demo_app.records.update("testimony", uid, {"status": "reviewed"})
    assert demo_app.stats()["audit_event"] == events_before + 2
    assert trail(demo_app)[-1][7] == trail(demo_app)[-2][8]
    assert demo_app.verify() == []


def test_a_copied_event_is_found_by_the_chain_not_by_an_index(demo_app) -> None:
    """Without the index, a second row carrying an event's hash is no longer refused on
    insert: the check of the chain finds it, as it finds any row added to history."""
    copy_an_event(demo_app, trail(demo_app)[3])
    problems = [problem.code for problem in demo_app.verify()]
    # Numbered out of sequence, after an event it does not follow, and hashed as another.
    assert {"audit.missing", "audit.broken_chain", "audit.hash_mismatch"} <= set(problems)
