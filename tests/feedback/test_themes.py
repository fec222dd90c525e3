"""Text answers grouped, paginated and tagged with themes (issue 16)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback import services
from feedback.models import Answer, AnswerTheme, Response, Theme
from tests.factories import (
    QuestionFactory,
    SurveyFactory,
    WorkspaceFactory,
)


@pytest.fixture
def survey(workspace):
    return SurveyFactory(workspace=workspace, title="Autumn check-in")


@pytest.fixture
def question(survey):
    return QuestionFactory(survey=survey, kind="long_text", text="What should change?")


def give(question, *texts) -> list[Answer]:
    answers = []
    for text in texts:
        response = Response.objects.create(
            survey=question.survey, submitted_at=question.survey.created_at
        )
        answers.append(
            Answer.objects.create(response=response, question=question, text=text)
        )
    return answers


def theme(survey, name="Price", *, everywhere=False) -> Theme:
    return Theme.objects.create(
        workspace=survey.workspace, survey=None if everywhere else survey, name=name
    )


def answers_url(question) -> str:
    return reverse("feedback:question_answers", args=[question.survey_id, question.pk])


def themes_url(survey) -> str:
    return reverse("feedback:theme_list", args=[survey.pk])


def edit_url(survey, t) -> str:
    return reverse("feedback:theme_edit", args=[survey.pk, t.pk])


# Grouping and tagging (services) -----------------------------------------------------


def test_tagging_a_group_tags_every_identical_answer(question):
    first, same, spaced, other = give(
        question, "Shorter calls", "shorter calls", "  SHORTER   calls ", "Longer calls"
    )
    price = theme(question.survey)
    assert services.tag_answers(answer=first, theme=price) == 3
    assert set(price.answers.values_list("pk", flat=True)) == {
        first.pk,
        same.pk,
        spaced.pk,
    }
    assert services.tag_answers(answer=same, theme=price) == 3  # Idempotent.
    assert AnswerTheme.objects.count() == 3
    assert services.untag_answers(answer=spaced, theme=price) == 3
    assert not AnswerTheme.objects.exists()


def test_accented_capitals_group_with_their_small_letters(question):
    upper, lower = give(question, "TRÈS BIEN", "très bien")
    services.tag_answers(answer=upper, theme=theme(question.survey))
    assert lower.themes.count() == 1


def test_deleting_a_theme_keeps_the_answers(question):
    [answer] = give(question, "Too pricey")
    price = theme(question.survey)
    services.tag_answers(answer=answer, theme=price)
    assert services.delete_theme(theme=price) == 1
    assert Answer.objects.filter(pk=answer.pk).exists()


def test_a_survey_sees_its_own_and_the_workspace_s_themes_only(survey, workspace):
    own = theme(survey, "Own")
    shared = theme(survey, "Shared", everywhere=True)
    theme(SurveyFactory(workspace=workspace), "Other survey")
    theme(SurveyFactory(workspace=WorkspaceFactory()), "Other workspace")
    assert list(Theme.objects.for_survey(survey)) == [own, shared]


# The answers page ---------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, question):
    assert client.get(answers_url(question)).status_code == 302


def test_another_workspace_s_question_is_not_found(outsider_client, question):
    assert outsider_client.get(answers_url(question)).status_code == 404
    assert outsider_client.post(answers_url(question), {}).status_code == 404


def test_a_question_that_is_not_text_is_not_found(owner_client, survey):
    rating = QuestionFactory(survey=survey, kind="rating")
    assert owner_client.get(answers_url(rating)).status_code == 404


def test_identical_answers_show_once_with_their_count(owner_client, question):
    give(question, "More evenings", "more  evenings", "MORE EVENINGS", "Cheaper")
    response = owner_client.get(answers_url(question))
    assert response.status_code == 200
    rows = [(group["n"], group["key"]) for group, _, _ in response.context["rows"]]
    assert rows == [(3, "more evenings"), (1, "cheaper")]
    assert "<strong>3 people</strong> gave this answer" in response.text
    assert "<strong>4 answered</strong>" in response.text


def test_groups_are_paginated(owner_client, question):
    give(question, *[f"Answer number {n}" for n in range(30)])
    first = owner_client.get(answers_url(question))
    second = owner_client.get(answers_url(question), {"page": 2})
    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 5
    assert "Page 1 of 2" in first.text


def test_tagging_from_the_page_tags_the_group_and_counts_it(owner_client, question):
    first, *_ = give(question, "Too pricey", "too pricey", "Great")
    price = theme(question.survey)
    response = owner_client.post(
        answers_url(question), {"answer": first.pk, "theme": price.pk, "action": "tag"}
    )
    assert response.status_code == 302
    assert price.answers.count() == 2
    page = owner_client.get(answers_url(question))
    assert page.context["counts"] == [{"id": price.pk, "name": "Price", "n": 2}]
    [(group, themes, _)] = [row for row in page.context["rows"] if row[0]["n"] == 2]
    assert themes == [{"id": price.pk, "name": "Price", "n": 2}]


def test_filtering_by_theme_shows_only_tagged_answers(owner_client, question):
    tagged, _ = give(question, "Too pricey", "Great")
    price = theme(question.survey)
    services.tag_answers(answer=tagged, theme=price)
    response = owner_client.get(answers_url(question), {"theme": price.pk})
    assert [group["key"] for group, _, _ in response.context["rows"]] == ["too pricey"]


def test_a_later_identical_answer_shows_as_partly_tagged(owner_client, question):
    [first] = give(question, "Too pricey")
    services.tag_answers(answer=first, theme=theme(question.survey))
    give(question, "too pricey")
    assert "Price (1 of 2)" in owner_client.get(answers_url(question)).text


@pytest.mark.parametrize("whose", ["other workspace", "other survey", "missing"])
def test_a_theme_the_survey_cannot_use_is_refused(
    owner_client, question, workspace, whose
):
    [answer] = give(question, "Too pricey")
    if whose == "other workspace":
        theme_id = theme(SurveyFactory(workspace=WorkspaceFactory())).pk
    elif whose == "other survey":
        theme_id = theme(SurveyFactory(workspace=workspace)).pk
    else:
        theme_id = 999999
    response = owner_client.post(
        answers_url(question), {"answer": answer.pk, "theme": theme_id, "action": "tag"}
    )
    assert response.status_code == 400
    assert "That tag could not be changed" in response.text
    assert not AnswerTheme.objects.exists()


def test_an_answer_of_another_question_is_refused(owner_client, question, survey):
    other = QuestionFactory(survey=survey, kind="long_text")
    [answer] = give(other, "Elsewhere")
    response = owner_client.post(
        answers_url(question),
        {"answer": answer.pk, "theme": theme(survey).pk, "action": "tag"},
    )
    assert response.status_code == 400


def test_the_answers_page_takes_the_same_queries_for_many_groups(
    owner_client, question
):
    price = theme(question.survey)
    services.tag_answers(answer=give(question, "One")[0], theme=price)
    with CaptureQueriesContext(connection) as few:
        owner_client.get(answers_url(question))
    for answer in give(question, *[f"Group {n}" for n in range(40)]):
        services.tag_answers(answer=answer, theme=price)
    with CaptureQueriesContext(connection) as many:
        owner_client.get(answers_url(question))
    assert len(many) == len(few)


def test_the_results_page_takes_the_same_queries_with_themes_and_groups(
    owner_client, question
):
    results = reverse("feedback:results", args=[question.survey_id])
    give(question, "One")
    with CaptureQueriesContext(connection) as few:
        owner_client.get(results)
    price = theme(question.survey)
    for answer in give(question, *[f"Group {n % 9}" for n in range(40)]):
        services.tag_answers(answer=answer, theme=price)
    with CaptureQueriesContext(connection) as many:
        page = owner_client.get(results)
    assert len(many) == len(few)
    assert "Price</a> (40)" in page.text


# The themes page ---------------------------------------------------------------------


def test_anonymous_visitors_cannot_see_themes(client, survey):
    assert client.get(themes_url(survey)).status_code == 302
    t = theme(survey)
    assert client.post(edit_url(survey, t), {"action": "delete"}).status_code == 302
    assert Theme.objects.filter(pk=t.pk).exists()


def test_another_workspace_s_themes_are_not_found(outsider_client, survey):
    t = theme(survey)
    assert outsider_client.get(themes_url(survey)).status_code == 404
    assert outsider_client.post(themes_url(survey), {"name": "X"}).status_code == 404
    assert outsider_client.get(edit_url(survey, t)).status_code == 404
    deleted = outsider_client.post(edit_url(survey, t), {"action": "delete"})
    assert deleted.status_code == 404
    assert Theme.objects.filter(pk=t.pk).exists()


def test_a_theme_of_another_survey_is_not_found_here(owner_client, survey, workspace):
    other = theme(SurveyFactory(workspace=workspace))
    assert owner_client.get(edit_url(survey, other)).status_code == 404


def test_the_themes_page_lists_themes_with_their_answer_counts(owner_client, question):
    [answer] = give(question, "Too pricey")
    price = theme(question.survey)
    theme(question.survey, "Everywhere", everywhere=True)
    services.tag_answers(answer=answer, theme=price)
    response = owner_client.get(themes_url(question.survey))
    assert response.status_code == 200
    assert [(t.name, n) for t, n in response.context["themes"]] == [
        ("Everywhere", 0),
        ("Price", 1),
    ]


@pytest.mark.parametrize(
    ("scope", "survey_scoped"), [("survey", True), ("workspace", False)]
)
def test_a_theme_is_added_for_the_survey_or_the_workspace(
    owner_client, survey, scope, survey_scoped
):
    response = owner_client.post(
        themes_url(survey), {"name": "  Evening   sessions ", "scope": scope}
    )
    assert response.status_code == 302
    added = Theme.objects.get()
    assert added.name == "Evening sessions"
    assert (added.survey_id == survey.pk) is survey_scoped
    assert added.workspace_id == survey.workspace_id


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "This field is required."),
        ("price", "There is a theme “price” already."),
        ("x" * 61, "at most 60 characters"),
        ("Pri\x00ce", "Null characters are not allowed."),
    ],
)
def test_a_bad_theme_name_is_refused_beside_the_field(
    owner_client, survey, name, message
):
    theme(survey, "Price")
    response = owner_client.post(themes_url(survey), {"name": name, "scope": "survey"})
    assert response.status_code == 400
    assert message in response.text
    assert 'id="error_1_id_name"' in response.text
    assert Theme.objects.count() == 1


def test_a_workspace_theme_may_not_repeat_another_survey_s_name(
    owner_client, survey, workspace
):
    theme(SurveyFactory(workspace=workspace), "Price")
    response = owner_client.post(
        themes_url(survey), {"name": "PRICE", "scope": "workspace"}
    )
    assert response.status_code == 400
    assert "Another survey has a theme" in response.text


def test_a_theme_is_renamed(owner_client, survey):
    t = theme(survey, "Price")
    assert owner_client.get(edit_url(survey, t)).status_code == 200
    response = owner_client.post(
        edit_url(survey, t), {"name": "Cost", "action": "rename"}
    )
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.name == "Cost"


def test_renaming_to_a_taken_name_is_refused(owner_client, survey):
    t = theme(survey, "Price")
    theme(survey, "Cost", everywhere=True)
    response = owner_client.post(
        edit_url(survey, t), {"name": "cost", "action": "rename"}
    )
    assert response.status_code == 400
    assert "There is a theme “cost” already." in response.text


def test_a_theme_is_deleted_and_its_answers_stay(owner_client, question):
    [answer] = give(question, "Too pricey")
    t = theme(question.survey)
    services.tag_answers(answer=answer, theme=t)
    response = owner_client.post(edit_url(question.survey, t), {"action": "delete"})
    assert response.status_code == 302
    assert not Theme.objects.exists()
    assert Answer.objects.filter(pk=answer.pk).exists()


def test_theme_pages_refuse_other_methods(owner_client, survey, question):
    t = theme(survey)
    assert owner_client.put(themes_url(survey)).status_code == 405
    assert owner_client.put(edit_url(survey, t)).status_code == 405
    assert owner_client.put(answers_url(question)).status_code == 405
