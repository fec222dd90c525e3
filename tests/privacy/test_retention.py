"""The retention rule: inactive prospects erased after N months, previewed first."""

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from audit.models import Action, AuditEvent
from feedback.models import Invitation, Response
from fitcheck.models import Contact
from privacy.models import PrivacySettings
from privacy.queries import inactive_prospects
from privacy.retention import months_before
from privacy.services.retention import apply_retention
from tests.factories import ContactFactory, InvitationFactory

NOW = timezone.make_aware(datetime(2026, 6, 15, 12, 0))
PREVIEW = reverse("privacy:retention_preview")


def contact(workspace, name, *, months_idle, stage=Contact.Stage.PROSPECT):
    made = ContactFactory(workspace=workspace, name=name, stage=stage)
    idle_since = NOW - timedelta(days=31 * months_idle)
    Contact.objects.filter(pk=made.pk).update(
        created_at=idle_since, updated_at=idle_since
    )
    return made


@pytest.fixture
def people(workspace):
    """Two prospects the rule erases after 12 months, and four it keeps."""
    gone = [
        contact(workspace, "Old Prospect", months_idle=14),
        contact(workspace, "Older Prospect", months_idle=30),
    ]
    contact(workspace, "Recent Prospect", months_idle=3)
    contact(workspace, "Old Client", months_idle=30, stage=Contact.Stage.CLIENT)
    contact(
        workspace, "Old Past Client", months_idle=30, stage=Contact.Stage.PAST_CLIENT
    )
    answered_lately = contact(workspace, "Answered Lately", months_idle=20)
    invitation = InvitationFactory(survey__workspace=workspace, contact=answered_lately)
    Response.objects.create(
        survey=invitation.survey,
        invitation=invitation,
        contact=answered_lately,
        submitted_at=NOW - timedelta(days=20),
    )
    # Invitations count as activity only through their own dates here.
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=NOW - timedelta(days=400)
    )
    return gone


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 6, 15), 1, datetime(2026, 5, 15)),
        (datetime(2026, 3, 31), 1, datetime(2026, 2, 28)),
        (datetime(2028, 3, 31), 1, datetime(2028, 2, 29)),
        (datetime(2026, 1, 10), 13, datetime(2024, 12, 10)),
        (datetime(2026, 6, 15), 120, datetime(2016, 6, 15)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    assert months_before(moment, months) == expected


@given(
    moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    months=st.integers(min_value=1, max_value=120),
)
def test_months_before_is_earlier_by_about_that_many_months(moment, months):
    earlier = months_before(moment, months)
    assert earlier < moment
    assert abs((moment - earlier).days - months * 30.44) <= 3 + months * 0.05


def test_the_preview_lists_exactly_whom_upkeep_then_erases(workspace, people):
    previewed = set(
        inactive_prospects(workspace, months=12, now=NOW).values_list("pk", flat=True)
    )
    PrivacySettings.objects.create(workspace=workspace, retention_months=12)

    assert apply_retention(now=NOW) == 2

    erased = {
        e.contact_id
        for e in AuditEvent.objects.filter(action=Action.ERASED_BY_RETENTION)
    }
    assert previewed == erased == {c.pk for c in people}
    assert set(Contact.objects.values_list("name", flat=True)) == {
        "Recent Prospect",
        "Old Client",
        "Old Past Client",
        "Answered Lately",
    }
    assert AuditEvent.objects.filter(actor__isnull=True).count() == 2


def test_no_rule_erases_nobody(workspace, people):
    PrivacySettings.objects.create(workspace=workspace, retention_months=None)
    assert apply_retention(now=NOW) == 0
    assert Contact.objects.count() == 6


def test_upkeep_runs_the_rule(workspace, capsys):
    old = ContactFactory(workspace=workspace)
    Contact.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - timedelta(days=800)
    )
    PrivacySettings.objects.create(workspace=workspace, retention_months=24)
    call_command("upkeep")
    assert "prospects erased by a retention rule: 1" in capsys.readouterr().out
    assert not Contact.objects.exists()


# The preview page ------------------------------------------------------------------


def test_the_preview_page_lists_the_prospects_that_would_go(
    owner_client, workspace, people
):
    response = owner_client.get(PREVIEW, {"months": 12})
    assert response.status_code == 200
    names = [c.name for c in response.context["page"]]
    assert sorted(names) == ["Old Prospect", "Older Prospect"]
    assert "these <strong>2</strong> prospects would be erased today" in response.text


def test_the_preview_refuses_a_number_of_months_out_of_range(owner_client, workspace):
    response = owner_client.get(PREVIEW, {"months": 0})
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 1." in response.text


def test_the_preview_is_for_owners(teammate_client, client):
    assert teammate_client.get(PREVIEW, {"months": 12}).status_code == 404
    assert client.get(PREVIEW, {"months": 12}).status_code == 302
