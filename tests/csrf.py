"""Browsing as a browser does, CSRF checks on: a form's token must be good."""

import re

from django.test import Client
from django.urls import reverse


def token_in(html: str, action: str = "") -> str:
    """The CSRF token of the first form in `html` (posting to `action`)."""
    form = html[html.index(f'action="{action}') :] if action else html
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]


def log_in(client: Client, user, password: str) -> None:
    login_page = client.get(reverse("accounts:login")).content.decode()
    fields = {"username": user.email, "password": password}
    fields["csrfmiddlewaretoken"] = token_in(login_page)
    assert client.post(reverse("accounts:login"), fields).status_code == 302


def checked_client(user, password: str) -> Client:
    """A client logged in as `user` whose posts must carry a good token."""
    client = Client(enforce_csrf_checks=True)
    log_in(client, user, password)
    return client
