"""The values of choice columns (stage, gender...) and what they become: pure rules.

A file says a contact's stage in its own words: HubSpot's lifecycle stages
("Subscriber", "Marketing qualified lead", "Opportunity", "Customer", "Evangelist"),
a spreadsheet's "Lead" or "Ex-client". Before an import the practitioner sees each
distinct value of a choice column with how many rows hold it, and picks what it
becomes: one of our choices, unknown (left empty), or "leave these rows out". A
guess is preselected (`guess`): what the workspace chose last time, else our own
value or label, else a usual synonym, else the field's default.

A column can hold thousands of distinct values (free text typed into a "type"
column); only the VALUES_SHOWN most frequent are listed, and the rest share one
choice (`ValueMap.others`). Counting stops growing at VALUES_COUNTED distinct
values, so a file of unique values needs bounded memory.
"""

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import models

from fitcheck.models import Contact
from personas.models import Education, FamilyStatus, Gender, IncomeBand

VALUES_SHOWN = 30
VALUES_COUNTED = 5_000
REMEMBERED_LENGTH = 200  # ValueChoice.value's column; longer values are not kept.
# A choice no field has: the rows holding the value are not imported.
LEAVE_OUT = "-"
NOT_WORDS = re.compile(r"[\W_]+")

CHOICES: dict[str, type[models.TextChoices]] = {
    "stage": Contact.Stage,
    "gender": Gender,
    "income_band": IncomeBand,
    "family_status": FamilyStatus,
    "education": Education,
}
# What a value becomes when nothing better is known: the stage has a default
# (prospect); the other facts stay unknown.
DEFAULTS = {"stage": Contact.Stage.PROSPECT.value}
CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "stage": {
        "lead": "prospect", "customer": "client", "current client": "client",
        "former client": "past_client", "ex client": "past_client",
        "past": "past_client", "former": "past_client",
        "former customer": "past_client", "past customer": "past_client",
        "churned": "past_client", "inactive client": "past_client",
        # HubSpot's lifecycle stages, in their order: all but customers and
        # evangelists (customers who promote you) are still prospects.
        "subscriber": "prospect", "marketing qualified lead": "prospect",
        "sales qualified lead": "prospect", "mql": "prospect", "sql": "prospect",
        "opportunity": "prospect", "evangelist": "client",
        "active": "client", "prospective": "prospect",
    },
    "gender": {
        "woman": "women", "female": "women", "f": "women", "man": "men",
        "male": "men", "m": "men", "nonbinary": "non_binary",
        "non binary": "non_binary", "nb": "non_binary",
        # Outlook writes "Unspecified" when nobody said.
        "unspecified": "", "unknown": "",
    },
    "family_status": {
        "married": "partnered", "partner": "partnered", "divorced": "separated",
    },
}  # fmt: skip


def normalise(text: str) -> str:
    return NOT_WORDS.sub(" ", text.casefold()).strip()


# Stored values and labels, all normalised, per choice field.
OWN_WORDS: dict[str, dict[str, str]] = {
    target: {
        **{normalise(value): value for value in choices.values},
        **{normalise(label): value for value, label in choices.choices},
    }
    for target, choices in CHOICES.items()
}
CHOICE_LOOKUP: dict[str, dict[str, str]] = {
    target: {**CHOICE_ALIASES.get(target, {}), **OWN_WORDS[target]}
    for target in CHOICES
}


def options(target: str) -> list[tuple[str, str]]:
    """What a value of the field can become, for a select."""
    empty = [] if target in DEFAULTS else [("", "Unknown (leave empty)")]
    return [
        *empty,
        *((value, str(label)) for value, label in CHOICES[target].choices),
        (LEAVE_OUT, "Leave these rows out"),
    ]


@dataclass(frozen=True)
class Guess:
    target: str
    why: str  # Shown beside the select.


def guess(target: str, key: str, remembered: Mapping[str, str]) -> Guess:
    """What the normalised value `key` most likely becomes, and why we think so."""
    allowed = {value for value, _ in options(target)}
    if remembered.get(key) in allowed:
        return Guess(remembered[key], "As at your last import")
    if key in OWN_WORDS[target]:
        return Guess(OWN_WORDS[target][key], "Same name")
    if key in CHOICE_ALIASES.get(target, {}):
        return Guess(CHOICE_ALIASES[target][key], "Usual meaning")
    return Guess(DEFAULTS.get(target, ""), "Not recognised")


@dataclass(frozen=True)
class ValueMap:
    """What each value of one column becomes. `chosen` maps normalised values to
    a stored value, "" (unknown) or LEAVE_OUT; `others` is for values not listed
    (None when every value was listed)."""

    chosen: dict[str, str]
    others: str | None = None

    def resolve(self, value: str) -> str | None:
        """The choice for a cell's value; None when the map does not say."""
        return self.chosen.get(normalise(value), self.others)

    def as_json(self) -> dict:
        return {"chosen": self.chosen, "others": self.others}

    @classmethod
    def from_json(cls, data: dict) -> "ValueMap":
        return cls(dict(data.get("chosen", {})), data.get("others"))


@dataclass
class ValueCounter:
    """The distinct values of one column with how many rows hold each, spelled as
    first met. Past VALUES_COUNTED distinct values, new ones are only counted
    together (`uncounted_rows`), so memory stays bounded."""

    counts: Counter = field(default_factory=Counter)
    spellings: dict[str, str] = field(default_factory=dict)
    uncounted_rows: int = 0

    def add(self, value: str) -> None:
        key = normalise(value)
        if not key:
            return
        if key in self.counts or len(self.counts) < VALUES_COUNTED:
            self.counts[key] += 1
            self.spellings.setdefault(key, value.strip())
        else:
            self.uncounted_rows += 1

    def as_json(self) -> dict:
        """The VALUES_SHOWN most frequent values, and what the others add up to."""
        top = self.counts.most_common(VALUES_SHOWN)
        shown_rows = sum(count for _, count in top)
        return {
            "top": [[self.spellings[key], key, count] for key, count in top],
            "other_values": len(self.counts) - len(top),
            "other_rows": self.counts.total() - shown_rows + self.uncounted_rows,
            "counted_all": not self.uncounted_rows,
        }
