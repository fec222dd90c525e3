"""A contact's phone: typed on the form, shown on the contact page, exported and
imported back, refused beside the field when it is not a phone number."""

import csv
import io

import pytest
from django.urls import reverse

from fitcheck.contact_rows import clean_row, guess_mapping
from fitcheck.models import Contact
from fitcheck.views.contacts import EXPORT_COLUMNS
from tests.factories import ContactFactory

CREATE = reverse("fitcheck:contact_create")


def contact_data(**changes) -> dict:
    return {"name": "Cara Cole", "stage": "prospect", **changes}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+44 (0)20 7946-0000", "+44 (0)20 7946-0000"),
        ("06.12.34.56.78", "06.12.34.56.78"),
        ("06\u00a012\u202f34 56 78", "06 12 34 56 78"),  # Spreadsheet spaces.
        ("", ""),
    ],
)
def test_a_phone_is_saved_as_typed(owner_client, typed, stored):
    response = owner_client.post(CREATE, contact_data(phone=typed))
    assert response.status_code == 302
    assert Contact.objects.get().phone == stored


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("call me", "Use digits, spaces and + - ( ) . only"),
        ("+44 20 7946 0000 ext 12", "Use digits, spaces and + - ( ) . only"),
        ("()", "Use digits, spaces and + - ( ) . only"),
        ("1" * 33, "Ensure this value has at most 32 characters (it has 33)."),
        ("555\x000100", "Null characters are not allowed."),
    ],
)
def test_a_phone_that_is_not_one_is_refused_beside_the_field(
    owner_client, typed, error
):
    response = owner_client.post(CREATE, contact_data(phone=typed))
    assert response.status_code == 400
    assert error in response.text
    assert 'id="id_phone"' in response.text
    assert not Contact.objects.exists()


def test_the_contact_page_shows_the_phone_as_a_link(owner_client, workspace):
    contact = ContactFactory(workspace=workspace, phone="+44 20 7946 0000")
    response = owner_client.get(contact.get_absolute_url())
    assert '<a href="tel:+442079460000">+44 20 7946 0000</a>' in response.text


def test_the_phone_is_exported_and_imported_back(owner_client, workspace):
    ContactFactory(workspace=workspace, name="Ann", phone="+44 20 7946 0000")
    response = owner_client.get(reverse("fitcheck:contact_export"))
    body = b"".join(response.streaming_content).decode().removeprefix("\ufeff")
    header, row = csv.reader(io.StringIO(body))
    assert row[header.index("phone")] == "'+44 20 7946 0000"  # Not a formula.
    mapping = guess_mapping(header)
    assert mapping[EXPORT_COLUMNS.index("phone")] == "phone"
    assert clean_row(row, mapping)["phone"] == "+44 20 7946 0000"
