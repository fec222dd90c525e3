"""Sign up (with the emailed link), log out and log in again, in a real browser."""

import re

from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import Membership


def test_sign_up_log_out_and_log_in(page: Page, live_server, transactional_db):
    page.goto(live_server.url)
    page.get_by_role("link", name="Sign up free").click()

    page.get_by_label("Your name").fill("Priya Practitioner")
    page.get_by_label("Email address").fill("priya@example.com")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("a-long-unusual-passphrase")
    page.get_by_label("Password confirmation").fill("a-long-unusual-passphrase")
    page.get_by_label("Name of your practice").fill("Priya Physio")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert not Membership.objects.exists()
    (message,) = mail.outbox
    link = re.search(r"https?://[^/]+(/accounts/signup/confirm/\S+/)", message.body)[1]
    page.goto(live_server.url + link)
    page.get_by_label("Password").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Finish signing up").click()

    expect(page.get_by_text("Your workspace is ready")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))
    assert Membership.objects.get(user__email="priya@example.com").is_owner

    page.get_by_role("button", name="Priya").click()
    page.get_by_role("button", name="Log out").click()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()

    nav.get_by_role("link", name="Log in").click()
    page.get_by_label("Email address").fill("priya@example.com")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("correct email address and password")).to_be_visible()
    expect(page.get_by_label("Email address")).to_have_value("priya@example.com")

    page.get_by_label("Password").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name=re.compile("Welcome back"))).to_be_visible()


def test_the_navigation_collapses_on_a_phone(page: Page, live_server, db):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url)
    menu = page.get_by_role("button", name="Show navigation")
    expect(menu).to_be_visible()
    nav_login = page.get_by_role("navigation").get_by_role("link", name="Log in")
    expect(nav_login).to_be_hidden()
    menu.click()
    expect(nav_login).to_be_visible()
