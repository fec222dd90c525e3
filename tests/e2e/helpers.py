"""Steps several browser tests take."""

import re

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD


def give_password(page: Page, base_url: str, email: str) -> None:
    """Fill in and send the login page (two-factor may ask for a code next)."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def log_in(page: Page, base_url: str, email: str) -> None:
    """Log in through the login page and land on the dashboard."""
    give_password(page, base_url, email)
    expect(page).to_have_url(re.compile(r"/accounts/dashboard/$"))
