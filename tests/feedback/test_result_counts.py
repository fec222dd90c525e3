"""Every count on the results page comes from one definition, written beside it
(issue 16): shares of respondents for several-choice questions, "answered" as
responses that answered the question, and responses explained against answered
invitations."""

import pytest
from django.urls import reverse

from feedback.models import Answer, Invitation, Response
from feedback.reports import DEFINITIONS
from tests.factories import InvitationFactory, QuestionFactory, SurveyFactory


@pytest.fixture
def survey(workspace):
    return SurveyFactory(workspace=workspace, title="Autumn check-in")


def respond(survey, answers: dict, *, invited=True) -> Response:
    invitation = (
        InvitationFactory(survey=survey, status=Invitation.Status.ANSWERED)
        if invited
        else None
    )
    response = Response.objects.create(
        survey=survey,
        invitation=invitation,
        contact=invitation.contact if invitation else None,
        submitted_at=invitation.created_at if invitation else survey.created_at,
    )
    Answer.objects.bulk_create(
        [Answer(response=response, question=q, **v) for q, v in answers.items()]
    )
    return response


def results(client, survey, **params):
    return client.get(reverse("feedback:results", args=[survey.pk]), params)


def test_several_choices_are_shares_of_the_people_who_answered(owner_client, survey):
    question = QuestionFactory(
        survey=survey, kind="multiple", choices=["Mornings", "Evenings", "Weekends"]
    )
    respond(survey, {question: {"choices": ["Mornings", "Evenings"]}})
    respond(survey, {question: {"choices": ["Evenings"]}})
    response = results(owner_client, survey)
    [report] = response.context["report"].questions
    assert report.answered == 2
    assert [(b.label, b.count, b.percent) for b in report.bars] == [
        ("Mornings", 1, 50),
        ("Evenings", 2, 100),
        ("Weekends", 0, 0),
    ]
    assert "Each share is of the 2 who answered" in response.text


def test_one_person_ticking_two_options_is_100_percent_each(owner_client, survey):
    question = QuestionFactory(survey=survey, kind="multiple", choices=["A", "B"])
    respond(survey, {question: {"choices": ["A", "B"]}})
    [report] = results(owner_client, survey).context["report"].questions
    assert [b.percent for b in report.bars] == [100, 100]


def test_every_text_answer_is_counted_not_only_those_shown(owner_client, survey):
    question = QuestionFactory(survey=survey, kind="long_text")
    for n in range(60):
        respond(survey, {question: {"text": f"Answer {n % 7}"}})
    response = results(owner_client, survey)
    [report] = response.context["report"].questions
    assert (report.answered, report.distinct, len(report.groups)) == (60, 7, 5)
    assert response.context["report"].responses == 60
    assert "<strong>60 answered</strong>" in response.text
    assert "skipped it" not in response.text


def test_a_skipped_optional_question_says_how_many_skipped_it(owner_client, survey):
    rating = QuestionFactory(survey=survey, kind="rating", required=True)
    optional = QuestionFactory(survey=survey, kind="short_text")
    respond(survey, {rating: {"number": 4}, optional: {"text": "Fine"}})
    respond(survey, {rating: {"number": 5}})
    page = results(owner_client, survey).text
    assert "<strong>2 answered</strong>" in page
    assert "<strong>1 answered</strong>" in page
    assert "(1 of 2 skipped it)" in page


def test_each_count_is_stated_with_its_definition(owner_client, survey):
    QuestionFactory(survey=survey, kind="rating")
    page = results(owner_client, survey).text
    for name in ("invited", "sent", "opened", "answered", "failed", "rate"):
        assert DEFINITIONS[name] in page
    assert "responses</strong>: " + DEFINITIONS["responses"] in page
    assert DEFINITIONS["question"] in page


def test_responses_through_the_public_link_explain_the_difference(owner_client, survey):
    question = QuestionFactory(survey=survey, kind="rating")
    respond(survey, {question: {"number": 4}})
    respond(survey, {question: {"number": 2}}, invited=False)
    response = results(owner_client, survey)
    report = response.context["report"]
    assert (report.responses, report.funnel["answered"]) == (2, 1)
    assert "1 of them came through the public link" in response.text


def test_an_anonymous_survey_says_why_the_counts_may_differ(owner_client, survey):
    survey.anonymous = True
    survey.save()
    question = QuestionFactory(survey=survey, kind="rating")
    respond(survey, {question: {"number": 4}}, invited=False)
    respond(survey, {question: {"number": 4}}, invited=False)
    InvitationFactory(survey=survey, status=Invitation.Status.ANSWERED)
    page = results(owner_client, survey).text
    assert "This survey is anonymous: responses keep no link" in page
