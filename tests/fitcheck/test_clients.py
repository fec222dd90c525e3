"""The review of current clients by fit, and marking clients to phase out."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fitcheck.models import Contact, FitScore
from tests.factories import ContactFactory, PersonaFactory

REVIEW = reverse("fitcheck:client_review")


def phase_out_url(contact) -> str:
    return reverse("fitcheck:client_phase_out", args=[contact.pk])


@pytest.fixture
def persona(workspace):
    return PersonaFactory(workspace=workspace, name="Maya")


def client_of(workspace, **kwargs) -> Contact:
    return ContactFactory(workspace=workspace, stage=Contact.Stage.CLIENT, **kwargs)


def score(contact, persona, value, band, **kwargs) -> FitScore:
    kwargs = {"score_low": value, "score_high": value, "confidence": 1} | kwargs
    return FitScore.objects.create(
        workspace=contact.workspace,
        contact=contact,
        persona=persona,
        rubric_version=1,
        score=value,
        band=band,
        computed_at=timezone.now(),
        stage=contact.stage,
        **kwargs,
    )


def section(html: str, band: str) -> str:
    start = html.index(f'id="group-{band}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def test_the_review_needs_a_login(client, db):
    assert client.get(REVIEW).status_code == 302


def test_clients_are_grouped_by_the_band_of_their_best_score(
    owner_client, workspace, persona
):
    other = PersonaFactory(workspace=workspace, name="Leo")
    ideal = client_of(workspace, name="Ida Ideal")
    score(ideal, persona, 90, "ideal")
    score(ideal, other, 45, "weak")
    knocked = client_of(workspace, name="Kit Knocked")
    score(knocked, persona, 95, "not_a_fit", knocked_out=True)
    score(knocked, other, 65, "good")
    poor = client_of(workspace, name="Pat Poor")
    score(poor, persona, 20, "not_a_fit")
    overridden = client_of(workspace, name="Olly Override")
    score(
        overridden,
        persona,
        85,
        "ideal",
        band_override="weak",
        override_reason="Misses sessions",
    )
    client_of(workspace, name="Nell New")
    unsure = client_of(workspace, name="Nia Unsure")
    score(unsure, persona, 100, "needs_information", score_low=20, score_high=100)
    score(unsure, other, 10, "not_a_fit")
    FitScore.objects.filter(contact=unsure, persona=persona).update(
        confidence=0.2, ask_about=["their pains", "their work"]
    )
    ContactFactory(workspace=workspace, name="Paul Prospect")

    response = owner_client.get(REVIEW)
    html = response.text
    assert response.status_code == 200
    assert "Ida Ideal" in section(html, "ideal")
    assert '<span class="fit-score"' in section(html, "ideal")
    assert ">90</span>" in section(html, "ideal")
    assert "100% known" in section(html, "ideal")
    assert "Kit Knocked" in section(html, "good")
    assert "vs Leo" in section(html, "good")
    assert "Olly Override" in section(html, "weak")
    assert "Pat Poor" in section(html, "not_a_fit")
    unsure_section = section(html, "needs_information")
    assert "Nia Unsure" in unsure_section
    assert "20–100" in unsure_section
    assert "20% known" in unsure_section
    assert "Ask about: their pains, their work" in unsure_section
    assert "Nell New" in section(html, "unscored")
    assert "Paul Prospect" not in html
    assert f'href="{ideal.get_absolute_url()}"' in html
    assert "gradually" in html


def test_only_this_workspaces_clients_are_listed(
    owner_client, other_workspace, workspace
):
    client_of(other_workspace, name="Their Client")
    client_of(workspace, name="Our Client")
    html = owner_client.get(REVIEW).text
    assert "Our Client" in html
    assert "Their Client" not in html


def test_marking_a_client_to_phase_out_keeps_the_note(owner_client, workspace, persona):
    contact = client_of(workspace, name="Jody Late")
    score(contact, persona, 30, "weak")
    updated_at = contact.updated_at
    response = owner_client.post(
        phase_out_url(contact),
        {"phase_out": "on", "phase_out_note": "Calls every weekend; refer to Sam."},
    )
    assert response.status_code == 302
    assert response.url == f"{REVIEW}#client-{contact.pk}"
    contact.refresh_from_db()
    assert contact.phase_out
    assert contact.phase_out_note == "Calls every weekend; refer to Sam."
    assert contact.updated_at == updated_at  # Its facts, so its scores, are current.
    html = owner_client.get(REVIEW).text
    assert "is marked to phase out gradually" in html
    assert "Phasing out" in html
    assert "Calls every weekend; refer to Sam." in html
    assert "Keep as a client (undo)" in html


def test_undo_clears_the_mark_and_the_note(owner_client, workspace):
    contact = client_of(workspace, phase_out=True, phase_out_note="Too far away")
    response = owner_client.post(phase_out_url(contact), {})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert not contact.phase_out
    assert contact.phase_out_note == ""


def test_a_phase_out_needs_a_note(owner_client, workspace, persona):
    contact = client_of(workspace, name="Jody Late")
    score(contact, persona, 20, "not_a_fit")
    response = owner_client.post(
        phase_out_url(contact), {"phase_out": "on", "phase_out_note": "  "}
    )
    assert response.status_code == 400
    assert "Add a short note" in response.text
    assert f'id="id_client{contact.pk}_phase_out_note_error"' in response.text
    assert '<details class="mt-1" open>' in response.text
    contact.refresh_from_db()
    assert not contact.phase_out


def test_phasing_out_is_offered_only_where_the_score_says_the_fit_is_poor(
    owner_client, workspace, persona
):
    for band, value in [
        ("ideal", 95),
        ("good", 70),
        ("weak", 45),
        ("needs_information", 60),
        ("not_a_fit", 10),
    ]:
        score(client_of(workspace), persona, value, band)
    client_of(workspace)  # Not scored yet.
    html = owner_client.get(REVIEW).text
    offered = {
        band
        for band in ["ideal", "good", "weak", "needs_information", "not_a_fit"]
        + ["unscored"]
        if "Plan to phase out" in section(html, band)
    }
    assert offered == {"weak", "not_a_fit"}


@pytest.mark.parametrize("band", ["ideal", "good", "needs_information", None])
def test_a_client_the_score_does_not_call_a_poor_fit_cannot_be_marked(
    owner_client, workspace, persona, band
):
    contact = client_of(workspace, name="Ida Ideal")
    if band:
        score(contact, persona, 80, band)
    response = owner_client.post(
        phase_out_url(contact), {"phase_out": "on", "phase_out_note": "Too busy"}
    )
    assert response.status_code == 400
    assert "Only clients who fit poorly" in response.text
    assert f'id="id_client{contact.pk}_phase_out_note_error"' in response.text
    assert "Too busy" in response.text  # What they typed stays.
    contact.refresh_from_db()
    assert not contact.phase_out


def test_a_client_marked_before_their_score_rose_keeps_the_note_and_the_undo(
    owner_client, workspace, persona
):
    contact = client_of(workspace, phase_out=True, phase_out_note="Too far away")
    score(contact, persona, 95, "ideal")
    html = section(owner_client.get(REVIEW).text, "ideal")
    assert "Keep as a client (undo)" in html
    assert "Change the note" in html
    response = owner_client.post(
        phase_out_url(contact), {"phase_out": "on", "phase_out_note": "Moved away"}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.phase_out_note == "Moved away"


def test_an_outsider_cannot_phase_out_another_workspaces_client(
    outsider_client, workspace
):
    contact = client_of(workspace)
    response = outsider_client.post(
        phase_out_url(contact), {"phase_out": "on", "phase_out_note": "Mine now"}
    )
    assert response.status_code == 404
    contact.refresh_from_db()
    assert not contact.phase_out


def test_only_current_clients_can_be_phased_out(owner_client, workspace):
    prospect = ContactFactory(workspace=workspace)
    response = owner_client.post(
        phase_out_url(prospect), {"phase_out": "on", "phase_out_note": "No"}
    )
    assert response.status_code == 404


def test_other_methods_are_refused(owner_client, workspace):
    contact = client_of(workspace)
    assert owner_client.get(phase_out_url(contact)).status_code == 405
    assert owner_client.post(REVIEW).status_code == 405


def test_an_empty_review_explains_itself(owner_client):
    assert "No current clients yet" in owner_client.get(REVIEW).text


def queries_for(owner_client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert owner_client.get(REVIEW).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_clients(owner_client, workspace, persona):
    other = PersonaFactory(workspace=workspace)

    def add_clients(count: int) -> None:
        for number in range(count):
            contact = client_of(
                workspace, phase_out=number % 2 == 0, phase_out_note="x"
            )
            score(contact, persona, 30 + number, "weak")
            score(contact, other, 70, "good")

    add_clients(3)
    few = queries_for(owner_client)
    add_clients(27)
    many = queries_for(owner_client)
    assert few == many
