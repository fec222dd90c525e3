"""Pinning answers to a persona's pains and dreams: a client's words as
evidence for what the persona claims (feedback/confirmation.py).

As with themes, identical answers of a question (the same words, whatever the
case and spacing) are one group on the results page, so a group is pinned and
unpinned as a whole: each answer in it gets its own pin, and each client who
gave it counts. Only text answers are pinned: their words are the quote.

Each pin and unpin is written to the audit trail, one event per client whose
words moved (by contact id, never by name or words), since it puts what a
client said on a page the whole practice reads.
"""

from django.db import transaction

from audit.models import Action
from audit.services import record, record_many
from feedback.models import Answer, PinnedAnswer
from feedback.services.themes import same_answers
from personas.models import Dream, Pain

Part = Pain | Dream


class OtherWorkspace(ValueError):
    """The answer and the pain or dream belong to different workspaces."""


def _field(part: Part) -> dict:
    return {"pain": part} if isinstance(part, Pain) else {"dream": part}


def _check_same_workspace(answer: Answer, part: Part) -> None:
    if answer.question.survey.workspace_id != part.persona.workspace_id:
        raise OtherWorkspace("An answer is pinned only within its own workspace.")


@transaction.atomic
def pin_answers(*, answer: Answer, part: Part, user) -> int:
    """Pin the answer and every answer identical to it to `part`; how many
    answers the group has. Pinning again changes nothing."""
    _check_same_workspace(answer, part)
    group = list(same_answers(answer).exclude(text="").values_list("pk", flat=True))
    PinnedAnswer.objects.bulk_create(
        [PinnedAnswer(answer_id=pk, pinned_by=user, **_field(part)) for pk in group],
        ignore_conflicts=True,  # Answers pinned to it already keep their pin.
    )
    _record(answer, part, user, Action.PINNED_ANSWER, group)
    return len(group)


@transaction.atomic
def unpin_answers(*, answer: Answer, part: Part, user) -> int:
    """Take the pins of the answer's group off `part`; how many went."""
    _check_same_workspace(answer, part)
    pins = PinnedAnswer.objects.filter(answer__in=same_answers(answer), **_field(part))
    group = list(pins.values_list("answer_id", flat=True))
    deleted, _ = pins.delete()
    if deleted:
        _record(answer, part, user, Action.UNPINNED_ANSWER, group)
    return deleted


def _record(answer: Answer, part: Part, user, action: Action, group: list) -> None:
    kind = "pain" if isinstance(part, Pain) else "dream"
    detail = (
        f"{len(group)} answer(s) to question {answer.question_id}, "
        f"{kind} {part.pk} of persona {part.persona_id}"
    )
    clients = sorted(
        set(
            Answer.objects.filter(pk__in=group, response__contact__isnull=False)
            .values_list("response__contact_id", flat=True)
            .distinct()
        )
    )
    workspace = answer.question.survey.workspace
    if clients:
        record_many(
            workspace=workspace,
            actor=user,
            action=action,
            contact_ids=clients,
            detail=detail,
        )
    else:
        record(workspace=workspace, actor=user, action=action, detail=detail)
