import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback import reports
from feedback.models import Answer, Invitation, Question, Response
from fitcheck.services import rubric_versions, scores
from tests.factories import (
    ContactFactory,
    InvitationFactory,
    PainFactory,
    PersonaFactory,
    QuestionFactory,
    SurveyFactory,
)


@pytest.fixture
def survey(workspace):
    survey = SurveyFactory(workspace=workspace, title="Autumn check-in")
    QuestionFactory(survey=survey, kind="rating", text="How is it going?", position=0)
    QuestionFactory(survey=survey, kind="nps", text="Recommend us?", position=1)
    QuestionFactory(
        survey=survey,
        kind="single",
        text="Best channel?",
        position=2,
        choices=["Email", "Phone"],
    )
    QuestionFactory(
        survey=survey, kind="long_text", text="What should change?", position=3
    )
    return survey


def answer(
    survey,
    *,
    rating=4,
    nps=9,
    channel="Email",
    text="More examples",
    contact=None,
    anonymous=False,
):
    invitation = InvitationFactory(
        survey=survey,
        status=Invitation.Status.ANSWERED,
        **({"contact": contact} if contact else {}),
    )
    response = Response.objects.create(
        survey=survey,
        invitation=None if anonymous else invitation,
        contact=None if anonymous else invitation.contact,
        submitted_at=invitation.created_at,
    )
    values = {
        "rating": {"number": rating},
        "nps": {"number": nps},
        "single": {"choices": [channel]},
        "long_text": {"text": text},
    }
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=q, **values[q.kind])
            for q in survey.questions.all()
        ]
    )
    return response


def results_url(survey):
    return reverse("feedback:results", args=[survey.pk])


def test_results_need_login(client, survey):
    assert client.get(results_url(survey)).status_code == 302


def test_results_show_rate_distributions_mean_nps_and_texts(owner_client, survey):
    answer(survey, rating=5, nps=10, text="Keep the weekly plan")
    answer(survey, rating=3, nps=6, channel="Phone", text="=cmd|' /C calc'!A0")
    InvitationFactory(survey=survey, status=Invitation.Status.SENT)
    response = owner_client.get(results_url(survey))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.funnel == {
        "invited": 3,
        "sent": 3,
        "opened": 2,
        "answered": 2,
        "failed": 0,
    }
    assert report.rate == 67
    rating, nps, channel, text = report.questions
    assert rating.mean == 4
    assert nps.nps.score == 0
    assert [(b.label, b.count) for b in channel.bars] == [("Email", 1), ("Phone", 1)]
    assert {group["sample"] for group in text.groups} == {
        "Keep the weekly plan",
        "=cmd|' /C calc'!A0",
    }
    assert "NPS 0" in response.text


def test_text_answers_are_searchable(owner_client, survey):
    answer(survey, text="Shorter calls please")
    answer(survey, text="More examples")
    response = owner_client.get(results_url(survey), {"q": "calls"})
    text = response.context["report"].questions[3]
    assert [group["sample"] for group in text.groups] == ["Shorter calls please"]
    # The search narrows what is shown, not what is counted.
    assert text.answered == 2


def test_results_filter_by_fit_band_and_persona(owner_client, survey, workspace):
    persona = PersonaFactory(workspace=workspace, status="active")
    PainFactory(persona=persona, text="Drowning in admin")
    rubric_versions.applied_rubric(persona=persona)
    ideal = ContactFactory(workspace=workspace, reported_pains=["Drowning in admin"])
    poor = ContactFactory(workspace=workspace, reported_pains=["Nothing"])
    for contact in (ideal, poor):
        scores.score_contact_now(contact=contact)
    answer(survey, contact=ideal, text="from ideal")
    answer(survey, contact=poor, text="from poor")
    response = owner_client.get(
        results_url(survey), {"band": "ideal", "persona": persona.pk}
    )
    assert response.context["report"].responses == 1
    groups = response.context["report"].questions[3].groups
    assert [group["sample"] for group in groups] == ["from ideal"]


def test_an_empty_survey_has_no_rate_and_no_scores(owner_client, survey):
    report = owner_client.get(results_url(survey)).context["report"]
    assert report.rate is None
    assert report.questions[1].nps.score is None
    assert report.questions[0].mean is None


def test_results_query_count_does_not_grow_with_responses(owner_client, survey):
    answer(survey)
    with CaptureQueriesContext(connection) as few:
        owner_client.get(results_url(survey))
    for _ in range(25):
        answer(survey)
    with CaptureQueriesContext(connection) as many:
        owner_client.get(results_url(survey))
    assert len(many) == len(few)


@pytest.fixture
def large(monkeypatch):
    """Surveys of more than two responses count as large (reports.LIVE_UP_TO)."""
    monkeypatch.setattr(reports, "LIVE_UP_TO", 2)
    cache.clear()
    yield
    cache.clear()


def test_a_small_survey_shows_a_new_response_at_once(owner_client, survey):
    answer(survey)
    owner_client.get(results_url(survey))
    answer(survey)
    response = owner_client.get(results_url(survey))
    assert response.context["report"].responses == 2
    assert "These figures were counted at" not in response.text


def test_a_large_survey_shows_its_kept_report_and_says_when_it_was_counted(
    owner_client, survey, large
):
    for _ in range(3):
        answer(survey)
    owner_client.get(results_url(survey))
    answer(survey)
    with CaptureQueriesContext(connection) as kept:
        response = owner_client.get(results_url(survey))
    assert response.context["report"].responses == 3
    assert "These figures were counted at" in response.text
    assert not [q for q in kept.captured_queries if "feedback_answer" in q["sql"]]


def test_a_large_survey_filtered_is_counted_afresh(owner_client, survey, large):
    for _ in range(3):
        answer(survey)
    owner_client.get(results_url(survey))
    answer(survey)
    response = owner_client.get(results_url(survey), {"q": "More"})
    assert response.context["report"].responses == 4
    assert "These figures were counted at" not in response.text


def test_a_changed_survey_is_counted_afresh(owner_client, survey, large):
    for _ in range(3):
        answer(survey)
    owner_client.get(results_url(survey))
    answer(survey)
    survey.save()
    response = owner_client.get(results_url(survey))
    assert response.context["report"].responses == 4


def test_export_is_one_row_per_response_in_question_order_and_escapes_formulas(
    owner_client, survey
):
    first = answer(survey, text='=HYPERLINK("http://evil")')
    response = owner_client.get(reverse("feedback:results_export", args=[survey.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))
        )
    )
    assert rows[0] == [
        "response",
        "submitted_at",
        "contact_id",
        "email",
        "How is it going?",
        "Recommend us?",
        "Best channel?",
        "What should change?",
    ]
    assert rows[1][0] == str(first.pk)
    assert rows[1][2] == str(first.contact_id)
    assert rows[1][4:7] == ["4", "9", "Email"]
    assert rows[1][7].startswith("'=")


def test_export_escapes_formulas_in_the_header_row_too(owner_client, survey):
    QuestionFactory(survey=survey, kind="short_text", text='=HYPERLINK("x")?')
    QuestionFactory(survey=survey, kind="short_text", text="@SUM(A1)?")
    response = owner_client.get(reverse("feedback:results_export", args=[survey.pk]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[-2:] == ['\'=HYPERLINK("x")?', "'@SUM(A1)?"]
    assert header[4] == "How is it going?"


def test_export_of_an_anonymous_survey_has_no_contact_columns(owner_client, survey):
    survey.anonymous = True
    survey.save()
    answer(survey, anonymous=True)
    response = owner_client.get(reverse("feedback:results_export", args=[survey.pk]))
    header = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert "email" not in header
    assert "contact_id" not in header


def test_response_page_shows_answers_in_question_order(owner_client, survey):
    response = answer(survey, text="Lovely")
    page = owner_client.get(reverse("feedback:response_detail", args=[response.pk]))
    assert page.status_code == 200
    assert page.text.index("How is it going?") < page.text.index("What should change?")
    assert "Lovely" in page.text
    assert response.contact.name in page.text


def test_nps_over_time_lists_each_check_in(owner_client, survey, workspace):
    answer(survey, nps=10)
    later = SurveyFactory(workspace=workspace, title="Winter check-in")
    QuestionFactory(survey=later, kind="nps", text="Recommend us?")
    page = owner_client.get(reverse("feedback:nps_trend"))
    assert page.status_code == 200
    assert "Autumn check-in" in page.text
    assert "<polyline" in page.text
    # Winter has no answers yet: no point, no row.
    assert [row[0].title for row in page.context["rows"]] == ["Autumn check-in"]
    assert [dot.title for dot in page.context["chart"].dots] == ["Autumn check-in"]


def test_the_nps_chart_has_axes_labels_sample_sizes_and_a_table(owner_client, survey):
    for score in (10, 10, 9, 3):
        answer(survey, nps=score)
    page = owner_client.get(reverse("feedback:nps_trend")).text
    assert 'role="img" aria-labelledby="trend-title trend-desc"' in page
    for tick in ("+100", "+50", ">0<", "-50", "-100"):
        assert tick in page
    assert "n = 4" in page
    assert "1 check-in, from NPS 50" in page
    assert "<caption>The chart’s figures" in page
    assert "trend-dot-few" in page  # Fewer than ten answers: a hollow point.
    assert "6 more answers for a steadier figure" in page


@pytest.mark.parametrize("name", ["results", "results_export"])
def test_results_refuse_post(owner_client, survey, name):
    assert (
        owner_client.post(reverse(f"feedback:{name}", args=[survey.pk])).status_code
        == 405
    )


def test_contact_timeline_shows_survey_answers(owner_client, survey):
    response = answer(survey)
    page = owner_client.get(response.contact.get_absolute_url())
    assert "Answered “Autumn check-in”" in page.text
    assert response.get_absolute_url() in page.text


def test_question_kinds_cover_the_issue():
    assert set(Question.Kind.values) == {
        "rating",
        "nps",
        "single",
        "multiple",
        "yes_no",
        "short_text",
        "long_text",
    }
