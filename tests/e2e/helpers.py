"""Steps several browser tests take."""

import re
from urllib.parse import urlsplit

from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

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


def share_cookies(context: BrowserContext, base_url: str, client: Client) -> None:
    """Give the browser a test client's cookies: its session (someone logged in
    with `force_login`), and any other cookie a page set for it."""
    host = urlsplit(base_url).hostname
    context.add_cookies(
        [
            {
                "name": name,
                "value": morsel.value,
                "domain": host,
                "path": morsel["path"] or "/",
            }
            for name, morsel in client.cookies.items()
        ]
    )
