"""A persona's Evidence page: satisfaction and NPS by the band clients had when
they became clients, and the suggested rubric it drafts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import queries
from feedback.models import Answer, EvidenceSummary, Question, Response
from feedback.services import evidence as evidence_counts
from fitcheck.models import Band, ClientSnapshot, Contact, PreviewJob, Rubric
from fitcheck.services import rubric_versions, scores, snapshots
from personas.models import Persona
from tests.factories import (
    ContactFactory,
    PersonaFactory,
    QuestionFactory,
    SurveyFactory,
)
from tests.fitcheck.test_contacts import PAIN, scoring_persona

BECAME_CLIENT = timezone.now() - timedelta(days=90)


@pytest.fixture
def maya(workspace) -> Persona:
    return scoring_persona(workspace)


@pytest.fixture
def survey(workspace):
    survey = SurveyFactory(workspace=workspace)
    QuestionFactory(survey=survey, kind=Question.Kind.RATING, text="How is it?")
    QuestionFactory(survey=survey, kind=Question.Kind.NPS, text="Recommend us?")
    return survey


def page_url(persona) -> str:
    return reverse("feedback:persona_evidence", args=[persona.pk])


def suggest_url(persona) -> str:
    return reverse("feedback:persona_evidence_suggest", args=[persona.pk])


def a_client(persona, band: str, *, pains=(), workspace=None) -> Contact:
    """A client with the band kept for `persona` 90 days ago."""
    contact = ContactFactory(
        workspace=workspace or persona.workspace,
        stage=Contact.Stage.CLIENT,
        reported_pains=list(pains),
    )
    scores.score_contact_now(contact=contact)
    snapshots.keep_client_bands(
        contacts=Contact.objects.filter(pk=contact.pk), at=BECAME_CLIENT
    )
    ClientSnapshot.objects.filter(contact=contact).update(band=band)
    return contact


def answers(survey, contact, *, rating=None, recommend=None, days_ago=10) -> None:
    response = Response.objects.create(
        survey=survey,
        contact=contact,
        submitted_at=timezone.now() - timedelta(days=days_ago),
    )
    for kind, number in (
        (Question.Kind.RATING, rating),
        (Question.Kind.NPS, recommend),
    ):
        if number is not None:
            Answer.objects.create(
                response=response,
                question=survey.questions.get(kind=kind),
                number=number,
            )


def clients_answering(
    persona, survey, band, count, *, rating, recommend=None, pains=()
):
    for _ in range(count):
        contact = a_client(persona, band, pains=pains)
        answers(survey, contact, rating=rating, recommend=recommend)


# Access -----------------------------------------------------------------------------


def test_the_page_and_the_suggestion_ask_to_log_in(client, maya):
    for response in (client.get(page_url(maya)), client.post(suggest_url(maya))):
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_another_workspace_s_persona_is_404(outsider_client, maya):
    assert outsider_client.get(page_url(maya)).status_code == 404
    assert outsider_client.post(suggest_url(maya)).status_code == 404
    assert not Rubric.objects.filter(status=Rubric.Status.DRAFT).exists()


def test_wrong_methods_are_refused(owner_client, maya):
    assert owner_client.post(page_url(maya)).status_code == 405
    assert owner_client.get(suggest_url(maya)).status_code == 405


def test_the_profile_links_to_the_evidence(owner_client, maya):
    profile = owner_client.get(reverse("personas:detail", args=[maya.pk]))
    assert page_url(maya) in profile.text


# The figures and the verdict ----------------------------------------------------------


def test_with_few_answers_the_page_says_how_many_more_it_needs(
    owner_client, maya, survey
):
    clients_answering(maya, survey, Band.IDEAL, 3, rating=5, recommend=10)
    response = owner_client.get(page_url(maya))
    assert response.status_code == 200
    # Ideal lacks 7, and the closest other band all 10.
    assert response.text.count("Not enough answers yet: 17 more needed.") == 2
    assert "3 clients</strong> and <strong>6 answers</strong>" in response.text


def test_a_clear_difference_is_stated_with_its_numbers(owner_client, maya, survey):
    clients_answering(maya, survey, Band.IDEAL, 12, rating=5, recommend=10)
    clients_answering(maya, survey, Band.WEAK, 11, rating=2, recommend=3)
    response = owner_client.get(page_url(maya))
    assert (
        "Clients who were Ideal fits rate you 3.0 points higher on average than "
        "clients who were Weak fits: 5.0 against 2.0, from 12 and 11 answers."
    ) in response.text
    assert "give an NPS 200 points higher" in response.text
    evidence = response.context["evidence"]
    ideal = next(band for band in evidence.bands if band.band == Band.IDEAL)
    assert (ideal.clients, ideal.rating_answers, ideal.median_rating) == (12, 12, 5)


def test_overlapping_bands_get_no_verdict(owner_client, maya, survey):
    clients_answering(maya, survey, Band.IDEAL, 6, rating=5, recommend=8)
    clients_answering(maya, survey, Band.IDEAL, 6, rating=3, recommend=8)
    clients_answering(maya, survey, Band.GOOD, 6, rating=5, recommend=8)
    clients_answering(maya, survey, Band.GOOD, 6, rating=3, recommend=8)
    response = owner_client.get(page_url(maya))
    assert response.text.count("No clear difference yet") == 2


def test_only_clients_answers_given_after_they_became_clients_count(
    owner_client, maya, survey, workspace
):
    counted = a_client(maya, Band.IDEAL)
    answers(survey, counted, rating=5)
    answers(survey, counted, rating=1, days_ago=200)  # Before they were a client.
    prospect = ContactFactory(workspace=workspace)
    answers(survey, prospect, rating=1)
    other = scoring_persona(workspace, name="Other")
    elsewhere = a_client(other, Band.WEAK)
    # Kept only for the other persona (Maya's rubric came after, say).
    ClientSnapshot.objects.filter(contact=elsewhere, persona=maya).delete()
    answers(survey, elsewhere, rating=1)
    evidence = owner_client.get(page_url(maya)).context["evidence"]
    assert (evidence.clients, evidence.answers) == (1, 1)


def test_backfilled_clients_count_every_answer_and_are_said(owner_client, maya, survey):
    contact = a_client(maya, Band.GOOD)
    ClientSnapshot.objects.update(
        taken=ClientSnapshot.Taken.BACKFILLED, taken_at=timezone.now()
    )
    answers(survey, contact, rating=4, days_ago=200)
    response = owner_client.get(page_url(maya))
    assert response.context["evidence"].answers == 1
    assert "1 of the clients were clients before bands were kept" in response.text


def test_the_page_reads_kept_counts_in_a_fixed_number_of_queries(
    owner_client, maya, survey, django_assert_num_queries
):
    def load() -> None:
        assert owner_client.get(page_url(maya)).status_code == 200

    clients_answering(maya, survey, Band.IDEAL, 2, rating=5, recommend=10)
    load()  # Counts them, the first time.
    with django_assert_num_queries(11, exact=False) as small:
        load()
    clients_answering(
        maya, survey, Band.IDEAL, 12, rating=5, recommend=10, pains=[PAIN]
    )
    clients_answering(maya, survey, Band.WEAK, 12, rating=2, recommend=2)
    evidence_counts.count_evidence(persona=maya)
    with django_assert_num_queries(len(small.captured_queries)):
        load()


def test_counting_takes_four_queries_whatever_the_clients_and_answers(
    maya, survey, django_assert_num_queries
):
    rubric = rubric_versions.applied_rubric(persona=maya)
    clients_answering(maya, survey, Band.IDEAL, 2, rating=5, recommend=10)
    with django_assert_num_queries(4):
        queries.evidence_counts(persona=maya, rubric=rubric)
    clients_answering(
        maya, survey, Band.IDEAL, 12, rating=5, recommend=10, pains=[PAIN]
    )
    clients_answering(maya, survey, Band.WEAK, 12, rating=2, recommend=2)
    with django_assert_num_queries(4):
        counts = queries.evidence_counts(persona=maya, rubric=rubric)
    assert (counts["promoters"], counts["detractors"]) == (14, 12)


def test_counts_older_than_five_minutes_are_counted_again_in_the_background(
    owner_client, maya, survey, django_capture_on_commit_callbacks
):
    clients_answering(maya, survey, Band.IDEAL, 1, rating=5)
    owner_client.get(page_url(maya))
    clients_answering(maya, survey, Band.IDEAL, 1, rating=5)
    fresh = owner_client.get(page_url(maya))
    assert fresh.context["evidence"].answers == 1  # As counted a moment ago.
    EvidenceSummary.objects.update(computed_at=timezone.now() - timedelta(minutes=6))
    with django_capture_on_commit_callbacks(execute=True) as queued:
        stale = owner_client.get(page_url(maya))
        owner_client.get(page_url(maya))
    assert stale.context["evidence"].answers == 1  # Shown while counted again.
    assert len(queued) == 1  # One recount for two visits.
    assert owner_client.get(page_url(maya)).context["evidence"].answers == 2


# The suggested rubric ----------------------------------------------------------------


def separating_answers(maya, survey) -> None:
    """Promoters who have the pain, detractors who do not."""
    clients_answering(
        maya, survey, Band.IDEAL, 12, rating=5, recommend=10, pains=[PAIN]
    )
    clients_answering(maya, survey, Band.WEAK, 12, rating=2, recommend=2)


def test_the_page_shows_which_criteria_separate_promoters_from_detractors(
    owner_client, maya, survey
):
    separating_answers(maya, survey)
    response = owner_client.get(page_url(maya))
    pain_key = next(k for k in response.context["suggested"] if k.startswith("pain:"))
    applied = rubric_versions.applied_rubric(persona=maya)
    weight = applied.criteria.get(key=pain_key).weight
    assert response.context["suggested"][pain_key] == round(weight * 1.5)
    assert "Draft a rubric with the suggested weights" in response.text


def test_the_suggestion_becomes_a_draft_shown_in_the_preview(
    owner_client, maya, survey
):
    separating_answers(maya, survey)
    applied = rubric_versions.applied_rubric(persona=maya)
    response = owner_client.post(suggest_url(maya))
    assert response.status_code == 302
    assert response["Location"] == reverse("fitcheck:rubric_preview", args=[maya.pk])
    draft = Rubric.objects.get(persona=maya, status=Rubric.Status.DRAFT)
    before = dict(applied.criteria.values_list("key", "weight"))
    after = dict(draft.criteria.values_list("key", "weight"))
    changed = {key for key in before if before[key] != after[key]}
    assert changed and all(key.startswith("pain:") for key in changed)
    assert PreviewJob.objects.filter(draft=draft).exists()
    assert rubric_versions.applied_rubric(persona=maya) == applied  # Not applied.


def test_without_enough_answers_nothing_is_drafted(owner_client, maya, survey):
    clients_answering(maya, survey, Band.IDEAL, 3, rating=5, recommend=10)
    response = owner_client.post(suggest_url(maya), follow=True)
    assert "The answers suggest no change to the rubric yet." in response.text
    assert "Not enough recommend scores yet" in response.text
    assert not Rubric.objects.filter(status=Rubric.Status.DRAFT).exists()


def test_a_waiting_draft_is_never_replaced(owner_client, maya, survey):
    separating_answers(maya, survey)
    draft = rubric_versions.start_draft(persona=maya)
    response = owner_client.post(suggest_url(maya), follow=True)
    assert f"Draft version {draft.version} is waiting" in response.text
    assert list(Rubric.objects.filter(status=Rubric.Status.DRAFT)) == [draft]


def test_a_persona_without_a_rubric_has_evidence_but_no_suggestion(
    owner_client, workspace
):
    anti = PersonaFactory(workspace=workspace, kind=Persona.Kind.ANTI)
    response = owner_client.get(page_url(anti))
    assert response.status_code == 200
    assert "has no applied rubric" in response.text
    assert owner_client.post(suggest_url(anti)).status_code == 404
