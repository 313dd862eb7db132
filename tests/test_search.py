"""Search finds exactly what it should, in Korean and English, and stays right as records
change."""

from pathlib import Path

import pytest

from caseapp.app import CaseApp, open_case_app
from caseapp.services.bulk import BulkWriter
from caseapp.services.record_kinds import KINDS
from caseapp.services.search import HIT_END, HIT_START, SearchFilter, SearchService
from caseapp.services.search_query import QueryProblem, parse
from caseapp.store import StoreLocation
from caseapp.store.engines.sqlite import fts_expression

from .data.make_rev0001 import PASSPHRASE as REV0001_PASSPHRASE
from .test_migrations import copy_fixture

pytestmark = pytest.mark.both_engines

RECORDS = {
    "K1": ("회령에서 구금된 이야기", "1997년 회령시 보안서에서 고문을 당했습니다.", "ko", "1997"),
    "K2": ("탈북 과정", "두만강을 건너 탈북했습니다. 회령 근처였습니다.", "ko", "2019-03"),
    "K3": ("혜산 장마당", "장마당에서 단속을 당했습니다.", "ko", "2015-05-02"),
    "E1": (
        "Detained at the border",
        "I was detained by border guards near Hoeryong.",
        "en",
        "2018",
    ),
    "E2": ("Forced labour camp", "We were held at the labour camp for two years.", "en", "2020-06"),
    "E3": ("Detention in China", "The police held me at the detention centre.", "en", "2021"),
}


@pytest.fixture
def searchable(empty_app: CaseApp) -> tuple[CaseApp, dict[str, str]]:
    uids = {}
    for key, (title, narrative, language, date) in RECORDS.items():
        uids[key] = empty_app.records.create(
            "testimony",
            {
                "code": key,
                "title": title,
                "narrative": narrative,
                "language": language,
                "interview_date": date,
            },
        )
    empty_app.records.create(
        "violation",
        {
            "testimony_uid": uids["E2"],
            "category": "forced_labour",
            "place": "Chongori",
            "perpetrator": "mss",
            "reported_impact": "Thousands in camps",
            "date_start": "1997",
            "date_end": "1998",
            "date_precision": "range",
        },
    )
    empty_app.records.create(
        "violation",
        {
            "testimony_uid": uids["K1"],
            "category": "torture",
            "province": "north_hamgyong",
            "reported_impact": "장기 후유증",
            "date_start": "1997",
        },
    )
    return empty_app, uids


def found(app: CaseApp, query: str, flt: SearchFilter | None = None, kind: str = "testimony"):
    hits = SearchService(app.store).search(query, flt, limit=100)
    return {h.code for h in hits if h.kind == kind}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("회령", {"K1", "K2"}),  # two syllables, inside 회령에서 and 회령시
        ("회령시", {"K1"}),
        ("고문", {"K1"}),
        ("탈북", {"K2"}),
        ("장마당에서", {"K3"}),
        ("detained", {"E1"}),
        ("DETAINED", {"E1"}),
        ("detain*", {"E1"}),
        ("detention", {"E3"}),
        ('"labour camp"', {"E2"}),
        ('"camp labour"', set()),
        ("held AND police", {"E3"}),
        ("held OR guards", {"E1", "E2", "E3"}),
        ("held NOT police", {"E2"}),
        ("Hoeryong OR 회령", {"E1", "K1", "K2"}),
        ("(detained OR detention) China", {"E3"}),
    ],
)
def test_each_kind_of_query_finds_exactly_its_records(searchable, query, expected) -> None:
    app, _ = searchable
    assert found(app, query) == expected


def test_violations_are_found_by_impact_place_and_labels(searchable) -> None:
    app, _ = searchable
    assert found(app, "Chongori", kind="violation") == {"E2"}
    assert found(app, "Thousands", kind="violation") == {"E2"}
    assert found(app, "State Security", kind="violation") == {"E2"}  # perpetrator label
    assert found(app, "고문", kind="violation") == {"K1"}  # category label in Korean
    assert found(app, "후유증", kind="violation") == {"K1"}


def test_filters_combine_with_text(searchable) -> None:
    app, _ = searchable
    assert found(app, "회령", SearchFilter(language="ko")) == {"K1", "K2"}
    assert found(app, "회령 OR Hoeryong", SearchFilter(language="en")) == {"E1"}
    # A record known only to the year 1997 matches a range that touches 1997.
    assert found(app, "회령", SearchFilter(date_from="1997-06", date_to="1997-07")) == {"K1"}
    assert found(app, "회령", SearchFilter(date_from="2019-03-10")) == {"K2"}
    assert found(app, "회령", SearchFilter(category="detention")) == {"K1"}  # parent category
    assert found(app, "회령", SearchFilter(province="north_korea")) == {"K1"}
    in_1998 = SearchFilter(date_from="1998", date_to="1998")
    assert found(app, "camp*", in_1998, "violation") == {"E2"}  # range 1997-1998
    assert found(app, "camp*", SearchFilter(date_from="1999"), "violation") == set()
    assert found(app, "회령", SearchFilter(consent="none")) == {"K1", "K2"}
    assert found(app, "회령", SearchFilter(consent="un")) == set()


def test_results_are_ranked_with_marked_snippets(searchable) -> None:
    app, _ = searchable
    hits = SearchService(app.store).search("회령")
    assert hits and all(HIT_START in h.snippet and HIT_END in h.snippet for h in hits)
    first = hits[0].snippet
    assert f"{HIT_START}회령" in first


@pytest.mark.parametrize("word", ["회령", "회령에서", "detain*", "camp", "labour", "고문"])
def test_a_one_word_search_ranks_as_the_same_word_in_a_larger_query(searchable, word) -> None:
    """On PostgreSQL a one-word search adds up stored word ranks (migration 0017) instead
    of ranking every match; in parentheses the same word takes the general path. Both give
    the same records in the same order with the same ranks."""
    app, uids = searchable
    app.records.update("testimony", uids["K2"], {"summary": "회령 회령시 회령에서"})
    searcher = SearchService(app.store)
    for flt in (SearchFilter(), SearchFilter(language="ko"), SearchFilter(consent="none")):
        alone = searcher.search(word, flt, limit=20)
        grouped = searcher.search(f"({word})", flt, limit=20)
        assert [(h.kind, h.uid) for h in alone] == [(h.kind, h.uid) for h in grouped]
        assert [h.rank for h in alone] == pytest.approx([h.rank for h in grouped], rel=1e-5)
        assert [h.snippet for h in alone] == [h.snippet for h in grouped]


def test_words_found_through_accent_folding_are_marked(empty_app: CaseApp) -> None:
    empty_app.records.create(
        "testimony",
        {"code": "A1", "title": "Café crème", "narrative": "Held in Pyŏngyang.", "language": "en"},
    )
    for query, marked in (("cafe", "Café"), ("Pyongyang", "Pyŏngyang"), ("CRÈME", "crème")):
        (hit,) = SearchService(empty_app.store).search(query)
        assert f"{HIT_START}{marked}{HIT_END}" in hit.snippet, (query, hit.snippet)


def test_the_index_follows_edits_deletes_and_restores(searchable) -> None:
    app, uids = searchable
    app.records.update("testimony", uids["K3"], {"narrative": "회령에서 온 상인을 만났습니다."})
    assert found(app, "회령") == {"K1", "K2", "K3"}
    assert found(app, "단속") == set()
    app.records.delete("testimony", uids["K1"])
    assert found(app, "회령") == {"K2", "K3"}
    assert found(app, "고문", kind="violation") == set()  # its violation went with it
    app.records.restore("testimony", uids["K1"])
    assert found(app, "회령") == {"K1", "K2", "K3"}


def test_bulk_inserts_are_indexed(empty_app: CaseApp) -> None:
    with empty_app.store.session() as session:
        writer = BulkWriter(session, empty_app.validator, empty_app.audit)
        writer.insert(
            KINDS["testimony"],
            [{"title": f"묶음 {i}", "narrative": "온성에서 체포되었습니다."} for i in range(50)],
        )
    assert len(SearchService(empty_app.store).search("온성", limit=100)) == 50


def test_a_migrated_database_is_searchable(tmp_path: Path) -> None:
    app = open_case_app(StoreLocation(path=copy_fixture(tmp_path)), REV0001_PASSPHRASE, "tester")
    try:
        assert found(app, "회령") == {"T-FIXTURE1"}
        assert found(app, "회령", kind="violation") == {"T-FIXTURE1"}
        # The triggers still feed the indexes the migrations rebuilt (0007 recreates both).
        uid = app.records.create(
            "testimony", {"code": "T-NEW", "title": "새 증언", "narrative": "무산에서 왔습니다."}
        )
        app.records.create(
            "violation", {"testimony_uid": uid, "category": "torture", "place": "무산군"}
        )
        assert found(app, "무산") == {"T-NEW"}
        assert found(app, "무산", kind="violation") == {"T-NEW"}
        app.records.delete("testimony", uid)
        assert found(app, "무산") == set()
        assert found(app, "무산", kind="violation") == set()
    finally:
        app.close()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unbalanced', "quotation mark is not closed"),
        ("AND", "needs a search term before it"),
        ("torture OR", "needs a search term after it"),
        ("NOT NOT x", "needs a search term before it"),
        ("!!! ??? ...", "no words to search for"),
        ("", "the query is empty"),
        ("(a OR b", "parenthesis is not closed"),
        ("a)", "closing parenthesis"),
        ("x" * 600, "too long"),
    ],
)
def test_malformed_queries_get_a_clear_message(searchable, query, message) -> None:
    app, _ = searchable
    with pytest.raises(QueryProblem, match=message) as info:
        SearchService(app.store).search(query)
    if len(query) > 3:
        assert query not in str(info.value)  # queries are never repeated back


def test_nothing_typed_reaches_fts_unquoted(searchable) -> None:
    app, _ = searchable
    assert fts_expression(parse('near(a b) OR "x" col:val -y ^z').nodes).count('"') % 2 == 0
    for nasty in (
        "col:val",
        "a:b*",
        "{title}: x",
        "NEAR(a b)",
        "^start",
        "x + y",
        "narrative:회령",
    ):
        SearchService(app.store).search(nasty)  # every word is quoted: no FTS5 syntax error


def test_the_command_line_search(demo_app, tmp_path: Path) -> None:
    import json

    from .cli_runner import environment, run_cli
    from .conftest import PASSPHRASE, db_argument

    db_path = db_argument(demo_app)
    demo_app.close()
    env = environment(tmp_path / "cli", PASSPHRASE)
    run = run_cli("--db", db_path, "search", "회령", "--json", "--limit", "5", env=env)
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    assert len(rows) == 5
    assert {"uid", "kind", "code", "title", "snippet"} <= set(rows[0])
    assert any("[회령" in row["snippet"] for row in rows)
    bad = run_cli("--db", db_path, "search", '"open', env=env)
    assert bad.returncode == 1
    assert bad.stderr.count("\n") == 1 and "quotation mark" in bad.stderr


def test_csv_imports_are_indexed(demo_app, tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    demo_app.export_csv("testimonies", out, "internal")
    fresh = open_case_app(
        StoreLocation(path=tmp_path / "fresh.db"), "fresh passphrase", "t", create=True
    )
    try:
        assert found(fresh, "회령") == set()
        fresh.import_csv("testimonies", out)
        assert found(fresh, "회령") == found(demo_app, "회령")
        assert len(found(fresh, "회령")) >= 4
    finally:
        fresh.close()
