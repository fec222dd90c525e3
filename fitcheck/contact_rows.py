"""What a CSV row may hold, and the checks each cell goes through: pure rules.

The columns of a file map to contact fields (`TARGETS`), guessed from the header's
names (`guess_mapping`) and changed by the practitioner; `clean_row` turns one row
into a contact's fields or raises RowRejected with the reason shown for that row.
What the values of choice columns become is in contact_values.py. No database
here: services/imports.py reads the file, services/import_jobs.py runs the import.
"""

import re
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core.csv_export import FORMULA_STARTS
from fitcheck.contact_values import (
    CHOICE_LOOKUP,
    CHOICES,
    LEAVE_OUT,
    ValueMap,
    normalise,
)
from fitcheck.models import Contact
from fitcheck.models.contacts import PHONE_CHARACTERS

MAX_AGE = 120
MAX_COMPANY_SIZE = 2_147_483_647
LIST_SEPARATORS = re.compile(r"[;|\n]")
WHOLE_NUMBER = re.compile(r"\d{1,3}(?:[ ,.]\d{3})+|\d+")
NOT_DIGITS = re.compile(r"\D")
# Spreadsheets write phone numbers with no-break or thin spaces ("06 12 34 56 78").
ODD_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
# Google Contacts puts several emails or phones of one person in one cell.
GOOGLE_SEPARATOR = " ::: "

# Where a column's values can go: contact fields, plus first and last names, which
# are joined into the name when the file has no full-name column.
TARGETS: dict[str, str] = {
    "name": "Name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "phone": "Phone",
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
# Other names of each field's column, best first: when several columns name one
# field, the first column with values whose name comes earliest here gets it.
# They cover the exports of Google Contacts ("E-mail 1 - Value", "Organization 1 -
# Name"; newer ones "First Name", "Organization Name"), Outlook ("E-mail Address",
# "Business Phone", "Job Title", "Business City"), HubSpot ("Lifecycle Stage",
# "Company Name", "Phone Number") and Mailchimp ("Email Address", "Address").
# Outlook's "Title" is "Mr." or "Dr.", hence last for occupations; Mailchimp's
# TAGS are the sender's own labels, not the person's facts: left unmapped.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("full name", "contact name", "contact", "client name", "client",
             "customer name", "customer", "person", "display name"),
    "first_name": ("firstname", "given name", "forename", "first"),
    "last_name": ("lastname", "surname", "family name", "last"),
    "email": ("email address", "e mail address", "e mail", "e mail 1 value",
              "email 1 value", "email 1", "primary email", "work email", "mail"),
    "phone": ("phone number", "mobile phone", "mobile", "mobile number",
              "primary phone", "phone 1 value", "business phone", "work phone",
              "home phone", "telephone", "tel", "cell", "cell phone"),
    "company": ("company name", "organization name", "organisation name",
                "organization 1 name", "organization", "organisation",
                "business", "employer", "associated company"),
    "stage": ("lifecycle stage", "status", "contact type", "type", "relationship"),
    "gender": ("sex",),
    "income_band": ("income", "income range", "annual income", "salary"),
    "family_status": ("family", "marital status", "relationship status",
                      "household"),
    "education": ("education level", "highest education", "qualification",
                  "degree"),
    "occupation": ("job title", "organization title", "organization 1 title",
                   "job", "profession", "role", "position", "title"),
    "industry": ("sector",),
    "company_size": ("company size people", "employees", "number of employees",
                     "headcount", "team size"),
    "location": ("city", "town", "address 1 city", "business city", "home city",
                 "address", "address 1 formatted", "region", "country",
                 "country region", "place"),
    "languages": ("language", "spoken languages"),
    "interests": ("interest", "hobbies", "hobby"),
    "reported_pains": ("pains", "pain", "pain points", "challenges", "problems",
                       "struggles", "frustrations"),
    "goals": ("goal", "dreams", "hopes", "aims", "objectives"),
    "red_flags": ("red flag", "warning signs", "concerns"),
    "notes": ("note", "comments", "comment", "remarks"),
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


def _header_lookup() -> dict[str, tuple[str, int]]:
    """Each known column name, normalised: (field, rank); lower ranks are better."""
    lookup: dict[str, tuple[str, int]] = {}
    for target, label in TARGETS.items():
        names = (target, label, *HEADER_ALIASES.get(target, ()))
        for rank, name in enumerate(names):
            lookup.setdefault(normalise(name), (target, rank))
    return lookup


HEADER_LOOKUP = _header_lookup()


def guess_mapping(header: list[str], filled: list[bool] | None = None) -> list[str]:
    """For each column, the field its name suggests ("" to skip it). A field goes
    to one column only: one with values (`filled`, when known) before an empty
    one, then the better-ranked name, then the first."""
    filled = filled if filled is not None else [True] * len(header)
    best: dict[str, tuple[bool, int, int]] = {}
    for index, title in enumerate(header):
        target, rank = HEADER_LOOKUP.get(normalise(title), ("", 0))
        if target:
            key = (not filled[index], rank, index)
            best[target] = min(best.get(target, key), key)
    chosen = {index: target for target, (_, _, index) in best.items()}
    return [chosen.get(index, "") for index in range(len(header))]


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


def clean_row(
    cells: list[str],
    mapping: list[str],
    values: Mapping[str, ValueMap] | None = None,
) -> dict[str, object]:
    """The contact fields of one row, or RowRejected with the reason. `values`
    says what the values of choice columns become (contact_values.py); a choice
    column without one takes our own words and usual synonyms only. An import
    checks every row of a file with one RowCleaner instead."""
    return RowCleaner(mapping, values).clean(cells)


class RowCleaner:
    """Checks the rows of one file, its columns mapped to `mapping`: what
    `clean_row` does, with the work that depends only on the mapping done once
    (which cells to read, each one's check), and each distinct value of a
    choice column resolved once. A million-row import spends its time here."""

    def __init__(
        self, mapping: list[str], values: Mapping[str, ValueMap] | None = None
    ) -> None:
        self.width = len(mapping)
        self.indexes = [i for i, target in enumerate(mapping) if target]
        targets = [mapping[i] for i in self.indexes]
        self.name_at = _position(targets, "name")
        self.first_at = _position(targets, "first_name")
        self.last_at = _position(targets, "last_name")
        names = ("name", "first_name", "last_name")
        self.checks = [
            (position, target, _check_for(target, (values or {}).get(target)))
            for position, target in enumerate(targets)
            if target not in names
        ]

    def clean(self, cells: list[str]) -> dict[str, object]:
        if len(cells) > self.width and any(c.strip() for c in cells[self.width :]):
            raise RowRejected(
                f"The row has {len(cells)} cells but the header has {self.width}: "
                "a value that contains the delimiter must be in quotes."
            )
        raw = [_cell(cells, index) for index in self.indexes]
        name = _at(raw, self.name_at) or " ".join(
            filter(None, [_at(raw, self.first_at), _at(raw, self.last_at)])
        )
        if not name:
            raise RowRejected("The name is missing.")
        fields: dict[str, object] = {"name": _text("name", name)}
        for position, target, check in self.checks:
            if value := raw[position]:
                cleaned = check(target, value)
                if cleaned != "":
                    fields[target] = cleaned
        return fields


def _position(targets: list[str], target: str) -> int | None:
    return targets.index(target) if target in targets else None


def _at(raw: list[str], position: int | None) -> str:
    return raw[position] if position is not None else ""


# Distinct values of one choice column remembered: a column of thousands of
# distinct values is a mistake (not a choice), and is then checked row by row.
CHOICES_REMEMBERED = 1000


def _check_for(target: str, value_map: ValueMap | None) -> Callable[[str, str], object]:
    """The check of one column's cells: a choice column's resolves each distinct
    value once (a rejection is not remembered, so each row gets its own)."""
    if target not in CHOICES:
        return CLEANERS[target]
    chosen: dict[str, str] = {}

    def check_choice(target: str, value: str) -> str:
        if value in chosen:
            return chosen[value]
        result = _choice(target, value, value_map)
        if len(chosen) < CHOICES_REMEMBERED:
            chosen[value] = result
        return result

    return check_choice


def swallowed_lines(cells: list[str], width: int, delimiter: str) -> int:
    """How many lines inside the row's cells look like whole rows of their own.

    A cell that starts with a quote which is never closed runs on over the next
    lines, up to the next quote or the end of the file, so those rows silently
    become part of one contact. A line break inside a cell is normal (notes); a
    line with as many delimiters as a row has is not."""
    needed = max(width - 1, 1)
    return sum(
        1
        for cell in cells
        if "\n" in cell
        for line in cell.splitlines()[1:]
        if line.count(delimiter) >= needed
    )


def _cell(cells: list[str], index: int) -> str:
    value = cells[index].strip() if index < len(cells) else ""
    if "\x00" in value:
        raise RowRejected("The row contains a NUL character, which text cannot hold.")
    # Undo the quote our own export puts before formula-like cells.
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        value = value[1:]
    return value


def _text(target: str, value: str) -> str:
    limit = MAX_LENGTHS[target]
    if len(value) > limit:
        raise RowRejected(f"The {_named(target)} is longer than {limit} characters.")
    return value


def _email(target: str, value: str) -> str:
    email = value.split(GOOGLE_SEPARATOR)[0].strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise RowRejected(f"“{value}” is not a valid email address.") from None
    return _text(target, email)


def _phone(target: str, value: str) -> str:
    phone = _text(target, ODD_SPACES.sub(" ", value.split(GOOGLE_SEPARATOR)[0]).strip())
    try:
        PHONE_CHARACTERS(phone)
    except ValidationError:
        raise RowRejected(
            f"“{value}” is not a phone number: use digits, spaces and + - ( ) . only."
        ) from None
    return phone


def _choice(target: str, value: str, value_map: ValueMap | None) -> str:
    """The stored value, or "" for unknown. A value the practitioner chose to
    leave out, or one no map covers and we do not know, rejects the row."""
    chosen = value_map.resolve(value) if value_map else None
    if chosen is None:
        chosen = CHOICE_LOOKUP[target].get(normalise(value))
    if chosen == LEAVE_OUT:
        raise RowRejected(f"Left out, as you chose for the {_named(target)} “{value}”.")
    if chosen is None:
        allowed = ", ".join(str(label) for label in CHOICES[target].labels)
        raise RowRejected(f"The {_named(target)} “{value}” is not one of: {allowed}.")
    return chosen


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


MAX_LENGTHS = {
    target: Contact._meta.get_field(target).max_length
    for target in ("name", "email", "phone", *TEXT_FIELDS)
}


def _named(target: str) -> str:
    return TARGETS[target].lower()


CLEANERS = {
    "email": _email,
    "phone": _phone,
    "age": lambda target, value: _whole_number(target, value, MAX_AGE),
    "company_size": lambda target, value: _whole_number(
        target, value, MAX_COMPANY_SIZE
    ),
    "notes": lambda target, value: value,
    **dict.fromkeys(TEXT_FIELDS, _text),
    **dict.fromkeys(LIST_FIELDS, _list),
}
