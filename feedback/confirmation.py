"""Whether clients have confirmed a persona's pains and dreams (pure).

The one definition every page uses. A client CONFIRMS a pain or a dream when
either of these holds:

- they answered a persona-validation question linked to it (`Question.pain` or
  `Question.dream`, as `feedback/survey_templates.py` builds them) with
  agreement: AGREES_FROM or more on its 1-5 rating ("How much does this bother
  you?"), or "Yes" when the question was made a yes-or-no one;
- the practitioner pinned an answer of theirs to it.

A client is a contact at the client or past-client stage (CLIENT_STAGES) when
the page is read. Answers that keep no contact (anonymous surveys, the public
link) cannot tell one person from another, so they confirm nothing; pinned,
they still show as quotes. Each client counts once for a pain or dream,
however many of their answers agree or are pinned.

Evidence follows the words, not the row: a new version of the persona keeps
the confirmations of an earlier version's pain or dream with the very same
text (`feedback.queries.persona_part_evidence`), and a reworded one starts
again as an assumption, since it now claims something else.

A pain or dream is an ASSUMPTION until CONFIRMED_FROM clients have confirmed it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

AGREES_FROM = 4
YES = "Yes"
CONFIRMED_FROM = 3
CLIENT_STAGES = ("client", "past_client")
# Quotes shown under each pain or dream on the profile, newest first.
QUOTES_SHOWN = 3

DEFINITION = (
    f"confirmed by a client (a contact at the client or past-client stage) who "
    f"rated a validation question about it {AGREES_FROM} or more out of 5 (or "
    f"answered Yes), or whose answer is pinned to it; each client counts once. "
    f"Until {CONFIRMED_FROM} clients confirm it, it is an assumption"
)


def agrees(*, kind: str, number: int | None, choices: Sequence[str]) -> bool:
    """Whether one answer to a validation question agrees with its pain or dream."""
    if kind == "rating":
        return number is not None and number >= AGREES_FROM
    if kind == "yes_no":
        return list(choices) == [YES]
    return False


def is_assumption(confirmed: int) -> bool:
    return confirmed < CONFIRMED_FROM


@dataclass(frozen=True)
class Quote:
    """Pinned answers of the same words, as the profile shows them."""

    text: str
    given_by: int  # How many answers with these words are pinned.
    latest: datetime
    url: str  # One response they come from.


@dataclass(frozen=True)
class PartEvidence:
    """What clients said about one pain or dream."""

    confirmed: int = 0
    quotes: tuple[Quote, ...] = ()
    # Distinct pinned words in all, of which `quotes` shows the newest.
    pinned: int = 0

    @property
    def assumption(self) -> bool:
        return is_assumption(self.confirmed)

    @property
    def still_needed(self) -> int:
        return max(CONFIRMED_FROM - self.confirmed, 0)

    @property
    def more_quotes(self) -> int:
        return max(self.pinned - len(self.quotes), 0)

    @property
    def status(self) -> str:
        return "Assumption" if self.assumption else "Confirmed"

    @property
    def label(self) -> str:
        """ "4 clients confirmed it", or "1 of 3 clients so far"."""
        if self.assumption:
            return f"{self.confirmed} of {CONFIRMED_FROM} clients so far"
        return f"{self.confirmed} clients confirmed it"


NO_EVIDENCE = PartEvidence()


def evidence(
    *, agreeing: int, pinned_only: int, quotes: Sequence[Quote] = (), pinned: int = 0
) -> PartEvidence:
    """One part's evidence from its counts: clients who agreed, and clients
    who did not agree but have an answer pinned to it (so none counts twice)."""
    return PartEvidence(agreeing + pinned_only, tuple(quotes), pinned)
