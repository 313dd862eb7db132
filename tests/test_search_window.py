"""A filtered search ranks the best matches first and joins only those to their rows (the
window, caseapp/store/engines/sqlite.py); what it finds must be exactly what ranking every
match and then filtering finds, whether the window holds enough or the search falls back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from caseapp.app import CaseApp
from caseapp.services.search import SearchFilter
from caseapp.store.engines import sqlite as sqlite_engine

pytestmark = pytest.mark.both_engines

N = 36


def _attributes(i: int) -> dict[str, str]:
    return {
        "language": "en" if i % 3 == 0 else "ko",
        "category": "torture" if i % 4 == 0 else "forced_labour",
        "interview_date": f"{2000 + i % 12}-0{1 + i % 9}",
    }


@pytest.fixture
def archive(empty_app: CaseApp) -> tuple[CaseApp, dict[str, dict[str, str]]]:
    """N testimonies naming 회령 a different number of times among other words (so each has
    its own rank), each with a violation whose impact names it too; one deleted."""
    app = empty_app
    attributes = {}
    filler = ["강을", "건넜습니다", "밤에", "국경", "경비대", "river", "night", "guards"]
    for i in range(N):
        code = f"W{i:02d}"
        attributes[code] = _attributes(i)
        words = ["회령에서"] * (1 + i % 7) + [filler[(i + k) % len(filler)] for k in range(i)]
        uid = app.records.create(
            "testimony",
            {
                "code": code,
                "title": f"증언 {i}",
                "narrative": " ".join(words),
                "language": attributes[code]["language"],
                "interview_date": attributes[code]["interview_date"],
            },
        )
        app.records.create(
            "violation",
            {
                "testimony_uid": uid,
                "category": attributes[code]["category"],
                "reported_impact": " ".join(["회령"] * (1 + i % 5) + ["구금"] * (i % 11)),
                "date_start": attributes[code]["interview_date"],
            },
        )
        if i == 7:
            app.records.delete("testimony", uid)
            del attributes[code]
    return app, attributes


def _passes(attrs: dict[str, str], flt: SearchFilter) -> bool:
    if flt.language and attrs["language"] != flt.language:
        return False
    if flt.category and attrs["category"] != flt.category:
        return False
    year = int(attrs["interview_date"][:4])
    if flt.date_from and year < int(flt.date_from):
        return False
    return not (flt.date_to and year > int(flt.date_to))


FILTERS = [
    SearchFilter(language="ko"),  # two thirds pass
    SearchFilter(category="torture"),  # a quarter
    SearchFilter(language="en", category="torture"),  # a twelfth: falls back
    SearchFilter(date_from="2003", date_to="2004"),
    SearchFilter(date_from="2011", date_to="2011", language="en"),
]


@pytest.mark.parametrize("listed", [False, True], ids=["ranked", "listed"])
@pytest.mark.parametrize("window", [1, 4, 10_000])
@pytest.mark.parametrize("limit", [1, 3, 8, 50])
def test_a_filtered_search_finds_the_best_that_pass_the_filters(
    archive, monkeypatch, window: int, limit: int, listed: bool
) -> None:
    """The same whether the hits are ranked by FTS5 or read from best-first lists
    (caseapp/store/rank_lists.py), which only SQLite keeps."""
    app, attributes = archive
    if listed:
        if app.store.engine.dialect.name != "sqlite":
            pytest.skip("the server keeps word ranks, not best-first lists")
        assert app.search.keep_lists("회령", minimum=1) == 2  # the phrase, in each kind
        # Pages of two: the filters are met page by page, and the reading stops early.
        monkeypatch.setattr(sqlite_engine, "FILTERED_PAGE", 2)
        monkeypatch.setattr(sqlite_engine, "FILTERED_PAGE_PER_HIT", 1)
    monkeypatch.setattr(sqlite_engine, "SEARCH_WINDOW", window)
    monkeypatch.setattr(sqlite_engine, "SEARCH_WINDOW_PER_HIT", 1)
    for kind in ("testimony", "violation"):
        everything = app.search.search("회령", SearchFilter(kinds=(kind,)), limit=1000)
        assert len(everything) == N - 1  # each live testimony (and violation) once
        ranks = [hit.rank for hit in everything]
        assert len(set(ranks)) >= 5  # ranks differ: the order checked below is not luck
        for flt in FILTERS:
            flt = replace(flt, kinds=(kind,))
            expected = [h for h in everything if _passes(attributes[h.code], flt)][:limit]
            got = app.search.search("회령", flt, limit=limit)
            assert [h.rank for h in got] == pytest.approx([h.rank for h in expected])
            # equal ranks may come in either order; the records found are the same
            assert {h.code for h in got if h.rank != got[-1].rank} <= {h.code for h in expected}
            assert len(got) == len(expected)
