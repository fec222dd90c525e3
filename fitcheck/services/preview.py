"""Preview of a draft rubric: who would change band, and why, before it is applied."""

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import batched

from fitcheck import changes, scoring
from fitcheck.models import BAND_ORDER, Band, Contact, FitScore, Rubric
from fitcheck.services.scores import BATCH_SIZE, FACT_FIELDS

MOVES_SHOWN = 200
BAND_RANK = {band.value: rank for rank, band in enumerate(reversed(BAND_ORDER))}
REASONS_SHOWN = 3
UNSCORED = "unscored"


@dataclass
class Move:
    """A contact whose band the draft would change, and why."""

    contact: Contact
    before: str  # A band, or "" when the contact has no score yet.
    after: str
    score_before: int | None
    score_after: int
    reasons: list[changes.Reason]
    more_reasons: int = 0

    @property
    def direction(self) -> str:
        if not self.before:
            return "new"
        return "up" if BAND_RANK[self.after] > BAND_RANK[self.before] else "down"

    def get_before_display(self) -> str:
        return Band(self.before).label if self.before else "Not scored"

    def get_after_display(self) -> str:
        return Band(self.after).label


@dataclass(frozen=True)
class BandCount:
    band: str
    label: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass
class Preview:
    before: Counter = field(default_factory=Counter)
    after: Counter = field(default_factory=Counter)
    moves: list[Move] = field(default_factory=list)
    moved: int = 0
    total: int = 0

    @property
    def rows(self) -> list[BandCount]:
        rows = [
            BandCount(band.value, band.label, self.before[band], self.after[band])
            for band in BAND_ORDER
        ]
        if self.before[UNSCORED]:
            rows.append(BandCount(UNSCORED, "Not scored yet", self.before[UNSCORED], 0))
        return rows


def preview_draft(
    *, draft: Rubric, on_batch: Callable[[int], None] = lambda done: None
) -> Preview:
    """Who would change band, and why, if the draft were applied: every contact is
    scored in memory, nothing is written. The first MOVES_SHOWN moves (by name)
    carry their reasons, read from their stored breakdowns in one query.
    `on_batch` hears how many contacts are done after each BATCH_SIZE of them.
    Slow for a large workspace: the pages run it in the worker (preview_jobs)."""
    persona_id = draft.persona_id
    current = dict(
        FitScore.objects.filter(persona_id=persona_id).values_list("contact_id", "band")
    )
    preview, shown = Preview(), []
    rubric = draft.as_scoring()
    for contact in _by_name(workspace_id=draft.persona.workspace_id):
        result = scoring.score_contact(rubric, contact.scoring_facts())
        before = current.get(contact.pk, "")
        preview.total += 1
        preview.before[before or UNSCORED] += 1
        preview.after[result.band.value] += 1
        if before != result.band.value:
            preview.moved += 1
            if len(shown) < MOVES_SHOWN:
                shown.append((contact, before, result))
        if preview.total % BATCH_SIZE == 0:
            on_batch(preview.total)
    applied = Rubric.objects.applied().with_criteria().filter(persona_id=persona_id)
    was = next((old.as_scoring() for old in applied), None)
    preview.moves = _moves(persona_id, shown, was, rubric)
    return preview


def _by_name(*, workspace_id: int) -> Iterator[Contact]:
    """The workspace's contacts in name order, read a batch at a time: their ids
    first, in one query (the database's collation decides the order), then each
    batch by id. Not `.iterator()`: the worker runs outside a transaction, where
    Django would read through a cursor declared WITH HOLD, which PgBouncer's
    transaction pooling loses between the progress updates."""
    contacts = Contact.objects.filter(workspace_id=workspace_id)
    ids = list(contacts.order_by("name", "pk").values_list("pk", flat=True))
    for chunk in batched(ids, BATCH_SIZE):
        found = contacts.only(*FACT_FIELDS, "name").in_bulk(chunk)
        # A contact deleted since the ids were read is left out.
        yield from (found[pk] for pk in chunk if pk in found)


def _moves(
    persona_id: int, shown: list, was: scoring.Rubric | None, now: scoring.Rubric
) -> list[Move]:
    """The moves shown, each with its reasons: the stored breakdowns (one query)
    against the new results, and the applied rubric `was` against the draft."""
    stored = FitScore.objects.filter(
        persona_id=persona_id, contact_id__in=[contact.pk for contact, _, _ in shown]
    ).values_list("contact_id", "score", "breakdown")
    old = {contact_id: (score, breakdown) for contact_id, score, breakdown in stored}
    moves = []
    for contact, before, result in shown:
        score_before, breakdown = old.get(contact.pk, (None, None))
        reasons = changes.move_reasons(
            breakdown, result, now.thresholds, before=was, after=now
        )
        moves.append(
            Move(
                contact=contact,
                before=before,
                after=result.band.value,
                score_before=score_before,
                score_after=result.score,
                reasons=reasons[:REASONS_SHOWN],
                more_reasons=max(0, len(reasons) - REASONS_SHOWN),
            )
        )
    return moves
