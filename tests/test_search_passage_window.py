"""The passage's window is found from the matches' places alone (a 200-hit search had
looked at every word of 1,000 texts): it must be the window a word-by-word count finds."""

from __future__ import annotations

import random

from caseapp.services.search_snippets import _best_window
from caseapp.store.text_analysis import words_and_gaps


def counted_word_by_word(flags: list[bool], size: int) -> tuple[int, int]:
    """The first window with the most matches, counted over every window, then begun a
    quarter of the window before its first match (what the passage shows)."""
    if len(flags) <= size:
        return sum(flags), 0
    counts = [sum(flags[i : i + size]) for i in range(len(flags) - size + 1)]
    best = max(counts)
    first = counts.index(best)
    if best:
        hit = flags.index(True, first)
        first = max(0, min(hit - size // 4, len(flags) - size))
    return best, first


def test_the_window_is_the_one_counted_word_by_word() -> None:
    rng = random.Random(18)
    for _ in range(3000):
        total = rng.randint(1, 120)
        size = rng.randint(1, 40)
        density = rng.choice([0.0, 0.02, 0.1, 0.5, 1.0])
        flags = [rng.random() < density for _ in range(total)]
        hits = [i for i, flag in enumerate(flags) if flag]
        assert _best_window(hits, total, size) == counted_word_by_word(flags, size), (
            flags,
            size,
        )


TEXTS = [
    "2011년 겨울, 회령시 보위부에서 조사를 받았다(약 3개월). "
    "시장ㆍ군수ㆍ구청장은 ①행정청이라고 했다.",
    "Held at Chongori (Ch'ŏngjin's camp) for two years; the guards' orders weren't written.",
    "",
    "  ...  ",
    "끝",
]


def test_words_and_gaps_give_back_the_text_and_its_words_in_order() -> None:
    for text in TEXTS:
        pieces = words_and_gaps(text)
        assert "".join(pieces) == text
        assert len(pieces) % 2 == 1  # a gap before every word and one after the last
        assert all(piece.strip() == piece and piece for piece in pieces[1::2])
    assert words_and_gaps(TEXTS[0])[1::2][:4] == ["2011년", "겨울", "회령시", "보위부에서"]
    words = words_and_gaps(TEXTS[0])[1::2]
    assert words[-4:] == ["군수", "구청장은", "행정청이라고", "했다"]  # apart at ㆍ and ①
    assert "Ch'ŏngjin's" in words_and_gaps(TEXTS[1])
    assert "weren't" in words_and_gaps(TEXTS[1])
