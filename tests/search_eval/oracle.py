"""The morphological oracle: which documents a query means, and which queries to ask.

Korean (Kiwi). A document is relevant to a noun N when Kiwi's analysis of it has N as a
noun token (NNG, NNP or NR), on its own or as one part of a compound written without
spaces: Kiwi itself splits 헌법재판소 into 헌법 + 재판소 and 교육공무원법 into 교육 + 공무원 + 법,
so 재판소 and 공무원 are relevant there. A word that Kiwi keeps as one dictionary entry is
never split further: 대통령령 (a presidential decree) is one NNG token, so a document that
has only 대통령령 is not relevant to 대통령; by the same rule Kiwi keeps 국무총리, 대법원장 and
공무원법 whole (국가공무원법 is 국가 + 공무원법), so 공무원 is not relevant to a document
whose only mention is 국가공무원법. The oracle takes Kiwi's word boundaries as they are and
adds no splitting of its own.

English (Snowball). Words are the index's words (runs of letters and digits); two words
are the same when their Snowball English stems are, after the British stems of
variants.PAIRS are mapped to the American ones. A quoted two-word phrase is relevant where
two adjacent words have the two stems in that order.

Queries are drawn per class from the corpus's own vocabulary with a fixed seed, among
words in 2..100 documents, never from the titles (source ids), and never chosen by what
the search finds. Results are cached in oracle.json (see ``main``), so that the test needs
neither Kiwi nor Snowball; tests/test_search_eval.py checks the cache is current.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.search_eval import variants
from tests.search_eval.documents import Document, corpus_files, load_documents

HERE = Path(__file__).resolve().parent
CACHE = HERE / "oracle.json"
SEED = 16  # the number; change it only to draw a different sample on purpose
PER_CLASS = 60
MIN_DF, MAX_DF = 2, 100

KOREAN_CLASSES = ("ko_noun_2", "ko_noun_3plus", "ko_compound_part", "ko_noun_particle")
ENGLISH_CLASSES = ("en_base", "en_inflected", "en_variant", "en_phrase")
CLASSES = KOREAN_CLASSES + ENGLISH_CLASSES

NOUN_TAGS = frozenset({"NNG", "NNP", "NR"})
_HANGUL_WORD = re.compile(r"^[\uac00-\ud7a3]+$")
_WORD = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer calls a word
_ALPHA = re.compile(r"^[a-z]+$")
# (after a final consonant, after a vowel); ㄹ-final nouns take the vowel form of 으로.
PARTICLES = (("에서", "에서"), ("으로", "로"), ("은", "는"), ("이", "가"), ("을", "를"))
PARTICLES += (("의", "의"), ("에서는", "에서는"))
STOPWORDS = frozenset(  # a text block: one word a line would run to a hundred lines
    re.findall(
        r"[a-z]+",
        """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers him his how i if in into is it its
    itself may me might more most must my no nor not of off on once only or other our out
    over own same shall she should so some such than that the their them then there these
    they this those through to too under until up upon very was we were what when where
    whether which while who whom why will with would you your""",
    )
)


@dataclass(frozen=True)
class Query:
    text: str  # as typed into the search box
    relevant: frozenset[str]  # document codes


Oracle = dict[str, list[Query]]


# -- Korean ---------------------------------------------------------------------------------


@dataclass
class KoreanVocabulary:
    documents: dict[str, set[str]]  # code -> its nouns and noun runs (title included)
    frequency: Counter[str]  # noun -> documents it occurs in, outside titles
    occurrences: Counter[str]
    in_compounds: Counter[str]  # occurrences joined, without a space, to another noun


def korean_vocabulary(docs: Sequence[Document]) -> KoreanVocabulary:
    from kiwipiepy import Kiwi  # only when the cache is rebuilt or checked

    kiwi = Kiwi()
    vocabulary = KoreanVocabulary({}, Counter(), Counter(), Counter())
    texts = [doc.indexed for doc in docs]
    for doc, tokens in zip(docs, kiwi.tokenize(texts), strict=True):
        body_start = len(doc.title) + 1
        forms: set[str] = set()
        body: set[str] = set()
        for index, token in enumerate(tokens):
            if token.tag not in NOUN_TAGS:
                continue
            forms.add(token.form)
            if token.start < body_start or not _HANGUL_WORD.match(token.form):
                continue
            body.add(token.form)
            vocabulary.occurrences[token.form] += 1
            if _joined_to_noun(tokens, index):
                vocabulary.in_compounds[token.form] += 1
        vocabulary.documents[doc.code] = forms | _spans(tokens)
        vocabulary.frequency.update(body)
    return vocabulary


def _spans(tokens: Sequence[Any]) -> set[str]:
    """The words written by runs of nouns joined without spaces (국회 + 의원 -> 국회의원):
    Kiwi keeps 국회의원 whole in one sentence and splits it in the next, and a document
    with either is relevant to 국회의원."""
    runs: list[list[str]] = []
    end = -1
    for token in tokens:
        if token.tag not in NOUN_TAGS:
            end = -1
            continue
        if token.start != end:
            runs.append([])
        runs[-1].append(token.form)
        end = token.start + token.len
    return {
        "".join(run[i:j])
        for run in runs
        for i in range(len(run))
        for j in range(i + 2, min(len(run), i + 6) + 1)
    }


def _joined_to_noun(tokens: Sequence[Any], index: int) -> bool:
    token = tokens[index]
    before = tokens[index - 1] if index else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    return bool(
        (before and before.tag in NOUN_TAGS and before.start + before.len == token.start)
        or (after and after.tag in NOUN_TAGS and token.start + token.len == after.start)
    )


def with_particle(noun: str, rng: random.Random) -> str:
    """The noun as a caseworker types it with a particle, in the allomorph its last
    syllable takes (회령으로, 서울로, 헌법에서는)."""
    after_consonant, after_vowel = rng.choice(PARTICLES)
    final = (ord(noun[-1]) - 0xAC00) % 28  # 0: no final consonant; 8: ㄹ
    if after_consonant == "으로":
        return noun + ("으로" if final not in (0, 8) else "로")
    return noun + (after_consonant if final else after_vowel)


def korean_queries(docs: Sequence[Document]) -> Oracle:
    vocabulary = korean_vocabulary(docs)
    usable = sorted(
        noun
        for noun, df in vocabulary.frequency.items()
        if MIN_DF <= df <= MAX_DF and len(noun) >= 2
    )

    def mostly_compound(noun: str) -> bool:
        return vocabulary.in_compounds[noun] * 2 > vocabulary.occurrences[noun]

    def relevant(noun: str) -> frozenset[str]:
        return frozenset(code for code, forms in vocabulary.documents.items() if noun in forms)

    pools = {
        "ko_noun_2": [n for n in usable if len(n) == 2 and not mostly_compound(n)],
        "ko_noun_3plus": [n for n in usable if len(n) >= 3 and not mostly_compound(n)],
        "ko_compound_part": [n for n in usable if mostly_compound(n)],
        "ko_noun_particle": usable,
    }
    oracle: Oracle = {}
    for name, pool in pools.items():
        rng = random.Random(f"{SEED}-{name}")
        nouns = _sample(pool, rng)
        typed = [with_particle(n, rng) if name == "ko_noun_particle" else n for n in nouns]
        oracle[name] = [Query(t, relevant(n)) for t, n in zip(typed, nouns, strict=True)]
    return oracle


# -- English --------------------------------------------------------------------------------


class EnglishKeys:
    """word -> its Snowball stem, British stems mapped to American ones."""

    def __init__(self) -> None:
        import snowballstemmer  # only when the cache is rebuilt or checked

        self._stemmer = snowballstemmer.stemmer("english")
        self._british: dict[str, str] = {}
        for british, american in variants.PAIRS + variants.INFLECTED:
            self._british[self._stemmer.stemWord(british)] = self._stemmer.stemWord(american)
        self._cache: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        key = self._cache.get(word)
        if key is None:
            stem = self._stemmer.stemWord(word)
            key = self._cache[word] = self._british.get(stem, stem)
        return key


def english_words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


@dataclass
class EnglishVocabulary:
    keys: dict[str, list[str]]  # code -> the key of every word, in order (title included)
    frequency: Counter[str]  # key -> documents, outside titles
    forms: dict[str, Counter[str]]  # key -> surface forms and their counts
    pairs: Counter[tuple[str, str]]  # adjacent key pairs -> documents, outside titles
    pair_forms: dict[tuple[str, str], Counter[tuple[str, str]]]
    titles: set[str]  # words of the titles (source ids), never queried


def english_vocabulary(docs: Sequence[Document], key: EnglishKeys) -> EnglishVocabulary:
    vocabulary = EnglishVocabulary({}, Counter(), defaultdict(Counter), Counter(), {}, set())
    for doc in docs:
        vocabulary.titles.update(english_words(doc.title))
    for doc in docs:
        title_words = len(english_words(doc.title))
        words = english_words(doc.indexed)
        vocabulary.keys[doc.code] = [key(w) for w in words]
        body = words[title_words:]
        vocabulary.frequency.update({key(w) for w in body if _queryable(w, vocabulary.titles)})
        for word in body:
            if _queryable(word, vocabulary.titles):
                vocabulary.forms[key(word)][word] += 1
        seen: set[tuple[str, str]] = set()
        for first, second in itertools.pairwise(body):
            if _queryable(first, vocabulary.titles) and _queryable(second, vocabulary.titles):
                pair = (key(first), key(second))
                seen.add(pair)
                vocabulary.pair_forms.setdefault(pair, Counter())[(first, second)] += 1
        vocabulary.pairs.update(seen)
    return vocabulary


def _queryable(word: str, titles: set[str]) -> bool:
    return bool(_ALPHA.match(word)) and len(word) >= 3 and word not in STOPWORDS | titles


def _with_keys(vocabulary: EnglishVocabulary, wanted: Iterable[str]) -> frozenset[str]:
    wanted = set(wanted)
    return frozenset(c for c, keys in vocabulary.keys.items() if wanted.intersection(keys))


def _with_pair(vocabulary: EnglishVocabulary, pair: tuple[str, str]) -> frozenset[str]:
    return frozenset(
        code
        for code, keys in vocabulary.keys.items()
        if any((a, b) == pair for a, b in itertools.pairwise(keys))
    )


def english_queries(docs: Sequence[Document]) -> Oracle:
    key = EnglishKeys()
    vocabulary = english_vocabulary(docs, key)
    # Keys written in more than one form: there the form typed and the forms written
    # can differ, which is what these two classes measure.
    varied = sorted(
        k
        for k, forms in vocabulary.forms.items()
        if len(forms) > 1 and MIN_DF <= vocabulary.frequency[k] <= MAX_DF
    )
    base = {k: min(vocabulary.forms[k], key=lambda w: (len(w), w)) for k in varied}
    inflected = sorted(
        (word, k)
        for k in varied
        for word in vocabulary.forms[k]
        if word != base[k] and word.endswith(("s", "ed", "ing"))
    )
    oracle: Oracle = {}
    rng = random.Random(f"{SEED}-en_base")
    oracle["en_base"] = [Query(base[k], _with_keys(vocabulary, [k])) for k in _sample(varied, rng)]
    rng = random.Random(f"{SEED}-en_inflected")
    oracle["en_inflected"] = [
        Query(w, _with_keys(vocabulary, [k])) for w, k in _sample(inflected, rng)
    ]
    # Every listed spelling whose word occurs in the corpus, in either spelling; the
    # document-frequency ceiling does not apply: "license" is the point of the class.
    spelled = sorted({w for pair in variants.PAIRS + variants.INFLECTED for w in pair})
    oracle["en_variant"] = [
        Query(w, relevant) for w in spelled if (relevant := _with_keys(vocabulary, [key(w)]))
    ]
    phrases = sorted(p for p, df in vocabulary.pairs.items() if MIN_DF <= df <= MAX_DF)
    rng = random.Random(f"{SEED}-en_phrase")
    oracle["en_phrase"] = []
    for pair in _sample(phrases, rng):
        # Typed as its most frequent surface form; ties broken alphabetically.
        counts = vocabulary.pair_forms[pair]
        first, second = min(counts, key=lambda forms: (-counts[forms], forms))
        oracle["en_phrase"].append(Query(f'"{first} {second}"', _with_pair(vocabulary, pair)))
    return oracle


# -- both, and the cache ----------------------------------------------------------------------


def _sample(pool: Sequence[Any], rng: random.Random) -> list[Any]:
    return sorted(rng.sample(list(pool), min(PER_CLASS, len(pool))))


def build(docs: Sequence[Document] | None = None) -> Oracle:
    # Each language's queries are judged against every document, as the search sees them
    # all: a Korean bill quotes "UAE" and an e-mail address at assembly.go.kr.
    docs = list(load_documents() if docs is None else docs)
    return {**korean_queries(docs), **english_queries(docs)}


def fingerprint() -> str:
    """The corpus and the code that draws and judges the queries: the cache is current
    while this is unchanged."""
    digest = hashlib.sha256()
    sources = [HERE / "documents.py", HERE / "oracle.py", HERE / "variants.py"]
    for path in [*corpus_files(), *sources]:
        digest.update(path.relative_to(HERE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def to_json(oracle: Oracle) -> dict[str, Any]:
    return {
        "fingerprint": fingerprint(),
        "classes": {
            name: [[q.text, sorted(q.relevant)] for q in queries]
            for name, queries in oracle.items()
        },
    }


def load(path: Path = CACHE) -> tuple[str, Oracle]:
    """The cached oracle and the fingerprint it was built for."""
    data = json.loads(path.read_text(encoding="utf-8"))
    oracle = {
        name: [Query(text, frozenset(codes)) for text, codes in queries]
        for name, queries in data["classes"].items()
    }
    return data["fingerprint"], oracle


def write(oracle: Oracle, path: Path = CACHE) -> None:
    text = json.dumps(to_json(oracle), ensure_ascii=False, indent=0, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rebuild or check the cached oracle.")
    parser.add_argument("--check", action="store_true", help="fail if the cache is stale")
    args = parser.parse_args(argv)
    oracle = build()
    if args.check:
        stamp, cached = load()
        if stamp != fingerprint() or cached != oracle:
            print("oracle.json is out of date: run python -m tests.search_eval.oracle")
            return 1
        return 0
    write(oracle)
    sizes = ", ".join(f"{name} {len(queries)}" for name, queries in oracle.items())
    print(f"wrote {CACHE.name}: {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
