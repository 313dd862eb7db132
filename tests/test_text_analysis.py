"""The analysis behind search (issue 16), on real text: Korean as Kiwi reads it, English
stems and the field's spellings. Sentences are from the Constitution of the Republic of Korea
and the evaluation corpus's UN texts (tests/search_eval/SOURCES.md); place names as the
field writes them."""

from __future__ import annotations

import random
import unicodedata

import pytest

from caseapp.store.text_analysis import (
    TextAnalyzer,
    default_variants_file,
    fold,
    read_variants,
)


@pytest.fixture(scope="module")
def analyzer() -> TextAnalyzer:
    return TextAnalyzer(read_variants(default_variants_file()))


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("회령으로", ("회령",)),  # a particle is not part of the word
        ("보위부에서는", ("보위부",)),
        ("헌법에서", ("헌법",)),
        ("헌법재판소에서는", ("헌법", "재판소")),  # a compound's parts
        ("육아휴직을", ("육아", "휴직")),
        ("대통령령으로", ("대통령령",)),  # a decree, not the president
        ("체포되었다", ("체포",)),
        ("③대통령은", ("3", "대통령")),  # a circled number glued to a word
    ],
)
def test_a_korean_word_gives_its_nouns(analyzer: TextAnalyzer, typed: str, terms) -> None:
    assert analyzer.word_terms(typed) == terms


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("camps", "camp"),
        ("prisoners", "prisoner"),
        ("labor", "labour"),
        ("licenses", "licence"),
        ("licensed", "Licences"),
        ("offense", "offences"),
        ("Hoeryŏng", "Hoeryong's"),
        ("Ch'ŏngjin", "Chongjin"),
        ("Ch\u2019ŏngjin", "Cheongjin"),
    ],
)
def test_english_forms_and_spellings_meet(analyzer: TextAnalyzer, one: str, other: str) -> None:
    assert analyzer.word_terms(one) == analyzer.word_terms(other)


@pytest.mark.parametrize(("one", "other"), [("camp", "campaign"), ("labour", "laboratory")])
def test_different_words_stay_apart(analyzer: TextAnalyzer, one: str, other: str) -> None:
    assert analyzer.word_terms(one) != analyzer.word_terms(other)


def test_a_text_keeps_its_terms_in_order(analyzer: TextAnalyzer) -> None:
    article = (
        "모든 국민은 인간으로서의 존엄과 가치를 가지며, 행복을 추구할 권리를 가진다. "
        "No one shall be held in slavery; forced labour shall be prohibited."
    )
    terms = analyzer.terms(article)
    for expected in ("국민", "인간", "존엄", "가치", "행복", "추구", "권리"):
        assert expected in terms
    assert terms.index("국민") < terms.index("권리")
    # The English sentence's phrase stays adjacent, so a quoted phrase can find it.
    forced = terms.index(analyzer.word_terms("forced")[0])
    assert terms[forced + 1] == analyzer.word_terms("labor")[0]


def test_the_spelling_table_is_editable(tmp_path) -> None:
    table = tmp_path / "variants.csv"
    table.write_text("# a comment\nyodok,yoduk, Yodŏk\n\n", encoding="utf-8")
    variants = read_variants(table)
    assert variants == {"yoduk": "yodok", "yodŏk": "yodok"}
    analyzer = TextAnalyzer(variants)
    assert analyzer.word_terms("Yodŏk") == analyzer.word_terms("yodok")


@pytest.mark.parametrize("blob", ["가" * 2_000, "가나다라" * 5_000, "a" * 100_000])
def test_a_run_without_spaces_is_not_analysed(analyzer: TextAnalyzer, blob: str) -> None:
    """A pasted run of characters with no space is no word anyone searches: it is left to
    the written index, not handed to Kiwi (seconds each) or kept as a giant term."""
    assert analyzer.terms(f"회령에서 {blob} camps") == ["회령", "camp"]


def folded_character_by_character(word: str) -> str:
    """The fold as first written: every nonspacing mark of the Latin block dropped, one
    character at a time (the app now drops the block in one call)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", word).casefold())
    kept = "".join(
        c for c in decomposed if not (unicodedata.category(c) == "Mn" and "\u0300" <= c <= "\u036f")
    )
    return unicodedata.normalize("NFC", kept)


def test_fold_drops_latin_accents_and_nothing_else() -> None:
    assert fold("Café") == "cafe"
    assert fold("Ch'ŏngjin") == "ch'ongjin"
    assert fold("ＨＯＥＲＹＯＮＧ") == "hoeryong"  # full width, NFKC
    assert fold("회령에서") == "회령에서"  # Hangul decomposes to jamo, not marks
    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for character in every:
        assert fold(character) == folded_character_by_character(character), hex(ord(character))
    rng = random.Random(18)
    pool = every[:0x3000] + [chr(c) for c in range(0xAC00, 0xAD00)]
    for _ in range(20_000):
        word = "".join(rng.choice(pool) for _ in range(rng.randint(1, 8)))
        assert fold(word) == folded_character_by_character(word), repr(word)
