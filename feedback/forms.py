from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from feedback import emails, services, survey_templates
from feedback.models import Answer, Question, Suppression, Survey, Theme
from fitcheck.models import Band, Contact
from personas.fields import LinesField
from personas.models import Persona

CHOICE_KINDS = {Question.Kind.SINGLE, Question.Kind.MULTIPLE}
MIN_CHOICES = 2
MAX_PASTED = 2000
MAX_PICKED = 500


class PersonaChoiceField(forms.ModelChoiceField):
    """Personas by name, with the version when there are several."""

    def label_from_instance(self, obj: Persona) -> str:
        return f"{obj.name} (version {obj.version})" if obj.version > 1 else obj.name


def _personas(workspace) -> QuerySet:
    return (
        Persona.objects.for_workspace(workspace)
        .exclude(status=Persona.Status.ARCHIVED)
        .only("id", "name", "version")
        .order_by("name", "version")
    )


class SurveyCreateForm(forms.Form):
    template = forms.ChoiceField(
        label="Start from",
        choices=list(survey_templates.TEMPLATES.items()),
        initial="checkin",
        widget=forms.RadioSelect,
    )
    persona = PersonaChoiceField(
        label="Persona to validate",
        queryset=Persona.objects.none(),
        required=False,
        help_text="Only for a persona validation survey: one question per pain and "
        "per dream of this persona, linked to them in the results.",
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persona"].queryset = _personas(workspace)

    def clean(self):
        cleaned = super().clean()
        persona = cleaned.get("persona")
        if cleaned.get("template") != "persona":
            cleaned["persona"] = None
        elif persona is None:
            self.add_error("persona", "Choose the persona this survey tests.")
        elif not (persona.pains.exists() or persona.dreams.exists()):
            self.add_error(
                "persona",
                f"{persona.name} has no pains or dreams yet; add some in the "
                "worksheet first, so there is something to ask about.",
            )
        return cleaned


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "introduction",
            "thank_you",
            "closes_on",
            "anonymous",
            "remind_after_days",
        ]
        labels = {
            "thank_you": "Thank-you text",
            "closes_on": "Closing date",
            "anonymous": "Anonymous answers",
            "remind_after_days": "Automatic reminder after (days)",
        }
        help_texts = {
            "introduction": "Shown at the top of the survey and in the email. The "
            "number of questions and the time they take are said for you, from "
            "the questions: no need to count them here.",
            "thank_you": "Shown once someone has answered.",
            "closes_on": "Optional. From the day after, the survey takes no answers "
            "and sends nothing.",
        }
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "thank_you": forms.Textarea(attrs={"rows": 2}),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if locked:
            field = self.fields["anonymous"]
            field.disabled = True
            field.help_text = (
                "Locked: people have already answered under the current setting, "
                "and changing it now would misrepresent their answers."
            )

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        changed = "closes_on" in self.changed_data
        if closes_on and changed and closes_on < timezone.localdate():
            raise forms.ValidationError("Choose today or a later date.")
        return closes_on


class SurveyEmailsForm(forms.ModelForm):
    """The message of the invitation and of the reminders. Each box starts with
    the wording in use; a text left equal to the default wording is stored as
    blank, so it keeps following the practice's name."""

    class Meta:
        model = Survey
        fields = ["invitation_text", "reminder_text"]
        labels = {
            "invitation_text": "Invitation message",
            "reminder_text": "Reminder message",
        }
        help_texts = {
            "invitation_text": "After “Hello <first name>,”. The survey's "
            "introduction, its length, the personal link and an unsubscribe link "
            "follow it.",
            "reminder_text": "Sent to those who have not answered yet, at most twice.",
        }
        widgets = {
            "invitation_text": forms.Textarea(attrs={"rows": 4}),
            "reminder_text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, reminder in (("invitation_text", False), ("reminder_text", True)):
            self.fields[name].required = False
            if not getattr(self.instance, name):
                self.initial[name] = self._default(reminder)

    def _default(self, reminder: bool) -> str:
        return emails.default_text(self.instance.workspace, reminder=reminder)

    def clean_invitation_text(self) -> str:
        return self._unless_default(self.cleaned_data["invitation_text"], False)

    def clean_reminder_text(self) -> str:
        return self._unless_default(self.cleaned_data["reminder_text"], True)

    def _unless_default(self, text: str, reminder: bool) -> str:
        return "" if " ".join(text.split()) == self._default(reminder) else text


class QuestionForm(forms.ModelForm):
    choices = LinesField(
        label="Choices",
        max_length=150,
        help_text="One per line, only for “One choice” and “Several choices” "
        "questions.",
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "help_text", "required", "choices"]
        labels = {
            "kind": "Type",
            "text": "Question",
            "help_text": "Help text",
            "required": "An answer is required",
        }
        help_texts = {
            "help_text": "Optional: a hint shown under the question, such as what "
            "the ends of a scale mean.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"].label = "Choices"
        self.fields[
            "choices"
        ].help_text = (
            "One per line, only for “One choice” and “Several choices” questions."
        )

    def clean(self):
        cleaned = super().clean()
        kind, choices = cleaned.get("kind"), cleaned.get("choices") or []
        if kind in CHOICE_KINDS and len(choices) < MIN_CHOICES:
            self.add_error(
                "choices", f"Give at least {MIN_CHOICES} choices, one per line."
            )
        elif kind and kind not in CHOICE_KINDS and choices:
            self.add_error(
                "choices",
                f"A “{Question.Kind(kind).label}” question has no choices: clear "
                "this box, or change the type to “One choice” or “Several choices”.",
            )
        return cleaned


class ContactSearchForm(forms.Form):
    """Contacts by name as the practitioner types (or presses Search)."""

    who = forms.CharField(
        label="Find a contact",
        required=False,
        max_length=Contact._meta.get_field("name").max_length,
        help_text="Type part of a name, an email address or a company.",
    )


class RecipientsForm(forms.Form):
    """Who to invite: contacts picked by name, contacts matching filters, pasted
    addresses, or any mix of them."""

    contacts = forms.ModelMultipleChoiceField(
        label="Contacts picked by name",
        required=False,
        queryset=Contact.objects.none(),
        widget=forms.MultipleHiddenInput,
    )
    from_contacts = forms.BooleanField(
        label="Invite the contacts that match these filters",
        required=False,
        help_text="With no filter chosen, that is every contact.",
    )
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[("", "Any stage"), *Contact.Stage.choices],
    )
    band = forms.ChoiceField(
        label="Fit", required=False, choices=[("", "Any fit"), *Band.choices]
    )
    persona = PersonaChoiceField(
        label="Fit against",
        required=False,
        queryset=Persona.objects.none(),
        empty_label="Any persona",
    )
    addresses = forms.CharField(
        label="Or paste email addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Separated by commas or new lines. Addresses that are not "
        "contacts yet become contacts (prospects).",
    )

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persona"].queryset = _personas(workspace)
        self.fields["contacts"].queryset = Contact.objects.for_workspace(workspace)

    def clean_contacts(self) -> QuerySet:
        picked = self.cleaned_data["contacts"]
        if len(picked) > MAX_PICKED:
            raise forms.ValidationError(
                f"Pick at most {MAX_PICKED} contacts by name; use the filters for more."
            )
        return picked

    def clean_addresses(self) -> str:
        text = self.cleaned_data["addresses"]
        self.emails, invalid = services.split_addresses(text)
        if invalid:
            raise forms.ValidationError(
                "These are not email addresses: %(entries)s. Correct or remove them.",
                params={"entries": ", ".join(invalid[:20])},
            )
        if len(self.emails) > MAX_PASTED:
            raise forms.ValidationError(
                f"Paste at most {MAX_PASTED} addresses at a time "
                f"(this has {len(self.emails)})."
            )
        return text

    def clean(self):
        cleaned = super().clean()
        filters_chosen = any(cleaned.get(name) for name in ("stage", "band", "persona"))
        if filters_chosen and not cleaned.get("from_contacts"):
            self.add_error(
                "from_contacts",
                "Tick this to invite the contacts the filters match, or clear the "
                "filters.",
            )
        nothing_chosen = not (
            cleaned.get("contacts")
            or cleaned.get("from_contacts")
            or cleaned.get("addresses")
        )
        if nothing_chosen and not self.errors:
            raise forms.ValidationError(
                "Pick contacts by name, choose them with the filters, or paste at "
                "least one address."
            )
        return cleaned

    def filters(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("stage", "band", "persona")}


class SuppressionForm(forms.ModelForm):
    reason = forms.ChoiceField(
        label="Why",
        choices=[
            (Suppression.Reason.BOUNCED, "Emails to it bounce"),
            (Suppression.Reason.ASKED, "They asked not to be emailed (by phone...)"),
            (Suppression.Reason.OTHER, "Other"),
        ],
    )

    class Meta:
        model = Suppression
        fields = ["email", "reason", "note"]
        labels = {"email": "Email address", "note": "Note"}
        help_texts = {"note": "Optional, for your team: who asked, and when."}

    def __init__(self, *args, workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if services.is_suppressed(workspace=self.workspace, email=email):
            raise forms.ValidationError("This address is already on the list.")
        return email


class SuppressionSearchForm(forms.Form):
    """The do-not-email list's search box (an address, or part of one)."""

    q = forms.CharField(
        required=False,
        max_length=Suppression._meta.get_field("email").max_length,
    )


class ThemeForm(forms.Form):
    """A new theme, or a new name for one (`theme`); names are unique, whatever
    their case, among the themes the survey's answers can have."""

    SCOPES = [
        ("survey", "Only this survey"),
        ("workspace", "Every survey of this workspace"),
    ]

    name = forms.CharField(
        label="Theme",
        max_length=Theme._meta.get_field("name").max_length,
        help_text="A few words for what answers are about, such as “price” or "
        "“evening sessions”.",
    )
    scope = forms.ChoiceField(
        label="For", choices=SCOPES, initial="survey", widget=forms.RadioSelect
    )

    def __init__(self, *args, survey: Survey, theme: Theme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey, self.theme = survey, theme
        if theme is not None:
            del self.fields["scope"]  # A theme keeps its scope.
            self.initial["name"] = theme.name

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        taken = Theme.objects.for_survey(self.survey).filter(name__iexact=name)
        if self.theme is not None:
            taken = taken.exclude(pk=self.theme.pk)
        if taken.exists():
            raise forms.ValidationError(f"There is a theme “{name}” already.")
        return name

    def clean(self):
        cleaned = super().clean()
        everywhere = cleaned.get("scope") == "workspace"
        name = cleaned.get("name")
        if everywhere and name:
            used = Theme.objects.for_workspace(self.survey.workspace)
            if used.filter(name__iexact=name).exists():
                self.add_error(
                    "name", f"Another survey has a theme “{name}”: choose another name."
                )
        return cleaned

    @property
    def scoped_survey(self) -> Survey | None:
        return None if self.cleaned_data.get("scope") == "workspace" else self.survey


class TagForm(forms.Form):
    """Give a theme to a group of identical answers, or take it off."""

    answer = forms.ModelChoiceField(
        queryset=Answer.objects.none(), widget=forms.HiddenInput
    )
    theme = forms.ModelChoiceField(
        label="Theme", queryset=Theme.objects.none(), empty_label="Choose a theme"
    )
    action = forms.ChoiceField(
        choices=[("tag", "Tag"), ("untag", "Remove")], widget=forms.HiddenInput
    )

    def __init__(self, *args, question: Question, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].queryset = Answer.objects.filter(
            question=question
        ).exclude(text="")
        self.fields["theme"].queryset = Theme.objects.for_survey(survey)
