"""Remove other pupils' names from a text (the per-reader copy of an activity plan).

A plan is about one pupil, but its free text may name others; the copy a guardian or the
pupil reads has them replaced by «[annen elev]» (LAW.md: other pupils' personal matters
in a plan are confidential). Pure Python, no Django: the caller gives the names.

Rules:
- every first name, last name and full name of the pupils given is a *term*; a
  multi-word first name ("Anne Marie") also gives each of its words;
- matching is case-insensitive and on whole words, where letters (æ, ø, å …), digits and
  hyphens belong to the word: "Ali" is not found in "Alibi", and "Anne" not in "Kari-Anne";
- a Norwegian genitive ("Olas", "Ola's") is removed with the name;
- longer terms win: "Per Hansen" goes as one, and a kept full name ("Kari Hansen", a
  staff member) protects the other pupil's "Hansen" inside it — a bare "Hansen" still goes;
- a term that is also a kept name (the reader's own child's first name, say) stays: the
  copy cannot tell the two apart, and it reveals nothing the reader does not know.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

REPLACEMENT = "«[annen elev]»"
# Shorter terms are too likely to be ordinary words or initials.
MIN_TERM_LENGTH = 2


@dataclass(frozen=True)
class PersonName:
    first_name: str
    last_name: str


def _norm(term: str) -> str:
    return " ".join(term.split()).casefold()


def terms_of(names: Iterable[PersonName]) -> set[str]:
    """Every term of these names: first, last, full, and the words of multi-word names."""
    terms: set[str] = set()
    for name in names:
        first, last = _norm(name.first_name), _norm(name.last_name)
        terms.update({first, last, _norm(f"{first} {last}")})
        for part in (first, last):
            terms.update(part.split(" "))
    return {term for term in terms if len(term) >= MIN_TERM_LENGTH}


@dataclass(frozen=True)
class Redactor:
    """Compiled once for a set of names; `redact()` it over each text of a copy."""

    pattern: re.Pattern[str] | None
    keep: frozenset[str]

    def redact(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        return self.pattern.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        if _norm(match.group("name")) in self.keep:
            return match.group(0)
        return REPLACEMENT


def _alternative(term: str) -> str:
    # Any run of white space between the words of a name.
    return r"\s+".join(re.escape(word) for word in term.split(" "))


def redactor(
    remove: Iterable[PersonName], keep: Iterable[PersonName] = (), keep_full: Iterable[PersonName] = ()
) -> Redactor:
    """A redactor that removes the names in `remove` but never the names in `keep`, nor
    the full names (only) in `keep_full` — staff named in the plan, say."""
    kept = terms_of(keep) | {_norm(f"{name.first_name} {name.last_name}") for name in keep_full}
    removed = terms_of(remove)
    if not removed - kept:
        return Redactor(pattern=None, keep=frozenset(kept))
    # Kept terms take part in the match, so that the longest term at a place decides.
    terms = sorted(removed | kept, key=lambda term: (-len(term), term))
    alternatives = "|".join(_alternative(term) for term in terms)
    pattern = re.compile(rf"(?<![\w-])(?P<name>{alternatives})(?:['’]?s)?(?![\w-])", re.IGNORECASE)
    return Redactor(pattern=pattern, keep=frozenset(kept))


def redact(
    text: str, remove: Iterable[PersonName], keep: Iterable[PersonName] = (), keep_full: Iterable[PersonName] = ()
) -> str:
    return redactor(remove, keep, keep_full).redact(text)
