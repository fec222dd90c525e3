"""A persona's rubric criteria, derived from what the persona says (pure: persona
data in, scoring criteria out).

Every structured trait the persona names becomes a criterion, and so does each pain,
each dream and each red flag. Weights start from the defaults below; the practitioner
changes them on the rubric page. Who the customer is comes first: their work weighs
most, then their industry, then the size of their business and where they are; the
details that describe a typical customer but rarely decide (age, gender, income,
family, education, language, interests, values) weigh least. Pains weigh more the
more they hurt, and a warning red flag costs a band's width of points. These
defaults were set against the fit corpus in tests/fitcheck/fit_corpus.py.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields

from core.text import shortened
from fitcheck.criteria import LABEL_LENGTH, Criterion, Kind

WORK_WEIGHT = 30
INDUSTRY_WEIGHT = 20
SITUATION_WEIGHT = 10
DETAIL_WEIGHT = 5
PAIN_WEIGHT_PER_INTENSITY = 3
DREAM_WEIGHT = 8
RED_FLAG_PENALTY = 20
# (persona field, contact fact, kind, weight, label)
CHOICE_TRAITS = (
    ("genders", "gender", Kind.MATCHES, DETAIL_WEIGHT, "Gender"),
    ("income_bands", "income_band", Kind.MATCHES, DETAIL_WEIGHT, "Income band"),
    ("family_statuses", "family_status", Kind.MATCHES, DETAIL_WEIGHT, "Family"),
    ("education_levels", "education", Kind.MATCHES, DETAIL_WEIGHT, "Education"),
    ("occupations", "occupation", Kind.CONTAINS, WORK_WEIGHT, "Occupation"),
    ("industries", "industry", Kind.CONTAINS, INDUSTRY_WEIGHT, "Industry"),
    ("locations", "location", Kind.CONTAINS, SITUATION_WEIGHT, "Location"),
    ("languages", "languages", Kind.MATCHES, DETAIL_WEIGHT, "Language"),
    ("interests", "interests", Kind.CONTAINS, DETAIL_WEIGHT, "Interests"),
    ("values", "values", Kind.CONTAINS, DETAIL_WEIGHT, "Values"),
)
# (persona fields of the two ends, contact fact, weight, label, unit)
RANGE_TRAITS = (
    ("age_min", "age_max", "age", DETAIL_WEIGHT, "Age", ""),
    (
        "company_size_min",
        "company_size_max",
        "company_size",
        SITUATION_WEIGHT,
        "Company size",
        " people",
    ),
)


def criteria_for(
    persona: Mapping, labels: Mapping[str, str] | None = None
) -> list[Criterion]:
    """The persona's criteria; `labels` names choice codes in the criteria's labels
    (women -> "Women"), while the criteria still compare the codes."""
    return [
        *_range_criteria(persona),
        *_choice_criteria(persona, labels or {}),
        *_pain_criteria(persona),
        *_dream_criteria(persona),
        *_red_flag_criteria(persona),
    ]


def list_label(title: str, terms: Iterable[str]) -> str:
    """A trait's label, what it looks for after its name ("Language: English,
    Welsh"), shortened at a word to fit its column: the terms are listed in full
    beside it wherever the label is shown."""
    return shortened(f"{title}: {', '.join(terms)}", LABEL_LENGTH)


def as_fields(criterion: Criterion) -> dict:
    """Model field values for a criterion row (fitcheck.models.Criterion)."""
    values = {f.name: getattr(criterion, f.name) for f in fields(criterion) if f.init}
    return values | {"kind": criterion.kind.value, "expected": list(criterion.expected)}


def _range_criteria(persona: Mapping) -> list[Criterion]:
    criteria = []
    for low_field, high_field, fact, weight, label, unit in RANGE_TRAITS:
        low, high = persona.get(low_field), persona.get(high_field)
        if low is None and high is None:
            continue
        span = (
            f"{low if low is not None else 'any'}–{high if high is not None else 'any'}"
        )
        criteria.append(
            Criterion(
                key=fact,
                label=f"{label} {span}{unit}",
                fact=fact,
                kind=Kind.IN_RANGE,
                weight=weight,
                low=low,
                high=high,
            )
        )
    return criteria


def _choice_criteria(persona: Mapping, labels: Mapping[str, str]) -> list[Criterion]:
    criteria = []
    for persona_field, fact, kind, weight, label in CHOICE_TRAITS:
        expected = tuple(persona.get(persona_field) or ())
        if persona_field == "interests":
            expected = tuple(
                dict.fromkeys([*expected, *(persona.get("hobbies") or ())])
            )
        if persona_field == "values":
            expected = tuple(
                dict.fromkeys([*expected, *(persona.get("beliefs") or ())])
            )
        if expected:
            criteria.append(
                Criterion(
                    key=fact,
                    label=list_label(label, [labels.get(e, e) for e in expected]),
                    fact=fact,
                    kind=kind,
                    weight=weight,
                    expected=expected,
                )
            )
    return criteria


def _pain_criteria(persona: Mapping) -> list[Criterion]:
    return _part_criteria(
        persona.get("pains", []),
        "pain",
        "Has the pain “{}”",
        "reported_pains",
        lambda pain: PAIN_WEIGHT_PER_INTENSITY * int(pain.get("intensity") or 3),
    )


def _dream_criteria(persona: Mapping) -> list[Criterion]:
    return _part_criteria(
        persona.get("dreams", []),
        "dream",
        "Wants “{}”",
        "goals",
        lambda dream: DREAM_WEIGHT,
    )


def _part_criteria(
    parts: Iterable[Mapping],
    key: str,
    label: str,
    fact: str,
    weight: Callable[[Mapping], float],
) -> list[Criterion]:
    """One "contains" criterion per pain or dream, numbered from 1."""
    return [
        Criterion(
            key=f"{key}:{number}",
            label=_quoting(label, part["text"]),
            fact=fact,
            kind=Kind.CONTAINS,
            weight=weight(part),
            expected=_phrases(part),
        )
        for number, part in enumerate(parts, start=1)
    ]


def _quoting(label: str, sentence: str) -> str:
    """`label` with the sentence in its quotes, shortened to fit the column."""
    room = LABEL_LENGTH - len(label.format(""))
    return label.format(shortened(sentence, room))


def _phrases(part: Mapping) -> tuple[str, ...]:
    """The persona's sentence first (the intake offers it), then how prospects say
    it; the scoring rules find each by phrase and word stem."""
    return tuple(dict.fromkeys([part["text"], *(part.get("said_as") or ())]))


def _red_flag_criteria(persona: Mapping) -> list[Criterion]:
    criteria = []
    for number, flag in enumerate(persona.get("red_flags", []), start=1):
        deal_breaker = flag.get("severity") == "deal_breaker"
        criteria.append(
            Criterion(
                key=f"red_flag:{number}",
                # The explanation lines already say "Red flag present: ...".
                label=shortened(flag["text"], LABEL_LENGTH),
                fact="red_flags",
                kind=Kind.KNOCK_OUT if deal_breaker else Kind.CONTAINS,
                weight=0 if deal_breaker else RED_FLAG_PENALTY,
                expected=(flag["text"],),
                penalty=not deal_breaker,
            )
        )
    return criteria
