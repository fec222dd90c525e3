"""Every page a person reaches, with real objects of a seeded workspace in its URL.

`build_site` seeds the demo workspace (`manage.py seed_demo`) and adds what the
demo lacks (a second persona version, a draft survey, a theme, imports at each
step, links from emails), then makes the people who visit: an anonymous visitor
who has just answered the intake, and the practitioner, who is also the site's
admin with two-factor passed.

`page_urls` walks the URLconf (tests/urlconf.py) and fills each pattern's keywords
from the site: a keyword takes its values from `Site.by_url` for that URL, else
from the first of `Site.fillings` that has every keyword of the pattern (several
fillings give a URL several states: a survey open with answers and a draft). A
pattern it cannot fill is returned as a problem, so a new page with a new keyword
fails loudly until its object is added here.

`visits` asks every filled URL, anonymously first and as the practitioner when it
sends the visitor to log in, whether it is a page: HTML with 200 is; downloads,
POST-only actions and redirects are skipped with the reason (a redirect is
visited when it lands on a page no other URL shows, such as the password reset
form). Any other answer is a problem.
"""

import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import product

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.timezone import now
from PIL import Image

from accounts import demo
from accounts import emails as account_emails
from accounts import services as accounts
from accounts.models import User, Workspace
from core.models import OutboundEmail
from feedback.models import Answer, Invitation, Question, Survey
from feedback.services import answering, building, themes
from fitcheck.contact_rows import guess_mapping
from fitcheck.models import Contact, ContactImport, FitScore, FollowUp, IntakePage
from fitcheck.services import import_jobs, imports, intake_questions, rubric_versions
from personas import services as personas
from personas import worksheet
from personas.models import Persona
from tests.factories import PASSWORD, TeamInviteFactory, UserFactory
from tests.two_factor import force_verified_login
from tests.urlconf import Route, every_route

ANONYMOUS, PRACTITIONER = "anonymous", "practitioner"
# The admin is Django's own but for the fit scores, which are ours to show well.
ADMIN_PAGES_CHECKED = "admin:fitcheck_fitscore_"
# URLs that answer an error on purpose, with why.
NOT_PAGES = {
    "admin:fitcheck_fitscore_add": "scores are computed, never typed in (403)",
    "accounts:two_factor_codes_download": "a text file of codes just made (404 after)",
}
# The query a person's form sends with the URL, where it needs one.
QUERIES = {"privacy:retention_preview": "months=12"}
IMPORT_FILE = (
    "Name,E-mail 1 - Value,Lifecycle Stage,Organization 1 - Name\n"
    "Ana Costa,ana.costa@example.com,Customer,Costa Physio\n"
    "Ben Okafor,not-an-address,Lead,\n"
    "Carla Ito,,Customer,Ito Studio\n"
)


@dataclass
class Site:
    workspace: Workspace
    practitioner: User
    clients: dict[str, Client]
    fillings: list[dict[str, list]] = field(default_factory=list)
    by_url: dict[str, dict[str, list]] = field(default_factory=dict)


@dataclass(frozen=True)
class Visit:
    """A page to check: the URL to open, who opens it, the URL's name; `lands_on`
    when opening it redirects to the page to check."""

    url: str
    who: str
    name: str
    lands_on: str = ""
    # The page as it was opened, for tests that read it (tests/hostile_forms.py).
    html: str = field(default="", compare=False, repr=False)


@dataclass
class Visits:
    pages: list[Visit] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def checked_routes() -> list[Route]:
    return [
        route
        for route in every_route()
        if "admin" not in route.namespaces
        or (route.name or "").startswith(ADMIN_PAGES_CHECKED)
    ]


def page_urls(site: Site) -> tuple[list[tuple[str, str]], list[str]]:
    """(URL name, URL) of every checked pattern, and the patterns not filled."""
    urls, unfilled = {}, []
    for route in checked_routes():
        filled = _fill(site, route)
        if not filled:
            need = ", ".join(route.keywords) or "a name"
            unfilled.append(f"{route.route} ({route.name}): nothing to give {need}")
        for kwargs in filled:
            try:
                url = reverse(route.name, kwargs=kwargs)
                if query := QUERIES.get(route.name):
                    url = f"{url}?{query}"
                urls[url] = route.name
            except NoReverseMatch as error:
                unfilled.append(f"{route.route} ({route.name}): {error}")
    return [(name, url) for url, name in urls.items()], unfilled


def _fill(site: Site, route: Route) -> list[dict]:
    if route.name is None:
        return []
    overrides = site.by_url.get(route.name, {})
    kwargs = []
    for filling in site.fillings:
        values = {**filling, **overrides}
        if all(values.get(keyword) for keyword in route.keywords):
            choices = [values[keyword] for keyword in route.keywords]
            kwargs += [
                dict(zip(route.keywords, c, strict=True)) for c in product(*choices)
            ]
    return kwargs


def visits(site: Site) -> Visits:
    urls, unfilled = page_urls(site)
    found = Visits(problems=unfilled)
    planned = {url for _, url in urls}
    for name, url in urls:
        if name in NOT_PAGES:
            found.skipped.append(f"{url}: {NOT_PAGES[name]}")
            continue
        _visit(site, name, url, planned, found)
    return found


def _visit(site: Site, name: str, url: str, planned: set[str], found: Visits) -> None:
    answers = []
    for who in (ANONYMOUS, PRACTITIONER):
        client = site.clients[who]
        response = client.get(url)
        answers.append(f"{response.status_code} to the {who}")
        if response.status_code == 405:
            found.skipped.append(f"{url}: POST only")
            return
        if response.status_code in (301, 302, 303, 307, 308):
            if who == ANONYMOUS and _to_login(response["Location"]):
                continue
            _follow(client, who, name, url, planned, found)
            return
        if response.status_code == 200:
            if _is_document(response):
                found.pages.append(Visit(url, who, name, html=response.text))
            else:
                kind = response.headers.get("Content-Type", "").split(";")[0]
                found.skipped.append(f"{url}: {kind} download or fragment")
            return
    found.problems.append(f"{url} ({name}) answers {', '.join(answers)}")


def _follow(
    client: Client, who: str, name: str, url: str, planned: set[str], found: Visits
) -> None:
    """A redirect: checked where it lands when no other URL shows that page."""
    landed = client.get(url, follow=True)
    lands_on = landed.request["PATH_INFO"]
    if landed.status_code == 200 and _is_document(landed) and lands_on not in planned:
        planned.add(lands_on)
        found.pages.append(Visit(url, who, name, lands_on=lands_on, html=landed.text))
    else:
        found.skipped.append(f"{url}: redirects to {lands_on}")


def _is_document(response: HttpResponse) -> bool:
    """A whole HTML page, not a download nor a fragment a page's script inserts."""
    kind = response.headers.get("Content-Type", "")
    download = response.headers.get("Content-Disposition", "").startswith("attachment")
    if download or not kind.startswith("text/html"):
        return False
    return b"<html" in response.content[:1000]


def _to_login(location: str) -> bool:
    return location.split("?")[0] in (reverse("accounts:login"), reverse("admin:login"))


# The seeded site ------------------------------------------------------------------


def build_site() -> Site:
    """The demo workspace with something on every page, and its visitors.
    MEDIA_ROOT must be a scratch folder: the imports store their files."""
    call_command("seed_demo", stdout=io.StringIO())
    workspace = Workspace.objects.get(slug=demo.DEMO_WORKSPACE_SLUG)
    practitioner = User.objects.get(email=demo.DEMO_EMAIL)
    User.objects.filter(pk=practitioner.pk).update(is_staff=True, is_superuser=True)
    practitioner.refresh_from_db()
    site = Site(workspace, practitioner, clients=_visitors(workspace, practitioner))
    # The services expect the transaction a request gives them.
    with transaction.atomic():
        site.fillings = [_main_filling(site), _draft_survey_filling(workspace)]
        site.by_url = _links_given_out(site)
    return site


def _visitors(workspace: Workspace, practitioner: User) -> dict[str, Client]:
    anonymous = Client()
    # A prospect who has just answered the intake may see its result page.
    anonymous.post(
        reverse("fitcheck:intake", args=[workspace.slug]),
        {"name": "Ana Prospect", "email": "ana.prospect@example.com"},
    )
    logged_in = Client()
    force_verified_login(logged_in, practitioner)
    return {ANONYMOUS: anonymous, PRACTITIONER: logged_in}


def _main_filling(site: Site) -> dict[str, list]:
    workspace = site.workspace
    persona = (
        Persona.objects.for_workspace(workspace)
        .filter(status=Persona.Status.ACTIVE)
        .exclude(kind=Persona.Kind.ANTI)
        .order_by("pk")
        .first()
    )
    survey = Survey.objects.filter(workspace=workspace, status=Survey.Status.OPEN)
    survey = survey.order_by("-pk").first()
    score = FitScore.objects.filter(workspace=workspace, stage="client").first()
    question = survey.questions.filter(kind=Question.Kind.LONG_TEXT).first()
    _give_photo(persona)
    _draft_rubric(persona)
    theme = themes.create_theme(workspace=workspace, survey=survey, name="Evenings")
    answer = Answer.objects.filter(question=question).exclude(text="").first()
    themes.tag_answers(answer=answer, theme=theme)
    invite = TeamInviteFactory(workspace=workspace, invited_by=site.practitioner)
    return {
        "workspace_id": [workspace.pk],
        "workspace_slug": [workspace.slug],
        "persona_id": [persona.pk],
        "other_id": [personas.new_version(persona=persona).pk],
        "step": worksheet.ORDER,
        "contact_id": [score.contact_id],
        "object_id": [score.pk],
        "import_id": _imports(workspace),
        "survey_id": [survey.pk],
        "question_id": [question.pk],
        "theme_id": [theme.pk],
        "response_id": [survey.responses.first().pk],
        "invite_id": [invite.pk],
        "intake_question_id": [_intake_questions(workspace)[0].pk],
        # The anonymous visitor's answer left the practice a prospect to ask.
        "follow_up_id": [FollowUp.objects.for_workspace(workspace).open()[0].pk],
    }


def _intake_questions(workspace: Workspace) -> list:
    """The published intake's questions, stored as the editor stores them."""
    page = IntakePage.objects.select_related("persona").get(workspace=workspace)
    rubric = rubric_versions.applied_rubric(persona=page.persona)
    return intake_questions.stored_questions(page=page, rubric=rubric)


def _give_photo(persona: Persona) -> None:
    image = io.BytesIO()
    Image.new("RGB", (96, 96), (70, 110, 150)).save(image, "PNG")
    persona.photo.save("maya.png", ContentFile(image.getvalue()))


def _draft_rubric(persona: Persona) -> None:
    """A draft with a heavier first criterion: the preview has bands to move."""
    draft = rubric_versions.start_draft(persona=persona)
    criterion = draft.criteria.order_by("position").first()
    criterion.weight *= 3
    criterion.save(update_fields=["weight"])


def _draft_survey_filling(workspace: Workspace) -> dict[str, list]:
    draft = building.create_survey(workspace=workspace, template="checkin")
    question = draft.questions.filter(kind=Question.Kind.LONG_TEXT).first()
    return {"survey_id": [draft.pk], "question_id": [question.pk]}


def _imports(workspace: Workspace) -> list[int]:
    """An import waiting for its values to be chosen, and one done with rows
    refused (the results page)."""
    waiting, done = (_uploaded(workspace, name) for name in ("fair.csv", "crm.csv"))
    for contact_import in (waiting, done):
        head = imports.check_file(io.BytesIO(IMPORT_FILE.encode()))
        mapping = guess_mapping(head.header, head.filled)
        imports.choose_columns(contact_import=contact_import, mapping=mapping)
    done.refresh_from_db()
    job = import_jobs.queue_import(contact_import=done)
    import_jobs.run_import_job(job_id=job.pk)
    return [waiting.pk, done.pk]


def _uploaded(workspace: Workspace, name: str) -> ContactImport:
    data = IMPORT_FILE.encode()
    return ContactImport.objects.create(
        workspace=workspace,
        file=ContentFile(data, name="upload.csv"),
        original_name=name,
        checks=imports.check_file(io.BytesIO(data)).as_checks(),
    )


def _links_given_out(site: Site) -> dict[str, dict[str, list]]:
    """Tokens of the links people are sent or given, for the URLs that take them."""
    survey = Survey.objects.get(pk=site.fillings[0]["survey_id"][0])
    persona = Persona.objects.get(pk=site.fillings[0]["persona_id"][0])
    shared = personas.share(persona=persona, user=site.practitioner)
    answered = Invitation.objects.filter(
        survey=survey, status=Invitation.Status.ANSWERED
    ).first()
    waiting = Invitation.objects.create(
        survey=survey,
        contact=Contact.objects.create(workspace=site.workspace, name="Nia New"),
        status=Invitation.Status.SENT,
        sent_at=now(),
        expires_at=now() + timedelta(days=30),
    )
    raw_invite = "a-team-invite-token-for-the-accessibility-test"
    TeamInviteFactory(
        workspace=site.workspace, invited_by=site.practitioner, raw_token=raw_invite
    )
    resetting = UserFactory(email="rita.reset@example.com", name="Rita Reset")
    survey_links = [answering.new_link_token(i) for i in (waiting, answered)]
    return {
        "accounts:signup_confirm": {"token": [_signup_token()]},
        "accounts:invite_accept": {"token": [raw_invite]},
        "accounts:password_reset_confirm": {
            "uidb64": [urlsafe_base64_encode(force_bytes(resetting.pk))],
            "token": [default_token_generator.make_token(resetting)],
        },
        "feedback:answer": {"token": survey_links},
        "feedback:unsubscribe": {"token": survey_links[:1]},
        "personas:shared": {"token": [shared]},
        "personas:shared_photo": {"token": [shared]},
        "feedback:public_answer": {
            "token": [building.create_public_link(survey=survey)]
        },
    }


def _signup_token() -> str:
    accounts.request_signup(
        email="sam.signup@example.com",
        password=PASSWORD,
        name="Sam Signup",
        workspace_name="Sam's Studio",
    )
    # The email is in the outbox until sent, then in the test mailbox.
    bodies = [
        *OutboundEmail.objects.filter(kind=account_emails.SIGNUP_CONFIRM)
        .order_by("-pk")
        .values_list("body", flat=True),
        *(message.body for message in reversed(getattr(mail, "outbox", []))),
    ]
    links = (re.search(r"/accounts/signup/confirm/([^/\s]+)/", b) for b in bodies)
    return next(link[1] for link in links if link)
