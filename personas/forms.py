"""Worksheet forms: one per step, with prompts and examples in our own words."""

from django import forms

from accounts.models import Workspace
from personas import transfer
from personas.conflicts import Loaded
from personas.fields import formfield_for_array
from personas.models import Persona

MAX_PHOTO_BYTES = 2 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}
# Below Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), which the file's text must
# fit when it travels in ImportChoiceForm.
MAX_IMPORT_BYTES = 1024 * 1024


class StepForm(forms.ModelForm):
    # Field name -> (help text, an example shown as the placeholder, "e.g. ...",
    # so that it reads as an example and not as an answer already given).
    prompts: dict[str, tuple[str, str]] = {}

    class Meta:
        # Django reads formfield_callback from Meta only, so each step's Meta
        # inherits this one to get checkboxes and one-per-line boxes for lists.
        formfield_callback = staticmethod(formfield_for_array)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (help_text, example) in self.prompts.items():
            field = self.fields[name]
            field.help_text = help_text
            if example and not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["placeholder"] = f"e.g. {example}"


class LoadedForm(forms.Form):
    """What a step page showed when it was loaded, posted back with the step (a
    hidden field), for the conflict check. A page without it (a script of one's
    own) saves without the check, as an explicit overwrite does."""

    # Digests of at most a few dozen answers and 3 lists of 30 rows fit in 8 KB.
    loaded = forms.CharField(required=False, max_length=8000, strip=False)

    def clean_loaded(self) -> Loaded | None:
        text = self.cleaned_data["loaded"]
        if not text:
            return None
        try:
            return Loaded.loads(text)
        except ValueError:
            raise forms.ValidationError(
                "This page is out of date, so we could not check it against what "
                "is saved now. Your text is below, not saved yet: check it and "
                "save again."
            ) from None


class NewPersonaForm(forms.ModelForm):
    class Meta:
        model = Persona
        fields = ["name", "kind"]
        labels = {"name": "Give them a first name", "kind": "Who is this persona?"}
        help_texts = {
            "name": "A real-sounding name makes them easier to picture: “Maya”, "
            "“Dr. Sam”.",
            "kind": "Most people start with their ideal customer. An anti-persona "
            "describes who you would rather refer elsewhere.",
        }
        widgets = {"kind": forms.RadioSelect}


class WhoForm(StepForm):
    prompts = {
        "age_min": (
            "Roughly how old are they? Leave a side empty if it is open.",
            "35",
        ),
        "age_max": ("", "55"),
        "genders": ("Tick all that apply, or none if it does not matter.", ""),
        "income_bands": ("Their own or their household's yearly income.", ""),
        "family_statuses": ("What does home life look like?", ""),
        "education_levels": ("", ""),
        "occupations": ("One per line.", "Physiotherapist\nTeam leader"),
        "industries": (
            "One per line, for business customers.",
            "Healthcare\nCredit unions",
        ),
        "company_size_min": ("People in their organisation, if it matters.", "1"),
        "company_size_max": ("", "50"),
        "locations": ("Cities, regions or “remote”. One per line.", "Leeds\nRemote"),
        "languages": ("Languages you can work with them in.", "English"),
        "values": (
            "What matters most to them?",
            "Independence\nDoing right by patients",
        ),
        "beliefs": ("What do they hold to be true?", "Good work speaks for itself"),
        "lifestyle": ("", "Early riser, busy weekdays, protective of weekends"),
        "hobbies": ("", "Trail running\nGardening"),
        "interests": ("", "Practice growth\nWellbeing"),
        "personality_traits": ("", "Conscientious\nA little impatient"),
    }

    class Meta(StepForm.Meta):
        model = Persona
        fields = [
            "age_min",
            "age_max",
            "genders",
            "income_bands",
            "family_statuses",
            "education_levels",
            "occupations",
            "industries",
            "company_size_min",
            "company_size_max",
            "locations",
            "languages",
            "values",
            "beliefs",
            "lifestyle",
            "hobbies",
            "interests",
            "personality_traits",
        ]
        labels = {
            "age_min": "Youngest age",
            "age_max": "Oldest age",
            "family_statuses": "Family situation",
            "education_levels": "Education",
            "occupations": "Occupation or role",
            "company_size_min": "Smallest company",
            "company_size_max": "Largest company",
            "locations": "Where they live or work",
        }

    def clean(self):
        cleaned = super().clean()
        for low, high, what in [
            ("age_min", "age_max", "age"),
            ("company_size_min", "company_size_max", "company size"),
        ]:
            lo, hi = cleaned.get(low), cleaned.get(high)
            if lo is not None and hi is not None and lo > hi:
                self.add_error(
                    high, f"The largest {what} must not be below the smallest."
                )
        return cleaned


class PersonalityForm(StepForm):
    prompts = {
        "name": ("The first name you'll use when you talk about them.", "Maya"),
        "tagline": (
            "One line that sums them up.",
            "Physio opening her own practice, anxious about the business side",
        ),
        "photo": (
            "Optional. A JPEG, PNG or WebP picture up to 2 MB; "
            "without one we show their initials.",
            "",
        ),
        "favourite_quote": ("", "Done is better than perfect."),
        "favourite_meal": ("", "Sunday roast with the whole family"),
        "tv_shows": ("One per line.", "Grand Designs"),
        "brands": ("What do they buy without thinking twice?", "Patagonia\nApple"),
        "car": ("", "A sensible estate car with a bike rack"),
        "authors": ("", "Brené Brown"),
        "blogs_and_podcasts": ("", "The Diary of a CEO"),
        "guilty_pleasures": ("", "Reality TV on a Friday night"),
        "other_details": (
            "Eye colour, pets, the coffee order: anything that makes them real to you.",
            "",
        ),
    }

    class Meta(StepForm.Meta):
        model = Persona
        fields = [
            "name",
            "tagline",
            "photo",
            "favourite_quote",
            "favourite_meal",
            "tv_shows",
            "brands",
            "car",
            "authors",
            "blogs_and_podcasts",
            "guilty_pleasures",
            "other_details",
        ]
        labels = {"tv_shows": "TV shows", "blogs_and_podcasts": "Blogs and podcasts"}
        widgets = {
            "photo": forms.ClearableFileInput(attrs={"accept": ",".join(PHOTO_TYPES)}),
            "other_details": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):
            if photo.size > MAX_PHOTO_BYTES:
                raise forms.ValidationError("The picture is larger than 2 MB.")
            if photo.content_type not in PHOTO_TYPES:
                raise forms.ValidationError("Use a JPEG, PNG or WebP picture.")
        return photo


class BeThemForm(StepForm):
    prompts = {
        "buying_emotions": (
            "Picture the moment they decide to buy. Relief? Hope? Nerves?",
            "Relieved that someone finally gets it, and a little worried "
            "about the cost",
        ),
        "inner_conversation": (
            "What are they telling themselves, in their own words?",
            "“If I don't sort out the admin now, I'll be back working for "
            "someone else.”",
        ),
        "their_words": (
            "Phrases they actually use. One per line.",
            "I'm drowning in admin\nI just want to treat patients",
        ),
        "keeps_them_up": ("The worry that comes back at 3 a.m.", ""),
        "wants_peers_to_know": (
            "How they want colleagues and their industry to see them.",
            "That her practice is the one other physios refer to",
        ),
        "objections": (
            "What makes them hesitate before saying yes? One per line.",
            "Can I afford it right now?\nWill this take time I don't have?",
        ),
    }

    class Meta(StepForm.Meta):
        model = Persona
        fields = [
            "buying_emotions",
            "inner_conversation",
            "their_words",
            "keeps_them_up",
            "wants_peers_to_know",
            "objections",
        ]
        labels = {
            "buying_emotions": "Emotions at the moment of buying",
            "inner_conversation": "The conversation in their head",
            "their_words": "Words they use",
            "keeps_them_up": "What keeps them up at night",
            "wants_peers_to_know": "What they want their peers to know about them",
            "objections": "Objections before buying",
        }
        widgets = {
            field: forms.Textarea(attrs={"rows": 3})
            for field in [
                "buying_emotions",
                "inner_conversation",
                "keeps_them_up",
                "wants_peers_to_know",
            ]
        }


class ClosenessForm(StepForm):
    prompts = {
        "invite_home": ("", ""),
        "spend_personal_time": ("", ""),
        "travel_together": (
            "An honest answer helps you spot who you'd enjoy working with.",
            "",
        ),
    }

    class Meta(StepForm.Meta):
        model = Persona
        fields = ["invite_home", "spend_personal_time", "travel_together"]
        labels = {
            "invite_home": "Would you invite them into your home?",
            "spend_personal_time": "Would you spend personal time with them?",
            "travel_together": "Would you go on a trip with them?",
        }
        widgets = dict.fromkeys(fields, forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.choices = [choice for choice in field.choices if choice[0]]


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Persona
        fields = ["status"]
        labels = {"status": "Status"}
        help_texts = {
            "status": "Mark it active when you are ready to use it in the fit check."
        }
        widgets = {"status": forms.RadioSelect}


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Persona file (.json)",
        help_text="A file exported from this site, from any workspace.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self) -> str:
        """The file's text: a persona file is a few kilobytes, and the text may
        travel on in a form (ImportChoiceForm), so it is held to what a request
        may carry."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_IMPORT_BYTES // 1024 // 1024} MB; a "
                "persona file is a few kilobytes. Is it the right file?"
            )
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "The file is not text (UTF-8). Export the persona again and upload "
                "that file."
            ) from None


class ImportChoiceForm(forms.Form):
    """A file of a persona already in the workspace: as a new version of it, or
    as a persona of its own. The file's text rides along in a hidden field."""

    NEW_VERSION, NEW_PERSONA = "version", "persona"
    choice = forms.ChoiceField(
        label="How should it arrive?",
        choices=[
            (NEW_VERSION, "As a new version of the persona that is already here"),
            (NEW_PERSONA, "As a separate persona, a copy with a life of its own"),
        ],
        widget=forms.RadioSelect,
    )
    document = forms.CharField(
        widget=forms.HiddenInput, max_length=MAX_IMPORT_BYTES, strip=False
    )

    def clean_document(self) -> object:
        try:
            return transfer.read_document(self.cleaned_data["document"])
        except transfer.ImportProblem as problem:
            raise forms.ValidationError(
                "The file's contents were lost on the way (%(why)s); upload the "
                "file again.",
                params={"why": " ".join(problem.problems)},
            ) from None


class DuplicateForm(forms.Form):
    workspace = forms.ModelChoiceField(
        queryset=Workspace.objects.none(),
        label="Copy it into",
        empty_label=None,
        help_text="Any workspace you belong to. The copy is a new draft.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workspace"].queryset = Workspace.objects.for_user(user)


class ShareForm(forms.Form):
    CREATE, STOP = "create", "stop"
    action = forms.ChoiceField(
        choices=[(CREATE, "Make a new link"), (STOP, "Stop sharing")]
    )
