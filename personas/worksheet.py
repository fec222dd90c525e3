"""The worksheet's steps: their order, titles, prompts and the forms each one edits."""

from dataclasses import dataclass

from personas.forms import BeThemForm, ClosenessForm, PersonalityForm, WhoForm
from personas.models import Persona
from personas.part_forms import DreamFormSet, PainFormSet, RedFlagFormSet


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    intro: str
    # (context name, form or formset class, formset prefix or "")
    parts: tuple[tuple[str, type, str], ...]


STEPS = (
    Step(
        "who",
        "Who they are",
        "Start broad, then narrow down. Think of the clients you most enjoyed "
        "working with: what do they have in common? The more specific you are, "
        "the easier it is to speak to them.",
        (("form", WhoForm, ""),),
    ),
    Step(
        "personality",
        "Give them a personality",
        "Now turn the group into one person. Give them a name and enough everyday "
        "detail that you could pick them out in a café.",
        (("form", PersonalityForm, ""),),
    ),
    Step(
        "be_them",
        "Be your customer",
        "Step into their shoes for a few minutes and write from the inside: what "
        "they feel, say and worry about.",
        (("form", BeThemForm, ""),),
    ),
    Step(
        "dreams_pains",
        "Dreams and pains",
        "People come to you because something hurts and they want a better life "
        "without it. Name the dreams, then the pains standing in the way, and how "
        "your offer takes each pain away.",
        (("dreams", DreamFormSet, "dreams"), ("pains", PainFormSet, "pains")),
    ),
    Step(
        "red_flags",
        "Red flags",
        "Not everyone is your customer. Write down the behaviours that tell you a "
        "client is not for you, so you can kindly point them elsewhere.",
        (("red_flags", RedFlagFormSet, "red_flags"), ("form", ClosenessForm, "")),
    ),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
REVIEW = "review"
ORDER = [step.slug for step in STEPS] + [REVIEW]


def next_step(slug: str) -> str:
    return ORDER[ORDER.index(slug) + 1]


def build_forms(
    step: Step, persona: Persona, data=None, files=None, add_row: str = ""
) -> dict:
    """The step's forms, bound when there is data.

    An unbound formset shows one blank row when it has none yet, and one more for
    the formset named by `add_row` (how "Add another" works without JavaScript).
    """
    forms = {}
    for name, form_class, prefix in step.parts:
        if not prefix:
            forms[name] = form_class(instance=persona, data=data, files=files)
            continue
        formset = form_class(instance=persona, data=data, files=files, prefix=prefix)
        if data is None:
            formset.extra = (0 if formset.rows_by_id else 1) + int(add_row == prefix)
        forms[name] = formset
    return forms


def all_valid(forms: dict) -> bool:
    # Validate every form (no short-circuit) so all errors show at once.
    results = [form.is_valid() for form in forms.values()]
    return all(results)
