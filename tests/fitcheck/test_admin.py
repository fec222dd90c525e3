import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import pagination
from fitcheck.admin import FitScoreAdmin
from fitcheck.models import FitScore
from fitcheck.services import rubric_versions, scores
from tests.factories import (
    ContactFactory,
    MembershipFactory,
    PainFactory,
    PersonaFactory,
    UserFactory,
)
from tests.fitcheck.admin_posts import post_contact_change
from tests.two_factor import force_verified_login

CHANGELIST = reverse("admin:fitcheck_fitscore_changelist")


@pytest.fixture
def persona(workspace):
    persona = PersonaFactory(workspace=workspace, name="Maya", status="active")
    PainFactory(persona=persona, text="Drowning in admin", intensity=5)
    return persona


def scored_contacts(workspace, persona, count, **contact_fields):
    rubric = rubric_versions.applied_rubric(persona=persona)
    contacts = ContactFactory.create_batch(count, workspace=workspace, **contact_fields)
    scores.rescore_contacts(rubric=rubric)
    return contacts


def test_list_shows_scores_sorted_with_filters(superuser_client, workspace, persona):
    scored_contacts(workspace, persona, 2, reported_pains=["Drowning in admin"])
    scored_contacts(workspace, persona, 1, reported_pains=["Bored"])
    scored_contacts(workspace, persona, 1, name="Una Unsure")  # Nothing known.
    response = superuser_client.get(CHANGELIST)
    assert response.status_code == 200
    rows = response.context["cl"].result_list
    # Best first; Needs information apart, before those settled as not a fit.
    assert [row.band for row in rows] == [
        "ideal",
        "ideal",
        "needs_information",
        "not_a_fit",
    ]
    for text in [
        "Ideal",
        "Not a fit",
        "Needs information",
        "Maya",
        "By band",
        "By confidence",
        "By deal-breaker",
        "By reviewed",
        "0–100",
    ]:
        assert text in response.text
    ideal_only = superuser_client.get(CHANGELIST, {"band": "ideal"})
    assert len(ideal_only.context["cl"].result_list) == 2
    unsure = superuser_client.get(CHANGELIST, {"band": "needs_information"})
    assert [row.contact.name for row in unsure.context["cl"].result_list] == [
        "Una Unsure"
    ]


@pytest.mark.parametrize(
    ("step", "names"),
    [
        ("under_30", ["Una Unsure"]),
        ("90_up", ["Ann"]),
        ("30_59", []),
        ("nonsense", None),
    ],
)
def test_list_filters_by_confidence(superuser_client, workspace, persona, step, names):
    scored_contacts(
        workspace, persona, 1, name="Ann", reported_pains=["Drowning in admin"]
    )
    scored_contacts(workspace, persona, 1, name="Una Unsure")
    response = superuser_client.get(CHANGELIST, {"confidence": step})
    assert response.status_code == 200
    shown = sorted(row.contact.name for row in response.context["cl"].result_list)
    assert shown == (names if names is not None else ["Ann", "Una Unsure"])


def test_search_by_contact_email(superuser_client, workspace, persona):
    contacts = scored_contacts(workspace, persona, 3)
    response = superuser_client.get(CHANGELIST, {"q": contacts[0].email})
    assert [row.contact_id for row in response.context["cl"].result_list] == [
        contacts[0].pk
    ]


def test_list_query_count_does_not_grow_with_rows(superuser_client, workspace, persona):
    scored_contacts(workspace, persona, 1)
    with CaptureQueriesContext(connection) as few:
        superuser_client.get(CHANGELIST)
    scored_contacts(workspace, persona, 40)
    with CaptureQueriesContext(connection) as many:
        superuser_client.get(CHANGELIST)
    assert len(many) == len(few)


def test_a_long_list_shows_an_estimated_count_and_says_so(
    superuser_client, workspace, persona, monkeypatch
):
    """A million scores are not counted for every page: past a thousand the
    count is the planner's estimate (core/pagination.py), said to be one."""
    scored_contacts(workspace, persona, 2)
    monkeypatch.setattr(FitScoreAdmin, "list_per_page", 1)  # More than a page.
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 0)
    monkeypatch.setattr(pagination, "planner_estimate", lambda queryset: 1_234_567)
    response = superuser_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "About 1,200,000 fit scores" in response.text
    # Both contacts know nothing yet: they are in the Needs information band.
    response = superuser_client.get(CHANGELIST, {"band__exact": "needs_information"})
    assert "About 1,200,000 results" in response.text


def test_a_short_list_is_counted_exactly(superuser_client, workspace, persona):
    scored_contacts(workspace, persona, 2)
    response = superuser_client.get(CHANGELIST)
    assert "2 fit scores" in response.text
    assert "About" not in response.text


def test_change_page_shows_the_breakdown_as_a_table(
    superuser_client, workspace, persona
):
    scored_contacts(workspace, persona, 1, reported_pains=["Drowning in admin"])
    score = FitScore.objects.get()
    response = superuser_client.get(
        reverse("admin:fitcheck_fitscore_change", args=[score.pk])
    )
    assert response.status_code == 200
    assert "<th>Criterion</th>" in response.text
    assert "Has the pain “Drowning in admin”" in response.text
    assert "Estimate from the known facts" in response.text
    assert "To decide, ask about" in response.text


def test_change_page_shows_what_to_ask_about_a_score_that_needs_information(
    superuser_client, workspace, persona
):
    scored_contacts(workspace, persona, 1)
    score = FitScore.objects.get()
    page = superuser_client.get(
        reverse("admin:fitcheck_fitscore_change", args=[score.pk])
    ).text
    assert "Needs information" in page
    assert "their pains" in page


def test_override_needs_a_reason_and_keeps_the_computed_band(
    superuser_client, workspace, persona
):
    scored_contacts(workspace, persona, 1, reported_pains=["Drowning in admin"])
    score = FitScore.objects.get()
    url = reverse("admin:fitcheck_fitscore_change", args=[score.pk])
    refused = superuser_client.post(
        url, {"band_override": "weak", "override_reason": ""}
    )
    assert refused.status_code == 200
    assert "Say why you override" in refused.text
    accepted = superuser_client.post(
        url, {"band_override": "weak", "override_reason": "Asked for weekend calls"}
    )
    assert accepted.status_code == 302
    score.refresh_from_db()
    assert (score.band, score.band_override) == ("ideal", "weak")
    assert score.overridden_by is not None
    listing = superuser_client.get(CHANGELIST)
    assert "Weak fit <small>(computed: Ideal)</small>" in listing.text


def test_actions_mark_reviewed_rescore_and_export(
    superuser_client, workspace, persona, django_capture_on_commit_callbacks
):
    scored_contacts(workspace, persona, 2, reported_pains=["Drowning in admin"])
    ids = [str(pk) for pk in FitScore.objects.values_list("pk", flat=True)]
    superuser_client.post(
        CHANGELIST, {"action": "mark_reviewed", "_selected_action": ids}
    )
    assert FitScore.objects.filter(reviewed=True).count() == 2

    FitScore.objects.update(score=1, score_low=1, score_high=1, band="not_a_fit")
    with django_capture_on_commit_callbacks(execute=True):
        superuser_client.post(
            CHANGELIST, {"action": "rescore", "_selected_action": ids}
        )
    assert set(FitScore.objects.values_list("band", flat=True)) == {"ideal"}

    exported = superuser_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": ids}
    )
    body = b"".join(exported.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:6] == [
        "Contact",
        "Email",
        "Persona",
        "Score",
        "Lowest possible",
        "Highest possible",
    ]
    assert "To decide, ask about" in rows[0]
    assert len(rows) == 3


def test_staff_see_only_their_workspace_scores(
    client, workspace, persona, other_workspace
):
    from django.contrib.auth.models import Permission

    scored_contacts(workspace, persona, 1, name="Harbour Person")
    other = PersonaFactory(workspace=other_workspace, status="active")
    scored_contacts(other_workspace, other, 1, name="Elsewhere Person")
    staff = UserFactory(is_staff=True)
    MembershipFactory(workspace=workspace, user=staff, role="member")
    staff.user_permissions.add(*Permission.objects.filter(codename="view_fitscore"))
    force_verified_login(client, staff)
    response = client.get(CHANGELIST)
    assert "Harbour Person" in response.text
    assert "Elsewhere Person" not in response.text
    foreign = FitScore.objects.get(contact__name="Elsewhere Person")
    change = client.get(reverse("admin:fitcheck_fitscore_change", args=[foreign.pk]))
    assert change.status_code in (302, 404)


def test_contacts_rubrics_and_others_open_in_admin(
    superuser_client, workspace, persona
):
    scored_contacts(workspace, persona, 1)
    for name in ["contact", "rubric", "rescorejob", "intakepage", "contactimport"]:
        response = superuser_client.get(reverse(f"admin:fitcheck_{name}_changelist"))
        assert response.status_code == 200, name
    contact = FitScore.objects.get().contact
    page = superuser_client.get(
        reverse("admin:fitcheck_contact_change", args=[contact.pk])
    )
    assert "Maya" in page.text  # The score inline.


# Rubric versions: applied and retired ones are history, read-only in the admin.


def rubric_url(rubric, action: str = "change") -> str:
    return reverse(f"admin:fitcheck_rubric_{action}", args=[rubric.pk])


def test_an_applied_rubric_is_read_only(superuser_client, persona):
    applied = rubric_versions.applied_rubric(persona=persona)
    page = superuser_client.get(rubric_url(applied))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert "Drowning in admin" in page.text  # Its criteria, shown.
    assert 'name="criteria-0-weight"' not in page.text
    posted = superuser_client.post(rubric_url(applied), {"ideal_from": "10"})
    assert posted.status_code == 403
    assert superuser_client.post(rubric_url(applied, "delete")).status_code == 403
    applied.refresh_from_db()
    assert applied.ideal_from != 10


def test_a_draft_can_be_tuned_but_not_applied_from_the_admin(superuser_client, persona):
    rubric_versions.applied_rubric(persona=persona)
    draft = rubric_versions.start_draft(persona=persona)
    page = superuser_client.get(rubric_url(draft))
    assert 'name="_save"' in page.text
    assert 'name="ideal_from"' in page.text
    assert 'name="status"' not in page.text  # Applying re-scores: the app does it.
    assert 'name="criteria-0-weight"' in page.text


def test_rubric_versions_are_not_added_in_the_admin(superuser_client):
    response = superuser_client.get(reverse("admin:fitcheck_rubric_add"))
    assert response.status_code == 403


def test_a_contact_page_posted_with_a_broken_scores_row_is_shown_again(
    superuser_client, workspace, persona
):
    from tests.hostile_forms import forms_in

    (contact,) = scored_contacts(workspace, persona, 1)
    url = reverse("admin:fitcheck_contact_change", args=[contact.pk])
    page = superuser_client.get(url)
    forms = forms_in(page.text, url, "admin")
    (form,) = [f for f in forms if "scores-0-id" in f.controls]
    data = form.defaults() | {"scores-0-id": [""]}
    assert superuser_client.post(url, data).status_code == 200


def test_changing_a_contacts_facts_in_the_admin_scores_them_again(
    superuser_client, workspace, persona
):
    """The contact form scores on every save; the admin's did only when the
    contact became a client, so its scores kept describing the old facts."""
    (contact,) = scored_contacts(workspace, persona, 1)
    before = FitScore.objects.get(contact=contact)
    response = post_contact_change(
        superuser_client, contact, reported_pains="Drowning in admin"
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    after = FitScore.objects.get(contact=contact)
    assert after.breakdown != before.breakdown
