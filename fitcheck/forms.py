from dataclasses import dataclass

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import URLValidator
from django.utils.text import Truncator

from core.framing import normalise_origin
from fitcheck import contact_rows, contact_values, csvfiles
from fitcheck.criteria_from_persona import list_label
from fitcheck.models import (
    PHASE_OUT_BANDS,
    Band,
    Contact,
    Criterion,
    IntakePage,
    Rubric,
)
from fitcheck.models.intake import ORIGIN_LENGTH
from fitcheck.services import imports
from personas.fields import LinesField
from personas.models import Dream, Pain, Persona, RedFlag

# Contact fact -> (persona part model, label for the "other" box)
SUGGESTED_FACTS = {
    "reported_pains": (Pain, "Other pains they mention"),
    "goals": (Dream, "Other things they hope for"),
    "red_flags": (RedFlag, "Other red flags you noticed"),
}


class ContactForm(forms.ModelForm):
    """A contact's details and facts. Pains, hopes and red flags offer the
    workspace's persona texts as tick boxes (so they match exactly when scored),
    plus a box for anything else, one per line."""

    # Declared, because Django reads a formfield_callback from Meta only: these
    # lists are typed one item per line, not separated by commas.
    languages = LinesField(label="Languages", help_text="One per line.", max_length=300)
    interests = LinesField(label="Interests", help_text="One per line.", max_length=300)
    values = LinesField(label="Values", help_text="One per line.", max_length=300)

    class Meta:
        model = Contact
        fields = [
            "name",
            "email",
            "phone",
            "company",
            "stage",
            *Contact.FACTS,
            "notes",
        ]
        labels = {
            "reported_pains": "Pains they report",
            "goals": "What they hope for",
            "red_flags": "Red flags you noticed",
            "company_size": "Company size (people)",
        }
        help_texts = {
            "age": "Leave empty when you don't know: unknown facts never count against "
            "anyone, they only lower the confidence of the score.",
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        for fact, (model, other_label) in SUGGESTED_FACTS.items():
            self._offer_suggestions(fact, _persona_texts(model, workspace), other_label)

    def _offer_suggestions(self, fact: str, known: list[str], other_label: str):
        current = list(getattr(self.instance, fact) or [])
        label = self.fields[fact].label
        self.fields[fact] = forms.MultipleChoiceField(
            label=label,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(text, text) for text in known],
            initial=[text for text in current if text in known],
        )
        self.fields[f"other_{fact}"] = LinesField(
            label=other_label,
            help_text="One per line.",
            initial=[text for text in current if text not in known],
        )
        if not known:
            self.fields[fact].widget = forms.MultipleHiddenInput()
        self.order_fields([*self.fields])

    def clean_phone(self) -> str:
        return contact_rows.ODD_SPACES.sub(" ", self.cleaned_data["phone"]).strip()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        others = Contact.objects.for_workspace(self.workspace).exclude(
            pk=self.instance.pk
        )
        if email and others.filter(email__iexact=email).exists():
            raise forms.ValidationError("Another contact already uses this email.")
        return email

    def clean(self):
        cleaned = super().clean()
        for fact in SUGGESTED_FACTS:
            chosen = cleaned.get(fact) or []
            others = cleaned.get(f"other_{fact}") or []
            cleaned[fact] = list(dict.fromkeys([*chosen, *others]))
        return cleaned

    def save(self, commit: bool = True) -> Contact:
        self.instance.workspace = self.workspace
        for fact in SUGGESTED_FACTS:
            setattr(self.instance, fact, self.cleaned_data[fact])
        return super().save(commit=commit)


def _persona_texts(model, workspace) -> list[str]:
    texts = model.objects.filter(
        persona__workspace=workspace, persona__status=Persona.Status.ACTIVE
    ).values_list("text", flat=True)
    return list(dict.fromkeys(texts))


class ContactFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        widget=forms.SearchInput(attrs={"placeholder": "Name, email or company"}),
    )
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[("", "All stages"), *Contact.Stage.choices],
    )
    band = forms.ChoiceField(label="Fit", required=False)
    persona = forms.ModelChoiceField(
        label="Persona",
        required=False,
        queryset=Persona.objects.none(),
        empty_label="Any persona",
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = [("", "Any fit"), *Band.choices]
        self.fields["persona"].queryset = (
            Persona.objects.for_workspace(workspace)
            .exclude(status=Persona.Status.ARCHIVED)
            .only("id", "name", "version")
        )


MAX_IMPORT_MB = 20


class ContactImportForm(forms.Form):
    """A CSV file of contacts, read once through to check it can be imported."""

    file = forms.FileField(
        label="CSV file",
        help_text=f"A .csv file of up to {MAX_IMPORT_MB} MB in UTF-8 (with or "
        "without a BOM), with the column names in the first row (at most "
        f"{imports.MAX_COLUMNS} columns) and columns separated by commas or "
        "semicolons.",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(
                "Choose a .csv file. From a spreadsheet, use File › Save As (or "
                "Download) › CSV."
            )
        if upload.size > MAX_IMPORT_MB * 1024 * 1024:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_IMPORT_MB} MB. Split it into smaller files."
            )
        try:
            self.head = imports.check_file(upload)
        except csvfiles.BadFile as problem:
            raise forms.ValidationError(str(problem)) from None
        return upload


class ColumnMappingForm(forms.Form):
    """One select per column of the file: the contact field it fills, or none."""

    def __init__(
        self, *args, header: list[str], mapping: list[str], disabled=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        choices = [("", "Skip this column"), *contact_rows.TARGETS.items()]
        for index, (title, target) in enumerate(zip(header, mapping, strict=True)):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=title or f"Column {index + 1}",
                choices=choices,
                required=False,
                initial=target,
                disabled=disabled,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    @property
    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(name, "") for name in self.fields]

    def clean(self):
        cleaned = super().clean()
        if problems := contact_rows.mapping_problems(self.mapping):
            raise forms.ValidationError(problems)
        return cleaned


@dataclass(frozen=True)
class ValueRow:
    field: forms.BoundField
    rows: int
    why: str


@dataclass(frozen=True)
class ValueGroup:
    """One choice column of the file: its listed values, and one choice for the
    values not listed."""

    label: str
    rows: list[ValueRow]
    others: forms.BoundField | None
    other_rows: int
    distinct: str  # How many distinct values the column has, in words.


class ValueMappingForm(forms.Form):
    """For each choice column, one select per distinct value (the most frequent
    VALUES_SHOWN of them), preselected with a guess, and one for all the others.
    `counted` is ContactImport.checks["values"]; `remembered` what the
    workspace chose before (ValueChoice.objects...as_lookup())."""

    def __init__(self, *args, counted: dict, remembered: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.counted = counted
        self.guesses: dict[str, str] = {}
        for target, column in counted.items():
            for index, (spelling, key, _) in enumerate(column["top"]):
                guess = contact_values.guess(target, key, remembered.get(target, {}))
                self.guesses[f"{target}-{index}"] = guess.why
                self.fields[f"{target}-{index}"] = self._select(
                    target, Truncator(spelling).chars(80), guess.target
                )
            if column["other_values"] or not column["counted_all"]:
                default = contact_values.DEFAULTS.get(target, "")
                self.fields[f"{target}-others"] = self._select(
                    target, "Every other value", default
                )

    @staticmethod
    def _select(target: str, label: str, initial: str) -> forms.ChoiceField:
        return forms.ChoiceField(
            label=label,
            choices=contact_values.options(target),
            initial=initial,
            required=target in contact_values.DEFAULTS,  # No "unknown" to choose.
            widget=forms.Select(attrs={"class": "form-select"}),
        )

    @property
    def groups(self) -> list[ValueGroup]:
        return [
            ValueGroup(
                label=contact_rows.TARGETS[target],
                rows=[
                    ValueRow(
                        self[f"{target}-{i}"], count, self.guesses[f"{target}-{i}"]
                    )
                    for i, (_, _, count) in enumerate(column["top"])
                ],
                others=self[f"{target}-others"]
                if f"{target}-others" in self.fields
                else None,
                other_rows=column["other_rows"],
                distinct=f"{len(column['top']) + column['other_values']:,}"
                if column["counted_all"]
                else f"more than {contact_values.VALUES_COUNTED:,}",
            )
            for target, column in self.counted.items()
        ]

    @property
    def value_maps(self) -> dict[str, contact_values.ValueMap]:
        data = self.cleaned_data
        return {
            target: contact_values.ValueMap(
                chosen={
                    key: data[f"{target}-{i}"]
                    for i, (_, key, _) in enumerate(column["top"])
                },
                others=data.get(f"{target}-others"),
            )
            for target, column in self.counted.items()
        }


class IntakePageForm(forms.ModelForm):
    """The public intake page's settings. Only web addresses (http or https) are
    accepted for booking, so the button can never run a script."""

    booking_url = forms.URLField(
        label="Booking link",
        required=False,
        max_length=IntakePage._meta.get_field("booking_url").max_length,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Where a good fit books a call, for example your calendar page.",
    )
    frame_origins = LinesField(
        label="Websites that may show the page",
        max_length=ORIGIN_LENGTH,
        help_text="To put the questions on your own website: its address, one per "
        "line, like https://www.example.com. Leave empty and no other site can "
        "show them.",
    )

    class Meta:
        model = IntakePage
        fields = [
            "persona",
            "published",
            "title",
            "intro",
            "good_fit_message",
            "booking_url",
            "poor_fit_message",
            "referrals",
            "frame_origins",
        ]
        labels = {
            "persona": "Check prospects against",
            "published": "Published: anyone with the link can answer",
            "title": "Page title",
            "intro": "Introduction",
            "good_fit_message": "What a good fit reads",
            "poor_fit_message": "What a poor fit reads",
            "referrals": "Who you recommend instead",
        }
        help_texts = {
            "persona": "Only active ideal-customer personas can be chosen. The "
            "questions come from its rubric.",
            "referrals": "One per line, for example “Sam Lee, career coach for "
            "graduates, https://example.org”. Web addresses become links.",
        }
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 3}),
            "good_fit_message": forms.Textarea(attrs={"rows": 3}),
            "poor_fit_message": forms.Textarea(attrs={"rows": 3}),
            "referrals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persona"].queryset = (
            Persona.objects.for_workspace(workspace)
            .filter(status=Persona.Status.ACTIVE)
            .exclude(kind=Persona.Kind.ANTI)
            .only("id", "name", "version")
            .order_by("name", "pk")
        )

    def clean_frame_origins(self) -> list[str]:
        origins, errors = [], []
        for line in self.cleaned_data["frame_origins"]:
            try:
                origins.append(normalise_origin(line))
            except ValueError as error:
                errors.append(str(error))
        if errors:
            raise forms.ValidationError(errors)
        return list(dict.fromkeys(origins))


class PhaseOutForm(forms.ModelForm):
    """Mark a current client to replace gradually, with a note on why and how;
    unmarking clears the note. Only a client whose best band (`best_band`, None
    when unscored) fits poorly may be marked (PHASE_OUT_BANDS); one marked
    before keeps their note and the undo whatever their band now."""

    class Meta:
        model = Contact
        fields = ["phase_out", "phase_out_note"]
        labels = {"phase_out_note": "Why, and what is the plan?"}
        widgets = {"phase_out_note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, best_band: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.best_band = best_band

    def clean(self):
        cleaned = super().clean()
        note = (cleaned.get("phase_out_note") or "").strip()
        if not cleaned.get("phase_out"):
            note = ""
        elif not self.instance.phase_out and self.best_band not in PHASE_OUT_BANDS:
            self.add_error("phase_out_note", self._fits_well_words())
        elif not note:
            self.add_error(
                "phase_out_note",
                "Add a short note, for example “Refer on to Sam after the current "
                "block of sessions”.",
            )
        cleaned["phase_out_note"] = note
        return cleaned

    def _fits_well_words(self) -> str:
        if self.best_band:
            state = f"this client's best fit is “{Band(self.best_band).label}”"
        else:
            state = "this client is not scored yet"
        return (
            f"Only clients who fit poorly (Weak fit or Not a fit) can be marked; "
            f"{state}. If something their score can't see makes them a poor fit, "
            "note it on their page (a red flag, say), and they will be scored again."
        )


# Rubrics ---------------------------------------------------------------------------


class RubricThresholdsForm(forms.ModelForm):
    """The scores at which a contact becomes an ideal, good or weak fit, and how
    much must be known before an uncertain score gets a band."""

    class Meta:
        model = Rubric
        fields = ["ideal_from", "good_from", "weak_from", "min_confidence"]
        labels = {
            "ideal_from": "Ideal fit from",
            "good_from": "Good fit from",
            "weak_from": "Weak fit from",
            "min_confidence": "Minimum confidence (%)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update(min=0, max=100)

    def clean(self):
        cleaned = super().clean()
        ideal, good, weak = (cleaned.get(name) for name in self.Meta.fields[:3])
        if good is not None and weak is not None and weak >= good:
            self.add_error("weak_from", f"Make it lower than “good fit from” ({good}).")
        if ideal is not None and good is not None and good >= ideal:
            self.add_error(
                "good_from", f"Make it lower than “ideal fit from” ({ideal})."
            )
        return cleaned


class CriterionForm(forms.ModelForm):
    """One criterion of a draft: its weight, and what it looks for."""

    class Meta:
        model = Criterion
        fields = ["weight", "expected", "low", "high"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        criterion = self.instance
        self.original_expected = list(criterion.expected)
        for name in ("weight", "low", "high"):
            # 10, not 10.0: weights and limits are typed as whole numbers mostly.
            if isinstance(self.initial.get(name), float):
                self.initial[name] = f"{self.initial[name]:g}"
        if criterion.kind == Criterion.Kind.IN_RANGE:
            del self.fields["expected"]
            self.fields["low"].label = "From"
            self.fields["high"].label = "To"
            self.fields["low"].help_text = "Empty for no lower limit."
            self.fields["high"].help_text = "Empty for no upper limit."
        else:
            del self.fields["low"], self.fields["high"]
            self.fields["expected"] = _expected_field(criterion)
        if criterion.key.startswith(SAID_AS_KEYS) and criterion.expected:
            self._offer_phrases(criterion.expected[0])
        if criterion.kind == Criterion.Kind.KNOCK_OUT:
            # A deal-breaker acts whatever its weight, so a weight would mislead.
            del self.fields["weight"]
            self.fields["expected"].label = criterion.label
        else:
            self.fields["weight"].label = criterion.label
            self.fields["weight"].help_text = _weight_help(criterion)
            self.fields["weight"].widget.attrs.update(min=0, max=100)

    def _offer_phrases(self, sentence: str) -> None:
        """A pain or dream: the persona's sentence is always looked for; the
        practitioner edits how prospects say it."""
        self.sentence = sentence
        self.fields["expected"] = LinesField(
            label="How prospects say it (one phrase per line)",
            max_length=300,
            help_text=f"Looked for as well as the persona's own words, “{sentence}”. "
            "Applying this version saves them on the persona too.",
        )
        self.initial["expected"] = list(self.instance.expected[1:])

    def clean_expected(self) -> list[str]:
        phrases = self.cleaned_data["expected"]
        sentence = getattr(self, "sentence", None)
        return phrases if sentence is None else [sentence, *phrases]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("low"), cleaned.get("high")
        if low is not None and high is not None and low > high:
            self.add_error("high", f"Make it at least “from” ({low:g}).")
        return cleaned

    def save(self, commit: bool = True) -> Criterion:
        # A trait's label lists what it looks for ("Language: English, Welsh"):
        # keep that list in step with the terms.
        criterion = self.instance
        names = dict(getattr(self.fields.get("expected"), "choices", []))
        title = criterion.label.partition(": ")[0]
        old_terms = (str(names.get(t, t)) for t in self.original_expected)
        old_label = list_label(title, old_terms)
        if self.original_expected and criterion.label == old_label:
            new_terms = (str(names.get(t, t)) for t in criterion.expected)
            criterion.label = list_label(title, new_terms)
        return super().save(commit=commit)


def fact_choices(fact: str) -> list[tuple[str, str]]:
    """The choices of a contact fact, if it has any (gender, income band...)."""
    try:
        return list(Contact._meta.get_field(fact).choices or [])
    except FieldDoesNotExist:  # A fact typed by hand in the admin.
        return []


def _expected_field(criterion: Criterion) -> forms.Field:
    choices = fact_choices(criterion.fact)
    if choices:
        return forms.MultipleChoiceField(
            label="Looks for",
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Tick at least one."},
        )
    return LinesField(
        label="Looks for (one word or phrase per line)",
        required=True,
        max_length=300,
        help_text=TERMS_HELP.get(criterion.kind, ""),
        error_messages={"required": "Add at least one word or phrase to look for."},
    )


# Criteria of pains and dreams, whose terms are the persona's sentence and how
# prospects say it (fitcheck/criteria_from_persona.py).
SAID_AS_KEYS = ("pain:", "dream:")
TERMS_HELP = {
    "matches": "Met when the contact's answer is one of these, whatever the case.",
    "contains": "Met when the contact's answer holds one of these phrases: most "
    "of its words, in any form (“invoices” finds “invoicing”), never one common "
    "word alone.",
    "knock_out": "Not a fit whatever the score when the red flags you noted for a "
    "contact contain any of these.",
}


def _weight_help(criterion: Criterion) -> str:
    if criterion.penalty:
        return "Points taken off the score when present (0 ignores it)."
    return "Points compared with the other criteria, 0 to 100 (0 ignores it)."


CriterionFormSet = forms.modelformset_factory(
    Criterion, form=CriterionForm, extra=0, edit_only=True
)
