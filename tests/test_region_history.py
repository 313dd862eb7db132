"""The protection-status history is kept by the services, in the region's own transaction,
whichever front end saves the region."""

import pytest

from caseapp.services.errors import ValidationError


def entries(app, region_uid: str) -> list[tuple]:
    from caseapp.services.listing.regions import region_history

    return [
        (
            e["as_of"],
            e["protection_status"],
            e["reported_cases"],
            bool(e["reported_cases_is_minimum"]),
        )
        for e in region_history(app.store, region_uid)
    ]


def test_a_new_region_with_a_status_opens_its_history(empty_app) -> None:
    uid = empty_app.records.create(
        "region",
        {
            "region": "Mongolia",
            "protection_status": "limited_asylum_access",
            "as_of": "2021-03",
            "reported_cases": 40,
            "source": "NGO estimate",
        },
    )
    assert entries(empty_app, uid) == [("2021-03", "limited_asylum_access", 40, False)]
    history = empty_app.records.get("region", uid)
    assert history["region"] == "Mongolia"


def test_a_new_region_without_status_or_figure_has_no_history(empty_app) -> None:
    uid = empty_app.records.create("region", {"region": "Laos"})
    assert entries(empty_app, uid) == []


def test_a_changed_status_adds_the_new_state_and_the_unrecorded_old_one(empty_app) -> None:
    uid = empty_app.records.create("region", {"region": "Thailand"})
    empty_app.records.update("region", uid, {"reported_cases": 120, "as_of": "2019"})
    assert entries(empty_app, uid) == [("2019", None, 120, False)]
    empty_app.records.update(
        "region", uid, {"protection_status": "limited_asylum_access", "as_of": "2022-06"}
    )
    assert sorted(entries(empty_app, uid), key=str) == sorted(
        [("2019", None, 120, False), ("2022-06", "limited_asylum_access", 120, False)], key=str
    )


def test_an_edit_of_notes_or_source_adds_nothing(empty_app) -> None:
    uid = empty_app.records.create(
        "region",
        {"region": "Russia", "protection_status": "limited_asylum_access", "as_of": "2020"},
    )
    empty_app.records.update("region", uid, {"notes": "Checked again.", "source": "UNHCR"})
    assert len(entries(empty_app, uid)) == 1


def test_a_refused_save_leaves_no_history_entry(empty_app) -> None:
    uid = empty_app.records.create("region", {"region": "Vietnam"})
    with pytest.raises(ValidationError):
        empty_app.records.update(
            "region", uid, {"protection_status": "limited_asylum_access", "as_of": "2019-13"}
        )
    assert entries(empty_app, uid) == []


def test_history_entries_are_audited_as_created_by_the_saver(empty_app) -> None:
    from sqlalchemy import select

    from caseapp.models import AuditEvent

    uid = empty_app.records.create(
        "region", {"region": "China", "protection_status": "limited_asylum_access"}
    )
    with empty_app.store.session() as session:
        tables = [
            t
            for (t,) in session.execute(
                select(AuditEvent.table_name).order_by(AuditEvent.id)  # type: ignore[arg-type]
            )
        ]
    assert tables[-2:] == ["region_protection", "region_protection_history"]
    assert entries(empty_app, uid)


def _read_csv(path):
    import csv

    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_csv(path, rows) -> None:
    import csv

    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_an_import_that_changes_a_status_adds_it_to_the_history(demo_app, tmp_path) -> None:
    exported = tmp_path / "protection.csv"
    demo_app.export_csv("protection", exported, "internal")
    rows = _read_csv(exported)
    row = next(r for r in rows if r["region"] == "Europe")
    before = entries(demo_app, row["uid"])
    row["protection_status"] = "no_protection"
    row["as_of"] = "2025-02"
    _write_csv(tmp_path / "changed.csv", rows)

    result = demo_app.import_csv("protection", tmp_path / "changed.csv")

    assert result.updated == 1
    after = entries(demo_app, row["uid"])
    assert len(after) == len(before) + 1
    assert ("2025-02", "no_protection") in [e[:2] for e in after]
    assert demo_app.verify() == []


def test_an_imported_new_region_opens_its_history(demo_app, tmp_path) -> None:
    exported = tmp_path / "protection.csv"
    demo_app.export_csv("protection", exported, "internal")
    rows = _read_csv(exported)
    new = {name: "" for name in rows[0]}
    new.update(
        region="Central Asia",
        country="Kazakhstan",
        reported_cases="30",
        reported_cases_is_minimum="yes",
        protection_status="limited_asylum_access",
        as_of="2024",
        source="Partner report",
    )
    _write_csv(tmp_path / "new.csv", [*rows, new])

    result = demo_app.import_csv("protection", tmp_path / "new.csv")

    assert result.created == 1
    from caseapp.services.listing.regions import RegionFilter, RegionList

    query = RegionList(demo_app.store, RegionFilter(text="Central Asia"))
    (region,) = query.fetch(0, query.count())
    assert entries(demo_app, region["uid"]) == [("2024", "limited_asylum_access", 30, True)]
