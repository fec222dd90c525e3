"""The example persona a new practitioner can look at before writing their own:
the demo data's first persona, read-only and in memory, answer by answer in the
worksheet's own steps and labels."""

from dataclasses import dataclass

from personas import demo, worksheet
from personas.models import Persona
from personas.step_post import NOT_COMPARED, display, row_text

EXAMPLE = demo.AMARA
LIST_TITLES = {"dreams": "Dreams", "pains": "Pains", "red_flags": "Red flags"}


@dataclass(frozen=True)
class ExampleStep:
    title: str
    answers: list[tuple[str, str]]
    lists: list[tuple[str, list[str]]]


def example_persona() -> Persona:
    """Not saved anywhere: the page reads its name, kind and tagline."""
    return Persona(**EXAMPLE["fields"])


def answers() -> list[ExampleStep]:
    persona = example_persona()
    rows = _rows()
    steps = []
    for step in worksheet.STEPS:
        answers, lists = [], []
        for _, form_class, prefix in step.parts:
            if prefix:
                fields = form_class.form.base_fields
                texts = [row_text(fields, _in(fields, row)) for row in rows[prefix]]
                lists.append((LIST_TITLES[prefix], texts))
                continue
            form = form_class(instance=persona)
            for name, field in form.fields.items():
                value = getattr(persona, name)
                if name not in NOT_COMPARED and value not in ("", None, []):
                    answers.append((str(field.label), display(field, value)))
        steps.append(ExampleStep(step.title, answers, lists))
    return steps


def _rows() -> dict[str, list[dict]]:
    """The demo's rows as dicts: a dream may be its sentence alone, a red flag a
    (sentence, severity) pair."""
    return {
        "dreams": [
            d if isinstance(d, dict) else {"text": d} for d in EXAMPLE["dreams"]
        ],
        "pains": list(EXAMPLE["pains"]),
        "red_flags": [
            flag if isinstance(flag, dict) else {"text": flag[0], "severity": flag[1]}
            for flag in EXAMPLE["red_flags"]
        ],
    }


def _in(fields: dict, row: dict) -> dict:
    return {name: row[name] for name in fields if name in row}
