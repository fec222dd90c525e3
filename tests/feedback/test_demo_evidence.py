"""The demo tells the evidence story: confirmed pains with pinned quotes, an
assumption, and answers the persona misses; the same after a second run."""

import io

import pytest
from django.core.management import call_command

from feedback import misses, queries
from feedback.demo import VALIDATION_TITLE
from feedback.models import PinnedAnswer, Survey
from personas import profile
from personas.models import Persona


def seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_demo_persona_has_confirmed_pains_an_assumption_and_misses():
    seed()
    seed()  # A second run makes the same, not twice as much.
    assert Survey.objects.filter(title=VALIDATION_TITLE).count() == 1
    assert PinnedAnswer.objects.count() == 3
    amara = Persona.objects.with_parts().get(name="Amara", version=1)
    evidence = profile.part_evidence(amara, with_quotes=True)
    pains = {text: found for (kind, text), found in evidence.items() if kind == "pain"}
    assert not pains["Admin swallows her evenings"].assumption
    assert pains["Admin swallows her evenings"].quotes
    assert pains["Making every decision alone"].assumption
    assert pains["Making every decision alone"].quotes
    parts = [(p.text, *p.said_as) for p in (*amara.pains.all(), *amara.dreams.all())]
    found = misses.misses(queries.validation_texts(amara), parts)
    assert found.groups[0].answers == 2
    assert found.unmatched >= 4
