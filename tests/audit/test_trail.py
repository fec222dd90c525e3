"""The audit trail: what records an event, the owners' page, keeping and pruning."""

from datetime import timedelta

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.admin import AuditEventAdmin
from audit.models import Action, AuditEvent
from audit.services import record
from fitcheck.models import Contact, FitScore
from fitcheck.services import rubric_versions, scores
from tests.factories import ContactFactory, PersonaFactory, SurveyFactory, UserFactory
from tests.two_factor import force_verified_login

LOG = reverse("privacy:audit_log")


def events(**filters) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(**filters).values_list("action", "contact_id")
    )


# What is recorded ------------------------------------------------------------------


def test_viewing_a_contact_s_page_is_one_insert(teammate_client, workspace, teammate):
    contact = ContactFactory(workspace=workspace)
    with CaptureQueriesContext(connection) as queries:
        teammate_client.get(contact.get_absolute_url())
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "audit_')]
    assert len(inserts) == 1
    event = AuditEvent.objects.get()
    assert (event.action, event.contact_id, event.actor_email) == (
        Action.VIEWED_CONTACT,
        contact.pk,
        teammate.email,
    )


def test_listing_contacts_records_nothing(owner_client, workspace):
    ContactFactory.create_batch(3, workspace=workspace)
    owner_client.get(reverse("fitcheck:contact_list"))
    assert not AuditEvent.objects.exists()


def test_exporting_contacts_is_recorded_without_what_was_searched(
    owner_client, workspace
):
    owner_client.get(reverse("fitcheck:contact_export"), {"q": "Rosalind"}).getvalue()
    event = AuditEvent.objects.get()
    assert (event.action, event.detail) == (Action.EXPORTED_CONTACTS, "CSV (searched)")


def test_exporting_survey_results_is_recorded(owner_client, workspace):
    survey = SurveyFactory(workspace=workspace)
    owner_client.get(reverse("feedback:results_export", args=[survey.pk])).getvalue()
    assert events() == [(Action.EXPORTED_RESULTS, None)]


def test_applying_and_discarding_a_rubric_are_recorded(owner_client, workspace):
    persona = PersonaFactory(workspace=workspace, status="active")
    owner_client.post(reverse("fitcheck:rubric_reset", args=[persona.pk]))
    owner_client.post(reverse("fitcheck:rubric_apply", args=[persona.pk]))
    owner_client.post(reverse("fitcheck:rubric_reset", args=[persona.pk]))
    owner_client.post(reverse("fitcheck:rubric_discard", args=[persona.pk]))
    details = list(AuditEvent.objects.order_by("pk").values_list("action", "detail"))
    assert [action for action, _ in details] == [Action.CHANGED_RUBRIC] * 4
    assert [detail.split(" of the rubric")[0] for _, detail in details] == [
        "Generated draft version 2 afresh",
        "Applied version 2",
        "Generated draft version 3 afresh",
        "Discarded draft version 3",
    ]


# The owners' page ------------------------------------------------------------------


def test_the_page_asks_to_log_in(client, db):
    assert client.get(LOG).status_code == 302


def test_the_page_is_for_owners(teammate_client):
    assert teammate_client.get(LOG).status_code == 404


def test_the_page_shows_only_the_workspace_s_events(
    owner_client, workspace, other_workspace, owner, outsider
):
    contact = ContactFactory(workspace=workspace, name="Hazel Ng")
    record(
        workspace=workspace,
        actor=owner,
        action=Action.VIEWED_CONTACT,
        contact_id=contact.pk,
    )
    record(workspace=other_workspace, actor=outsider, action=Action.EXPORTED_CONTACTS)
    page = owner_client.get(LOG)
    assert page.status_code == 200
    assert "Hazel Ng" in page.text
    assert "oscar@example.com" not in page.text
    assert [e.action for e in page.context["page"]] == [Action.VIEWED_CONTACT]


def test_an_erased_contact_shows_by_number_only(owner_client, workspace, owner):
    contact = ContactFactory(workspace=workspace, name="Gone Person")
    record(
        workspace=workspace,
        actor=owner,
        action=Action.VIEWED_CONTACT,
        contact_id=contact.pk,
    )
    Contact.objects.filter(pk=contact.pk).delete()
    text = owner_client.get(LOG).text
    assert f"No longer here (no. {contact.pk})" in text


def test_the_page_filters_by_what_who_whom_and_when(
    owner_client, workspace, owner, teammate
):
    record(workspace=workspace, actor=owner, action=Action.VIEWED_CONTACT, contact_id=7)
    record(
        workspace=workspace, actor=teammate, action=Action.VIEWED_CONTACT, contact_id=8
    )
    record(workspace=workspace, actor=teammate, action=Action.EXPORTED_CONTACTS)
    old = record(workspace=workspace, actor=owner, action=Action.EXPORTED_CONTACTS)
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=40))

    def shown(**query):
        page = owner_client.get(LOG, query).context["page"]
        return sorted((e.action, e.contact_id) for e in page)

    assert shown(action="viewed_contact") == [
        ("viewed_contact", 7),
        ("viewed_contact", 8),
    ]
    assert shown(member=teammate.pk) == [
        ("exported_contacts", None),
        ("viewed_contact", 8),
    ]
    assert shown(contact=7) == [("viewed_contact", 7)]
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert len(shown(since=since)) == 3


def test_a_bad_filter_is_shown_beside_its_field(owner_client, workspace):
    response = owner_client.get(LOG, {"since": "2026-05-02", "until": "2026-05-01"})
    assert response.status_code == 200
    assert "The end date must not be before the start date." in response.text


def test_the_page_s_queries_do_not_grow_with_events(owner_client, workspace, owner):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert owner_client.get(LOG).status_code == 200
        return len(queries)

    def some_events(n):
        for _ in range(n):
            contact = ContactFactory(workspace=workspace)
            record(
                workspace=workspace,
                actor=owner,
                action=Action.VIEWED_CONTACT,
                contact_id=contact.pk,
            )

    some_events(2)
    few = queries_for_page()
    some_events(30)
    assert queries_for_page() == few


def test_the_page_has_no_way_to_change_events(owner_client):
    assert owner_client.post(LOG).status_code == 405


# Never editable, kept a year --------------------------------------------------------


def test_the_admin_can_only_read_events(db):
    admin = AuditEventAdmin(AuditEvent, site)
    request = RequestFactory().get("/")
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request)
    assert not admin.has_delete_permission(request)


@pytest.mark.parametrize(("days", "kept"), [(364, True), (366, False)])
def test_upkeep_deletes_events_after_a_year(workspace, owner, days, kept, capsys):
    event = record(workspace=workspace, actor=owner, action=Action.EXPORTED_CONTACTS)
    AuditEvent.objects.filter(pk=event.pk).update(
        at=timezone.now() - timedelta(days=days)
    )
    call_command("upkeep")
    assert AuditEvent.objects.filter(pk=event.pk).exists() is kept


# The admin's overrides and exports ---------------------------------------------------


@pytest.fixture
def admin_score(workspace, db):
    persona = PersonaFactory(workspace=workspace, name="Maya", status="active")
    rubric = rubric_versions.applied_rubric(persona=persona)
    ContactFactory(workspace=workspace)
    scores.rescore_contacts(rubric=rubric)
    return FitScore.objects.get()


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_an_admin_override_is_recorded_without_its_reason(
    client, admin_score, superuser
):
    force_verified_login(client, superuser)
    url = reverse("admin:fitcheck_fitscore_change", args=[admin_score.pk])
    client.post(url, {"band_override": "weak", "override_reason": "Told me secrets"})
    event = AuditEvent.objects.get()
    assert (event.action, event.contact_id, event.actor) == (
        Action.OVERRODE_BAND,
        admin_score.contact_id,
        superuser,
    )
    assert event.detail == f"Band override none → weak (score {admin_score.pk})"


def test_marking_reviewed_without_changing_the_band_records_nothing(
    client, admin_score, superuser
):
    force_verified_login(client, superuser)
    url = reverse("admin:fitcheck_fitscore_change", args=[admin_score.pk])
    client.post(url, {"band_override": "", "override_reason": "", "reviewed": "on"})
    assert not AuditEvent.objects.exists()


def test_an_admin_export_is_recorded_once_per_workspace(client, admin_score, superuser):
    force_verified_login(client, superuser)
    response = client.post(
        reverse("admin:fitcheck_fitscore_changelist"),
        {"action": "export_csv", "_selected_action": [admin_score.pk]},
    )
    response.getvalue()
    assert events() == [(Action.EXPORTED_SCORES, None)]
