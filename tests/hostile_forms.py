"""Every form of the site, filled with hostile values one field at a time.

`forms_on_site` opens every page `tests/every_page.py` finds (and the admin's
add, change and list pages of every registered model), reads each page's
`<form>` elements with the standard library's HTML parser, and keeps one form of
each kind (same URL name, method and field names). `attempts` yields, for each
field of each form, the posts to make: the form as the page gave it, but for that
one field, which gets each of `HOSTILE` (or `CHOICE_HOSTILE` for a field whose
value is picked rather than typed), and for a field with a `maxlength` the
longest allowed value and one character more. `post` sends one and says what
came back.

A new page, form or field is walked with no change here: pages come from the
URLconf, fields from the HTML.
"""

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve
from django.urls.exceptions import NoReverseMatch

from tests.every_page import PRACTITIONER, Site, visits
from tests.urlconf import every_route

# Values typed into a text box, a number box or a hidden field. Invalid UTF-8 is
# sent as raw bytes (see `post`), so it is named here and built there.
INVALID_UTF8 = "invalid UTF-8"
HOSTILE = {
    "empty": "",
    "100,000 characters": "x" * 100_000,
    "NUL": "before\x00after",
    INVALID_UTF8: INVALID_UTF8,
    "emoji and right-to-left": "👩🏽‍⚕️ 🦄 مرحبا بالعالم \u202eevil\u202c שלום",
    "negative number": "-1",
    "huge number": "9" * 40,
    "overflowing float": "1e309",
    "not a number": "NaN",
}
EVERY_FIELD = ("empty", "100,000 characters", "NUL", INVALID_UTF8)
# What else each kind of field gets: words where people type words, numbers
# where they type numbers or a page keeps one (hidden: ids, versions, counts).
TEXT_HOSTILE = (*EVERY_FIELD, "emoji and right-to-left")
NUMBER_HOSTILE = (
    *EVERY_FIELD,
    "negative number",
    "huge number",
    "overflowing float",
    "not a number",
)
# A form with more fields than this (the worksheet's steps, the admin's pages)
# gets only the values every field gets, to keep the walk to about a minute.
LARGE_FORM = 12
# Values posted where the page offers a choice (tick boxes, menus): the browser
# sends one of the offered values, an attacker anything.
CHOICE_HOSTILE = (*EVERY_FIELD, "huge number")
# Bytes no UTF-8 decoder accepts: a lone continuation byte, an overlong NUL and
# an encoded lone surrogate (U+D800).
INVALID_UTF8_BYTES = "%FF%FE%C0%80%ED%A0%80"
ERROR_MARKERS = (
    b"invalid-feedback",
    b"errorlist",
    b"alert-danger",
    b"is-invalid",
    b'role="alert"',
    b"errornote",
)
TEXT_TYPES = {
    "text",
    "email",
    "password",
    "search",
    "tel",
    "url",
    "date",
    "datetime-local",
    "time",
    "month",
    "week",
    "color",
    "textarea",
}
NUMBER_TYPES = {"number", "range", "hidden"}
FORMSET_ROW = re.compile(r"-\d+-")


@dataclass
class Control:
    """One named control of a form: what a browser posts for it by default."""

    name: str
    kind: str  # an input's type, or "textarea", "select", "button"
    values: list[str] = field(default_factory=list)
    maxlength: int | None = None

    @property
    def hostile(self) -> tuple[str, ...]:
        if self.kind in TEXT_TYPES:
            return TEXT_HOSTILE
        if self.kind in NUMBER_TYPES:
            return NUMBER_HOSTILE
        return CHOICE_HOSTILE


@dataclass
class Form:
    page: str  # the URL of the page that shows it
    who: str
    action: str
    method: str
    multipart: bool
    controls: dict[str, Control] = field(default_factory=dict)
    # Named submit buttons: a browser sends the one clicked, the first here.
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def defaults(self) -> dict[str, list[str]]:
        data = {c.name: list(c.values) for c in self.controls.values() if c.values}
        if self.buttons:
            name, value = self.buttons[0]
            data.setdefault(name, [value])
        return data

    @property
    def key(self) -> tuple:
        """Forms of one kind: the same view, method and fields."""
        try:
            view = resolve(urlsplit(self.action).path).view_name
        except Resolver404:
            view = self.action
        return (view, self.method, self.who, tuple(sorted(self.controls)))


class _FormParser(HTMLParser):
    """The forms of a page, with their controls' default values."""

    def __init__(self, page: str, who: str):
        super().__init__(convert_charrefs=True)
        self.page, self.who = page, who
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._open: tuple[str, dict] | None = None  # textarea, select or option
        self._select: Control | None = None
        self._text: list[str] = []
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs_list: list) -> None:
        attrs = {k: (v if v is not None else "") for k, v in attrs_list}
        if tag == "form":
            self._form = Form(
                page=self.page,
                who=self.who,
                action=urljoin(self.page, attrs.get("action") or self.page),
                method=(attrs.get("method") or "get").lower(),
                multipart="multipart" in attrs.get("enctype", ""),
            )
            self.forms.append(self._form)
        elif self._form is None or "disabled" in attrs:
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            if attrs.get("name"):
                self._form.buttons.append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea" and attrs.get("name"):
            self._control(attrs, "textarea")
            self._open, self._text = ("textarea", attrs), []
        elif tag == "select" and attrs.get("name"):
            self._select = self._control(attrs, "select")
            self._select.multiple = "multiple" in attrs
            self._first_option = None
        elif tag == "option" and self._select is not None:
            self._open, self._text = ("option", attrs), []

    def _input(self, attrs: dict) -> None:
        kind = attrs.get("type", "text").lower()
        name = attrs.get("name")
        if not name or kind in ("image", "reset"):
            return
        if kind == "submit":
            self._form.buttons.append((name, attrs.get("value", "")))
            return
        control = self._control(attrs, kind)
        if kind in ("checkbox", "radio"):
            if "checked" in attrs:
                control.values.append(attrs.get("value", "on"))
        elif kind != "file":
            control.values = [attrs.get("value", "")]

    def _control(self, attrs: dict, kind: str) -> Control:
        name = attrs["name"]
        control = self._form.controls.setdefault(name, Control(name, kind))
        if attrs.get("maxlength", "").isdigit():
            control.maxlength = int(attrs["maxlength"])
        return control

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._open and self._open[0] == "textarea":
            name = self._open[1]["name"]
            # A browser drops the one newline that follows <textarea>.
            text = "".join(self._text).removeprefix("\n")
            self._form.controls[name].values = [text]
            self._open = None
        elif tag == "option" and self._open and self._open[0] == "option":
            attrs = self._open[1]
            value = attrs.get("value", "".join(self._text).strip())
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self._select.values.append(value)
            self._open = None
        elif tag == "select" and self._select is not None:
            multiple = getattr(self._select, "multiple", False)
            if not self._select.values and not multiple and self._first_option:
                self._select.values = [self._first_option]
            self._select = None


def forms_in(html: str, page: str, who: str) -> list[Form]:
    parser = _FormParser(page, who)
    parser.feed(html)
    return [
        form
        for form in parser.forms
        if form.method in ("get", "post") and not urlsplit(form.action).netloc
    ]


def forms_on_site(site: Site) -> tuple[list[Form], list[str]]:
    """One form of each kind on the site's pages, and the pages that would not
    open (each a problem)."""
    found = visits(site)
    forms: dict[tuple, Form] = {}
    for visit in found.pages:
        for form in forms_in(visit.html, visit.lands_on or visit.url, visit.who):
            forms.setdefault(form.key, form)
    problems = list(found.problems)
    for url in admin_pages(site):
        response = site.clients[PRACTITIONER].get(url)
        if response.status_code == 403:
            continue  # Rows the admin only shows (scores, the audit trail...).
        if response.status_code != 200:
            problems.append(f"GET {url} as the admin: {response.status_code}")
            continue
        for form in forms_in(response.text, url, PRACTITIONER):
            forms.setdefault(form.key, form)
    return list(forms.values()), problems


def admin_pages(site: Site) -> list[str]:
    """The admin's pages with forms, for every model it registers: the list (its
    actions and search), add, change and delete of the model's first row, and the
    password pages."""
    urls = ["/admin/password_change/"]
    models = {
        f"admin:{m._meta.app_label}_{m._meta.model_name}_": m for m in apps.get_models()
    }
    for route in every_route():
        name = route.name or ""
        prefix = name.rsplit("_", 1)[0] + "_"
        model = models.get(prefix)
        action = name.rsplit("_", 1)[-1]
        if model is None or action not in ("changelist", "add", "change", "delete"):
            continue
        kwargs = {}
        if "object_id" in route.keywords:
            first = model._default_manager.order_by("pk").first()
            if first is None:
                continue
            kwargs = {"object_id": first.pk}
        try:
            urls.append(_reverse(name, kwargs))
        except NoReverseMatch:
            continue
    urls.append(
        _reverse("admin:auth_user_password_change", {"id": site.practitioner.pk})
    )
    return urls


def _reverse(name: str, kwargs: dict) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs)


@dataclass(frozen=True)
class Attempt:
    form: Form
    field: str
    kind: str  # a key of HOSTILE, or the length posted
    value: str


def attempts(form: Form, *, every: bool = True) -> Iterator[Attempt]:
    """The hostile posts for `form`, one field at a time. `every`: each of the
    field's values; else one each, taken in turn along the form's fields, so a
    form of several fields still meets every kind of value. The rows of a
    formset share their fields: the first row's stand for all."""
    # "__prefix__" rows are the blank row a page's script copies, never posted.
    names = [n for n in [*form.controls, *dict(form.buttons)] if "__prefix__" not in n]
    kinds_of_field = {}
    for name in names:
        kinds_of_field.setdefault(FORMSET_ROW.sub("-N-", name), name)
    large = len(kinds_of_field) > LARGE_FORM
    for number, name in enumerate(kinds_of_field.values()):
        control = form.controls.get(name)
        values = list(_values_for(control, large))
        if not every:
            values = [values[number % len(values)]]
        for kind, value in values:
            yield Attempt(form, name, kind, value)


def _values_for(control: Control | None, large: bool) -> Iterator[tuple[str, str]]:
    if control is not None and control.kind == "file":
        yield from ((kind, kind) for kind in FILES)
        return
    kinds = control.hostile if control is not None else CHOICE_HOSTILE
    yield from ((kind, HOSTILE[kind]) for kind in (EVERY_FIELD if large else kinds))
    if control is not None and control.maxlength:
        longest = "a" * control.maxlength
        yield f"{control.maxlength} characters", longest
        yield "one character too many", longest + "a"


FILES = {
    "empty file": b"",
    "NUL bytes": b"name,email\x00\n\x00\x00\n",
    "invalid UTF-8 file": b"\xff\xfe\xc0\x80\xed\xa0\x80 not text",
    "100,000 characters of JSON": b"[" * 100_000,
}


@dataclass(frozen=True)
class Outcome:
    status: int
    body: bytes
    error: BaseException | None = None

    @property
    def shows_error(self) -> bool:
        return any(marker in self.body for marker in ERROR_MARKERS)

    @property
    def has_message(self) -> bool:
        """Some words for the person: a 4xx with an empty body says nothing."""
        return len(self.body.strip()) > 0


def post(client: Client, attempt: Attempt) -> Outcome:
    """Send one attempt, undoing whatever it wrote (the seeded site stays as it
    was for the next) and keeping the visitor's cookies (a logout form)."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            try:
                response = _send(client, attempt)
                return Outcome(response.status_code, response.content)
            except Exception as error:  # The walker reports it.
                return Outcome(500, b"", error)
            finally:
                transaction.set_rollback(True)
    finally:
        client.cookies = cookies


def _send(client: Client, attempt: Attempt):
    form = attempt.form
    data = form.defaults()
    url = form.action
    if attempt.kind in FILES:
        data[attempt.field] = [
            SimpleUploadedFile("hostile.csv", FILES[attempt.kind], "text/csv")
        ]
        return client.post(url, data)
    if attempt.kind == INVALID_UTF8:
        data.pop(attempt.field, None)
        body = _urlencoded(data) + f"&{quote(attempt.field)}={INVALID_UTF8_BYTES}"
        if form.method == "get":
            return client.get(f"{urlsplit(url).path}?{body}")
        return client.post(
            url, body.encode(), content_type="application/x-www-form-urlencoded"
        )
    data[attempt.field] = [attempt.value]
    if form.method == "get":
        return client.get(urlsplit(url).path, data)
    if not form.multipart:
        # A form without files posts urlencoded, as a browser does.
        return client.post(
            url,
            _urlencoded(data).encode(),
            content_type="application/x-www-form-urlencoded",
        )
    return client.post(url, data)


def _urlencoded(data: dict[str, list[str]]) -> str:
    return "&".join(
        f"{quote(name)}={quote(value)}"
        for name, values in data.items()
        for value in values
    )
