"""A million rows in a minute: the growth scenarios' contacts and fit scores, made
by PostgreSQL itself (`generate_series`) rather than a row at a time in Python.

`data.py` makes tens of thousands of rows through the ORM, each score computed by
the scoring rules; at a million contacts that would take longer than the whole
bench may. Here the contacts' facts are drawn by `random()` from the same values
`data.py` uses (a share of them unknown), and the scores' bands, scores and
ranges are drawn too, in proportions a real workspace might have: the lists and
counts read those columns, never how they were computed. A drawn score's
breakdown is a short placeholder; no list reads it.

`drop_contacts` deletes what these helpers made with two plain DELETEs: deleting a
workspace through the ORM would first load its million contacts into memory.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils.text import slugify

from accounts.models import Workspace
from bench import data
from fitcheck.models import Contact, FitScore, Rubric
from personas.models import Education, FamilyStatus, Gender, IncomeBand

# First names and surnames enough that a surname's contacts are spread through
# the list's alphabetical order, as they are in a real address book.
FIRST_NAMES = [
    *["Amira", "Ben", "Carla", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines"],
    *["Jonas", "Kira", "Liam", "Maya", "Nadia", "Omar", "Priya", "Quentin"],
    *["Rosa", "Sami", "Tara", "Uma", "Victor", "Wen", "Yara", "Zoë", "Aoife"],
    *["Bruno", "Chloé", "Dario", "Emre", "Fatima", "Gustav", "Hana", "Ivan"],
    *["Jana", "Kofi", "Lena", "Marek", "Nils", "Olga"],
]
LAST_NAMES = [
    *["Adler", "Brooks", "Costa", "Dubois", "Evans", "Fischer", "Ito", "Côté"],
    *["Nowak", "Silva", "Müller", "Rossi", "Haddad", "Kowalski", "Jensen"],
    *["Okafor", "Lindqvist", "Moreau", "García", "Novak", "Papadopoulos"],
    *["Schmidt", "Tanaka", "Walsh", "Yilmaz", "Zhang", "Baker", "Clarke"],
    *["Dimitrov", "Eriksen", "Ferreira", "Gallo", "Horvat", "Ivanova", "Kim"],
    *["Larsen", "Mendes", "Nguyen", "O'Brien", "Petrov"],
]
# Drawn scores: the share of each band, and each band's score range.
BAND_SCORES = [
    ("ideal", 0.10, 80, 100),
    ("good", 0.20, 60, 79),
    ("weak", 0.20, 40, 59),
    ("needs_information", 0.20, 20, 90),
    ("not_a_fit", 0.30, 0, 39),
]


def _pick(name: str) -> str:
    """SQL for one element of the array parameter `name`, drawn per row."""
    array = f"%({name})s::text[]"
    return f"({array})[1 + floor(random() * cardinality({array}))::int]"


def _some(name: str) -> str:
    """SQL for a random part of the array parameter `name`, drawn per row (the
    `n` keeps PostgreSQL from drawing it once for all rows)."""
    # Built from our own constant names, never from input.
    return (
        f"ARRAY(SELECT x FROM unnest(%({name})s::text[]) AS x "  # noqa: S608
        "WHERE random() < 0.4 + 0 * n)"
    )


# The SQL below is built from this module's constants only; values are parameters.
CONTACTS_SQL = f"""
INSERT INTO fitcheck_contact (
    workspace_id, name, email, phone, company, stage, source, age, gender,
    income_band, family_status, education, occupation, industry, company_size,
    location, languages, interests, "values", reported_pains, goals, red_flags,
    notes, phase_out, phase_out_note, created_at, updated_at
)
SELECT
    %(workspace)s,
    {_pick("first_names")} || ' ' || {_pick("last_names")},
    'contact' || n || '@example.com',
    '',
    'Practice ' || (n %% 997),
    {_pick("stages")},
    'imported',
    CASE WHEN random() < 0.15 THEN NULL ELSE 18 + floor(random() * 63)::int END,
    {_pick("genders")},
    {_pick("income_bands")},
    {_pick("family_statuses")},
    {_pick("education_levels")},
    {_pick("occupations")},
    {_pick("industries")},
    CASE WHEN random() < 0.3 THEN NULL ELSE 1 + floor(random() * 200)::int END,
    {_pick("locations")},
    CASE WHEN random() < 0.8 THEN ARRAY['English'] ELSE ARRAY['Portuguese'] END,
    {_some("interests")},
    {_some("values")},
    {_some("pains")},
    {_some("dreams")},
    CASE WHEN random() < 0.1 THEN ARRAY[%(red_flag)s] ELSE '{{}}'::text[] END,
    '', false, '', now(), now()
FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS n
"""  # noqa: S608

_BAND_CASE = " ".join(
    f"WHEN d.u < {sum(share for _, share, _, _ in BAND_SCORES[: i + 1]):.2f} "
    f"THEN '{band}'"
    for i, (band, _, _, _) in enumerate(BAND_SCORES[:-1])
)
SCORES_SQL = f"""
INSERT INTO fitcheck_fitscore (
    workspace_id, contact_id, persona_id, rubric_id, rubric_version, score,
    score_low, score_high, band, confidence, ask_about, knocked_out, breakdown,
    computed_at, stage, band_override, override_reason, reviewed
)
SELECT
    c.workspace_id, c.id, r.persona_id, r.id, r.version,
    CASE WHEN b.band = 'needs_information' THEN 50
         ELSE s.low + floor(d.v * (s.high - s.low + 1))::int END,
    s.low,
    CASE WHEN b.band = 'needs_information' THEN s.high
         ELSE s.low + floor(d.v * (s.high - s.low + 1))::int END,
    b.band,
    CASE WHEN b.band = 'needs_information' THEN 0.4 ELSE 0.9 END,
    CASE WHEN b.band = 'needs_information' THEN ARRAY['income', 'their work']
         ELSE '{{}}'::varchar[] END,
    false,
    '{{"lines": [], "summary": "Drawn for the bench."}}'::jsonb,
    now(), c.stage, '', '', false
FROM fitcheck_contact AS c
CROSS JOIN (
    SELECT id, persona_id, version FROM fitcheck_rubric WHERE id = ANY(%(rubrics)s)
) AS r
CROSS JOIN LATERAL (
    SELECT random() + 0 * c.id + 0 * r.id AS u, random() + 0 * c.id + 0 * r.id AS v
) AS d
CROSS JOIN LATERAL (
    SELECT CASE {_BAND_CASE} ELSE '{BAND_SCORES[-1][0]}' END AS band
) AS b
JOIN (VALUES {", ".join(f"('{b}', {lo}, {hi})" for b, _, lo, hi in BAND_SCORES)})
    AS s (band, low, high) ON s.band = b.band
WHERE c.workspace_id = %(workspace)s AND c.id > %(after)s
"""  # noqa: S608


def _facts() -> dict[str, list]:
    who = data.WHO
    return {
        "first_names": FIRST_NAMES,
        "last_names": LAST_NAMES,
        "stages": [str(stage) for stage in data.STAGES],
        "genders": ["", *Gender.values],
        "income_bands": ["", *IncomeBand.values],
        "family_statuses": ["", *FamilyStatus.values],
        "education_levels": ["", *Education.values],
        "occupations": ["", *who["occupations"], *data.OTHER_OCCUPATIONS],
        "industries": ["", *who["industries"], *data.OTHER_INDUSTRIES],
        "locations": ["", *who["locations"], *data.OTHER_LOCATIONS],
        "interests": who["interests"] + who["hobbies"],
        "values": who["values"],
        "pains": [text for text, _ in data.PAINS],
        "dreams": data.DREAMS,
        "red_flag": data.RED_FLAGS[0][0],
    }


def add_contacts(workspace: Workspace, count: int, *, first: int = 0) -> None:
    """`count` contacts with drawn facts, emails numbered from `first`."""
    parameters = {
        **_facts(),
        "workspace": workspace.pk,
        "first": first,
        "last": first + count - 1,
    }
    with connection.cursor() as cursor:
        cursor.execute(CONTACTS_SQL, parameters)


def add_scores(workspace: Workspace, rubrics: list[Rubric], *, after: int = 0) -> None:
    """A drawn score against each of `rubrics` for every contact of the
    workspace whose id is above `after` (the ones added since)."""
    parameters = {
        "workspace": workspace.pk,
        "rubrics": [rubric.pk for rubric in rubrics],
        "after": after,
    }
    with connection.cursor() as cursor:
        cursor.execute(SCORES_SQL, parameters)


def add_scored_contacts(
    workspace: Workspace, rubrics: list[Rubric], count: int, *, first: int = 0
) -> None:
    """`add_contacts`, then their drawn scores against each of `rubrics`."""
    last_id = _last_contact_id(workspace)
    add_contacts(workspace, count, first=first)
    add_scores(workspace, rubrics, after=last_id)


def _last_contact_id(workspace: Workspace) -> int:
    last = Contact.objects.filter(workspace=workspace).order_by("-pk").first()
    return last.pk if last else 0


def drop_contacts(scenario: str) -> None:
    """Delete the contacts and fit scores of every workspace of `scenario` (this
    run's and earlier ones'), with plain DELETEs. The scenarios here give their
    contacts nothing else that refers to them."""
    workspaces = Workspace.objects.filter(
        slug__startswith=f"{slugify(f'bench {scenario}')}-"
    ).values("pk")
    FitScore.objects.filter(workspace__in=workspaces).delete()
    with transaction.atomic(), connection.cursor() as cursor:
        # Contact.objects...delete() would collect each contact's related rows
        # in memory first; a DELETE by workspace reads none of them. Nothing
        # refers to these contacts any more, so the foreign keys' checks (four
        # index lookups a row: deleting a million took 20 minutes on a busy
        # machine) are switched off, for this transaction only.
        cursor.execute("SET LOCAL session_replication_role = replica")
        ids = [row["pk"] for row in workspaces]
        cursor.execute(
            "DELETE FROM fitcheck_contact WHERE workspace_id = ANY(%s)", [ids]
        )
    data.vacuum_analyze(Contact, FitScore)


@contextmanager
def dropped_after(scenario: str) -> Iterator[None]:
    """Delete the scenario's contacts and scores before (an earlier run that
    stopped part way) and after, however it ends."""
    drop_contacts(scenario)
    try:
        yield
    finally:
        drop_contacts(scenario)
        data.forget(f"bench-{scenario.replace('_', '-')}")
