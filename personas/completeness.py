"""How complete a persona is, and the method's three questions.

Pure rules: they read the persona in its export shape (a plain dict, see
`personas/transfer.py`), so they need no database and are tested alone.

Each worksheet step has a list of checks; a step's completeness is the share of its
checks that pass, and the persona's is the share of all checks. The review step has
no checks of its own.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

Data = Mapping[str, object]

# A pain this intense or more is a "top pain" the offer must answer.
TOP_PAIN_INTENSITY = 4
# "Do you know who they are?" is a yes from this share of the "who" checks.
KNOW_WHO_THRESHOLD = 0.7


def _filled(*fields: str) -> Callable[[Data], bool]:
    return lambda data: any(_has(data.get(field)) for field in fields)


def _has(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return any(_has(item) for item in value)
    return value is not None


def _top_pains(data: Data) -> list[Mapping]:
    pains = [pain for pain in data.get("pains", []) if _has(pain.get("text"))]
    top = [pain for pain in pains if pain.get("intensity", 0) >= TOP_PAIN_INTENSITY]
    if top or not pains:
        return top
    strongest = max(pain.get("intensity", 0) for pain in pains)
    return [pain for pain in pains if pain.get("intensity", 0) == strongest]


def _unanswered_top_pains(data: Data) -> list[str]:
    return [p["text"] for p in _top_pains(data) if not _has(p.get("our_answer"))]


def _has_parts(name: str) -> Callable[[Data], bool]:
    return lambda data: any(_has(part.get("text")) for part in data.get(name, []))


def _pains_have(field: str) -> Callable[[Data], bool]:
    def check(data: Data) -> bool:
        pains = [p for p in data.get("pains", []) if _has(p.get("text"))]
        return bool(pains) and all(_has(pain.get(field)) for pain in pains)

    return check


@dataclass(frozen=True)
class Check:
    label: str
    passes: Callable[[Data], bool]


STEPS: dict[str, tuple[str, tuple[Check, ...]]] = {
    "who": (
        "Who they are",
        (
            Check("An age range", _filled("age_min", "age_max")),
            Check("Gender", _filled("genders")),
            Check("Income band", _filled("income_bands")),
            Check("Family situation", _filled("family_statuses")),
            Check("Education", _filled("education_levels")),
            Check("Occupation, role or industry", _filled("occupations", "industries")),
            Check("Where they live or work", _filled("locations")),
            Check("Languages they speak", _filled("languages")),
            Check("Values or beliefs", _filled("values", "beliefs")),
            Check(
                "Lifestyle, hobbies or interests",
                _filled("lifestyle", "hobbies", "interests"),
            ),
            Check("Personality traits", _filled("personality_traits")),
        ),
    ),
    "personality": (
        "Personality",
        (
            Check("A name", _filled("name")),
            Check("A one-line tagline", _filled("tagline")),
            Check("A favourite quote", _filled("favourite_quote")),
            Check("A favourite meal", _filled("favourite_meal")),
            Check("TV shows, brands or car", _filled("tv_shows", "brands", "car")),
            Check(
                "Authors, blogs or podcasts", _filled("authors", "blogs_and_podcasts")
            ),
            Check("Guilty pleasures", _filled("guilty_pleasures")),
        ),
    ),
    "be_them": (
        "Be your customer",
        (
            Check("Emotions at the moment of buying", _filled("buying_emotions")),
            Check("The conversation in their head", _filled("inner_conversation")),
            Check("Words they use", _filled("their_words")),
            Check("What keeps them up at night", _filled("keeps_them_up")),
            Check("What they want peers to know", _filled("wants_peers_to_know")),
            Check("Objections before buying", _filled("objections")),
        ),
    ),
    "dreams_pains": (
        "Dreams and pains",
        (
            Check("At least one dream", _has_parts("dreams")),
            Check("At least one pain", _has_parts("pains")),
            Check(
                "What they already tried, for each pain", _pains_have("already_tried")
            ),
            Check("Why they have each pain", _pains_have("cause")),
            Check(
                "How your offer removes each top pain",
                lambda data: bool(_top_pains(data)) and not _unanswered_top_pains(data),
            ),
        ),
    ),
    "red_flags": (
        "Red flags",
        (
            Check("At least one red flag", _has_parts("red_flags")),
            Check("Would you invite them into your home?", _filled("invite_home")),
            Check(
                "Would you spend personal time with them?",
                _filled("spend_personal_time"),
            ),
            Check("Would you travel with them?", _filled("travel_together")),
        ),
    ),
}


@dataclass(frozen=True)
class StepCompleteness:
    step: str
    title: str
    done: int
    total: int
    missing: tuple[str, ...]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


@dataclass(frozen=True)
class Question:
    text: str
    answered: bool
    missing: tuple[str, ...]
    step: str


def by_step(data: Data) -> list[StepCompleteness]:
    return [
        _assess_step(step, title, checks, data)
        for step, (title, checks) in STEPS.items()
    ]


def overall_percent(data: Data) -> int:
    steps = by_step(data)
    total = sum(step.total for step in steps)
    return round(100 * sum(step.done for step in steps) / total)


def three_questions(data: Data) -> list[Question]:
    who = _assess_step("who", *STEPS["who"], data)
    dreams_pains_missing = tuple(
        label
        for label, ok in [
            ("At least one dream", _has_parts("dreams")(data)),
            ("At least one pain", _has_parts("pains")(data)),
            ("Why they have each pain", _pains_have("cause")(data)),
        ]
        if not ok
    )
    unanswered = _unanswered_top_pains(data)
    offer_missing = tuple(f"How your offer removes “{text}”" for text in unanswered)
    if not _top_pains(data):
        offer_missing = ("Add the pains your offer removes",)
    return [
        Question(
            "Do you know who they are?",
            who.done / who.total >= KNOW_WHO_THRESHOLD,
            who.missing,
            "who",
        ),
        Question(
            "Do you know their dreams and pains?",
            not dreams_pains_missing,
            dreams_pains_missing,
            "dreams_pains",
        ),
        Question(
            "Does your offer address each top pain?",
            not offer_missing,
            offer_missing,
            "dreams_pains",
        ),
    ]


def _assess_step(step: str, title: str, checks: tuple[Check, ...], data: Data):
    missing = tuple(check.label for check in checks if not check.passes(data))
    return StepCompleteness(
        step, title, len(checks) - len(missing), len(checks), missing
    )
