"""Recall and precision of caseapp's search on real text, per class of query.

Builds a real encrypted archive in a temporary folder, writes every corpus document as one
testimony through the service layer's bulk path (the one CSV imports use), then asks every
query of the cached oracle (oracle.json) the way the Search tab and the command line do,
``app.searcher().search(query, limit=...)``, and compares the testimonies found with the
relevant ones. Only public entry points of caseapp are used, so the engine behind them can
change freely.

    python -m tests.search_eval.evaluate [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from caseapp.app import CaseApp, open_case_app
from caseapp.services.bulk import BulkWriter
from caseapp.services.record_kinds import KINDS
from caseapp.store import StoreLocation
from caseapp.store.keys import KdfParams
from tests.search_eval import oracle as oracle_module
from tests.search_eval.documents import Document, load_documents
from tests.search_eval.oracle import CLASSES, Oracle

PASSPHRASE = "search evaluation 검색 평가"
# The cheapest key derivation Argon2id accepts: the archive is thrown away after the run.
CHEAP_KDF = KdfParams(time_cost=1, memory_kib=8, parallelism=1)


@dataclass(frozen=True)
class ClassScore:
    name: str
    queries: int
    relevant: int  # relevant (query, document) pairs, summed over the class
    found: int  # documents found, summed over the class
    correct: int  # found and relevant

    @property
    def recall(self) -> float:
        return self.correct / self.relevant if self.relevant else 1.0

    @property
    def precision(self) -> float:
        # Finding nothing is not a wrong answer; recall says what it missed.
        return self.correct / self.found if self.found else 1.0


@dataclass(frozen=True)
class QueryResult:
    name: str  # its class
    query: str
    relevant: frozenset[str]
    found: frozenset[str]


@contextmanager
def corpus_archive(docs: Sequence[Document]) -> Iterator[CaseApp]:
    """A new archive in a temporary folder holding ``docs`` as testimonies."""
    with tempfile.TemporaryDirectory(prefix="caseapp-search-eval-") as folder:
        location = StoreLocation(path=Path(folder) / "eval.db")
        app = open_case_app(location, PASSPHRASE, create=True, kdf=CHEAP_KDF)
        try:
            rows = [
                {"code": d.code, "title": d.title, "narrative": d.text, "language": d.language}
                for d in docs
            ]
            with app.store.session() as session:
                BulkWriter(session, app.validator, app.audit).insert(KINDS["testimony"], rows)
            yield app
        finally:
            app.close()


def run_queries(app: CaseApp, oracle: Oracle, limit: int) -> list[QueryResult]:
    searcher = app.searcher()
    results = []
    for name in CLASSES:
        for query in oracle.get(name, []):
            hits = searcher.search(query.text, limit=limit)
            found = frozenset(h.code for h in hits if h.kind == "testimony")
            results.append(QueryResult(name, query.text, query.relevant, found))
    return results


def score(results: Sequence[QueryResult]) -> dict[str, ClassScore]:
    """Micro-averaged: every (query, document) pair counts once, whatever its query."""
    scores = {}
    for name in CLASSES:
        mine = [r for r in results if r.name == name]
        scores[name] = ClassScore(
            name,
            len(mine),
            sum(len(r.relevant) for r in mine),
            sum(len(r.found) for r in mine),
            sum(len(r.relevant & r.found) for r in mine),
        )
    return scores


def evaluate(
    docs: Sequence[Document] | None = None, oracle: Oracle | None = None
) -> list[QueryResult]:
    docs = list(load_documents() if docs is None else docs)
    if oracle is None:
        oracle = oracle_module.load()[1]
    with corpus_archive(docs) as app:
        # More than the corpus holds: every hit comes back, so precision sees them all.
        return run_queries(app, oracle, limit=len(docs) + 1)


LABELS = {
    "ko_noun_2": "Korean noun, 2 syllables",
    "ko_noun_3plus": "Korean noun, 3+ syllables",
    "ko_compound_part": "Korean noun mostly inside compounds",
    "ko_noun_particle": "Korean noun + particle (as typed)",
    "en_base": "English base form",
    "en_inflected": "English inflected form",
    "en_variant": "English British/American spelling",
    "en_phrase": 'English two-word phrase ("quoted")',
}


KOREAN_NOUNS = ("ko_noun_2", "ko_noun_3plus", "ko_compound_part")


@dataclass(frozen=True)
class SecondScores:
    """The issue's two other measures: recall against plain substring (a document holding
    the query's characters anywhere), and how much of what the bare noun finds the noun
    with its particle finds."""

    substring_recall: dict[str, float]
    particle_coverage: float


def bare_noun(query: str) -> str:
    """The noun of a "noun + particle" query (the particle as oracle.with_particle adds it)."""
    particles = sorted({p for pair in oracle_module.PARTICLES for p in pair} | {"로"}, key=len)
    for particle in reversed(particles):
        if query.endswith(particle) and len(query) > len(particle):
            return query[: -len(particle)]
    return query


def second_scores(
    app: CaseApp, docs: Sequence[Document], results: Sequence[QueryResult], limit: int
) -> SecondScores:
    substring: dict[str, float] = {}
    for name in KOREAN_NOUNS:
        held = found = 0
        for r in results:
            if r.name != name:
                continue
            holding = {d.code for d in docs if r.query in d.indexed}
            held += len(holding)
            found += len(holding & r.found)
        substring[name] = found / held if held else 1.0
    searcher = app.searcher()
    bare_found = covered = 0
    for r in results:
        if r.name != "ko_noun_particle":
            continue
        hits = searcher.search(bare_noun(r.query), limit=limit)
        bare = {h.code for h in hits if h.kind == "testimony"}
        bare_found += len(bare)
        covered += len(bare & r.found)
    return SecondScores(substring, covered / bare_found if bare_found else 1.0)


def evaluate_both(
    docs: Sequence[Document] | None = None, oracle: Oracle | None = None
) -> tuple[list[QueryResult], SecondScores]:
    docs = list(load_documents() if docs is None else docs)
    if oracle is None:
        oracle = oracle_module.load()[1]
    with corpus_archive(docs) as app:
        results = run_queries(app, oracle, limit=len(docs) + 1)
        return results, second_scores(app, docs, results, len(docs) + 1)


def markdown(scores: dict[str, ClassScore]) -> str:
    lines = [
        "| class of query | queries | relevant | found | recall | precision |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in scores.values():
        lines.append(
            f"| {LABELS[s.name]} | {s.queries} | {s.relevant} | {s.found} "
            f"| {s.recall:.2f} | {s.precision:.2f} |"
        )
    return "\n".join(lines)


def summary(docs: Sequence[Document]) -> str:
    korean = sum(d.language == "ko" for d in docs)
    return f"{len(docs)} documents ({korean} Korean, {len(docs) - korean} English)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="scores and every query as JSON")
    args = parser.parse_args(argv)
    stamp, oracle = oracle_module.load()
    if stamp != oracle_module.fingerprint():
        print("oracle.json is out of date: run python -m tests.search_eval.oracle", file=sys.stderr)
        return 1
    docs = load_documents()
    started = time.perf_counter()
    results, second = evaluate_both(docs, oracle)
    scores = score(results)
    if args.json:
        out = {
            "documents": len(docs),
            "classes": {
                n: {**asdict(s), "recall": s.recall, "precision": s.precision}
                for n, s in scores.items()
            },
            "queries": [
                {
                    "class": r.name,
                    "query": r.query,
                    "relevant": len(r.relevant),
                    "found": len(r.found),
                    "missed": sorted(r.relevant - r.found),
                    "wrong": sorted(r.found - r.relevant),
                }
                for r in results
            ],
            "substring_recall": second.substring_recall,
            "particle_coverage": second.particle_coverage,
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        seconds = time.perf_counter() - started
        print(f"Search on {summary(docs)}, {len(results)} queries, {seconds:.1f} s\n")
        print(markdown(scores))
        print()
        for name, recall in second.substring_recall.items():
            print(f"{LABELS[name]}: recall against plain substring {recall:.3f}")
        print(f"noun + particle finds {second.particle_coverage:.3f} of what the bare noun finds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
