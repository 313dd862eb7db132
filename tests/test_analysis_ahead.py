"""A large import's or bundle's texts analysed for the search index by a second process
(caseapp/store/analysis_ahead.py): the index it writes is the one written without it, what
the helper sent back is what the triggers use, and whatever has not come back (or failed)
is analysed here. Real helper processes, real encrypted archives, real text."""

from __future__ import annotations

import contextlib
import csv
import multiprocessing.context
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path

import pytest
from sqlalchemy import text

from caseapp.app import CaseApp, open_case_app
from caseapp.services import csv_import
from caseapp.store import StoreLocation
from caseapp.store.analysis_ahead import AnalysisAhead, Expected, analysed_ahead
from caseapp.store.hardening import is_dumpable
from caseapp.store.text_analysis import shared_analyzer

from .conftest import PASSPHRASE
from .test_import_by_hand import write_table

# Written for these tests: how caseworkers write, in both languages, with particles,
# compounds, hanja, apostrophes and stems (not the demo archive's or the generator's text).
SENTENCES = (
    "2011년 겨울 어머니와 함께 두만강을 건너 연길의 친척 집에 숨어 지냈습니다.",
    "보위부 지도원은 중국에서 누구를 만났는지 사흘 동안 밤마다 물었습니다.",
    "노동단련대에서는 새벽 다섯 시부터 벽돌을 날랐고 배급은 옥수수 죽뿐이었습니다.",
    "헌법재판소 결정문을 읽어 본 적은 없지만 公民의 권리라는 말은 들었습니다.",
    "She was held at the Onsong detention centre for forty days before her transfer.",
    "Guards beat the prisoners who could not finish the quota of logs in the forest camp.",
    "He said the broker's fee was paid by an aunt in Seoul, in three instalments.",
    "We hid in a farmhouse near Tumen; the police searched it twice that spring.",
    "회령시 장마당에서 장사를 하다가 단속되어 재판 없이 교화소로 보내졌습니다.",
    "The interrogators at the Hyesan ministry office asked about church meetings.",
)


def narrative(n: int) -> str:
    """A testimony's text: a few of the sentences, different for each n."""
    return " ".join(SENTENCES[(n * k + k) % len(SENTENCES)] for k in range(1, 5)) + f" ({n})"


def read_table(path: Path) -> list[tuple[int, list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(enumerate(csv.reader(handle)))[1:]


def write_testimonies(path: Path, rows: int) -> Path:
    return write_table(
        path,
        ["code", "title", "summary", "narrative"],
        [
            [
                f"AHEAD-{n:03d}",
                f"증언 {n}: {SENTENCES[n % 10][:18]}",
                SENTENCES[n % 7],
                narrative(n),
            ]
            for n in range(rows)
        ],
    )


class WaitingAhead(AnalysisAhead):
    """A real helper whose every analysis has come back before its rows are written, so that
    a test knows which texts the triggers found analysed."""

    def submit(self, texts: Sequence[str]) -> Expected:
        expected = super().submit(texts)
        for _, analysed in expected:
            analysed.result(timeout=120)
        return expected


class Helpers:
    """Which helper an import or a bundle gets: none, or a waiting one (each kept here)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started: list[WaitingAhead] = []
        self.waiting = False
        monkeypatch.setattr(AnalysisAhead, "if_worth", classmethod(self._if_worth))

    def _if_worth(self, cls: type, bind: object, size: int) -> WaitingAhead | None:
        if not self.waiting:
            return None
        self.started.append(WaitingAhead())
        return self.started[-1]


@pytest.fixture
def helpers(monkeypatch: pytest.MonkeyPatch) -> Helpers:
    return Helpers(monkeypatch)


def index_terms(app: CaseApp) -> dict[tuple[str, str], tuple[int, int]]:
    """The testimonies' search index, term by term and column by column: in how many
    testimonies, how many times (FTS5's own count of what it holds)."""
    with app.store.session() as session:
        rows = session.execute(text("SELECT term, col, doc, cnt FROM search_testimony_vocab"))
        return {(term, col): (doc, cnt) for term, col, doc, cnt in rows}


def fresh_app(path: Path) -> CaseApp:
    return open_case_app(StoreLocation(path=path), PASSPHRASE, "tester", create=True)


# -- the analyser ---------------------------------------------------------------------------


def test_what_the_helper_sent_is_what_this_process_would_write() -> None:
    analyzer = shared_analyzer()
    texts = [narrative(n) for n in range(40)] + list(SENTENCES)
    here = [analyzer.index_text(t + " ") for t in texts]  # other texts: analysed here
    before = analyzer.analysed_here
    with AnalysisAhead(analyzer) as ahead:
        expected = ahead.submit(texts)
        assert len(expected) == 1  # 50 texts: one task
        for _, analysed in expected:
            analysed.result(timeout=120)
        got = [analyzer.index_text(t) for t in texts]
        assert analyzer.analysed_here == before  # none analysed here
    assert got == [terms.rstrip() for terms in here]
    assert "보위부" in got[41] and "interrog" in got[-1]
    # Once closed, nothing is remembered: the same texts are analysed here again.
    assert analyzer.index_text(texts[0]) == got[0]
    assert analyzer.analysed_here == before + 1


def test_an_analysis_that_failed_or_was_dropped_is_done_here() -> None:
    analyzer = shared_analyzer()
    failed: Future[list[str]] = Future()
    failed.set_exception(RuntimeError("the helper died"))
    late: Future[list[str]] = Future()
    try:
        analyzer.expect_texts([SENTENCES[0]], failed)
        analyzer.expect_texts([SENTENCES[1]], late)
        analyzer.drop_expected([([SENTENCES[1]], late)])  # its rows were written first
        late.set_running_or_notify_cancel()  # cancelled by the drop: never taken
        before = analyzer.analysed_here
        assert "두만강" in analyzer.index_text(SENTENCES[0])
        assert "지도원" in analyzer.index_text(SENTENCES[1])
        assert analyzer.analysed_here == before + 2
    finally:
        analyzer.forget_texts()


def test_a_batch_read_ahead_is_written_before_a_reading_failure_is_raised() -> None:
    written: list[list[str]] = []

    def batches() -> Iterator[list[str]]:
        yield [SENTENCES[0]]
        yield [SENTENCES[1]]
        raise OSError("the file stopped being readable")

    with AnalysisAhead() as ahead, pytest.raises(OSError):
        for batch in analysed_ahead(batches(), list, ahead):
            written.append(batch)
    assert written == [[SENTENCES[0]], [SENTENCES[1]]]


def test_a_helper_that_cannot_start_leaves_the_texts_to_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(self: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")  # as fork/exec fails when full

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", refused)
    analyzer = shared_analyzer()
    with AnalysisAhead(analyzer) as ahead:
        assert ahead.submit([SENTENCES[2], SENTENCES[3]]) == []
        before = analyzer.analysed_here
        assert "벽돌" in analyzer.index_text(SENTENCES[2])
        assert analyzer.analysed_here == before + 1
        assert ahead._pool is None  # given up: later batches are not sent


def test_the_helper_process_is_hardened() -> None:
    with AnalysisAhead() as ahead:
        assert ahead._pool is not None  # the helper itself, asked directly
        assert ahead._pool.submit(is_dumpable).result(timeout=120) is False


# -- imports and bundles --------------------------------------------------------------------


def test_a_large_import_writes_the_index_it_writes_alone(
    tmp_path: Path, helpers: Helpers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_import, "CHUNK_ROWS", 25)  # four chunks, each read ahead
    table = write_testimonies(tmp_path / "증언.csv", 90)
    analyzer = shared_analyzer()
    with contextlib.closing(fresh_app(tmp_path / "alone.db")) as alone:
        before = analyzer.analysed_here
        alone.import_csv("testimonies", table)
        assert analyzer.analysed_here - before == 3 * 90  # title, summary, narrative
        expected = index_terms(alone)
    helpers.waiting = True
    with contextlib.closing(fresh_app(tmp_path / "helped.db")) as helped:
        before = analyzer.analysed_here
        result = helped.import_csv("testimonies", table)
        assert analyzer.analysed_here == before  # every text came from the helper
        got = index_terms(helped)
    assert result.created == 90 and len(helpers.started) == 1
    assert got == expected
    assert {("보위부", "terms"), ("interrog", "terms"), ("공민", "terms")} <= set(got)
    rows = [row for _, row in read_table(table)]
    assert got[("두만강", "terms")][0] == sum("두만강" in " ".join(row) for row in rows)
    assert helpers.started[0]._pool is None  # closed with the import


def test_a_large_bundle_applies_the_index_it_applies_alone(
    tmp_path: Path, helpers: Helpers
) -> None:
    table = write_testimonies(tmp_path / "증언.csv", 60)
    analyzer = shared_analyzer()
    apps = {name: fresh_app(tmp_path / f"{name}.db") for name in ("field", "office")}
    try:
        field, office = apps["field"], apps["office"]
        field.peers.trust("office", office.peers.identity())
        office.peers.trust("field", field.peers.identity())
        field.import_csv("testimonies", table)
        bundle = tmp_path / "to-office.bundle"
        field.exchange.export_bundle("office", bundle)
        helpers.waiting = True
        before = analyzer.analysed_here
        summary = office.exchange.import_bundle(bundle)
        assert analyzer.analysed_here == before  # every text came from the helper
        assert summary.created >= 60 and len(helpers.started) == 1
        assert index_terms(office) == index_terms(field)
    finally:
        for app in apps.values():
            app.close()


@pytest.mark.both_engines
def test_no_helper_for_a_small_input_nor_on_a_server(empty_app: CaseApp, store_engine: str) -> None:
    with empty_app.store.session() as session:
        bind = session.connection()
        assert AnalysisAhead.if_worth(bind, 1000) is None
        large = AnalysisAhead.if_worth(bind, 1 << 40)
        try:
            # A server analyses a record's texts together, after its rows: no helper there.
            assert (large is not None) == (store_engine == "sqlcipher")
        finally:
            if large is not None:
                large.close()
