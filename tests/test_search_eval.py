"""Issue 16, "Search that finds what a caseworker means": caseapp's search measured on real
text nobody on the project wrote (Korean law and bills, English licences and UN texts),
against a morphological oracle (Kiwi for Korean, Snowball for English), per class of query.

The table is printed by ``python -m tests.search_eval.evaluate``; tests/search_eval/README.md
says how the corpus, the oracle and the queries are made.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator

import pytest

from caseapp.app import CaseApp
from tests.search_eval import oracle as oracle_module
from tests.search_eval.documents import Document, load_documents
from tests.search_eval.evaluate import (
    ClassScore,
    corpus_archive,
    run_queries,
    score,
    second_scores,
)
from tests.search_eval.oracle import CLASSES

# What search reaches on this corpus, rounded down to the hundredth: a change to search
# must not fall below these. A change that trades some precision for much recall may lower a
# precision floor, never below its target. (recall, precision). Before Korean analysis and
# English stems (when the evaluation was added) they were: ko_noun_2 (0.94, 0.95),
# ko_noun_3plus (0.92, 0.93), ko_compound_part (0.66, 0.88), ko_noun_particle (0.01, 1.00),
# en_base (0.61, 1.00), en_inflected (0.25, 1.00), en_variant (0.28, 1.00), en_phrase
# (0.92, 1.00).
FLOORS: dict[str, tuple[float, float]] = {
    "ko_noun_2": (0.99, 0.96),
    "ko_noun_3plus": (0.99, 0.96),
    "ko_compound_part": (0.98, 0.95),
    "ko_noun_particle": (0.99, 0.99),
    "en_base": (0.99, 0.99),
    "en_inflected": (0.99, 0.99),
    "en_variant": (0.99, 0.99),
    "en_phrase": (1.00, 1.00),
}

# Issue 16's targets; every class meets them (README, "Search", lists the measures).
TARGETS: dict[str, tuple[float, float]] = {
    "ko_noun_2": (0.97, 0.95),
    "ko_noun_3plus": (0.97, 0.95),
    "ko_compound_part": (0.97, 0.95),
    "ko_noun_particle": (0.90, 0.90),
    "en_base": (0.95, 0.95),
    "en_inflected": (0.95, 0.95),
    "en_variant": (0.95, 0.95),
    "en_phrase": (1.00, 1.00),
}
# The issue's two other measures (tests/search_eval/evaluate.py, second_scores): recall
# against plain substring (target 0.95; it counts 대통령령 as a match of 대통령, which the
# morpheme precision above counts wrong, so the two pull apart), and the share of what the
# bare noun finds that the noun with its particle finds (target 0.90).
SUBSTRING_FLOORS = {"ko_noun_2": 0.94, "ko_noun_3plus": 0.96, "ko_compound_part": 0.86}
PARTICLE_COVERAGE_TARGET = 0.90


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return load_documents()


@pytest.fixture(scope="module")
def archive(documents: list[Document]) -> Iterator[CaseApp]:
    with corpus_archive(documents) as app:
        yield app


@pytest.fixture(scope="module")
def scores(archive: CaseApp, documents: list[Document]) -> dict[str, ClassScore]:
    _, oracle = oracle_module.load()
    return score(run_queries(archive, oracle, limit=len(documents) + 1))


def test_the_cached_oracle_is_current() -> None:
    stamp, oracle = oracle_module.load()
    assert stamp == oracle_module.fingerprint(), (
        "the corpus or the oracle's code changed: run python -m tests.search_eval.oracle"
    )
    assert set(oracle) == set(CLASSES)
    assert all(30 <= len(queries) <= 80 for queries in oracle.values())
    assert all(query.relevant for queries in oracle.values() for query in queries)


@pytest.mark.skipif(
    not all(importlib.util.find_spec(name) for name in ("kiwipiepy", "snowballstemmer")),
    reason="Kiwi and Snowball are needed to rebuild the oracle, not to use its cache",
)
def test_the_cached_oracle_is_what_kiwi_and_snowball_say() -> None:
    assert oracle_module.load()[1] == oracle_module.build()


def test_the_corpus_is_testimony_sized(documents: list[Document]) -> None:
    assert len({d.code for d in documents}) == len(documents)
    for language in ("ko", "en"):
        assert sum(d.language == language for d in documents) > 250
    assert sorted(len(d.text) for d in documents)[len(documents) // 2] >= 300


@pytest.mark.parametrize("name", CLASSES)
def test_search_keeps_its_recall_and_precision(scores: dict[str, ClassScore], name: str) -> None:
    result = scores[name]
    recall, precision = FLOORS[name]
    assert result.recall >= recall, f"{name}: recall {result.recall:.3f} < {recall}"
    assert result.precision >= precision, f"{name}: precision {result.precision:.3f}"


def test_every_class_has_a_floor_and_a_target() -> None:
    assert set(FLOORS) == set(TARGETS) == set(CLASSES)
    for name in CLASSES:
        assert all(f >= t for f, t in zip(FLOORS[name], TARGETS[name], strict=True)), name


def test_the_issues_other_measures_hold(archive: CaseApp, documents: list[Document]) -> None:
    _, oracle = oracle_module.load()
    results = run_queries(archive, oracle, limit=len(documents) + 1)
    second = second_scores(archive, documents, results, len(documents) + 1)
    for name, floor in SUBSTRING_FLOORS.items():
        assert second.substring_recall[name] >= floor, (name, second.substring_recall[name])
    assert second.particle_coverage >= PARTICLE_COVERAGE_TARGET


# -- pinned examples: readable cases of each class -------------------------------------------


def found(app: CaseApp, query: str) -> set[str]:
    return {hit.code for hit in app.searcher().search(query, limit=1000)}


def written(documents: list[Document], pattern: str) -> set[str]:
    """Codes of the documents whose text matches ``pattern`` (a regular expression)."""
    return {d.code for d in documents if re.search(pattern, d.indexed)}


@pytest.mark.parametrize(
    ("query", "pattern"),
    [
        ("헌법", "헌법재판소"),
        ("국민", "국민투표"),
        ("재판소", "헌법재판소"),
        ("공무원", "교육공무원"),
        ("휴직", "육아휴직"),
        ("헌법에서", "헌법에 "),
        ("국회로", "국회의 "),
        ("licenses", r"\blicenses\b"),
        ("licence", r"\blicense\b"),
        ("labor", r"\blabour\b"),
        ("prisoner", "prisoners"),
        ("offense", r"\boffence\b"),
    ],
)
def test_a_word_finds_the_documents_that_mean_it(
    archive: CaseApp, documents: list[Document], query: str, pattern: str
) -> None:
    expected = written(documents, pattern)
    assert expected, pattern  # the corpus has the case
    assert expected <= found(archive, query)


def test_a_word_does_not_find_a_longer_word_it_only_begins(
    archive: CaseApp, documents: list[Document]
) -> None:
    """대통령 (the president) is not 대통령령 (a presidential decree)."""
    decree_only = written(documents, "대통령령") - written(documents, "대통령(?!령)")
    assert decree_only
    assert not decree_only & found(archive, "대통령")


def test_a_quoted_phrase_keeps_its_word_order(archive: CaseApp) -> None:
    assert found(archive, '"forced or compulsory labour"') == {"ICCPR-009"}
    assert found(archive, '"labour compulsory or forced"') == set()
