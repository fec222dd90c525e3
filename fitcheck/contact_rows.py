"""What a CSV row may hold, and the checks each cell goes through: pure rules.

The columns of a file map to contact fields (`TARGETS`), guessed from the header's
names (`guess_mapping`) and changed by the practitioner; `clean_row` turns one row
into a contact's fields or raises RowRejected with the reason shown for that row.
No database here: services/imports.py reads the file and runs the import.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

from core.csv_export import FORMULA_STARTS
from fitcheck.models import Contact
from personas.models import Education, FamilyStatus, Gender, IncomeBand

MAX_AGE = 120
MAX_COMPANY_SIZE = 2_147_483_647
LIST_SEPARATORS = re.compile(r"[;|\n]")
WHOLE_NUMBER = re.compile(r"\d{1,3}(?:[ ,.]\d{3})+|\d+")
NOT_DIGITS = re.compile(r"\D")
NOT_WORDS = re.compile(r"[\W_]+")

# Where a column's values can go: contact fields, plus first and last names, which
# are joined into the name when the file has no full-name column.
TARGETS: dict[str, str] = {
    "name": "Name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "company": "Company",
    "stage": "Stage",
    "age": "Age",
    "gender": "Gender",
    "income_band": "Income band",
    "family_status": "Family status",
    "education": "Education",
    "occupation": "Occupation",
    "industry": "Industry",
    "company_size": "Company size",
    "location": "Location",
    "languages": "Languages",
    "interests": "Interests",
    "values": "Values",
    "reported_pains": "Pains they report",
    "goals": "What they hope for",
    "red_flags": "Red flags",
    "notes": "Notes",
}
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("full name", "contact", "contact name", "client", "client name",
             "customer", "customer name", "person"),
    "first_name": ("firstname", "given name", "forename"),
    "last_name": ("lastname", "surname", "family name"),
    "email": ("e mail", "email address", "e mail address", "mail"),
    "company": ("organisation", "organization", "business", "employer",
                "company name"),
    "stage": ("status", "type", "contact type", "relationship", "lifecycle stage"),
    "gender": ("sex",),
    "income_band": ("income", "income range", "annual income", "salary"),
    "family_status": ("family", "marital status", "relationship status",
                      "household"),
    "education": ("education level", "highest education", "qualification",
                  "degree"),
    "occupation": ("job", "job title", "title", "role", "profession", "position"),
    "industry": ("sector",),
    "company_size": ("company size people", "employees", "number of employees",
                     "headcount", "team size"),
    "location": ("city", "town", "country", "region", "place"),
    "languages": ("language", "spoken languages"),
    "interests": ("interest", "hobbies"),
    "reported_pains": ("pains", "pain", "pain points", "challenges", "problems",
                       "struggles", "frustrations"),
    "goals": ("goal", "dreams", "hopes", "aims", "objectives"),
    "red_flags": ("red flag", "warning signs", "concerns"),
    "notes": ("note", "comments", "comment", "remarks"),
}  # fmt: skip
CHOICES: dict[str, type[models.TextChoices]] = {
    "stage": Contact.Stage,
    "gender": Gender,
    "income_band": IncomeBand,
    "family_status": FamilyStatus,
    "education": Education,
}
CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "stage": {"lead": "prospect", "customer": "client", "current client": "client",
              "former client": "past_client", "ex client": "past_client",
              "past": "past_client", "former": "past_client"},
    "gender": {"woman": "women", "female": "women", "f": "women", "man": "men",
               "male": "men", "m": "men", "nonbinary": "non_binary",
               "non binary": "non_binary", "nb": "non_binary"},
    "family_status": {"married": "partnered", "partner": "partnered",
                      "divorced": "separated"},
}  # fmt: skip
TEXT_FIELDS = ("company", "occupation", "industry", "location")
LIST_FIELDS = (
    "languages",
    "interests",
    "values",
    "reported_pains",
    "goals",
    "red_flags",
)


class RowRejected(ValueError):
    """One row cannot become a contact; the message is the reason shown."""


# Mapping columns to fields ------------------------------------------------------------


def normalise(text: str) -> str:
    return NOT_WORDS.sub(" ", text.casefold()).strip()


HEADER_LOOKUP: dict[str, str] = {
    normalise(alias): target
    for target, label in TARGETS.items()
    for alias in (target, label, *HEADER_ALIASES.get(target, ()))
}


def guess_mapping(header: list[str]) -> list[str]:
    """For each column, the field its name suggests ("" to skip it); a field is
    taken by the first column that names it."""
    mapping: list[str] = []
    for title in header:
        target = HEADER_LOOKUP.get(normalise(title), "")
        mapping.append("" if target in mapping else target)
    return mapping


def mapping_problems(mapping: list[str]) -> list[str]:
    chosen = [target for target in mapping if target]
    problems = [f"“{t}” is not a contact field." for t in chosen if t not in TARGETS]
    if not {"name", "first_name", "last_name"} & set(chosen):
        problems.append(
            "Choose the column that holds the name (or the first and last names)."
        )
    repeated = sorted({TARGETS[t] for t in chosen if chosen.count(t) > 1})
    if repeated:
        problems.append(
            "Each field can come from one column only: " + ", ".join(repeated) + "."
        )
    return problems


# Checking rows ------------------------------------------------------------------------


def clean_row(cells: list[str], mapping: list[str]) -> dict[str, object]:
    """The contact fields of one row, or RowRejected with the reason."""
    extra = [cell for cell in cells[len(mapping) :] if cell.strip()]
    if extra:
        raise RowRejected(
            f"The row has {len(cells)} cells but the header has {len(mapping)}: a "
            "value that contains the delimiter must be in quotes."
        )
    raw = {t: _cell(cells, i) for i, t in enumerate(mapping) if t}
    first_last = " ".join(
        filter(None, [raw.pop("first_name", ""), raw.pop("last_name", "")])
    )
    name = raw.pop("name", "") or first_last
    if not name:
        raise RowRejected("The name is missing.")
    fields: dict[str, object] = {"name": _text("name", name)}
    for target, value in raw.items():
        if value:
            fields[target] = CLEANERS[target](target, value)
    return fields


def _cell(cells: list[str], index: int) -> str:
    value = cells[index].strip() if index < len(cells) else ""
    if "\x00" in value:
        raise RowRejected("The row contains a NUL character, which text cannot hold.")
    # Undo the quote our own export puts before formula-like cells.
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        value = value[1:]
    return value


def _text(target: str, value: str) -> str:
    limit = Contact._meta.get_field(target).max_length
    if len(value) > limit:
        raise RowRejected(f"The {_named(target)} is longer than {limit} characters.")
    return value


def _email(target: str, value: str) -> str:
    email = value.lower()
    try:
        validate_email(email)
    except ValidationError:
        raise RowRejected(f"“{value}” is not a valid email address.") from None
    return _text(target, email)


def _choice(target: str, value: str) -> str:
    try:
        return CHOICE_LOOKUP[target][normalise(value)]
    except KeyError:
        allowed = ", ".join(str(label) for label in CHOICES[target].labels)
        raise RowRejected(
            f"The {_named(target)} “{value}” is not one of: {allowed}."
        ) from None


def _whole_number(target: str, value: str, highest: int) -> int:
    if WHOLE_NUMBER.fullmatch(value) and int(NOT_DIGITS.sub("", value)) <= highest:
        return int(NOT_DIGITS.sub("", value))
    raise RowRejected(
        f"The {_named(target)} “{value}” is not a whole number from 0 to {highest:,}."
    )


def _list(target: str, value: str) -> list[str]:
    items = [item.strip() for item in LIST_SEPARATORS.split(value)]
    items = list(dict.fromkeys(item for item in items if item))
    too_long = [item for item in items if len(item) > 300]
    if too_long:
        raise RowRejected(f"One of the {_named(target)} is longer than 300 characters.")
    return items


def _named(target: str) -> str:
    return TARGETS[target].lower()


# Stored values, their labels and common synonyms, all normalised, per choice field.
CHOICE_LOOKUP: dict[str, dict[str, str]] = {
    target: {
        **{normalise(value): value for value in choices.values},
        **{normalise(label): value for value, label in choices.choices},
        **CHOICE_ALIASES.get(target, {}),
    }
    for target, choices in CHOICES.items()
}
CLEANERS = {
    "email": _email,
    "age": lambda target, value: _whole_number(target, value, MAX_AGE),
    "company_size": lambda target, value: _whole_number(
        target, value, MAX_COMPANY_SIZE
    ),
    "notes": lambda target, value: value,
    **dict.fromkeys(TEXT_FIELDS, _text),
    **dict.fromkeys(CHOICES, _choice),
    **dict.fromkeys(LIST_FIELDS, _list),
}
