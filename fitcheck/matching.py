"""How a rubric's phrases are found in what a contact wrote: by phrase and word stem,
never by a single common word.

Pure: the standard library and the `snowballstemmer` package only, so the scoring
rules that use it stay testable without a database.

Both sides are cut into words, lower-cased, with apostrophes dropped ("don't" is
"dont"). Each word is reduced to its stem by the Snowball English stemmer, so
"invoices", "invoicing" and "invoice" are one word. A word of a phrase *counts*
when it is not a stop word (STOP_WORDS: "the", "my", "every", and verbs so common in
how people write that they say nothing, like "make", "get", "want"), has at least
MIN_WORD_LENGTH letters, and is not one of the rubric's common words (found in more
than half of its texts: see `common_stems`).

A phrase whose counting words are w_1..w_n is found in one text (one item of a list,
never across two) when the text holds at least `need(n)` of them:

    need(n) = n for n <= 2,  2 for n = 3 or 4,  3 for n >= 5

so a long sentence is found from the heart of it ("meetings ... decision" for
"Meetings that end without decisions"), a two-word phrase only whole, and no phrase
from one word it shares with the text unless that word is the whole phrase. A
phrase with no counting word at all ("On my own") is found only word for word. Two
stems of five letters or more also match when one begins the other, so "physio"
finds "physiotherapist" and "health" finds "healthcare".
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer

MIN_WORD_LENGTH = 3
# A text of at most this many words, whose counting words are all in a phrase,
# names it ("Pricing" names "No idea how to set prices...").
SHORT_ANSWER = 3
# Stems at least this long also match a stem they begin (compound words).
PREFIX_LENGTH = 5
# "Most" of the persona's texts: more than this share of them.
COMMON_SHARE = 0.5
# With fewer texts than this, no word is common: "most of two" says nothing.
COMMON_MIN_TEXTS = 3
# Distinct texts whose words are kept, and distinct words whose stems are kept. A
# re-score reads the same words over and over; both bounds keep memory small.
TEXTS_CACHED = 1 << 16
STEMS_CACHED = 1 << 16
# The usual English stop words, contractions without their apostrophe, and the
# verbs so common in how people write that they say nothing about a pain.
STOP_WORDS = frozenset(
    """
    a about above after again against all also always am an and any anyone
    anything are arent as at be because been before being below between both but
    by can cannot cant could couldnt did didnt do does doesnt doing done dont
    down during each either else even ever every everyone everything few for
    from further had hadnt has hasnt have havent having he hed hell her here
    hers herself hes him himself his how i id if ill im in into is isnt it its
    itself ive just least less let lets like lot lots many may me might more
    most much must mustnt my myself neither never no nobody none nor not nothing
    now of off often on once one only or other others ought our ours ourselves
    out over own per quite rather really same shall shant she shed shell shes
    should shouldnt since so some someone something still such than that thats
    the their theirs them themselves then there theres these they theyd theyll
    theyre theyve this those though through to too under until up upon us very
    was wasnt we wed well were werent weve what whats when whens where wheres
    whether which while who whom whos why whys will with within without wont
    would wouldnt yet you youd youll your youre yours yourself yourselves youve
    ask asked asks come comes coming feel feeling feels felt get gets getting go
    goes going got gotten keep keeps kept know knows knew make makes making made
    need needs needed put puts say says said see seem seems set sets take takes
    taking took tell tells think thinks thought try trying tried use used want
    wants wanted way ways would thing things
    """.split()  # noqa: SIM905 (a list literal would run to 300 lines)
)

_WORD = re.compile(r"[^\W_]+")
_APOSTROPHES = str.maketrans("", "", "'’")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=STEMS_CACHED)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def words(text: str) -> list[str]:
    """The text's words, lower-cased, apostrophes dropped."""
    return _WORD.findall(text.casefold().translate(_APOSTROPHES))


def counts(word: str) -> bool:
    """Whether a word may count towards finding a phrase (before common words)."""
    return len(word) >= MIN_WORD_LENGTH and word not in STOP_WORDS


def counting_stems(text: str) -> frozenset[str]:
    return frozenset(stem(word) for word in words(text) if counts(word))


def _prefixes(stem_: str) -> frozenset[str]:
    return frozenset(stem_[:end] for end in range(PREFIX_LENGTH, len(stem_) + 1))


@dataclass(frozen=True, slots=True)
class Text:
    """One text of a contact, ready for phrases to be looked for in it."""

    shown: str  # As written, trimmed, for explanations.
    stems: frozenset[str]  # Stems of all its words.
    prefixes: frozenset[str]  # Every beginning of PREFIX_LENGTH+ letters of a stem.
    joined: str  # Its words with a space either side of each, for word-for-word.
    pairs: frozenset[tuple[str, str]]  # Stems of counting words side by side.
    counting: frozenset[str]  # Stems of its counting words, if it is a short answer.
    keys: frozenset[str]  # stems | prefixes: what any phrase could meet in it.


@lru_cache(maxsize=TEXTS_CACHED)
def read_text(shown: str) -> Text:
    found = words(shown)
    stems = frozenset(stem(word) for word in found)
    prefixes = frozenset().union(*(_prefixes(s) for s in stems))
    short = len(found) <= SHORT_ANSWER
    counting = frozenset(stem(word) for word in found if counts(word) and short)
    return Text(
        shown,
        stems,
        prefixes,
        f" {' '.join(found)} ",
        _pairs(found),
        counting,
        stems | prefixes,
    )


def _pairs(found: list[str], common: frozenset[str] = frozenset()) -> frozenset:
    """Each two counting words that follow each other (skipping the others)."""
    kept = [s for w in found if counts(w) and (s := stem(w)) not in common]
    return frozenset(zip(kept, kept[1:], strict=False))


@dataclass(frozen=True, slots=True)
class Phrase:
    """A phrase of a criterion, compiled against the rubric's common words."""

    shown: str
    # (stem, its beginnings, the word as written) for each counting word.
    parts: tuple[tuple[str, frozenset[str], str], ...]
    need: int
    joined: str  # Its words spaced like Text.joined, for phrases with no part.
    pairs: frozenset[tuple[str, str]]  # As Text.pairs, without common words.
    stems: frozenset[str]  # The stems of `parts`.

    def find(self, text: Text) -> tuple[str, ...] | None:
        """The phrase's words found in `text` when there are enough, else None."""
        if not self.parts:
            return (
                (self.shown,)
                if self.joined.strip() and self.joined in text.joined
                else None
            )
        found = [
            word
            for stem_, beginnings, word in self.parts
            if stem_ in text.stems
            or stem_ in text.prefixes
            or not beginnings.isdisjoint(text.stems)
        ]
        if len(found) >= self.need:
            return tuple(found)
        if text.counting and text.counting <= self.stems:
            return tuple(word for s, _, word in self.parts if s in text.counting)
        side_by_side = self.pairs & text.pairs
        if side_by_side:
            first, second = min(side_by_side)
            return tuple(word for s, _, word in self.parts if s in (first, second))
        return None


def need(parts: int) -> int:
    """More than half of a phrase's counting words, and all of one or two."""
    return parts if parts <= 2 else parts // 2 + 1


def compile_phrase(shown: str, common: frozenset[str] = frozenset()) -> Phrase:
    all_words = words(shown)
    parts, seen = [], set()
    for word in all_words:
        stem_ = stem(word)
        if counts(word) and stem_ not in common and stem_ not in seen:
            seen.add(stem_)
            beginnings = _prefixes(stem_) if len(stem_) > PREFIX_LENGTH else frozenset()
            parts.append((stem_, beginnings - {stem_}, word))
    return Phrase(
        shown.strip(),
        tuple(parts),
        need(len(parts)),
        f" {' '.join(all_words)} ",
        _pairs(all_words, common),
        frozenset(stem_ for stem_, _, _ in parts),
    )


def common_stems(texts: Iterable[Iterable[str]]) -> frozenset[str]:
    """Stems found in more than COMMON_SHARE of the texts, each text being a group
    of phrases (one criterion's); none when there are fewer than COMMON_MIN_TEXTS."""
    groups = [frozenset().union(*(counting_stems(p) for p in text)) for text in texts]
    if len(groups) < COMMON_MIN_TEXTS:
        return frozenset()
    frequency = Counter(s for group in groups for s in group)
    return frozenset(s for s, n in frequency.items() if n > COMMON_SHARE * len(groups))


@dataclass(frozen=True, slots=True)
class Match:
    phrase: str
    text: str
    words: tuple[str, ...]  # The phrase's words found in the text.
    whole: bool  # All of them.


class Phrases(NamedTuple):
    """One criterion's phrases, with every stem and stem beginning they hold: a
    text that shares none of them cannot hold any of the phrases, which rules out
    most texts with one set operation."""

    phrases: tuple[Phrase, ...]
    keys: frozenset[str]
    word_for_word: bool  # Some phrase has no counting word.


def compile_phrases(shown: Iterable[str], common: frozenset[str]) -> Phrases:
    phrases = tuple(compile_phrase(text, common) for text in shown)
    keys = frozenset(
        key
        for phrase in phrases
        for stem_, beginnings, _ in phrase.parts
        for key in (stem_, *beginnings)
    )
    return Phrases(phrases, keys, any(not phrase.parts for phrase in phrases))


def find_any(phrases: Phrases, texts: tuple[Text, ...]) -> Match | None:
    """The first phrase found in one of the texts, with where and by which words."""
    texts = tuple(
        text
        for text in texts
        if phrases.word_for_word or not phrases.keys.isdisjoint(text.keys)
    )
    if not texts:
        return None
    for phrase in phrases.phrases:
        for text in texts:
            found = phrase.find(text)
            if found is not None:
                whole = len(found) == len(phrase.parts) or not phrase.parts
                return Match(phrase.shown, text.shown, found, whole)
    return None
