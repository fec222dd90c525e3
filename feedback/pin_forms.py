"""The small form beside each group of answers that pins it to a pain or a dream
of a persona, or takes the pin off; and the one that adds an answer the
persona misses to its next version."""

import re

from django import forms

from personas.models import Persona

PIN, UNPIN = "pin", "unpin"
# A choice names the part by kind and id: "pain-12", "dream-4".
_TARGET = re.compile(r"^(pain|dream)-(\d{1,18})$")


class PinForm(forms.Form):
    answer = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    target = forms.CharField(
        label="Pin to",
        max_length=30,
        error_messages={"required": "Choose a pain or a dream to pin it to."},
    )
    action = forms.ChoiceField(
        choices=[(PIN, "Pin"), (UNPIN, "Unpin")], widget=forms.HiddenInput
    )

    def clean_target(self) -> tuple[str, int]:
        """("pain" or "dream", id); whether it is the workspace's is the view's
        to check (another workspace's part answers 404, like any object)."""
        found = _TARGET.match(self.cleaned_data["target"])
        if not found:
            raise forms.ValidationError("Choose a pain or a dream to pin it to.")
        return found[1], int(found[2])


def target_value(kind: str, part_id: int) -> str:
    return f"{kind}-{part_id}"


def persona_label(persona: Persona, tested_id: int | None) -> str:
    version = f" (version {persona.version})" if persona.version > 1 else ""
    tests = " · the persona this survey tests" if persona.pk == tested_id else ""
    return f"{persona.name}{version}{tests}"


def target_groups(
    personas: list[Persona], tested_id: int | None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The choices of the "Pin to" list, one group per persona: its pains,
    then its dreams."""
    groups = []
    for persona in personas:
        options = [
            (target_value("pain", pain.pk), f"Pain: {pain.text}")
            for pain in persona.pains.all()
        ] + [
            (target_value("dream", dream.pk), f"Dream: {dream.text}")
            for dream in persona.dreams.all()
        ]
        if options:
            groups.append((persona_label(persona, tested_id), options))
    return groups


class MissedAnswerForm(forms.Form):
    """A missed answer to add as a pain or a dream of the next version."""

    kind = forms.ChoiceField(choices=[("pain", "Pain"), ("dream", "Dream")])
    text = forms.CharField(max_length=2000)
