"""The public "are we a good fit?" intake at /fit/<slug>/."""

import re
from dataclasses import replace

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import ratelimit
from fitcheck.criteria import Criterion, Kind
from fitcheck.intake_drafting import draft
from fitcheck.intake_form import PREFER_NOT, build_intake_form
from fitcheck.intake_text import Part, referral_lines
from fitcheck.models import Contact, FitScore, FollowUp, IntakePage, IntakeQuestion
from fitcheck.services import intake_questions, rubric_versions
from fitcheck.services.intake import Outcome, outcome_for
from personas.models import Persona
from tests.factories import ContactFactory, PersonaFactory
from tests.fitcheck.rubric_builders import add_interest
from tests.personas.builders import make_maya

FORM = reverse("fitcheck:intake", args=["harbour-lane"])
RESULT = reverse("fitcheck:intake_result", args=["harbour-lane"])
BOOKING = "https://cal.example.com/harbour-lane"
GOOD_MESSAGE = "Lovely: let's talk about your practice."
POOR_MESSAGE = "We are probably not the right people for this."

IDEAL_ANSWERS = {
    "reported_pains": ["Evenings lost to admin", "Unpredictable income"],
    "goals": ["A waiting list of the right patients", "Weekends off"],
    "age": "41",
    "gender": "women",
    "family_status": "parent_young",
    "location": "Leeds",
    "languages": ["English"],
    "occupation": "Physiotherapist",
    "industry": "Healthcare",
    "company_size": "3",
    "income_band": "30k_60k",
    "education": "bachelor",
    "interests": ["Wellbeing"],
    "values": ["Independence"],
    "name": "Ana Prospect",
    "email": "Ana@Example.com",
    "message": "I'd love to stop doing invoices at midnight.",
}
POOR_ANSWERS = {
    "reported_pains": ["None of these"],
    "goals": ["None of these"],
    "age": "22",
    "gender": "men",
    "family_status": "single",
    "location": "Paris",
    "languages_other": "French",
    "occupation": "Pilot",
    "industry": "Aviation",
    "company_size": "500",
    "income_band": "over_200k",
    "education": "secondary",
    "name": "Pierre Prospect",
    "email": "pierre@example.com",
}


@pytest.fixture
def maya(workspace):
    return make_maya(workspace)


@pytest.fixture
def intake_page(workspace, maya, owner):
    return IntakePage.objects.create(
        workspace=workspace,
        persona=maya,
        published=True,
        good_fit_message=GOOD_MESSAGE,
        booking_url=BOOKING,
        poor_fit_message=POOR_MESSAGE,
        referrals="Sam Lee, career coach: https://sam.example.org/start.\n"
        "Jo <b>Bold</b> javascript:alert(1)",
    )


def post(client, data, **extra):
    return client.post(FORM, data, **extra)


def show(page: IntakePage, fact: str) -> None:
    """Show a question the draft hides (only the heaviest are shown)."""
    rubric = rubric_versions.applied_rubric(persona=page.persona)
    intake_questions.stored_questions(page=page, rubric=rubric)
    question = IntakeQuestion.objects.get(page=page, fact=fact)
    intake_questions.save_question(
        question=question, values=replace(question.as_draft(), hidden=False)
    )


# The questionnaire -------------------------------------------------------------------


def criterion(key, fact, kind=Kind.MATCHES, weight=10, **kwargs) -> Criterion:
    return Criterion(key=key, label=key, fact=fact, kind=kind, weight=weight, **kwargs)


def form_for(criteria: list[Criterion]):
    return build_intake_form(
        draft(criteria, choices=intake_questions.CHOICES), criteria
    )


def test_the_form_asks_the_questions_drafted_for_the_rubric():
    form_class = form_for(
        [
            criterion("age", "age", Kind.IN_RANGE, low=30, high=50),
            criterion("gender", "gender", expected=("women",)),
            criterion("languages", "languages", expected=("English", "Welsh")),
            criterion("pain:1", "reported_pains", Kind.CONTAINS, expected=("Admin",)),
            criterion("pain:2", "reported_pains", Kind.CONTAINS, expected=("Debt",)),
            criterion("dream:1", "goals", Kind.CONTAINS, expected=("Time off", "time")),
            criterion("industry", "industry", Kind.CONTAINS, 0, expected=("Law",)),
            criterion("red_flag:1", "red_flags", Kind.KNOCK_OUT, 0, expected=("Rude",)),
            criterion(
                "red_flag:2",
                "red_flags",
                Kind.CONTAINS,
                15,
                expected=("Late",),
                penalty=True,
            ),
        ]
    )
    fields = form_class.base_fields
    assert [asked.name for asked in form_class.asked] == [
        "reported_pains",
        "goals",
        "age",
        "gender",
        "languages",
    ]
    assert fields["age"].label == "How old are you?"
    assert fields["reported_pains"].label == "Which of these sound like you?"
    # The red flags are among the pains, in the prospect's words.
    assert [value for value, _ in fields["reported_pains"].choices] == [
        "Admin",
        "Rude",
        "Debt",
        "Late",
        "None of these",
    ]
    assert fields["goals"].label == "What would you love to change?"
    # A dream offers how prospects say it, and keeps its own sentence.
    assert list(fields["goals"].choices) == [
        ("Time off", "time"),
        ("None of these", "None of these"),
    ]
    assert (PREFER_NOT, "Prefer not to say") in fields["gender"].choices
    assert ("women", "Woman") in fields["gender"].choices
    assert [value for value, _ in fields["languages"].choices] == ["English", "Welsh"]
    assert "languages_other" in fields
    assert "industry" not in fields  # Weight 0: it would not count.
    assert "red_flags" not in fields
    assert {"name", "email", "message"} <= set(fields)


def test_forms_share_their_choices_and_still_refuse_an_unknown_one():
    form_class = form_for(
        [
            criterion("gender", "gender", expected=("women",)),
            criterion("languages", "languages", expected=("English", "Welsh")),
        ]
    )
    first = form_class({"name": "Kim", "email": "kim@example.com", "gender": "x"})
    second = form_class({"name": "Kim", "email": "kim@example.com", "gender": "men"})
    assert first.fields["gender"].choices is second.fields["gender"].choices
    assert first.fields["gender"] is not second.fields["gender"]
    assert "gender" in first.errors
    assert second.is_valid()
    assert not form_class({**second.data, "languages": ["Klingon"]}).is_valid()


def test_ticked_red_flags_go_to_the_red_flags_and_none_of_these_stands_alone():
    form_class = form_for(
        [
            criterion("pain:1", "reported_pains", Kind.CONTAINS, expected=("Admin",)),
            criterion("pain:2", "reported_pains", Kind.CONTAINS, expected=("Debt",)),
            criterion(
                "red_flag:1",
                "red_flags",
                Kind.CONTAINS,
                15,
                expected=("Late",),
                penalty=True,
            ),
        ]
    )
    reply = {"name": "Kim", "email": "kim@example.com"}
    form = form_class({**reply, "reported_pains": ["Admin", "Late"]})
    assert form.is_valid()
    answers = form.cleaned_data["answers"]
    assert answers.facts == {"reported_pains": ["Admin"]}
    assert answers.red_flags == ["Late"]
    form = form_class({**reply, "reported_pains": ["None of these"]})
    assert form.is_valid()
    assert form.cleaned_data["answers"].facts == {"reported_pains": ["None of these"]}
    form = form_class({**reply, "reported_pains": ["None of these", "Debt"]})
    assert not form.is_valid()
    assert "can't go with other answers" in form.errors["reported_pains"][0]


def test_red_flags_are_offered_in_the_prospects_words_among_the_pains(
    client, intake_page
):
    response = client.get(FORM)
    assert response.status_code == 200
    assert "How old are you?" in response.text
    # A pain offers how prospects say it; the box keeps the persona's sentence.
    assert re.search(
        r'value="Evenings lost to admin"[^>]*>\s*<label[^>]*>\s*Drowning in paperwork',
        response.text,
    )
    assert "I haggle on price" in response.text
    assert "None of these" in response.text


def test_radio_and_checkbox_groups_are_fieldsets_with_legends(client, intake_page):
    html = client.get(FORM).text
    assert re.search(r"<legend[^>]*>\s*How do you describe your gender\?", html)
    assert re.search(r"<legend[^>]*>\s*Which of these sound like you\?", html)
    assert re.search(r'<label\s+for="id_age"', html)


def test_the_page_has_no_inline_styles_or_scripts(client, intake_page):
    html = client.get(FORM).text
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_the_honeypot_is_hidden_by_a_class_and_out_of_the_tab_order(
    client, intake_page
):
    html = client.get(FORM).text
    field = re.search(r'<input[^>]*name="website"[^>]*>', html)[0]
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field
    assert '<div class="hp-field" aria-hidden="true">' in html
    assert "Leave this empty" in html


def test_the_questions_follow_the_applied_version_not_the_draft(
    client, intake_page, maya
):
    assert "Sea swimming" not in client.get(FORM).text  # Keeps this version's form.
    draft = rubric_versions.start_draft(persona=maya)
    add_interest(draft, "Sea swimming")
    assert "Sea swimming" not in client.get(FORM).text
    rubric_versions.apply_draft(draft=draft)
    assert "Sea swimming" in client.get(FORM).text
    post(client, {**IDEAL_ANSWERS, "interests": ["Sea swimming"]})
    assert FitScore.objects.get().rubric == draft


# Results -----------------------------------------------------------------------------


def test_a_good_fit_sees_the_good_message_and_the_booking_link(client, intake_page):
    response = post(client, IDEAL_ANSWERS)
    assert response.status_code == 302
    assert response.url == RESULT  # The outcome is not in the URL.
    result = client.get(RESULT)
    assert GOOD_MESSAGE.replace("'", "&#x27;") in result.text
    assert f'href="{BOOKING}"' in result.text
    assert "Book a call" in result.text
    assert "Thank you, Ana" in result.text
    assert POOR_MESSAGE not in result.text
    fit = FitScore.objects.get()
    assert fit.band == "ideal"


def test_the_prospect_never_sees_a_score(client, intake_page):
    post(client, IDEAL_ANSWERS)
    html = client.get(RESULT).text
    text = html[html.index("<main") : html.index("</main>")].lower()
    assert "/100" not in text
    assert "score" not in text
    assert "ideal" not in text


def test_a_poor_fit_sees_the_poor_message_and_referrals_as_safe_links(
    client, intake_page
):
    post(client, POOR_ANSWERS)
    result = client.get(RESULT)
    assert POOR_MESSAGE in result.text
    assert BOOKING not in result.text
    assert (
        '<a href="https://sam.example.org/start" rel="noopener noreferrer nofollow">'
        in result.text
    )
    assert "Jo &lt;b&gt;Bold&lt;/b&gt; javascript:alert(1)" in result.text
    assert 'href="javascript' not in result.text
    assert FitScore.objects.get().band == "not_a_fit"


def test_a_prospect_who_says_nothing_hears_we_will_be_in_touch(client, intake_page):
    post(client, {"name": "Wren", "email": "wren@example.com"})
    result = client.get(RESULT)
    assert "We will be in touch" in result.text
    assert BOOKING not in result.text
    assert POOR_MESSAGE not in result.text
    fit = FitScore.objects.get()
    assert fit.band == "needs_information"
    # ... and the practitioner is asked to write, with what to ask.
    follow_up = FollowUp.objects.get()
    assert follow_up.contact.email == "wren@example.com"
    assert (
        follow_up.ask_about
        == fit.ask_about
        == [
            "their work",
            "their pains",
            "their industry",
        ]
    )
    assert follow_up.done_at is None


def test_a_prospect_who_answers_again_updates_their_open_follow_up(client, intake_page):
    post(client, {"name": "Wren", "email": "wren@example.com"})
    post(client, {"name": "Wren", "email": "wren@example.com", "age": "40"})
    assert FollowUp.objects.count() == 1
    post(client, IDEAL_ANSWERS)
    assert FollowUp.objects.count() == 1  # A good fit gets the booking link.


def test_a_deal_breaker_recorded_earlier_makes_a_returning_contact_a_poor_fit(
    client, intake_page, workspace
):
    ContactFactory(
        workspace=workspace, email="ana@example.com", red_flags=["Haggles on price"]
    )
    post(client, IDEAL_ANSWERS)
    assert POOR_MESSAGE in client.get(RESULT).text
    assert FitScore.objects.get().knocked_out


def test_an_admin_override_of_the_band_decides_the_outcome(
    client, intake_page, workspace
):
    post(client, IDEAL_ANSWERS)
    FitScore.objects.update(band_override="not_a_fit", override_reason="Known to us")
    post(client, IDEAL_ANSWERS)
    assert POOR_MESSAGE in client.get(RESULT).text


@pytest.mark.parametrize(
    ("band", "knocked_out", "outcome"),
    [
        ("ideal", False, Outcome.GOOD),
        ("good", False, Outcome.GOOD),
        ("weak", False, Outcome.WEAK),
        ("needs_information", False, Outcome.UNSURE),
        ("not_a_fit", False, Outcome.POOR),
        ("ideal", True, Outcome.POOR),
    ],
)
def test_outcome_for_a_band(band, knocked_out, outcome):
    assert outcome_for(band=band, knocked_out=knocked_out) is outcome


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("", []),
        ("Sam Lee\n\n  ", [[Part("Sam Lee")]]),
        (
            "Sam: https://sam.example.org/a?b=1, or call",
            [
                [
                    Part("Sam: "),
                    Part(
                        "https://sam.example.org/a?b=1", "https://sam.example.org/a?b=1"
                    ),
                    Part(", or call"),
                ]
            ],
        ),
        ("HTTP://A.example", [[Part("HTTP://A.example", "HTTP://A.example")]]),
        ("javascript:alert(1)", [[Part("javascript:alert(1)")]]),
        ("ftp://files.example", [[Part("ftp://files.example")]]),
        (
            'x https://a.example/"onmouseover=',
            [[Part("x "), Part(*["https://a.example/"] * 2), Part('"onmouseover=')]],
        ),
    ],
)
def test_referral_lines_link_only_web_addresses(text, lines):
    assert referral_lines(text) == lines


def test_a_result_without_an_answer_goes_back_to_the_form(client, intake_page):
    response = client.get(RESULT)
    assert response.status_code == 302
    assert response.url == FORM


def test_the_result_travels_in_a_signed_cookie_scoped_to_the_page(client, intake_page):
    response = post(client, IDEAL_ANSWERS)
    cookie = response.cookies["intake_result"]
    assert cookie["path"] == FORM
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert "Ana" not in cookie.value  # Signed and encoded, not the name in clear.
    assert not Session.objects.exists()  # A prospect's answer leaves no session.


@pytest.mark.parametrize("tamper", ["forged", "other page"])
def test_a_forged_or_borrowed_result_cookie_goes_back_to_the_form(
    client, intake_page, tamper
):
    post(client, IDEAL_ANSWERS)
    value = client.cookies["intake_result"].value
    if tamper == "forged":
        client.cookies["intake_result"] = value[:-2] + "xx"
    else:
        salt = "fitcheck.intake-result:another-practice"
        client.cookies["intake_result"] = signing.dumps({"outcome": "good"}, salt=salt)
    response = client.get(RESULT)
    assert response.status_code == 302
    assert response.url == FORM


# Contacts and email -----------------------------------------------------------------


def test_a_new_prospect_becomes_a_scored_contact(client, intake_page, workspace, maya):
    post(client, IDEAL_ANSWERS)
    contact = Contact.objects.get()
    assert contact.workspace == workspace
    assert contact.email == "ana@example.com"
    assert contact.source == Contact.Source.INTAKE
    assert contact.stage == Contact.Stage.PROSPECT
    assert contact.age == 41
    assert contact.gender == "women"
    assert contact.languages == []  # Not among the questions shown.
    assert contact.reported_pains == IDEAL_ANSWERS["reported_pains"]
    assert contact.red_flags == []
    assert "invoices at midnight" in contact.notes
    assert FitScore.objects.get(contact=contact, persona=maya).score == 100


def test_the_worker_scores_the_workspaces_other_personas(
    client, intake_page, workspace, maya, django_capture_on_commit_callbacks
):
    other = PersonaFactory(workspace=workspace, status=Persona.Status.ACTIVE)
    rubric_versions.applied_rubric(persona=other)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(client, IDEAL_ANSWERS)
    contact = Contact.objects.get()
    # The prospect waits for the page's persona only.
    assert [fit.persona for fit in contact.scores.all()] == [maya]
    callbacks[0]()
    assert {fit.persona for fit in contact.scores.all()} == {maya, other}


def test_prefer_not_to_say_and_skipped_questions_leave_facts_unknown(
    client, intake_page
):
    show(intake_page, "languages")
    post(
        client,
        {
            "name": "Kim",
            "email": "kim@example.com",
            "gender": PREFER_NOT,
            "languages_other": "Welsh, english ; Welsh",
        },
    )
    contact = Contact.objects.get()
    assert contact.gender == ""
    assert contact.age is None
    assert contact.languages == ["Welsh", "english"]


def test_an_existing_contact_is_updated_by_email_whatever_its_case(
    client, intake_page, workspace
):
    existing = ContactFactory(
        workspace=workspace,
        name="Ana Known",
        email="ANA@example.com",
        stage=Contact.Stage.CLIENT,
        age=20,
        location="York",
        company_size=7,
        values=["Family"],
        notes="Met at the conference.",
    )
    unanswered = {"location": "", "company_size": "", "values": []}
    post(client, {**IDEAL_ANSWERS, **unanswered})
    assert Contact.objects.count() == 1
    existing.refresh_from_db()
    assert existing.age == 41
    assert existing.occupation == "Physiotherapist"
    # Not answered, so kept.
    assert existing.location == "York"
    assert existing.company_size == 7
    assert existing.values == ["Family"]
    assert existing.name == "Ana Known"
    assert existing.stage == Contact.Stage.CLIENT
    assert existing.source == Contact.Source.ENTERED
    assert existing.notes.startswith("Met at the conference.\n\nFrom the fit intake")


def test_a_contact_of_another_workspace_is_never_touched(
    client, intake_page, other_workspace
):
    theirs = ContactFactory(workspace=other_workspace, email="ana@example.com", age=20)
    post(client, IDEAL_ANSWERS)
    theirs.refresh_from_db()
    assert theirs.age == 20
    assert Contact.objects.count() == 2


def test_the_owners_get_one_email_after_commit(
    client, intake_page, teammate, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post(client, IDEAL_ANSWERS)
    # The intake's task, then (queued by it) the email's delivery.
    assert len(callbacks) == 2
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["olivia@example.com"]  # Owners, not every member.
    assert email.reply_to == ["ana@example.com"]
    assert email.subject == "New fit intake: Ana Prospect (Ideal)"
    contact = Contact.objects.get()
    assert f"http://127.0.0.1:8000/fit-check/contacts/{contact.pk}/" in email.body
    assert "I'd love to stop doing invoices" in email.body
    assert "booking link" in email.body
    assert email.alternatives


def test_no_email_goes_out_for_a_contact_deleted_before_the_worker_ran(
    client, intake_page, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(client, IDEAL_ANSWERS)
    Contact.objects.all().delete()
    callbacks[0]()
    assert mailoutbox == []


def test_no_email_leaves_before_the_transaction_commits(
    client, intake_page, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(client, IDEAL_ANSWERS)
    assert len(callbacks) == 1
    assert mailoutbox == []


def statements_of_an_answer(client, email: str) -> list[str]:
    return [sql.split()[0] for sql in one_sql(client, email)]


def one_sql(client, email: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert post(client, {**IDEAL_ANSWERS, "email": email}).status_code == 302
    return [query["sql"] for query in queries]


def test_an_answer_costs_the_same_few_statements_however_many_personas(
    client, intake_page, workspace
):
    client.get(FORM)  # The form of the applied version is built once per process.
    one = statements_of_an_answer(client, "ana@example.com")
    for _ in range(3):
        rubric_versions.applied_rubric(persona=PersonaFactory(workspace=workspace))
    assert statements_of_an_answer(client, "bo@example.com") == one
    # The page, the rate limit read, the contact (in a savepoint) and its score,
    # and the rate limit counted last, so that its row is locked only until the
    # commit; the worker scores the other personas once this commits.
    kinds = [kind for kind in one if kind not in {"SAVEPOINT", "RELEASE"}]
    assert kinds == ["SELECT", "SELECT", "INSERT", "INSERT", "INSERT"]
    statements = one_sql(client, "cy@example.com")
    kept = [sql for sql in statements if not sql.startswith(("SAVEPOINT", "RELEASE"))]
    assert "core_ratelimitbucket" in kept[-1]


# Protection --------------------------------------------------------------------------


def test_a_filled_honeypot_looks_the_same_but_keeps_and_sends_nothing(
    client, intake_page, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, {**IDEAL_ANSWERS, "website": "https://spam.example"})
    assert response.status_code == 302
    assert response.url == RESULT
    assert client.get(RESULT).status_code == 200
    assert not Contact.objects.exists()
    assert not FitScore.objects.exists()
    assert mailoutbox == []


def test_a_flood_gets_a_friendly_429_with_retry_after(client, intake_page):
    for _ in range(5):
        assert post(client, POOR_ANSWERS).status_code == 302
    response = post(client, POOR_ANSWERS)
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Please wait a few minutes" in response.text
    assert "no-store" in response["Cache-Control"]
    assert Contact.objects.count() == 1
    assert client.get(FORM).status_code == 200  # Reading is never limited.
    other_address = post(client, POOR_ANSWERS, REMOTE_ADDR="203.0.113.9")
    assert other_address.status_code == 302


# Answers sent at once from one address all read the counter before any of them
# counts (views/intake.py counts last): the one found past the limit when it
# counts is refused and keeps nothing.
@pytest.mark.django_db(transaction=True)
def test_an_answer_counted_past_the_limit_keeps_nothing(
    client, intake_page, monkeypatch
):
    for _ in range(5):
        assert post(client, POOR_ANSWERS).status_code == 302
    monkeypatch.setattr(ratelimit, "count", lambda key, *, window_seconds: 0)
    response = post(client, {**IDEAL_ANSWERS, "email": "late@example.com"})
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert not Contact.objects.filter(email="late@example.com").exists()
    assert Contact.objects.count() == 1


# Each request commits its own transaction here, as in production: a refused
# answer (400) must still count, not roll its hit back.
@pytest.mark.django_db(transaction=True)
def test_refused_answers_count_toward_the_limit(client, intake_page):
    for _ in range(5):
        assert post(client, {"name": "Ana"}).status_code == 400
    assert post(client, IDEAL_ANSWERS).status_code == 429
    assert post(client, IDEAL_ANSWERS).status_code == 429
    assert not Contact.objects.exists()


def test_invalid_answers_keep_what_was_typed_and_point_at_each_error(
    client, intake_page
):
    response = post(
        client,
        {
            "age": "200",
            "gender": "men",
            "reported_pains": ["Evenings lost to admin"],
            "occupation": "Physio <script>",
            "name": "Ana",
            "email": "not-an-email",
        },
    )
    assert response.status_code == 400
    html = response.text
    assert not Contact.objects.exists()
    assert 'value="200"' in html
    assert re.search(r'<input[^>]*value="men"[^>]*checked', html)
    assert re.search(r'<input[^>]*value="Evenings lost to admin"[^>]*checked', html)
    assert 'value="Physio &lt;script&gt;"' in html
    assert 'value="Ana"' in html
    email_input = re.search(r'<input[^>]*name="email"[^>]*>', html)[0]
    assert 'aria-invalid="true"' in email_input
    assert "id_email_error" in email_input
    assert 'id="id_email_error"' in html
    assert "Enter a valid email address" in html


def test_name_and_email_are_required(client, intake_page):
    response = post(client, {})
    assert response.status_code == 400
    assert response.text.count("This field is required") == 2


@pytest.mark.parametrize("url_name", ["fitcheck:intake", "fitcheck:intake_result"])
def test_an_unpublished_page_is_not_found(client, intake_page, url_name):
    intake_page.published = False
    intake_page.save()
    assert client.get(reverse(url_name, args=["harbour-lane"])).status_code == 404


def test_an_unknown_workspace_is_not_found(client, intake_page):
    assert client.get(reverse("fitcheck:intake", args=["nobody"])).status_code == 404
    assert client.post(reverse("fitcheck:intake", args=["nobody"])).status_code == 404


def test_a_workspace_without_an_intake_page_is_not_found(client, other_workspace):
    url = reverse("fitcheck:intake", args=[other_workspace.slug])
    assert client.get(url).status_code == 404


def test_public_pages_are_never_cached_and_tell_other_sites_nothing(
    client, intake_page
):
    post(client, POOR_ANSWERS)
    form, result = client.get(FORM), client.get(RESULT)
    for response in (form, result):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    assert result["Referrer-Policy"] == "no-referrer"
    # The form's own POST carries its origin (see the view), other sites get none.
    assert form["Referrer-Policy"] == "same-origin"


def test_other_methods_are_refused(client, intake_page):
    assert client.put(FORM).status_code == 405
    assert client.post(RESULT).status_code == 405


def test_a_persona_without_a_rubric_yet_gets_one_on_first_view(
    client, workspace, owner
):
    persona = PersonaFactory(
        workspace=workspace, status=Persona.Status.ACTIVE, age_min=30, age_max=40
    )
    IntakePage.objects.create(workspace=workspace, persona=persona, published=True)
    response = client.get(FORM)
    assert "How old are you?" in response.text
    assert "Which of these sound like you?" not in response.text


# A valid address longer than the 254 characters the contact's column holds.
LONG_EMAIL = f"{'a' * 60}@{'b' * 60}.{'c' * 60}.{'d' * 60}.example.com"


def test_an_email_longer_than_its_column_is_refused_beside_the_field(
    client, intake_page
):
    assert len(LONG_EMAIL) > 254
    response = post(client, {"name": "Ana", "email": LONG_EMAIL})
    assert response.status_code in (200, 400)
    assert 'id="error_1_id_email"' in response.text
    assert "at most 254 characters" in response.text
    assert not Contact.objects.exists()
