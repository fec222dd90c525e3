"""Fit check scenarios: the public intake, the admin's score list as it grows, and
a re-score of 100,000 contacts in the worker."""

from bench import data, data_scale
from bench.bodies import good_fit_answers
from bench.harness import Bench, Measurement, MeasurementError
from bench.scenarios import Pair, insert, scenario
from fitcheck import scoring
from fitcheck.models import Band, Contact, FitScore, IntakePage, Rubric
from fitcheck.services import rubric_versions, scores

SCORES_ADMIN_PATH = "/admin/fitcheck/fitscore/"
SCORES_SMALL = 1_000
SCORES_LARGE = 100_000
# Each contact is scored against every persona, as in a real workspace: 100,000
# scores are 25,000 contacts and four personas, a quarter of the rows to create.
ADMIN_PERSONAS = 4
RESCORED = 100_000
# Distinct prospects to post; see Bench.measure_paths for the sizing.
INTAKE_POSTS = 5_000
GOOD_FIT = {Band.IDEAL, Band.GOOD}


@scenario("intake_post")
def intake_post(bench: Bench) -> Pair:
    """A good-fit prospect answers the public intake, each with another email."""
    practice = data.new_workspace("intake_post")
    persona = data.full_persona(practice.workspace)
    page = IntakePage.objects.create(
        workspace=practice.workspace,
        persona=persona,
        published=True,
        booking_url="https://example.com/book-a-call",
        referrals="The Practice Growth Collective https://example.com/collective",
    )
    rubric = rubric_versions.applied_rubric(persona=persona)
    answers = good_fit_answers(rubric.as_scoring().criteria)
    path = page.get_absolute_url()
    requests = [
        ("POST", path, bench.form_body([*answers, *_prospect(number)]))
        for number in range(INTAKE_POSTS)
    ]
    headers = bench.csrf_headers()
    baseline = insert(bench, headers)  # First: see insert() in bench/scenarios.py.
    app = bench.measure_paths(requests, headers, expect=302)
    _check_good_fit(persona.pk, email=_email(0))
    return app, baseline


def _prospect(number: int) -> list[tuple[str, str]]:
    return [
        ("name", f"Prospect {number}"),
        ("email", _email(number)),
        ("message", "I found you through a colleague. Could we talk next week?"),
    ]


def _email(number: int) -> str:
    return f"prospect{number}@example.com"


def _check_good_fit(persona_id: int, *, email: str) -> None:
    """The scenario is about the prospects the page is for: the first one must
    have scored as one."""
    fit = FitScore.objects.filter(persona_id=persona_id, contact__email=email).first()
    if fit is None or fit.band not in GOOD_FIT:
        band = fit.band if fit else "no score"
        raise MeasurementError(f"the intake's prospect scored {band}, not a good fit")


@scenario("admin_scores_growth")
def admin_scores_growth(bench: Bench) -> Pair:
    """The admin's fit-score list at 100,000 rows against the same list at 1,000,
    measured one after the other: the line's "app" is the rate at 100,000 rows
    and its "baseline" the rate at 1,000."""
    return admin_scores_pair(
        bench,
        "admin_scores_growth",
        personas=ADMIN_PERSONAS,
        small=SCORES_SMALL,
        large=SCORES_LARGE,
    )


def admin_scores_pair(
    bench: Bench, name: str, *, personas: int, small: int, large: int
) -> Pair:
    """The admin's list at `large` scores, then at `small`, each contact scored
    against `personas` personas. The rows are made by PostgreSQL
    (bench/data_scale.py), and deleted at the end."""
    with data_scale.dropped_after(name):
        practice = data.new_workspace(name, superuser=True)
        # A superuser's list counts and pages every workspace's scores, so the
        # table must hold this scenario's rows only.
        FitScore.objects.exclude(workspace=practice.workspace).delete()
        rubrics = [
            rubric_versions.applied_rubric(
                persona=data.full_persona(practice.workspace, name=f"Persona {number}")
            )
            for number in range(1, personas + 1)
        ]
        headers = bench.logged_in_headers(practice.owner, two_factor=True)
        data_scale.add_scored_contacts(practice.workspace, rubrics, small // personas)
        data.vacuum_analyze(Contact, FitScore)
        at_small = bench.measure_http("GET", SCORES_ADMIN_PATH, headers=headers)
        data_scale.add_scored_contacts(
            practice.workspace,
            rubrics,
            (large - small) // personas,
            first=small // personas,
        )
        data.vacuum_analyze(Contact, FitScore)
        at_large = bench.measure_http("GET", SCORES_ADMIN_PATH, headers=headers)
    return at_large, at_small


@scenario("rescore_100k")
def rescore_100k(bench: Bench) -> Pair:
    return rescore_pair(bench, "rescore_100k", RESCORED)


def rescore_pair(bench: Bench, name: str, count: int) -> Pair:
    """Re-score `count` contacts as the worker does, against the same batched
    reads and writes with a constant result in place of the scoring rules. The
    contacts are made by PostgreSQL (bench/data_scale.py), and deleted at the
    end with their scores."""
    with data_scale.dropped_after(name):
        practice = data.new_workspace(name)
        rubric = rubric_versions.applied_rubric(
            persona=data.full_persona(practice.workspace)
        )
        data_scale.add_contacts(practice.workspace, count)
        # The constant is a real result, so the bare loop stores as big a
        # breakdown.
        first = Contact.objects.filter(workspace=practice.workspace).first()
        constant = scoring.score_contact(rubric.as_scoring(), first.scoring_facts())
        bare = _rescore(bench, rubric, lambda rules, facts: constant, count)
        app = _rescore(bench, rubric, scoring.score_contact, count)
    return app, bare


def _rescore(
    bench: Bench, rubric: Rubric, score_fn: scores.ScoreFn, count: int
) -> Measurement:
    """Contacts per second of one re-score, from a table without their scores,
    so each run writes the same `count` new rows."""
    stored = FitScore.objects.filter(persona_id=rubric.persona_id)
    stored.delete()
    data.vacuum_analyze(Contact, FitScore)
    measured = bench.measure_callable(
        lambda: scores.rescore_contacts(rubric=rubric, score_fn=score_fn), count
    )
    if (written := stored.count()) != count:
        raise MeasurementError(f"{written:,} of {count:,} contacts were scored")
    return measured
