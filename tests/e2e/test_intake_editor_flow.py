"""The intake in the prospect's words: a practitioner edits it, a prospect answers
it on a phone, the default page fits three phone screens, and it works inside a
frame on the practitioner's own website."""

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from playwright.sync_api import Page, expect

from accounts.demo import DemoContext
from fitcheck.models import Contact, FollowUp, IntakePage, IntakeQuestion
from personas import demo
from personas.models import Persona
from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import log_in
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}


def demo_intake(**fields) -> tuple:
    """Harbour Lane with the demo personas, and Amara's published intake."""
    workspace = WorkspaceFactory(name="Harbour Lane", slug="harbour-lane")
    owner = UserFactory(email="olivia@example.com", name="Olivia Owner")
    MembershipFactory(workspace=workspace, user=owner, role="owner")
    demo.seed(DemoContext(write=lambda line: None, site_url="", workspace=workspace))
    page = IntakePage.objects.create(
        workspace=workspace,
        persona=Persona.objects.get(workspace=workspace, name="Amara"),
        published=True,
        booking_url="https://cal.example.com/olivia",
        **fields,
    )
    return owner, page


def test_the_default_page_is_at_most_three_phone_screens(
    page: Page, live_server, transactional_db
):
    demo_intake()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/fit/harbour-lane/")
    expect(page.get_by_role("heading", name="Are we a good fit?")).to_be_visible()
    assert_accessible(page)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 3 * PHONE["height"], f"{height}px is more than three screens"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_intake_edited_and_then_answered_on_a_phone(
    page: Page, live_server, transactional_db
):
    owner, intake = demo_intake()
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server.url, owner.email)
    page.goto(f"{live_server.url}/fit-check/intake/")
    page.get_by_role("link", name="Edit the questions").click()
    expect(page.get_by_text("8 of 14 questions shown.")).to_be_visible()
    assert_accessible(page)

    # Reword the pains question and one of its answers.
    pains = page.locator("li", has_text="Which of these sound like you?")
    pains.get_by_role("link", name=re.compile("^Edit")).click()
    page.get_by_label(re.compile(r"^\s*Question")).fill("Which of these feel familiar?")
    assert_accessible(page)
    page.get_by_label(re.compile(r"^\s*Answer 1\b")).fill("Setting my prices")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Question saved.")).to_be_visible()

    # Move the goals question up from the keyboard: the focus stays on the button.
    goals = page.locator("li", has_text="What would you love to change?")
    goals.get_by_role("button", name=re.compile("^Up")).focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-intake-editor] > li").first).to_contain_text(
        "What would you love to change?"
    )
    expect(page.locator("#move-status")).to_contain_text("to place 1 of 14")
    focused = page.evaluate("document.activeElement.closest('li').dataset.wording")
    assert focused == "What would you love to change?"

    # Hide the age question, and add a question of one's own.
    age = page.locator("li", has_text="How old are you?")
    age.get_by_role("link", name=re.compile("^Edit")).click()
    page.get_by_label("Hide this question from prospects").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add a question").click()
    page.get_by_label(re.compile(r"^\s*Question")).fill("How did you hear about us?")
    page.get_by_label("How prospects answer").select_option("one")
    page.get_by_label("Answers to choose from").fill("A friend\nA search\nA talk")
    page.get_by_role("button", name="Add the question").click()
    expect(page.get_by_text("8 of 15 questions shown.")).to_be_visible()
    order = list(
        IntakeQuestion.objects.filter(page=intake, hidden=False).values_list(
            "wording", flat=True
        )
    )
    assert order[:2] == [
        "What would you love to change?",
        "Which of these feel familiar?",
    ]
    assert order[-1] == "How did you hear about us?"

    # The preview shows the page at phone width.
    page.get_by_role("link", name="Preview the page").click()
    preview = page.frame_locator("iframe.intake-phone-preview")
    expect(preview.get_by_text("Which of these feel familiar?")).to_be_visible()
    expect(preview.get_by_text("How old are you?")).to_have_count(0)
    expect(preview.get_by_role("button", name="Send my answers")).to_be_disabled()
    assert_accessible(page)
    box = page.locator("iframe.intake-phone-preview").bounding_box()
    assert round(box["width"]) == 375

    # A prospect answers on a phone, not logged in.
    prospect = page.context.browser.new_page(viewport=PHONE)
    prospect.goto(f"{live_server.url}/fit/harbour-lane/")
    familiar = prospect.get_by_role("group", name="Which of these feel familiar?")
    familiar.get_by_label("Setting my prices").check()
    familiar.get_by_label("Admin").check()
    prospect.get_by_role("group", name="How did you hear about us?").get_by_label(
        "A talk"
    ).check()
    prospect.get_by_label("Your name").fill("Nia Prospect")
    prospect.get_by_label("Your email").fill("nia@example.com")
    prospect.get_by_role("button", name="Send my answers").click()
    expect(prospect.get_by_role("heading", name="Thank you, Nia")).to_be_visible()
    expect(prospect.get_by_text("We will be in touch.")).to_be_visible()
    assert_accessible(prospect)
    expect(prospect.get_by_role("link", name="Book a call")).to_have_count(0)
    contact = Contact.objects.get(email="nia@example.com")
    assert contact.reported_pains == [
        "No idea how to set prices or write a business plan",
        "Admin swallows her evenings",
    ]
    assert "How did you hear about us?\nA talk" in contact.notes
    prospect.close()

    # The practitioner sees whom to write to, and what to ask.
    page.goto(f"{live_server.url}/fit-check/contacts/")
    follow_ups = page.get_by_role("region", name=re.compile("To follow up"))
    expect(follow_ups).to_contain_text("Nia Prospect")
    assert_accessible(page)
    expect(follow_ups).to_contain_text(
        "To decide, ask about: what they hope for, their work"
    )
    follow_ups.get_by_role("button", name=re.compile(r"^Done\W+Nia Prospect")).click()
    expect(page.get_by_text("Nia Prospect is off your follow-up list.")).to_be_visible()
    assert FollowUp.objects.get().done_at is not None


@contextmanager
def practitioner_site(frame_url: str) -> Iterator[str]:
    """A page of the practitioner's own website holding the snippet, served by a
    server of its own (another origin, on this machine: Chromium refuses frames
    from a public page onto a local server); yields its address."""
    html = (
        "<!doctype html><title>Harbour Lane Physio</title><h1>Work with me</h1>"
        f'<iframe src="{frame_url}" title="Are we a good fit?" width="100%" '
        'height="1400"></iframe>'
    ).encode()

    class HostPage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), HostPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_intake_answered_inside_a_frame_on_the_practitioners_site(
    page: Page, live_server, transactional_db
):
    with practitioner_site(f"{live_server.url}/fit/harbour-lane/?embed=1") as site:
        # The settings take https:// addresses only; this site is served over
        # http, as the test server is, so the test lists it directly.
        demo_intake(frame_origins=[site])
        page.set_viewport_size(PHONE)
        page.goto(site)
        frame = page.frame_locator("iframe")
        pains = frame.get_by_role("group", name="Which of these sound like you?")
        pains.get_by_label("What to charge").check()
        frame.get_by_label("What do you do for a living?").fill("Physiotherapist")
        frame.get_by_label("Which industry do you work in?").fill("Private healthcare")
        frame.get_by_label("Where are you based?").fill("Bristol")
        frame.get_by_label("How big is your team").fill("2")
        frame.get_by_label("How old are you?").fill("41")
        frame.get_by_role(
            "group", name="How do you describe your gender?"
        ).get_by_label("Woman").check()
        frame.get_by_role("group", name="What would you love to change?").get_by_label(
            "A full diary"
        ).check()
        frame.get_by_label("Your name").fill("Ana Prospect")
        frame.get_by_label("Your email").fill("ana@example.com")
        frame.get_by_role("button", name="Send my answers").click()
        # The result shows in the frame; its booking link opens outside it.
        expect(frame.get_by_role("heading", name="Thank you, Ana")).to_be_visible()
        booking = frame.get_by_role("link", name="Book a call")
        expect(booking).to_have_attribute("target", "_blank")
        assert page.url.rstrip("/") == site
    assert Contact.objects.filter(email="ana@example.com").exists()


def test_a_site_that_is_not_listed_cannot_show_the_intake(
    page: Page, live_server, transactional_db
):
    demo_intake(frame_origins=["https://www.harbourlane.example"])
    with practitioner_site(f"{live_server.url}/fit/harbour-lane/") as site:
        page.goto(site)
        page.wait_for_load_state("load")
        frame = page.frame_locator("iframe")
        expect(frame.get_by_role("heading", name="Are we a good fit?")).to_have_count(0)
        assert page.frames[1].url == "chrome-error://chromewebdata/"
