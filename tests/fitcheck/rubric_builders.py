"""What the rubric tests build: Maya, an active persona whose rubric is small enough to
score by hand, and contacts whose bands are known.

Maya's generated rubric: age 30–50 (5), location Leeds (10), language English (5),
the pain "Drowning in admin" (intensity 5: 15), the dream "Weekends off" (8), the red
flag "Calls at weekends" (-20) and the deal-breaker "Refuses to pay deposits": 43 of
positive weight. The contacts below know every fact, so their scores are exact.
"""

from accounts.models import Workspace
from fitcheck.criteria import Kind
from fitcheck.models import Contact, Criterion, Rubric
from personas.models import Persona
from tests.factories import (
    ContactFactory,
    DreamFactory,
    PainFactory,
    PersonaFactory,
    RedFlagFactory,
)


def make_maya(workspace: Workspace, **fields) -> Persona:
    persona = PersonaFactory(
        workspace=workspace,
        name="Maya",
        status=Persona.Status.ACTIVE,
        age_min=30,
        age_max=50,
        locations=["Leeds"],
        languages=["English"],
        **fields,
    )
    PainFactory(persona=persona, text="Drowning in admin", intensity=5)
    DreamFactory(persona=persona, text="Weekends off")
    RedFlagFactory(persona=persona, text="Calls at weekends", severity="warning")
    RedFlagFactory(
        persona=persona, text="Refuses to pay deposits", severity="deal_breaker"
    )
    return persona


KNOWN = {
    "languages": ["English"],
    "reported_pains": ["Drowning in admin"],
    "goals": ["Weekends off"],
}


def ideal_contact(workspace: Workspace, **fields) -> Contact:
    """Meets every criterion: 100, ideal."""
    values = KNOWN | {"age": 40, "location": "Leeds"} | fields
    return ContactFactory(workspace=workspace, **values)


def good_contact(workspace: Workspace, **fields) -> Contact:
    """Too old and hoping for something else: 30 of 43, 70, a good fit."""
    values = KNOWN | {"age": 60, "location": "Leeds", "goals": ["A bigger clinic"]}
    return ContactFactory(workspace=workspace, **(values | fields))


def poor_contact(workspace: Workspace, **fields) -> Contact:
    """Only the language fits: 5 of 43, 12, not a fit."""
    values = KNOWN | {
        "age": 60,
        "location": "York",
        "reported_pains": ["Back pain"],
        "goals": ["A bigger clinic"],
    }
    return ContactFactory(workspace=workspace, **(values | fields))


def unsure_contact(workspace: Workspace, **fields) -> Contact:
    """Only age and location known, both met: 15 of 43 known, 35 to 100, so it
    needs information."""
    values = {"age": 40, "location": "Leeds"} | fields
    return ContactFactory(workspace=workspace, **values)


def add_interest(draft: Rubric, interest: str, weight: float = 10) -> Criterion:
    """A criterion for an interest the persona does not name, in a draft rubric."""
    return Criterion.objects.create(
        rubric=draft,
        key=f"interest:{interest.casefold()}",
        label=f"Enjoys {interest.casefold()}",
        fact="interests",
        kind=Kind.CONTAINS,
        weight=weight,
        expected=[interest],
    )
