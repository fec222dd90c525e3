"""Posting a contact's admin change page as a person would: its form as shown,
with some fields changed."""

from django.test import Client
from django.urls import reverse

from fitcheck.models import Contact


def post_contact_change(client: Client, contact: Contact, **changes):
    """Post the contact's admin page with its fields as shown (lists left out:
    the admin shows them as text) and `changes` on top; the scores inline posts
    no rows. The response."""
    url = reverse("admin:fitcheck_contact_change", args=[contact.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data |= {
        "workspace": contact.workspace_id,
        "scores-TOTAL_FORMS": 0,
        "scores-INITIAL_FORMS": 0,
        **changes,
    }
    return client.post(url, data)
