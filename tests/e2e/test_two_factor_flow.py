"""An owner requires two-factor sign-in; a member without it is kept to setting
it up until they have, then logs in with a recovery code. In real Chromium."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_accessible
from tests.e2e.helpers import give_password
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory
from tests.two_factor import code_for, code_from_secret, give_app


def log_out(page: Page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.get_by_role("button", name="Log out").click()


def test_required_two_factor_blocks_a_member_until_they_set_it_up(
    page: Page, live_server, transactional_db, tmp_path: Path
):
    base = live_server.url
    workspace = WorkspaceFactory(name="Harbour Lane", slug="harbour-lane")
    olivia = UserFactory(email="olivia@example.com", name="Olivia Owner")
    MembershipFactory(workspace=workspace, user=olivia, role="owner")
    tom = UserFactory(email="tom@example.com", name="Tom Teammate")
    MembershipFactory(workspace=workspace, user=tom, role="member")
    olivias_app = give_app(olivia)

    # Olivia has two-factor on: her password leads to the code step.
    give_password(page, base, olivia.email)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_accessible(page)  # Reached only mid-login: tests/every_page.py skips it.
    page.get_by_label("Code").fill(code_for(olivias_app))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("Welcome back"))).to_be_visible()

    # She requires it of everyone, from the team page.
    page.goto(f"{base}/accounts/team/")
    page.get_by_role("link", name="Change who must use it").click()
    page.get_by_label("Require two-factor sign-in for everyone here").check()
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Everyone here now signs in with two-factor")
    ).to_be_visible()
    expect(page.get_by_text("Required for everyone here.")).to_be_visible()
    log_out(page, "Olivia")

    # Tom has no app: every page of the workspace sends him to set it up.
    give_password(page, base, tom.email)
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    expect(
        page.get_by_text("Harbour Lane asks everyone to use two-factor sign-in.")
    ).to_be_visible()
    for path in ("/personas/", "/fit-check/contacts/", "/feedback/", "/accounts/team/"):
        page.goto(f"{base}{path}")
        expect(page).to_have_url(re.compile(r"/accounts/two-factor/\?next="))

    # He sets it up: the QR code has a text alternative, the key is shown as text.
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    secret = page.locator("#secret-key").inner_text()
    assert_accessible(page)
    page.get_by_label("Code from your app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    if code_from_secret(secret) != "000000":
        expect(page.get_by_text("That code didn't work")).to_be_visible()
    # After a wrong code django-otp waits a second before checking another.
    page.wait_for_timeout(1100)
    page.get_by_label("Code from your app").fill(code_from_secret(secret))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    # Recovery codes, shown once and downloadable.
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    codes = page.get_by_role("list", name="Recovery codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    assert_accessible(page)
    first_code = codes.first.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a text file").click()
    saved = tmp_path / "codes.txt"
    download.value.save_as(saved)
    assert first_code in saved.read_text()
    page.get_by_role("button", name="I've saved my codes").click()

    # Unblocked, back on the page he last tried to open.
    expect(page).to_have_url(re.compile(r"/accounts/team/$"))
    page.goto(f"{base}/personas/")
    expect(page).to_have_url(re.compile(r"/personas/$"))
    log_out(page, "Tom")

    # Next time, the password and then a recovery code let him in, once.
    give_password(page, base, tom.email)
    page.get_by_label("Code").fill(first_code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You used a recovery code; 9 left")).to_be_visible()
    log_out(page, "Tom")
    give_password(page, base, tom.email)
    page.get_by_label("Code").fill(first_code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That recovery code didn't work")).to_be_visible()
    expect(page.get_by_label("Code")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
