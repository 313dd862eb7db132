"""A new passphrase's strength: a rough bar while it is typed, and the rule that refuses a
weak one (``check_new_passphrase``), for the command line and the window alike.

The rule: at least ``MIN_LENGTH`` characters, and zxcvbn (Dropbox's estimator, the Python
port) must rate it at least ``MIN_SCORE`` (about 10^8 guesses; each guess also costs the key
derivation). zxcvbn's dictionaries are English, so Hangul is judged this way:

- a Hangul syllable counts as one character for the length, so a four-syllable word alone
  ("비밀번호") is too short whatever it means;
- the common Korean passwords below are replaced by their English counterparts before the
  estimate, so "비밀번호1234" is refused as "password1234" is;
- any other Hangul is brute force to zxcvbn at 10 guesses a syllable (fewer than the 11,172
  syllables, so a cautious estimate): a Korean sentence of eight syllables or more passes,
  and repeats ("가가가가가가가가") are still caught as repeats.

Why a passphrase is refused is a ``Message`` code, never the passphrase or a part of it.
"""

from __future__ import annotations

import math
import string
from typing import Any

from caseapp.services.messages import Message

MIN_LENGTH = 8
MIN_SCORE = 3
LEVELS = ("too short", "weak", "fair", "good", "strong")
# zxcvbn judges this many characters at most (it refuses more: its matching is quadratic in
# the length); a longer passphrase is judged by its beginning.
ESTIMATED_PREFIX = 72

# Common Korean passwords and words, as the English zxcvbn knows them by.
KOREAN_COMMON = {
    "비밀번호": "password",
    "패스워드": "password",
    "암호": "password",
    "사랑해요": "iloveyou",
    "사랑해": "iloveyou",
    "사랑": "love",
    "대한민국": "korea",
    "한국": "korea",
    "안녕하세요": "hello",
    "안녕": "hello",
    "하나둘셋넷": "1234",
    "일이삼사": "1234",
    "관리자": "admin",
    "가나다라마바사": "abcdefg",
    "가나다라": "abcd",
}

# zxcvbn's match patterns, reduced to why a passphrase is refused.
_REASONS = {
    "repeat": Message("passphrase.repeated"),
    "sequence": Message("passphrase.sequence"),
    "spatial": Message("passphrase.keyboard"),
    "date": Message("passphrase.date"),
    "regex": Message("passphrase.date"),  # its only regex is a recent year
}
_GUESSABLE = Message("passphrase.guessable")


def estimated_bits(passphrase: str) -> float:
    pools = 0
    if any(c in string.ascii_lowercase for c in passphrase):
        pools += 26
    if any(c in string.ascii_uppercase for c in passphrase):
        pools += 26
    if any(c in string.digits for c in passphrase):
        pools += 10
    if any(c in string.punctuation or c == " " for c in passphrase):
        pools += 33
    if any(not c.isascii() for c in passphrase):
        pools += 2000
    if not pools:
        return 0.0
    return len(passphrase) * math.log2(pools)


def strength(passphrase: str) -> int:
    """0 (too short) to 4 (strong), for the bar; a passphrase the rule refuses is at most 1."""
    if len(passphrase) < MIN_LENGTH:
        return 0
    if check_new_passphrase(passphrase) is not None:
        return 1
    bits = estimated_bits(passphrase)
    if bits < 65:
        return 2
    if bits < 90:
        return 3
    return 4


def _as_estimated(passphrase: str) -> str:
    text = passphrase[:ESTIMATED_PREFIX]
    for korean, english in KOREAN_COMMON.items():
        text = text.replace(korean, english)
    return text[:ESTIMATED_PREFIX]


def _reason(result: dict[str, Any]) -> Message:
    matches = result.get("sequence") or []
    if not matches:
        return _GUESSABLE
    longest = max(matches, key=lambda match: len(match["token"]))
    pattern = longest["pattern"]
    if pattern == "dictionary":
        if longest.get("dictionary_name") == "passwords":
            return Message("passphrase.common")
        if "names" in str(longest.get("dictionary_name")):
            return Message("passphrase.name")
        return Message("passphrase.word")
    return _REASONS.get(pattern, _GUESSABLE)


def check_new_passphrase(passphrase: str) -> Message | None:
    """Why ``passphrase`` may not protect an archive, or None when it may."""
    if len(passphrase) < MIN_LENGTH:
        return Message("passphrase.too_short", count=MIN_LENGTH)
    from zxcvbn import zxcvbn  # its word lists load here (25 ms), not for every command

    result = zxcvbn(_as_estimated(passphrase))
    if int(result["score"]) >= MIN_SCORE:
        return None
    return _reason(result)
