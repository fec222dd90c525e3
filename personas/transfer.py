"""Personas as JSON: the export format and its import.

Format "ideal-customer.persona", version 1 (documented in docs/persona-format.md):

    {
      "format": "ideal-customer.persona",
      "version": 1,
      "exported_at": "2026-11-27T10:00:00+00:00",
      "persona": {
        "kind": "ideal", "status": "active", "name": "Maya", ...every field...,
        "dreams": [{"text": "...", "said_as": ["..."]}],
        "pains": [{"text": "...", "said_as": ["..."], "intensity": 4,
                   "already_tried": "...", "cause": "...", "our_answer": "..."}],
        "red_flags": [{"text": "...", "severity": "warning"}]
      }
    }

Photos are not exported. Unknown keys are refused, so a typo never goes unnoticed.
`persona_data()` is also the shape the completeness rules and the version compare read.
"""

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone

from accounts.models import Workspace
from personas import completeness
from personas.fields import MAX_LINES
from personas.models import Dream, Pain, Persona, RedFlag
from personas.part_forms import MAX_ROWS

FORMAT = "ideal-customer.persona"
FORMAT_VERSION = 1
# The worksheet's limits: rows of dreams, pains and red flags; lines of a list.
MAX_PARTS = MAX_ROWS
# A persona file is nested five deep (document, persona, pains, a pain, its
# phrases); anything much deeper is not one.
MAX_DEPTH = 8
NOT_JSON = "The file is not valid JSON. Export the persona again and upload that file."
NOT_TEXT = (
    "The file is not text (UTF-8). Export the persona again and upload that file."
)
TOO_DEEP = "The file is nested too deeply to be a persona export."
HUGE_NUMBER = (
    "The file holds a number too long to be a persona's (thousands of digits)."
)

PERSONA_FIELDS = (
    "kind",
    "status",
    "name",
    "tagline",
    "age_min",
    "age_max",
    "genders",
    "income_bands",
    "family_statuses",
    "education_levels",
    "occupations",
    "industries",
    "company_size_min",
    "company_size_max",
    "locations",
    "languages",
    "values",
    "beliefs",
    "lifestyle",
    "hobbies",
    "interests",
    "personality_traits",
    "favourite_quote",
    "favourite_meal",
    "tv_shows",
    "brands",
    "car",
    "authors",
    "blogs_and_podcasts",
    "guilty_pleasures",
    "other_details",
    "buying_emotions",
    "inner_conversation",
    "their_words",
    "keeps_them_up",
    "wants_peers_to_know",
    "objections",
    "invite_home",
    "spend_personal_time",
    "travel_together",
)
PART_FIELDS = {
    "dreams": (Dream, ("text", "said_as")),
    "pains": (
        Pain,
        ("text", "said_as", "intensity", "already_tried", "cause", "our_answer"),
    ),
    "red_flags": (RedFlag, ("text", "severity")),
}


class ImportProblem(Exception):
    """The file cannot be imported; `problems` says why, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class _Parsed:
    persona: Persona
    parts: dict[str, list]


def persona_data(
    persona: Persona, *, parts: Mapping[str, Iterable] | None = None
) -> dict:
    """The persona and its parts as plain data: parts from `parts` where it names
    them (rows just saved), else from the prefetch cache."""
    parts = parts or {}
    data = {field: getattr(persona, field) for field in PERSONA_FIELDS}
    for name, (_, fields) in PART_FIELDS.items():
        rows = parts[name] if name in parts else getattr(persona, name).all()
        data[name] = [
            {field: getattr(part, field) for field in fields} for part in rows
        ]
    return data


def export_document(persona: Persona) -> dict:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        # Informational envelope keys (a reader of version 1 ignores them): the
        # import asks whether a file of a persona already here is a new version.
        "lineage": str(persona.lineage),
        "persona_version": persona.version,
        "persona": persona_data(persona),
    }


def lineage_of(document: object) -> uuid.UUID | None:
    """The lineage a document names, if it names a well-formed one."""
    if not isinstance(document, Mapping) or not isinstance(
        document.get("lineage"), str
    ):
        return None
    try:
        return uuid.UUID(document["lineage"])
    except ValueError:
        return None


def read_document(text: str) -> object:
    """The JSON value of a file's text; `ImportProblem` when it is not JSON or
    is JSON Python or PostgreSQL cannot hold (nesting past Python's recursion
    limit, an integer past its digit limit, an escaped lone surrogate)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        raise ImportProblem([NOT_JSON]) from None
    except RecursionError:
        raise ImportProblem([TOO_DEEP]) from None
    except ValueError:  # Python's limit on the digits of an int (4,300).
        raise ImportProblem([HUGE_NUMBER]) from None
    if problem := _unstorable(document):
        raise ImportProblem([problem])
    return document


def _unstorable(document: object) -> str | None:
    """Why a parsed document cannot be a persona's, looking at every value
    (without recursion, so that depth alone cannot break it)."""
    pending = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            return TOO_DEEP
        if isinstance(value, Mapping):
            pending += [(key, depth) for key in value]
            pending += [(item, depth + 1) for item in value.values()]
        elif isinstance(value, list):
            pending += [(item, depth + 1) for item in value]
        elif isinstance(value, str) and not _utf8(value):
            return NOT_TEXT
    return None


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # "\ud800" in JSON is a lone surrogate.
        return False
    return True


def import_document(
    document: object, *, workspace: Workspace, version_of: Persona | None = None
) -> Persona:
    """Validate a whole document, then create it as a new draft in `workspace`:
    a persona of its own, or the next version of `version_of`'s lineage."""
    parsed = parse_document(document)
    persona = parsed.persona
    persona.workspace = workspace
    persona.status = Persona.Status.DRAFT
    if version_of is not None:
        persona.lineage = version_of.lineage
        persona.version = Persona.objects.lock_lineage(version_of.lineage)
        persona.based_on = version_of
    persona.save()
    for name, parts in parsed.parts.items():
        for position, part in enumerate(parts):
            part.persona = persona
            part.position = position
        PART_FIELDS[name][0].objects.bulk_create(parts)
    persona.completeness = completeness.overall_percent(persona_data(persona))
    persona.save(update_fields=["completeness"])
    return persona


def parse_document(document: object) -> _Parsed:
    """Check a whole document and build its persona and parts, unsaved; raise
    `ImportProblem` with every problem found."""
    data = _persona_section(document)
    problems: list[str] = []
    unknown = set(data) - set(PERSONA_FIELDS) - set(PART_FIELDS)
    if unknown:
        problems.append(f"Unknown fields: {', '.join(sorted(unknown))}.")
    fields = {field: data[field] for field in PERSONA_FIELDS if field in data}
    fitting = _well_typed(Persona, fields, "persona", problems)
    persona = Persona(**fitting)
    problems += _validate(
        persona, "persona", exclude=["workspace", "photo", *fields.keys() - fitting]
    )
    parts = {}
    for name, (model, allowed) in PART_FIELDS.items():
        parts[name], part_problems = _parse_parts(
            data.get(name, []), name, model, allowed
        )
        problems += part_problems
    if problems:
        raise ImportProblem(problems)
    return _Parsed(persona, parts)


def _persona_section(document: object) -> Mapping:
    if not isinstance(document, Mapping):
        raise ImportProblem(
            ["The file is not a persona export (expected a JSON object)."]
        )
    if document.get("format") != FORMAT:
        raise ImportProblem(
            [f'This is not a persona export: "format" must be "{FORMAT}".']
        )
    if document.get("version") != FORMAT_VERSION:
        raise ImportProblem(
            [
                f"This file uses format version {document.get('version')!r}; "
                f"this site reads version {FORMAT_VERSION}."
            ]
        )
    data = document.get("persona")
    if not isinstance(data, Mapping):
        raise ImportProblem(['"persona" must be an object with the persona\'s fields.'])
    return data


def _parse_parts(items: object, name: str, model, allowed) -> tuple[list, list[str]]:
    if not isinstance(items, list) or len(items) > MAX_PARTS:
        return [], [f'"{name}" must be a list of at most {MAX_PARTS} items.']
    parts, problems = [], []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, Mapping) or set(item) - set(allowed):
            problems.append(
                f"{name} #{number}: expected an object with {', '.join(allowed)}."
            )
            continue
        where = f"{name} #{number}"
        fitting = _well_typed(model, item, where, problems)
        part = model(**fitting)
        problems += _validate(part, where, exclude=["persona", *item.keys() - fitting])
        parts.append(part)
    return parts, problems


def _well_typed(model, values: Mapping, where: str, problems: list[str]) -> dict:
    """The values whose JSON type fits their field; a problem for each other one.

    Model validation skips blank values and assumes Python types, so a null text or
    a string where a list belongs would otherwise reach the database and crash.
    """
    fitting = {}
    for name, value in values.items():
        if problem := _type_problem(model._meta.get_field(name), value):
            problems.append(f"{where}, {name}: {problem}.")
        else:
            fitting[name] = value
    return fitting


def _type_problem(field: models.Field, value: object) -> str | None:
    if value is None and field.null:
        return None
    if isinstance(field, ArrayField):
        fits = isinstance(value, list) and not any(
            _type_problem(field.base_field, item) for item in value
        )
        if not fits:
            return "must be a list of texts"
        if len(value) > MAX_LINES:
            return f"at most {MAX_LINES} lines, as in the worksheet ({len(value)} here)"
        return None
    if isinstance(field, models.IntegerField):
        return None if type(value) is int else "must be a whole number"
    if not isinstance(value, str):
        return "must be a text"
    return "must not contain NUL characters" if "\x00" in value else None


def _validate(instance, where: str, *, exclude: list[str]) -> list[str]:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        return [
            f"{where}: {message}"
            if field == NON_FIELD_ERRORS
            else f"{where}, {field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    except (TypeError, ValueError) as error:
        return [f"{where}: {error}"]
    return []
