"""The contact pages: list with search, filters and pages; detail with the fit
breakdown; add and edit; CSV export of the filtered list."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import pagination
from fitcheck.models import Band, Contact, FitScore
from fitcheck.services import rubric_versions, scores
from fitcheck.views import contacts as contacts_views
from fitcheck.views.contacts import PAGE_SIZE
from personas.models import Persona
from tests.factories import ContactFactory, DreamFactory, PainFactory, PersonaFactory

LIST = reverse("fitcheck:contact_list")
CREATE = reverse("fitcheck:contact_create")
EXPORT = reverse("fitcheck:contact_export")
PAIN = "Evenings lost to admin"


def detail_url(contact: Contact) -> str:
    return reverse("fitcheck:contact_detail", args=[contact.pk])


def edit_url(contact: Contact) -> str:
    return reverse("fitcheck:contact_edit", args=[contact.pk])


def scoring_persona(workspace, name: str = "Maya") -> Persona:
    persona = PersonaFactory(
        workspace=workspace, name=name, status=Persona.Status.ACTIVE
    )
    PainFactory(persona=persona, text=PAIN)
    DreamFactory(persona=persona, text="Weekends off")
    rubric_versions.applied_rubric(persona=persona)
    return persona


def scored(contact: Contact) -> Contact:
    scores.score_contact_now(contact=contact)
    return contact


def set_band(contact: Contact, persona: Persona, band: str) -> None:
    FitScore.objects.filter(contact=contact, persona=persona).update(band=band)


@pytest.fixture
def maya(workspace) -> Persona:
    return scoring_persona(workspace)


@pytest.fixture
def ann(workspace) -> Contact:
    return ContactFactory(
        workspace=workspace,
        name="Ann Archer",
        email="ann@example.com",
        company="Archer Physio",
        stage=Contact.Stage.CLIENT,
        reported_pains=[PAIN],
    )


@pytest.fixture
def ben(workspace) -> Contact:
    return ContactFactory(
        workspace=workspace,
        name="Ben Brook",
        email="ben@brook.example",
        company="Brook & Sons",
        stage=Contact.Stage.PROSPECT,
    )


# Access -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "create", "export", "detail", "edit"])
def test_the_contact_pages_need_a_login(client, ann, name):
    url = {
        "list": LIST,
        "create": CREATE,
        "export": EXPORT,
        "detail": detail_url(ann),
        "edit": edit_url(ann),
    }[name]
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_outsiders_get_404_for_a_contact(outsider_client, ann):
    assert outsider_client.get(detail_url(ann)).status_code == 404
    response = outsider_client.post(edit_url(ann), {"name": "Taken over"})
    assert response.status_code == 404
    ann.refresh_from_db()
    assert ann.name == "Ann Archer"


@pytest.mark.parametrize(
    ("url", "method"),
    [
        (LIST, "post"),
        (EXPORT, "post"),
        (CREATE, "put"),
        (CREATE, "delete"),
    ],
)
def test_wrong_methods_are_refused(owner_client, url, method):
    assert getattr(owner_client, method)(url).status_code == 405


def test_wrong_methods_on_one_contact_are_refused(owner_client, ann):
    assert owner_client.post(detail_url(ann)).status_code == 405
    assert owner_client.delete(edit_url(ann)).status_code == 405


# The list -----------------------------------------------------------------------------


def test_the_list_shows_the_workspace_contacts_with_their_best_fit(
    owner_client, maya, ann, other_workspace
):
    scored(ann)
    ContactFactory(workspace=other_workspace, name="Olga Outside")
    response = owner_client.get(LIST)
    assert response.status_code == 200
    assert "Ann Archer" in response.text
    assert "vs Maya" in response.text
    assert "Olga Outside" not in response.text
    assert "1 contact</p>" in response.text


def test_an_empty_list_says_how_to_get_contacts(owner_client):
    response = owner_client.get(LIST)
    assert "No contacts yet." in response.text


@pytest.mark.parametrize("text", ["archer", "ANN@example", "Archer Phys"])
def test_search_finds_by_name_email_or_company(owner_client, ann, ben, text):
    response = owner_client.get(LIST, {"q": text})
    assert "Ann Archer" in response.text
    assert "Ben Brook" not in response.text


def test_search_with_no_match_says_so(owner_client, ann):
    response = owner_client.get(LIST, {"q": "nobody"})
    assert "No contacts match." in response.text


def test_filter_by_stage(owner_client, ann, ben):
    response = owner_client.get(LIST, {"stage": "prospect"})
    assert "Ben Brook" in response.text
    assert "Ann Archer" not in response.text


def test_band_and_persona_filters_apply_to_the_same_score(
    owner_client, workspace, maya, ann, ben
):
    """Ann is ideal for Maya, Ben is ideal for Sam: "ideal for Maya" is Ann only."""
    sam = scoring_persona(workspace, name="Sam")
    scored(ann), scored(ben)
    set_band(ann, maya, Band.IDEAL)
    set_band(ann, sam, Band.NOT_A_FIT)
    set_band(ben, maya, Band.NOT_A_FIT)
    set_band(ben, sam, Band.IDEAL)
    response = owner_client.get(LIST, {"band": "ideal", "persona": maya.pk})
    assert "Ann Archer" in response.text
    assert "Ben Brook" not in response.text
    response = owner_client.get(LIST, {"band": "ideal"})
    assert "Ann Archer" in response.text
    assert "Ben Brook" in response.text


def test_the_list_is_paged_and_the_pages_keep_the_filters(owner_client, workspace):
    for n in range(PAGE_SIZE + 10):
        ContactFactory(workspace=workspace, name=f"Client {n:03}", stage="client")
    ContactFactory(workspace=workspace, name="Zed Prospect", stage="prospect")
    first = owner_client.get(LIST, {"stage": "client"})
    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert "Page 1 of 2" in first.text
    assert "?stage=client&amp;page=2" in first.text
    second = owner_client.get(LIST, {"stage": "client", "page": 2})
    assert [c.name for c in second.context["page"].object_list][-1] == "Client 059"
    assert len(second.context["page"].object_list) == 10
    assert "Zed Prospect" not in second.text


def test_a_contact_in_the_band_for_two_personas_is_listed_once(
    owner_client, workspace, maya, ann
):
    sam = scoring_persona(workspace, name="Sam")
    scored(ann)
    set_band(ann, maya, Band.IDEAL)
    set_band(ann, sam, Band.IDEAL)
    response = owner_client.get(LIST, {"band": "ideal"})
    assert [c.name for c in response.context["page"].object_list] == [ann.name]
    assert "1 contact<" in response.text


def test_a_long_list_says_its_count_is_an_estimate(
    owner_client, ann, workspace, monkeypatch
):
    """Past a thousand contacts the list shows the planner's estimate rather than
    count them all for every page (core/pagination.py), and says so."""
    ContactFactory(workspace=workspace)  # More than a page of one.
    monkeypatch.setattr(contacts_views, "PAGE_SIZE", 1)
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 0)
    monkeypatch.setattr(pagination, "planner_estimate", lambda queryset: 250_000)
    response = owner_client.get(LIST)
    assert "About 250,000 contacts" in response.text
    assert "Page 1 of about 250,000" in response.text


def list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_the_list_runs_the_same_number_of_queries_for_5_or_60_contacts(
    owner_client, workspace, maya
):
    scoring_persona(workspace, name="Sam")
    for _ in range(5):
        scored(ContactFactory(workspace=workspace))
    few = list_queries(owner_client)
    for _ in range(55):
        scored(ContactFactory(workspace=workspace))
    assert list_queries(owner_client) == few


# The detail ---------------------------------------------------------------------------


def test_the_detail_shows_the_breakdown_for_each_persona(
    owner_client, workspace, maya, ann
):
    scoring_persona(workspace, name="Sam")
    scored(ann)
    response = owner_client.get(detail_url(ann))
    assert response.status_code == 200
    assert "Against Maya:" in response.text
    assert "Against Sam:" in response.text
    assert PAIN in response.text
    assert "with rubric version 1" in response.text
    assert "may be out of date" not in response.text


def test_the_detail_says_when_a_score_is_stale(owner_client, maya, ann):
    scored(ann)
    later = timezone.now() + timedelta(minutes=5)
    Contact.objects.filter(pk=ann.pk).update(updated_at=later)
    response = owner_client.get(detail_url(ann))
    assert "This score may be out of date" in response.text


def test_the_detail_says_when_the_rubric_changed_since_the_score(
    owner_client, maya, ann
):
    scored(ann)
    FitScore.objects.filter(contact=ann).update(rubric_version=0)
    response = owner_client.get(detail_url(ann))
    assert "This score may be out of date" in response.text


def test_an_unscored_contact_says_so(owner_client, ann):
    response = owner_client.get(detail_url(ann))
    assert "Not scored yet." in response.text


# Add and edit -------------------------------------------------------------------------


def contact_data(**changes) -> dict:
    return {
        "name": "Cara Cole",
        "email": "Cara@Example.com",
        "company": "Cole Clinic",
        "stage": "prospect",
        "age": "44",
        "languages": "English\nWelsh",
        "other_reported_pains": "Too many no-shows",
        "notes": "Met at the spring fair.",
        **changes,
    }


def test_the_add_page_offers_the_persona_pains_to_tick(owner_client, maya):
    response = owner_client.get(CREATE)
    assert response.status_code == 200
    assert PAIN in response.text
    assert 'for="id_name"' in response.text


def test_adding_a_contact_saves_and_scores_it(owner_client, workspace, maya):
    response = owner_client.post(CREATE, contact_data(reported_pains=[PAIN]))
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(contact)
    assert contact.workspace == workspace
    assert contact.source == Contact.Source.ENTERED
    assert contact.email == "cara@example.com"
    assert contact.languages == ["English", "Welsh"]
    assert contact.reported_pains == [PAIN, "Too many no-shows"]
    assert FitScore.objects.filter(contact=contact, persona=maya).exists()


def test_an_invalid_contact_is_shown_again_with_everything_typed(owner_client):
    response = owner_client.post(CREATE, contact_data(name="", age="300"))
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert "less than or equal to 120" in response.text
    for typed in ("Cara@Example.com", "Cole Clinic", "Welsh", "Too many no-shows"):
        assert typed in response.text
    assert "Met at the spring fair." in response.text
    assert not Contact.objects.exists()


def test_an_email_already_used_in_the_workspace_is_refused(owner_client, ann):
    response = owner_client.post(CREATE, contact_data(email="ANN@example.com"))
    assert response.status_code == 400
    assert "Another contact already uses this email." in response.text
    assert Contact.objects.count() == 1


def test_an_email_used_in_another_workspace_is_fine(owner_client, other_workspace):
    ContactFactory(workspace=other_workspace, email="cara@example.com")
    assert owner_client.post(CREATE, contact_data()).status_code == 302


def test_editing_a_contact_keeps_its_own_email_and_rescores_it(owner_client, maya, ann):
    scored(ann)
    before = FitScore.objects.get(contact=ann).computed_at
    data = contact_data(name="Ann Archer-Smith", email="ann@example.com")
    response = owner_client.post(edit_url(ann), data)
    assert response.status_code == 302
    ann.refresh_from_db()
    assert ann.name == "Ann Archer-Smith"
    assert FitScore.objects.get(contact=ann).computed_at > before


def test_the_edit_page_shows_the_current_values(owner_client, maya, ann):
    response = owner_client.get(edit_url(ann))
    assert response.status_code == 200
    assert 'value="Archer Physio"' in response.text
    assert f'value="{PAIN}"' in response.text


def test_an_invalid_edit_changes_nothing_and_keeps_what_was_typed(
    owner_client, ann, ben
):
    data = contact_data(email="ben@brook.example", company="New Company Ltd")
    response = owner_client.post(edit_url(ann), data)
    assert response.status_code == 400
    assert "Another contact already uses this email." in response.text
    assert "New Company Ltd" in response.text
    ann.refresh_from_db()
    assert ann.company == "Archer Physio"


# Export ------------------------------------------------------------------------------


def exported(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_the_export_streams_the_filtered_contacts(
    owner_client, workspace, ann, ben, other_workspace
):
    ContactFactory(workspace=other_workspace, stage="client", name="Olga Outside")
    response = owner_client.get(EXPORT, {"stage": "client"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = exported(response)
    assert header[:3] == ["id", "name", "email"]
    assert [row[1] for row in rows] == ["Ann Archer"]
    assert rows[0][header.index("reported_pains")] == PAIN


def test_the_export_escapes_cells_a_spreadsheet_would_run(owner_client, workspace):
    ContactFactory(
        workspace=workspace,
        name='=HYPERLINK("http://evil.example")',
        company="+44 20 7946 0000",
        notes="@SUM(A1)",
        interests=["-rm", "Reading"],
    )
    header, row = exported(owner_client.get(EXPORT))
    assert row[header.index("name")] == '\'=HYPERLINK("http://evil.example")'
    assert row[header.index("company")] == "'+44 20 7946 0000"
    assert row[header.index("notes")] == "'@SUM(A1)"
    assert row[header.index("interests")] == "'-rm; Reading"


# Honest scores: ranges, confidence and Needs information ---------------------------


def unsure(workspace, name: str = "Una Unsure") -> Contact:
    """Only her occupation is known: the rubric's pain and dream are not."""
    return scored(ContactFactory(workspace=workspace, name=name, occupation="Physio"))


def test_the_list_shows_a_range_and_confidence_and_what_to_ask(owner_client, maya, ann):
    ann.goals = ["Weekends off"]
    scored(ann)
    unsure(maya.workspace)
    page = owner_client.get(LIST).text
    assert "Needs information</span>" in page
    assert '<span class="fit-score" title="The lowest and highest' in page
    assert ">0–100</span>" in page
    assert "0% known" in page
    assert "Ask about: their pains, what they hope for" in page
    assert ">100</span>" in page  # Ann's score is exact: all its facts are known.


def test_the_best_fit_is_a_settled_band_before_a_higher_needs_information(
    owner_client, workspace, maya, ann
):
    other = scoring_persona(workspace, name="Leo")
    scored(ann)
    FitScore.objects.filter(contact=ann, persona=maya).update(
        band="good", score=70, score_low=70, score_high=70
    )
    FitScore.objects.filter(contact=ann, persona=other).update(
        band="needs_information", score=100, score_low=20, score_high=100
    )
    page = owner_client.get(LIST).text
    assert "vs Maya" in page and "vs Leo" not in page


def test_the_list_filters_on_needs_information(owner_client, maya, ann):
    scored(ann)
    unsure(maya.workspace)
    page = owner_client.get(LIST, {"band": "needs_information"}).text
    assert "Una Unsure" in page and "Ann Archer" not in page


def test_an_unknown_band_in_the_filter_is_refused_and_lists_everyone(
    owner_client, maya, ann
):
    scored(ann)
    response = owner_client.get(LIST, {"band": "maybe"})
    assert response.status_code == 200
    assert "Ann Archer" in response.text
    assert "Select a valid choice" in response.text


def test_the_detail_says_what_to_ask_about_when_it_needs_information(
    owner_client, maya
):
    una = unsure(maya.workspace)
    page = owner_client.get(detail_url(una)).text
    assert "To decide, ask about: their pains, what they hope for." in page
    assert "Needs information: none of the scored facts is known yet." in page or (
        "Needs information: 0 to 100 out of 100" in page
    )
    assert "0% known" in page


def test_the_export_carries_the_best_fit_with_its_range(owner_client, maya, ann, ben):
    ann.goals = ["Weekends off"]
    scored(ann)
    unsure(maya.workspace)
    header, *rows = exported(owner_client.get(EXPORT))
    assert header[-8:] == [
        "best_fit_persona",
        "band",
        "band_override",
        "score",
        "score_low",
        "score_high",
        "confidence",
        "ask_about",
    ]
    by_name = {row[1]: row for row in rows}
    assert by_name["Ann Archer"][-8:] == [
        "Maya",
        "ideal",
        "",
        "100",
        "100",
        "100",
        "1",
        "",
    ]
    una = by_name["Una Unsure"][-8:]
    assert una[:2] == ["Maya", "needs_information"]
    assert una[4:6] == ["0", "100"]
    assert una[-1] == "their pains; what they hope for"
    assert by_name["Ben Brook"][-8:] == [""] * 8


def test_a_nul_in_a_one_per_line_list_is_refused_beside_the_field(owner_client):
    response = owner_client.post(CREATE, contact_data(languages="English\nWe\x00lsh"))
    assert response.status_code == 400
    assert 'id="error_1_id_languages"' in response.text
    assert "NUL" in response.text
    assert not Contact.objects.exists()
