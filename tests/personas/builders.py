"""What the personas tests build: Maya, filled in everywhere, form data, a tiny PNG."""

import io
from html.parser import HTMLParser

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from personas import labels, worksheet
from personas.fields import LinesField
from personas.models import Persona
from personas.transfer import persona_data
from tests.factories import DreamFactory, PainFactory, PersonaFactory, RedFlagFactory

MAYA = {
    "kind": Persona.Kind.IDEAL,
    "status": Persona.Status.ACTIVE,
    "name": "Maya",
    "tagline": "Physio opening her own practice",
    "age_min": 35,
    "age_max": 55,
    "genders": ["women", "non_binary"],
    "income_bands": ["30k_60k"],
    "family_statuses": ["parent_young"],
    "education_levels": ["bachelor"],
    "occupations": ["Physiotherapist", "Team leader"],
    "industries": ["Healthcare"],
    "company_size_min": 1,
    "company_size_max": 50,
    "locations": ["Leeds", "Remote"],
    "languages": ["English"],
    "values": ["Independence"],
    "beliefs": ["Good work speaks for itself"],
    "lifestyle": ["Early riser"],
    "hobbies": ["Trail running"],
    "interests": ["Wellbeing"],
    "personality_traits": ["Conscientious"],
    "favourite_quote": "Done is better than perfect.",
    "favourite_meal": "Sunday roast",
    "tv_shows": ["Grand Designs"],
    "brands": ["Patagonia"],
    "car": "An estate car with a bike rack",
    "authors": ["Brené Brown"],
    "blogs_and_podcasts": ["The Diary of a CEO"],
    "guilty_pleasures": ["Reality TV"],
    "other_details": "Drinks her coffee black.",
    "buying_emotions": "Relief",
    "inner_conversation": "If I don't sort the admin now, I'll be back employed.",
    "their_words": ["I'm drowning in admin"],
    "keeps_them_up": "Paying the clinic's rent",
    "wants_peers_to_know": "Her practice is the one others refer to",
    "objections": ["Can I afford it right now?"],
    "invite_home": "yes",
    "spend_personal_time": "not_sure",
    "travel_together": "no",
}


def make_maya(workspace) -> Persona:
    """A persona with every field and two of each part filled in."""
    persona = PersonaFactory(workspace=workspace, completeness=100, **MAYA)
    DreamFactory(persona=persona, text="A waiting list of the right patients")
    DreamFactory(persona=persona, text="Weekends off")
    PainFactory(
        persona=persona,
        text="Evenings lost to admin",
        said_as=["Drowning in paperwork", "Invoicing at midnight"],
        intensity=5,
        already_tried="Spreadsheets",
        cause="Trained as a clinician, not a business owner",
        our_answer="A weekly system set up in two sessions",
    )
    PainFactory(
        persona=persona,
        text="Unpredictable income",
        intensity=3,
        already_tried="Discounts",
        cause="No recurring plans",
        our_answer="",
    )
    RedFlagFactory(persona=persona, text="Calls at weekends", severity="warning")
    RedFlagFactory(persona=persona, text="Haggles on price", severity="deal_breaker")
    return persona


def data_of(persona: Persona) -> dict:
    """The persona as the export reads it, fresh from the database."""
    return persona_data(Persona.objects.with_parts().get(pk=persona.pk))


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name: str = "maya.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    """POST data for a formset of dreams, pains or red flags, as the page sends it."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }
    for number, row in enumerate(rows):
        data |= {f"{prefix}-{number}-{key}": value for key, value in row.items()}
    return data


def field_html(html: str, name: str) -> str:
    """The rendered block of one form field: its label, input, help and errors."""
    start = html.index(f'id="div_id_{name}"')
    end = html.find('id="div_id_', start + 1)
    return html[start : end if end != -1 else None]


def form_values(html: str) -> dict[str, list[str]]:
    """What a browser would post back from the page's forms, by field name."""
    parser = _FormValues()
    parser.feed(html)
    return parser.values


class _FormValues(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._open: tuple[str, str] | None = None  # (tag, name) of a textarea or select

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "file"}:
                self._add(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag in {"textarea", "select"} and name:
            self._open = (tag, name)
            if tag == "textarea":
                self._add(name, "")
        elif tag == "option" and self._open and "selected" in attrs:
            self._add(self._open[1], attrs.get("value", ""))

    def handle_data(self, data):
        if self._open and self._open[0] == "textarea":
            name = self._open[1]
            self.values[name][-1] += data

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            if tag == "textarea":
                name = self._open[1]
                # Browsers drop the newline Django puts after <textarea>.
                self.values[name][-1] = self.values[name][-1].removeprefix("\n")
            self._open = None

    def _add(self, name: str, value: str) -> None:
        self.values.setdefault(name, []).append(value)


# Numbers the "every field" answers use: inside each field's range, each one a
# number that appears nowhere else on the page.
NUMBERS = {"age_min": 31, "age_max": 58, "company_size_min": 3, "company_size_max": 47}
PAIN_INTENSITIES = (4, 2)


def every_field_answers() -> dict[str, dict]:
    """POST data for each worksheet step that answers every field its forms ask
    (two rows of each list of parts), read from the forms themselves, so a field
    added to the worksheet is answered too. Photos are left to the tests that
    need one."""
    posts = {}
    for step in worksheet.STEPS:
        data: dict = {}
        for _, form_class, prefix in step.parts:
            if prefix:
                fields = form_class.form.base_fields
                rows = [_row_answers(fields, prefix, row) for row in range(2)]
                data |= formset(prefix, rows)
            else:
                for name, field in form_class.base_fields.items():
                    if name != "photo":
                        data[name] = _answer(name, field)
        posts[step.slug] = data
    return posts


def _row_answers(fields, prefix: str, row: int) -> dict:
    answers = {}
    for name, field in fields.items():
        if name == "intensity":
            answers[name] = str(PAIN_INTENSITIES[row])
        else:
            answers[name] = _answer(f"{prefix}_{row}_{name}", field)
    return answers


def _answer(name: str, field):
    if isinstance(field, forms.MultipleChoiceField):
        return [code for code, _ in field.choices][:2]
    if isinstance(field, forms.ChoiceField):
        codes = [code for code, _ in field.choices if code]
        return codes[len(name) % len(codes)]
    if isinstance(field, LinesField):
        return f"{name}_one\n{name}_two"
    if isinstance(field, forms.IntegerField):
        return str(NUMBERS[name])
    return f"{name}_text"


def shown_texts(posts: dict[str, dict]) -> dict[str, list[str]]:
    """What the profile must show for each field answered in `posts`, by the
    field's POST name: each line of a list, choices in the worksheet's words."""
    words = dict(labels.worksheet_fields())
    for part in labels.worksheet_parts().values():
        words |= {
            f"{part.name}-{row}-{f.name}": f for f in part.fields for row in (0, 1)
        }
    shown = {}
    for data in posts.values():
        for key, value in data.items():
            if key not in words or key.endswith("-intensity"):
                continue
            values = value if isinstance(value, list) else str(value).splitlines()
            shown[key] = [words[key].show(one) for one in values]
    for row, intensity in enumerate(PAIN_INTENSITIES):
        shown[f"pains-{row}-intensity"] = [f"{intensity} of 5"]
    return shown
