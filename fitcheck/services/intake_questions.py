"""The intake's questions: drafting them from the applied rubric, re-drafting them
when it changes (the practitioner's edits survive: fitcheck/intake_drafting.py),
and the practitioner's edits on the intake editor.

Every write moves the page's `questions_version` on, so each process rebuilds
its kept copy of the page's form.
"""

import secrets
from dataclasses import replace

from django.db import transaction
from django.db.models import F

from fitcheck import intake_drafting, queries
from fitcheck.intake_drafting import Question, Source
from fitcheck.models import IntakePage, IntakeQuestion, Rubric
from personas.models import Education, FamilyStatus, IncomeBand

# The one-answer facts' answers. The persona's wording describes groups
# ("Women"); a prospect describes themself.
CHOICES = {
    "gender": [("women", "Woman"), ("men", "Man"), ("non_binary", "Non-binary")],
    "income_band": IncomeBand.choices,
    "family_status": FamilyStatus.choices,
    "education": Education.choices,
}


class Moved(Exception):
    """The question is already first (or last)."""


def fresh_draft(*, workspace_id: int, rubric: Rubric) -> list[Question]:
    """The questions a new draft of the rubric would ask, nothing kept."""
    criteria = rubric.as_scoring().criteria
    traits = queries.anti_persona_traits(workspace_id=workspace_id)
    return intake_drafting.draft(criteria, traits=traits, choices=CHOICES)


def questions_for(*, page_id: int, rubric: Rubric) -> list[Question]:
    """The page's questions for the applied `rubric`: its rows, or, while they
    were drafted for another version (or none are stored yet), the re-draft they
    would become, worked out without writing."""
    rows = list(IntakeQuestion.objects.filter(page_id=page_id))
    if rows and all(
        row.rubric_id == rubric.pk for row in rows if row.source == Source.DRAFTED
    ):
        return [row.as_draft() for row in rows]
    workspace_id = IntakePage.objects.values_list("workspace_id", flat=True).get(
        pk=page_id
    )
    fresh = fresh_draft(workspace_id=workspace_id, rubric=rubric)
    return intake_drafting.redraft([row.as_draft() for row in rows], fresh)


@transaction.atomic
def redraft(
    *, page: IntakePage, rubric: Rubric, new_persona: bool = False
) -> list[IntakeQuestion]:
    """Store the page's questions re-drafted for the applied `rubric`, keeping
    the practitioner's edits and own questions. With `new_persona` (the page
    now asks for another persona), own questions are no longer scored: their
    criteria were the old persona's."""
    rows = _locked_rows(page)
    fresh = fresh_draft(workspace_id=page.workspace_id, rubric=rubric)
    merged = intake_drafting.redraft([row.as_draft() for row in rows], fresh)
    if new_persona:
        merged = [
            replace(q, criterion_key="") if q.source is Source.OWN else q
            for q in merged
        ]
    return _store(page, rows, merged, rubric)


def redraft_pages(*, rubric: Rubric) -> None:
    """Re-draft the questions of every intake page that asks for the rubric's
    persona (it has just been applied)."""
    # Read afresh: the caller's copy may hold criteria prefetched before an edit.
    rubric = Rubric.objects.prefetch_related("criteria").get(pk=rubric.pk)
    for page in IntakePage.objects.filter(persona_id=rubric.persona_id):
        redraft(page=page, rubric=rubric)


def _locked_rows(page: IntakePage) -> list[IntakeQuestion]:
    """The page's rows, with the page locked so that two edits at once queue."""
    list(IntakePage.objects.select_for_update().filter(pk=page.pk).values("pk"))
    return list(IntakeQuestion.objects.filter(page=page))


def _store(
    page: IntakePage,
    rows: list[IntakeQuestion],
    questions: list[Question],
    rubric: Rubric | None,
) -> list[IntakeQuestion]:
    by_key = {row.key: row for row in rows}
    kept = []
    for position, question in enumerate(questions):
        row = by_key.pop(question.key, None) or IntakeQuestion(
            workspace_id=page.workspace_id, page=page
        )
        row.take(question)
        row.position = position
        if rubric is not None:
            row.rubric = rubric
        kept.append(row)
    IntakeQuestion.objects.filter(pk__in=[row.pk for row in by_key.values()]).delete()
    _save_rows(kept)
    _changed(page)
    return kept


def _save_rows(rows: list[IntakeQuestion]) -> None:
    fields = [
        "source",
        "position",
        "kind",
        "fact",
        "criterion_key",
        "wording",
        "help_text",
        "options",
        "hidden",
        "edited",
        "rubric",
    ]
    IntakeQuestion.objects.bulk_update([r for r in rows if r.pk], fields)
    IntakeQuestion.objects.bulk_create([r for r in rows if not r.pk])


def _changed(page: IntakePage) -> None:
    IntakePage.objects.filter(pk=page.pk).update(
        questions_version=F("questions_version") + 1
    )


def stored_questions(*, page: IntakePage, rubric: Rubric) -> list[IntakeQuestion]:
    """The page's rows, stored first if they were missing or drafted for another
    rubric version (the editor edits rows)."""
    rows = list(IntakeQuestion.objects.filter(page=page))
    current = all(r.rubric_id == rubric.pk for r in rows if r.source == Source.DRAFTED)
    if rows and current:
        return rows
    return redraft(page=page, rubric=rubric)


@transaction.atomic
def save_question(*, question: IntakeQuestion, values: Question) -> None:
    """Store the practitioner's edit of one question (marked edited, so that
    re-drafts keep it)."""
    _locked_rows(question.page)
    question.take(values)
    question.edited = True
    question.save()
    _changed(question.page)


@transaction.atomic
def add_question(*, page: IntakePage, values: Question) -> IntakeQuestion:
    """Add one of the practitioner's own questions, shown, at the end."""
    rows = _locked_rows(page)
    question = IntakeQuestion(workspace_id=page.workspace_id, page=page)
    question.take(values)
    question.key = f"own:{secrets.token_hex(8)}"
    question.source = Source.OWN.value
    question.edited = True
    question.position = 1 + max((row.position for row in rows), default=-1)
    question.save()
    _changed(page)
    return question


@transaction.atomic
def delete_question(*, question: IntakeQuestion) -> None:
    """Delete one of the practitioner's own questions (drafted ones are hidden
    instead: a re-draft would bring them back)."""
    _locked_rows(question.page)
    question.delete()
    _changed(question.page)


@transaction.atomic
def move_question(*, question: IntakeQuestion, up: bool) -> None:
    """Swap the question with the one before it (or after). Raises Moved when
    there is none."""
    rows = _locked_rows(question.page)
    index = next(i for i, row in enumerate(rows) if row.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        raise Moved
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows):
        row.position = position
    rows[other].edited = True
    IntakeQuestion.objects.bulk_update(rows, ["position", "edited"])
    _changed(question.page)
