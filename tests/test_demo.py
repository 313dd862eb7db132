"""The demo dataset carries domain.md's seed tables and is consistent with them."""

from collections import Counter

import pytest
from sqlalchemy import select

from caseapp.models import (
    AdvocacyDemand,
    Consent,
    RegionProtection,
    StateResponse,
    Testimony,
    Violation,
)

pytestmark = pytest.mark.both_engines


def rows(app, *columns):
    with app.store.session() as session:
        return session.execute(select(*columns)).all()


def test_testimonies_in_korean_and_english(demo_app) -> None:
    languages = Counter(lang for (lang,) in rows(demo_app, Testimony.language))
    assert sum(languages.values()) >= 12
    assert languages["ko"] >= 6 and languages["en"] >= 6
    titles = [t for (t,) in rows(demo_app, Testimony.title)]
    assert any("회령" in t or "탈북" in t for t in titles)


def test_seed_violation_table_is_reproduced(demo_app) -> None:
    by_category = Counter(c for (c,) in rows(demo_app, Violation.category))
    top3 = {c for c, _ in by_category.most_common(3)}
    assert top3 == {"forced_labour", "political_repression", "freedom_of_expression"}
    status = {
        category: Counter(
            s
            for c, s in rows(demo_app, Violation.category, Violation.un_response_status)
            if c == category
        ).most_common(1)[0][0]
        for category in top3
    }
    assert status == {
        "forced_labour": "investigation_ongoing",
        "political_repression": "sanctions_enforced",
        "freedom_of_expression": "public_call",
    }
    impacts = {
        i
        for c, i in rows(demo_app, Violation.category, Violation.reported_impact)
        if c == "forced_labour"
    }
    assert "Thousands in camps" in impacts


def test_seed_regions_state_responses_and_demands(demo_app) -> None:
    regions = {
        r: (cases, minimum, status)
        for r, cases, minimum, status in rows(
            demo_app,
            RegionProtection.region,
            RegionProtection.reported_cases,
            RegionProtection.reported_cases_is_minimum,
            RegionProtection.protection_status,
        )
    }
    assert regions["East Asia"] == (3200, True, "partial_legal_recognition")
    assert regions["South-East Asia"] == (1500, True, "limited_asylum_access")
    assert regions["Europe"] == (800, True, "comprehensive_resettlement")
    aspects = {a: p for a, p in rows(demo_app, StateResponse.aspect, StateResponse.position)}
    assert aspects["Defector Testimonies"] == "Deceptive political provocations"
    assert aspects["State Response"] == "Fortified defenses & propaganda"
    assert len(rows(demo_app, AdvocacyDemand.title)) == 4


def test_consent_varies_as_in_the_field(demo_app) -> None:
    consents = rows(demo_app, Consent.internal, Consent.un, Consent.public, Consent.date_withdrawn)
    assert any(withdrawn for *_, withdrawn in consents)
    assert any(internal and not un for internal, un, _p, _w in consents)
    assert any(public for _i, _u, public, _w in consents)


def test_demo_passes_verify_and_every_record_is_audited(demo_app) -> None:
    counts = demo_app.stats()
    audited = sum(v for k, v in counts.items() if k not in {"audit_event", "vocabulary_term"})
    # One event more: the archive's first user, added as it was made.
    assert counts["audit_event"] == audited + 1
    assert demo_app.verify() == []
