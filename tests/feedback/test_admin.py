from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.models import Answer, Invitation, Response
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    QuestionFactory,
    SurveyFactory,
    UserFactory,
)
from tests.two_factor import force_verified_login


def answered(survey, text="Lovely"):
    question = survey.questions.first() or QuestionFactory(
        survey=survey, kind="long_text", text="Anything else?"
    )
    invitation = InvitationFactory(survey=survey, status=Invitation.Status.ANSWERED)
    response = Response.objects.create(
        survey=survey,
        invitation=invitation,
        contact=invitation.contact,
        submitted_at=invitation.created_at,
    )
    Answer.objects.create(response=response, question=question, text=text)
    return response


def test_survey_change_page_has_its_questions_inline(superuser_client, workspace):
    survey = SurveyFactory(workspace=workspace, title="Autumn check-in")
    QuestionFactory(survey=survey, text="How is it going?")
    page = superuser_client.get(
        reverse("admin:feedback_survey_change", args=[survey.pk])
    )
    assert page.status_code == 200
    assert "How is it going?" in page.text
    assert "public_token_hash" not in page.text


def test_invitations_filter_by_status(superuser_client, workspace):
    survey = SurveyFactory(workspace=workspace)
    InvitationFactory(survey=survey, status="failed", contact__name="Fay Failed")
    InvitationFactory(survey=survey, status="sent", contact__name="Sam Sent")
    url = reverse("admin:feedback_invitation_changelist")
    page = superuser_client.get(url, {"status__exact": "failed"})
    assert "Fay Failed" in page.text
    assert "Sam Sent" not in page.text


def test_response_change_page_has_its_answers_inline(superuser_client, workspace):
    response = answered(SurveyFactory(workspace=workspace), text="Shorter calls")
    page = superuser_client.get(
        reverse("admin:feedback_response_change", args=[response.pk])
    )
    assert page.status_code == 200
    assert "Shorter calls" in page.text


def test_staff_see_only_their_own_workspace(client, workspace, other_workspace):
    mine = SurveyFactory(workspace=workspace, title="Harbour survey")
    theirs = SurveyFactory(workspace=other_workspace, title="Elsewhere survey")
    answered(mine)
    answered(theirs)
    staff = UserFactory(is_staff=True)
    MembershipFactory(workspace=workspace, user=staff, role="member")
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_survey", "view_invitation", "view_response"]
        )
    )
    force_verified_login(client, staff)
    surveys = client.get(reverse("admin:feedback_survey_changelist"))
    assert "Harbour survey" in surveys.text
    assert "Elsewhere survey" not in surveys.text
    for name in ["invitation", "response"]:
        listing = client.get(reverse(f"admin:feedback_{name}_changelist"))
        assert listing.status_code == 200
        assert "Elsewhere survey" not in listing.text, name
    foreign = theirs.responses.get()
    change = client.get(reverse("admin:feedback_response_change", args=[foreign.pk]))
    assert change.status_code in (302, 404)


def test_invitation_list_query_count_does_not_grow(superuser_client, workspace):
    survey = SurveyFactory(workspace=workspace)
    InvitationFactory(survey=survey)
    url = reverse("admin:feedback_invitation_changelist")
    with CaptureQueriesContext(connection) as few:
        superuser_client.get(url)
    InvitationFactory.create_batch(20, survey=survey)
    with CaptureQueriesContext(connection) as many:
        superuser_client.get(url)
    assert len(many) == len(few)
