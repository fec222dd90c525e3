"""The rubric pages: list, rubric, edit, reset, preview, apply, discard, progress."""

import re

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fitcheck.forms import CriterionFormSet
from fitcheck.models import FitScore, PreviewJob, RescoreJob, Rubric
from fitcheck.services import rubric_versions, scores
from personas.fields import LinesField
from personas.models import Persona
from tests.factories import PersonaFactory
from tests.fitcheck.rubric_builders import (
    good_contact,
    ideal_contact,
    make_maya,
    poor_contact,
)

PERSONA_URLS = {  # name: the methods it answers
    "rubric": "get",
    "rubric_progress": "get",
    "rubric_edit": "get",
    "rubric_preview": "get",
    "rubric_preview_progress": "get",
    "rubric_preview_again": "post",
    "rubric_reset": "post",
    "rubric_apply": "post",
    "rubric_discard": "post",
}
GET_ONLY = ["rubric", "rubric_progress", "rubric_preview", "rubric_preview_progress"]
POST_ONLY = ["rubric_reset", "rubric_apply", "rubric_discard", "rubric_preview_again"]


@pytest.fixture
def maya(workspace):
    return make_maya(workspace, genders=["women", "non_binary"])


@pytest.fixture
def applied(maya):
    return rubric_versions.applied_rubric(persona=maya)


@pytest.fixture
def contacts(workspace, applied):
    people = [
        ideal_contact(workspace, name="Ana"),
        good_contact(workspace, name="Ben"),
        poor_contact(workspace, name="Cal"),
    ]
    scores.rescore_contacts(rubric=applied)
    return people


def url(name: str, persona: Persona) -> str:
    return reverse(f"fitcheck:{name}", args=[persona.pk])


def edit_data(draft: Rubric, **changes) -> dict:
    """The edit form as the page shows it, with `changes` typed over it."""
    formset = CriterionFormSet(queryset=draft.criteria.all(), prefix="criteria")
    data = {
        f"criteria-{name}": value
        for name, value in formset.management_form.initial.items()
    }
    for form in formset:
        for field in form:
            value = field.value()
            if isinstance(field.field, LinesField):
                value = "\n".join(value)
            data[field.html_name] = "" if value is None else value
    data |= {
        name: getattr(draft, name)
        for name in ("ideal_from", "good_from", "weak_from", "min_confidence")
    }
    return data | changes


def field(draft: Rubric, key: str, name: str) -> str:
    """The form field name of one criterion's field, e.g. criteria-3-weight."""
    keys = [criterion.key for criterion in draft.criteria.all()]
    return f"criteria-{keys.index(key)}-{name}"


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


# Access -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "method"), PERSONA_URLS.items())
def test_anonymous_visitors_are_sent_to_log_in(client, maya, name, method):
    path = url(name, maya)
    response = getattr(client, method)(path)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={path}"


@pytest.mark.parametrize("name", ["rubric_list", "scoring_explained"])
def test_anonymous_visitors_are_sent_to_log_in_from_the_overview_pages(
    client, db, name
):
    response = client.get(reverse(f"fitcheck:{name}"))
    assert response.status_code == 302


@pytest.mark.parametrize(("name", "method"), PERSONA_URLS.items())
def test_outsiders_get_404(outsider_client, maya, name, method):
    response = getattr(outsider_client, method)(url(name, maya))
    assert response.status_code == 404
    assert not Rubric.objects.filter(persona=maya).exists()


@pytest.mark.parametrize(
    "persona_fields",
    [{"status": Persona.Status.DRAFT}, {"kind": Persona.Kind.ANTI, "status": "active"}],
    ids=["draft persona", "anti-persona"],
)
def test_personas_that_nobody_is_scored_against_have_no_rubric_pages(
    owner_client, workspace, persona_fields
):
    persona = PersonaFactory(workspace=workspace, **persona_fields)
    assert owner_client.get(url("rubric", persona)).status_code == 404


@pytest.mark.parametrize("name", GET_ONLY)
def test_read_only_pages_refuse_posts(owner_client, applied, maya, name):
    assert owner_client.post(url(name, maya)).status_code == 405


@pytest.mark.parametrize("name", POST_ONLY)
def test_actions_refuse_gets(owner_client, applied, maya, name):
    assert owner_client.get(url(name, maya)).status_code == 405
    assert Rubric.objects.filter(persona=maya).count() == 1


@pytest.mark.parametrize("name", ["rubric_list", "scoring_explained"])
def test_overview_pages_refuse_posts(owner_client, db, owner, name):
    assert owner_client.post(reverse(f"fitcheck:{name}")).status_code == 405


# The list ---------------------------------------------------------------------------


def test_the_list_shows_each_scored_persona_with_its_version_bands_and_last_job(
    owner_client, workspace, maya, applied, contacts
):
    RescoreJob.objects.create(rubric=applied, status="done", done=3, total=3)
    PersonaFactory(workspace=workspace, name="Archived Ann", status="archived")
    PersonaFactory(workspace=workspace, name="Anti Andy", status="active", kind="anti")

    response = owner_client.get(reverse("fitcheck:rubric_list"))

    assert response.status_code == 200
    page = response.text
    assert f'href="{url("rubric", maya)}"' in page
    assert "Version 1" in page
    assert "all re-scored" in page
    assert "Archived Ann" not in page and "Anti Andy" not in page
    assert 'href="/fit-check/rubrics/"' in page  # The "Scoring" link in the menu.


def latest_scoring(page: str) -> str:
    """The text of the list's "Latest scoring" cell (one persona listed)."""
    cells = re.findall(r'<td class="latest-scoring">(.*?)</td>', page, re.S)
    assert len(cells) == 1, page
    return " ".join(re.sub(r"<[^>]+>", " ", cells[0]).split())


def test_scores_made_as_contacts_came_are_dated_not_called_never(
    owner_client, maya, applied, contacts
):
    FitScore.objects.update(computed_at="2026-03-04T10:15:00Z")
    page = owner_client.get(reverse("fitcheck:rubric_list")).text
    assert "Latest scoring" in page
    assert "Never" not in page
    assert latest_scoring(page) == (
        "4 Mar 2026 10:15 each contact scored when added or changed"
    )


def test_the_list_dates_the_last_rescoring_of_all_contacts(
    owner_client, maya, applied, contacts
):
    FitScore.objects.update(computed_at="2026-03-04T10:15:00Z")
    RescoreJob.objects.create(
        rubric=applied,
        status="done",
        done=3,
        total=3,
        finished_at="2026-03-04T10:15:00Z",
    )
    page = owner_client.get(reverse("fitcheck:rubric_list")).text
    assert latest_scoring(page) == "4 Mar 2026 10:15 all re-scored 4 Mar 2026"


@pytest.mark.parametrize(
    ("status", "done", "words"),
    [("running", 1, "Re-scoring now (33%)"), ("failed", 1, "Re-scoring failed")],
)
def test_the_list_says_a_rescoring_is_running_or_failed(
    owner_client, maya, applied, contacts, status, done, words
):
    RescoreJob.objects.create(rubric=applied, status=status, done=done, total=3)
    page = owner_client.get(reverse("fitcheck:rubric_list")).text
    assert latest_scoring(page).startswith(words)


def test_a_persona_nobody_is_scored_against_says_so(owner_client, maya, applied):
    page = owner_client.get(reverse("fitcheck:rubric_list")).text
    assert latest_scoring(page) == "Not scored yet"


def test_the_list_explains_what_to_do_without_active_personas(owner_client, db, owner):
    response = owner_client.get(reverse("fitcheck:rubric_list"))
    assert "activate a persona" in response.text


def test_the_list_query_count_does_not_grow_with_personas(owner_client, workspace):
    for _ in range(2):
        persona = make_maya(workspace)
        RescoreJob.objects.create(
            rubric=rubric_versions.applied_rubric(persona=persona)
        )
    few = queries(owner_client, reverse("fitcheck:rubric_list"))
    for _ in range(3):
        persona = make_maya(workspace)
        RescoreJob.objects.create(
            rubric=rubric_versions.applied_rubric(persona=persona)
        )
    rubric_versions.start_draft(persona=persona)
    assert queries(owner_client, reverse("fitcheck:rubric_list")) == few


# The rubric page --------------------------------------------------------------------


def test_the_rubric_page_shows_criteria_bands_and_actions(owner_client, maya):
    response = owner_client.get(url("rubric", maya))

    assert response.status_code == 200
    page = response.text
    assert Rubric.objects.get(persona=maya).version == 1  # Made on first visit.
    for text in [
        "Has the pain “Drowning in admin”",
        "Contains any of",
        "Red flag (takes points off)",
        "Knock-out (deal-breaker)",
        "Women, Non-binary people",  # Choices in words, not codes.
        "Edit (makes a new version)",
        "Reset to the persona",
        "80 to 100",
        "below 40, or any deal-breaker",
    ]:
        assert text in page, text
    assert f'action="{url("rubric_reset", maya)}"' in page
    assert "style=" not in page


def test_the_rubric_page_says_how_many_scores_are_current(
    owner_client, maya, applied, contacts
):
    ana, ben, cal = contacts
    ben.save()  # Changed since scored.
    page = owner_client.get(url("rubric", maya)).text
    assert "2 of 3 contacts scored with this version" in page
    assert "1 out of date" in page


def test_the_rubric_page_shows_a_draft_with_its_changes_and_actions(
    owner_client, maya, applied
):
    draft = rubric_versions.start_draft(persona=maya)
    draft.ideal_from = 85
    draft.save()

    page = owner_client.get(url("rubric", maya)).text

    assert "Draft version 2, not applied yet" in page
    assert "Ideal from: 80 → 85" in page
    for name in ["rubric_preview", "rubric_apply", "rubric_discard"]:
        assert url(name, maya) in page
    assert "Continue editing draft v2" in page


def test_a_running_job_shows_a_bar_that_refreshes_itself(owner_client, maya, applied):
    RescoreJob.objects.create(rubric=applied, status="running", done=25, total=100)

    page = owner_client.get(url("rubric", maya)).text

    assert re.search(r'<progress class="job-bar" max="100" value="25"', page)
    assert "Re-scoring: 25 of 100 contacts (25%)." in page
    assert f'data-job-progress="{url("rubric_progress", maya)}"' in page
    assert 'src="/static/js/job-progress.js"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page


def test_a_finished_job_does_not_refresh_the_page(owner_client, maya, applied):
    RescoreJob.objects.create(rubric=applied, status="done", done=3, total=3)
    page = owner_client.get(url("rubric", maya)).text
    assert "Done: 3 of 3 contacts re-scored." in page
    assert "http-equiv" not in page


def test_the_rubric_page_query_count_does_not_grow_with_contacts(
    owner_client, workspace, maya, applied
):
    RescoreJob.objects.create(rubric=applied, status="running", total=5)
    ideal_contact(workspace)
    scores.rescore_contacts(rubric=applied)
    few = queries(owner_client, url("rubric", maya))
    for _ in range(5):
        poor_contact(workspace)
    scores.rescore_contacts(rubric=applied)
    assert queries(owner_client, url("rubric", maya)) == few


def test_progress_answers_json(owner_client, maya, applied):
    RescoreJob.objects.create(rubric=applied, status="running", done=1, total=4)

    response = owner_client.get(url("rubric_progress", maya))

    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "running",
        "done": 1,
        "total": 4,
        "percent": 25,
        "message": "Re-scoring: 1 of 4 contacts (25%).",
    }


def test_progress_without_a_job_says_so(owner_client, maya, applied):
    data = owner_client.get(url("rubric_progress", maya)).json()
    assert (data["status"], data["percent"]) == ("none", 100)


# Editing ----------------------------------------------------------------------------


def test_editing_starts_one_draft_with_fields_labelled_by_criterion(
    owner_client, maya, applied
):
    response = owner_client.get(url("rubric_edit", maya))
    owner_client.get(url("rubric_edit", maya))

    assert response.status_code == 200
    draft = Rubric.objects.get(persona=maya, status="draft")
    assert draft.version == 2
    page = response.text
    weight = field(draft, "pain:1", "weight")
    assert re.search(
        rf'for="id_{weight}"[^>]*>\s*Has the pain “Drowning in admin”', page
    )
    assert "Non-binary people" in page  # Choice criteria as tick boxes in words.
    assert f'id="id_{field(draft, "age", "low")}"' in page
    assert f'id="id_{field(draft, "red_flag:2", "weight")}"' not in page
    assert Rubric.objects.filter(persona=maya, status="draft").count() == 1


def test_saving_an_edit_keeps_a_draft_and_goes_to_the_preview(
    owner_client, maya, applied
):
    owner_client.get(url("rubric_edit", maya))
    draft = Rubric.objects.get(persona=maya, status="draft")
    data = edit_data(
        draft,
        ideal_from=85,
        **{
            field(draft, "pain:1", "weight"): "35",
            field(draft, "languages", "expected"): "English\nWelsh",
            field(draft, "gender", "expected"): ["women"],
            field(draft, "age", "high"): "55",
        },
    )

    response = owner_client.post(url("rubric_edit", maya), data)

    assert response.status_code == 302
    assert response.url == url("rubric_preview", maya)
    draft = Rubric.objects.with_criteria().get(pk=draft.pk)
    criteria = {c.key: c for c in draft.criteria.all()}
    assert (draft.status, draft.ideal_from) == ("draft", 85)
    assert criteria["pain:1"].weight == 35
    assert criteria["languages"].expected == ["English", "Welsh"]
    assert criteria["languages"].label == "Language: English, Welsh"
    assert criteria["gender"].expected == ["women"]
    assert criteria["gender"].label == "Gender: Women"
    assert criteria["age"].high == 55
    untouched = {c.key: c.weight for c in applied.criteria.all()}
    assert untouched["pain:1"] == 15


def test_an_invalid_edit_shows_errors_next_to_the_fields_and_keeps_what_was_typed(
    owner_client, maya, applied
):
    owner_client.get(url("rubric_edit", maya))
    draft = Rubric.objects.get(persona=maya, status="draft")
    weight = field(draft, "pain:1", "weight")
    terms = field(draft, "languages", "expected")
    data = edit_data(
        draft, good_from=90, min_confidence=150, **{weight: "150", terms: "  "}
    )

    response = owner_client.post(url("rubric_edit", maya), data)

    assert response.status_code == 400
    page = response.text
    assert re.search(r'id="error_1_id_good_from"[^>]*>.*Make it lower than', page)
    assert 'name="good_from" value="90"' in page
    assert f'id="error_1_id_{weight}"' in page
    assert f'name="{weight}" value="150"' in page
    assert "Add at least one word or phrase to look for." in page
    assert re.search(
        r'id="error_1_id_min_confidence"[^>]*>.*less than or equal to 100', page
    )
    assert 'name="min_confidence" value="150"' in page
    draft.refresh_from_db()
    assert (draft.good_from, draft.min_confidence) == (60, 60)


def test_how_prospects_say_a_pain_is_edited_on_the_draft_and_kept_on_applying(
    owner_client, maya, applied, django_capture_on_commit_callbacks
):
    owner_client.get(url("rubric_edit", maya))
    draft = Rubric.objects.get(persona=maya, status="draft")
    phrases = field(draft, "pain:1", "expected")
    page = owner_client.get(url("rubric_edit", maya)).text
    assert "How prospects say it" in page
    assert "own words, “Drowning in admin”" in page
    data = edit_data(
        draft, min_confidence=50, **{phrases: "Paperwork\nInvoices at night"}
    )

    assert owner_client.post(url("rubric_edit", maya), data).status_code == 302
    criterion = draft.criteria.get(key="pain:1")
    assert criterion.expected == ["Drowning in admin", "Paperwork", "Invoices at night"]
    assert maya.pains.get().said_as == []  # Not on the persona until applied.
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(url("rubric_apply", maya))
    assert maya.pains.get().said_as == ["Paperwork", "Invoices at night"]
    assert Rubric.objects.get(pk=draft.pk).min_confidence == 50


def test_a_phrase_with_a_nul_character_is_refused_next_to_the_field(
    owner_client, maya, applied
):
    owner_client.get(url("rubric_edit", maya))
    draft = Rubric.objects.get(persona=maya, status="draft")
    phrases = field(draft, "pain:1", "expected")
    data = edit_data(draft, **{phrases: "Paper\x00work"})
    response = owner_client.post(url("rubric_edit", maya), data)
    assert response.status_code == 400
    assert "Remove the NUL character" in response.text


def test_a_backwards_range_is_refused_next_to_its_upper_end(
    owner_client, maya, applied
):
    owner_client.get(url("rubric_edit", maya))
    draft = Rubric.objects.get(persona=maya, status="draft")
    high = field(draft, "age", "high")
    data = edit_data(draft, **{field(draft, "age", "low"): "40", high: "20"})

    response = owner_client.post(url("rubric_edit", maya), data)

    assert response.status_code == 400
    assert re.search(rf'id="error_1_id_{high}"[^>]*>.*Make it at least', response.text)


def test_saving_a_draft_applied_meanwhile_saves_nothing(owner_client, maya, applied):
    owner_client.get(url("rubric_edit", maya))
    draft = Rubric.objects.get(persona=maya, status="draft")
    data = edit_data(draft, ideal_from=99)
    rubric_versions.discard_draft(draft=draft)

    response = owner_client.post(url("rubric_edit", maya), data, follow=True)

    assert response.redirect_chain[0] == (url("rubric_edit", maya), 302)
    assert "Nothing was saved" in response.text
    assert not Rubric.objects.filter(ideal_from=99).exists()


def test_reset_makes_a_draft_from_the_persona_and_shows_its_preview(
    owner_client, maya, applied
):
    Rubric.objects.filter(pk=applied.pk).update(ideal_from=90)

    response = owner_client.post(url("rubric_reset", maya))

    assert response.status_code == 302
    assert response.url == url("rubric_preview", maya)
    draft = Rubric.objects.get(persona=maya, status="draft")
    assert (draft.version, draft.ideal_from) == (2, 80)


# Preview, apply, discard ------------------------------------------------------------


def work_out_preview(client, persona: Persona, *, again: bool = False) -> None:
    """Open the preview page (or ask for it again), which queues the preview, and
    let the worker run it, as it does once the request's transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        if again:
            client.post(url("rubric_preview_again", persona))
        else:
            client.get(url("rubric_preview", persona))


def test_saving_an_edit_queues_the_preview_in_the_background(
    owner_client, maya, applied, contacts, django_capture_on_commit_callbacks
):
    owner_client.get(url("rubric_edit", maya))
    draft = Rubric.objects.get(persona=maya, status="draft")
    data = edit_data(draft, **{field(draft, "age", "weight"): "0"})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        owner_client.post(url("rubric_edit", maya), data)
    job = PreviewJob.objects.get(draft=draft)
    assert (job.status, job.total, len(callbacks)) == ("queued", 3, 1)

    waiting = owner_client.get(url("rubric_preview", maya)).text
    assert "We are trying draft version 2 on each of your contacts" in waiting
    assert "Waiting to start: 3 contacts to try the draft on." in waiting
    assert f'data-job-progress="{url("rubric_preview_progress", maya)}"' in waiting
    assert "data-reload-when-done" in waiting
    assert '<meta http-equiv="refresh" content="5">' in waiting
    assert "Contacts per band" not in waiting
    assert url("rubric_apply", maya) in waiting  # Applying need not wait.

    callbacks[0]()  # The worker runs the task.
    page = owner_client.get(url("rubric_preview", maya)).text
    assert "2 contacts would change band" in page
    assert "job-progress.js" not in page


def test_the_preview_progress_answers_json(owner_client, maya, applied):
    draft = rubric_versions.start_draft(persona=maya)
    PreviewJob.objects.create(draft=draft, status="running", done=1, total=4)

    response = owner_client.get(url("rubric_preview_progress", maya))

    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "status": "running",
        "done": 1,
        "total": 4,
        "percent": 25,
        "message": "Trying the draft on 1 of 4 contacts (25%).",
    }


def test_the_preview_progress_without_a_draft_says_so(owner_client, maya, applied):
    data = owner_client.get(url("rubric_preview_progress", maya)).json()
    assert (data["status"], data["percent"]) == ("none", 100)


def test_a_failed_preview_offers_to_try_again(owner_client, maya, applied, contacts):
    draft = rubric_versions.start_draft(persona=maya)
    PreviewJob.objects.create(draft=draft, status="failed", done=1, total=3)

    page = owner_client.get(url("rubric_preview", maya)).text

    assert "The preview stopped after 1 of 3 contacts." in page
    assert "Try again</button>" in page
    assert '<meta http-equiv="refresh"' not in page


def test_asking_again_works_the_preview_out_afresh(
    owner_client, workspace, maya, applied, contacts
):
    rubric_versions.start_draft(persona=maya).criteria.filter(key="age").update(
        weight=0
    )
    work_out_preview(owner_client, maya)
    poor_contact(workspace, name="Dee")
    work_out_preview(owner_client, maya, again=True)

    page = owner_client.get(url("rubric_preview", maya)).text

    assert "for 4 contacts." in page
    assert PreviewJob.objects.count() == 1


def test_asking_again_without_a_draft_goes_back_to_the_rubric(
    owner_client, maya, applied
):
    response = owner_client.post(url("rubric_preview_again", maya))
    assert response.status_code == 302
    assert not PreviewJob.objects.exists()


def test_the_preview_shows_counts_per_band_and_who_moves_and_why(
    owner_client, maya, applied, contacts
):
    ana, ben, cal = contacts
    draft = rubric_versions.start_draft(persona=maya)
    draft.criteria.filter(key__in=["age", "dream:1"]).update(weight=0)
    work_out_preview(owner_client, maya)

    response = owner_client.get(url("rubric_preview", maya))

    assert response.status_code == 200
    page = response.text
    assert "1 contact would change band" in page
    assert "for 3 contacts." in page
    assert "Age 30–50: weight 5 → 0" in page
    assert f'href="{ben.get_absolute_url()}"' in page
    assert f'href="{cal.get_absolute_url()}"' not in page
    assert f'href="{ana.get_absolute_url()}"' not in page
    assert "<del>Age 60 is above 50.</del>" in page
    assert "<ins>Age 30–50: ignored (weight 0).</ins>" in page
    assert re.search(r'change-up">\+1<', page)
    assert url("rubric_apply", maya) in page and url("rubric_discard", maya) in page


def test_without_a_draft_the_preview_sends_you_to_the_rubric(
    owner_client, maya, applied
):
    response = owner_client.get(url("rubric_preview", maya))
    assert response.status_code == 302
    assert response.url == url("rubric", maya)


def test_the_preview_query_count_does_not_grow_with_contacts(
    owner_client, workspace, maya, applied
):
    rubric_versions.start_draft(persona=maya).criteria.filter(key="age").update(
        weight=0
    )
    good_contact(workspace)
    scores.rescore_contacts(rubric=applied)
    work_out_preview(owner_client, maya)
    few = queries(owner_client, url("rubric_preview", maya))
    for _ in range(5):
        good_contact(workspace)
        poor_contact(workspace)
    scores.rescore_contacts(rubric=applied)
    work_out_preview(owner_client, maya, again=True)
    page = owner_client.get(url("rubric_preview", maya)).text
    assert "would change band" in page and "for 11 contacts." in page
    assert queries(owner_client, url("rubric_preview", maya)) == few


def test_applying_rescores_in_the_background_and_shows_the_progress(
    owner_client, maya, applied, contacts, django_capture_on_commit_callbacks
):
    draft = rubric_versions.start_draft(persona=maya)
    draft.criteria.filter(key="age").update(weight=0)

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url("rubric_apply", maya))

    assert response.status_code == 302
    assert response.url == url("rubric", maya)
    draft.refresh_from_db()
    assert draft.status == "applied"
    assert set(FitScore.objects.values_list("rubric_version", flat=True)) == {2}
    page = owner_client.get(response.url).text
    assert "Version 2 is applied. Re-scoring 3 contacts in the background." in page
    assert "Done: 3 of 3 contacts re-scored." in page


def test_applying_twice_applies_once(owner_client, maya, applied):
    rubric_versions.start_draft(persona=maya)
    owner_client.post(url("rubric_apply", maya))
    response = owner_client.post(url("rubric_apply", maya), follow=True)
    assert "applied or discarded meanwhile" in response.text
    assert RescoreJob.objects.count() == 1


def test_discarding_deletes_the_draft_only(owner_client, maya, applied):
    rubric_versions.start_draft(persona=maya)

    response = owner_client.post(url("rubric_discard", maya))

    assert response.status_code == 302
    assert response.url == url("rubric", maya)
    assert list(Rubric.objects.filter(persona=maya)) == [applied]


# How scoring works ------------------------------------------------------------------


def test_the_scoring_page_explains_the_formula_with_a_worked_example(
    owner_client, owner
):
    response = owner_client.get(reverse("fitcheck:scoring_explained"))

    assert response.status_code == 200
    page = response.text
    for text in [
        "Unknown facts never count against anyone",
        "Red flags take points off",
        "not a fit, refer elsewhere",
        "out of date",
        "Needs information: 41 to 100 out of 100",
        "To decide, ask about: their pains, their industry, what they hope for.",
        "Ideal: 86 out of 100 from what is known (61 to 90 once the rest is)",
        "“I do my paperwork at midnight” matches “Paperwork”",
        "never count on their own",
    ]:
        assert text in page, text
