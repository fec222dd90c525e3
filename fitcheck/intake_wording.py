"""A persona's sentence as a prospect would say it about themself (pure).

Personas describe someone from outside ("Admin swallows her evenings"); the
intake's tick boxes are what the prospect says ("Admin swallows my evenings").
`first_person` makes the simple swaps and nothing clever:

- pronouns of the person described become the speaker's: she, he, they -> I;
  her, his, their -> my (or me, mine where no noun follows); herself, himself,
  themselves -> myself;
- the practitioner's own words become the prospect's way of addressing them:
  we, us -> you; our -> your;
- the verb after a replaced subject, or a sentence that starts with a
  third-person verb and no subject ("Wants to grow"), takes the first person
  ("I want to grow"; is -> am, has -> have, does -> do, worries -> worry).

When it cannot be sure, it keeps the text exactly as written and says so, for the
practitioner to reword on the intake editor: a sentence about two people (her and
his), a "they" that may be other people (not the first word), or "she's"
(is or has?).
"""

import re
from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SHE = frozenset({"she", "her", "hers", "herself", "she'd", "she'll", "she's"})
HE = frozenset({"he", "him", "his", "himself", "he'd", "he'll", "he's"})
THEY = frozenset(
    {
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "themself",
        "they're",
        "they've",
        "they'd",
        "they'll",
    }
)
SUBJECTS = frozenset({"she", "he", "they"})
# Contractions whose "'s" may be "is" or "has": the verb after it decides.
AMBIGUOUS = frozenset({"she's", "he's"})
SWAPS = {
    "him": "me",
    "them": "me",
    "herself": "myself",
    "himself": "myself",
    "themselves": "myself",
    "themself": "myself",
    "hers": "mine",
    "theirs": "mine",
    "their": "my",
    "she'd": "I'd",
    "he'd": "I'd",
    "they'd": "I'd",
    "she'll": "I'll",
    "he'll": "I'll",
    "they'll": "I'll",
    "they're": "I'm",
    "they've": "I've",
    "we": "you",
    "us": "you",
    "our": "your",
    "ours": "yours",
    "ourselves": "yourselves",
    "we're": "you're",
    "we've": "you've",
    "we'll": "you'll",
    "we'd": "you'd",
}
PRONOUNS = SHE | HE | THEY | frozenset(SWAPS)
# "her" and "his" before one of these (or nothing) are not possessive: "helps
# her with", "a friend of his".
NOT_A_NOUN = _words(
    """
    a an and as at but by for from if in into is it of off on or out over so than
    that the then this to too up was when where which while who why with without
    about after again all alone any before down enough every here more most much
    never no not now once only same some still there these those very
    """
)
# After a replaced subject, these take the first person.
FIRST_PERSON = {
    "is": "am",
    "are": "am",
    "was": "was",
    "were": "was",
    "has": "have",
    "does": "do",
    "doesn't": "don't",
    "isn't": "am not",
    "aren't": "am not",
    "hasn't": "haven't",
    "weren't": "wasn't",
    "goes": "go",
}
# A subjectless sentence starting with one of these has its subject put back.
LEADING_VERBS = {
    "is": "I am",
    "has": "I have",
    "does": "I do",
    "doesn't": "I don't",
    "isn't": "I'm not",
    "hasn't": "I haven't",
    "was": "I was",
    "wasn't": "I wasn't",
    "will": "I will",
    "won't": "I won't",
    "would": "I would",
    "wouldn't": "I wouldn't",
    "can": "I can",
    "can't": "I can't",
    "cannot": "I cannot",
    "could": "I could",
    "couldn't": "I couldn't",
    "should": "I should",
    "must": "I must",
}
# Adverbs between a subject and its verb ("she never switches off").
ADVERBS = _words(
    """
    never always often still really just rarely sometimes usually also only
    hardly barely even constantly already
    """
)
# A first word ending in "s" is a verb when one of these follows it ("Wants to",
# "Doubts herself", "Keeps falling"); "Meetings that..." keeps its noun.
VERB_FOLLOWERS = _words(
    """
    to a an the her his their him them herself himself themselves us every more
    too no up out over everything anything nothing something everyone someone
    nobody any all most like
    """
)
# A first word ending in "s" before one of these may be a verb ("Calls at
# weekends") or a noun ("Clients with debts"): too close to call.
PREPOSITIONS = _words(
    "at in on for with about from by after before into off around through"
)
CONJUNCTIONS = frozenset({"and", "but", "or"})
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class Wording:
    """The text to offer, and whether the swaps were sure (else it is the text as
    written, for the practitioner to check)."""

    text: str
    sure: bool


def first_person(text: str, *, behaviour: bool = False) -> Wording:
    """`text` as the person it describes would say it (see the module docstring).
    A `behaviour` (a red flag: "Calls at weekends") starts with its verb, so a
    first word ending in "s" is taken for one even before a preposition."""
    spans = [(m.start(), m.end()) for m in WORD.finditer(text)]
    words = [text[start:end].replace("’", "'").casefold() for start, end in spans]
    if not spans:
        return Wording(text, sure=True)
    if not _can_swap(words):
        return Wording(text, sure=False)
    out = [text[start:end] for start, end in spans]
    gaps = [
        text[end:start] for (_, end), (start, _) in zip(spans, spans[1:], strict=False)
    ]
    subject = _swap_pronouns(words, out, gaps)
    subject = _add_subject(words, out, behaviour) or subject
    if not _coordinated_verbs(words, out, subject):
        return Wording(text, sure=False)
    if not subject and _maybe_a_verb(words):
        return Wording(text, sure=False)
    pieces = [text[: spans[0][0]]]
    for index, (start, end) in enumerate(spans):
        word = out[index]
        if word != text[start:end] and "’" in text:
            word = word.replace("'", "’")
        pieces += [word, gaps[index] if index < len(gaps) else text[end:]]
    return Wording("".join(pieces), sure=True)


def _can_swap(words: list[str]) -> bool:
    """False for the cases it cannot be sure about (see the module docstring)."""
    people = [group for group in (SHE, HE, THEY) if any(w in group for w in words)]
    if len(people) > 1 or any(w in AMBIGUOUS for w in words):
        return False
    they = [index for index, w in enumerate(words) if w in THEY]
    return not they or they[0] == 0


def _swap_pronouns(words: list[str], out: list[str], gaps: list[str]) -> bool:
    """Swap the pronouns; True when a subject (she, he, they) was replaced."""
    subject = False
    for index, word in enumerate(words):
        if word in SUBJECTS:
            out[index] = "I"
            _first_person_verb(words, out, index + 1)
            subject = True
        elif word in ("her", "his"):
            out[index] = _keep_case(_possessive(words, gaps, index), out[index])
        elif word in SWAPS:
            out[index] = _keep_case(SWAPS[word], out[index])
    return subject


def _possessive(words: list[str], gaps: list[str], index: int) -> str:
    """ "her evenings" -> "my evenings"; "helps her" -> "me"; "of his" -> "mine"."""
    follows = index + 1 < len(words) and gaps[index].strip() == ""
    if follows and words[index + 1] not in NOT_A_NOUN:
        return "my"
    return "me" if words[index] == "her" else "mine"


def _first_person_verb(words: list[str], out: list[str], index: int) -> None:
    """The verb at `index` (or after one adverb) in the first person."""
    if index < len(words) and words[index] in ADVERBS:
        index += 1
    if index < len(words):
        out[index] = _keep_case(_base_form(words[index]), out[index])


def _base_form(verb: str) -> str:
    if verb in FIRST_PERSON:
        return FIRST_PERSON[verb]
    if len(verb) > 4 and verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return verb[:-2]
    if _ends_like_a_verb(verb):
        return verb[:-1]
    return verb


def _add_subject(words: list[str], out: list[str], behaviour: bool) -> bool:
    """ "Wants to grow" -> "I want to grow", "Never pays" -> "I never pay";
    True when a subject was added."""
    first = words[0]
    if first in LEADING_VERBS:
        out[0] = LEADING_VERBS[first]
    elif first in ADVERBS and len(words) > 1 and _ends_like_a_verb(words[1]):
        out[0] = f"I {first}"
        out[1] = _base_form(words[1])
    elif _looks_like_verb(words, 0) or (behaviour and _maybe_a_verb(words)):
        out[0] = f"I {_base_form(first)}"
    else:
        return False
    return True


def _coordinated_verbs(words: list[str], out: list[str], subject: bool) -> bool:
    """ "I want X and expects Y" -> "and expect Y". False when such a verb has no
    subject to agree with ("Sent by HR and does not want to be there")."""
    for index in range(1, len(words)):
        if words[index - 1] not in CONJUNCTIONS:
            continue
        word = words[index]
        if word in FIRST_PERSON or _looks_like_verb(words, index):
            if not subject:
                return False
            out[index] = _base_form(word)
    return True


def _maybe_a_verb(words: list[str]) -> bool:
    """A first word that may be a verb or a noun ("Calls at weekends")."""
    after = words[1] if len(words) > 1 else ""
    return _ends_like_a_verb(words[0]) and after in PREPOSITIONS


def _ends_like_a_verb(word: str) -> bool:
    # "theirs", "ours": pronouns that end like a verb are swapped, never conjugated.
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and word not in PRONOUNS
    )


def _looks_like_verb(words: list[str], index: int) -> bool:
    if not _ends_like_a_verb(words[index]):
        return False
    after = words[index + 1] if index + 1 < len(words) else ""
    return after in VERB_FOLLOWERS or (len(after) > 4 and after.endswith("ing"))


def _keep_case(word: str, original: str) -> str:
    if original[:1].isupper() and not word.startswith("I"):
        return word[:1].upper() + word[1:]
    return word
