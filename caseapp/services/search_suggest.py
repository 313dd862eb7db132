""" "Did you mean": when a search finds nothing, the nearest words the archive's own index
holds. Only words as written in records are offered (never an analysed stem), and only one
a search then finds: a suggestion is a query that works."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from caseapp.store.text_analysis import fold


def distance(a: str, b: str, most: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from ``a`` to ``b``; anything
    over ``most`` is reported as ``most + 1`` without finishing."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > most:
            return most + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    """One edit in a short word, two from eight letters (or four Hangul syllables) on."""
    long_enough = 4 if any("\uac00" <= c <= "\ud7a3" for c in word) else 8
    return 2 if len(word) >= long_enough else 1


def nearest(word: str, words: Sequence[tuple[str, int]]) -> str | None:
    """The index word nearest to ``word``; between equally near ones, the commonest."""
    target = fold(word)
    most = allowed_edits(target)
    best: tuple[int, int, str] | None = None
    for candidate, records in words:
        if candidate == target:
            return None  # the word is there: its search failed for another reason
        edits = distance(target, candidate, most)
        if edits <= most and (best is None or (edits, -records) < best[:2]):
            best = (edits, -records, candidate)
    return None if best is None else best[2]


def corrected(
    typed: Sequence[str],
    finds: Callable[[str], bool],
    words_from: Callable[[str], Sequence[tuple[str, int]]],
) -> dict[str, str]:
    """For each typed word that finds nothing alone, the nearest index word (read from
    ``words_from(first character)``); words that find something are left as they are."""
    out: dict[str, str] = {}
    for word in dict.fromkeys(typed):
        if not word or finds(word):
            continue
        replacement = nearest(word, words_from(fold(word)[:1]))
        if replacement:
            out[word] = replacement
    return out
