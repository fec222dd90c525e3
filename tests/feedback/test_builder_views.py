"""Building a survey: the list, templates, the overview, settings and questions."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from feedback import services
from feedback.models import Invitation, Question, Survey
from tests.factories import (
    DreamFactory,
    InvitationFactory,
    PainFactory,
    PersonaFactory,
    QuestionFactory,
    ResponseFactory,
    SurveyFactory,
)

LIST = reverse("feedback:survey_list")
CREATE = reverse("feedback:survey_create")


@pytest.fixture
def survey(workspace):
    survey = SurveyFactory(workspace=workspace, title="Spring check-in")
    for position, text in enumerate(["First?", "Second?", "Third?"]):
        QuestionFactory(survey=survey, text=text, position=position)
    return survey


@pytest.fixture
def answered(survey):
    """The survey once someone answered it."""
    ResponseFactory(survey=survey)
    return survey


def url(name: str, survey: Survey, question: Question | None = None) -> str:
    args = [survey.pk] if question is None else [survey.pk, question.pk]
    return reverse(f"feedback:{name}", args=args)


def texts_in_order(survey: Survey) -> list[str]:
    return list(survey.questions.order_by("position").values_list("text", flat=True))


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def field_error(response, field: str) -> bool:
    """crispy-forms puts a field's errors right under it, tied by id."""
    return f'id="error_1_id_{field}"' in response.text


# Anonymous visitors and wrong methods ----------------------------------------------

SURVEY_PAGES = [
    ("survey_detail", "get"),
    ("survey_edit", "get"),
    ("survey_duplicate", "post"),
    ("survey_status", "post"),
    ("survey_public_link", "post"),
    ("question_create", "get"),
]


def test_anonymous_visitors_are_sent_to_log_in(client, survey):
    question = survey.questions.first()
    urls = [LIST, CREATE] + [url(name, survey) for name, _ in SURVEY_PAGES]
    urls += [
        url(name, survey, question)
        for name in ("question_edit", "question_move", "question_delete")
    ]
    for address in urls:
        response = client.post(address) if "move" in address else client.get(address)
        assert response.status_code == 302, address
        assert response.url.startswith(reverse("accounts:login")), address


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("survey_detail", "post"),
        ("survey_duplicate", "get"),
        ("survey_status", "get"),
        ("survey_public_link", "get"),
        ("survey_edit", "put"),
        ("question_create", "delete"),
    ],
)
def test_wrong_methods_are_refused(owner_client, survey, name, method):
    assert getattr(owner_client, method)(url(name, survey)).status_code == 405


def test_wrong_methods_on_lists_and_questions_are_refused(owner_client, survey):
    question = survey.questions.first()
    assert owner_client.post(LIST).status_code == 405
    assert owner_client.put(CREATE).status_code == 405
    assert owner_client.get(url("question_move", survey, question)).status_code == 405
    assert owner_client.put(url("question_edit", survey, question)).status_code == 405
    assert owner_client.put(url("question_delete", survey, question)).status_code == 405


# The list ---------------------------------------------------------------------------


def test_the_list_shows_status_and_counts(owner_client, survey):
    InvitationFactory.create_batch(3, survey=survey)
    InvitationFactory(survey=survey, status=Invitation.Status.ANSWERED)
    SurveyFactory(workspace=survey.workspace, title="Empty draft", status="draft")
    response = owner_client.get(LIST)
    assert response.status_code == 200
    counts = {
        s.title: (s.question_count, s.invited, s.answered)
        for s in response.context["surveys"]
    }
    assert counts == {"Spring check-in": (3, 4, 1), "Empty draft": (0, 0, 0)}
    assert "Draft" in response.text
    assert url("results", survey) in response.text


def test_outsiders_do_not_see_another_workspace_surveys(outsider_client, survey):
    response = outsider_client.get(LIST)
    assert "Spring check-in" not in response.text
    assert "No surveys yet" in response.text


def test_the_list_takes_the_same_number_of_queries_for_many_surveys(
    owner_client, workspace
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get(LIST).status_code == 200
        return len(captured)

    survey = SurveyFactory(workspace=workspace)
    InvitationFactory(survey=survey)
    QuestionFactory(survey=survey)
    few = queries()
    for _ in range(5):
        survey = SurveyFactory(workspace=workspace)
        InvitationFactory.create_batch(2, survey=survey)
        QuestionFactory.create_batch(2, survey=survey)
    assert queries() == few


# Creating from a template -----------------------------------------------------------


def test_the_create_page_offers_the_templates_and_only_this_workspace_personas(
    owner_client, workspace, other_workspace
):
    PersonaFactory(workspace=workspace, name="Maya")
    PersonaFactory(workspace=other_workspace, name="Stranger")
    response = owner_client.get(CREATE)
    assert response.status_code == 200
    for label in ("Quick check-in", "NPS", "Persona validation", "Blank survey"):
        assert label in response.text
    assert "Maya" in response.text
    assert "Stranger" not in response.text


def test_a_check_in_is_created_as_a_draft_with_its_questions(owner_client, workspace):
    response = owner_client.post(CREATE, {"template": "checkin"})
    survey = Survey.objects.get(workspace=workspace)
    assert response.status_code == 302
    assert response.url == survey.get_absolute_url()
    assert survey.status == Survey.Status.DRAFT
    assert survey.questions.count() == 5


def test_a_persona_validation_survey_links_its_questions_to_pains_and_dreams(
    owner_client, workspace
):
    persona = PersonaFactory(workspace=workspace, name="Maya")
    pain = PainFactory(persona=persona, text="Drowning in admin")
    dream = DreamFactory(persona=persona, text="Evenings off")
    owner_client.post(CREATE, {"template": "persona", "persona": persona.pk})
    survey = Survey.objects.get(workspace=workspace)
    assert survey.persona == persona
    linked = survey.questions.exclude(pain=None) | survey.questions.exclude(dream=None)
    assert {(q.pain_id, q.dream_id) for q in linked} == {
        (pain.pk, None),
        (None, dream.pk),
    }


def test_a_persona_validation_survey_needs_a_persona(owner_client, workspace):
    response = owner_client.post(CREATE, {"template": "persona"})
    assert response.status_code == 400
    assert field_error(response, "persona")
    assert response.context["form"]["template"].value() == "persona"
    assert not Survey.objects.exists()


def test_a_persona_without_pains_or_dreams_is_refused(owner_client, workspace):
    persona = PersonaFactory(workspace=workspace, name="Empty")
    response = owner_client.post(CREATE, {"template": "persona", "persona": persona.pk})
    assert response.status_code == 400
    assert "has no pains or dreams yet" in response.text


def test_another_workspace_persona_cannot_be_chosen(owner_client, other_workspace):
    persona = PersonaFactory(workspace=other_workspace)
    PainFactory(persona=persona)
    response = owner_client.post(CREATE, {"template": "persona", "persona": persona.pk})
    assert response.status_code == 400
    assert field_error(response, "persona")
    assert not Survey.objects.exists()


def test_an_unknown_template_is_refused(owner_client):
    response = owner_client.post(CREATE, {"template": "quiz"})
    assert response.status_code == 400
    assert field_error(response, "template")


# The overview -----------------------------------------------------------------------


def test_the_overview_shows_questions_in_order_and_invitation_counts(
    owner_client, survey
):
    InvitationFactory.create_batch(2, survey=survey, status=Invitation.Status.FAILED)
    response = owner_client.get(survey.get_absolute_url())
    assert response.status_code == 200
    page = response.text
    assert page.index("First?") < page.index("Second?") < page.index("Third?")
    assert "Retry 2 failed" in page
    assert url("survey_send", survey) in page
    assert url("results", survey) in page
    assert "editing is blocked" not in page


def test_a_closed_survey_offers_no_send_button(owner_client, survey):
    survey.status = Survey.Status.CLOSED
    survey.save()
    page = owner_client.get(survey.get_absolute_url()).text
    assert url("survey_send", survey) not in page
    assert "Reopen" in page


def test_an_answered_survey_says_editing_is_blocked_and_offers_a_duplicate(
    owner_client, answered
):
    page = owner_client.get(answered.get_absolute_url()).text
    assert "editing its questions is blocked" in page
    assert "Duplicate the survey to change its questions" in page
    assert url("survey_duplicate", answered) in page
    assert url("question_create", answered) not in page
    assert url("question_move", answered, answered.questions.first()) not in page


# Settings ---------------------------------------------------------------------------


def settings_data(**changes) -> dict:
    data = {
        "title": "Autumn check-in",
        "introduction": "Two minutes.",
        "thank_you": "Thanks!",
        "closes_on": "",
        "remind_after_days": "7",
    }
    return data | changes


def test_the_settings_page_shows_the_current_values(owner_client, survey):
    response = owner_client.get(url("survey_edit", survey))
    assert response.status_code == 200
    assert 'value="Spring check-in"' in response.text


def test_settings_are_saved(owner_client, survey):
    response = owner_client.post(
        url("survey_edit", survey), settings_data(anonymous="on")
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.title, survey.anonymous, survey.remind_after_days) == (
        "Autumn check-in",
        True,
        7,
    )


def test_invalid_settings_show_errors_next_to_fields_and_keep_what_was_typed(
    owner_client, survey
):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = owner_client.post(
        url("survey_edit", survey),
        settings_data(title="", remind_after_days="0", closes_on=yesterday),
    )
    assert response.status_code == 400
    for field in ("title", "remind_after_days", "closes_on"):
        assert field_error(response, field), field
    assert "Two minutes." in response.text
    survey.refresh_from_db()
    assert survey.title == "Spring check-in"


def test_anonymity_is_locked_once_people_answered(owner_client, answered):
    response = owner_client.get(url("survey_edit", answered))
    assert "changing it now would misrepresent their answers" in response.text
    owner_client.post(url("survey_edit", answered), settings_data(anonymous="on"))
    answered.refresh_from_db()
    assert answered.anonymous is False
    assert answered.title == "Autumn check-in"


# Duplicate, open and close, public link ---------------------------------------------


def test_duplicating_makes_a_draft_copy_with_the_same_questions(owner_client, answered):
    response = owner_client.post(url("survey_duplicate", answered))
    copy = Survey.objects.exclude(pk=answered.pk).get()
    assert response.url == copy.get_absolute_url()
    assert copy.status == Survey.Status.DRAFT
    assert texts_in_order(copy) == texts_in_order(answered)
    assert not copy.responses.exists()


def test_closing_and_reopening(owner_client, survey):
    owner_client.post(url("survey_status", survey), {"status": "closed"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    survey.closes_on = timezone.localdate() - timedelta(days=3)
    survey.save()
    response = owner_client.post(url("survey_status", survey), {"status": "open"})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.status, survey.closes_on) == (Survey.Status.OPEN, None)


def test_an_unknown_status_is_refused(owner_client, survey):
    response = owner_client.post(url("survey_status", survey), {"status": "draft"})
    assert response.status_code == 400
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN


def test_the_public_link_is_shown_once_and_only_its_hash_is_kept(owner_client, survey):
    response = owner_client.post(
        url("survey_public_link", survey), {"action": "create"}
    )
    assert response.status_code == 302
    [message] = message_texts(response)
    prefix = reverse("feedback:public_answer", args=["TOKEN"]).split("TOKEN")[0]
    token = message.split(prefix)[1].split("/")[0]
    survey.refresh_from_db()
    assert survey.public_token_hash == tokens.hash_token(token) != token
    assert token in owner_client.get(survey.get_absolute_url()).text
    assert token not in owner_client.get(survey.get_absolute_url()).text


def test_the_public_link_can_be_turned_off(owner_client, survey):
    owner_client.post(url("survey_public_link", survey), {"action": "create"})
    owner_client.post(url("survey_public_link", survey), {"action": "disable"})
    survey.refresh_from_db()
    assert survey.public_token_hash == ""


def test_an_unknown_public_link_action_is_refused(owner_client, survey):
    response = owner_client.post(url("survey_public_link", survey), {"action": "x"})
    assert response.status_code == 400


# Questions --------------------------------------------------------------------------


def question_data(**changes) -> dict:
    data = {
        "kind": "single",
        "text": "Which session suits you?",
        "help_text": "",
        "choices": "Morning\nEvening",
        "required": "on",
    }
    return data | changes


def test_the_add_question_page_shows_a_form(owner_client, survey):
    response = owner_client.get(url("question_create", survey))
    assert response.status_code == 200
    assert 'name="choices"' in response.text


def test_a_new_question_goes_at_the_end(owner_client, survey):
    response = owner_client.post(url("question_create", survey), question_data())
    assert response.status_code == 302
    question = survey.questions.order_by("position").last()
    assert (question.text, question.choices, question.required) == (
        "Which session suits you?",
        ["Morning", "Evening"],
        True,
    )


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"choices": ""}, "choices", "at least 2 choices"),
        ({"choices": "Only one"}, "choices", "at least 2 choices"),
        ({"kind": "rating"}, "choices", "has no choices"),
        ({"text": ""}, "text", "This field is required"),
        ({"kind": "essay"}, "kind", "Select a valid choice"),
    ],
)
def test_an_invalid_question_shows_the_error_next_to_the_field(
    owner_client, survey, changes, field, error
):
    response = owner_client.post(
        url("question_create", survey), question_data(help_text="Kept", **changes)
    )
    assert response.status_code == 400
    assert field_error(response, field)
    assert error in response.text
    assert 'value="Kept"' in response.text
    assert survey.questions.count() == 3


def test_a_question_can_be_edited(owner_client, survey):
    question = survey.questions.get(text="Second?")
    assert owner_client.get(url("question_edit", survey, question)).status_code == 200
    owner_client.post(
        url("question_edit", survey, question),
        question_data(kind="yes_no", text="Still second?", choices=""),
    )
    question.refresh_from_db()
    assert (question.kind, question.text) == ("yes_no", "Still second?")


def test_an_invalid_edit_keeps_what_was_typed(owner_client, survey):
    question = survey.questions.get(text="Second?")
    response = owner_client.post(
        url("question_edit", survey, question),
        question_data(kind="multiple", text="Typed text", choices=""),
    )
    assert response.status_code == 400
    assert 'value="Typed text"' in response.text
    question.refresh_from_db()
    assert question.text == "Second?"


def test_a_question_of_another_survey_is_not_found(owner_client, survey):
    other = QuestionFactory(survey=SurveyFactory(workspace=survey.workspace))
    assert owner_client.get(url("question_edit", survey, other)).status_code == 404


def test_questions_move_up_and_down(owner_client, survey):
    second = survey.questions.get(text="Second?")
    move = url("question_move", survey, second)
    owner_client.post(move, {"direction": "up"})
    assert texts_in_order(survey) == ["Second?", "First?", "Third?"]
    owner_client.post(move, {"direction": "up"})
    assert texts_in_order(survey) == ["Second?", "First?", "Third?"]
    owner_client.post(move, {"direction": "down"})
    owner_client.post(move, {"direction": "down"})
    assert texts_in_order(survey) == ["First?", "Third?", "Second?"]


def test_moving_needs_a_direction(owner_client, survey):
    move = url("question_move", survey, survey.questions.first())
    assert owner_client.post(move, {"direction": "left"}).status_code == 400


def test_deleting_a_question_asks_first(owner_client, survey):
    question = survey.questions.get(text="Second?")
    response = owner_client.get(url("question_delete", survey, question))
    assert response.status_code == 200
    assert "Delete this question?" in response.text
    owner_client.post(url("question_delete", survey, question))
    assert texts_in_order(survey) == ["First?", "Third?"]


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [
        ("question_create", "get", {}),
        ("question_create", "post", question_data()),
        ("question_edit", "get", {}),
        ("question_edit", "post", question_data(text="Changed")),
        ("question_move", "post", {"direction": "down"}),
        ("question_delete", "get", {}),
        ("question_delete", "post", {}),
    ],
)
def test_questions_cannot_change_once_people_answered(
    owner_client, answered, name, method, data
):
    before = texts_in_order(answered)
    question = None if name == "question_create" else answered.questions.first()
    response = getattr(owner_client, method)(url(name, answered, question), data)
    assert response.status_code == 302
    assert response.url == answered.get_absolute_url()
    assert "Duplicate the survey to change its questions" in message_texts(response)[0]
    assert texts_in_order(answered) == before


# The answer page keeps a survey's questions in memory under the survey's last
# change: every change a practitioner makes must reach links opened before it.


def questions_shown(client, link: str) -> list[str]:
    page = client.get(link).text
    texts = ["First?", "Second?", "Third?", "Which session suits you?", "Renamed?"]
    return sorted((t for t in texts if t in page), key=page.index)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("add", ["First?", "Second?", "Third?", "Which session suits you?"]),
        ("edit", ["First?", "Renamed?", "Third?"]),
        ("move", ["Second?", "First?", "Third?"]),
        ("delete", ["First?", "Third?"]),
    ],
)
def test_a_change_to_the_questions_reaches_links_opened_before(
    owner_client, client, survey, change, expected
):
    invitation = InvitationFactory(survey=survey)
    link = reverse("feedback:answer", args=[services.new_link_token(invitation)])
    assert questions_shown(client, link) == ["First?", "Second?", "Third?"]
    second = survey.questions.get(text="Second?")
    match change:
        case "add":
            owner_client.post(url("question_create", survey), question_data())
        case "edit":
            data = question_data(text="Renamed?", kind="short_text", choices="")
            owner_client.post(url("question_edit", survey, second), data)
        case "move":
            owner_client.post(url("question_move", survey, second), {"direction": "up"})
        case "delete":
            owner_client.post(url("question_delete", survey, second))
    assert questions_shown(client, link) == expected


def test_opening_a_link_again_reads_no_questions(client, survey):
    tokens_ = [
        services.new_link_token(InvitationFactory(survey=survey)) for _ in range(2)
    ]
    client.get(reverse("feedback:answer", args=[tokens_[0]]))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("feedback:answer", args=[tokens_[1]]))
    assert "Second?" in response.text
    # The link's invitation with its survey, then its first opening recorded.
    statements = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    assert [sql.split()[0] for sql in statements] == ["SELECT", "UPDATE"]
    assert not any("feedback_question" in sql for sql in statements)
