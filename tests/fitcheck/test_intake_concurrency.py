"""Many intake answers with one email at the same moment, in real threads against
PostgreSQL: one contact, every answer kept, one follow-up, every prospect shown a
result."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from fitcheck.models import Contact, FitScore, FollowUp, IntakePage
from tests.factories import WorkspaceFactory
from tests.personas.builders import make_maya

THREADS = 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("known", [False, True], ids=["new", "known"])
def test_concurrent_answers_with_one_email_make_or_update_one_contact(known):
    workspace = WorkspaceFactory(slug="harbour-lane")
    IntakePage.objects.create(
        workspace=workspace, persona=make_maya(workspace), published=True
    )
    if known:
        Contact.objects.create(workspace=workspace, name="Ana", email="ANA@example.com")
    url = reverse("fitcheck:intake", args=[workspace.slug])
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def answer(number: int) -> None:
        data = {"name": "Ana", "email": "ana@example.com", "message": f"Hi {number}"}
        try:
            client = Client()
            barrier.wait(timeout=10)
            # Each from its own address, so the rate limit lets all of them in.
            response = client.post(url, data, REMOTE_ADDR=f"203.0.113.{number}")
            outcomes.append(response.status_code)
        except Exception as error:  # Reported by the assertion below.
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=[n]) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes == [302] * THREADS
    contact = Contact.objects.get()
    assert contact.notes.count("From the fit intake") == THREADS
    # Too little known to say: one follow-up, however many answers at once.
    assert FollowUp.objects.filter(contact=contact).count() == 1
    assert contact.source == (
        Contact.Source.ENTERED if known else Contact.Source.INTAKE
    )
    assert FitScore.objects.filter(contact=contact).count() == 1
