"""Turning what clients say that a persona misses into a pain or a dream of its
next version (feedback/misses.py finds the candidates)."""

from django.db import transaction
from django.db.models import Max
from django.utils.text import Truncator

from personas import services as personas
from personas.models import Dream, Pain, Persona

PART_MODELS = {"pain": Pain, "dream": Dream}


@transaction.atomic
def add_to_next_version(*, persona: Persona, kind: str, text: str) -> Persona:
    """Add `text` as a pain or a dream to the persona's draft in progress (the
    newest version of its lineage, when that one is a draft), else to a new
    version of `persona`; the draft it went to. The versions are locked
    meanwhile, so two additions at once go to the same new draft."""
    Persona.objects.lock_lineage(persona.lineage)
    newest = Persona.objects.latest_version(persona.lineage)
    in_progress = (
        newest is not None
        and newest.status == Persona.Status.DRAFT
        and newest.workspace_id == persona.workspace_id
    )
    if not in_progress:
        newest = personas.new_version(persona=persona)
    model = PART_MODELS[kind]
    last = model.objects.filter(persona=newest).aggregate(last=Max("position"))
    limit = model._meta.get_field("text").max_length
    model.objects.create(
        persona=newest,
        text=Truncator(" ".join(text.split())).chars(limit),
        position=(last["last"] or 0) + 1,
    )
    personas.refresh_completeness(newest)
    return newest
