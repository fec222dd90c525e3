"""Every place a client or practitioner reads a survey's length says it from the
survey's questions as they are now (issue 16: no stale "five questions")."""

import importlib

from django.apps import apps
from django.urls import reverse

from feedback import services
from tests.factories import InvitationFactory, QuestionFactory, SurveyFactory


def test_the_survey_page_says_the_length_and_follows_a_new_question(
    client, owner_client, workspace
):
    survey = services.create_survey(workspace=workspace, template="checkin")
    survey.status = "open"
    survey.save()
    link = reverse(
        "feedback:answer",
        args=[services.new_link_token(InvitationFactory(survey=survey))],
    )
    assert "5 questions, about 3 minutes" in client.get(link).text
    added = owner_client.post(
        reverse("feedback:question_create", args=[survey.pk]),
        {"kind": "long_text", "text": "Anything else?"},
    )
    assert added.status_code == 302, added.text
    page = client.get(link).text
    assert "6 questions, about 5 minutes" in page
    assert "five questions" not in page.lower()


def test_the_survey_overview_says_what_clients_are_told(owner_client, workspace):
    survey = SurveyFactory(workspace=workspace)
    QuestionFactory(survey=survey, kind="nps")
    page = owner_client.get(survey.get_absolute_url()).text
    assert "clients are told: 1 question, about 1 minute" in page


def test_the_migration_drops_only_the_old_counted_opening(workspace):
    stale = SurveyFactory(
        workspace=workspace,
        introduction="Three minutes, five questions. Your honest answers help.",
    )
    rewritten = SurveyFactory(
        workspace=workspace, introduction="About three minutes, five questions."
    )
    migration = importlib.import_module(
        "feedback.migrations.0003_uncounted_introductions"
    )
    migration.drop_counted_opening(apps, None)
    stale.refresh_from_db()
    rewritten.refresh_from_db()
    assert stale.introduction == "Your honest answers help."
    assert rewritten.introduction == "About three minutes, five questions."
