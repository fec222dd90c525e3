"""The rows scenarios measure, made through the apps' services and the ORM.

Every scenario works in a workspace of its own, `bench-<scenario>-<random>`, so
scenarios never see each other's rows, and `new_workspace` first deletes what
earlier runs of the same scenario left behind, so the bench database does not grow
from run to run. Tens of thousands of rows are bulk-created in batches of
`BATCH`; the scores among them are computed by the real scoring rules.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import batched

from django.db import connection
from django.db.models import Model
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from accounts.models import User, Workspace
from accounts.services import create_workspace
from fitcheck.models import Contact, FitScore, Rubric
from fitcheck.services.scores import fit_score_row
from personas import services as persona_services
from personas.models import (
    Dream,
    Education,
    FamilyStatus,
    Gender,
    IncomeBand,
    Pain,
    Persona,
    RedFlag,
)

BATCH = 5000
SUFFIX_CHARS = "abcdefghijkmnpqrstuvwxyz23456789"

WHO = {
    "age_min": 35,
    "age_max": 55,
    "genders": [Gender.WOMEN],
    "income_bands": [IncomeBand.FROM_60K, IncomeBand.FROM_100K],
    "family_statuses": [FamilyStatus.PARTNERED, FamilyStatus.PARENT_YOUNG],
    "education_levels": [Education.BACHELOR, Education.POSTGRADUATE],
    "occupations": ["Physiotherapist", "Osteopath"],
    "industries": ["Healthcare"],
    "company_size_min": 1,
    "company_size_max": 10,
    "locations": ["Leeds", "Manchester", "Remote"],
    "languages": ["English"],
    "values": ["Independence", "Doing right by patients"],
    "beliefs": ["Good work speaks for itself"],
    "lifestyle": ["Early riser, busy weekdays, protective of weekends"],
    "hobbies": ["Trail running", "Gardening"],
    "interests": ["Practice growth", "Wellbeing"],
    "personality_traits": ["Conscientious", "A little impatient"],
}
PERSONALITY = {
    "name": "Maya Hughes",
    "tagline": "Physio opening her own practice, anxious about the business side",
    "favourite_quote": "Done is better than perfect.",
    "favourite_meal": "Sunday roast with the whole family",
    "tv_shows": ["Grand Designs"],
    "brands": ["Patagonia", "Apple"],
    "car": "A sensible estate car with a bike rack",
    "authors": ["Brené Brown"],
    "blogs_and_podcasts": ["The Diary of a CEO"],
    "guilty_pleasures": ["Reality TV on a Friday night"],
    "other_details": "Two rescue dogs, flat white with oat milk.",
}
BE_THEM = {
    "buying_emotions": "Relieved that someone finally gets it, a little worried "
    "about the cost",
    "inner_conversation": "If I don't sort out the admin now, I'll be back working "
    "for someone else.",
    "their_words": ["I'm drowning in admin", "I just want to treat patients"],
    "keeps_them_up": "An empty diary next month.",
    "wants_peers_to_know": "That her practice is the one other physios refer to",
    "objections": ["Can I afford it right now?", "Will this take time I don't have?"],
}
PAINS = [
    ("Evenings lost to billing and admin", 5),
    ("Not enough of the right patients", 4),
    ("Unsure how to price her sessions", 3),
    ("No time to write for her website", 2),
]
DREAMS = [
    "A thriving practice with a waiting list of the right patients",
    "Weekends free for the family",
    "Being the physio other physios refer to",
]
RED_FLAGS = [
    ("Calls at weekends after agreeing to email", RedFlag.Severity.WARNING),
    ("Wants guaranteed results in two weeks", RedFlag.Severity.DEAL_BREAKER),
    ("Haggles over every invoice", RedFlag.Severity.WARNING),
]
OTHER_OCCUPATIONS = ["Student", "Retired teacher", "Software developer", "Chef"]
OTHER_INDUSTRIES = ["Retail", "Software", "Hospitality"]
OTHER_LOCATIONS = ["Lisbon", "Toronto", "Osaka"]
FIRST_NAMES = ["Amira", "Ben", "Carla", "Dev", "Elena", "Farid", "Grace", "Hugo"]
LAST_NAMES = ["Adler", "Brooks", "Costa", "Dubois", "Evans", "Fischer", "Ito"]
STAGES = [Contact.Stage.PROSPECT] * 5 + [Contact.Stage.CLIENT] * 3
STAGES += [Contact.Stage.PAST_CLIENT] * 2


@dataclass(frozen=True)
class Practice:
    """A scenario's workspace and its owner, who can log in to it."""

    owner: User
    workspace: Workspace


def new_workspace(scenario: str, *, superuser: bool = False) -> Practice:
    """A fresh workspace for `scenario`, after deleting its earlier ones."""
    prefix = slugify(f"bench {scenario}")
    forget(prefix)
    slug = f"{prefix}-{get_random_string(6, SUFFIX_CHARS)}"
    owner = User.objects.create_user(
        email=f"{slug}@example.com",
        is_staff=superuser,
        is_superuser=superuser,
    )
    return Practice(owner, create_workspace(owner=owner, name=slug))


def forget(prefix: str) -> None:
    """Delete the workspaces (and their owners) of earlier runs of a scenario."""
    Workspace.objects.filter(slug__startswith=f"{prefix}-").delete()
    User.objects.filter(email__startswith=f"{prefix}-").delete()


def full_persona(
    workspace: Workspace,
    *,
    pains: int = 3,
    dreams: int = 2,
    red_flags: int = 2,
    name: str = PERSONALITY["name"],
) -> Persona:
    """An active persona with every worksheet step filled in."""
    persona = persona_services.create_persona(
        workspace=workspace, name=name, kind=Persona.Kind.IDEAL
    )
    for field, value in {**WHO, **PERSONALITY, **BE_THEM, "name": name}.items():
        setattr(persona, field, value)
    persona.status = Persona.Status.ACTIVE
    persona.save()
    Pain.objects.bulk_create(
        Pain(
            persona=persona,
            position=position,
            text=text,
            intensity=intensity,
            already_tried="Spreadsheets, a part-time assistant",
            cause="Trained as a clinician, never as a business owner",
            our_answer="A simple weekly system set up in two sessions",
        )
        for position, (text, intensity) in enumerate(PAINS[:pains])
    )
    Dream.objects.bulk_create(
        Dream(persona=persona, position=position, text=text)
        for position, text in enumerate(DREAMS[:dreams])
    )
    RedFlag.objects.bulk_create(
        RedFlag(persona=persona, position=position, text=text, severity=severity)
        for position, (text, severity) in enumerate(RED_FLAGS[:red_flags])
    )
    persona_services.refresh_completeness(persona)
    return persona


def contact_batches(
    workspace: Workspace, count: int, *, first: int = 0
) -> Iterator[list[Contact]]:
    """Bulk-create `count` contacts with varied facts, numbered from `first`
    (for unique emails), a batch each time the next one is drawn. Some fit the
    persona of `full_persona`, some do not, and some facts are unknown."""
    rng = random.Random(first)
    for numbers in batched(range(first, first + count), BATCH):
        contacts = [_contact(rng, workspace, number) for number in numbers]
        yield Contact.objects.bulk_create(contacts)


def add_contacts(workspace: Workspace, count: int, *, first: int = 0) -> None:
    """`contact_batches` for when the contacts are not needed right away."""
    for _batch in contact_batches(workspace, count, first=first):
        pass


def add_scored_contacts(
    workspace: Workspace, rubrics: list[Rubric], count: int, *, first: int = 0
) -> None:
    """Contacts and their fit scores against each of `rubrics`, a batch at a
    time, each score computed by the scoring rules as a re-score would."""
    compiled = [(rubric, rubric.as_scoring()) for rubric in rubrics]
    for contacts in contact_batches(workspace, count, first=first):
        scores = [
            fit_score_row(rubric, rules, contact)
            for contact in contacts
            for rubric, rules in compiled
        ]
        for chunk in batched(scores, BATCH):
            FitScore.objects.bulk_create(chunk)


def vacuum_analyze(*models: type[Model]) -> None:
    """Tidy tables after a bulk load or delete, as autovacuum would given time:
    fresh planner statistics and a current visibility map."""
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"VACUUM ANALYZE {table}")


def _contact(rng: random.Random, workspace: Workspace, number: int) -> Contact:
    fit = rng.random()  # Higher: closer to the persona.
    return Contact(
        workspace=workspace,
        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {number}",
        email=f"contact{number}@example.com",
        company=f"Practice {number % 997}",
        stage=rng.choice(STAGES),
        source=Contact.Source.IMPORTED,
        age=None if rng.random() < 0.15 else rng.randint(18, 80),
        gender=_pick(rng, fit, WHO["genders"], Gender.values),
        income_band=_pick(rng, fit, WHO["income_bands"], IncomeBand.values),
        family_status=_pick(rng, fit, WHO["family_statuses"], FamilyStatus.values),
        education=_pick(rng, fit, WHO["education_levels"], Education.values),
        occupation=_pick(rng, fit, WHO["occupations"], OTHER_OCCUPATIONS),
        industry=_pick(rng, fit, WHO["industries"], OTHER_INDUSTRIES),
        company_size=None if rng.random() < 0.3 else rng.randint(1, 200),
        location=_pick(rng, fit, WHO["locations"], OTHER_LOCATIONS),
        languages=["English"] if rng.random() < 0.8 else ["Portuguese"],
        interests=_some(rng, fit, WHO["interests"] + WHO["hobbies"]),
        values=_some(rng, fit, WHO["values"]),
        reported_pains=_some(rng, fit, [text for text, _ in PAINS]),
        goals=_some(rng, fit, DREAMS),
        red_flags=[rng.choice(RED_FLAGS)[0]] if fit < 0.1 else [],
    )


def _pick(rng: random.Random, fit: float, wanted: list, others: list) -> str:
    if rng.random() < 0.15:
        return ""  # Unknown facts are part of real life.
    return rng.choice(wanted if fit > 0.4 else others)


def _some(rng: random.Random, fit: float, items: list[str]) -> list[str]:
    if rng.random() < 0.2:
        return []
    count = min(len(items), round(len(items) * fit * rng.random() * 1.5))
    return rng.sample(items, count)
