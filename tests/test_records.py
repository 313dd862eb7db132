"""Records as a documenter writes them: every kind created, edited, deleted and restored, each
write audited once per record it touches, and every refusal naming the field at fault while
leaving the stored data exactly as it was."""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlmodel import col, select

from caseapp.app import CaseApp
from caseapp.models import AuditEvent, Testimony
from caseapp.resources import resource
from caseapp.services.errors import NotFound, ValidationError
from caseapp.services.record_kinds import KINDS

from .conftest import reopen

KIND_NAMES = [
    "testimony",
    "consent",
    "person",
    "identity",
    "violation",
    "region",
    "region_history",
    "state_response",
    "state_response_link",
    "demand",
    "saved_search",
]
MISSING_UID = "00000000-0000-4000-8000-000000000000"
SECRET = "비밀-제목-XYZ"


# -- helpers --------------------------------------------------------------------------------


def new_testimony(app: CaseApp, **data: Any) -> str:
    return app.records.create("testimony", {"title": "회령 증언", **data})


def new_person(app: CaseApp, **data: Any) -> str:
    return app.records.create("person", {"pseudonym": "김 A.", **data})


def new_violation(app: CaseApp, testimony_uid: str, **data: Any) -> str:
    return app.records.create(
        "violation", {"testimony_uid": testimony_uid, "category": "arbitrary_detention", **data}
    )


def new_consent(app: CaseApp, testimony_uid: str, **data: Any) -> str:
    return app.records.create("consent", {"testimony_uid": testimony_uid, "internal": True, **data})


def new_region(app: CaseApp) -> str:
    return app.records.create("region", {"region": "East Asia", "country": "China"})


def new_state_response(app: CaseApp) -> str:
    return app.records.create("state_response", {"aspect": "Defector Testimonies"})


def table(kind: str) -> str:
    return KINDS[kind].table


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """Only the counts that moved, and by how much."""
    return {name: after[name] - before[name] for name in after if after[name] != before[name]}


def events_after(app: CaseApp, before: dict[str, int]) -> list[tuple[str, str, str | None]]:
    """(action, table, record uid) of the audit events written since ``before`` was taken."""
    with app.store.session() as session:
        rows = session.execute(
            select(col(AuditEvent.action), col(AuditEvent.table_name), col(AuditEvent.record_uid))
            .where(col(AuditEvent.id) > before["audit_event"])
            .order_by(col(AuditEvent.id))
        ).all()
    return [(action, table_name, uid) for action, table_name, uid in rows]


# What a write of one kind also writes, in the same transaction: a region with a new
# status or figure adds it to its history; deleting or restoring the region takes its
# history along.
ALSO_WRITES = {
    ("create", "region"): "region_history",
    ("update", "region"): "region_history",
    ("delete", "region"): "region_history",
    ("restore", "region"): "region_history",
}


def assert_wrote(
    app: CaseApp,
    before: dict[str, int],
    action: str,
    kind: str,
    uid: str,
    counts: dict[str, int] | None = None,
) -> None:
    """The write changed ``counts`` (default: one more ``kind``) and wrote its audit
    event, plus what it calls for (``ALSO_WRITES``) and nothing else."""
    expected = {kind: 1} if counts is None else dict(counts)
    events = events_after(app, before)
    assert events[0] == (action, table(kind), uid)
    also = ALSO_WRITES.get((action, kind))
    if also is not None:
        step = -1 if action == "delete" else 1
        expected[also] = step
        assert [e[:2] for e in events[1:]] == [
            ("create" if action == "update" else action, table(also))
        ]
    else:
        assert len(events) == 1
    expected["audit_event"] = len(events)
    assert changed(before, app.stats()) == expected


def refused(app: CaseApp, write: Callable[[], object]) -> ValidationError:
    """Run a write that must be refused; check it changed no count and no audit event."""
    before = app.stats()
    with pytest.raises(ValidationError) as info:
        write()
    assert app.stats() == before
    assert app.verify() == []
    return info.value


# -- one valid record of each kind ----------------------------------------------------------


@dataclass
class Case:
    data: dict[str, Any]  # what create() gets
    changes: dict[str, Any]  # what update() gets
    stored: dict[str, Any] = field(default_factory=dict)  # read-back, where it differs
    updated: dict[str, Any] = field(default_factory=dict)


def example_testimony(app: CaseApp) -> Case:
    return Case(
        {
            "code": "HR-2019-001",
            "title": "보위부 구류장 구금 증언",
            "summary": "구금과 강제노동.",
            "narrative": "2001년 봄에 끌려갔습니다.\n재판은 없었습니다.",
            "interview_date": "2019-03-14",
            "interview_date_precision": "exact",
            "interview_place": "서울",
            "interviewer": "Interviewer B",
            "language": "ko",
            "source_uid": new_person(app, roles="source"),
            "reliability": "likely_reliable",
            "status": "draft",
        },
        {"title": "보위부 구금 증언 (검토)", "status": "reviewed", "interview_date": "2019-03-15"},
    )


def example_consent(app: CaseApp) -> Case:
    return Case(
        {
            "testimony_uid": new_testimony(app),
            "internal": True,
            "un": "yes",
            "public": False,
            "date_given": "2019-03-14",
            "recorded_by": "Interviewer B",
        },
        {"public": "true", "date_withdrawn": "2020-01"},
        stored={"un": True, "date_withdrawn": None},
        updated={"public": True},
    )


def example_person(app: CaseApp) -> Case:
    return Case(
        {
            "code": "P-SEOUL-01",
            "pseudonym": "박 B.",
            "sex": "female",
            "birth_year": "1979",
            "birth_year_precision": "exact",
            "origin_province": "north_hamgyong",
            "roles": ["victim", "source", "victim"],
        },
        {"pseudonym": "박 C.", "roles": "witness, source", "birth_year": 1980},
        stored={"roles": "source,victim"},
        updated={"roles": "source,witness", "birth_year": "1980"},
    )


def example_identity(app: CaseApp) -> Case:
    return Case(
        {
            "person_uid": new_person(app),
            "real_name": "홍길동",
            "contacts": "010-0000-0000",
            "relatives_inside": "어머니, 함경북도",
            "notes": "",
        },
        {"notes": "연락 시 가명만 사용.", "contacts": ""},
    )


def example_violation(app: CaseApp) -> Case:
    testimony_uid = new_testimony(app)
    return Case(
        {
            "testimony_uid": testimony_uid,
            "victim_uid": new_person(app, roles="victim"),
            "category": "arbitrary_detention",
            "date_start": "2001-03",
            "date_end": "2001-08",
            "date_precision": "range",
            "province": "south_pyongan",
            "place": "순천시 보위부 구류장",
            "place_type": "kwanliso",
            "perpetrator": "mss",
            "reported_impact": "수면 박탈",
            "un_mechanism": "sr_dprk",
            "un_submission_date": "2016-02",
            "un_reference": "AL PRK 1/2016",
            "un_response_status": "submitted",
            "verification_status": "likely",
        },
        {
            "category": "torture",
            "victim_uid": None,
            "date_end": "2001-09-30",
            "verification_status": "confirmed",
        },
    )


def example_region(app: CaseApp) -> Case:
    return Case(
        {
            "region": "East Asia",
            "country": "China",
            "reported_cases": 3200,
            "reported_cases_is_minimum": True,
            "protection_status": "partial_legal_recognition",
            "as_of": "2023-12",
            "source": "NGO field reports, 2023",
            "notes": "Seed figure, a lower bound.",
        },
        {"reported_cases": "3,400", "as_of": "2024-06", "protection_status": "no_protection"},
        updated={"reported_cases": 3400},
    )


def example_region_history(app: CaseApp) -> Case:
    return Case(
        {
            "region_uid": new_region(app),
            "protection_status": "forced_repatriation_risk",
            "reported_cases": "2100",
            "reported_cases_is_minimum": "yes",
            "as_of": "2017-06",
            "source": "NGO field reports, 2017",
            "note": "Frequent arrests at checkpoints.",
        },
        {"reported_cases": 0, "reported_cases_is_minimum": "no", "note": ""},
        stored={"reported_cases": 2100, "reported_cases_is_minimum": True},
        updated={"reported_cases_is_minimum": False},
    )


def example_state_response(app: CaseApp) -> Case:
    return Case(
        {
            "aspect": "Defector Testimonies",
            "position": "Deceptive political provocations",
            "statement_date": "2014-10",
            "source": "KCNA statement (paraphrased)",
        },
        {"statement_date": "2014-10-07", "position": "Fabrications"},
    )


def example_state_response_link(app: CaseApp) -> Case:
    testimony_uid = new_testimony(app)
    violation_uid = new_violation(app, testimony_uid)
    return Case(
        {"state_response_uid": new_state_response(app), "testimony_uid": testimony_uid},
        {"testimony_uid": None, "violation_uid": violation_uid},
        stored={"violation_uid": None},
    )


def example_demand(app: CaseApp) -> Case:
    return Case(
        {
            "title": "Legal protection in transit and host countries",
            "description": "Recognise North Korean escapees as refugees.",
            "target": "Governments of transit countries",
        },
        {"target": "UNHCR", "description": ""},
    )


def example_saved_search(app: CaseApp) -> Case:
    return Case(
        {"name": "회령 구금", "query": "회령 AND detain*", "filters": '{"language": "ko"}'},
        {"query": '"forced labour"'},
    )


CASES: dict[str, Callable[[CaseApp], Case]] = {
    "testimony": example_testimony,
    "consent": example_consent,
    "person": example_person,
    "identity": example_identity,
    "violation": example_violation,
    "region": example_region,
    "region_history": example_region_history,
    "state_response": example_state_response,
    "state_response_link": example_state_response_link,
    "demand": example_demand,
    "saved_search": example_saved_search,
}


def test_every_kind_of_record_is_covered() -> None:
    assert set(KIND_NAMES) == set(KINDS) == set(CASES)


# -- create, update, delete, restore for every kind -----------------------------------------


@pytest.mark.both_engines
@pytest.mark.parametrize("kind", KIND_NAMES)
def test_a_created_record_reads_back_as_entered(empty_app: CaseApp, kind: str) -> None:
    case = CASES[kind](empty_app)
    before = empty_app.stats()

    uid = empty_app.records.create(kind, case.data)

    record = empty_app.records.get(kind, uid)
    expected = {**case.data, **case.stored}
    assert {name: record[name] for name in expected} == expected
    assert record["uid"] == uid
    assert record["deleted_at"] is None
    assert record["created_by"] == record["updated_by"] == "tester"
    assert_wrote(empty_app, before, "create", kind, uid)
    assert empty_app.verify() == []


@pytest.mark.both_engines
@pytest.mark.parametrize("kind", KIND_NAMES)
def test_an_update_changes_only_the_fields_given(empty_app: CaseApp, kind: str) -> None:
    case = CASES[kind](empty_app)
    uid = empty_app.records.create(kind, case.data)
    original = empty_app.records.get(kind, uid)
    before = empty_app.stats()

    empty_app.records.update(kind, uid, case.changes)

    record = empty_app.records.get(kind, uid)
    expected = {**original, **case.changes, **case.updated}
    del expected["updated_at"]
    assert {name: record[name] for name in expected} == expected
    assert record["updated_at"] >= original["updated_at"]
    assert record["updated_by"] == "tester"
    assert_wrote(empty_app, before, "update", kind, uid, counts={})
    assert empty_app.verify() == []


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_an_update_that_changes_nothing_writes_nothing(empty_app: CaseApp, kind: str) -> None:
    case = CASES[kind](empty_app)
    uid = empty_app.records.create(kind, case.data)
    original = empty_app.records.get(kind, uid)
    before = empty_app.stats()

    empty_app.records.update(kind, uid, case.data)

    assert empty_app.records.get(kind, uid) == original
    assert empty_app.stats() == before


@pytest.mark.both_engines
@pytest.mark.parametrize("kind", KIND_NAMES)
def test_a_deleted_record_is_hidden_until_restored(empty_app: CaseApp, kind: str) -> None:
    case = CASES[kind](empty_app)
    uid = empty_app.records.create(kind, case.data)
    original = empty_app.records.get(kind, uid)
    before = empty_app.stats()

    empty_app.records.delete(kind, uid)

    with pytest.raises(NotFound):
        empty_app.records.get(kind, uid)
    deleted = empty_app.records.get(kind, uid, include_deleted=True)
    assert deleted["deleted_at"]
    assert {k: v for k, v in deleted.items() if k not in ("deleted_at", "updated_at")} == {
        k: v for k, v in original.items() if k not in ("deleted_at", "updated_at")
    }
    assert_wrote(empty_app, before, "delete", kind, uid, counts={kind: -1})

    hidden = empty_app.stats()
    with pytest.raises(NotFound, match="restore it first"):
        empty_app.records.update(kind, uid, case.changes)
    with pytest.raises(NotFound):
        empty_app.records.delete(kind, uid)
    assert empty_app.stats() == hidden

    empty_app.records.restore(kind, uid)

    restored = empty_app.records.get(kind, uid)
    assert {k: v for k, v in restored.items() if k != "updated_at"} == {
        k: v for k, v in original.items() if k != "updated_at"
    }
    assert_wrote(empty_app, hidden, "restore", kind, uid, counts={kind: 1})
    assert empty_app.verify() == []


def test_restoring_a_live_record_changes_nothing(empty_app: CaseApp) -> None:
    uid = new_testimony(empty_app)
    original = empty_app.records.get("testimony", uid)
    before = empty_app.stats()

    empty_app.records.restore("testimony", uid)

    assert empty_app.records.get("testimony", uid) == original
    assert empty_app.stats() == before


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_an_unknown_uid_is_not_found(empty_app: CaseApp, kind: str) -> None:
    before = empty_app.stats()
    for call in (
        lambda: empty_app.records.get(kind, MISSING_UID),
        lambda: empty_app.records.get(kind, MISSING_UID, include_deleted=True),
        lambda: empty_app.records.update(kind, MISSING_UID, {}),
        lambda: empty_app.records.delete(kind, MISSING_UID),
        lambda: empty_app.records.restore(kind, MISSING_UID),
    ):
        with pytest.raises(NotFound, match=MISSING_UID):
            call()
    assert empty_app.stats() == before


# -- deleting a parent hides its dependants -------------------------------------------------


def test_deleting_a_testimony_hides_its_violations_and_consent(empty_app: CaseApp) -> None:
    app = empty_app
    testimony = new_testimony(app)
    violations = [new_violation(app, testimony), new_violation(app, testimony)]
    deleted_earlier = new_violation(app, testimony, category="torture")
    consent = new_consent(app, testimony)
    other = new_testimony(app)
    other_violation = new_violation(app, other)
    other_consent = new_consent(app, other)
    app.records.delete("violation", deleted_earlier)
    before = app.stats()

    app.records.delete("testimony", testimony)

    hidden = app.stats()
    assert changed(before, hidden) == {
        "testimony": -1,
        "violation": -2,
        "consent": -1,
        "audit_event": 4,
    }
    events = events_after(app, before)
    assert events[0] == ("delete", "testimony", testimony)
    assert sorted(events[1:]) == sorted(
        [("delete", "violation", uid) for uid in violations] + [("delete", "consent", consent)]
    )
    for kind, uid in [("testimony", testimony), ("consent", consent)] + [
        ("violation", uid) for uid in violations
    ]:
        with pytest.raises(NotFound):
            app.records.get(kind, uid)
    assert app.records.get("testimony", other)["deleted_at"] is None
    assert app.records.get("violation", other_violation)["deleted_at"] is None
    assert app.records.get("consent", other_consent)["deleted_at"] is None

    app.records.restore("testimony", testimony)

    assert changed(hidden, app.stats()) == {
        "testimony": 1,
        "violation": 2,
        "consent": 1,
        "audit_event": 4,
    }
    events = events_after(app, hidden)
    assert events[0] == ("restore", "testimony", testimony)
    assert sorted(events[1:]) == sorted(
        [("restore", "violation", uid) for uid in violations] + [("restore", "consent", consent)]
    )
    for uid in violations:
        assert app.records.get("violation", uid)["testimony_uid"] == testimony
    assert app.records.get("consent", consent)["internal"] is True
    # Deleted on its own before the testimony: it stays deleted until restored on its own.
    with pytest.raises(NotFound):
        app.records.get("violation", deleted_earlier)
    assert app.verify() == []

    app.records.restore("violation", deleted_earlier)
    assert app.records.get("violation", deleted_earlier)["category"] == "torture"
    assert app.verify() == []


@pytest.mark.parametrize(
    ("parent", "child", "make"),
    [
        (
            "person",
            "identity",
            lambda app: (p := new_person(app), [("identity", {"person_uid": p})]),
        ),
        (
            "region",
            "region_history",
            lambda app: (
                r := new_region(app),
                [("region_history", {"region_uid": r, "as_of": y}) for y in ("2017", "2020")],
            ),
        ),
        (
            "state_response",
            "state_response_link",
            lambda app: (
                s := new_state_response(app),
                [
                    (
                        "state_response_link",
                        {"state_response_uid": s, "testimony_uid": new_testimony(app)},
                    )
                ],
            ),
        ),
    ],
)
def test_deleting_a_parent_hides_its_dependants(
    empty_app: CaseApp, parent: str, child: str, make: Callable[[CaseApp], Any]
) -> None:
    parent_uid, children = make(empty_app)
    child_uids = [empty_app.records.create(kind, data) for kind, data in children]
    before = empty_app.stats()

    empty_app.records.delete(parent, parent_uid)

    delta = {parent: -1, child: -len(child_uids), "audit_event": 1 + len(child_uids)}
    assert changed(before, empty_app.stats()) == delta
    for uid in child_uids:
        with pytest.raises(NotFound):
            empty_app.records.get(child, uid)

    empty_app.records.restore(parent, parent_uid)

    after = empty_app.stats()
    assert changed(before, after) == {"audit_event": 2 * (1 + len(child_uids))}
    for uid in child_uids:
        assert empty_app.records.get(child, uid)["deleted_at"] is None
    assert empty_app.verify() == []


@pytest.mark.both_engines
def test_deleting_a_demo_testimony_hides_exactly_its_violations_consent_and_links(
    demo_app: CaseApp,
) -> None:
    demo = json.loads(resource("demo", "demo.json").read_text(encoding="utf-8"))
    entered = demo["testimonies"][0]
    with demo_app.store.session() as session:
        uid = session.execute(
            select(col(Testimony.uid)).where(col(Testimony.code) == entered["code"])
        ).scalar_one()
    record = demo_app.records.get("testimony", uid)
    assert (record["title"], record["narrative"]) == (entered["title"], entered["narrative"])
    before = demo_app.stats()

    demo_app.records.delete("testimony", uid)

    links = sum(entered["key"] in r["testimonies"] for r in demo["state_responses"])
    assert links, "the first demo testimony is linked to a state response"
    touched = 1 + len(entered["violations"]) + 1 + links
    assert changed(before, demo_app.stats()) == {
        "testimony": -1,
        "violation": -len(entered["violations"]),
        "consent": -1,
        "state_response_link": -links,
        "audit_event": touched,
    }

    demo_app.records.restore("testimony", uid)

    assert changed(before, demo_app.stats()) == {"audit_event": 2 * touched}
    assert demo_app.verify() == []


# -- validation: the field and the problem are named; nothing changes ------------------------

FIFTY_MB_CHUNK = "비밀서술-"


def _testimony(**data: Any) -> Callable[[CaseApp], tuple[str, dict[str, Any]]]:
    return lambda app: ("testimony", {"title": "증언", **data})


def _violation(**data: Any) -> Callable[[CaseApp], tuple[str, dict[str, Any]]]:
    return lambda app: (
        "violation",
        {"testimony_uid": new_testimony(app), "category": "torture", **data},
    )


CREATE_REFUSALS = [
    pytest.param(
        _testimony(interview_date="2019-13-40"),
        "interview_date",
        ["2019-13-40", "not a real date", "month 13"],
        id="month-13-day-40",
    ),
    pytest.param(
        _testimony(interview_date="2019-02-30"),
        "interview_date",
        ["2019-02-30", "not a real date", "day 30"],
        id="february-30",
    ),
    pytest.param(
        _testimony(interview_date="2999-01-01"),
        "interview_date",
        ["2999-01-01", "in the future"],
        id="future",
    ),
    pytest.param(
        _testimony(interview_date="2019-03", interview_date_precision="exact"),
        "interview_date_precision",
        ["2019-03", "does not have precision exact"],
        id="month-given-exact-claimed",
    ),
    pytest.param(
        _testimony(interview_date="March 2019"),
        "interview_date",
        ["YYYY, YYYY-MM or YYYY-MM-DD"],
        id="not-a-date",
    ),
    pytest.param(
        _violation(date_start="2019-05", date_end="2019-03"),
        "date_end",
        ["2019-03 is before 2019-05"],
        id="range-ends-before-start",
    ),
    pytest.param(
        _violation(date_start="2019-05", date_end="2019-06", date_precision="month"),
        "date_end",
        ["needs precision range"],
        id="end-without-range",
    ),
    pytest.param(
        _violation(category="beatings"),
        "category",
        ["unknown code", "'beatings'", "violation_category"],
        id="unknown-category",
    ),
    pytest.param(
        lambda app: ("violation", {"testimony_uid": new_testimony(app)}),
        "category",
        ["is required"],
        id="missing-category",
    ),
    pytest.param(
        lambda app: ("violation", {"testimony_uid": MISSING_UID, "category": "torture"}),
        "testimony_uid",
        ["no testimony", MISSING_UID],
        id="testimony-does-not-exist",
    ),
    pytest.param(
        lambda app: (
            "violation",
            {"testimony_uid": new_deleted_testimony(app), "category": "torture"},
        ),
        "testimony_uid",
        ["no testimony"],
        id="testimony-is-deleted",
    ),
    pytest.param(
        lambda app: ("testimony", {"narrative": "제목 없는 증언"}),
        "title",
        ["is required"],
        id="missing-title",
    ),
    pytest.param(_testimony(title=""), "title", ["is required"], id="empty-title"),
    pytest.param(
        _testimony(colour="red"),
        "colour",
        ["is not a field of a testimony"],
        id="unknown-field",
    ),
    pytest.param(
        _testimony(status="published"),
        "status",
        ["must be one of draft, reviewed, verified"],
        id="unknown-status",
    ),
    pytest.param(
        lambda app: ("region", {"region": "East Asia", "reported_cases": -5}),
        "reported_cases",
        ["must not be negative"],
        id="negative-cases",
    ),
    pytest.param(
        lambda app: ("region", {"region": "East Asia", "reported_cases": "-1,200"}),
        "reported_cases",
        ["must not be negative"],
        id="negative-cases-as-text",
    ),
    pytest.param(
        lambda app: ("region", {"region": "East Asia", "reported_cases": "3,200+"}),
        "reported_cases",
        ["is not a whole number"],
        id="cases-not-a-number",
    ),
    pytest.param(
        lambda app: (
            "consent",
            {
                "testimony_uid": new_testimony(app),
                "date_given": "2019-05-01",
                "date_withdrawn": "2019-04-30",
            },
        ),
        "date_withdrawn",
        ["2019-04-30 is before 2019-05-01"],
        id="consent-withdrawn-before-given",
    ),
    pytest.param(
        lambda app: (
            "state_response_link",
            {
                "state_response_uid": new_state_response(app),
                "testimony_uid": (t := new_testimony(app)),
                "violation_uid": new_violation(app, t),
            },
        ),
        "testimony_uid",
        ["link exactly one testimony or violation"],
        id="link-with-both-targets",
    ),
    pytest.param(
        lambda app: ("state_response_link", {"state_response_uid": new_state_response(app)}),
        "testimony_uid",
        ["link exactly one testimony or violation"],
        id="link-with-no-target",
    ),
    pytest.param(
        lambda app: ("person", {"birth_year": "79"}),
        "birth_year",
        ["is not a year"],
        id="two-digit-birth-year",
    ),
    pytest.param(
        lambda app: ("person", {"roles": "victim,bystander"}),
        "roles",
        ["unknown role 'bystander'"],
        id="unknown-role",
    ),
]


def new_deleted_testimony(app: CaseApp) -> str:
    uid = new_testimony(app)
    app.records.delete("testimony", uid)
    return uid


@pytest.mark.parametrize(("make", "field_name", "words"), CREATE_REFUSALS)
def test_a_bad_new_record_is_refused_naming_field_and_problem(
    empty_app: CaseApp,
    make: Callable[[CaseApp], tuple[str, dict[str, Any]]],
    field_name: str,
    words: list[str],
) -> None:
    kind, data = make(empty_app)

    exc = refused(empty_app, lambda: empty_app.records.create(kind, data))

    assert len(exc.problems) == 1
    assert exc.problems[0].field == field_name
    for word in words:
        assert word in exc.problems[0].problem
    assert str(exc).startswith(f"{field_name}: ")
    assert len(str(exc)) < 200


@pytest.mark.both_engines
def test_a_50_mb_narrative_is_refused_by_its_length_without_quoting_it(
    empty_app: CaseApp,
) -> None:
    narrative = FIFTY_MB_CHUNK * (50 * 1024 * 1024 // len(FIFTY_MB_CHUNK.encode("utf-8")))
    assert len(narrative.encode("utf-8")) > 49 * 1024 * 1024
    uid = new_testimony(empty_app, narrative="짧은 서술")
    original = empty_app.records.get("testimony", uid)

    for write in (
        lambda: empty_app.records.create("testimony", {"title": "증언", "narrative": narrative}),
        lambda: empty_app.records.update("testimony", uid, {"narrative": narrative}),
    ):
        exc = refused(empty_app, write)
        assert len(exc.problems) == 1
        assert exc.problems[0].field == "narrative"
        assert exc.problems[0].problem == (
            f"is too long ({len(narrative):,} characters; at most 2,000,000)"
        )
        assert FIFTY_MB_CHUNK not in str(exc)
    assert empty_app.records.get("testimony", uid) == original


def _case_with(
    kind: str, data: dict[str, Any], changes: Callable[[CaseApp], dict[str, Any]]
) -> Callable[[CaseApp], tuple[str, dict[str, Any], dict[str, Any]]]:
    return lambda app: (kind, data_for(app, kind, data), changes(app))


def data_for(app: CaseApp, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    parents: dict[str, Callable[[], dict[str, Any]]] = {
        "testimony": lambda: {"title": "증언"},
        "violation": lambda: {"testimony_uid": new_testimony(app), "category": "torture"},
        "consent": lambda: {"testimony_uid": new_testimony(app)},
        "region": lambda: {"region": "East Asia"},
        "person": dict,
        "state_response_link": lambda: {
            "state_response_uid": new_state_response(app),
            "testimony_uid": new_testimony(app),
        },
    }
    return {**parents[kind](), **data}


UPDATE_REFUSALS = [
    pytest.param(
        _case_with(
            "testimony",
            {"interview_date": "2019-03-14"},
            lambda app: {"interview_date": "2019-13-40"},
        ),
        "interview_date",
        ["month 13"],
        id="month-13",
    ),
    pytest.param(
        _case_with(
            "testimony",
            {"interview_date": "2019-03-14"},
            lambda app: {"interview_date": "2019-02-30"},
        ),
        "interview_date",
        ["day 30"],
        id="february-30",
    ),
    pytest.param(
        _case_with(
            "testimony",
            {},
            lambda app: {"interview_date": "2999-12", "interview_date_precision": "month"},
        ),
        "interview_date",
        ["in the future"],
        id="future",
    ),
    pytest.param(
        # The stored precision is exact; a month alone does not fit it.
        _case_with(
            "testimony", {"interview_date": "2019-03-14"}, lambda app: {"interview_date": "2019-03"}
        ),
        "interview_date_precision",
        ["2019-03 does not have precision exact"],
        id="month-against-stored-exact",
    ),
    pytest.param(
        _case_with("testimony", {}, lambda app: {"title": ""}),
        "title",
        ["is required"],
        id="blank-title",
    ),
    pytest.param(
        _case_with("testimony", {}, lambda app: {"source_uid": MISSING_UID}),
        "source_uid",
        ["no person", MISSING_UID],
        id="source-does-not-exist",
    ),
    pytest.param(
        _case_with(
            "violation",
            {"date_start": "2019-05", "date_end": "2019-08"},
            lambda app: {"date_end": "2019-03"},
        ),
        "date_end",
        ["2019-03 is before 2019-05"],
        id="range-ends-before-stored-start",
    ),
    pytest.param(
        _case_with("violation", {}, lambda app: {"category": "beatings"}),
        "category",
        ["unknown code"],
        id="unknown-category",
    ),
    pytest.param(
        _case_with("violation", {}, lambda app: {"category": None}),
        "category",
        ["is required"],
        id="category-removed",
    ),
    pytest.param(
        _case_with("violation", {}, lambda app: {"testimony_uid": MISSING_UID}),
        "testimony_uid",
        ["no testimony"],
        id="testimony-does-not-exist",
    ),
    pytest.param(
        _case_with("region", {"reported_cases": 10}, lambda app: {"reported_cases": -1}),
        "reported_cases",
        ["must not be negative"],
        id="negative-cases",
    ),
    pytest.param(
        _case_with(
            "consent", {"date_given": "2019-05-01"}, lambda app: {"date_withdrawn": "2019-04"}
        ),
        "date_withdrawn",
        ["2019-04 is before 2019-05-01"],
        id="withdrawn-before-stored-given",
    ),
    pytest.param(
        _case_with(
            "state_response_link",
            {},
            lambda app: {"violation_uid": new_violation(app, new_testimony(app))},
        ),
        "testimony_uid",
        ["link exactly one"],
        id="link-gains-second-target",
    ),
    pytest.param(
        _case_with("state_response_link", {}, lambda app: {"testimony_uid": None}),
        "testimony_uid",
        ["link exactly one"],
        id="link-loses-its-target",
    ),
    pytest.param(
        _case_with("person", {}, lambda app: {"colour": "red"}),
        "colour",
        ["is not a field of a person"],
        id="unknown-field",
    ),
]


@pytest.mark.parametrize(("make", "field_name", "words"), UPDATE_REFUSALS)
def test_a_bad_edit_is_refused_and_the_record_is_unchanged(
    empty_app: CaseApp,
    make: Callable[[CaseApp], tuple[str, dict[str, Any], dict[str, Any]]],
    field_name: str,
    words: list[str],
) -> None:
    kind, data, changes = make(empty_app)
    uid = empty_app.records.create(kind, data)
    original = empty_app.records.get(kind, uid)

    exc = refused(empty_app, lambda: empty_app.records.update(kind, uid, changes))

    assert exc.problems[0].field == field_name
    for word in words:
        assert word in exc.problems[0].problem
    assert empty_app.records.get(kind, uid) == original


def test_an_edit_with_one_bad_field_applies_none_of_the_good_ones(empty_app: CaseApp) -> None:
    uid = new_testimony(empty_app, status="draft")
    original = empty_app.records.get("testimony", uid)

    refused(
        empty_app,
        lambda: empty_app.records.update(
            "testimony", uid, {"title": "새 제목", "status": "reviewed", "reliability": "???"}
        ),
    )

    assert empty_app.records.get("testimony", uid) == original


# -- messages never quote free text ---------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"interview_date": "2019-13-40"},
        {"interview_date": "2019-03", "interview_date_precision": "exact"},
        {"status": "published"},
        {"reliability": "very"},
        {"source_uid": MISSING_UID},
        {"colour": "red"},
        {"language": "korean-and-english"},
    ],
    ids=lambda bad: "+".join(bad),
)
def test_an_error_never_quotes_the_free_text_beside_it(
    empty_app: CaseApp, bad: dict[str, Any]
) -> None:
    text = {
        "title": SECRET,
        "summary": f"{SECRET} 요약",
        "narrative": f"{SECRET}\n서술",
        "interview_place": f"{SECRET} 장소",
        "interviewer": f"{SECRET} 면담자",
    }
    uid = new_testimony(empty_app)

    for write in (
        lambda: empty_app.records.create("testimony", {**text, **bad}),
        lambda: empty_app.records.update("testimony", uid, {**text, **bad}),
    ):
        exc = refused(empty_app, write)
        assert exc.problems[0].field in bad
        assert SECRET not in str(exc)
        assert all(SECRET not in str(problem) for problem in exc.problems)
    assert empty_app.records.get("testimony", uid)["title"] == "회령 증언"


@pytest.mark.parametrize(
    ("kind", "field_name", "limit"),
    [
        ("testimony", "title", 500),
        ("testimony", "interview_place", 500),
        ("identity", "real_name", 500),
        ("person", "pseudonym", 200),
    ],
)
def test_too_long_free_text_is_measured_not_quoted(
    empty_app: CaseApp, kind: str, field_name: str, limit: int
) -> None:
    long_text = SECRET * (limit // len(SECRET) + 1)
    data = {
        "testimony": lambda: {"title": "증언"},
        "identity": lambda: {"person_uid": new_person(empty_app)},
        "person": dict,
    }[kind]()

    exc = refused(
        empty_app, lambda: empty_app.records.create(kind, {**data, field_name: long_text})
    )

    assert exc.problems[0].field == field_name
    assert exc.problems[0].problem == (
        f"is too long ({len(long_text):,} characters; at most {limit:,})"
    )
    assert SECRET not in str(exc)


# -- Korean text ----------------------------------------------------------------------------


@pytest.mark.both_engines
def test_korean_text_round_trips_exactly(empty_app: CaseApp) -> None:
    title = "함경북도 회령 — 증언 ①「가명」"
    narrative = (
        "첫째 문단입니다.\n\n"
        "둘째 문단: \"따옴표\"와 '작은따옴표'.\r\n"
        "탭\t문자, 한자 北韓, 이모지 🕊️, 끝 공백  \n"
    )
    decomposed = unicodedata.normalize("NFD", "한글 가명")
    person = new_person(empty_app, pseudonym="김 A. (가명)")
    other = new_person(empty_app, pseudonym=decomposed)
    testimony = new_testimony(
        empty_app, title=title, narrative=narrative, summary="요약\n두 줄", source_uid=person
    )
    empty_app.close()

    reopened = reopen(empty_app)
    try:
        record = reopened.records.get("testimony", testimony)
        assert record["title"] == title
        assert record["narrative"] == narrative
        assert record["summary"] == "요약\n두 줄"
        assert record["source_uid"] == person
        assert reopened.records.get("person", person)["pseudonym"] == "김 A. (가명)"
        # Stored as typed: decomposed jamo are not silently normalised.
        assert reopened.records.get("person", other)["pseudonym"] == decomposed
    finally:
        reopened.close()


# -- codes ----------------------------------------------------------------------------------


@pytest.mark.both_engines
def test_a_duplicate_testimony_code_is_refused_with_a_clear_message(empty_app: CaseApp) -> None:
    first = new_testimony(empty_app, code="HR-2019-001")

    exc = refused(empty_app, lambda: new_testimony(empty_app, code="HR-2019-001"))

    assert exc.problems[0].field == "code"
    assert str(exc) == "code: HR-2019-001 is already used by another testimony"
    assert empty_app.records.get("testimony", first)["code"] == "HR-2019-001"


def test_the_code_of_a_deleted_testimony_stays_taken(empty_app: CaseApp) -> None:
    first = new_testimony(empty_app, code="HR-2019-001")
    empty_app.records.delete("testimony", first)

    exc = refused(empty_app, lambda: new_testimony(empty_app, code="HR-2019-001"))

    assert exc.problems[0].field == "code"
    empty_app.records.restore("testimony", first)
    assert empty_app.records.get("testimony", first)["code"] == "HR-2019-001"


def test_an_edit_may_not_take_another_testimonys_code(empty_app: CaseApp) -> None:
    new_testimony(empty_app, code="HR-2019-001")
    second = new_testimony(empty_app, code="HR-2019-002")
    original = empty_app.records.get("testimony", second)

    exc = refused(
        empty_app, lambda: empty_app.records.update("testimony", second, {"code": "HR-2019-001"})
    )

    assert str(exc) == "code: HR-2019-001 is already used by another testimony"
    assert empty_app.records.get("testimony", second) == original


def test_an_edit_may_keep_its_own_code(empty_app: CaseApp) -> None:
    uid = new_testimony(empty_app, code="HR-2019-001")

    empty_app.records.update("testimony", uid, {"code": "HR-2019-001", "title": "새 제목"})

    record = empty_app.records.get("testimony", uid)
    assert (record["code"], record["title"]) == ("HR-2019-001", "새 제목")


@pytest.mark.both_engines
def test_a_duplicate_person_code_is_refused(empty_app: CaseApp) -> None:
    new_person(empty_app, code="P-SEOUL-01")

    exc = refused(empty_app, lambda: new_person(empty_app, code="P-SEOUL-01"))

    assert str(exc) == "code: P-SEOUL-01 is already used by another person"


@pytest.mark.both_engines
@pytest.mark.parametrize(("kind", "prefix"), [("testimony", "T"), ("person", "P")])
@pytest.mark.parametrize(
    "given", [{}, {"code": ""}, {"code": None}], ids=["absent", "empty", "none"]
)
def test_a_code_is_generated_when_none_is_given(
    empty_app: CaseApp, kind: str, prefix: str, given: dict[str, Any]
) -> None:
    base = {"testimony": {"title": "증언"}, "person": {}}[kind]
    uids = [empty_app.records.create(kind, {**base, **given}) for _ in range(3)]

    codes = [empty_app.records.get(kind, uid)["code"] for uid in uids]

    for code in codes:
        assert re.fullmatch(rf"{prefix}-[0-9A-F]{{8}}", code), code
    assert len(set(codes)) == 3


# -- date precision -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "precision"), [("2019", "year"), ("2019-03", "month"), ("2019-03-14", "exact")]
)
def test_interview_date_precision_follows_the_form_typed(
    empty_app: CaseApp, date: str, precision: str
) -> None:
    uid = new_testimony(empty_app, interview_date=date)

    record = empty_app.records.get("testimony", uid)

    assert (record["interview_date"], record["interview_date_precision"]) == (date, precision)


@pytest.mark.parametrize(
    ("dates", "precision"),
    [
        ({"date_start": "2019"}, "year"),
        ({"date_start": "2019-03"}, "month"),
        ({"date_start": "2019-03-14"}, "exact"),
        ({"date_start": "2019-03", "date_end": "2019-08"}, "range"),
        ({"date_start": "2019", "date_end": "2019-03-14"}, "range"),
        ({"date_start": "2019", "date_precision": ""}, "year"),
        ({"date_start": "2019", "date_precision": "estimate"}, "estimate"),
        ({}, "unknown"),
    ],
)
def test_violation_date_precision_is_inferred_when_omitted(
    empty_app: CaseApp, dates: dict[str, str], precision: str
) -> None:
    uid = new_violation(empty_app, new_testimony(empty_app), **dates)

    assert empty_app.records.get("violation", uid)["date_precision"] == precision


def test_an_end_date_alone_is_refused(empty_app: CaseApp) -> None:
    testimony = new_testimony(empty_app)

    exc = refused(empty_app, lambda: new_violation(empty_app, testimony, date_end="2019-08"))

    assert exc.problems[0].field == "date_precision"
    assert "precision says unknown" in exc.problems[0].problem


def test_changing_date_and_precision_together_is_accepted(empty_app: CaseApp) -> None:
    uid = new_testimony(empty_app, interview_date="2019-03-14")

    empty_app.records.update(
        "testimony", uid, {"interview_date": "2019-03", "interview_date_precision": "month"}
    )

    record = empty_app.records.get("testimony", uid)
    assert (record["interview_date"], record["interview_date_precision"]) == ("2019-03", "month")


# -- defects found while writing these tests, since fixed ------------------------------------


@pytest.mark.both_engines
def test_a_second_identity_for_a_person_is_refused_without_quoting_it(
    empty_app: CaseApp,
) -> None:
    person = new_person(empty_app)
    empty_app.records.create("identity", {"person_uid": person, "real_name": "홍길동"})

    exc = refused(
        empty_app,
        lambda: empty_app.records.create(
            "identity",
            {"person_uid": person, "real_name": "김철수-SECRET", "contacts": "010-1234-5678"},
        ),
    )

    assert exc.problems[0].field == "person_uid"
    assert "김철수-SECRET" not in str(exc)
    assert "010-1234-5678" not in str(exc)


@pytest.mark.both_engines
def test_a_second_consent_for_a_testimony_is_refused_clearly(empty_app: CaseApp) -> None:
    testimony = new_testimony(empty_app)
    new_consent(empty_app, testimony)

    exc = refused(empty_app, lambda: new_consent(empty_app, testimony, recorded_by="면담자 SECRET"))

    assert exc.problems[0].field == "testimony_uid"
    assert "SECRET" not in str(exc)


def test_a_new_consent_after_deleting_the_old_one_gets_a_clear_answer(
    empty_app: CaseApp,
) -> None:
    testimony = new_testimony(empty_app)
    old = new_consent(empty_app, testimony)
    empty_app.records.delete("consent", old)
    before = empty_app.stats()

    try:
        uid = new_consent(empty_app, testimony, un=True)
    except ValidationError as exc:
        assert exc.problems[0].field == "testimony_uid"
        assert empty_app.stats() == before
    else:
        assert empty_app.records.get("consent", uid)["un"] is True


@pytest.mark.parametrize("kind", ["testimony", "person"])
def test_an_edit_cannot_blank_a_code(empty_app: CaseApp, kind: str) -> None:
    uid = empty_app.records.create(kind, {"testimony": {"title": "증언"}, "person": {}}[kind])

    with contextlib.suppress(ValidationError):
        empty_app.records.update(kind, uid, {"code": ""})

    assert empty_app.records.get(kind, uid)["code"]


def test_a_date_with_a_trailing_newline_is_refused(empty_app: CaseApp) -> None:
    exc = refused(empty_app, lambda: new_testimony(empty_app, interview_date="2019-03-14\n"))

    assert exc.problems[0].field == "interview_date"


def test_adding_a_date_later_infers_its_precision(empty_app: CaseApp) -> None:
    uid = new_testimony(empty_app)

    empty_app.records.update("testimony", uid, {"interview_date": "2019-03"})

    record = empty_app.records.get("testimony", uid)
    assert (record["interview_date"], record["interview_date_precision"]) == ("2019-03", "month")


def test_a_violation_cannot_be_restored_while_its_testimony_is_deleted(
    empty_app: CaseApp,
) -> None:
    testimony = new_testimony(empty_app)
    violation = new_violation(empty_app, testimony)
    empty_app.records.delete("violation", violation)
    empty_app.records.delete("testimony", testimony)

    exc = refused(empty_app, lambda: empty_app.records.restore("violation", violation))

    assert exc.problems[0].field == "testimony_uid"
    assert "restore that first" in exc.problems[0].problem
    empty_app.records.restore("testimony", testimony)
    empty_app.records.restore("violation", violation)
    assert empty_app.records.get("violation", violation)["deleted_at"] is None


def test_deleting_a_violation_hides_the_statements_linked_to_it(empty_app: CaseApp) -> None:
    violation = new_violation(empty_app, new_testimony(empty_app))
    response = new_state_response(empty_app)
    link = empty_app.records.create(
        "state_response_link", {"state_response_uid": response, "violation_uid": violation}
    )
    empty_app.records.delete("violation", violation)
    assert empty_app.records.get("state_response_link", link, include_deleted=True)["deleted_at"]
    empty_app.records.restore("violation", violation)
    assert empty_app.records.get("state_response_link", link)["deleted_at"] is None


def test_an_impossible_date_is_the_only_complaint_about_it(empty_app: CaseApp) -> None:
    exc = refused(
        empty_app,
        lambda: new_testimony(
            empty_app, interview_date="2019-13-40", interview_date_precision="exact"
        ),
    )
    assert [(p.field, p.problem) for p in exc.problems] == [
        ("interview_date", "2019-13-40 is not a real date (month 13)")
    ]
