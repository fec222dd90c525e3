"""What a survey email says and who it comes from (issue 16: emails from the
practice, replies to its owner, a first-name greeting, the practitioner's text,
and the survey's real length)."""

from email.header import decode_header, make_header
from email.utils import parseaddr

import pytest

from feedback import emails, services
from feedback.models import Invitation
from feedback.tasks import deliver_invitations
from tests.factories import (
    ContactFactory,
    InvitationFactory,
    QuestionFactory,
    SurveyFactory,
)


@pytest.fixture
def survey(workspace, owner, teammate):
    survey = SurveyFactory(workspace=workspace, title="Autumn check-in")
    for kind in ["rating", "nps", "long_text", "long_text", "yes_no"]:
        QuestionFactory(survey=survey, kind=kind)
    return survey


def deliver(survey, *, name="Amara Okafor", reminder=False):
    contact = ContactFactory(workspace=survey.workspace, name=name)
    status = Invitation.Status.SENT if reminder else Invitation.Status.QUEUED
    invitation = InvitationFactory(survey=survey, contact=contact, status=status)
    deliver_invitations.call(ids=[invitation.pk], reminder=reminder)


def test_the_email_comes_from_the_practice_with_replies_to_its_owner(
    survey, mailoutbox, settings
):
    settings.DEFAULT_FROM_EMAIL = "Ideal Customer <surveys@mail.example>"
    deliver(survey)
    [email] = mailoutbox
    header = email.message()
    assert parseaddr(header["From"]) == ("Harbour Lane", "surveys@mail.example")
    assert email.reply_to == ["olivia@example.com"]


def test_a_practice_name_with_commas_quotes_and_accents_stays_one_sender(
    survey, mailoutbox
):
    survey.workspace.name = 'Renée "Physio", Côté\nLtd'
    survey.workspace.save()
    deliver(survey)
    header = mailoutbox[0].message()["From"]
    name, address = parseaddr(str(make_header(decode_header(header))))
    assert (name, address) == ('Renée "Physio", Côté Ltd', "hello@localhost")


def test_the_greeting_uses_the_first_name_or_a_plain_hello(survey, mailoutbox):
    deliver(survey, name="Dr. Amara Okafor")
    deliver(survey, name="j.doe")
    assert mailoutbox[0].body.startswith("Hello Amara,\n")
    assert "<p>Hello Amara,</p>" in mailoutbox[0].alternatives[0].content
    assert mailoutbox[1].body.startswith("Hello,\n")


def test_the_email_states_the_survey_s_length_from_its_questions(survey, mailoutbox):
    QuestionFactory(survey=survey, kind="short_text")
    deliver(survey)
    assert "6 questions, about 4 minutes." in mailoutbox[0].body
    assert "6 questions, about 4 minutes." in mailoutbox[0].alternatives[0].content


def test_the_practitioner_s_text_is_plain_in_text_and_escaped_in_html(
    survey, mailoutbox
):
    survey.invitation_text = "Tom & Jerry's <b>news</b>\n\nSecond paragraph."
    survey.reminder_text = "Still keen to hear from you <i>soon</i>."
    survey.save()
    deliver(survey)
    deliver(survey, reminder=True)
    invitation, reminder = mailoutbox
    assert "Tom & Jerry's <b>news</b>\n\nSecond paragraph." in invitation.body
    html = invitation.alternatives[0].content
    assert "<p>Tom &amp; Jerry&#x27;s &lt;b&gt;news&lt;/b&gt;</p>" in html
    assert "<p>Second paragraph.</p>" in html
    assert "Still keen to hear from you <i>soon</i>." in reminder.body
    assert "&lt;i&gt;soon" in reminder.alternatives[0].content
    assert reminder.subject == "A gentle reminder: Autumn check-in"


def test_without_a_text_of_their_own_the_default_wording_names_the_practice(
    survey, mailoutbox
):
    deliver(survey)
    deliver(survey, reminder=True)
    assert "Harbour Lane would love to hear how things are going" in mailoutbox[0].body
    assert "A little while ago Harbour Lane asked" in mailoutbox[1].body


def test_a_workspace_without_an_active_owner_sends_without_reply_to(
    survey, owner, mailoutbox
):
    owner.is_active = False
    owner.save()
    deliver(survey)
    assert mailoutbox[0].reply_to == []


def test_the_preview_is_the_real_email_for_a_sample_person(survey):
    shown = emails.preview(survey)
    assert shown["subject"] == "Autumn check-in"
    assert shown["reply_to"] == "olivia@example.com"
    assert parseaddr(shown["from"])[0] == "Harbour Lane"
    assert shown["text"].startswith("Hello Sam,")
    assert "5 questions, about 3 minutes." in shown["html"]
    assert not Invitation.objects.exists()


def test_the_reply_to_of_several_workspaces_is_read_at_once(
    survey, django_assert_num_queries, other_workspace, outsider
):
    with django_assert_num_queries(1):
        addresses = emails.reply_to_addresses([survey.workspace_id, other_workspace.pk])
    assert addresses == {
        survey.workspace_id: "olivia@example.com",
        other_workspace.pk: "oscar@example.com",
    }


def test_reminders_are_sent_by_the_service_with_the_reminder_text(
    survey, mailoutbox, django_capture_on_commit_callbacks
):
    survey.reminder_text = "One more nudge."
    survey.save()
    InvitationFactory(survey=survey, status=Invitation.Status.SENT)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_reminders(survey=survey)
    assert "One more nudge." in mailoutbox[0].body
