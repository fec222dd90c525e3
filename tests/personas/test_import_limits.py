"""The persona import holds a file to the worksheet's limits (list lengths, text
lengths, types) and answers anything else with a 400 and a message: before, a
deeply nested file (RecursionError) and a 5,000-digit number (ValueError) were
500s, and a list of 100,000 values was imported and broke the rubric pages."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from personas import transfer
from personas.models import Persona
from personas.transfer import ImportProblem, import_document

IMPORT = reverse("personas:import")
CHOICE = reverse("personas:import_choice")


def document(**persona) -> dict:
    return {
        "format": transfer.FORMAT,
        "version": transfer.FORMAT_VERSION,
        "persona": {"name": "Maya", **persona},
    }


def text_of(**persona) -> str:
    return json.dumps(document(**persona))


def upload(text: str) -> dict:
    content = text.encode("utf-8", "surrogatepass")
    return {"file": SimpleUploadedFile("p.json", content, "application/json")}


def problems_with(doc: object) -> list[str]:
    with pytest.raises(ImportProblem) as caught:
        import_document(doc, workspace=None)
    return caught.value.problems


NESTED = '{"format": ' + "[" * 100_000 + "]" * 100_000 + "}"
HUGE_NUMBER = text_of(age_min=0).replace('"age_min": 0', '"age_min": ' + "9" * 5000)
LONE_SURROGATE = text_of(tagline="x").replace('"x"', '"\\ud800"')


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (NESTED, "nested too deeply"),
        (HUGE_NUMBER, "a number too long"),
        (LONE_SURROGATE, "not text (UTF-8)"),
        ("[" * 30 + "]" * 30, "nested too deeply"),
    ],
    ids=["nested", "huge-number", "lone-surrogate", "nested-in-limits"],
)
def test_a_file_python_cannot_read_is_refused(text, problem):
    with pytest.raises(ImportProblem) as caught:
        transfer.read_document(text)
    assert problem in " ".join(caught.value.problems)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (NESTED, "nested too deeply"),
        (HUGE_NUMBER, "a number too long"),
        (LONE_SURROGATE, "not text (UTF-8)"),
        (text_of(values=["Honesty"] * 0 + [f"V{n}" for n in range(100_000)]), "30"),
    ],
    ids=["nested", "huge-number", "lone-surrogate", "long-list"],
)
def test_the_import_page_answers_400_with_the_problem(owner_client, text, problem):
    response = owner_client.post(IMPORT, upload(text))
    assert response.status_code == 400
    assert problem in response.text
    assert not Persona.objects.exists()


def test_the_choice_page_answers_400_for_a_document_it_cannot_read(owner_client):
    response = owner_client.post(CHOICE, {"choice": "persona", "document": NESTED})
    assert response.status_code == 400
    assert "nested too deeply" in response.text


@pytest.mark.parametrize(
    ("persona", "problem"),
    [
        ({"values": [f"V{n}" for n in range(31)]}, "persona, values: at most 30"),
        (
            {"dreams": [{"text": "Calm", "said_as": [f"p{n}" for n in range(31)]}]},
            "dreams #1, said_as: at most 30",
        ),
        ({"dreams": [{"text": f"D{n}"} for n in range(31)]}, "at most 30 items"),
        ({"values": ["x" * 201]}, "persona, values"),
        ({"values": ["ok\x00"]}, "must be a list of texts"),
    ],
)
def test_lists_are_held_to_the_worksheets_limits(db, persona, problem):
    problems = problems_with(document(**persona))
    assert problem in " ".join(problems)


def test_lists_at_the_worksheets_limits_are_imported(workspace):
    persona = import_document(
        document(
            values=[f"Value {n}" for n in range(30)],
            dreams=[{"text": f"D{n}", "said_as": ["a"] * 1} for n in range(30)],
        ),
        workspace=workspace,
    )
    assert len(persona.values) == 30
    assert persona.dreams.count() == 30
