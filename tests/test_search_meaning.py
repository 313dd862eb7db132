"""Search finds what a caseworker means (issue 16): Korean read as Korean, English stems and
spellings, hanja, operators typed in lower case, exact matches first, marked passages and
"did you mean", through the service, the command line and the Search tab, on both engines.
The texts are real sentences (the Constitution of the Republic of Korea, the UDHR, the
ICCPR) and the kind of sentences testimonies hold."""

from __future__ import annotations

import pytest

from caseapp.app import CaseApp
from caseapp.services.search import HIT_END, HIT_START

from .cli_runner import environment, run_cli
from .conftest import PASSPHRASE, db_argument, reopen

pytestmark = pytest.mark.both_engines

RECORDS = {
    "C1": (
        "헌법재판소의 구성",
        "헌법재판소는 법관의 자격을 가진 9인의 재판관으로 구성하며, 재판관은 대통령이 임명한다.",
    ),
    "C2": ("대통령령", "법률에서 구체적으로 범위를 정하여 위임받은 사항은 대통령령으로 정한다."),
    "C3": ("공무원의 지위", "公務員은 國民全體에 대한 奉仕者이며, 국민에 대하여 책임을 진다."),
    "T1": ("회령에서의 구금", "1997년 회령시 보안서에 구금되었다가 노동단련대로 보내졌다."),
    "T2": ("국경 근처", "회령으로 가는 길에 보위부에서는 검문을 했다."),
    "E1": ("Compulsory work", "No one shall be required to perform forced or compulsory labour."),
    "E2": ("Prisons", "All prisoners were held in two camps near Hoeryŏng."),
    "E3": ("A camp", "She was held at a camp for a year, under a licence from the police."),
}


@pytest.fixture
def archive(empty_app: CaseApp) -> CaseApp:
    for code, (title, narrative) in RECORDS.items():
        empty_app.records.create(
            "testimony",
            {
                "code": code,
                "title": title,
                "narrative": narrative,
                "language": "en" if code[0] == "E" else "ko",
            },
        )
    return empty_app


def codes(app: CaseApp, query: str) -> list[str]:
    return [hit.code for hit in app.searcher().search(query, limit=50)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("회령으로", {"T1", "T2"}),  # the particle is not searched
        ("보위부에서는", {"T2"}),
        ("재판소", {"C1"}),  # a part of 헌법재판소
        ("헌법재판소에서", {"C1"}),
        ("대통령", {"C1"}),  # not 대통령령, a decree
        ("대통령령", {"C2"}),
        ("단련대", {"T1"}),  # inside 노동단련대로
        ("공무원", {"C3"}),  # written in hanja
        ("公務員", {"C3"}),
        ("國民", {"C3"}),
        ("camps", {"E2", "E3"}),
        ("camp", {"E2", "E3"}),
        ("prisoner", {"E2"}),
        ("labor", {"E1"}),
        ('"forced labor"', set()),  # "forced or compulsory labour": not side by side
        ('"compulsory labor"', {"E1"}),
        ("license", {"E3"}),
        ("Hoeryong", {"E2"}),
        ("Hoiryong", {"E2"}),  # an older romanisation, from the spelling table
    ],
)
def test_a_word_finds_what_it_means(archive: CaseApp, query: str, expected: set[str]) -> None:
    assert set(codes(archive, query)) == expected


def test_an_exact_match_ranks_above_a_stem_match(archive: CaseApp) -> None:
    assert codes(archive, "camps")[0] == "E2"  # holds "camps" as typed
    assert codes(archive, "camp")[0] == "E3"


@pytest.mark.parametrize(
    ("lower", "upper"),
    [
        ("held or labour", "held OR labour"),
        ("held and camps", "held AND camps"),
        ("held not prisoners", "held NOT prisoners"),
    ],
)
def test_operators_typed_in_lower_case_between_words(archive, lower: str, upper: str) -> None:
    assert codes(archive, lower) == codes(archive, upper)
    assert codes(archive, lower)


def test_a_lone_or_is_a_word(archive: CaseApp) -> None:
    assert codes(archive, "or") == ["E1"]  # "forced or compulsory"
    assert codes(archive, '"forced or compulsory"') == ["E1"]


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("회령으로", "회령시"),
        ("labor", "labour"),
        ("prisoner", "prisoners"),
        ("公務員", "公務員은"),
        ("공무원", "公務員은"),
    ],
)
def test_the_passage_marks_what_matched(archive: CaseApp, query: str, marked: str) -> None:
    hits = archive.searcher().search(query)
    assert any(f"{HIT_START}{marked}{HIT_END}" in hit.snippet for hit in hits), [
        h.snippet for h in hits
    ]


def test_did_you_mean_offers_a_word_of_the_archive_that_finds_something(archive) -> None:
    searcher = archive.searcher()
    assert searcher.search("prisners") == []
    assert searcher.suggest("prisners") == "prisoners"
    assert searcher.suggest("prisners camps") == "prisoners camps"
    assert searcher.suggest("보위부에사는") == "보위부에서는"
    assert searcher.suggest("camps") is None  # found: nothing to suggest
    assert searcher.suggest("xylophone") is None  # nothing near enough


def test_the_command_line_says_did_you_mean(archive: CaseApp, tmp_path) -> None:
    result = run_cli(
        "--db", db_argument(archive), "search", "prisners", env=environment(tmp_path, PASSPHRASE)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "did you mean: prisoners" in result.stderr


def test_a_record_written_past_caseapp_is_analysed_at_the_next_opening(archive: CaseApp) -> None:
    """On a server another client may write a record (psql, a script): its words are indexed
    as written by the server's triggers, and its analysed terms are added when caseapp next
    opens the archive. On SQLite the triggers analyse it at once."""
    from sqlalchemy import text

    uid = archive.records.create("testimony", {"code": "X1", "title": "x", "narrative": "x"})
    with archive.store.engine.begin() as conn:
        conn.execute(
            text("UPDATE testimony SET narrative = :n WHERE uid = :u"),
            {"n": "그는 집결소로 끌려갔다.", "u": uid},
        )
    server = archive.store.location.url is not None
    assert ("X1" in codes(archive, "집결소")) is not server  # 집결소로 as written: no match
    archive.close()
    again = reopen(archive)
    try:
        assert "X1" in codes(again, "집결소")
    finally:
        again.close()


def test_a_violations_passage_is_its_own_place_dates_and_impact(archive: CaseApp) -> None:
    """Found by its category, each violation shows what sets it apart, not the category's
    label that every violation of that category shares."""
    testimony = archive.records.create("testimony", {"code": "V0", "title": "v"})
    for place, impact in (
        ("온성 집결소", "두 달 동안 구금"),
        ("Musan", "Beaten during questioning"),
    ):
        archive.records.create(
            "violation",
            {
                "testimony_uid": testimony,
                "category": "torture",
                "place": place,
                "reported_impact": impact,
                "date_start": "2011-03",
                "date_end": "2011-05",
                "date_precision": "range",
            },
        )
    hits = [h for h in archive.searcher().search("torture") if h.kind == "violation"]
    passages = sorted(h.snippet for h in hits)
    assert passages == [
        "Musan · 2011-03–2011-05 · Beaten during questioning",
        "온성 집결소 · 2011-03–2011-05 · 두 달 동안 구금",
    ]
    (by_place,) = [h for h in archive.searcher().search("집결소로") if h.kind == "violation"]
    assert by_place.snippet.startswith(f"온성 {HIT_START}집결소{HIT_END} · ")
