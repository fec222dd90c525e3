"""The intake editor: reword, reorder, hide and add questions, and preview the page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fitcheck.models import Contact, IntakePage, IntakeQuestion
from fitcheck.services import intake_questions, rubric_versions
from tests.fitcheck.rubric_builders import add_interest
from tests.personas.builders import make_maya

QUESTIONS = reverse("fitcheck:intake_questions")
ADD = reverse("fitcheck:intake_question_add")
REDRAFT = reverse("fitcheck:intake_questions_redraft")
PREVIEW = reverse("fitcheck:intake_preview")
PREVIEW_PAGE = reverse("fitcheck:intake_preview_page")
SETTINGS = reverse("fitcheck:intake_settings")
PUBLIC = reverse("fitcheck:intake", args=["harbour-lane"])
REPLY = {"name": "Ana Prospect", "email": "ana@example.com"}


@pytest.fixture
def intake_page(workspace, owner):
    intake_page = IntakePage.objects.create(
        workspace=workspace, persona=make_maya(workspace), published=True
    )
    rubric = rubric_versions.applied_rubric(persona=intake_page.persona)
    intake_questions.redraft(page=intake_page, rubric=rubric)
    return intake_page


def question(intake_page: IntakePage, fact: str) -> IntakeQuestion:
    return IntakeQuestion.objects.get(page=intake_page, fact=fact)


def edit_url(row: IntakeQuestion, action: str = "edit") -> str:
    name = "intake_question_edit" if action == "edit" else f"intake_question_{action}"
    return reverse(f"fitcheck:{name}", args=[row.pk])


def edit_data(row: IntakeQuestion, **changes) -> dict:
    """What the edit page posts back unchanged, with `changes`."""
    data = {"wording": row.wording, "help_text": row.help_text}
    if row.hidden:
        data["hidden"] = "on"
    for index, option in enumerate(row.options):
        data[f"label_{index}"] = option["label"]
        if not option["hidden"]:
            data[f"offer_{index}"] = "on"
    return {**data, **changes}


def wordings(intake_page: IntakePage) -> list[str]:
    return [row.wording for row in IntakeQuestion.objects.filter(page=intake_page)]


# The list ----------------------------------------------------------------------------


def test_the_editor_needs_a_login(client, intake_page):
    response = client.get(QUESTIONS)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_editor_lists_every_question_and_how_many_are_shown(
    owner_client, intake_page
):
    response = owner_client.get(QUESTIONS)
    assert response.status_code == 200
    assert "8 of 14 questions shown." in response.text
    assert "Which of these sound like you?" in response.text
    assert "Drowning in paperwork" in response.text
    assert "counts against" in response.text
    assert response.text.count('name="direction" value="up"') == 14


def test_an_outsider_sees_only_their_own_workspace(outsider_client, intake_page):
    response = outsider_client.get(QUESTIONS)
    assert response.status_code == 302
    assert response.url == SETTINGS


def test_the_editor_reads_the_same_few_queries_however_many_questions(
    owner_client, intake_page
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert owner_client.get(QUESTIONS).status_code == 200
        return len(queries)

    before = count()
    for number in range(5):
        owner_client.post(ADD, {"wording": f"Question {number}?", "kind": "text"})
    assert count() == before


def test_the_editor_refuses_posts(owner_client, intake_page):
    assert owner_client.post(QUESTIONS).status_code == 405


# Rewording and hiding ----------------------------------------------------------------


def test_rewording_a_question_and_an_answer_shows_on_the_public_page(
    client, owner_client, intake_page
):
    pains = question(intake_page, "reported_pains")
    response = owner_client.get(edit_url(pains))
    assert response.status_code == 200
    assert "Drafted from “Evenings lost to admin”" in response.text
    data = edit_data(
        pains, wording="Which of these feel familiar?", label_0="Paperwork at midnight"
    )
    response = owner_client.post(edit_url(pains), data)
    assert response.status_code == 302
    assert response.url == f"{QUESTIONS}#question-{pains.pk}"
    pains.refresh_from_db()
    assert pains.edited
    assert pains.options[0]["label"] == "Paperwork at midnight"
    assert pains.options[0]["edited"]
    public = client.get(PUBLIC).text
    assert "Which of these feel familiar?" in public
    assert "Paperwork at midnight" in public
    # The box still keeps the persona's sentence, which the rubric finds.
    client.post(PUBLIC, {**REPLY, "reported_pains": ["Evenings lost to admin"]})
    assert Contact.objects.get().reported_pains == ["Evenings lost to admin"]


def test_hiding_a_question_and_an_answer_takes_them_off_the_page(
    client, owner_client, intake_page
):
    age = question(intake_page, "age")
    owner_client.post(edit_url(age), edit_data(age, hidden="on"))
    pains = question(intake_page, "reported_pains")
    data = edit_data(pains)
    del data["offer_1"]
    owner_client.post(edit_url(pains), data)
    public = client.get(PUBLIC).text
    assert "How old are you?" not in public
    assert pains.options[1]["label"] not in public
    assert "7 of 14 questions shown." in owner_client.get(QUESTIONS).text


def test_an_invalid_edit_keeps_what_was_typed_and_saves_nothing(
    owner_client, intake_page
):
    pains = question(intake_page, "reported_pains")
    data = edit_data(pains, wording="", label_0="Paperwork\x00 at midnight")
    response = owner_client.post(edit_url(pains), data)
    assert response.status_code == 400
    assert "This field is required" in response.text
    assert "Null characters are not allowed" in response.text
    assert 'value="Paperwork at midnight"' not in response.text
    pains.refresh_from_db()
    assert not pains.edited
    assert pains.wording == "Which of these sound like you?"


def test_another_workspaces_question_is_not_found(outsider_client, intake_page):
    pains = question(intake_page, "reported_pains")
    assert outsider_client.get(edit_url(pains)).status_code == 404
    response = outsider_client.post(edit_url(pains), edit_data(pains, wording="Mine"))
    assert response.status_code == 404
    for action in ("move", "delete"):
        url = edit_url(pains, action)
        assert outsider_client.post(url, {"direction": "up"}).status_code == 404


def test_editing_needs_a_login(client, intake_page):
    response = client.get(edit_url(question(intake_page, "age")))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


# Reordering --------------------------------------------------------------------------


def test_moving_a_question_up_and_down(client, owner_client, intake_page):
    goals = question(intake_page, "goals")
    response = owner_client.post(edit_url(goals, "move"), {"direction": "up"})
    assert response.status_code == 302
    assert response.url == f"{QUESTIONS}#question-{goals.pk}"
    assert wordings(intake_page)[:2] == [
        "What would you love to change?",
        "Which of these sound like you?",
    ]
    public = client.get(PUBLIC).text
    assert public.index("What would you love") < public.index("Which of these sound")
    owner_client.post(edit_url(goals, "move"), {"direction": "down"})
    assert wordings(intake_page)[0] == "Which of these sound like you?"


def test_a_move_past_the_ends_or_without_a_direction_is_refused(
    owner_client, intake_page
):
    pains = question(intake_page, "reported_pains")
    response = owner_client.post(edit_url(pains, "move"), {"direction": "up"})
    assert response.status_code == 400
    assert "cannot move up" in response.text
    response = owner_client.post(edit_url(pains, "move"), {"direction": "sideways"})
    assert response.status_code == 400
    assert wordings(intake_page)[0] == "Which of these sound like you?"


def test_moving_needs_a_post_and_a_login(client, owner_client, intake_page):
    url = edit_url(question(intake_page, "age"), "move")
    assert owner_client.get(url).status_code == 405
    assert "/accounts/login/" in client.post(url, {"direction": "up"}).url


# Questions of one's own --------------------------------------------------------------


def test_a_question_of_ones_own_scored_against_a_criterion(
    client, owner_client, intake_page
):
    response = owner_client.get(ADD)
    assert response.status_code == 200
    assert "Not scored: keep the answer with the contact" in response.text
    assert "Has the pain “Unpredictable income”" in response.text
    data = {
        "wording": "What would you most like help with?",
        "kind": "text",
        "criterion": "pain:2",
    }
    response = owner_client.post(ADD, data)
    assert response.status_code == 302
    own = IntakeQuestion.objects.get(page=intake_page, source="own")
    assert own.position == 14  # At the end.
    assert not own.hidden
    field = f"own_{own.key.removeprefix('own:')}"
    assert "What would you most like help with?" in client.get(PUBLIC).text
    client.post(PUBLIC, {**REPLY, field: "My income is so unpredictable"})
    contact = Contact.objects.get()
    assert contact.reported_pains == ["My income is so unpredictable"]
    assert "What would you most like help with?" in contact.notes
    fit = contact.scores.get()
    pain = next(line for line in fit.breakdown["lines"] if line["key"] == "pain:2")
    assert pain["outcome"] == "met"


def test_a_question_of_ones_own_just_asked_is_kept_in_the_notes(
    client, owner_client, intake_page
):
    data = {
        "wording": "How did you hear of us?",
        "kind": "one",
        "answers": "A friend\nA search\nA talk",
    }
    assert owner_client.post(ADD, data).status_code == 302
    own = IntakeQuestion.objects.get(page=intake_page, source="own")
    field = f"own_{own.key.removeprefix('own:')}"
    assert client.post(PUBLIC, {**REPLY, field: "A talk"}).status_code == 302
    contact = Contact.objects.get()
    assert "How did you hear of us?\nA talk" in contact.notes


def test_answers_of_ones_own_fit_the_fact_they_are_scored_as(
    client, owner_client, intake_page
):
    long_answers = ["Physiotherapist " * 18, "Osteopath " * 30]
    data = {
        "wording": "What is your work?",
        "kind": "many",
        "answers": "\n".join(answer.strip() for answer in long_answers),
        "criterion": "occupation",
    }
    assert owner_client.post(ADD, data).status_code == 302
    own = IntakeQuestion.objects.get(page=intake_page, source="own")
    field = f"own_{own.key.removeprefix('own:')}"
    ticked = [option["value"] for option in own.options]
    assert client.post(PUBLIC, {**REPLY, field: ticked}).status_code == 302
    contact = Contact.objects.get()
    assert len(contact.occupation) == 150
    assert contact.occupation.startswith("Physiotherapist Physiotherapist")
    assert contact.scores.get().breakdown["lines"]


def test_an_invalid_question_of_ones_own_is_refused(owner_client, intake_page):
    data = {"wording": "Pick one", "kind": "many", "answers": "Only one"}
    response = owner_client.post(ADD, data)
    assert response.status_code == 400
    assert "Give at least two answers" in response.text
    assert "Only one" in response.text
    assert not IntakeQuestion.objects.filter(source="own").exists()


def test_adding_needs_a_login_and_a_page(client, outsider_client, intake_page):
    assert "/accounts/login/" in client.get(ADD).url
    assert outsider_client.post(ADD, {"wording": "Hi?", "kind": "text"}).url == (
        SETTINGS
    )
    assert not IntakeQuestion.objects.filter(source="own").exists()


def test_only_ones_own_questions_can_be_deleted(owner_client, intake_page):
    owner_client.post(ADD, {"wording": "Anything else?", "kind": "text"})
    own = IntakeQuestion.objects.get(page=intake_page, source="own")
    assert owner_client.get(edit_url(own, "delete")).status_code == 405
    drafted = question(intake_page, "age")
    assert owner_client.post(edit_url(drafted, "delete")).status_code == 404
    assert owner_client.post(edit_url(own, "delete")).status_code == 302
    assert not IntakeQuestion.objects.filter(pk=own.pk).exists()


# Re-drafts ---------------------------------------------------------------------------


def test_a_rubric_change_redrafts_the_questions_and_keeps_the_edits(
    owner_client, intake_page
):
    pains = question(intake_page, "reported_pains")
    owner_client.post(edit_url(pains), edit_data(pains, wording="Sound familiar?"))
    owner_client.post(ADD, {"wording": "Anything else?", "kind": "text"})
    draft = rubric_versions.start_draft(persona=intake_page.persona)
    add_interest(draft, "Sea swimming", weight=20)
    rubric_versions.apply_draft(draft=draft)
    assert question(intake_page, "reported_pains").wording == "Sound familiar?"
    assert IntakeQuestion.objects.filter(page=intake_page, source="own").exists()
    interests = question(intake_page, "interests")
    assert interests.rubric == draft
    assert "Sea swimming" in [option["value"] for option in interests.options]


def test_drafting_again_keeps_the_edits(owner_client, intake_page):
    pains = question(intake_page, "reported_pains")
    owner_client.post(edit_url(pains), edit_data(pains, wording="Sound familiar?"))
    response = owner_client.post(REDRAFT)
    assert response.status_code == 302
    assert question(intake_page, "reported_pains").wording == "Sound familiar?"


def test_drafting_again_needs_a_post_a_login_and_a_page(
    client, owner_client, outsider_client, intake_page
):
    assert owner_client.get(REDRAFT).status_code == 405
    assert "/accounts/login/" in client.post(REDRAFT).url
    assert outsider_client.post(REDRAFT).url == SETTINGS


# Preview -----------------------------------------------------------------------------


def test_the_preview_shows_the_page_in_a_phone_sized_frame(owner_client, intake_page):
    response = owner_client.get(PREVIEW)
    assert response.status_code == 200
    assert re.search(
        rf'<iframe class="intake-phone-preview" src="{PREVIEW_PAGE}"', response.text
    )


def test_the_framed_preview_is_the_prospects_page_with_its_button_off(
    owner_client, intake_page
):
    age = question(intake_page, "age")
    owner_client.post(edit_url(age), edit_data(age, hidden="on"))
    response = owner_client.get(PREVIEW_PAGE)
    assert response.status_code == 200
    assert "Answers here are not sent" in response.text
    assert "Which of these sound like you?" in response.text
    assert "How old are you?" not in response.text
    assert re.search(
        r'<button type="button"[^>]*disabled>Send my answers', response.text
    )
    # Only this site may frame it.
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_the_preview_needs_a_login_and_a_page(client, outsider_client, intake_page):
    for url in (PREVIEW, PREVIEW_PAGE):
        assert "/accounts/login/" in client.get(url).url
        assert outsider_client.get(url).url == SETTINGS
    assert outsider_client.post(PREVIEW).status_code == 405
