"""A prospect answers the public intake on a phone; the practitioner sees the score."""

import re

from playwright.sync_api import Page, expect

from fitcheck.models import Contact, IntakePage
from tests.factories import PASSWORD, MembershipFactory, UserFactory, WorkspaceFactory
from tests.personas.builders import make_maya
from tests.two_factor import code_for, give_app

PHONE = {"width": 375, "height": 740}


def publish_intake():
    workspace = WorkspaceFactory(name="Harbour Lane", slug="harbour-lane")
    owner = UserFactory(email="olivia@example.com", name="Olivia Owner")
    MembershipFactory(workspace=workspace, user=owner, role="owner")
    IntakePage.objects.create(
        workspace=workspace,
        persona=make_maya(workspace),
        published=True,
        good_fit_message="It sounds like we could do good work together.",
        booking_url="https://cal.example.com/olivia",
    )
    return owner


def test_a_prospect_answers_on_a_phone_and_the_practitioner_sees_the_score(
    page: Page, live_server, transactional_db
):
    owner = publish_intake()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/fit/harbour-lane/")

    expect(page.get_by_role("heading", name="Are we a good fit?")).to_be_visible()
    fits_the_screen = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(fits_the_screen)
    expect(page.get_by_label("Leave this empty")).not_to_be_in_viewport()

    pains = page.get_by_role("group", name="Which of these sound like you?")
    # The pain offered as prospects say it ("Evenings lost to admin").
    pains.get_by_label("Drowning in paperwork").check()
    page.get_by_role("group", name="What would you love to change?").get_by_label(
        "Weekends off"
    ).check()
    page.get_by_label("How old are you?").fill("41")
    page.get_by_role("group", name="How do you describe your gender?").get_by_label(
        "Woman"
    ).check()
    page.get_by_label("Where are you based?").fill("Leeds")
    page.get_by_label("What do you do for a living?").fill("Physiotherapist")
    page.get_by_label("Which industry do you work in?").fill("Healthcare")
    page.get_by_label("How big is your team").fill("3")
    page.get_by_label("Your name").fill("Ana Prospect")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_text("Please check the answers marked below")).to_be_visible()
    expect(page.get_by_label("Your email")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("How old are you?")).to_have_value("41")
    page.get_by_label("Your email").fill("ana@example.com")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.get_by_role("heading", name="Thank you, Ana")).to_be_visible()
    expect(page.get_by_text("we could do good work together")).to_be_visible()
    booking = page.get_by_role("link", name="Book a call")
    expect(booking).to_have_attribute("href", "https://cal.example.com/olivia")
    expect(page.get_by_text(re.compile(r"\d+/100"))).to_have_count(0)
    assert page.evaluate(fits_the_screen)

    contact = Contact.objects.get(email="ana@example.com")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(owner.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))

    page.goto(f"{live_server.url}{contact.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Ana Prospect")).to_be_visible()
    expect(page.get_by_text("Fit intake")).to_be_visible()
    fit = page.get_by_role("heading", name=re.compile("Against Maya"))
    expect(fit).to_contain_text(re.compile(r"Ideal\s+\d+(–\d+)? \d+% known"))
    breakdown = page.get_by_role("table")
    expect(breakdown).to_contain_text("Age 41 is within 35–55.")
    expect(breakdown).to_contain_text("Has the pain “Evenings lost to admin”")
    expect(breakdown).to_contain_text("Income band unknown")

    # The office manager reviews the same score in Django admin, which asks staff
    # for a code from their authenticator app after the password.
    admin_user = UserFactory(
        email="office@example.com", is_staff=True, is_superuser=True
    )
    app = give_app(admin_user)
    page.get_by_role("button", name="Olivia").click()
    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Email address").fill(admin_user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code").fill(code_for(app))
    page.get_by_role("button", name="Continue").click()
    page.goto(f"{live_server.url}/admin/fitcheck/fitscore/?q=ana%40example.com")
    row = page.get_by_role("row", name=re.compile("Ana Prospect"))
    expect(row).to_contain_text("Maya")
    row.get_by_role("link").first.click()
    expect(page.get_by_text("Breakdown")).to_be_visible()
    admin_breakdown = page.locator("table", has_text="Criterion")
    expect(admin_breakdown).to_contain_text("Age 41 is within 35–55.")
