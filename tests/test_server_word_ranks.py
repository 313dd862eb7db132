"""The team server's word ranks (migrations 0017 and 0020): after records are written,
analysed (the terms appended to the words as the triggers indexed them:
caseapp/store/server_analysis.py), edited, deleted and restored, each record's stored words
and prefix sums are exactly what ranking its index row afresh gives. Real Korean and English
text (the search evaluation's corpus), written as the window and an import write it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from caseapp.app import CaseApp, open_case_app
from caseapp.services.bulk import BulkWriter
from caseapp.services.record_kinds import KINDS
from caseapp.store import StoreLocation
from tests.search_eval.documents import load_documents

WEIGHTS = {"testimony": "{0.1, 0.2, 0.4, 1.0}", "violation": "{0.33, 0.33, 0.67, 1.0}"}


@pytest.fixture
def server(server_archive: str) -> Iterator[CaseApp]:
    app = open_case_app(StoreLocation(url=server_archive), None, "tester")
    yield app
    app.close()


def _stored_and_fresh(app: CaseApp, kind: str) -> tuple[list, list, list, list]:
    fresh = (
        f"SELECT s.word, r.id, s.score FROM search_{kind} r, "
        f"caseapp_search_words(r.doc, '{WEIGHTS[kind]}') s"
    )
    with app.store.engine.connect() as conn:

        def rows(sql: str) -> list:
            return sorted(tuple(row) for row in conn.execute(text(sql)))

        return (
            rows(f"SELECT word, id, score FROM search_{kind}_word"),
            rows(fresh),
            rows(f"SELECT prefix, id, score FROM search_{kind}_prefix"),
            rows(
                f"SELECT left(word, 2), id, sum(score) FROM ({fresh}) w "
                "WHERE char_length(word) >= 2 GROUP BY 1, 2"
            ),
        )


def _as_fresh(app: CaseApp) -> None:
    for kind in WEIGHTS:
        words, fresh_words, prefixes, fresh_prefixes = _stored_and_fresh(app, kind)
        assert words == fresh_words, kind
        assert words or kind == "violation"
        assert [p[:2] for p in prefixes] == [p[:2] for p in fresh_prefixes], kind
        for (_, _, score), (_, _, expected) in zip(prefixes, fresh_prefixes, strict=True):
            assert score == pytest.approx(expected, rel=1e-6)
        with app.store.engine.connect() as conn:
            pending = conn.execute(text(f"SELECT count(*) FROM search_{kind} WHERE NOT analysed"))
            assert pending.scalar_one() == 0
            marked = conn.execute(
                text(f"SELECT count(*) FROM search_{kind}_word WHERE word LIKE '~%'")
            )
            assert marked.scalar_one() > 0 or not words  # the analysed terms are ranked too


def test_word_ranks_stay_those_of_the_index_rows(server: CaseApp) -> None:
    documents = load_documents()[:60]
    records = server.records
    uids = [
        records.create(
            "testimony",
            {"code": f"W{n:02d}", "title": d.title[:200], "narrative": d.text, "language": "ko"},
        )
        for n, d in enumerate(documents[:20])
    ]
    with server.store.session() as session:  # as an import and a bundle write
        BulkWriter(session, server.validator, server.audit).insert(
            KINDS["testimony"],
            [
                {"code": f"B{n:02d}", "title": d.title[:200], "narrative": d.text}
                for n, d in enumerate(documents[20:])
            ],
        )
    for n, uid in enumerate(uids[:10]):
        records.create(
            "violation",
            {
                "testimony_uid": uid,
                "category": "torture",
                "reported_impact": documents[n].text[:300],
                "place": "회령시 보위부 구류장",
            },
        )
    _as_fresh(server)
    # Edits: a word's positions move, words go and come, a title is added; a violation's
    # impact rewritten; a record erased.
    records.update("testimony", uids[0], {"narrative": documents[0].text[200:] + " 회령 회령"})
    records.update("testimony", uids[1], {"title": "Hoeryong camps 회령 수용소"})
    records.update("testimony", uids[2], {"narrative": documents[5].text})
    records.update("testimony", uids[3], {"summary": "국가는 국민의 권리를 보장한다."})
    # Words added at the end: every word before them keeps its positions and its rank, and
    # the sums of the prefixes they share with the new ones are made again with them.
    for n in (6, 7, 8):
        text_ = documents[n].text
        records.update("testimony", uids[n], {"narrative": f"{text_} {text_[:40]}들 권리자"})
    with server.store.engine.connect() as conn:
        violation = conn.execute(text("SELECT uid FROM violation ORDER BY id LIMIT 1")).scalar()
    records.update("violation", str(violation), {"reported_impact": "forced labour, 강제노동"})
    records.delete("testimony", uids[4])
    records.restore("testimony", uids[4])
    _as_fresh(server)
