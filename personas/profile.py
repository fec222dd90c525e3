"""What a persona's one-pager shows, section by section, in the worksheet's words.

`one_pager()` reads the persona in its export shape (`transfer.persona_data`) and
the worksheet's labels (`personas/labels.py`). The layout below places each field
the worksheet asks for; a field it does not place (one added to a step later)
still shows, under "More about them", so nothing typed into the worksheet is ever
missing from the profile.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from django.apps import apps

from personas import completeness, labels, transfer

# Sections of the one-pager and the fields each shows, in order. A range is one
# fact made of two fields (see RANGES).
GLANCE = (
    "age",
    "genders",
    "income_bands",
    "family_statuses",
    "education_levels",
    "occupations",
    "industries",
    "company_size",
    "locations",
    "languages",
)
INSIDE = (
    "values",
    "beliefs",
    "lifestyle",
    "hobbies",
    "interests",
    "personality_traits",
)
PERSONALITY = (
    "favourite_quote",
    "favourite_meal",
    "car",
    "tv_shows",
    "brands",
    "authors",
    "blogs_and_podcasts",
    "guilty_pleasures",
    "other_details",
)
MIND = (
    "buying_emotions",
    "inner_conversation",
    "their_words",
    "keeps_them_up",
    "wants_peers_to_know",
    "objections",
)
CLOSENESS = ("invite_home", "spend_personal_time", "travel_together")
# Shown in the header: the name as the heading, the photo as the avatar.
HEADER = ("name", "tagline", "photo")
# Fact name -> (lowest field, highest field, label, unit after the numbers).
RANGES = {
    "age": ("age_min", "age_max", "Age", ""),
    "company_size": ("company_size_min", "company_size_max", "Company size", "people"),
}
# The detail of a pain drawn as a scale (with its text equivalent) instead.
SCALED = "intensity"
SCALE_TOP = 5


@dataclass(frozen=True)
class Fact:
    name: str
    label: str
    text: str = ""
    items: tuple[str, ...] = ()
    is_list: bool = False

    @property
    def filled(self) -> bool:
        return bool(self.text.strip() or self.items)


@dataclass(frozen=True)
class Part:
    text: str
    details: tuple[Fact, ...]
    intensity: int | None = None
    severity: str = ""
    severity_code: str = ""
    # What clients said about it, from the apps that hold their answers
    # (`part_evidence`); None where no app knows.
    evidence: object = None

    @property
    def intensity_text(self) -> str:
        return f"{self.intensity} of {SCALE_TOP}" if self.intensity else ""

    @property
    def scale(self) -> list[bool]:
        """One mark per step of the scale, filled up to the intensity."""
        return [step <= (self.intensity or 0) for step in range(1, SCALE_TOP + 1)]


@dataclass(frozen=True)
class OnePager:
    name: str
    tagline: str
    kind: str
    quote: str
    glance: tuple[Fact, ...]
    inside: tuple[Fact, ...]
    personality: tuple[Fact, ...]
    mind: tuple[Fact, ...]
    closeness: tuple[Fact, ...]
    more: tuple[Fact, ...]
    parts: Mapping[str, tuple[Part, ...]]
    part_labels: Mapping[str, str]


def placed_fields() -> set[str]:
    """Every field the layout above places somewhere."""
    ranged = {name for low, high, *_ in RANGES.values() for name in (low, high)}
    sections = (*GLANCE, *INSIDE, *PERSONALITY, *MIND, *CLOSENESS, *HEADER)
    return ranged | set(sections) - set(RANGES)


def one_pager(data: Mapping, kind_label: str) -> OnePager:
    fields = labels.worksheet_fields()
    parts = labels.worksheet_parts()
    unplaced = [name for name in fields if name not in placed_fields()]
    return OnePager(
        name=str(data.get("name", "")),
        tagline=str(data.get("tagline", "")),
        kind=kind_label,
        quote=_quote(data),
        glance=_facts(GLANCE, data, fields),
        inside=_facts(INSIDE, data, fields),
        personality=_facts(PERSONALITY, data, fields),
        mind=_facts(MIND, data, fields),
        closeness=_facts(CLOSENESS, data, fields),
        more=_facts(unplaced, data, fields),
        parts={
            name: tuple(_part(item, words) for item in data.get(name, []))
            for name, words in parts.items()
        },
        part_labels={name: words.label for name, words in parts.items()},
    )


def _quote(data: Mapping) -> str:
    """Their own words at the top of the page: the first phrase they use, else
    the quote they live by."""
    words = data.get("their_words") or []
    return str(words[0]) if words else str(data.get("favourite_quote", ""))


def _facts(
    names: Sequence[str], data: Mapping, fields: Mapping[str, labels.FieldWords]
) -> tuple[Fact, ...]:
    facts = []
    for name in names:
        if name in RANGES:
            facts.append(_range(name, data))
        elif name in fields:
            facts.append(_fact(fields[name], data.get(name)))
    return tuple(fact for fact in facts if fact.filled)


def _fact(words: labels.FieldWords, value: object) -> Fact:
    if words.is_list:
        items = tuple(words.show(item) for item in value or ())
        return Fact(words.name, words.label, items=items, is_list=True)
    return Fact(words.name, words.label, text=words.show(value))


def _range(name: str, data: Mapping) -> Fact:
    low_name, high_name, label, unit = RANGES[name]
    low, high = data.get(low_name), data.get(high_name)
    if low is None and high is None:
        return Fact(name, label)
    if low is None:
        text = f"up to {high}"
    elif high is None:
        text = f"{low} or more"
    else:
        text = f"{low}–{high}" if low != high else str(low)
    return Fact(name, label, text=f"{text} {unit}".strip())


def _part(item: Mapping, words: labels.PartWords) -> Part:
    details = tuple(
        fact
        for detail in words.details
        if detail.name not in (SCALED, "severity")
        and (fact := _fact(detail, item.get(detail.name))).filled
    )
    severity = item.get("severity", "")
    severity_words = next((d for d in words.details if d.name == "severity"), None)
    return Part(
        text=str(item.get("text", "")),
        details=details,
        intensity=item.get(SCALED),
        severity=severity_words.show(severity) if severity_words else "",
        severity_code=str(severity or ""),
    )


# The parts that clients' answers can confirm, and the name of each kind in a
# part's evidence key.
EVIDENCED = {"pains": "pain", "dreams": "dream"}


def page(persona, *, photo_url: str, evidence: Mapping | None = None) -> dict:
    """The template context of the one-pager (`personas/_one_pager.html`), with
    each pain and dream's `evidence` (keyed by kind and text) where given."""
    data = transfer.persona_data(persona)
    sheet = one_pager(data, persona.get_kind_display())
    return {
        "persona": persona,
        "data": data,
        "sheet": with_evidence(sheet, evidence or {}),
        "questions": completeness.three_questions(data),
        "photo_url": photo_url,
    }


def with_evidence(sheet: OnePager, evidence: Mapping) -> OnePager:
    parts = dict(sheet.parts)
    for name, kind in EVIDENCED.items():
        parts[name] = tuple(
            replace(part, evidence=evidence.get((kind, part.text)))
            for part in parts.get(name, ())
        )
    return replace(sheet, parts=parts)


def part_evidence(persona, *, with_quotes: bool) -> dict:
    """What the apps that build on this one know of the persona's pains and
    dreams (feedback: who confirmed them, their pinned words), through
    `persona_part_evidence()` on their AppConfig, so this app never imports
    them. `with_quotes` False leaves clients' words out (the share link)."""
    found = {}
    for app in apps.get_app_configs():
        if hasattr(app, "persona_part_evidence"):
            found.update(app.persona_part_evidence(persona, with_quotes=with_quotes))
    return found


def panels(persona) -> list[dict]:
    """Panels for the owner's profile from the apps that build on this one."""
    return [
        panel
        for app in apps.get_app_configs()
        if hasattr(app, "persona_panels")
        for panel in app.persona_panels(persona)
    ]
