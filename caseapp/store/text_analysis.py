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
- **Hanja** are read in Hangul (公務員 → 공무원, from ``resources/search/hanja.tsv``) and
  then analysed as Korean, so a hanja word finds its Hangul spelling.
- Other scripts and numbers are kept as they are, lower-cased.

Analysing a whole text costs far more than looking its words up: a testimony repeats most of
its words, and an archive repeats them across testimonies. Each distinct space-separated word
is analysed once and remembered (a bounded cache), which measured about 20 times faster than
analysing lines whole. Kiwi reads its model (about 1 s) at the first Korean word.

Nothing here logs, and no text is kept beyond the cache of this process's memory.
"""

from __future__ import annotations

import csv
import functools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, NamedTuple, Protocol

# Kiwi's tags kept as search terms: common and proper nouns, numerals, roots, foreign words,
# hanja and numbers. Bound nouns (것, 수, 년) and particles or endings are left out.
_NOUNS = frozenset({"NNG", "NNP", "NR", "XR", "SL", "SH", "SN"})
# Verb and adjective stems, kept as their dictionary form (보호하 → 보호하다 is not needed:
# the noun part 보호 is a noun already; 잡 → 잡다).
# Nouns that make compounds when written together (헌법 + 재판소).
_COMPOUNDING = frozenset({"NNG", "NNP"})
_STEMS = frozenset({"VV", "VA", "VV-I", "VA-I", "VV-R", "VA-R"})

_WORD = re.compile(r"\w+", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LATIN = re.compile(r"^[a-z]+$")
_HANJA = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_POSSESSIVE = re.compile(r"'s$")

CACHE_WORDS = 200_000  # distinct words remembered; about 60 MB at most
MAX_WORD = 48  # characters: longer runs are not analysed (the longest real words are ~25)


class _Tokenizer(Protocol):
    def analyze(self, text: str, top_n: int) -> list[tuple[list[Any], float]]: ...


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


def default_hanja_file() -> Path:
    from caseapp.resources import resource

    return resource("search", "hanja.tsv")


def read_hanja(path: Path) -> dict[str, str]:
    """Each hanja's Hangul reading (character, TAB, reading; # starts a comment line)."""
    readings: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or "\t" not in line:
                continue
            character, reading = line.rstrip("\n").split("\t", 1)
            readings[character] = reading
    return readings


def default_words_file() -> Path:
    from caseapp.resources import resource

    return resource("search", "words.csv")


def read_words(path: Path) -> list[tuple[str, str]]:
    """The analyser's extra words: (word, tag) rows; lines starting with # are comments."""
    words: list[tuple[str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            cells = [cell.strip() for cell in row]
            if not cells or not cells[0] or cells[0].startswith("#"):
                continue
            words.append((cells[0], cells[1] if len(cells) > 1 and cells[1] else "NNP"))
    return words


def kiwi_with(words: Iterable[tuple[str, str]]) -> Callable[[], _Tokenizer]:
    """A maker of Kiwi that knows ``words`` too (called at the first Korean word)."""

    def make() -> _Tokenizer:
        from kiwipiepy import Kiwi

        # Without the typo-correction and multi-word dictionaries: 340 MB instead of 530 MB
        # resident and 0.8 s instead of 1.9 s to load, and a typo is not silently "fixed"
        # into another word in the index.
        kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
        for word, tag in words:
            kiwi.add_user_word(word, tag)
        made: _Tokenizer = kiwi
        return made

    return make


def _kiwi() -> _Tokenizer:
    return kiwi_with(())()


class TextAnalyzer:
    """The search terms of texts and queries. Safe to share between threads."""

    def __init__(
        self,
        variants: Mapping[str, str] | None = None,
        korean: Callable[[], _Tokenizer] = _kiwi,
        hanja: Mapping[str, str] | None = None,
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
        self._hanja = dict(hanja or {})
        self._make_korean = korean
        self._korean: _Tokenizer | None = None
        self._cache: dict[str, _Analysis] = {}
        self._lock = threading.Lock()
        self._texts: dict[str, str] = {}
        self._coming: list[tuple[Sequence[str], Future[list[str]]]] = []
        self._expected: dict[str, int] = {}  # texts expected from elsewhere, how many times
        self._analysed_here = 0

    # -- texts -----------------------------------------------------------------------------

    def terms(self, text: str) -> list[str]:
        """Every term the text holds, in order (repeats kept: ranking counts them)."""
        out: list[str] = []
        for word in _words(text):
            out.extend(self.word_terms(word))
        return out

    def remember_texts(self, analysed: Mapping[str, str]) -> None:
        """Texts whose ``index_text`` another process of the same analyser has computed
        (the benchmark generator's makers of rows), given until ``forget_texts``: a writer
        then indexes them without analysing them again."""
        self._texts = dict(analysed)

    def expect_texts(self, texts: Sequence[str], analysed: Future[list[str]]) -> None:
        """``texts`` whose ``index_text`` another process is computing (``analysed``, in the
        same order; caseapp/store/analysis_ahead.py): taken when it has come back by the
        time a text is asked for, else the text is analysed here, as any other. The answer
        is the same either way (the same analyser, reading the same resources)."""
        with self._lock:
            self._coming.append((texts, analysed))
            for text in texts:
                self._expected[text] = self._expected.get(text, 0) + 1

    def drop_expected(self, expected: Sequence[tuple[Sequence[str], Future[list[str]]]]) -> None:
        """Forget what ``expect_texts`` was given (their rows are written): the analysis that
        came back, and what has not (an analysis still on its way is not taken later)."""
        with self._lock:
            dropped = {id(analysed) for _, analysed in expected}
            for texts, analysed in expected:
                analysed.cancel()
                for text in texts:
                    # A text the next rows hold too (a title repeated) stays for them.
                    left = self._expected.get(text, 1) - 1
                    if left > 0:
                        self._expected[text] = left
                    else:
                        self._expected.pop(text, None)
                        self._texts.pop(text, None)
            self._coming = [pair for pair in self._coming if id(pair[1]) not in dropped]

    def forget_texts(self) -> None:
        with self._lock:
            self._texts = {}
            self._coming = []
            self._expected = {}

    @property
    def analysed_here(self) -> int:
        """How many texts ``index_text`` has analysed in this process (not remembered)."""
        return self._analysed_here

    def index_text(self, text: str) -> str:
        """The terms as one space-separated text, for an index column; then each compound
        whole (현행법 besides 현행 법), after every term so that the terms' order, which
        phrases need, stays unbroken."""
        known = self._texts.get(text)
        if known is None and self._coming:
            self._collect()
            known = self._texts.get(text)
        if known is not None:
            return known
        self._analysed_here += 1
        terms: list[str] = []
        wholes: list[str] = []
        for word in _words(text):
            analysis = self._analysis(word)
            terms.extend(analysis.terms)
            wholes.extend(analysis.wholes)
        return " ".join(terms + wholes)

    def _collect(self) -> None:
        """Take what other processes have finished analysing. One that failed (its process
        died, was stopped) gives nothing: its texts are analysed here."""
        with self._lock:
            still: list[tuple[Sequence[str], Future[list[str]]]] = []
            for texts, analysed in self._coming:
                if not analysed.done():
                    still.append((texts, analysed))
                elif not analysed.cancelled() and analysed.exception() is None:
                    terms = analysed.result()
                    if len(terms) == len(texts):
                        self._texts.update(zip(texts, terms, strict=True))
            self._coming = still

    # -- one word --------------------------------------------------------------------------

    def word_terms(self, word: str) -> tuple[str, ...]:
        """The terms of one word as written (a Korean eojeol with its particles, an English
        word in any form). Remembered: the same word is analysed once."""
        return self._analysis(word).terms

    def query_terms(self, word: str) -> tuple[str, ...]:
        """What a typed word asks for: its terms, searched as a phrase (a compound's parts
        next to each other, so 헌법재판소 finds 헌법재판소에서 and not 헌법 alone)."""
        return self._analysis(word).terms

    def whole(self, word: str) -> str | None:
        """The compound a typed word is, when it is one (현행법: 현행 + 법): the same
        compound may be read whole in another word (현행법상), and is indexed whole too."""
        analysis = self._analysis(word)
        if len(analysis.wholes) == 1 and analysis.wholes[0] == "".join(analysis.terms):
            return analysis.wholes[0]
        return None

    def may_be_name(self, word: str) -> bool:
        """Whether the analyser took a Korean word for a proper noun (a person, a place) or
        found nothing in it: where its reading is least sure, so search also matches the
        word as written at the start of longer words (회령 in 회령시)."""
        return self._analysis(word).name

    def _analysis(self, word: str) -> _Analysis:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        analysis = self._analyse(word)
        with self._lock:
            if len(self._cache) >= CACHE_WORDS:
                self._cache.clear()
            self._cache[word] = analysis
        return analysis

    def _analyse(self, word: str) -> _Analysis:
        if len(word) > MAX_WORD:
            # Not a word a person types (a run of characters without a space, a pasted
            # blob): the written index holds it; analysing it would cost Kiwi seconds
            # (0.35 s for 2,000 syllables, 2.4 s for 20,000) for nothing anyone searches.
            return _Analysis((), (), False)
        folded = unicodedata.normalize("NFKC", word).casefold().replace("\u2019", "'")
        if self._hanja and _HANJA.search(folded):
            folded = hangul_reading(folded, self._hanja)
        if _HANGUL.search(folded):
            return self._korean_terms(folded)
        folded = _POSSESSIVE.sub("", folded)
        if folded in self._variants:  # a spelling with an apostrophe or accent (Ch'ŏngjin)
            return _Analysis((self._english(folded),), (), False)
        english = tuple(self._english(part) for part in _WORD.findall(folded))
        return _Analysis(english, (), False)

    def _english(self, word: str) -> str:
        word = self._variants.get(word, word)
        if not _LATIN.match(word):
            return word
        stem = str(self._stemmer.stemWord(word))
        return str(self._stem_variants.get(stem, stem))

    def _korean_terms(self, word: str) -> _Analysis:
        with self._lock:
            if self._korean is None:
                self._korean = self._make_korean()
            candidates = self._korean.analyze(word, top_n=4)
        tokens = _likeliest(candidates)
        terms: list[str] = []
        wholes: list[str] = []
        run: list[str] = []  # nouns written together: the parts of one compound
        name = False
        for token in tokens:
            tag = str(token.tag)
            form = str(token.form)
            if tag in _NOUNS:
                terms.append(self._english(form) if tag == "SL" else form)
                # A proper noun, or a word Kiwi does not know (out of vocabulary).
                name = name or tag == "NNP" or bool(getattr(token, "oov", False))
            elif tag in _STEMS:
                terms.append(form + "다")
            if tag in _COMPOUNDING:
                run.append(form)
                continue
            if len(run) > 1:
                wholes.append("".join(run))
            run = []
        if len(run) > 1:
            wholes.append("".join(run))
        if not terms:
            # Nothing Kiwi calls a noun or a stem (an interjection, a typo, a name it reads
            # as something else): the word itself, as written (its letters and digits: a
            # term never holds an apostrophe or another sign).
            return _Analysis(tuple(_WORD.findall(word)), (), True)
        return _Analysis(tuple(terms), tuple(wholes), name)


def _likeliest(candidates: list[tuple[list[Any], float]]) -> list[Any]:
    """Kiwi's best reading of one word, unless it begins with a determiner (관형사, MM) and
    another reading does not: a determiner is written apart from its noun, so inside one
    word it is nearly always a misreading (이수의 read as 이 + 수, 온성에서 as 온 + 성).
    A compound read whole is split where a reading nearly as likely splits it into nouns
    of two syllables or more (헌법재판소 → 헌법 재판소; not 대통령령 → 대통령 령)."""
    if not candidates:
        return []
    chosen, score = candidates[0]
    for tokens, candidate_score in candidates:
        if tokens and str(tokens[0].tag) != "MM":
            chosen, score = tokens, candidate_score
            break
    close = [tokens for tokens, other in candidates if other >= score - _SPLIT_MARGIN]
    out: list[Any] = []
    for token in chosen:
        parts = _parts(token, close) if str(token.tag) in _COMPOUNDING else None
        out.extend(parts or (token,))
    return out


# How much less likely (Kiwi's log score) a split reading may be and still be preferred.
_SPLIT_MARGIN = 1.0


def _parts(token: Any, readings: list[list[Any]]) -> list[Any] | None:
    """Nouns of two syllables or more that another reading gives for exactly the span of
    ``token``, if there are two or more of them."""
    if int(token.len) < 4:
        return None
    start, end = int(token.start), int(token.start) + int(token.len)
    for reading in readings:
        inside = [t for t in reading if start <= int(t.start) and int(t.start) + int(t.len) <= end]
        if (
            len(inside) >= 2
            and all(str(t.tag) in _COMPOUNDING and int(t.len) >= 2 for t in inside)
            and sum(int(t.len) for t in inside) == end - start
        ):
            return inside
    return None


class _Analysis(NamedTuple):
    terms: tuple[str, ...]
    wholes: tuple[str, ...]  # compounds of two nouns or more, each joined
    name: bool


def hangul_reading(word: str, readings: Mapping[str, str]) -> str:
    """A word with each hanja it knows read in Hangul (公務員 → 공무원), the first by the
    initial-sound rule (두음법칙: 勞動 → 노동, 李 → 이); other characters kept."""
    out = [readings.get(character, character) for character in word]
    if out and _HANJA.match(word[0]) and out[0] != word[0]:
        out[0] = _initial_sound(out[0])
    return "".join(out)


# Initial consonants ㄴ, ㄹ, ㅇ and the vowels before which ㄹ and ㄴ become ㅇ (ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ)
# in Hangul's syllable order (U+AC00 + (initial * 21 + vowel) * 28 + final).
_NIEUN, _RIEUL, _IEUNG = 2, 5, 11
_I_LIKE = frozenset({2, 6, 7, 12, 17, 20})


def _initial_sound(syllable: str) -> str:
    index = ord(syllable) - 0xAC00
    if not 0 <= index < 11172:
        return syllable
    initial, vowel, final = index // 588, (index % 588) // 28, index % 28
    if initial == _RIEUL:
        initial = _IEUNG if vowel in _I_LIKE else _NIEUN
    elif initial == _NIEUN and vowel in _I_LIKE - {2}:
        initial = _IEUNG
    return chr(0xAC00 + (initial * 21 + vowel) * 28 + final)


@functools.cache
def shared_analyzer() -> TextAnalyzer:
    """The analyser every connection of this process indexes with (the SQL function
    ``caseapp_terms``, registered on each SQLite connection by caseapp/store/engine.py), so
    that an index is written and searched alike and Kiwi's model is read once."""
    return TextAnalyzer(
        read_variants(default_variants_file()),
        kiwi_with(read_words(default_words_file())),
        read_hanja(default_hanja_file()),
    )


def sql_terms(*texts: str | None) -> str:
    """``caseapp_terms(a, b, ...)``: the analysed terms of the texts, for an index column.
    The last answer is kept: where a phrase has a best-first list (migration 0033), its
    trigger asks for the same row's terms right after the search index's trigger did."""
    global _last_terms
    last = _last_terms
    if last is not None and last[0] == texts:
        return last[1]
    analyzer = shared_analyzer()
    terms = " ".join(analyzer.index_text(text) for text in texts if text)
    _last_terms = (texts, terms)
    return terms


_last_terms: tuple[tuple[str | None, ...], str] | None = None


def fold(word: str) -> str:
    """A word as the index compares it: NFKC, lower case, Latin accents removed (as FTS5's
    ``remove_diacritics 2`` and PostgreSQL's ``unaccent`` do)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", word).casefold())
    return unicodedata.normalize("NFC", _LATIN_MARKS.sub("", decomposed))


# Combining marks on Latin letters only (every character of the block is a nonspacing mark):
# Hangul syllables decompose into jamo, not marks, and are composed again by NFC. Removed by
# one C call per word (a test per character had been most of marking a search's passages).
_LATIN_MARKS = re.compile("[\u0300-\u036f]+")


def words_and_gaps(text: str) -> list[str]:
    """A text cut into what stands before its first word, then each word and what follows
    it, in order: ``[gap, word, gap, word, ..., gap]``. Its words are ``[1::2]``; joined, the
    pieces are the text. (For marking a passage: one C call per text, and a window of words
    is a slice, where a match object per word had been most of the cutting.)"""
    return _MARKABLE_PIECES.split(text)


# A word character that is not a separator of _BETWEEN_WORDS (the interpunct, circled numbers).
_LETTER = r"[^\W\u318d\u119e\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]"
_MARKABLE_PIECES = re.compile(rf"({_LETTER}+(?:['\u2019]{_LETTER}+)*)")


# What separates words besides signs that are not letters: Korean's interpunct written with
# the letter arae-a (시장ㆍ군수ㆍ구청장, U+318D, and its jamo U+119E, which NFKC makes of
# it) and circled or parenthesised numbers, which count as digits (①행정청이).
_BETWEEN_WORDS = re.compile(
    r"[^\w'\u2019]+|[\u318d\u119e\u2460-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]+"
)


def _words(text: str) -> Iterable[str]:
    """Space-separated words, cut also where a sign glues two words (③대통령은, A/B,
    시장ㆍ군수); an apostrophe inside a word stays (Ch'ŏngjin, Hoeryong's)."""
    for chunk in text.split():
        for piece in _BETWEEN_WORDS.split(chunk):
            piece = piece.strip("'\u2019")
            if piece:
                yield piece
