"""The fit scores in the admin, in the app's words: titles that name the contact,
persona, band and score; confidence as a percentage; outcomes, bands and stages
as words in the detail, list, filters and export; the columns that matter."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from fitcheck.criteria import OUTCOME_WORDS, Outcome
from fitcheck.models import FitScore
from fitcheck.services import rubric_versions, scores
from tests.factories import (
    ContactFactory,
    MembershipFactory,
    PainFactory,
    PersonaFactory,
    UserFactory,
)
from tests.two_factor import force_verified_login

CHANGELIST = reverse("admin:fitcheck_fitscore_changelist")


def change_url(score: FitScore) -> str:
    return reverse("admin:fitcheck_fitscore_change", args=[score.pk])


@pytest.fixture
def amara(workspace):
    persona = PersonaFactory(workspace=workspace, name="Amara", status="active")
    PainFactory(persona=persona, text="Drowning in admin", intensity=5)
    return persona


def scored(workspace, persona, **contact_fields) -> FitScore:
    contact = ContactFactory(workspace=workspace, stage="client", **contact_fields)
    scores.rescore_contacts(rubric=rubric_versions.applied_rubric(persona=persona))
    return FitScore.objects.get(contact=contact, persona=persona)


@pytest.fixture
def renee(workspace, amara) -> FitScore:
    return scored(
        workspace,
        amara,
        name="Renée Côté-Lefèvre",
        reported_pains=["Drowning in admin"],
    )


def test_a_score_is_titled_by_contact_persona_band_and_score(renee):
    assert (renee.band, renee.score_display) == ("ideal", "100")
    assert str(renee) == "Renée Côté-Lefèvre vs Amara: Ideal, 100"


def test_an_uncertain_score_is_titled_with_its_range(workspace, amara):
    unsure = scored(workspace, amara, name="Una Unsure")
    assert unsure.score_low != unsure.score_high
    assert str(unsure) == (
        f"Una Unsure vs Amara: Needs information, "
        f"{unsure.score_low}–{unsure.score_high}"
    )


def test_an_overridden_band_is_the_one_in_the_title(renee):
    renee.band_override = "weak"
    assert str(renee) == "Renée Côté-Lefèvre vs Amara: Weak fit, 100"


def test_the_change_page_is_titled_by_the_score(superuser_client, renee):
    page = superuser_client.get(change_url(renee)).text
    assert "<title>Renée Côté-Lefèvre vs Amara: Ideal, 100 |" in page
    assert "<h2>Renée Côté-Lefèvre vs Amara: Ideal, 100</h2>" in page


def test_confidence_is_a_percentage_on_every_admin_page(superuser_client, renee):
    FitScore.objects.filter(pk=renee.pk).update(confidence=0.18)
    contact_page = reverse("admin:fitcheck_contact_change", args=[renee.contact_id])
    for url in (CHANGELIST, change_url(renee), contact_page):
        page = superuser_client.get(url).text
        assert "18%" in page, url
        assert "0.18" not in page, url


@pytest.mark.parametrize("outcome", list(Outcome))
def test_the_breakdown_names_each_outcome_in_words(superuser_client, renee, outcome):
    line = {
        "key": "flag",
        "label": "Calls at weekends",
        "outcome": outcome.value,
        "points": 0,
        "text": "As judged.",
    }
    FitScore.objects.filter(pk=renee.pk).update(breakdown={"lines": [line]})
    page = superuser_client.get(change_url(renee)).text
    assert f"<td>{OUTCOME_WORDS[outcome]}</td>" in page
    assert f">{outcome.value}<" not in page


def test_every_outcome_has_words():
    assert set(OUTCOME_WORDS) == set(Outcome)
    assert OUTCOME_WORDS[Outcome.NO_RED_FLAG] == "No red flag"


def test_the_detail_page_says_the_score_band_and_stage_in_words(
    superuser_client, renee
):
    page = superuser_client.get(change_url(renee)).text
    for words in ("Ideal", "Client", "Scored at", "Deal-breaker present", "100%"):
        assert words in page, words
    for code in (">ideal<", ">client<", "Score low", "Knocked out"):
        assert code not in page, code


def test_the_list_shows_the_columns_that_matter(superuser_client, renee):
    response = superuser_client.get(CHANGELIST)
    headers = re.findall(
        r'<th scope="col" class="[^"]*column-(\w+)[^"]*">', response.text
    )
    assert headers == [
        "contact_name",
        "persona",
        "band_shown",
        "score_shown",
        "confidence_shown",
        "scored_on",
    ]
    for words in ("Contact", "Persona", "Band", "Score", "Confidence", "Scored on"):
        assert f">{words}</a>" in response.text, words


def test_the_list_page_has_one_h1_that_names_it(superuser_client, renee):
    page = superuser_client.get(CHANGELIST).text
    assert re.findall(r"<h1[^>]*>(.*?)</h1>", page) == ["Fit scores"]
    assert "<title>Fit scores |" in page


def test_the_filters_speak_the_apps_words(superuser_client, renee):
    page = superuser_client.get(CHANGELIST).text
    for words in ("By deal-breaker", "Present", "Absent", "Needs information"):
        assert words in page, words
    assert "By knocked out" not in page
    dealbreakers = superuser_client.get(CHANGELIST, {"knocked_out": "1"})
    assert list(dealbreakers.context["cl"].result_list) == []
    others = superuser_client.get(CHANGELIST, {"knocked_out": "0"})
    assert list(others.context["cl"].result_list) == [renee]


def persona_choices(client) -> list[str]:
    response = client.get(CHANGELIST)
    (persona_filter,) = [
        spec for spec in response.context["cl"].filter_specs if spec.title == "persona"
    ]
    return [title for _, title in persona_filter.lookup_choices]


def test_the_persona_filter_names_the_workspace_when_it_lists_several(
    superuser_client, workspace, other_workspace
):
    PersonaFactory(workspace=workspace, name="Dana", status="active")
    PersonaFactory(workspace=other_workspace, name="Dana", status="active")
    assert sorted(persona_choices(superuser_client)) == [
        "Dana (v1) — Elsewhere Studio",
        "Dana (v1) — Harbour Lane",
    ]


def test_the_persona_filter_of_one_workspace_needs_no_workspace_name(
    client, workspace, other_workspace
):
    PersonaFactory(workspace=workspace, name="Dana", status="active")
    PersonaFactory(workspace=other_workspace, name="Dana", status="active")
    staff = UserFactory(is_staff=True)
    MembershipFactory(workspace=workspace, user=staff, role="member")
    staff.user_permissions.add(*Permission.objects.filter(codename="view_fitscore"))
    force_verified_login(client, staff)
    assert persona_choices(client) == ["Dana (v1)"]


def test_the_export_says_bands_stages_and_confidence_in_words(superuser_client, renee):
    FitScore.objects.filter(pk=renee.pk).update(confidence=0.18)
    exported = superuser_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [renee.pk]}
    )
    body = b"".join(exported.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))
    line = dict(zip(header, row, strict=True))
    assert line["Contact"] == "Renée Côté-Lefèvre"
    assert line["Score"] == "100"
    assert line["Band"] == "Ideal"
    assert line["Band override"] == ""
    assert line["Confidence"] == "18%"
    assert line["Deal-breaker present"] == "No"
    assert line["Stage"] == "Client"
    assert line["Reviewed"] == "No"
