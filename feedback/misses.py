"""What clients say that a persona misses (pure): the answers to its validation
surveys that match none of its pains and dreams.

Matching is the fit check's (`fitcheck/matching.py`), so an answer "matches" a
pain exactly when a prospect's text would: a pain or dream is its sentence and
its "how prospects say it" phrases, found by phrase and word stem, and words
common to most of the persona's pains and dreams never count alone. An answer is
read sentence by sentence (a phrase is found within one sentence, never across
two), and matches when some phrase of some pain or dream is found in one of
its sentences.

The answers that match nothing are grouped as the results page groups them
(the same words, whatever the case and spacing), most given first. The words
that recur across them (a counting word, by its stem, in at least
RECURRING_FROM of those answers) hint at what the persona leaves out.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fitcheck import matching

RECURRING_FROM = 2
RECURRING_SHOWN = 12
_SENTENCE_END = re.compile(r"[.!?;\n]+")


@dataclass(frozen=True)
class Missed:
    text: str  # As one of them wrote it.
    answers: int


@dataclass(frozen=True)
class Recurring:
    word: str  # As first written.
    answers: int


@dataclass(frozen=True)
class Misses:
    read: int  # Answers read.
    groups: tuple[Missed, ...]
    words: tuple[Recurring, ...]

    @property
    def unmatched(self) -> int:
        return sum(group.answers for group in self.groups)


def sentences(text: str) -> tuple[matching.Text, ...]:
    return tuple(
        matching.read_text(part.strip())
        for part in _SENTENCE_END.split(text)
        if part.strip()
    )


def compile_parts(parts: Iterable[Sequence[str]]) -> list[matching.Phrases]:
    """Each pain or dream as its phrases (its sentence first, then how
    prospects say it), compiled against the words common to most of them."""
    parts = [tuple(p for p in part if p.strip()) for part in parts]
    common = matching.common_stems(parts)
    return [matching.compile_phrases(part, common) for part in parts if part]


def matches_any(text: str, compiled: list[matching.Phrases]) -> bool:
    read = sentences(text)
    return any(matching.find_any(phrases, read) for phrases in compiled)


def misses(answers: Sequence[str], parts: Iterable[Sequence[str]]) -> Misses:
    compiled = compile_parts(parts)
    unmatched = [text for text in answers if not matches_any(text, compiled)]
    return Misses(len(answers), _grouped(unmatched), _recurring(unmatched))


def group_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _grouped(texts: list[str]) -> tuple[Missed, ...]:
    counts = Counter(group_key(text) for text in texts)
    shown: dict[str, str] = {}
    for text in texts:
        shown.setdefault(group_key(text), " ".join(text.split()))
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Missed(shown[key], n) for key, n in ordered)


def _recurring(texts: list[str]) -> tuple[Recurring, ...]:
    per_stem: Counter[str] = Counter()
    first_written: dict[str, str] = {}
    for text in texts:
        stems = set()
        for word in matching.words(text):
            if matching.counts(word):
                stem = matching.stem(word)
                stems.add(stem)
                first_written.setdefault(stem, word)
        per_stem.update(stems)
    common = [(stem, n) for stem, n in per_stem.most_common() if n >= RECURRING_FROM]
    common.sort(key=lambda item: (-item[1], first_written[item[0]]))
    return tuple(
        Recurring(first_written[stem], n) for stem, n in common[:RECURRING_SHOWN]
    )
