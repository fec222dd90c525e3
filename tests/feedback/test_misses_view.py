"""The page of what clients say that a persona misses (feedback.views.pins
.persona_misses)."""

import pytest
from django.urls import reverse

from personas import services as personas
from personas.models import Persona
from tests.factories import DreamFactory, PainFactory, PersonaFactory, SurveyFactory
from tests.feedback.validation import (
    client,
    pin,
    respond,
    text_answer,
    validation_survey,
)


@pytest.fixture
def amara(workspace):
    persona = PersonaFactory(workspace=workspace, name="Amara")
    PainFactory(
        persona=persona, text="Admin swallows her evenings", said_as=["Paperwork"]
    )
    DreamFactory(persona=persona, text="Home by six")
    return persona


def misses_url(persona) -> str:
    return reverse("feedback:persona_misses", args=[persona.pk])


def answer(survey, workspace, text: str):
    return text_answer(respond(survey, client(workspace), text=text))


def test_anonymous_visitors_are_sent_to_log_in(client, amara):
    url = misses_url(amara)
    assert client.get(url).url == f"{reverse('accounts:login')}?next={url}"


def test_outsiders_get_404(outsider_client, amara):
    assert outsider_client.get(misses_url(amara)).status_code == 404


def test_only_get(owner_client, amara):
    assert owner_client.post(misses_url(amara)).status_code == 405


def test_an_unknown_persona_is_404(owner_client):
    assert (
        owner_client.get(reverse("feedback:persona_misses", args=[999999])).status_code
        == 404
    )


def test_answers_matching_no_pain_or_dream_are_listed_with_counts(
    owner_client, amara, workspace
):
    survey = validation_survey(amara)
    for text in [
        "Paperwork all weekend",
        "Finding a room to rent",
        "finding a room to RENT",
    ]:
        answer(survey, workspace, text)
    pinned = answer(survey, workspace, "Back pain from the couch")
    pin(pinned, amara.pains.get())
    page = owner_client.get(misses_url(amara))
    assert page.status_code == 200
    found = page.context["found"]
    # Shown in the newest answer's words.
    assert [(g.text, g.answers) for g in found.groups] == [
        ("finding a room to RENT", 2)
    ]
    assert found.read == 3  # The pinned answer is left out.
    assert "2 of 3 answers" in page.text
    assert "Add as a pain" in page.text


def test_a_new_version_reads_the_answers_given_about_the_earlier_one(
    owner_client, amara, workspace
):
    answer(validation_survey(amara), workspace, "Finding a room to rent")
    copy = personas.new_version(persona=amara)
    copy.pains.create(text="No room to rent", position=9)
    found = owner_client.get(misses_url(copy)).context["found"]
    assert (found.read, found.groups) == (1, ())


def test_other_surveys_and_workspaces_are_not_read(
    owner_client, amara, workspace, other_workspace
):
    checkin = SurveyFactory(workspace=workspace)
    checkin.questions.create(kind="long_text", text="Anything else?")
    respond(checkin, client(workspace), text="Parking is hard")
    twin = PersonaFactory(workspace=other_workspace, lineage=amara.lineage, version=2)
    answer(validation_survey(twin), other_workspace, "Elsewhere words")
    page = owner_client.get(misses_url(amara))
    assert page.context["found"].read == 0
    assert "No validation answers yet" in page.text


def test_the_page_reads_answers_in_a_fixed_number_of_queries(
    owner_client, amara, workspace, django_assert_max_num_queries
):
    survey = validation_survey(amara)
    for number in range(30):
        answer(survey, workspace, f"Something else number {number}")
    with django_assert_max_num_queries(12):
        owner_client.get(misses_url(amara))


# Adding a missed answer to the next version -------------------------------------------


def add_url(persona) -> str:
    return reverse("feedback:persona_miss_add", args=[persona.pk])


def test_adding_asks_to_log_in(client, amara):
    url = add_url(amara)
    assert client.post(url, {}).url == f"{reverse('accounts:login')}?next={url}"


def test_outsiders_cannot_add(outsider_client, amara):
    data = {"kind": "pain", "text": "Rent"}
    assert outsider_client.post(add_url(amara), data).status_code == 404
    assert Persona.objects.count() == 1


def test_adding_is_post_only(owner_client, amara):
    assert owner_client.get(add_url(amara)).status_code == 405


def test_an_answer_is_added_to_a_new_draft_then_to_the_same_draft(owner_client, amara):
    amara.status = Persona.Status.ACTIVE
    amara.save()
    first = owner_client.post(
        add_url(amara), {"kind": "pain", "text": "  Rent  is high"}
    )
    draft = Persona.objects.get(lineage=amara.lineage, version=2)
    assert first.url == reverse("personas:step", args=[draft.pk, "dreams_pains"])
    assert draft.status == Persona.Status.DRAFT
    owner_client.post(add_url(amara), {"kind": "dream", "text": "A room of my own"})
    assert Persona.objects.filter(lineage=amara.lineage).count() == 2
    assert list(draft.pains.values_list("text", flat=True)) == [
        "Admin swallows her evenings",
        "Rent is high",
    ]
    assert draft.dreams.last().text == "A room of my own"
    assert amara.pains.count() == 1  # The active version is left as it was.


def test_a_long_answer_is_cut_to_fit_a_pain(owner_client, amara):
    owner_client.post(add_url(amara), {"kind": "pain", "text": "word " * 300})
    newest = Persona.objects.get(lineage=amara.lineage, version=1)
    added = newest.pains.order_by("position").last().text
    assert len(added) <= 300 and added.endswith("…")


@pytest.mark.parametrize(
    "data", [{"kind": "flag", "text": "Rent"}, {"kind": "pain", "text": ""}]
)
def test_a_bad_addition_is_refused_with_a_message(owner_client, amara, data):
    response = owner_client.post(add_url(amara), data)
    assert response.status_code == 400
    assert "could not be added" in response.text
    assert amara.pains.count() == 1
