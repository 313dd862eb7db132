"""The regional protection list: cases counted from the records beside the external figure,
the places of a region checked against the vocabulary, and the dated history."""

from __future__ import annotations

import pytest

from caseapp.app import CaseApp
from caseapp.services.errors import ValidationError
from caseapp.services.listing.regions import (
    RegionFilter,
    RegionList,
    counted_cases,
    region_history,
)

pytestmark = pytest.mark.both_engines


def listed(app: CaseApp, text: str = "") -> dict[str, dict]:
    query = RegionList(app.store, RegionFilter(text))
    return {row["region"]: row for row in query.fetch(0, query.count())}


def test_places_are_codes_of_the_province_vocabulary_stored_sorted(empty_app) -> None:
    uid = empty_app.records.create(
        "region", {"region": "Transit", "provinces": " vietnam, laos ,thailand,laos"}
    )
    assert empty_app.records.get("region", uid)["provinces"] == "laos,thailand,vietnam"
    empty_app.records.update("region", uid, {"provinces": ["russia", "mongolia"]})
    assert empty_app.records.get("region", uid)["provinces"] == "mongolia,russia"
    with pytest.raises(ValidationError) as caught:
        empty_app.records.update("region", uid, {"provinces": "laos,atlantis"})
    assert [p.field for p in caught.value.problems] == ["provinces"]
    assert "atlantis" in str(caught.value)
    assert empty_app.records.get("region", uid)["provinces"] == "mongolia,russia"
    empty_app.records.update("region", uid, {"provinces": ""})
    assert empty_app.records.get("region", uid)["provinces"] == ""


def test_counted_cases_are_distinct_live_testimonies_in_the_places(empty_app) -> None:
    records = empty_app.records
    china = records.create("region", {"region": "East Asia", "provinces": "china"})
    jilin = records.create("region", {"region": "Jilin only", "provinces": "jilin"})
    nowhere = records.create("region", {"region": "Europe"})
    first = records.create("testimony", {"title": "one"})
    second = records.create("testimony", {"title": "two"})
    third = records.create("testimony", {"title": "three"})

    def violation(testimony: str, province: str | None) -> str:
        data = {"testimony_uid": testimony, "category": "arbitrary_detention"}
        if province:
            data["province"] = province
        return records.create("violation", data)

    # Two provinces of China in one testimony: one case, not two.
    violation(first, "jilin")
    violation(first, "liaoning")
    second_in_china = violation(second, "heilongjiang")
    violation(third, "north_hamgyong")
    violation(third, None)

    rows = listed(empty_app)
    assert rows["East Asia"]["counted"] == 2
    assert rows["Jilin only"]["counted"] == 1
    assert rows["Europe"]["counted"] is None  # no places: nothing counted, not zero

    records.delete("violation", second_in_china)
    records.delete("testimony", first)
    counts = counted_cases(empty_app.store, {china: "china", jilin: "jilin", nowhere: ""})
    assert counts == {china: 0, jilin: 0, nowhere: None}


def test_counts_are_kept_until_records_change(empty_app) -> None:
    records = empty_app.records
    records.create("region", {"region": "Russia", "provinces": "russia"})
    query = RegionList(empty_app.store, RegionFilter())
    assert query.fetch(0, 10)[0]["counted"] == 0
    testimony = records.create("testimony", {"title": "worker"})
    records.create(
        "violation",
        {"testimony_uid": testimony, "category": "forced_labour", "province": "russia"},
    )
    assert query.fetch(0, 10)[0]["counted"] == 0  # filtering and sorting do not rescan
    query.forget_counts()
    assert query.fetch(0, 10)[0]["counted"] == 1


def test_filter_looks_in_region_country_and_source(demo_app) -> None:
    assert set(listed(demo_app, "china")) == {"East Asia"}
    assert set(listed(demo_app, "Diaspora")) == {"Europe"}
    assert set(listed(demo_app, "south")) == {"South Korea", "South-East Asia"}
    assert listed(demo_app, "100%") == {}


def test_history_is_newest_first(demo_app) -> None:
    east_asia = listed(demo_app)["East Asia"]
    history = region_history(demo_app.store, east_asia["uid"])
    assert [h["as_of"] for h in history] == ["2023-12", "2020-12", "2017-06"]
    assert history[0]["protection_status"] == east_asia["protection_status"]
    demo_app.records.delete("region_history", history[0]["uid"])
    assert [h["as_of"] for h in region_history(demo_app.store, east_asia["uid"])] == [
        "2020-12",
        "2017-06",
    ]
