"""The passage shown with a search hit: a few words of the record around what matched, each
matching word marked. Cut here, from the record's own text, the same way on both engines:
the index keeps no copy of the text (migration 0019), and only caseapp's analysis knows that
회령으로 matched 회령 or that "labor" matched "labour"."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from caseapp.store.engines import QueryNode, SearchTerm
from caseapp.store.text_analysis import TextAnalyzer, fold, words_and_gaps

SEPARATOR = "\x1f"  # between the parts of a record's text (title, summary, narrative)
ELLIPSIS = "…"


class Marker:
    """Which words of a text a search matched: the words as typed (a prefix where the term
    is one), or a word whose analysed terms are among the query's. Terms after NOT are left
    unmarked: they are what the record does not hold."""

    def __init__(self, nodes: Sequence[QueryNode], analyzer: TextAnalyzer) -> None:
        self._analyzer = analyzer
        self._exact: set[str] = set()
        self._prefixes: list[str] = []
        self._terms: set[str] = set()
        # Every distinct word asked about, in one of two sets: a text's words are then
        # sorted by set operations, not a call per word (a 200-hit search asks about
        # 150,000 words, of which a few thousand distinct).
        self._matching: set[str] = set()
        self._seen: set[str] = set()
        negated = False
        for node in nodes:
            if isinstance(node, SearchTerm):
                if not negated:
                    self._exact.update(fold(word) for word in node.words)
                    if node.prefix and node.words:
                        self._prefixes.append(fold(node.words[-1]))
                    self._terms.update(node.terms)
                    if node.whole:
                        self._terms.add(node.whole)
                negated = False
            else:
                negated = node == "NOT"

    def matches(self, word: str) -> bool:
        # Worked out once per distinct word (folding and analysing each of 200 passages'
        # words had been most of the search's time).
        if word not in self._seen:
            self._learn({word})
        return word in self._matching

    def hits(self, words: list[str]) -> list[int]:
        """The places of the matching words among ``words``."""
        if not self._seen.issuperset(words):  # one pass, no set made, once all are known
            self._learn(set(words) - self._seen)
        matched = self._matching.intersection(words)
        if not matched:
            return []
        return [index for index, word in enumerate(words) if word in matched]

    def _learn(self, words: set[str]) -> None:
        for word in words:
            if self._match(word):
                self._matching.add(word)
        self._seen |= words

    def _match(self, word: str) -> bool:
        folded = fold(word)
        if folded in self._exact or any(folded.startswith(p) for p in self._prefixes):
            return True
        if not self._terms:
            return False
        return not self._terms.isdisjoint(self._analyzer.word_terms(word))


def cut(body: str | None, marker: Marker, size: int, start: str, end: str) -> str:
    """About ``size`` words of the part of ``body`` with the most matches (the later part
    of two with as many), around them,
    each matching word between ``start`` and ``end``; an ellipsis where the part goes on."""
    best: tuple[int, list[str], list[int], int] | None = None
    for part in (body or "").split(SEPARATOR):
        pieces = words_and_gaps(part)
        words = pieces[1::2]
        if not words:
            continue
        hits = marker.hits(words)
        count, first = _best_window(hits, len(words), size)
        # Ties go to the later part: the title is shown beside the passage already, and
        # the narrative says more around the same words.
        if best is None or (count >= best[0] and count > 0):
            best = (count, pieces, hits, first)
    if best is None:
        return ""
    _, pieces, hits, first = best
    total = len(pieces) // 2
    last = min(total, first + size)
    marked = set(hits)
    # Whole where it fits: what stands before the first word and after the last (a closing
    # parenthesis, a full stop) is kept; where it is cut, an ellipsis says so. Word i is
    # pieces[2i + 1], and the gap after it pieces[2i + 2].
    out: list[str] = [ELLIPSIS] if first > 0 else [pieces[0]]
    for index in range(first, last):
        word = pieces[2 * index + 1]
        out.append(f"{start}{word}{end}" if index in marked else word)
        if index + 1 < last:
            out.append(pieces[2 * index + 2])
    out.append(ELLIPSIS if last < total else pieces[2 * last])
    return " ".join("".join(out).split())


def _best_window(hits: list[int], total: int, size: int) -> tuple[int, int]:
    """(matches, first word) of the ``size``-word window of ``total`` words with the most
    of the matching words ``hits`` (their places, in order), the first such; begun a few
    words before its first match, so the match reads in context."""
    if total <= size:
        return len(hits), 0
    if not hits:
        return 0, 0
    # The first window with the most matches holds as many when moved right to start at its
    # first match (or at the text's last window): so only those starts are counted, in one
    # pass, the window's end moving on with its start.
    last_start = total - size
    best, chosen, end = -1, 0, 0
    for at, hit in enumerate(hits):
        start = hit if hit < last_start else last_start
        while end < len(hits) and hits[end] < start + size:
            end += 1
        count = end - (at if start == hit else bisect_left(hits, start, 0, at + 1))
        if count > best:
            best, chosen = count, start
    first_hit = hits[bisect_left(hits, chosen)]
    return best, max(0, min(first_hit - size // 4, last_start))


def violation_passage(body: str | None, marker: Marker, size: int, start: str, end: str) -> str:
    """A violation's hit: its place, dates and reported impact (engines/base.py,
    VIOLATION_PASSAGE_SQL), each with what matched marked, the impact cut around its matches;
    never its category's label, which the hit shows in its own column (and which made every
    violation of a category show the same passage)."""
    place, dates, impact = [*(body or "").split(SEPARATOR), "", "", ""][:3]
    parts = [
        cut(place, marker, size, start, end),
        dates,
        cut(impact, marker, size, start, end),
    ]
    return " · ".join(part for part in parts if part)
