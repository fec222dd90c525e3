"""A practitioner builds and sends a survey; the client answers the emailed link on
a phone; the practitioner sees the result."""

import re

from django.core import mail
from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in
from tests.factories import (
    ContactFactory,
    MembershipFactory,
    UserFactory,
    WorkspaceFactory,
)

PHONE = {"width": 375, "height": 740}


def practitioner():
    workspace = WorkspaceFactory(name="Harbour Lane", slug="harbour-lane")
    owner = UserFactory(email="olivia@example.com", name="Olivia Owner")
    MembershipFactory(workspace=workspace, user=owner, role="owner")
    ContactFactory(
        workspace=workspace,
        name="Cleo Client",
        email="cleo@example.com",
        stage="client",
    )
    return owner


def test_build_send_answer_on_a_phone_and_see_the_result(
    page: Page, live_server, transactional_db, browser
):
    owner = practitioner()
    base = live_server.url
    log_in(page, base, owner.email)

    page.get_by_role("link", name="Surveys").first.click()
    page.get_by_role("link", name=re.compile("New survey")).first.click()
    page.get_by_label(re.compile("Quick check-in")).check()
    page.get_by_role("button", name="Create the draft").click()
    expect(
        page.get_by_role("heading", name="How is this working for you?")
    ).to_be_visible()

    page.get_by_role("link", name="Send", exact=True).click()
    page.get_by_label("Or paste email addresses").fill("cleo@example.com")
    page.get_by_role("button", name=re.compile("Send")).last.click()
    expect(page.get_by_text(re.compile(r"1 invitation"))).to_be_visible()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["cleo@example.com"]
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    link = re.search(r"https?://\S+/s/[\w-]+/", message.body)[0]
    path = link.split("://", 1)[1].split("/", 1)[1]

    phone = browser.new_context(viewport=PHONE)
    client_page = phone.new_page()
    client_page.goto(f"{base}/{path}")
    expect(
        client_page.get_by_role("heading", name="How is this working for you?")
    ).to_be_visible()
    assert client_page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
    )
    overall = client_page.get_by_role("group", name=re.compile("Overall, how well"))
    overall.get_by_label("5", exact=True).check()
    recommend = client_page.get_by_role("group", name=re.compile("How likely"))
    recommend.get_by_label("9", exact=True).check()
    client_page.get_by_label("What is working well for you?").fill("The weekly plan")
    client_page.get_by_role("button", name="Send my answers").click()
    expect(
        client_page.get_by_role("heading", name=re.compile("Thank you"))
    ).to_be_visible()
    phone.close()

    page.reload()
    expect(page.get_by_role("row", name=re.compile("Cleo Client"))).to_contain_text(
        "Answered"
    )
    page.get_by_role("link", name=re.compile("← How is this working")).click()
    page.get_by_role("link", name="See results").click()
    expect(page.get_by_text("NPS 100")).to_be_visible()
    expect(page.get_by_text("The weekly plan")).to_be_visible()
    page.get_by_role("link", name=re.compile("Cleo Client")).click()
    expect(page.get_by_text("The weekly plan")).to_be_visible()
