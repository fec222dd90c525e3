"""Demo data of the fit check: a few hundred contacts with varied fit, their
scores, and the published intake page."""

import random
import zlib
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.demo import register
from fitcheck.models import ClientSnapshot, Contact, IntakePage
from fitcheck.services import rubric_versions, scores, snapshots
from personas.models import Education, FamilyStatus, Gender, IncomeBand, Persona

CONTACTS = 300
FIRST_NAMES = [
    "Amira",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kemi",
    "Liam",
    "Mei",
    "Noor",
    "Oscar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tess",
]
LAST_NAMES = [
    "Adler",
    "Brooks",
    "Costa",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Hughes",
    "Ito",
    "Jensen",
    "Khan",
    "Lopez",
    "Moreau",
    "Novak",
    "Okafor",
    "Patel",
]
OTHER_OCCUPATIONS = ["Student", "Retired teacher", "Software developer", "Chef"]
OTHER_LOCATIONS = ["Lisbon", "Toronto", "Osaka", "Remote"]
STAGE_WEIGHTS = {
    Contact.Stage.PROSPECT: 5,
    Contact.Stage.CLIENT: 3,
    Contact.Stage.PAST_CLIENT: 2,
}


@register
def seed(context) -> None:
    workspace = context.workspace
    personas = list(
        Persona.objects.for_workspace(workspace)
        .with_parts()
        .filter(status=Persona.Status.ACTIVE)
        .exclude(kind=Persona.Kind.ANTI)
        .order_by("pk")
    )
    if not personas:
        return
    rubrics = [rubric_versions.applied_rubric(persona=persona) for persona in personas]
    _create_contacts(workspace, personas)
    for rubric in rubrics:
        scores.rescore_contacts(rubric=rubric)
    _keep_client_bands(workspace)
    page = _publish_intake(workspace, personas[0])
    context.write(f"intake page: {context.site_url}{page.get_absolute_url()}")


def _create_contacts(workspace, personas: list[Persona]) -> None:
    # A fixed seed makes every run produce the same people, so a second run
    # finds them all present and adds nothing.
    rng = random.Random(2026)
    contacts = [
        _contact(rng, number, workspace, rng.choice(personas))
        for number in range(CONTACTS)
    ]
    Contact.objects.bulk_create(contacts, ignore_conflicts=True)


def _contact(rng: random.Random, number: int, workspace, persona: Persona) -> Contact:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    fit = rng.random()  # Higher: closer to the persona.
    return Contact(
        workspace=workspace,
        name=f"{first} {last}",
        email=f"demo.contact{number}@example.com",
        stage=rng.choices(list(STAGE_WEIGHTS), weights=STAGE_WEIGHTS.values())[0],
        source=Contact.Source.IMPORTED,
        age=_age(rng, persona, fit),
        gender=_pick(rng, persona.genders, Gender.values, fit),
        income_band=_pick(rng, persona.income_bands, IncomeBand.values, fit),
        family_status=_pick(rng, persona.family_statuses, FamilyStatus.values, fit),
        education=_pick(rng, persona.education_levels, Education.values, fit),
        occupation=_pick(rng, persona.occupations, OTHER_OCCUPATIONS, fit),
        location=_pick(rng, persona.locations, OTHER_LOCATIONS, fit),
        languages=["English"] if rng.random() < 0.8 else ["Portuguese"],
        interests=_some(rng, persona.interests, fit),
        values=_some(rng, persona.values, fit),
        reported_pains=_some(rng, [p.text for p in persona.pains.all()], fit),
        goals=_some(rng, [d.text for d in persona.dreams.all()], fit),
        red_flags=_flags(rng, persona, fit),
    )


def _age(rng: random.Random, persona: Persona, fit: float) -> int | None:
    if rng.random() < 0.15:
        return None  # Unknown facts are part of real life.
    low, high = persona.age_min or 25, persona.age_max or 65
    return rng.randint(low, high) if fit > 0.35 else rng.randint(18, 80)


def _pick(rng: random.Random, wanted, others, fit: float) -> str:
    if rng.random() < 0.15:
        return ""
    if wanted and fit > 0.4:
        return rng.choice(list(wanted))
    return rng.choice(list(others))


def _some(rng: random.Random, items: list[str], fit: float) -> list[str]:
    if not items or rng.random() < 0.2:
        return []
    count = max(0, round(len(items) * fit * rng.random() * 1.5))
    return rng.sample(items, min(count, len(items)))


def _flags(rng: random.Random, persona: Persona, fit: float) -> list[str]:
    flags = [flag.text for flag in persona.red_flags.all()]
    if flags and fit < 0.2:
        return [rng.choice(flags)]
    return []


def _keep_client_bands(workspace) -> None:
    """The band each client had when they became one, on a day of the past year
    (the same day for every persona, drawn from their address so each run agrees
    with the last); clients kept on an earlier run keep theirs."""
    kept = snapshots.keep_client_bands(
        contacts=Contact.objects.for_workspace(workspace)
    )
    if not kept:
        return
    fresh = ClientSnapshot.objects.for_workspace(workspace).filter(
        taken_at__gte=timezone.now() - timedelta(minutes=5)
    )
    clients = Contact.objects.for_workspace(workspace).clients()
    emails = dict(clients.values_list("pk", "email"))
    rows = list(fresh.only("pk", "contact_id", "taken_at"))
    for row in rows:
        row.taken_at = became_client_on(emails.get(row.contact_id, ""))
    ClientSnapshot.objects.bulk_update(rows, ["taken_at"])


def became_client_on(email: str) -> datetime:
    """A day 20 to 365 days ago, always the same for the same address."""
    return timezone.now() - timedelta(days=20 + zlib.crc32(email.encode()) % 346)


def _publish_intake(workspace, persona: Persona) -> IntakePage:
    page, _ = IntakePage.objects.update_or_create(
        workspace=workspace,
        defaults={
            "persona": persona,
            "published": True,
            "booking_url": "https://example.com/book-a-call",
            "referrals": "The Practice Growth Collective https://example.com/collective\n"
            "Your local small-business advice service",
        },
    )
    return page
