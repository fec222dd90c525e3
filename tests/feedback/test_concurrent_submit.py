"""Many submits of one link at the same moment, in real threads against
PostgreSQL: exactly one response is stored and everyone is thanked."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from feedback import services
from feedback.models import Answer, Invitation, Question, Response
from tests.factories import InvitationFactory, QuestionFactory, SurveyFactory

THREADS = 8
THANKS = "Thanks for answering."


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
def test_concurrent_submits_of_one_link_store_exactly_one_response(anonymous):
    survey = SurveyFactory(anonymous=anonymous, thank_you=THANKS)
    rating = QuestionFactory(survey=survey, kind=Question.Kind.RATING, required=True)
    text = QuestionFactory(survey=survey, kind=Question.Kind.SHORT_TEXT)
    invitation = InvitationFactory(survey=survey)
    url = reverse("feedback:answer", args=[services.new_link_token(invitation)])
    data = {f"q{rating.pk}": "5", f"q{text.pk}": "Great"}
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def submit() -> None:
        try:
            client = Client()
            barrier.wait(timeout=10)
            response = client.post(url, data)
            outcomes.append((response.status_code, THANKS in response.text))
        except Exception as error:  # Reported by the assertion below.
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes == [(200, True)] * THREADS
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(response__survey=survey).count() == 2
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ANSWERED
