"""The demo data tells the Evidence page's story: a year of clients, each with
the band kept from when they became one, whose answers favour the ideal fits."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from feedback import queries
from feedback.evidence import Outcome
from fitcheck.models import ClientSnapshot, Contact
from personas.models import Persona


def test_the_demo_s_ideal_fits_are_clearly_the_most_satisfied(db):
    call_command("seed_demo")
    kept_before = set(ClientSnapshot.objects.values_list("pk", "taken_at"))
    call_command("seed_demo")  # Rewrites no band kept before.
    assert kept_before <= set(ClientSnapshot.objects.values_list("pk", "taken_at"))
    clients = Contact.objects.filter(workspace__slug="demo-practice").clients()
    assert ClientSnapshot.objects.filter(contact__in=clients).exists()
    days = ClientSnapshot.objects.values_list("taken_at", flat=True)
    assert min(days) < timezone.now() - timedelta(days=300)  # A year of clients.
    for persona in Persona.objects.filter(
        workspace__slug="demo-practice", kind=Persona.Kind.IDEAL
    ):
        counts = queries.evidence_counts(persona=persona, rubric=None)
        evidence = queries.persona_evidence(counts)
        for verdict in (evidence.satisfaction, evidence.nps):
            assert verdict.outcome == Outcome.DIFFERENCE, persona.name
            assert all(" higher " in s for s in verdict.sentences)
