"""Criteria labels the rubric generates from ordinary persona text fit their
column: a persona with many values or long pains opens its rubric pages (500s
before: value too long for type character varying(300))."""

import pytest
from django.urls import reverse

from fitcheck import criteria
from fitcheck.criteria_from_persona import criteria_for
from fitcheck.forms import CriterionFormSet
from fitcheck.models import Criterion
from fitcheck.services import rubric_versions
from tests.factories import PainFactory
from tests.fitcheck.rubric_builders import make_maya

BELIEFS = [
    "Everyone deserves care that treats the whole person",
    "Prevention is better than any cure we could sell",
    "Small practices know their patients by name",
    "Evidence first, fashions never, whatever the season",
    "Time spent listening is never time wasted",
    "Fair prices, said up front, build trust for years",
    "Good work is done at a sustainable pace",
]


def test_a_long_list_of_values_makes_a_label_that_fits_cut_at_a_word():
    (spec,) = criteria_for({"beliefs": BELIEFS})
    assert len(spec.label) <= criteria.LABEL_LENGTH
    assert spec.label.startswith("Values: Everyone deserves care")
    assert spec.label.endswith("…")
    assert spec.label.removesuffix("…").rstrip(" ,") in ", ".join(
        ["Values: " + BELIEFS[0], *BELIEFS[1:]]
    )
    assert spec.expected == tuple(BELIEFS)


def test_a_pain_at_its_longest_makes_a_label_that_fits():
    sentence = ("Spends every evening chasing unpaid invoices " * 8)[:300].strip()
    (spec,) = criteria_for({"pains": [{"text": sentence, "intensity": 4}]})
    assert len(spec.label) <= criteria.LABEL_LENGTH
    assert spec.label.startswith("Has the pain “Spends every evening")
    assert spec.expected[0] == sentence


@pytest.fixture
def believer(workspace):
    persona = make_maya(workspace, beliefs=BELIEFS, values=["Honesty", "Craft"])
    PainFactory(persona=persona, text="Admin " * 50, intensity=3)
    return persona


@pytest.mark.parametrize("name", ["fitcheck:rubric", "fitcheck:rubric_edit"])
def test_the_rubric_pages_of_a_persona_with_many_values_open(
    owner_client, believer, name
):
    response = owner_client.get(reverse(name, args=[believer.pk]))
    assert response.status_code == 200
    assert "Values: Honesty, Craft, Everyone deserves care" in response.content.decode()


def test_the_intake_settings_with_a_persona_of_many_values_open(owner_client, believer):
    data = {"persona": believer.pk, "title": "Shall we?", "published": "on"}
    data |= {"intro": "", "good_fit_message": "Hi", "poor_fit_message": "Bye"}
    assert (
        owner_client.post(reverse("fitcheck:intake_settings"), data).status_code == 302
    )
    assert owner_client.get(reverse("fitcheck:intake_settings")).status_code == 200


def test_editing_the_terms_of_a_long_label_keeps_it_fitting_and_in_step(believer):
    draft = rubric_versions.start_draft(persona=believer)
    values = draft.criteria.get(key="values")
    forms = CriterionFormSet(queryset=draft.criteria.all())
    data = {
        "form-TOTAL_FORMS": str(len(forms.forms)),
        "form-INITIAL_FORMS": str(len(forms.forms)),
    }
    for index, form in enumerate(forms.forms):
        data[f"form-{index}-id"] = str(form.instance.pk)
        for name, value in form.initial.items():
            if name in form.fields and name != "id":
                value = "\n".join(value) if isinstance(value, list) else value
                data[f"form-{index}-{name}"] = "" if value is None else str(value)
        if form.instance.pk == values.pk:
            data[f"form-{index}-expected"] = "Honesty\nKindness"
    edited = CriterionFormSet(data, queryset=draft.criteria.all())
    assert edited.is_valid(), edited.errors
    edited.save()
    assert Criterion.objects.get(pk=values.pk).label == "Values: Honesty, Kindness"
