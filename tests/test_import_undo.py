"""Issue 12, item 6b: an import keeps what it overwrites, and ``caseapp import undo`` puts it
back (updates restored, creations soft-deleted, one transaction), or refuses and changes
nothing when a record was changed after the import."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from caseapp.app import CaseApp
from caseapp.models import AuditEvent, ImportUndo
from caseapp.services import import_undo
from caseapp.services.csv_fields import TESTIMONIES, restore
from caseapp.services.import_undo import UndoRefused
from caseapp.store import scratch

from .test_cli import caseapp, clean_env
from .test_csv_export_import import ORDER, read_back, snapshot, write_rows

pytestmark = pytest.mark.both_engines

MOJIBAKE_FREE_CHANGE = "바뀐 제목 (changed by the import)"


def _exports(app: CaseApp, folder: Path) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for kind in ORDER:
        for profile in ("internal", "un", "public"):
            path = folder / f"{kind}-{profile}.csv"
            app.export_csv(kind, path, profile)
            out[path.name] = path.read_bytes()
    return out


def _changing_file(app: CaseApp, tmp_path: Path) -> Path:
    """The demo testimonies with titles, narratives, a consent and a source changed, and two
    new testimonies naming a new person."""
    path = tmp_path / "testimonies.csv"
    app.export_csv("testimonies", path, "internal")
    header, rows = read_back(path)
    rows = [{k: restore(v) for k, v in row.items()} for row in rows]
    rows[0]["title"] = MOJIBAKE_FREE_CHANGE
    rows[1]["narrative"] = "다른 이야기"
    rows[2]["consent_public"] = "yes" if rows[2]["consent_public"] != "yes" else "no"
    rows[2]["consent_internal"] = rows[2]["consent_internal"] or "yes"
    rows[2]["consent_un"] = rows[2]["consent_un"] or "no"
    rows[2]["consent_date"] = rows[2]["consent_date"] or "2020"
    rows[3]["source_code"] = "P-IMPORTED"
    rows[3]["source_pseudonym"] = "새 가명"
    for index in range(2):
        rows.append(
            {
                **{name: "" for name in header},
                "code": f"UNDO-{index}",
                "title": "new",
                "narrative": "new narrative",
                "language": "ko",
                "source_code": "P-IMPORTED",
                "reliability": "likely_reliable",
                "status": "draft",
                "consent_internal": "yes",
                "consent_un": "no",
                "consent_public": "no",
                "consent_date": "2021",
            }
        )
    write_rows(path, header, rows)
    return path


@pytest.fixture(params=[None, 1, 2], ids=["batches", "one-at-a-time", "two-at-a-time"])
def journal_batch(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The undo reads its import's journal, remembers it and deletes in batches: with
    batches of one or two entries, every batch boundary the demo's few records can cross
    (a record's entries split between batches, the latest batch restored first)."""
    if request.param is not None:
        for name in ("JOURNAL_BATCH", "DELETE_BATCH", "UID_BATCH"):
            monkeypatch.setattr(import_undo, name, request.param)
    monkeypatch.setattr(scratch, "KEYS_PER_READ", request.param or scratch.KEYS_PER_READ)


def _kept(app: CaseApp) -> int:
    with app.store.session() as session:
        return int(session.execute(select(func.count()).select_from(ImportUndo)).scalar_one())


def test_undo_puts_back_every_export_byte_for_byte(
    demo_app: CaseApp, tmp_path: Path, journal_batch: None
) -> None:
    before = _exports(demo_app, tmp_path / "before")
    imported = demo_app.import_csv("testimonies", _changing_file(demo_app, tmp_path))
    assert imported.updated == 4 and imported.created == 2 and imported.persons_created == 1
    assert _exports(demo_app, tmp_path / "between") != before
    assert _kept(demo_app) > 0
    undone = demo_app.undo_import()
    assert undone.restored == 4
    assert undone.deleted >= 3  # two testimonies (their consents go with them), one person
    assert _exports(demo_app, tmp_path / "after") == before
    assert _kept(demo_app) == 0  # the kept values go once they are put back
    with demo_app.store.session() as session:
        actions = [
            action
            for action in session.execute(
                select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(40)
            ).scalars()
            if action != "export"
        ]
    assert actions[0] == "undo_import"
    assert "update" in actions and "delete" in actions
    assert demo_app.verify() == []
    with pytest.raises(UndoRefused, match="already undone"):
        demo_app.undo_import()


def test_a_record_whose_entries_fall_in_two_batches_is_counted_once(
    demo_app: CaseApp, tmp_path: Path, journal_batch: None
) -> None:
    """An import's journal may hold two updates of one record (the earliest holds what the
    record had before the import); read in batches of one or two, they are restored in two
    batches: the record ends as it was, and the undo says one record restored, not two."""
    before = _exports(demo_app, tmp_path / "before")
    demo_app.import_csv("testimonies", _changing_file(demo_app, tmp_path))
    _, rows = read_back(tmp_path / "testimonies.csv")
    with demo_app.store.session() as session:
        import_id = import_undo.list_imports(session)[0].import_id
        # A later change of the same record, kept as the import's own would be.
        import_undo.undo_keeper(session, import_id)(
            [("update", "testimony", rows[0]["uid"], {"title": "중간 제목"})]
        )
    undone = demo_app.undo_import()
    assert undone.restored == 4
    assert _exports(demo_app, tmp_path / "after") == before


def test_undo_is_refused_when_a_record_changed_after_the_import(
    demo_app: CaseApp, tmp_path: Path, journal_batch: None
) -> None:
    demo_app.import_csv("testimonies", _changing_file(demo_app, tmp_path))
    path = tmp_path / "testimonies.csv"
    _, rows = read_back(path)
    changed_uid = rows[1]["uid"]
    demo_app.records.update("testimony", changed_uid, {"title": "edited after the import"})
    before = snapshot(demo_app)
    with pytest.raises(UndoRefused) as caught:
        demo_app.undo_import()
    message = str(caught.value)
    assert changed_uid in message and "changed after the import" in message
    assert "edited" not in message and "다른" not in message
    assert snapshot(demo_app) == before


def test_undo_is_refused_when_new_records_refer_to_an_imported_one(
    demo_app: CaseApp, tmp_path: Path, journal_batch: None
) -> None:
    demo_app.import_csv("testimonies", _changing_file(demo_app, tmp_path))
    assert demo_app.imports()[0].created == 3
    with demo_app.store.session() as session:
        testimony = (
            session.execute(
                select(ImportUndo.record_uid).where(
                    ImportUndo.table_name == "testimony", ImportUndo.action == "create"
                )
            )
            .scalars()
            .first()
        )
    assert testimony is not None
    demo_app.records.create(
        "violation",
        {
            "testimony_uid": testimony,
            "category": "arbitrary_detention",
            "date_precision": "unknown",
        },
    )
    before = snapshot(demo_app)
    with pytest.raises(UndoRefused, match="refer to the testimony"):
        demo_app.undo_import()
    assert snapshot(demo_app) == before


def test_an_earlier_import_is_named_by_its_id(demo_app: CaseApp, tmp_path: Path) -> None:
    before = _exports(demo_app, tmp_path / "before")
    demo_app.import_csv("testimonies", _changing_file(demo_app, tmp_path))
    first = demo_app.imports()[0].import_id
    violations = tmp_path / "violations.csv"
    demo_app.export_csv("violations", violations, "internal")
    demo_app.import_csv("violations", violations)  # changes nothing
    listed = demo_app.imports()
    assert [e.import_id for e in listed][1] == first and listed[0].kept == 0
    demo_app.undo_import(first)
    assert _exports(demo_app, tmp_path / "after") == before
    with pytest.raises(UndoRefused, match="no import"):
        demo_app.undo_import("0" * 8)


def test_the_command_line_lists_and_undoes(tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    db = tmp_path / "data" / "cases.db"
    assert caseapp("--db", db, "demo", env=env).returncode == 0
    assert caseapp("--db", db, "import", "undo", env=env).returncode == 1
    folder = tmp_path / "files"
    folder.mkdir()
    exported = folder / "t.csv"
    assert caseapp("--db", db, "export", "testimonies", "-o", exported, "--profile", "internal",
                   env=env).returncode == 0  # fmt: skip
    header, rows = read_back(exported)
    rows = [{k: restore(v) for k, v in row.items()} for row in rows]
    rows[0]["title"] = "changed"
    changed = folder / "changed.csv"
    write_rows(changed, header, rows)
    assert caseapp("--db", db, "import", "testimonies", changed, env=env).returncode == 0
    listed = caseapp("--db", db, "import", "undo", "--list", env=env)
    assert (
        listed.returncode == 0 and "changed.csv" in listed.stdout and "1 updated" in listed.stdout
    )
    undone = caseapp("--db", db, "import", "undo", env=env)
    assert undone.returncode == 0, undone.stderr
    assert "1 records put back, 0 deleted" in undone.stdout
    again = caseapp("--db", db, "import", "undo", env=env)
    assert again.returncode == 1 and "already undone" in again.stderr
    assert caseapp("--db", db, "import", "testimonies", env=env).returncode == 1


def test_undo_is_refused_when_a_previous_value_is_taken_since(
    demo_app: CaseApp, tmp_path: Path
) -> None:
    path = tmp_path / "testimonies.csv"
    demo_app.export_csv("testimonies", path, "internal")
    header, rows = read_back(path)
    rows = [{k: restore(v) for k, v in row.items()} for row in rows]
    old_code = rows[0]["code"]
    rows[0]["code"] = "RENAMED-1"
    write_rows(path, header, rows)
    demo_app.import_csv("testimonies", path)
    demo_app.records.create(
        "testimony", {"code": old_code, "title": "took the old code", "status": "draft"}
    )
    before = snapshot(demo_app)
    with pytest.raises(UndoRefused) as caught:
        demo_app.undo_import()
    assert "previous code is no longer accepted" in str(caught.value)
    assert old_code not in str(caught.value)
    assert snapshot(demo_app) == before


def test_undoing_a_large_import_deletes_all_it_created(empty_app: CaseApp, tmp_path: Path) -> None:
    """2,000 testimonies, their consents and persons: deleted in batches, each audited."""
    header = list(TESTIMONIES.columns)
    rows = []
    for index in range(2000):
        row = {name: "" for name in header}
        row.update(code=f"T-{index}", title="t", language="ko", status="draft")
        row.update(source_code=f"P-{index}", consent_internal="yes", consent_date="2021")
        rows.append(row)
    path = tmp_path / "many.csv"
    write_rows(path, header, rows)
    before = empty_app.stats()
    empty_app.import_csv("testimonies", path)
    assert empty_app.undo_import().deleted == 6000
    after = empty_app.stats()
    assert {k: v for k, v in after.items() if k != "audit_event"} == {
        k: v for k, v in before.items() if k != "audit_event"
    }
    assert empty_app.verify() == []
