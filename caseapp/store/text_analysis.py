"""Words as a caseworker means them (issue 16): the search terms a text holds and a query asks
for, the same analysis at index time and at query time, on both engines.

- **Korean** is analysed by Kiwi (``kiwipiepy`` with its model package): a word written with
  its particles and endings (회령으로, 보위부에서는) gives its nouns and stems (회령, 보위부),
  and a compound written without spaces gives its parts (헌법재판소 → 헌법, 재판소; a query
  for the compound asks for its parts side by side). Kiwi keeps a word it knows as one noun
  (대통령령 is a decree, not 대통령 + 령), so a prefix that is another word is no match.
- **English** words are folded to one spelling (labor → labour, from the editable table in
  ``resources/search/variants.csv``) and stemmed with Snowball's English stemmer (camps →
  camp, prisoners → prison).
- Other scripts (hanja, Latin names, numbers) are kept as they are, lower-cased.

Analysing a whole text costs far more than looking its words up: a testimony repeats most of
its words, and an archive repeats them across testimonies. Each distinct space-separated word
is analysed once and remembered (a bounded cache), which measured about 20 times faster than
analysing lines whole. Kiwi reads its model (about 1 s) at the first Korean word.

Nothing here logs, and no text is kept beyond the cache of this process's memory.
"""

from __future__ import annotations

import csv
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

# Kiwi's tags kept as search terms: common and proper nouns, numerals, roots, foreign words,
# hanja and numbers. Bound nouns (것, 수, 년) and particles or endings are left out.
_NOUNS = frozenset({"NNG", "NNP", "NR", "XR", "SL", "SH", "SN"})
# Verb and adjective stems, kept as their dictionary form (보호하 → 보호하다 is not needed:
# the noun part 보호 is a noun already; 잡 → 잡다).
_STEMS = frozenset({"VV", "VA", "VV-I", "VA-I", "VV-R", "VA-R"})

_WORD = re.compile(r"\w+", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"^[a-z]+$")
_POSSESSIVE = re.compile(r"'s$")

CACHE_WORDS = 200_000  # distinct words remembered; about 60 MB at most


class _Tokenizer(Protocol):
    def tokenize(self, text: str) -> Iterable[Any]: ...


def default_variants_file() -> Path:
    from caseapp.resources import resource

    return resource("search", "variants.csv")


def read_variants(path: Path) -> dict[str, str]:
    """The spelling table: each row's words are one word, searched as the row's first. Lines
    starting with # are comments; a row may hold any number of spellings."""
    variants: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            words = [cell.strip().casefold() for cell in row if cell.strip()]
            if not words or words[0].startswith("#"):
                continue
            for word in words[1:]:
                variants[word] = words[0]
    return variants


def _kiwi() -> _Tokenizer:
    from kiwipiepy import Kiwi

    kiwi: _Tokenizer = Kiwi()
    return kiwi


class TextAnalyzer:
    """The search terms of texts and queries. Safe to share between threads."""

    def __init__(
        self,
        variants: Mapping[str, str] | None = None,
        korean: Callable[[], _Tokenizer] = _kiwi,
    ) -> None:
        import snowballstemmer

        self._variants = dict(variants or {})
        self._stemmer = snowballstemmer.stemmer("english")
        # Inflected variants meet through their stems: "licenses" stems to "licens", which
        # is "licence"'s stem "licenc" once the pair is known.
        self._stem_variants = {
            self._stemmer.stemWord(variant): self._stemmer.stemWord(word)
            for variant, word in self._variants.items()
            if _LATIN.match(variant) and _LATIN.match(word)
        }
        self._make_korean = korean
        self._korean: _Tokenizer | None = None
        self._cache: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    # -- texts -----------------------------------------------------------------------------

    def terms(self, text: str) -> list[str]:
        """Every term the text holds, in order (repeats kept: ranking counts them)."""
        out: list[str] = []
        for word in _words(text):
            out.extend(self.word_terms(word))
        return out

    def index_text(self, text: str) -> str:
        """The terms as one space-separated text, for an index column."""
        return " ".join(self.terms(text))

    # -- one word --------------------------------------------------------------------------

    def word_terms(self, word: str) -> tuple[str, ...]:
        """The terms of one word as written (a Korean eojeol with its particles, an English
        word in any form). Remembered: the same word is analysed once."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        terms = self._analyse(word)
        with self._lock:
            if len(self._cache) >= CACHE_WORDS:
                self._cache.clear()
            self._cache[word] = terms
        return terms

    def query_terms(self, word: str) -> tuple[str, ...]:
        """What a typed word asks for: its terms, searched as a phrase (a compound's parts
        next to each other, so 헌법재판소 finds 헌법재판소에서 and not 헌법 alone)."""
        return self.word_terms(word)

    def _analyse(self, word: str) -> tuple[str, ...]:
        folded = unicodedata.normalize("NFKC", word).casefold().replace("\u2019", "'")
        if _HANGUL.search(folded):
            return self._korean_terms(folded)
        folded = _POSSESSIVE.sub("", folded)
        if folded in self._variants:  # a spelling with an apostrophe or accent (Ch'ŏngjin)
            return (self._english(folded),)
        return tuple(self._english(part) for part in _WORD.findall(folded))

    def _english(self, word: str) -> str:
        word = self._variants.get(word, word)
        if not _LATIN.match(word):
            return word
        stem = str(self._stemmer.stemWord(word))
        return str(self._stem_variants.get(stem, stem))

    def _korean_terms(self, word: str) -> tuple[str, ...]:
        with self._lock:
            if self._korean is None:
                self._korean = self._make_korean()
            tokens = list(self._korean.tokenize(word))
        terms: list[str] = []
        for token in tokens:
            tag = str(token.tag)
            form = str(token.form)
            if tag in _NOUNS:
                terms.append(self._english(form) if tag == "SL" else form)
            elif tag in _STEMS:
                terms.append(form + "다")
        if not terms:
            # Nothing Kiwi calls a noun or a stem (a name it does not know may still be a
            # noun to it; an interjection, a typo): the word itself, as written.
            terms.append(word)
        return tuple(terms)


def _words(text: str) -> Iterable[str]:
    """Space-separated words, cut also where a symbol glues two words (③대통령은, A/B);
    an apostrophe inside a word stays (Ch'ŏngjin, Hoeryong's)."""
    for chunk in text.split():
        for piece in re.split(r"[^\w'\u2019]+", chunk):
            piece = piece.strip("'\u2019")
            if piece:
                yield piece
