"""Two people (or two tabs) saving the same worksheet step: the second is shown what
the first changed, keeps what they typed, and chooses per answer."""

import pytest
from django.urls import reverse

from personas.models import Persona
from tests.factories import DreamFactory, PersonaFactory
from tests.personas.builders import field_html, form_values


def step_url(persona: Persona, step: str = "personality") -> str:
    return reverse("personas:step", args=[persona.pk, step])


def open_step(client, persona: Persona, step: str = "personality") -> dict:
    """The step's form as a browser would post it back untouched."""
    response = client.get(step_url(persona, step))
    assert response.status_code == 200
    return form_values(response.text)


def typed(page: dict, **changes: str) -> dict:
    return page | {name: [value] for name, value in changes.items()}


@pytest.fixture
def maya(workspace) -> Persona:
    return PersonaFactory(
        workspace=workspace, name="Maya", tagline="Physio", car="An estate car"
    )


def test_a_save_over_a_change_made_since_the_page_loaded_is_stopped_and_shown(
    owner_client, teammate_client, maya
):
    mine = open_step(owner_client, maya)
    theirs = open_step(teammate_client, maya)
    response = teammate_client.post(
        step_url(maya), typed(theirs, tagline="Physio opening her own clinic")
    )
    assert response.status_code == 302

    response = owner_client.post(step_url(maya), typed(mine, car="A red bicycle"))

    assert response.status_code == 409
    assert "Someone else saved this step while you were editing it" in response.text
    conflict = conflict_html(response.text, "tagline")
    assert "Tagline" in conflict
    assert "changed by someone else" in conflict
    assert "Physio opening her own clinic" in conflict
    # What was typed is still in the form, and nothing of it is saved yet (the
    # script warns before leaving such a page).
    assert form_values(response.text)["car"] == ["A red bicycle"]
    assert "data-unsaved" in response.text
    maya.refresh_from_db()
    assert (maya.tagline, maya.car) == (
        "Physio opening her own clinic",
        "An estate car",
    )


def conflict_html(html: str, key: str) -> str:
    start = html.index(f'name="keep-{key}"')
    return html[html.rindex("<fieldset", 0, start) : html.index("</fieldset>", start)]


def conflict_page(owner_client, teammate_client, persona, theirs: dict, mine: dict):
    """Both open the step; the teammate saves `theirs`; the owner then saves
    `mine` and is shown the conflicts."""
    my_page = open_step(owner_client, persona)
    their_page = open_step(teammate_client, persona)
    assert (
        teammate_client.post(step_url(persona), typed(their_page, **theirs)).status_code
        == 302
    )
    response = owner_client.post(step_url(persona), typed(my_page, **mine))
    assert response.status_code == 409
    return form_values(response.text)


@pytest.fixture
def page(owner_client, teammate_client, maya) -> dict:
    """The conflict page after Olivia's car crossed Tom's tagline."""
    theirs, mine = {"tagline": "Clinic owner"}, {"car": "A bike"}
    return conflict_page(owner_client, teammate_client, maya, theirs, mine)


def test_saving_with_the_suggested_choices_keeps_both_changes(owner_client, maya, page):
    assert page["keep-tagline"][0].startswith("theirs:")
    response = owner_client.post(step_url(maya), page | {"resolve": "1"}, follow=True)
    assert response.redirect_chain == [(step_url(maya), 302)]
    assert "Saved, with the version you chose of each answer." in response.text
    maya.refresh_from_db()
    assert (maya.tagline, maya.car) == ("Clinic owner", "A bike")


def test_overwriting_keeps_everything_as_typed(owner_client, maya, page):
    owner_client.post(step_url(maya), page | {"overwrite": "1"})
    maya.refresh_from_db()
    assert (maya.tagline, maya.car) == ("Physio", "A bike")


@pytest.mark.parametrize(
    ("side", "kept"), [("theirs", "Clinic owner"), ("mine", "Runner")]
)
def test_an_answer_both_changed_is_kept_from_the_side_chosen(
    owner_client, teammate_client, maya, side, kept
):
    page = conflict_page(
        owner_client,
        teammate_client,
        maya,
        {"tagline": "Clinic owner"},
        {"tagline": "Runner"},
    )
    assert page["keep-tagline"][0].startswith("mine:")  # Both changed it: yours first.
    mark = page["keep-tagline"][0].partition(":")[2]
    owner_client.post(step_url(maya), page | {"keep-tagline": f"{side}:{mark}"})
    maya.refresh_from_db()
    assert maya.tagline == kept


def test_a_choice_made_against_an_older_change_is_asked_again(
    owner_client, teammate_client, maya, page
):
    again = open_step(teammate_client, maya)
    teammate_client.post(
        step_url(maya), typed(again, tagline="Clinic owner, two sites")
    )

    response = owner_client.post(step_url(maya), page | {"resolve": "1"})

    assert response.status_code == 409
    assert "Clinic owner, two sites" in conflict_html(response.text, "tagline")
    maya.refresh_from_db()
    assert (maya.tagline, maya.car) == ("Clinic owner, two sites", "An estate car")


def test_the_conflict_page_keeps_the_fingerprint_of_the_first_load(
    owner_client, teammate_client, maya
):
    first = open_step(owner_client, maya)
    page = conflict_page(
        owner_client, teammate_client, maya, {"tagline": "X"}, {"car": "Y"}
    )
    assert page["loaded"] == first["loaded"]


def test_a_save_of_another_step_meanwhile_is_no_conflict(
    owner_client, teammate_client, maya
):
    mine = open_step(owner_client, maya)
    who = open_step(teammate_client, maya, "who")
    teammate_client.post(step_url(maya, "who"), typed(who, age_min="40"))
    response = owner_client.post(step_url(maya), typed(mine, car="A bike"))
    assert response.status_code == 302
    maya.refresh_from_db()
    assert (maya.age_min, maya.car) == (40, "A bike")


def test_the_same_change_made_twice_is_no_conflict(owner_client, teammate_client, maya):
    mine = open_step(owner_client, maya)
    theirs = open_step(teammate_client, maya)
    teammate_client.post(step_url(maya), typed(theirs, tagline="Clinic owner"))
    response = owner_client.post(step_url(maya), typed(mine, tagline="Clinic owner"))
    assert response.status_code == 302


def test_a_post_without_the_fingerprint_saves_as_before(owner_client, maya):
    page = open_step(owner_client, maya)
    del page["loaded"]
    assert (
        owner_client.post(step_url(maya), typed(page, car="A bike")).status_code == 302
    )
    maya.refresh_from_db()
    assert maya.car == "A bike"


@pytest.mark.parametrize("loaded", ["not json", "[1, 2]", '{"f": 3}', "[" * 5000])
def test_a_broken_fingerprint_is_explained_and_the_typing_kept(
    owner_client, maya, loaded
):
    page = typed(open_step(owner_client, maya), car="A bike", loaded=loaded)
    response = owner_client.post(step_url(maya), page)
    assert response.status_code == 400
    assert "This page is out of date" in response.text
    assert form_values(response.text)["car"] == ["A bike"]
    maya.refresh_from_db()
    assert maya.car == "An estate car"


def test_an_invalid_post_keeps_the_first_fingerprint(
    owner_client, teammate_client, maya
):
    """Fixing a mistake must not hide a change saved meanwhile."""
    mine = open_step(owner_client, maya)
    theirs = open_step(teammate_client, maya)
    response = owner_client.post(step_url(maya), typed(mine, name="", car="A bike"))
    assert response.status_code == 400
    assert "This field is required." in field_html(response.text, "name")
    teammate_client.post(step_url(maya), typed(theirs, tagline="Clinic owner"))
    fixed = typed(form_values(response.text), name="Maya")
    assert owner_client.post(step_url(maya), fixed).status_code == 409


# Rows ---------------------------------------------------------------------------


@pytest.fixture
def dreams(maya) -> list:
    return [
        DreamFactory(persona=maya, text=text, position=n)
        for n, text in enumerate(["Calm", "Weekends off"])
    ]


def rows_page(owner_client, teammate_client, persona, theirs: dict, mine: dict):
    my_page = open_step(owner_client, persona, "dreams_pains")
    their_page = open_step(teammate_client, persona, "dreams_pains")
    response = teammate_client.post(
        step_url(persona, "dreams_pains"), typed(their_page, **theirs)
    )
    assert response.status_code == 302
    return owner_client.post(step_url(persona, "dreams_pains"), typed(my_page, **mine))


def dream_texts(persona: Persona) -> list[str]:
    return list(persona.dreams.order_by("position").values_list("text", flat=True))


def test_a_row_changed_elsewhere_is_shown_and_both_edits_kept(
    owner_client, teammate_client, maya, dreams
):
    response = rows_page(
        owner_client,
        teammate_client,
        maya,
        {"dreams-0-text": "Calm mornings"},
        {"dreams-1-text": "Sundays off"},
    )
    assert response.status_code == 409
    conflict = conflict_html(response.text, f"dreams-{dreams[0].pk}")
    assert "Dream 1" in conflict and "Calm mornings" in conflict
    assert form_values(response.text)["dreams-1-text"] == ["Sundays off"]
    page = form_values(response.text) | {"resolve": "1"}
    owner_client.post(step_url(maya, "dreams_pains"), page)
    assert dream_texts(maya) == ["Calm mornings", "Sundays off"]


@pytest.mark.parametrize(
    ("side", "left"),
    [("theirs", ["Weekends off"]), ("mine", ["Weekends off", "Calm evenings"])],
)
def test_a_row_removed_elsewhere_while_edited_here_is_kept_or_dropped_as_chosen(
    owner_client, teammate_client, maya, dreams, side, left
):
    response = rows_page(
        owner_client,
        teammate_client,
        maya,
        {"dreams-0-DELETE": "on"},
        {"dreams-0-text": "Calm evenings"},
    )
    assert response.status_code == 409
    key = f"dreams-{dreams[0].pk}"
    conflict = conflict_html(response.text, key)
    assert "(removed)" in conflict and "Calm evenings" in conflict
    page = form_values(response.text)
    assert page[f"keep-{key}"][0].startswith("mine:")  # Edited here: kept by default.
    mark = page[f"keep-{key}"][0].partition(":")[2]
    response = owner_client.post(
        step_url(maya, "dreams_pains"), page | {f"keep-{key}": f"{side}:{mark}"}
    )
    assert response.status_code == 302
    assert sorted(dream_texts(maya)) == sorted(left)


def test_a_row_removed_here_but_changed_elsewhere_can_be_kept(
    owner_client, teammate_client, maya, dreams
):
    response = rows_page(
        owner_client,
        teammate_client,
        maya,
        {"dreams-1-text": "Every weekend off"},
        {"dreams-1-DELETE": "on"},
    )
    assert response.status_code == 409
    key = f"dreams-{dreams[1].pk}"
    page = form_values(response.text)
    mark = page[f"keep-{key}"][0].partition(":")[2]
    owner_client.post(
        step_url(maya, "dreams_pains"), page | {f"keep-{key}": f"theirs:{mark}"}
    )
    assert dream_texts(maya) == ["Calm", "Every weekend off"]


def test_a_row_added_elsewhere_is_kept_without_a_conflict(
    owner_client, teammate_client, maya, dreams
):
    my_page = open_step(owner_client, maya, "dreams_pains")
    DreamFactory(persona=maya, text="A waiting list", position=2)
    response = owner_client.post(
        step_url(maya, "dreams_pains"), typed(my_page, **{"dreams-0-text": "Calm days"})
    )
    assert response.status_code == 302
    assert dream_texts(maya) == ["Calm days", "Weekends off", "A waiting list"]


def test_a_row_added_elsewhere_is_listed_when_other_answers_clash(
    owner_client, teammate_client, maya, dreams
):
    my_page = open_step(owner_client, maya, "dreams_pains")
    DreamFactory(persona=maya, text="A waiting list", position=2)
    maya.dreams.filter(pk=dreams[0].pk).update(text="Calm mornings")
    response = owner_client.post(
        step_url(maya, "dreams_pains"), typed(my_page, **{"dreams-0-text": "Calm days"})
    )
    assert response.status_code == 409
    assert "Also added elsewhere, and kept:" in response.text
    assert "A waiting list" in response.text
