"""How alike two Thai texts are, for joining rows that name the same thing in different words (H24, H42)."""

from __future__ import annotations

from functools import lru_cache

from .thai import matching_key


@lru_cache(maxsize=4096)
def trigrams(text: str) -> frozenset[str]:
    """Character trigrams of the text's matching key (spaces, digit systems and sara am ignored)."""
    key = matching_key(text)
    return frozenset(key[index : index + 3] for index in range(max(len(key) - 2, 1)))


def similarity(first: str, second: str) -> float:
    """0 … 1: the Jaccard similarity of the two texts' trigrams."""
    a, b = trigrams(first), trigrams(second)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(short: str, long: str) -> float:
    """0 … 1: the share of the shorter text's trigrams found in the longer one (a truncated name)."""
    a, b = trigrams(short), trigrams(long)
    if not a:
        return 0.0
    return len(a & b) / len(a)
