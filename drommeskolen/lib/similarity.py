"""Simple Norwegian text similarity, to suggest clusters of short answers.

No model: normalise (lower case, letters and digits only), drop Norwegian stop words,
strip common inflection endings ("stemming light"), then compare answers as token sets
(Jaccard) and join answers whose similarity reaches a threshold (single linkage). It is a
help for the leader, who decides the clusters; it must be cheap, predictable and testable.
"""

import re
from collections.abc import Sequence

_STOP_WORDS_TEXT = """
    og i jeg det at en et den til er som på de med han av ikke der så var meg seg men ett har om vi
    min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal
    selv sjøl her alle vil bli ble blitt kunne inn når være vært noe ville dere deg disse sine
    sitt mot også andre hvis både bare enn mye mer før jo dette dei ein eit eg ho ikkje kva
    vår våre vårt hverandre få får fått noen ingen hele alltid aldri veldig litt blir bør må
    mine mitt din ditt dine deres hennes sånn slik the to
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# Tried longest first, so that "ene" wins over "e".
_SUFFIX_LIST = (
    "heten",
    "hetene",
    "elsene",
    "elsen",
    "ingen",
    "ingene",
    "ende",
    "ene",
    "ane",
    "het",
    "ing",
    "lig",
    "ige",
    "ere",
    "ert",
    "est",
    "else",
    "er",
    "en",
    "et",
    "ar",
    "te",
    "ig",
    "e",
    "a",
    "s",
)
_SUFFIXES = tuple(sorted(_SUFFIX_LIST, key=len, reverse=True))
_MIN_STEM = 3
_WORD = re.compile(r"[0-9a-zæøåäöü]+")

DEFAULT_THRESHOLD = 0.34


def normalise(text: str) -> list[str]:
    """Lower-case words of letters and digits (Norwegian letters kept)."""
    return _WORD.findall(text.lower().replace("é", "e").replace("è", "e"))


def stem(word: str) -> str:
    """Strip the longest common ending that leaves at least three letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> frozenset[str]:
    """The stemmed content words of a text."""
    return frozenset(stem(word) for word in normalise(text) if word not in STOP_WORDS)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(a: str, b: str) -> float:
    return jaccard(tokens(a), tokens(b))


def suggest_clusters(texts: Sequence[str], threshold: float = DEFAULT_THRESHOLD) -> list[list[int]]:
    """Groups of indices into `texts` (two or more members each, in order of first member),
    joining every pair whose similarity reaches `threshold`. Answers alike to nothing are
    left out: the leader places them."""
    token_sets = [tokens(text) for text in texts]
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if jaccard(token_sets[i], token_sets[j]) >= threshold:
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(find(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def title_for(texts: Sequence[str]) -> str:
    """A cluster title: the shortest answer of the group (it tends to be the gist)."""
    return min(texts, key=lambda t: (len(t), t)).strip()
