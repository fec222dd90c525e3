"""Someone erased on request does not come back unnoticed: an import leaves them
out and says why, a pasted address list does not make them a contact again."""

from audit.models import Action, AuditEvent
from feedback import recipients
from feedback.services import contacts_from_addresses
from fitcheck.models import Contact, ContactImport
from privacy.services.erasure import erase_contacts
from tests.factories import ContactFactory, SurveyFactory
from tests.fitcheck.test_import_views import import_with, upload_file

FILE = "name,email\nAnn Archer,ann@example.com\nErin Erased,ERIN@example.com\n"
MAPPING = {"column_0": "name", "column_1": "email"}


def erased(workspace, email: str) -> None:
    contact = ContactFactory(workspace=workspace, email=email)
    erase_contacts(workspace=workspace, contacts=Contact.objects.filter(pk=contact.pk))


def test_an_import_leaves_out_an_erased_person_without_storing_their_address(
    owner_client, workspace
):
    erased(workspace, "erin@example.com")
    response = import_with(owner_client, upload_file(workspace, FILE), MAPPING)
    assert response.status_code == 200
    assert list(Contact.objects.values_list("email", flat=True)) == ["ann@example.com"]
    upload = ContactImport.objects.get()
    assert upload.imported_count == 1
    [(row, reason)] = upload.rejected
    assert row == 3
    assert "erased on request" in reason
    assert "erin" not in reason.lower()
    event = AuditEvent.objects.get(action=Action.IMPORTED_CONTACTS)
    assert event.detail == f"Import {upload.pk} of 2 row(s) queued"


def test_the_same_address_in_another_workspace_imports_as_usual(
    workspace, other_workspace, owner_client
):
    erased(other_workspace, "erin@example.com")
    import_with(owner_client, upload_file(workspace, FILE), MAPPING)
    assert Contact.objects.filter(workspace=workspace).count() == 2


def test_pasted_addresses_do_not_bring_an_erased_person_back(workspace):
    erased(workspace, "erin@example.com")
    contacts, invalid = contacts_from_addresses(
        workspace=workspace, text="Erin@Example.com, newbie@example.com"
    )
    assert [c.email for c in contacts] == ["newbie@example.com"]
    assert invalid == []


def test_the_send_page_counts_an_erased_address_as_opted_out(workspace):
    erased(workspace, "erin@example.com")
    survey = SurveyFactory(workspace=workspace)
    reach = recipients.reach(
        survey=survey,
        contacts=Contact.objects.none(),
        emails=["erin@example.com", "newbie@example.com"],
    )
    assert (reach.to_email, reach.opted_out, reach.new_contacts) == (1, 1, 2)
