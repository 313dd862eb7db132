"""Best-first lists (caseapp/store/rank_lists.py, migration 0033): a search of phrases that
have lists finds exactly the hits, in exactly the order and with exactly the ranks, that
FTS5's bm25 gives ranking every match; and the lists stay exact as records are added,
changed, deleted, erased and re-labelled. Real Korean and English text (the search
evaluation's corpus), searched as a person types."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from sqlalchemy import text

from caseapp.app import CaseApp
from caseapp.services.bulk import BulkWriter
from caseapp.services.messages import Message
from caseapp.services.record_kinds import KINDS
from caseapp.services.search_query import parse
from caseapp.store import rank_lists
from caseapp.store.engines.sqlite import TESTIMONY_WEIGHTS, VIOLATION_WEIGHTS, one_term_phrases
from tests.search_eval.documents import load_documents
from tests.search_eval.evaluate import corpus_archive

# Common words of the corpus (laws, bills, UN covenants, licences), as a person types them:
# two-syllable Korean, a Korean word with its particle, English words, an English phrase.
QUERIES = ("법률", "대통령", "국민의", "국가는", "right", "rights", "shall", '"freedom of"', "work")
LIMITS = (1, 7, 20, 200)
# Entries read at a time: one (each candidate's stop tested), a few, and the search's own.
PAGES = (1, 3, rank_lists.PAGE)
_CATEGORIES = ("torture", "forced_labour", "arbitrary_detention")
_FTS = {
    "testimony": (
        f"SELECT rowid, bm25(search_testimony, {TESTIMONY_WEIGHTS}) AS score "
        "FROM search_testimony WHERE search_testimony MATCH :q "
        "AND rowid NOT IN (SELECT id FROM testimony WHERE deleted_at IS NOT NULL) "
        "ORDER BY score, rowid LIMIT :lim"
    ),
    "violation": (
        f"SELECT rowid, bm25(search_violation, {VIOLATION_WEIGHTS}) AS score "
        "FROM search_violation WHERE search_violation MATCH :q "
        "AND rowid NOT IN (SELECT v.id FROM violation v JOIN testimony t "
        "ON t.id = v.testimony_id WHERE v.deleted_at IS NOT NULL OR t.deleted_at IS NOT NULL) "
        "ORDER BY score, rowid LIMIT :lim"
    ),
}


@pytest.fixture(scope="module")
def archive() -> Iterator[CaseApp]:
    """The corpus's 558 documents as testimonies, each with a violation whose reported
    impact is the start of its text."""
    documents = load_documents()
    with corpus_archive(documents) as app:
        with app.store.session() as session:
            uids = {
                str(code): str(uid)
                for code, uid in session.execute(text("SELECT code, uid FROM testimony"))
            }
            BulkWriter(session, app.validator, app.audit).insert(
                KINDS["violation"],
                [
                    {
                        "testimony_uid": uids[d.code],
                        "category": _CATEGORIES[n % len(_CATEGORIES)],
                        "reported_impact": d.text[: 120 + n % 200],
                        "place": d.title,
                    }
                    for n, d in enumerate(documents)
                ],
            )
        yield app


def _phrases(app: CaseApp, query: str) -> list[str]:
    phrases = one_term_phrases(app.searcher().analysed(parse(query).nodes))
    assert phrases is not None
    return phrases


def _fts_best(app: CaseApp, kind: str, query: str, limit: int) -> list[tuple[int, float]]:
    expression = " OR ".join(_phrases(app, query))
    with app.store.engine.connect() as conn:
        rows = conn.execute(text(_FTS[kind]), {"q": f"({expression})", "lim": limit})
        return [(int(doc), float(score)) for doc, score in rows]


def _hits(app: CaseApp, query: str, limit: int) -> list[tuple[str, str, float]]:
    return [(h.kind, h.uid, h.rank) for h in app.searcher().search(query, limit=limit)]


def _transaction(app: CaseApp) -> Callable[[], AbstractContextManager[Any]]:
    """What ``rank_lists.build`` asks for: the driver's connection in a write transaction."""

    @contextmanager
    def transaction() -> Iterator[Any]:
        with app.store.engine.begin() as conn:
            yield conn.connection.driver_connection

    return transaction


def _make(app: CaseApp, kind: str, phrase: str, minimum: int = 1, **how: Any) -> int:
    return rank_lists.build(_transaction(app), kind, phrase, minimum, **how)


def _build(app: CaseApp, query: str, minimum: int = 1) -> None:
    for kind in ("testimony", "violation"):
        for phrase in _phrases(app, query):
            _make(app, kind, phrase, minimum)


def _ranks_as_fts5(app: CaseApp, query: str) -> None:
    """Each kind's lists of ``query`` give FTS5's best, read a page of any size."""
    for kind in ("testimony", "violation"):
        listed = _listed(app, kind, query)
        assert listed is not None
        with app.store.engine.connect() as conn:
            raw = conn.connection.driver_connection
            for limit in LIMITS:
                expected = _fts_best(app, kind, query, limit)
                for page in PAGES:
                    best = rank_lists.best(raw, kind, listed, limit, page)
                    assert best == expected, (query, kind, limit, page)


def _listed(app: CaseApp, kind: str, query: str) -> list[rank_lists.RankList] | None:
    with app.store.engine.connect() as conn:
        return rank_lists.lists_for(conn.connection.driver_connection, kind, _phrases(app, query))


def _entries(app: CaseApp) -> dict[tuple[str, str], dict[int, tuple[float, int, int]]]:
    with app.store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT l.kind, l.phrase, e.doc, e.freq, e.size, e.live FROM search_rank_entry e "
                "JOIN search_rank_list l ON l.id = e.list_id"
            )
        )
        out: dict[tuple[str, str], dict[int, tuple[float, int, int]]] = {}
        for kind, phrase, doc, freq, size, live in rows:
            out.setdefault((kind, phrase), {})[doc] = (freq, size, live)
        counts = conn.execute(text("SELECT kind, phrase, docs FROM search_rank_list"))
        for kind, phrase, docs in counts:
            assert docs == len(out.get((kind, phrase), {})), (kind, phrase)
        return out


def _rebuilt(app: CaseApp) -> dict[tuple[str, str], dict[int, tuple[float, int, int]]]:
    """Every list made again from the index as it is now."""
    with app.store.engine.begin() as conn:
        raw = conn.connection.driver_connection
        listed = raw.execute("SELECT kind, phrase FROM search_rank_list").fetchall()
        for kind in ("testimony", "violation"):
            rank_lists.drop(raw, kind)
    for kind, phrase in listed:
        _make(app, kind, phrase, 0)
    return _entries(app)


def test_lists_give_fts5s_own_hits_ranks_and_order(archive: CaseApp) -> None:
    before = {(q, n): _hits(archive, q, n) for q in QUERIES for n in LIMITS}
    for query in QUERIES:
        _build(archive, query)
        kept = _listed(archive, "testimony", query)
        assert kept is not None and all(rank_list.entries is None for rank_list in kept)
    for (query, limit), hits in before.items():
        assert hits, query
        assert _hits(archive, query, limit) == hits, (query, limit)
    for query in QUERIES:
        _ranks_as_fts5(archive, query)


def test_lists_stay_exact_as_records_change(archive: CaseApp) -> None:
    for query in QUERIES:
        _build(archive, query)
    records = archive.records
    added = []
    for n in range(12):
        uid = records.create(
            "testimony",
            {
                "code": f"NEW{n:02d}",
                "title": "법률 right" if n % 2 else "대통령",
                "narrative": " ".join(["국민의 권리는 법률로 정한다."] * (n + 1))
                + " Everyone shall have the right to work. freedom of expression " * (n % 3),
                "language": "ko",
            },
        )
        added.append(uid)
        records.create(
            "violation",
            {"testimony_uid": uid, "category": "torture", "reported_impact": "법률 " * n},
        )
    with archive.store.session() as session:  # as an import and a bundle write
        BulkWriter(session, archive.validator, archive.audit).insert(
            KINDS["testimony"],
            [
                {
                    "code": f"BULK{n}",
                    "title": "rights",
                    "narrative": "법률의 " * n,
                    "language": "ko",
                }
                for n in range(1, 30)
            ],
        )
    with archive.store.engine.connect() as conn:
        some = [row[0] for row in conn.execute(text("SELECT uid FROM testimony LIMIT 40"))]
    records.update("testimony", some[0], {"narrative": "이 법률은 공포한 날부터 시행한다."})
    records.update("testimony", some[1], {"title": "rights rights rights"})
    records.update("testimony", added[3], {"narrative": ""})
    records.delete("testimony", some[2])  # its violation is left out with it
    records.delete("testimony", added[5])
    records.restore("testimony", added[5])
    with archive.store.engine.connect() as conn:
        violation = conn.execute(
            text(
                "SELECT v.uid FROM violation v JOIN testimony t ON t.id = v.testimony_id "
                "WHERE t.uid = :uid"
            ),
            {"uid": added[7]},
        ).scalar_one()
    records.delete("violation", violation)
    assert _hits(archive, "법률", 200)
    kept = _entries(archive)
    assert kept == _rebuilt(archive)
    for query in QUERIES:
        _ranks_as_fts5(archive, query)


def test_a_rare_phrase_beside_a_listed_one_is_read_for_the_search(archive: CaseApp) -> None:
    """법률에 is searched as written (rare) and as its analysed term; with only the term
    listed, the rare phrase's few matches are read for the search, and the hits are FTS5's."""
    _make(archive, "testimony", 'terms : "법률"')
    query = "법률에"
    phrases = _phrases(archive, query)
    assert len(phrases) == 2 and phrases[1] == 'terms : "법률"'
    listed = _listed(archive, "testimony", query)
    assert listed is not None
    assert listed[0].entries is not None and listed[1].entries is None
    with archive.store.engine.connect() as conn:
        raw = conn.connection.driver_connection
        for limit in LIMITS:
            expected = _fts_best(archive, "testimony", query, limit)
            assert expected
            for page in PAGES:
                assert rank_lists.best(raw, "testimony", listed, limit, page) == expected


def test_a_rare_phrase_gets_no_list(archive: CaseApp) -> None:
    assert _make(archive, "testimony", '- terms : "헌법재판소"', 10_000) < 10_000
    assert _make(archive, "testimony", '- terms : "zzzqqq"') == 0
    assert _listed(archive, "testimony", "헌법재판소") is None


def test_the_trigger_function_reads_a_document_as_the_index_does() -> None:
    """A document indexed alone answers each phrase with its weighted frequency."""
    found = rank_lists.sql_rank_freqs(
        "testimony",
        '[[1, "- terms : \\"회령\\"*", 10.0], [2, "- terms : \\"forced labour\\"", 10.0], '
        '[3, "terms : \\"camp\\"", 10.0], [4, "- terms : \\"nowhere\\"", 10.0]]',
        "회령에서 Forced Labour",
        None,
        "회령 회령시 forced labour, FORCED labour",
        "camp",
    )
    by_list: dict[int, Any] = {entry[0]: entry for entry in __import__("json").loads(found)}
    assert set(by_list) == {1, 2, 3}
    assert by_list[1][2] == 5.0 + 2 * 1.0  # title once, narrative twice
    assert by_list[2][2] == 5.0 + 2 * 1.0
    assert by_list[3][2] == 0.5
    assert {entry[3] for entry in by_list.values()} == {3 + 6 + 1}


def test_a_list_read_after_the_archive_grew_longer_still_finds_the_best() -> None:
    """The lists are read in the order of the average length they were made with. Long
    documents added since make every document relatively shorter, and a long one gains the
    most: one matching five times in 120 words overtakes one matching once in two, so the
    search must read on past the first."""
    from tests.search_eval.documents import Document

    short = Document("A", "하나", "회령 말", "ko")
    long = Document("B", "둘", " ".join(["회령"] * 5 + ["말"] * 115), "ko")
    filler = [Document(f"F{n:02d}", "셋", "말", "ko") for n in range(40)]
    with corpus_archive([short, long, *filler]) as app:
        _build(app, "회령")
        assert _fts_best(app, "testimony", "회령", 1)[0][0] == 1  # the short one, for now
        with app.store.session() as session:
            BulkWriter(session, app.validator, app.audit).insert(
                KINDS["testimony"],
                [
                    {"code": f"L{n:03d}", "title": "넷", "narrative": "말 " * 600, "language": "ko"}
                    for n in range(60)
                ],
            )
        expected = _fts_best(app, "testimony", "회령", 1)
        assert expected[0][0] == 2  # the long one now
        listed = _listed(app, "testimony", "회령")
        assert listed is not None
        with app.store.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert rank_lists.best(raw, "testimony", listed, 1, 1) == expected


def test_a_kind_keeps_at_most_its_share_of_lists(archive: CaseApp, monkeypatch) -> None:
    """Each list costs every indexed write a little: past the bound, a new list replaces
    the one no search has asked for longest."""
    with archive.store.engine.connect() as conn:
        before = (
            conn.execute(
                text("SELECT phrase FROM search_rank_list WHERE kind = 'testimony' ORDER BY id")
            )
            .scalars()
            .all()
        )
    assert len(before) >= 2
    monkeypatch.setattr(rank_lists, "MAX_LISTS", len(before))
    with archive.store.engine.begin() as conn:
        conn.execute(text("UPDATE search_rank_list SET used = '2026-01-01T00:00:00+00:00'"))
    assert _make(archive, "testimony", before[1]) == -1  # asked for: now
    assert _make(archive, "testimony", '- terms : "the"') > 0
    with archive.store.engine.connect() as conn:
        after = (
            conn.execute(text("SELECT phrase FROM search_rank_list WHERE kind = 'testimony'"))
            .scalars()
            .all()
        )
    assert len(after) == len(before)
    assert set(after) == (set(before) - {before[0]}) | {'- terms : "the"'}
    assert _entries(archive) == _rebuilt(archive)


def test_the_violation_index_rebuilt_forgets_its_lists(archive: CaseApp) -> None:
    """New vocabulary labels re-read into the violation index (written directly, not through
    the triggers that keep the lists): the violations' lists go, the testimonies' stay."""
    from caseapp.services.search import rebuild_violation_index

    _build(archive, "work")
    assert _listed(archive, "violation", "work") is not None
    rebuild_violation_index(archive.store)
    kinds = {kind for kind, _phrase in _entries(archive)}
    assert kinds == {"testimony"}
    assert _listed(archive, "violation", "work") is None  # ranked by FTS5 again
    assert _listed(archive, "testimony", "work") is not None


def test_a_record_written_reads_only_its_own_entries(archive: CaseApp) -> None:
    """The triggers find a record's entries by the record (one look-up a list), planner
    statistics or not: read by the list, a whole list was read to change one record."""
    _build(archive, "법률")
    with archive.store.engine.begin() as conn:
        raw = conn.connection.driver_connection
        # A new archive: no planner statistics, as after a list is first made.
        assert not raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
        triggers = [
            sql
            for (sql,) in raw.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_rank_%'"
            )
        ]
        statements = [
            part.strip()
            for sql in triggers
            for part in sql.split("BEGIN", 1)[1].rsplit("END", 1)[0].split(";")
            if part.strip().startswith(("DELETE", "UPDATE search_rank_entry"))
        ]
        assert len(statements) >= 6
        for statement in statements:
            sql = re.sub(r"\b(?:old|new)\.\w+", "7", statement)
            plan = " ".join(str(row[3]) for row in raw.execute("EXPLAIN QUERY PLAN " + sql))
            if "search_rank_entry" in sql.split("WHERE")[0]:
                assert "ix_search_rank_entry_doc" in plan, (statement, plan)


def _exact(app: CaseApp, query: str) -> None:
    """Every list of ``query`` holds what the index holds now, and ranks as FTS5 does."""
    assert _entries(app) == _rebuilt(app)
    _ranks_as_fts5(app, query)


def _live_naming(app: CaseApp, word: str) -> list[str]:
    """The live testimonies whose narrative names ``word``, in the order written."""
    with app.store.engine.connect() as conn:
        return [
            str(uid)
            for (uid,) in conn.execute(
                text(
                    "SELECT uid FROM testimony WHERE narrative LIKE :word "
                    "AND deleted_at IS NULL ORDER BY id"
                ),
                {"word": f"%{word}%"},
            )
        ]


def test_a_list_is_made_in_short_steps_while_caseworkers_write(archive: CaseApp) -> None:
    """A common word's list is made a few records at a time, each step in a write
    transaction of its own, so that a save made meanwhile never waits for the whole list.
    Between the steps testimonies naming the word are added, rewritten and deleted, before
    and after the records the list has reached; no search reads the list until it is whole,
    and then it is exact."""
    query = "권리"
    phrases = _phrases(archive, query)
    records = archive.records
    uids = _live_naming(archive, "권리")
    assert len(uids) > 20
    steps: list[bool] = []
    deleted: set[str] = set()

    def between() -> None:
        n = len(steps)
        with archive.store.engine.connect() as conn:
            found = rank_lists.lists_for(conn.connection.driver_connection, making[0], making[1:])
        steps.append(found is None or found[0].id == 0)  # none, or read for this search
        new = records.create(
            "testimony",
            {
                "code": f"STEP{n:02d}",
                "title": "권리",
                "narrative": "모든 국민은 권리를 가진다. " * (n % 4 + 1),
                "language": "ko",
            },
        )
        records.create(
            "violation", {"testimony_uid": new, "category": "torture", "reported_impact": "권리"}
        )
        # One the list has read already, and one it has not (not one deleted below: how many
        # testimonies name the word depends on what the module's earlier tests wrote).
        records.update("testimony", uids[n % 10], {"narrative": "권리 권리 권리"})
        if uids[-1 - n % 10] not in deleted:
            records.update("testimony", uids[-1 - n % 10], {"title": "권리"})
        if n % 3 == 0 and uids[10 + n % 7] not in deleted:
            deleted.add(uids[10 + n % 7])
            records.delete("testimony", uids[10 + n % 7])

    making: tuple[str, str] = ("", "")
    for kind in ("testimony", "violation"):
        for phrase in phrases:
            making = (kind, phrase)
            assert _make(archive, kind, phrase, step=3, between=between) > 0
    assert len(steps) > 10 and all(steps)  # each step a transaction; none read half made
    _exact(archive, query)


def test_a_list_made_on_one_connection_sees_saves_made_on_others(archive: CaseApp) -> None:
    """The steps of a list run on one connection while caseworkers save on others (the
    window's worker and its own thread): each step counts the phrase's matches again once
    anything was saved since the last (the count bm25's frequencies are read back with),
    whichever connection saved it, and the list is exact."""
    query = "의무"
    phrases = _phrases(archive, query)
    records = archive.records
    uids = _live_naming(archive, "의무")
    assert len(uids) > 6
    saves = 0

    def between() -> None:
        nonlocal saves
        if saves % 2 == 0:  # every other step: a step after one without saves counts afresh
            for n in range(6):  # enough to move bm25's idf: a stale count reads wrong freqs
                uid = records.create(
                    "testimony",
                    {
                        "code": f"DUTY{saves:02d}{n}",
                        "title": "의무",
                        "narrative": "의무 " * (saves + n + 1),
                        "language": "ko",
                    },
                )
                records.create(
                    "violation",
                    {"testimony_uid": uid, "category": "torture", "reported_impact": "의무"},
                )
            records.update("testimony", uids[saves % 6], {"narrative": "의무와 권리"})
            records.update("testimony", uids[-1 - saves % 6], {"title": "의무"})
        saves += 1

    with archive.store.engine.connect() as held:

        @contextmanager
        def transaction() -> Iterator[Any]:
            with held.begin():
                yield held.connection.driver_connection

        for kind in ("testimony", "violation"):
            for phrase in phrases:
                assert rank_lists.build(transaction, kind, phrase, 1, 3, between) > 0
    assert saves > 10
    _exact(archive, query)


def test_a_list_stopped_halfway_is_finished_by_the_next_search(archive: CaseApp) -> None:
    """The window closed while a list was being made: what was made is kept up to date,
    no search reads it, and asking for the list again finishes it."""
    query = "국가"
    phrase = _phrases(archive, query)[0]
    steps = 0

    class Closed(Exception):
        pass

    def closing() -> None:
        nonlocal steps
        steps += 1
        if steps == 3:
            raise Closed

    with pytest.raises(Closed):
        _make(archive, "testimony", phrase, step=2, between=closing)
    with archive.store.engine.connect() as conn:
        ready = conn.execute(
            text("SELECT ready FROM search_rank_list WHERE kind = 'testimony' AND phrase = :p"),
            {"p": phrase},
        ).scalar_one()
    assert ready == 0

    def kept() -> list[rank_lists.RankList] | None:
        with archive.store.engine.connect() as conn:
            return rank_lists.lists_for(conn.connection.driver_connection, "testimony", [phrase])

    half = kept()
    assert half is None or half[0].id == 0  # none, or the few matches read for the search
    new = {"code": "HALF", "title": "국가", "narrative": "국가는 국가의", "language": "ko"}
    uid = archive.records.create("testimony", new)
    assert uid in {hit[1] for hit in _hits(archive, query, 200)}
    assert _make(archive, "testimony", phrase, step=2) > 0
    whole = kept()
    assert whole is not None and whole[0].id > 0 and whole[0].entries is None
    _make(archive, "violation", phrase)
    _exact(archive, query)


def test_many_records_tied_come_in_fts5s_order(archive: CaseApp) -> None:
    """Violations of the same place and words tie: the best are the lowest record numbers
    among them, as FTS5 orders them, found without reading the whole tie; and still after
    more tied records are written through the triggers and the average length grows."""
    query = "구류장"
    with archive.store.engine.connect() as conn:
        owner = str(conn.execute(text("SELECT uid FROM testimony LIMIT 1")).scalar_one())

    def violations(impact: str, count: int) -> None:
        with archive.store.session() as session:
            BulkWriter(session, archive.validator, archive.audit).insert(
                KINDS["violation"],
                [
                    {
                        "testimony_uid": owner,
                        "category": "arbitrary_detention",
                        "reported_impact": impact,
                        "place": "회령시",
                    }
                    for _ in range(count)
                ],
            )

    violations("국경 경비대 구류장에 갇혔다", 300)
    violations("구류장 구류장에서 맞았다", 5)
    phrase = 'terms : "구류장"'  # the analysed term: one phrase, one list
    assert phrase in _phrases(archive, query)
    _make(archive, "violation", phrase)

    def as_fts5() -> None:
        with archive.store.engine.connect() as conn:
            raw = conn.connection.driver_connection
            listed = rank_lists.lists_for(raw, "violation", [phrase])
            assert listed is not None and listed[0].entries is None and listed[0].docs > 300
            for limit in LIMITS:
                rows = conn.execute(text(_FTS["violation"]), {"q": f"({phrase})", "lim": limit})
                expected = [(int(doc), float(score)) for doc, score in rows]
                for page in PAGES:
                    assert rank_lists.best(raw, "violation", listed, limit, page) == expected

    as_fts5()
    violations("국경 경비대 구류장에 갇혔다", 40)  # their entries written by the triggers
    violations(" ".join(["오랫동안 강제노동에 시달렸다"] * 40), 30)  # the average grows
    as_fts5()


def test_verify_finds_a_list_changed_outside_caseapp(archive: CaseApp) -> None:
    """``verify`` compares every whole list with what the index answers now: lists kept by
    the triggers through writes pass; a list whose entries were changed with the triggers
    bypassed (another program) is named, with the number of entries that differ."""
    _build(archive, "법률")
    _build(archive, "work")
    records = archive.records
    added = records.create(
        "testimony",
        {"code": "VERIFY1", "title": "법률", "narrative": "법률의 work", "language": "ko"},
    )
    records.update("testimony", added, {"narrative": "법률 법률 work work"})

    def list_problems() -> list[dict[str, Any]]:
        return [dict(p.params) for p in archive.verify() if p.code == "verify.search_list_differs"]

    assert list_problems() == []
    with archive.store.engine.begin() as conn:
        raw = conn.connection.driver_connection
        list_id, kind = raw.execute(
            "SELECT id, kind FROM search_rank_list WHERE kind = 'testimony' AND ready "
            "ORDER BY docs DESC LIMIT 1"
        ).fetchone()
        first, second = raw.execute(
            "SELECT doc FROM search_rank_entry WHERE list_id = ? ORDER BY doc LIMIT 2", (list_id,)
        ).fetchall()
        raw.execute("PRAGMA recursive_triggers = OFF")
        raw.execute(
            "DELETE FROM search_rank_entry WHERE list_id = ? AND doc = ?", (list_id, first[0])
        )
        raw.execute(
            "UPDATE search_rank_entry SET freq = freq + 1 WHERE list_id = ? AND doc = ?",
            (list_id, second[0]),
        )
    assert list_problems() == [{"kind": Message(f"kind.{kind}"), "list": list_id, "count": 2}]
    _rebuilt(archive)  # the lists as the other tests expect them
    assert list_problems() == []
