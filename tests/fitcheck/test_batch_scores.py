"""The batch re-score's fast path (values, not model instances; one upsert
statement a batch) stores exactly what scoring each contact on its own does."""

import pytest

from bench import data
from fitcheck.models import Contact, FitScore
from fitcheck.services import rubric_versions, scores
from tests.factories import UserFactory

# Everything a score row holds but its id and the moment it was computed.
COMPARED = [
    f.attname
    for f in FitScore._meta.concrete_fields
    if f.attname not in {"id", "computed_at"}
]


@pytest.fixture
def rubric(workspace):
    return rubric_versions.applied_rubric(persona=data.full_persona(workspace))


@pytest.fixture
def many(workspace):
    """Contacts with varied facts: some fit, some do not, some facts unknown."""
    data.add_contacts(workspace, 120)
    return list(Contact.objects.filter(workspace=workspace).order_by("pk"))


def stored_rows() -> dict[int, dict]:
    rows = FitScore.objects.values(*COMPARED)
    return {row["contact_id"]: row for row in rows}


def test_a_batch_rescore_stores_the_rows_scoring_each_contact_stores(
    rubric, many, monkeypatch
):
    for contact in many:
        scores.score_contact_now(contact=contact)
    one_by_one = stored_rows()
    FitScore.objects.all().delete()
    monkeypatch.setattr(scores, "BATCH_SIZE", 50)

    assert scores.rescore_contacts(rubric=rubric) == len(many)

    assert stored_rows() == one_by_one
    assert {row["band"] for row in one_by_one.values()} >= {"ideal", "not_a_fit"}


def test_score_unscored_stores_the_same_rows_as_a_rescore(workspace, rubric, many):
    scores.rescore_contacts(rubric=rubric)
    rescored = stored_rows()
    FitScore.objects.all().delete()

    assert scores.score_unscored(workspace_id=workspace.pk) == len(many)

    assert stored_rows() == rescored


def test_a_rescore_keeps_an_admins_override_and_review(rubric, many):
    scores.rescore_contacts(rubric=rubric)
    admin = UserFactory()
    reviewed = FitScore.objects.filter(contact=many[0])
    reviewed.update(
        band_override="ideal",
        override_reason="Met her: a perfect fit",
        overridden_by=admin,
        reviewed=True,
    )

    scores.rescore_contacts(rubric=rubric)

    assert list(
        reviewed.values_list(
            "band_override", "override_reason", "overridden_by", "reviewed"
        )
    ) == [("ideal", "Met her: a perfect fit", admin.pk, True)]


def test_facts_read_as_values_are_the_contacts_scoring_facts(many):
    rows = Contact.objects.order_by("pk").values(*scores.FACT_FIELDS)
    for contact, row in zip(many, rows, strict=True):
        assert Contact.facts_from(row) == contact.scoring_facts()
