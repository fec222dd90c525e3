"""Growth on one machine: pages at a million rows against themselves at ten
thousand, and the worker's jobs (an import, a re-score) at a million contacts.

The million-row tables are made by PostgreSQL (bench/data_scale.py) and deleted
at the end of each scenario, so the bench database does not keep them.
"""

import csv
import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from psycopg import sql

from bench import data, data_scale
from bench.data_scale import dropped_after
from bench.harness import Bench, Measurement, MeasurementError
from bench.memory import MIB, mib, streamed_peak
from bench.scenarios import Pair, scenario
from bench.scenarios_feedback import add_responses, open_survey
from bench.scenarios_fitcheck import admin_scores_pair, rescore_pair
from fitcheck.models import Contact, ContactImport, FitScore, Rubric
from fitcheck.services import import_jobs, rubric_versions

MILLION = 1_000_000
LIST_SMALL = 10_000
# The contacts list's search: a surname about one contact in forty has, typed
# without its accents (the contacts are "Côté"), with a band filter.
CONTACTS_QUERY = "?q=cote&band=good"
ADMIN_PERSONAS = 2
RESPONSES_SMALL = 100
RESPONSES_LARGE = 100_000
IMPORTED = MILLION
IMPORT_PEAK_GOAL_MIB = 150
NUMBERS = ("age", "company_size")  # The file's number columns.
# The columns of the imported file: the app's own export's names, so the
# import's guess maps them as a practitioner would find them mapped.
IMPORT_COLUMNS = [
    "name",
    "email",
    "phone",
    "company",
    "stage",
    "age",
    "gender",
    "income_band",
    "occupation",
    "industry",
    "company_size",
    "location",
]
RESCORED = MILLION


def _personas_with_rubrics(practice: data.Practice, count: int) -> list[Rubric]:
    return [
        rubric_versions.applied_rubric(
            persona=data.full_persona(practice.workspace, name=f"Persona {number}")
        )
        for number in range(1, count + 1)
    ]


@scenario("contacts_list_growth")
def contacts_list_growth(bench: Bench) -> Pair:
    """The contacts list searched and filtered by band, at 1,000,000 contacts
    (each scored against two personas) against the same at 10,000: the line's
    "app" is the rate at a million and its "baseline" the rate at 10,000."""
    name = "contacts_list_growth"
    with dropped_after(name):
        practice = data.new_workspace(name)
        rubrics = _personas_with_rubrics(practice, 2)
        headers = bench.logged_in_headers(practice.owner)
        path = reverse("fitcheck:contact_list") + CONTACTS_QUERY
        data_scale.add_scored_contacts(practice.workspace, rubrics, LIST_SMALL)
        data.vacuum_analyze(Contact, FitScore)
        _check_matches(practice, LIST_SMALL)
        at_small = bench.measure_http("GET", path, headers=headers)
        more = MILLION - LIST_SMALL
        data_scale.add_scored_contacts(
            practice.workspace, rubrics, more, first=LIST_SMALL
        )
        data.vacuum_analyze(Contact, FitScore)
        at_large = bench.measure_http("GET", path, headers=headers)
    return at_large, at_small


def _check_matches(practice: data.Practice, size: int) -> None:
    """The search must find contacts: a page that says "No contacts match" is
    fast at any size."""
    contacts = Contact.objects.for_workspace(practice.workspace).search("cote")
    if not contacts.filtered(band="good").exists():
        raise MeasurementError(f"the search finds no contact among {size:,}")


@scenario("admin_scores_1m_growth")
def admin_scores_1m_growth(bench: Bench) -> Pair:
    """The admin's fit-score list at 1,000,000 scores against the same list at
    10,000 (500,000 and 5,000 contacts, two personas)."""
    return admin_scores_pair(
        bench,
        "admin_scores_1m_growth",
        personas=ADMIN_PERSONAS,
        small=LIST_SMALL,
        large=MILLION,
    )


@scenario("results_100k_growth")
def results_100k_growth(bench: Bench) -> Pair:
    """A survey's results page at 100,000 responses against the same page at
    100; then the CSV export of the 100,000, whose peak memory the line gives."""
    name = "results_100k_growth"
    practice = data.new_workspace(name)
    survey = open_survey(practice)
    headers = bench.logged_in_headers(practice.owner)
    path = reverse("feedback:results", args=[survey.pk])
    add_responses(survey, RESPONSES_SMALL)
    at_small = bench.measure_http("GET", path, headers=headers)
    more = RESPONSES_LARGE - RESPONSES_SMALL
    add_responses(survey, more, first=RESPONSES_SMALL)
    at_large = bench.measure_http("GET", path, headers=headers)
    size, peak = _export_peak(
        practice, reverse("feedback:results_export", args=[survey.pk])
    )
    note = (
        f"export of {RESPONSES_LARGE:,} responses: {mib(size)} streamed, "
        f"peak {mib(peak)}"
    )
    # The responses' contacts, invitations and answers go with the workspace;
    # a hundred thousand of each is what the ORM's delete can still hold.
    data.forget(f"bench-{name.replace('_', '-')}")
    return _noted(at_large, note), at_small


def _export_peak(practice: data.Practice, path: str) -> tuple[int, int]:
    """Bytes of the CSV export and the peak memory Python allocated streaming
    it, through the view as a request would reach it."""
    client = Client(SERVER_NAME="localhost")
    client.force_login(practice.owner)
    response = client.get(path)
    if response.status_code != 200 or not response.streaming:
        raise MeasurementError(f"the export answered {response.status_code}")
    return streamed_peak(response.streaming_content)


def _noted(measurement: Measurement, note: str) -> Measurement:
    return Measurement(measurement.rate, measurement.unit, measurement.p95_ms, note)


@scenario("import_1m")
def import_1m(bench: Bench) -> Pair:
    """A 1,000,000-row CSV imported by the app's import job
    (services/import_jobs.py), queued as the confirming page does and run by
    its task in a process of its own, as a worker runs it, against a bare COPY of the
    same rows into the same table; the line gives the worker's peak memory."""
    name = "import_1m"
    with dropped_after(name):
        bare_practice = data.new_workspace(name)
        relative = Path("imports") / "bench" / "import-1m.csv"
        file = Path(settings.MEDIA_ROOT) / relative
        file.parent.mkdir(parents=True, exist_ok=True)
        try:
            _write_export(file, IMPORTED)
            data.vacuum_analyze(Contact)
            bare = bench.measure_callable(
                lambda: _bare_copy(file, bare_practice.workspace.pk), IMPORTED
            )
            data_scale.drop_contacts(name)
            app, peak_kib = _import_in_worker(name, relative)
        finally:
            file.unlink(missing_ok=True)
    peak = peak_kib * 1024
    note = f"worker peak {mib(peak)} (goal under {IMPORT_PEAK_GOAL_MIB} MiB)"
    if peak >= IMPORT_PEAK_GOAL_MIB * MIB:
        raise MeasurementError(f"{note}: over the goal")
    return _noted(app, note), bare


def _write_export(file: Path, count: int) -> None:
    """A contact export as the app writes one: its columns and stored values."""
    facts = data_scale._facts()
    first, last = facts["first_names"], facts["last_names"]
    with file.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(IMPORT_COLUMNS)
        for n in range(count):
            writer.writerow(
                [
                    f"{first[n % len(first)]} {last[(n // 7) % len(last)]}",
                    f"person{n}@example.com",
                    f"+44 20 7946 {n % 10000:04d}",
                    f"Practice {n % 997}",
                    data.STAGES[n % len(data.STAGES)],
                    18 + n % 63,
                    facts["genders"][n % len(facts["genders"])],
                    facts["income_bands"][n % len(facts["income_bands"])],
                    facts["occupations"][n % len(facts["occupations"])],
                    facts["industries"][n % len(facts["industries"])],
                    n % 200 + 1 if n % 3 else "",
                    facts["locations"][n % len(facts["locations"])],
                ]
            )


def _bare_copy(file: Path, workspace_id: int) -> None:
    """The file's rows into the contacts table with COPY in one transaction,
    nothing checked: the other columns get the values an import gives them."""
    now_defaults = {
        "workspace_id": workspace_id,
        "source": Contact.Source.IMPORTED,
    }
    fields = [
        f
        for f in Contact._meta.concrete_fields
        if not f.primary_key and not f.generated
    ]
    defaults = {f.attname: f.get_default() for f in fields} | now_defaults
    columns = [f.attname for f in fields]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(Contact._meta.db_table),
        sql.SQL(", ").join(sql.Identifier(f.column) for f in fields),
    )
    defaults["created_at"] = defaults["updated_at"] = timezone.now()
    with file.open(newline="", encoding="utf-8") as source, transaction.atomic():
        reader = csv.reader(source)
        header = next(reader)
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            # Typed as the app's import types them (import_jobs.ContactCopy), so
            # the ratio measures the import's checks, not a faster conversion.
            # The file's numbers go as the text they are; PostgreSQL reads them.
            copy.set_types(
                [
                    "text" if f.attname in NUMBERS else import_jobs.copy_type(f)
                    for f in fields
                ]
            )
            for cells in reader:
                row = defaults | {
                    column: cell or None if column in NUMBERS else cell
                    for column, cell in zip(header, cells, strict=True)
                }
                copy.write_row([row[column] for column in columns])


def _import_in_worker(name: str, relative: Path) -> tuple[Measurement, int]:
    practice = data.new_workspace(f"{name} app")
    contact_import = ContactImport.objects.create(
        workspace=practice.workspace,
        original_name="import-1m.csv",
        mapping=IMPORT_COLUMNS,
    )
    contact_import.file.name = str(relative)
    contact_import.checks = {"rows": IMPORTED}
    contact_import.save(update_fields=["file", "checks"])
    job = import_jobs.queue_import(contact_import=contact_import)
    command = [sys.executable, "-m", "bench.import_worker", str(job.pk)]
    # Our own module and an id this run made; the environment names the bench's
    # settings and database (bench/run.py).
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise MeasurementError(f"the import worker failed: {done.stderr[-2000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    if report["imported"] != IMPORTED or report["status"] != "done":
        raise MeasurementError(
            f"{report['imported']:,} of {IMPORTED:,} rows were imported "
            f"({report['rejected']:,} rejected) {report['problem']}"
        )
    # The worker's own timing: the import, without the process's start-up.
    return Measurement(IMPORTED / report["seconds"], "items/s"), report["peak_kib"]


@scenario("rescore_1m")
def rescore_1m(bench: Bench) -> Pair:
    """`rescore_100k` at 1,000,000 contacts."""
    return rescore_pair(bench, "rescore_1m", RESCORED)
