"""Sending to contacts picked by name: as-you-type matches (a fragment the
page's script fetches) and the no-script Search button (issue 16)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.models import Invitation
from tests.factories import ContactFactory, QuestionFactory, SurveyFactory


@pytest.fixture
def survey(workspace):
    survey = SurveyFactory(workspace=workspace, title="Autumn check-in")
    QuestionFactory(survey=survey)
    return survey


@pytest.fixture
def people(workspace, other_workspace):
    return {
        "amara": ContactFactory(workspace=workspace, name="Amara Okafor"),
        "amadou": ContactFactory(workspace=workspace, name="Amadou Diallo"),
        "zoe": ContactFactory(workspace=workspace, name="Zoë Martin"),
        "stranger": ContactFactory(workspace=other_workspace, name="Amaya Outside"),
    }


def matches_url(survey) -> str:
    return reverse("feedback:contact_matches", args=[survey.pk])


def send_url(survey) -> str:
    return reverse("feedback:survey_send", args=[survey.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, survey):
    assert client.get(matches_url(survey), {"who": "Am"}).status_code == 302


def test_another_workspace_s_survey_is_not_found(outsider_client, survey, people):
    assert outsider_client.get(matches_url(survey), {"who": "Am"}).status_code == 404


def test_matches_come_from_this_workspace_only(owner_client, survey, people):
    response = owner_client.get(matches_url(survey), {"who": "ama"})
    assert response.status_code == 200
    assert [c.name for c in response.context["matches"]] == [
        "Amadou Diallo",
        "Amara Okafor",
    ]
    assert "Amaya Outside" not in response.text
    assert "<html" not in response.text  # A fragment, not a page.
    assert f'name="contacts" value="{people["amara"].pk}"' in response.text


def test_contacts_already_picked_are_not_offered_again(owner_client, survey, people):
    response = owner_client.get(
        matches_url(survey), {"who": "ama", "contacts": people["amara"].pk}
    )
    assert [c.name for c in response.context["matches"]] == ["Amadou Diallo"]


def test_many_matches_are_cut_with_a_hint_to_type_more(owner_client, survey, workspace):
    ContactFactory.create_batch(25, workspace=workspace, name="Sam Sample")
    response = owner_client.get(matches_url(survey), {"who": "sam"})
    assert len(response.context["matches"]) == 20
    assert "type more to narrow it down" in response.text


def test_the_fragment_takes_the_same_queries_for_many_matches(
    owner_client, survey, workspace
):
    ContactFactory(workspace=workspace, name="Sam One")
    with CaptureQueriesContext(connection) as few:
        owner_client.get(matches_url(survey), {"who": "sam"})
    ContactFactory.create_batch(15, workspace=workspace, name="Sam Sample")
    with CaptureQueriesContext(connection) as many:
        owner_client.get(matches_url(survey), {"who": "sam"})
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("who", "message"),
    [("Am\x00a", "Null characters are not allowed."), ("a" * 151, "at most 150")],
)
def test_bad_search_text_is_refused_with_a_message(owner_client, survey, who, message):
    response = owner_client.get(matches_url(survey), {"who": who})
    assert response.status_code == 400
    assert message in response.text


def test_the_fragment_refuses_post(owner_client, survey):
    assert owner_client.post(matches_url(survey), {"who": "a"}).status_code == 405


def test_search_without_script_keeps_what_was_typed_and_judges_nothing(
    owner_client, survey, people
):
    response = owner_client.post(
        send_url(survey),
        {
            "action": "search",
            "who": "ama",
            "contacts": [people["zoe"].pk],
            "addresses": "not-an-address",
        },
    )
    assert response.status_code == 200
    html = response.text
    assert "not-an-address</textarea>" in html
    assert "These are not email addresses" not in html
    assert [c.name for c in response.context["matches"]] == [
        "Amadou Diallo",
        "Amara Okafor",
    ]
    assert [c.name for c in response.context["picked"]] == ["Zoë Martin"]
    assert f'value="{people["zoe"].pk}" id="contact-{people["zoe"].pk}" checked' in html
    assert not Invitation.objects.exists()


def test_counting_includes_the_picked_contacts(owner_client, survey, people):
    response = owner_client.post(
        send_url(survey),
        {"action": "count", "contacts": [people["amara"].pk, people["zoe"].pk]},
    )
    assert response.status_code == 200
    assert response.context["reach"].to_email == 2


def test_sending_invites_exactly_the_picked_contacts(
    owner_client, survey, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            send_url(survey),
            {"action": "send", "contacts": [people["amara"].pk, people["zoe"].pk]},
        )
    assert response.status_code == 302
    invited = set(Invitation.objects.values_list("contact__name", flat=True))
    assert invited == {"Amara Okafor", "Zoë Martin"}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [people["amara"].email, people["zoe"].email]
    )


def test_picked_and_pasted_and_filtered_contacts_are_invited_once(
    owner_client, survey, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            send_url(survey),
            {
                "action": "send",
                "contacts": [people["amara"].pk],
                "addresses": people["amara"].email,
                "from_contacts": "on",
                "stage": "prospect",
            },
        )
    assert Invitation.objects.count() == 3  # Every prospect of the workspace.


def test_a_contact_of_another_workspace_cannot_be_picked(owner_client, survey, people):
    response = owner_client.post(
        send_url(survey), {"action": "send", "contacts": [people["stranger"].pk]}
    )
    assert response.status_code == 400
    assert 'id="error_1_id_contacts"' in response.text
    assert "Select a valid choice" in response.text
    assert not Invitation.objects.exists()
