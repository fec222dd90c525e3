"""The intake is not easy to game: ticking everything, or every pain and goal, does
not make a prospect an ideal fit with the booking link. On the demo data: Amara's
page, with the anti-persona Victor in the workspace."""

import pytest
from django.urls import reverse

from accounts.demo import DemoContext
from fitcheck.intake_drafting import Counts, QuestionKind
from fitcheck.intake_form import intake_form_for
from fitcheck.models import FitScore, IntakePage
from personas import demo
from personas.models import Persona

BOOKING = "https://cal.example.com/amara"
FORM = reverse("fitcheck:intake", args=["harbour-lane"])
RESULT = reverse("fitcheck:intake_result", args=["harbour-lane"])
REPLY = {"name": "Gail Gamer", "email": "gail@example.com"}
# Every other question answered just as Amara would answer it.
AS_AMARA = {
    "age": "40",
    "gender": "women",
    "location": "Bristol",
    "occupation": "Physiotherapist",
    "industry": "Private healthcare",
    "company_size": "3",
}


@pytest.fixture
def page(workspace):
    demo.seed(DemoContext(write=lambda line: None, site_url="", workspace=workspace))
    return IntakePage.objects.create(
        workspace=workspace,
        persona=Persona.objects.get(workspace=workspace, name="Amara"),
        published=True,
        booking_url=BOOKING,
    )


def boxes(page: IntakePage, *, facts=None, counts=None) -> dict[str, list[str]]:
    """Every tick box the prospect sees (of `facts`; that `counts` so)."""
    ticked = {}
    for asked in intake_form_for(page).asked:
        question = asked.question
        if question.kind is not QuestionKind.MANY:
            continue
        if facts is not None and question.fact not in facts:
            continue
        ticked[asked.name] = [
            o.value
            for o in question.options
            if not o.hidden
            and o.counts is not Counts.NONE
            and (counts is None or o.counts in counts)
        ]
    return ticked


def band_and_result(client, answers) -> tuple[str, str]:
    assert client.post(FORM, {**REPLY, **answers}).status_code == 302
    return FitScore.objects.get().band, client.get(RESULT).text


def test_ticking_every_box_is_no_ideal_or_good_fit(client, page):
    ticked = boxes(page)
    assert set(ticked) == {"reported_pains", "goals"}
    band, result = band_and_result(client, {**AS_AMARA, **ticked})
    assert band not in ("ideal", "good")
    assert BOOKING not in result


def test_ticking_every_pain_and_goal_box_is_no_ideal_100_with_the_booking_link(
    client, page
):
    band, result = band_and_result(
        client, boxes(page, facts={"reported_pains", "goals"})
    )
    fit = FitScore.objects.get()
    assert (band, fit.score) != ("ideal", 100)
    assert BOOKING not in result


def test_even_knowing_which_boxes_count_ticking_only_those_says_too_little(
    client, page
):
    ticked = boxes(page, facts={"reported_pains", "goals"}, counts={Counts.FOR})
    band, result = band_and_result(client, ticked)
    assert band == "needs_information"
    assert BOOKING not in result
    assert "We will be in touch" in result
