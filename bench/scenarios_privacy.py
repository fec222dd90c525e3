"""Privacy scenarios: exporting then erasing one person in a workspace of
100,000 contacts, against deleting one bare row."""

from datetime import timedelta

from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from bench import data, data_scale
from bench.harness import Bench, MeasurementError
from bench.scenarios import Pair, scenario
from feedback.models import Answer, Invitation, Question, Response, Survey
from fitcheck.models import Contact, FitScore
from fitcheck.services import rubric_versions, scores
from privacy.person_data import person_data, readable
from privacy.services.erasure import erase_contacts

CONTACTS = 100_000
# People exported and erased one after the other, each in its own transaction.
ERASED = 20


@scenario("erase_contact")
def erase_contact(bench: Bench) -> Pair:
    """The export file of a person who answered a survey, then their erasure, in a
    workspace of 100,000 scored contacts; against deleting one bare row, one
    statement in its own transaction. The goal is under a second per person
    (the line's app rate at least 1 item/s)."""
    # The contacts and their scores are made by PostgreSQL and deleted at the
    # end without the ORM, which would load a hundred thousand contacts first.
    with data_scale.dropped_after("erase_contact"):
        practice = data.new_workspace("erase_contact")
        rubric = rubric_versions.applied_rubric(
            persona=data.full_persona(practice.workspace)
        )
        data_scale.add_scored_contacts(practice.workspace, [rubric], CONTACTS)
        people = list(
            Contact.objects.filter(workspace=practice.workspace).order_by("pk")[:ERASED]
        )
        for person in people:
            # Drawn scores have no breakdown: the export shows the real one.
            scores.score_contact_now(contact=person)
        _answer_a_survey(practice.workspace, people)
        data.vacuum_analyze(Contact, FitScore, Invitation, Response, Answer)
        baseline = bench.measure_callable(_delete_bare_rows(ERASED), ERASED)
        app = bench.measure_callable(lambda: _export_and_erase(people), ERASED)
        left = Contact.objects.filter(pk__in=[p.pk for p in people]).count()
    if left:
        raise MeasurementError(f"{left} of {ERASED} people were not erased")
    return app, baseline


def _export_and_erase(people: list[Contact]) -> None:
    """What the export view and the erase view do, without HTTP."""
    for person in people:
        contact = Contact.objects.select_related("workspace").get(pk=person.pk)
        person_file = person_data(contact)
        document = person_file.as_json()
        render_to_string(
            "privacy/person_export.html",
            {
                "person": person_file,
                "document": document,
                "page": readable(document),
            },
        )
        erase_contacts(
            workspace=contact.workspace,
            contacts=Contact.objects.filter(pk=contact.pk),
            keep_answers=True,
        )


def _delete_bare_rows(count: int):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_baseline_row (created_at, note)"
            " SELECT now(), 'bench' FROM generate_series(1, %s) RETURNING id",
            [count],
        )
        ids = [row[0] for row in cursor.fetchall()]

    def delete() -> None:
        for row_id in ids:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("DELETE FROM bench_baseline_row WHERE id = %s", [row_id])

    return delete


def _answer_a_survey(workspace, people: list[Contact]) -> None:
    """Each person invited to a survey of three questions, and answered it."""
    survey = Survey.objects.create(workspace=workspace, title="Check-in")
    questions = Question.objects.bulk_create(
        [
            Question(survey=survey, position=0, kind=Question.Kind.RATING, text="How?"),
            Question(survey=survey, position=1, kind=Question.Kind.NPS, text="Tell?"),
            Question(survey=survey, position=2, kind=Question.Kind.LONG_TEXT, text="?"),
        ]
    )
    now = timezone.now()
    invitations = Invitation.objects.bulk_create(
        Invitation(
            survey=survey,
            contact=person,
            status=Invitation.Status.ANSWERED,
            expires_at=now + timedelta(days=30),
            answered_at=now,
        )
        for person in people
    )
    responses = Response.objects.bulk_create(
        Response(survey=survey, invitation=i, contact_id=i.contact_id, submitted_at=now)
        for i in invitations
    )
    Answer.objects.bulk_create(
        answer
        for response in responses
        for answer in (
            Answer(response=response, question=questions[0], number=4),
            Answer(response=response, question=questions[1], number=9),
            Answer(response=response, question=questions[2], text="Evenings suit me."),
        )
    )
