"""Personas as JSON: export, import, and the files import refuses."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from personas import transfer
from personas.completeness import overall_percent
from personas.models import Dream, Pain, Persona, RedFlag
from personas.transfer import ImportProblem, export_document, import_document
from tests.personas.builders import data_of

IMPORT = reverse("personas:import")


def exported(persona: Persona) -> dict:
    """An export as another site would read it: through JSON text."""
    fresh = Persona.objects.with_parts().get(pk=persona.pk)
    return json.loads(json.dumps(export_document(fresh)))


def document(**persona) -> dict:
    return {
        "format": transfer.FORMAT,
        "version": transfer.FORMAT_VERSION,
        "persona": {"name": "Maya", **persona},
    }


def problems_with(doc: object) -> list[str]:
    with pytest.raises(ImportProblem) as caught:
        import_document(doc, workspace=None)
    return caught.value.problems


def test_an_export_names_its_format_and_version(maya):
    doc = exported(maya)
    assert (doc["format"], doc["version"]) == ("ideal-customer.persona", 1)
    assert doc["exported_at"]
    assert doc["persona"]["name"] == "Maya"


def test_an_export_lists_the_parts_in_order_without_database_ids(maya):
    parts = exported(maya)["persona"]
    assert [dream["text"] for dream in parts["dreams"]] == [
        "A waiting list of the right patients",
        "Weekends off",
    ]
    assert set(parts["pains"][0]) == {
        "text",
        "said_as",
        "intensity",
        "already_tried",
        "cause",
        "our_answer",
    }
    assert parts["red_flags"][1] == {
        "text": "Haggles on price",
        "severity": "deal_breaker",
    }


def test_how_prospects_say_a_pain_travels_with_it(maya, other_workspace):
    pains = exported(maya)["persona"]["pains"]
    assert pains[0]["said_as"] == ["Drowning in paperwork", "Invoicing at midnight"]
    copy = import_document(exported(maya), workspace=other_workspace)
    assert copy.pains.order_by("position").first().said_as == pains[0]["said_as"]


def test_export_then_import_brings_back_every_field_and_part(maya, other_workspace):
    copy = import_document(exported(maya), workspace=other_workspace)
    assert copy.workspace == other_workspace
    assert data_of(copy) == data_of(maya) | {"status": "draft"}


def test_an_import_is_a_new_draft_of_its_own(maya, workspace):
    copy = import_document(exported(maya), workspace=workspace)
    assert copy.pk != maya.pk
    assert copy.status == Persona.Status.DRAFT
    assert (copy.version, copy.based_on) == (1, None)
    assert copy.lineage != maya.lineage
    assert list(copy.pains.values_list("position", flat=True)) == [0, 1]
    assert Persona.objects.filter(workspace=workspace).count() == 2
    maya.refresh_from_db()
    assert maya.status == Persona.Status.ACTIVE


def test_a_minimal_document_imports_with_defaults(workspace):
    persona = import_document(document(), workspace=workspace)
    assert (persona.name, persona.kind, persona.genders) == ("Maya", "ideal", [])
    assert not persona.dreams.exists()


@pytest.mark.parametrize(
    ("doc", "problem"),
    [
        ([], "The file is not a persona export (expected a JSON object)."),
        ("Maya", "The file is not a persona export (expected a JSON object)."),
        (
            {"format": "something-else", "version": 1, "persona": {}},
            'This is not a persona export: "format" must be "ideal-customer.persona".',
        ),
        (
            {"format": "ideal-customer.persona", "version": 2, "persona": {}},
            "This file uses format version 2; this site reads version 1.",
        ),
        (
            {"format": "ideal-customer.persona", "persona": {}},
            "This file uses format version None; this site reads version 1.",
        ),
        (
            {"format": "ideal-customer.persona", "version": 1, "persona": ["Maya"]},
            '"persona" must be an object with the persona\'s fields.',
        ),
    ],
)
def test_a_file_that_is_not_a_persona_export_is_refused(db, doc, problem):
    assert problems_with(doc) == [problem]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"nickname": "M", "id": 3}, "Unknown fields: id, nickname."),
        ({"name": ""}, "persona, name: This field cannot be blank."),
        ({"kind": "villain"}, "persona, kind: Value 'villain' is not a valid choice."),
        (
            {"genders": ["aliens"]},
            "persona, genders: Item 1 in the array did not validate: "
            "Value 'aliens' is not a valid choice.",
        ),
        ({"genders": "women"}, "persona, genders: must be a list of texts."),
        ({"genders": 5}, "persona, genders: must be a list of texts."),
        ({"genders": None}, "persona, genders: must be a list of texts."),
        ({"occupations": {"a": 1}}, "persona, occupations: must be a list of texts."),
        (
            {"occupations": ["Nurse", 3]},
            "persona, occupations: must be a list of texts.",
        ),
        ({"tagline": None}, "persona, tagline: must be a text."),
        ({"name": 42}, "persona, name: must be a text."),
        ({"name": "Ma\x00ya"}, "persona, name: must not contain NUL characters."),
        ({"age_min": "old"}, "persona, age_min: must be a whole number."),
        ({"age_min": 1.5}, "persona, age_min: must be a whole number."),
        ({"age_min": True}, "persona, age_min: must be a whole number."),
        (
            {"age_min": 130},
            "persona, age_min: Ensure this value is less than or equal to 120.",
        ),
        (
            {"age_min": 60, "age_max": 30},
            "persona: The oldest age must not be below the youngest.",
        ),
        (
            {"company_size_min": 50, "company_size_max": 10},
            "persona: The largest company size must not be below the smallest.",
        ),
        (
            {"invite_home": "maybe"},
            "persona, invite_home: Value 'maybe' is not a valid choice.",
        ),
    ],
)
def test_a_persona_with_bad_fields_is_refused_with_a_readable_problem(
    db, fields, problem
):
    assert problems_with(document(**fields)) == [problem]


@pytest.mark.parametrize(
    ("parts", "problem"),
    [
        ({"dreams": "Calm"}, '"dreams" must be a list of at most 30 items.'),
        ({"dreams": None}, '"dreams" must be a list of at most 30 items.'),
        (
            {"dreams": [{"text": f"Dream {n}"} for n in range(31)]},
            '"dreams" must be a list of at most 30 items.',
        ),
        ({"dreams": ["Calm"]}, "dreams #1: expected an object with text, said_as."),
        (
            {"dreams": [{"text": "Calm", "position": 1}]},
            "dreams #1: expected an object with text, said_as.",
        ),
        (
            {"dreams": [{"text": "Calm", "said_as": "peace and quiet"}]},
            "dreams #1, said_as: must be a list of texts.",
        ),
        (
            {"pains": [{"text": "Admin", "said_as": ["Paperwork", "x" * 301]}]},
            "pains #1, said_as: Item 2 in the array did not validate: Ensure this "
            "value has at most 300 characters (it has 301).",
        ),
        ({"dreams": [{"text": ""}]}, "dreams #1, text: This field cannot be blank."),
        ({"dreams": [{"text": None}]}, "dreams #1, text: must be a text."),
        (
            {"pains": [{"text": "Admin", "intensity": 9}]},
            "pains #1, intensity: Ensure this value is less than or equal to 5.",
        ),
        (
            {"pains": [{"text": "Admin", "intensity": 0}]},
            "pains #1, intensity: Ensure this value is greater than or equal to 1.",
        ),
        (
            {"pains": [{"text": "Admin", "intensity": "4"}]},
            "pains #1, intensity: must be a whole number.",
        ),
        (
            {"pains": [{"text": "Admin", "cause": None}]},
            "pains #1, cause: must be a text.",
        ),
        (
            {"red_flags": [{"text": "Haggles"}, {"text": "Late", "severity": "meh"}]},
            "red_flags #2, severity: Value 'meh' is not a valid choice.",
        ),
    ],
)
def test_bad_parts_are_refused_with_their_number(db, parts, problem):
    assert problems_with(document(**parts)) == [problem]


def test_as_many_parts_as_the_worksheet_takes_are_fine(workspace):
    dreams = [{"text": f"Dream {n}"} for n in range(30)]
    persona = import_document(document(dreams=dreams), workspace=workspace)
    assert persona.dreams.count() == 30


def test_every_problem_is_listed_at_once(db):
    doc = document(
        name="",
        shoe_size=40,
        genders="women",
        pains=[{"text": "Admin", "intensity": 9}],
        red_flags=[{"text": "Late", "severity": "meh"}],
    )
    assert len(problems_with(doc)) == 5


def test_a_refused_file_creates_nothing(workspace):
    doc = document(dreams=[{"text": "Calm"}], pains=[{"text": "Admin", "intensity": 9}])
    with pytest.raises(ImportProblem):
        import_document(doc, workspace=workspace)
    assert not Persona.objects.exists()
    assert not Dream.objects.exists()


# Through the import view.


def upload(content: bytes, name: str = "persona.json") -> dict:
    return {"file": SimpleUploadedFile(name, content, content_type="application/json")}


def test_importing_an_exported_file_creates_a_draft_and_opens_it(
    maya, outsider_client, other_workspace
):
    content = json.dumps(exported(maya)).encode()
    response = outsider_client.post(IMPORT, upload(content), follow=True)
    copy = Persona.objects.get(workspace=other_workspace)
    assert response.redirect_chain == [(copy.get_absolute_url(), 302)]
    assert "Maya was imported as a draft." in response.text
    assert copy.dreams.count() == 2


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "The file is not valid JSON."),
        ('{"name": "René"}'.encode("latin-1"), "The file is not text (UTF-8)."),
        (b"\xff\xfe\x00", "The file is not text (UTF-8)."),
        (b"[1, 2]", "The file is not a persona export (expected a JSON object)."),
        (b"", "The submitted file is empty."),
    ],
    ids=["invalid-json", "latin-1", "binary", "a-list", "empty"],
)
def test_a_bad_file_is_refused_with_its_problem_and_creates_nothing(
    owner_client, content, problem
):
    response = owner_client.post(IMPORT, upload(content))
    assert response.status_code == 400
    assert problem in response.text
    assert not Persona.objects.exists()


def test_every_problem_of_a_file_is_listed_on_the_page(owner_client):
    content = json.dumps(document(kind="villain", genders="women")).encode()
    response = owner_client.post(IMPORT, upload(content))
    assert response.status_code == 400
    assert "We couldn't import this file" in response.text
    assert "persona, kind: Value &#x27;villain&#x27; is not a valid choice." in (
        response.text
    )
    assert "persona, genders: must be a list of texts." in response.text
    assert not Persona.objects.exists()


def test_a_refused_part_leaves_no_persona_behind(owner_client):
    content = json.dumps(
        document(dreams=[{"text": "Calm"}], red_flags=[{"text": ""}])
    ).encode()
    assert owner_client.post(IMPORT, upload(content)).status_code == 400
    assert not Persona.objects.exists()
    assert not RedFlag.objects.exists()
    assert not Pain.objects.exists()


def test_an_imported_persona_knows_how_complete_it_is(maya, other_workspace):
    copy = import_document(exported(maya), workspace=other_workspace)
    copy.refresh_from_db()
    assert copy.completeness == overall_percent(data_of(maya)) == 100
