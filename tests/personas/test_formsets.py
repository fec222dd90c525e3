"""Rows of dreams, pains and red flags: add, remove and reorder, without JavaScript."""

from unittest.mock import patch

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from personas import services
from personas.models import Dream, Persona
from tests.factories import DreamFactory, PainFactory, PersonaFactory
from tests.personas.builders import form_values, formset


def step_url(persona: Persona, step: str = "dreams_pains") -> str:
    return reverse("personas:step", args=[persona.pk, step])


def no_pains() -> dict:
    return formset("pains", [])


def existing_dreams(persona: Persona, **changes: dict) -> dict:
    """The dreams formset as the page posts it back, with some rows changed."""
    rows = [
        {"id": str(dream.pk), "text": dream.text} | changes.get(dream.text, {})
        for dream in persona.dreams.all()
    ]
    return formset("dreams", rows, initial=len(rows))


def texts(persona: Persona) -> list[str]:
    return list(persona.dreams.order_by("position").values_list("text", flat=True))


def total_forms(html: str, prefix: str) -> int:
    return int(form_values(html)[f"{prefix}-TOTAL_FORMS"][0])


def test_a_persona_without_rows_shows_one_blank_row_of_each(owner_client, persona):
    response = owner_client.get(step_url(persona))
    assert total_forms(response.text, "dreams") == 1
    assert total_forms(response.text, "pains") == 1
    response = owner_client.get(step_url(persona, "red_flags"))
    assert total_forms(response.text, "red_flags") == 1


def test_a_persona_with_rows_shows_just_its_rows(owner_client, persona):
    DreamFactory.create_batch(2, persona=persona)
    response = owner_client.get(step_url(persona))
    assert total_forms(response.text, "dreams") == 2
    assert form_values(response.text)["dreams-INITIAL_FORMS"] == ["2"]


def test_add_another_saves_what_was_typed_and_comes_back_with_a_blank_row(
    owner_client, persona
):
    data = formset("dreams", [{"text": "A waiting list"}]) | no_pains()
    response = owner_client.post(step_url(persona), data | {"add_row": "dreams"})
    assert response.status_code == 302
    assert response.url == f"{step_url(persona)}?add=dreams"
    assert texts(persona) == ["A waiting list"]
    page = owner_client.get(response.url).text
    assert total_forms(page, "dreams") == 2
    assert form_values(page)["dreams-0-text"] == ["A waiting list"]
    assert form_values(page)["dreams-1-text"] == [""]
    assert total_forms(page, "pains") == 1


def test_add_another_on_an_empty_formset_shows_two_blank_rows(owner_client, persona):
    page = owner_client.get(f"{step_url(persona)}?add=pains").text
    assert total_forms(page, "pains") == 2


def test_add_another_with_an_error_stays_on_the_page(owner_client, persona):
    data = formset("dreams", [{"text": "x" * 301}]) | no_pains()
    response = owner_client.post(step_url(persona), data | {"add_row": "dreams"})
    assert response.status_code == 400
    assert "Ensure this value has at most 300 characters" in response.text
    assert not Dream.objects.exists()


def test_a_blank_extra_row_is_ignored(owner_client, persona):
    data = formset("dreams", [{"text": "Calm"}, {"text": ""}]) | formset(
        "pains", [{"text": "", "intensity": "3"}]
    )
    assert owner_client.post(step_url(persona), data).status_code == 302
    assert texts(persona) == ["Calm"]
    assert not persona.pains.exists()


def test_a_ticked_remove_box_deletes_the_row(owner_client, persona):
    for text in ["Calm", "Weekends off", "A waiting list"]:
        DreamFactory(persona=persona, text=text)
    data = existing_dreams(persona, **{"Weekends off": {"DELETE": "on"}})
    response = owner_client.post(step_url(persona), data | no_pains())
    assert response.status_code == 302
    assert texts(persona) == ["Calm", "A waiting list"]
    assert list(persona.dreams.values_list("position", flat=True)) == [0, 1]


def test_a_new_row_marked_for_removal_is_not_saved(owner_client, persona):
    data = formset("dreams", [{"text": "Calm", "DELETE": "on"}]) | no_pains()
    assert owner_client.post(step_url(persona), data).status_code == 302
    assert not persona.dreams.exists()


def test_positions_reorder_the_rows(owner_client, persona):
    for text in ["Calm", "Weekends off", "A waiting list"]:
        DreamFactory(persona=persona, text=text)
    data = existing_dreams(
        persona,
        **{
            "Calm": {"ORDER": "3"},
            "Weekends off": {"ORDER": "1"},
            "A waiting list": {"ORDER": "2"},
        },
    )
    assert owner_client.post(step_url(persona), data | no_pains()).status_code == 302
    assert texts(persona) == ["Weekends off", "A waiting list", "Calm"]
    profile = owner_client.get(persona.get_absolute_url()).text
    assert profile.index("Weekends off") < profile.index("A waiting list")
    assert profile.index("A waiting list") < profile.index("Calm")


def test_rows_without_a_position_keep_their_order_after_those_with_one(
    owner_client, persona
):
    for text in ["Calm", "Weekends off", "A waiting list"]:
        DreamFactory(persona=persona, text=text)
    data = existing_dreams(persona, **{"A waiting list": {"ORDER": "1"}})
    owner_client.post(step_url(persona), data | no_pains())
    assert texts(persona) == ["A waiting list", "Calm", "Weekends off"]


def test_editing_a_row_changes_it_in_place(owner_client, persona):
    dream = DreamFactory(persona=persona, text="Calm")
    data = existing_dreams(persona, Calm={"text": "Calm mornings"})
    owner_client.post(step_url(persona), data | no_pains())
    assert list(persona.dreams.values_list("pk", "text")) == [
        (dream.pk, "Calm mornings")
    ]


def test_more_than_thirty_rows_are_refused(owner_client, persona):
    rows = [{"text": f"Dream {n}"} for n in range(31)]
    response = owner_client.post(
        step_url(persona), formset("dreams", rows) | no_pains()
    )
    assert response.status_code == 400
    assert "Please submit at most 30 forms." in response.text
    assert not persona.dreams.exists()


@pytest.mark.parametrize(
    ("change", "status"), [({}, 400), ({"DELETE": "on"}, 302)], ids=["edit", "delete"]
)
def test_a_row_of_another_persona_cannot_be_edited_or_deleted(
    owner_client, persona, workspace, change, status
):
    other = PersonaFactory(workspace=workspace)
    elsewhere = DreamFactory(persona=other, text="Mine")
    rows = [{"id": str(elsewhere.pk), "text": "Hijacked"} | change]
    response = owner_client.post(
        step_url(persona), formset("dreams", rows, initial=1) | no_pains()
    )
    # The formset only looks rows up among this persona's, so the other row is
    # never loaded, let alone changed or deleted. Editing it is explained as for
    # a row removed meanwhile; removing it removes nothing.
    assert response.status_code == status
    assert ("This row no longer exists" in response.text) is (status == 400)
    assert not persona.dreams.exists()
    elsewhere.refresh_from_db()
    assert (elsewhere.text, elsewhere.persona_id) == ("Mine", other.pk)


@pytest.mark.parametrize("add", ["red_flags", "nonsense"])
def test_add_on_another_step_only_grows_its_own_formset(owner_client, persona, add):
    page = owner_client.get(f"{step_url(persona, 'red_flags')}?add={add}").text
    assert total_forms(page, "red_flags") == (2 if add == "red_flags" else 1)


def as_shown(persona: Persona, **changes: dict) -> dict:
    """The dreams formset as the page posts it back untouched (with the positions
    it shows), plus some changes."""
    places = {
        dream.text: {"ORDER": str(number)}
        for number, dream in enumerate(persona.dreams.all(), start=1)
    }
    return existing_dreams(persona, **(places | changes)) | no_pains()


def sql_of(client, persona: Persona, data: dict) -> list[str]:
    """The SQL of the statements a step save sends, in their order."""
    with CaptureQueriesContext(connection) as queries:
        assert client.post(step_url(persona), data).status_code == 302
    return [query["sql"] for query in queries]


def writes_of(client, persona: Persona, data: dict) -> list[str]:
    """The kinds of the statements a step save writes with, in their order."""
    kinds = [sql.split()[0] for sql in sql_of(client, persona, data)]
    return [kind for kind in kinds if kind in {"INSERT", "UPDATE", "DELETE"}]


def test_a_step_whose_rows_did_not_change_writes_only_the_persona(
    owner_client, persona
):
    for position, text in enumerate(["Calm", "Weekends off"]):
        DreamFactory(persona=persona, text=text, position=position)
    assert writes_of(owner_client, persona, as_shown(persona)) == ["UPDATE"]


def test_removed_rows_go_in_one_statement(owner_client, persona):
    for position, text in enumerate(["Calm", "Weekends off", "A waiting list"]):
        DreamFactory(persona=persona, text=text, position=position)
    removed = {"ORDER": "", "DELETE": "on"}
    data = as_shown(persona, Calm=removed, **{"Weekends off": removed})
    # Rows that point at dreams (answers pinned to them) go in one more.
    statements = sql_of(owner_client, persona, data)
    dreams = [
        sql for sql in statements if sql.startswith('DELETE FROM "personas_dream"')
    ]
    assert len(dreams) == 1
    assert texts(persona) == ["A waiting list"]


def test_a_failed_save_keeps_none_of_its_row_changes(owner_client, persona):
    for text in ["Calm", "Weekends off"]:
        DreamFactory(persona=persona, text=text)
    data = existing_dreams(
        persona, Calm={"DELETE": "on"}, **{"Weekends off": {"text": "Sundays off"}}
    )
    save_rows = services._save_rows

    def save_then_fail(formset):
        save_rows(formset)
        raise DatabaseError("lost")

    with (
        patch("personas.services._save_rows", side_effect=save_then_fail),
        pytest.raises(DatabaseError),
    ):
        owner_client.post(step_url(persona), data | no_pains())
    assert texts(persona) == ["Calm", "Weekends off"]
    assert Persona.objects.get(pk=persona.pk).last_step == "who"


def test_a_row_removed_meanwhile_is_explained_and_the_typing_kept(
    owner_client, persona
):
    for position, text in enumerate(["Calm", "Weekends off"]):
        DreamFactory(persona=persona, text=text, position=position)
    data = as_shown(persona, Calm={"text": "Calm mornings"})
    persona.dreams.filter(text="Calm").delete()  # In another tab, say.
    response = owner_client.post(step_url(persona), data)
    assert response.status_code == 400
    assert "This row no longer exists" in response.text
    assert form_values(response.text)["dreams-0-text"] == ["Calm mornings"]
    assert texts(persona) == ["Weekends off"]


def shown_with_pains(persona: Persona) -> dict:
    """Both lists as the page posts them back untouched."""
    pains = [
        {"id": str(pain.pk), "text": pain.text, "intensity": str(pain.intensity)}
        for pain in persona.pains.all()
    ]
    return as_shown(persona) | formset("pains", pains, initial=len(pains))


def statements_of(client, persona: Persona, request: str) -> int:
    """The statements of showing the step, saving it as shown, or saving it as a
    draft (the worksheet script's save)."""
    url = step_url(persona)
    with CaptureQueriesContext(connection) as queries:
        if request == "show":
            response = client.get(url)
        elif request == "save":
            response = client.post(url, shown_with_pains(persona))
        else:
            response = client.post(url, shown_with_pains(persona) | {"autosave": "1"})
    assert response.status_code == (302 if request == "save" else 200)
    return len(queries)


@pytest.mark.parametrize("request_", ["show", "save", "draft"])
def test_each_row_of_a_step_costs_no_query(owner_client, persona, request_):
    for position in range(10):
        DreamFactory(persona=persona, text=f"Dream {position}", position=position)
        PainFactory(persona=persona, text=f"Pain {position}", position=position)
    ten = statements_of(owner_client, persona, request_)
    persona.dreams.filter(position__gte=1).delete()
    persona.pains.filter(position__gte=1).delete()
    assert statements_of(owner_client, persona, request_) == ten


def test_a_saved_list_shows_at_once_on_a_profile_seen_before(owner_client, persona):
    before = Persona.objects.get(pk=persona.pk).updated_at
    assert "Calm mornings" not in owner_client.get(persona.get_absolute_url()).text
    data = formset("dreams", [{"text": "Calm mornings"}]) | no_pains()
    assert owner_client.post(step_url(persona), data).status_code == 302
    persona.refresh_from_db()
    assert persona.last_step == "dreams_pains"
    assert persona.updated_at > before
    assert "Calm mornings" in owner_client.get(persona.get_absolute_url()).text


def moved(client, persona: Persona, move: str):
    data = as_shown(persona) | {"move": move}
    return client.post(step_url(persona), data)


@pytest.fixture
def three_dreams(persona):
    for position, text in enumerate(["Calm", "Weekends off", "A waiting list"]):
        DreamFactory(persona=persona, text=text, position=position)


@pytest.mark.parametrize(
    ("move", "order"),
    [
        ("dreams-2-up", ["Calm", "A waiting list", "Weekends off"]),
        ("dreams-0-down", ["Weekends off", "Calm", "A waiting list"]),
        ("dreams-0-up", ["Calm", "Weekends off", "A waiting list"]),
        ("dreams-2-down", ["Calm", "Weekends off", "A waiting list"]),
    ],
)
def test_a_move_button_saves_the_step_with_the_row_moved(
    owner_client, persona, three_dreams, move, order
):
    response = moved(owner_client, persona, move)
    assert response.status_code == 302
    assert response.url == f"{step_url(persona)}#dreams"
    assert texts(persona) == order


def test_a_move_counts_places_as_shown_not_as_posted(
    owner_client, persona, three_dreams
):
    data = as_shown(persona, Calm={"ORDER": "3"}, **{"A waiting list": {"ORDER": "1"}})
    owner_client.post(step_url(persona), data | {"move": "dreams-1-up"})
    # Shown: A waiting list, Weekends off, Calm; "Weekends off" goes up one.
    assert texts(persona) == ["Weekends off", "A waiting list", "Calm"]


@pytest.mark.parametrize(
    "move",
    [
        "nonsense",
        "dreams-x-up",
        "dreams-9-up",
        "dreams-0-sideways",
        "red_flags-0-up",
        "",
    ],
)
def test_a_move_that_names_no_row_saves_the_step_unmoved(
    owner_client, persona, three_dreams, move
):
    response = moved(owner_client, persona, move)
    assert response.status_code == 302
    assert "#" not in response.url or response.url.endswith("#dreams")
    assert texts(persona) == ["Calm", "Weekends off", "A waiting list"]


def test_each_row_has_labelled_move_and_remove_controls(owner_client, persona):
    DreamFactory(persona=persona, text="Calm")
    page = owner_client.get(step_url(persona)).text
    assert 'aria-label="Move dream 1 up"' in page
    assert 'aria-label="Move dream 1 down"' in page
    assert 'value="dreams-0-up"' in page
    assert 'Remove<span class="visually-hidden"> dream 1</span>' in page
    assert 'type="hidden" name="dreams-0-ORDER" value="1"' in page


def test_how_prospects_say_a_dream_or_pain_is_saved_one_phrase_per_line(
    owner_client, persona
):
    data = formset(
        "dreams",
        [{"text": "A full diary", "said_as": "Fully booked\n\nA waiting list"}],
    ) | formset(
        "pains",
        [{"text": "Admin", "intensity": "4", "said_as": "Drowning in paperwork"}],
    )
    assert owner_client.post(step_url(persona), data).status_code == 302
    assert persona.dreams.get().said_as == ["Fully booked", "A waiting list"]
    assert persona.pains.get().said_as == ["Drowning in paperwork"]
    page = owner_client.get(step_url(persona)).text
    assert form_values(page)["dreams-0-said_as"] == ["Fully booked\nA waiting list"]
    assert "How prospects say it" in page
    assert "one phrase per line" in page


def test_phrases_changed_on_the_rubric_meanwhile_are_a_conflict(owner_client, persona):
    dream = DreamFactory(persona=persona, text="A full diary", said_as=["Booked up"])
    page = form_values(owner_client.get(step_url(persona)).text)
    # The rubric editor saves phrases onto the dream (fitcheck's rubric versions).
    Dream.objects.filter(pk=dream.pk).update(said_as=["Booked up", "Waiting list"])
    page |= {"dreams-0-said_as": ["Booked up\nNo gaps"]}
    response = owner_client.post(step_url(persona), page)
    assert response.status_code == 409
    assert "Waiting list" in response.text
    assert form_values(response.text)["dreams-0-said_as"] == ["Booked up\nNo gaps"]


@pytest.mark.parametrize("request_", ["show", "save"])
def test_a_step_reads_each_list_once(owner_client, persona, request_):
    """The formsets use the rows the persona was loaded with, not a second read."""
    DreamFactory(persona=persona, text="Calm")
    PainFactory(persona=persona, text="Late invoices")
    url, data = step_url(persona), shown_with_pains(persona)
    with CaptureQueriesContext(connection) as queries:
        if request_ == "show":
            owner_client.get(url)
        else:
            owner_client.post(url, data)
    sql = [query["sql"] for query in queries]
    assert sum('FROM "personas_dream"' in s for s in sql) == 1
    assert sum('FROM "personas_pain"' in s for s in sql) == 1
