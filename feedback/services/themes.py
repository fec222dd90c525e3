"""Themes: labels a practitioner gives text answers ("price", "evenings"), for
one survey or for all of a workspace's surveys.

Identical answers (the same words, whatever the case and spacing) are shown as
one group, so a group is tagged and untagged as a whole: every answer in it
gets the theme, and one that arrives later joins it when the group is tagged
again. Each tag stays on its own answer (AnswerTheme), so counts per theme are
counts of answers, and an answer can be quoted with its themes.
"""

from django.db import transaction
from django.db.models import Value

from accounts.models import Workspace
from feedback.models import Answer, AnswerTheme, Survey, Theme, normalised_text


def create_theme(*, workspace: Workspace, survey: Survey | None, name: str) -> Theme:
    return Theme.objects.create(workspace=workspace, survey=survey, name=name)


def rename_theme(*, theme: Theme, name: str) -> None:
    theme.name = name
    theme.save(update_fields=["name"])


def delete_theme(*, theme: Theme) -> int:
    """Delete the theme and its tags (never the answers); how many answers had it."""
    tagged = theme.answer_links.count()
    theme.delete()
    return tagged


def same_answers(answer: Answer):
    """The answers of the same question whose text is the same as this one's."""
    return (
        Answer.objects.filter(question_id=answer.question_id)
        .alias(key=normalised_text())
        .filter(key=normalised_text(Value(answer.text)))
    )


@transaction.atomic
def tag_answers(*, answer: Answer, theme: Theme) -> int:
    """Give the theme to the answer and every answer identical to it; how many
    answers are in the group."""
    group = list(same_answers(answer).values_list("pk", flat=True))
    AnswerTheme.objects.bulk_create(
        [AnswerTheme(answer_id=pk, theme=theme) for pk in group],
        ignore_conflicts=True,  # Answers of the group tagged already keep theirs.
    )
    return len(group)


def untag_answers(*, answer: Answer, theme: Theme) -> int:
    """Take the theme off the answer and every answer identical to it."""
    deleted, _ = AnswerTheme.objects.filter(
        theme=theme, answer__in=same_answers(answer)
    ).delete()
    return deleted
