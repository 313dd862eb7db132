"""A rough strength estimate for a new passphrase, shown while it is typed.

Estimated as length x log2(alphabet): a guide for the user, not a guarantee. Hangul counts
as a large alphabet, so a Korean phrase is rated fairly."""

from __future__ import annotations

import math
import string

MIN_LENGTH = 8
LEVELS = ("too short", "weak", "fair", "good", "strong")


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
    """0 (too short) to 4 (strong)."""
    if len(passphrase) < MIN_LENGTH:
        return 0
    bits = estimated_bits(passphrase)
    if bits < 45:
        return 1
    if bits < 65:
        return 2
    if bits < 90:
        return 3
    return 4
