"""The intake editor's forms: rewording, hiding and adding questions.

A form reads an IntakeQuestion and gives back an `intake_drafting.Question` for
the service to store (fitcheck/services/intake_questions.py); it writes nothing.
"""

from dataclasses import replace
from typing import Any

from django import forms

from fitcheck.criteria import Criterion, Kind
from fitcheck.intake_drafting import (
    Counts,
    Option,
    Question,
    QuestionKind,
    Source,
    own_options,
)
from fitcheck.models.intake import WORDING_LENGTH

OWN_OPTIONS_MAX = 12
COUNTS_SHOWN = {
    Counts.FOR: "Counts towards a fit",
    Counts.AGAINST: "Counts against (kept as a red flag)",
    Counts.NONE: "“None of these”",
    Counts.CHOICE: "",
}
OWN_KINDS = [
    (QuestionKind.TEXT.value, "A short written answer"),
    (QuestionKind.MANY.value, "Tick boxes (any number)"),
    (QuestionKind.ONE.value, "One answer"),
]
NOT_SCORED = ("", "Not scored: keep the answer with the contact")


class QuestionForm(forms.Form):
    """One question's wording, help and visibility, and its answers' labels and
    whether each is offered. One's own question also has its kind, its answers
    (one per line) and the criterion that scores it."""

    wording = forms.CharField(label="Question", max_length=WORDING_LENGTH)
    help_text = forms.CharField(
        label="Help under the question",
        max_length=WORDING_LENGTH,
        required=False,
    )
    hidden = forms.BooleanField(
        label="Hide this question from prospects", required=False
    )

    def __init__(
        self,
        *args: Any,
        question: Question,
        criteria: tuple[Criterion, ...] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        own = question.source is Source.OWN
        self.initial.update(
            {
                "wording": question.wording,
                "help_text": question.help_text,
                "hidden": question.hidden,
            }
        )
        if own:
            self._own_fields(question, criteria)
        else:
            self._option_fields(question)

    def _option_fields(self, question: Question) -> None:
        for index, option in enumerate(question.options):
            self.fields[f"label_{index}"] = forms.CharField(
                label=f"Answer {index + 1}",
                max_length=WORDING_LENGTH,
                initial=option.label,
                help_text=_option_help(option),
            )
            self.fields[f"offer_{index}"] = forms.BooleanField(
                label="Offer this answer", required=False, initial=not option.hidden
            )

    def _own_fields(self, question: Question, criteria: tuple[Criterion, ...]) -> None:
        self.fields["kind"] = forms.ChoiceField(
            label="How prospects answer",
            choices=OWN_KINDS,
            initial=question.kind.value,
        )
        self.fields["answers"] = forms.CharField(
            label="Answers to choose from",
            required=False,
            max_length=OWN_OPTIONS_MAX * (WORDING_LENGTH + 2),
            widget=forms.Textarea(attrs={"rows": 4}),
            initial="\n".join(option.label for option in question.options),
            help_text=f"For tick boxes or one answer: one per line, up to "
            f"{OWN_OPTIONS_MAX}.",
        )
        scorable = [
            (c.key, c.label) for c in criteria if c.positive and c.kind is Kind.CONTAINS
        ]
        self.fields["criterion"] = forms.ChoiceField(
            label="Score the answer against",
            required=False,
            choices=[NOT_SCORED, *scorable],
            initial=question.criterion_key,
            help_text="The answer is matched like the rest of the contact's "
            "facts: by phrase and word stem.",
        )

    def option_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """Each answer's label field beside its "offer" box."""
        return [
            (self[f"label_{index}"], self[f"offer_{index}"])
            for index in range(len(self.question.options))
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "kind" in self.fields:
            kind = cleaned.get("kind")
            lines = own_options(cleaned.get("answers", ""))
            if kind in (QuestionKind.MANY, QuestionKind.ONE) and len(lines) < 2:
                self.add_error("answers", "Give at least two answers, one per line.")
            elif len(lines) > OWN_OPTIONS_MAX:
                self.add_error(
                    "answers", f"Keep it to {OWN_OPTIONS_MAX} answers or fewer."
                )
            elif any(len(option.value) > WORDING_LENGTH for option in lines):
                self.add_error(
                    "answers",
                    f"Each answer can be at most {WORDING_LENGTH} characters.",
                )
        return cleaned

    def values(self) -> Question:
        """The question as edited."""
        data = self.cleaned_data
        question = replace(
            self.question,
            wording=data["wording"].strip(),
            help_text=data["help_text"].strip(),
            hidden=data["hidden"],
        )
        if "kind" in self.fields:
            kind = QuestionKind(data["kind"])
            options = (
                own_options(data["answers"]) if kind is not QuestionKind.TEXT else ()
            )
            return replace(
                question,
                kind=kind,
                options=options,
                criterion_key=data.get("criterion") or "",
            )
        return replace(question, options=self._edited_options())

    def _edited_options(self) -> tuple[Option, ...]:
        options = []
        for index, option in enumerate(self.question.options):
            label = self.cleaned_data[f"label_{index}"].strip()
            hidden = not self.cleaned_data[f"offer_{index}"]
            edited = option.edited or label != option.label or hidden != option.hidden
            options.append(replace(option, label=label, hidden=hidden, edited=edited))
        return tuple(options)


def _option_help(option: Option) -> str:
    parts = [COUNTS_SHOWN[option.counts]]
    if option.counts is not Counts.NONE and option.value != option.label:
        parts.append(f"Drafted from “{option.value}”")
    if option.check and not option.edited:
        parts.append("Please check the wording")
    return ". ".join(part for part in parts if part) + ("." if any(parts) else "")


def new_question() -> Question:
    """What a new question of one's own starts as."""
    return Question(
        key="own:new",
        kind=QuestionKind.TEXT,
        wording="",
        source=Source.OWN,
    )
