"""The band a contact had when they became a client is kept, whichever way they
became one, and nothing rewrites it afterwards."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError
from django.urls import reverse

from fitcheck.models import Band, ClientSnapshot, Contact, FitScore
from fitcheck.services import rubric_versions, scores, snapshots
from tests.factories import ContactFactory, ContactImportFactory
from tests.fitcheck.admin_posts import post_contact_change
from tests.fitcheck.test_contact_import import GOOD_FILE, import_all
from tests.fitcheck.test_contacts import PAIN, scoring_persona

CREATE = reverse("fitcheck:contact_create")


@pytest.fixture
def maya(workspace):
    return scoring_persona(workspace)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def edit_url(contact: Contact) -> str:
    return reverse("fitcheck:contact_edit", args=[contact.pk])


def form_data(contact: Contact | None = None, **changes) -> dict:
    data = {
        "name": "Ann Archer",
        "email": "ann@example.com",
        "stage": Contact.Stage.PROSPECT,
        "reported_pains": [PAIN],
    }
    if contact is not None:
        data |= {"name": contact.name, "email": contact.email, "stage": contact.stage}
    return data | changes


def test_a_contact_added_as_a_client_keeps_the_band_they_were_scored_with(
    owner_client, maya
):
    owner_client.post(CREATE, form_data(stage=Contact.Stage.CLIENT))
    contact = Contact.objects.get()
    score = FitScore.objects.get(contact=contact, persona=maya)
    snapshot = ClientSnapshot.objects.get(contact=contact, persona=maya)
    assert (snapshot.band, snapshot.score, snapshot.confidence) == (
        score.band,
        score.score,
        score.confidence,
    )
    assert (snapshot.score_low, snapshot.score_high) == (
        score.score_low,
        score.score_high,
    )
    assert snapshot.rubric_version == score.rubric_version
    assert snapshot.taken == ClientSnapshot.Taken.AT_CONVERSION


def test_a_prospect_gets_no_snapshot_until_their_stage_becomes_client(
    owner_client, maya, workspace
):
    owner_client.post(CREATE, form_data())
    contact = Contact.objects.get()
    assert not ClientSnapshot.objects.exists()
    owner_client.post(edit_url(contact), form_data(contact, stage="client"))
    assert ClientSnapshot.objects.filter(contact=contact).count() == 1


def test_editing_a_client_or_a_rubric_change_never_rewrites_the_snapshot(
    owner_client, maya, workspace
):
    owner_client.post(CREATE, form_data(stage=Contact.Stage.CLIENT))
    contact = Contact.objects.get()
    kept = ClientSnapshot.objects.get()
    FitScore.objects.filter(contact=contact).update(
        band=Band.NOT_A_FIT, score=0, score_low=0
    )
    owner_client.post(edit_url(contact), form_data(contact, notes="Moved to Leeds"))
    draft = rubric_versions.start_draft(persona=maya)
    draft.criteria.update(weight=1)
    rubric_versions.apply_draft(draft=draft)
    scores.rescore_contacts(rubric=draft)
    snapshot = ClientSnapshot.objects.get()
    assert (snapshot.band, snapshot.score, snapshot.taken_at) == (
        kept.band,
        kept.score,
        kept.taken_at,
    )


def test_a_client_who_leaves_and_comes_back_keeps_their_first_snapshot(
    owner_client, maya
):
    owner_client.post(CREATE, form_data(stage=Contact.Stage.CLIENT))
    contact = Contact.objects.get()
    first = ClientSnapshot.objects.get()
    owner_client.post(edit_url(contact), form_data(contact, stage="past_client"))
    contact.refresh_from_db()
    owner_client.post(edit_url(contact), form_data(contact, stage="client"))
    assert list(ClientSnapshot.objects.values_list("pk", "taken_at")) == [
        (first.pk, first.taken_at)
    ]


def test_an_admins_band_override_is_the_band_kept(workspace, maya):
    contact = ContactFactory(workspace=workspace, stage=Contact.Stage.CLIENT)
    scores.score_contact_now(contact=contact)
    FitScore.objects.filter(contact=contact).update(
        band_override=Band.IDEAL, override_reason="Knows her well"
    )
    snapshots.keep_client_bands(contacts=Contact.objects.all())
    assert ClientSnapshot.objects.get().band == Band.IDEAL


def test_a_contact_with_no_score_gets_no_snapshot(workspace):
    ContactFactory(workspace=workspace, stage=Contact.Stage.CLIENT)
    assert snapshots.keep_client_bands(contacts=Contact.objects.all()) == 0


def test_the_database_refuses_a_second_snapshot_for_a_contact_and_persona(
    workspace, maya
):
    contact = ContactFactory(workspace=workspace, stage=Contact.Stage.CLIENT)
    scores.score_contact_now(contact=contact)
    snapshots.keep_client_bands(contacts=Contact.objects.all())
    twin = ClientSnapshot.objects.get()
    twin.pk = None
    with pytest.raises(IntegrityError):
        twin.save()


def test_the_admin_keeps_the_band_when_it_makes_a_contact_a_client(
    superuser_client, workspace, maya
):
    contact = ContactFactory(workspace=workspace, name="Ann", reported_pains=[PAIN])
    response = post_contact_change(
        superuser_client, contact, stage=Contact.Stage.CLIENT, reported_pains=PAIN
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    snapshot = ClientSnapshot.objects.get(contact=contact)
    assert snapshot.band == FitScore.objects.get(contact=contact).band


def test_clients_from_an_import_keep_their_band_once_scored(
    workspace, maya, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_all(
            ContactImportFactory(workspace=workspace, file__data=GOOD_FILE.encode())
        )
    # Ann came in as a client; Ben as a past client, who gets none.
    assert list(ClientSnapshot.objects.values_list("contact__name", flat=True)) == [
        "Ann Archer"
    ]


def test_the_migration_backfills_current_clients_once(workspace, maya):
    client = ContactFactory(workspace=workspace, stage=Contact.Stage.CLIENT)
    prospect = ContactFactory(workspace=workspace, stage=Contact.Stage.PROSPECT)
    for contact in (client, prospect):
        scores.score_contact_now(contact=contact)
    migration = importlib.import_module(
        "fitcheck.migrations.0011_keep_bands_of_current_clients"
    )
    migration.keep_bands(apps, None)
    migration.keep_bands(apps, None)
    snapshot = ClientSnapshot.objects.get()
    assert snapshot.contact == client
    assert snapshot.taken == ClientSnapshot.Taken.BACKFILLED
