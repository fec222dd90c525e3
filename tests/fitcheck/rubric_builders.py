"""What the rubric tests build: Maya, an active persona whose rubric is small enough to
score by hand, and contacts whose bands are known.

Maya's generated rubric: age 30–50 (10), location Leeds (10), language English (10),
the pain "Drowning in admin" (intensity 5: 20), the dream "Weekends off" (6), the red
flag "Calls at weekends" (-15) and the deal-breaker "Refuses to pay deposits".
"""

from accounts.models import Workspace
from fitcheck.models import Contact
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


def ideal_contact(workspace: Workspace, **fields) -> Contact:
    """Meets age, location and language (the rest unknown): 100, ideal."""
    values = {"age": 40, "location": "Leeds", "languages": ["English"]} | fields
    return ContactFactory(workspace=workspace, **values)


def good_contact(workspace: Workspace, **fields) -> Contact:
    """Too old, but in Leeds and English-speaking: 20 of 30, 67, a good fit."""
    values = {"age": 60, "location": "Leeds", "languages": ["English"]} | fields
    return ContactFactory(workspace=workspace, **values)


def poor_contact(workspace: Workspace, **fields) -> Contact:
    """Only the language fits: 10 of 30, 33, not a fit."""
    values = {"age": 60, "location": "York", "languages": ["English"]} | fields
    return ContactFactory(workspace=workspace, **values)
