"""The site's navigation: each user's own details, never stale, and forms that
work."""

from django.test import Client
from django.urls import reverse

from tests.csrf import log_in, token_in
from tests.factories import MembershipFactory, WorkspaceFactory

PAGE = reverse("personas:list")


def nav_of(client: Client) -> str:
    html = client.get(PAGE).content.decode()
    return html[html.index("<nav") : html.index("</nav>")]


def test_each_user_sees_their_own_name_and_workspace(
    owner_client, outsider_client, teammate_client
):
    for _ in range(2):
        assert "Olivia" in nav_of(owner_client)
        assert "Oscar" in nav_of(outsider_client)
        assert "Elsewhere Studio" in nav_of(outsider_client)
        assert "Harbour Lane" not in nav_of(outsider_client)
        assert "Tom" in nav_of(teammate_client)


def test_a_renamed_or_new_workspace_shows_at_once(owner_client, owner, workspace):
    nav_of(owner_client)
    workspace.name = "Harbour Lane Physio"
    workspace.save()
    assert "Harbour Lane Physio" in nav_of(owner_client)
    MembershipFactory(workspace=WorkspaceFactory(name="Second Site"), user=owner)
    assert "Second Site" in nav_of(owner_client)


def test_switching_workspace_marks_the_new_one(owner_client, owner, other_workspace):
    MembershipFactory(workspace=other_workspace, user=owner, role="member")
    assert 'active" type="submit">Harbour Lane' in nav_of(owner_client)
    owner_client.post(reverse("accounts:workspace_switch", args=[other_workspace.pk]))
    assert 'active" type="submit">Elsewhere Studio' in nav_of(owner_client)


def test_becoming_staff_shows_the_admin_link(owner_client, owner):
    assert "Admin" not in nav_of(owner_client)
    owner.is_staff = True
    owner.save()
    assert "Admin" in nav_of(owner_client)


def log_out_with_nav_token(client: Client) -> int:
    token = token_in(nav_of(client))
    logout = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    return logout.status_code


def test_the_log_out_form_of_the_navigation_works(owner, password):
    client = Client(enforce_csrf_checks=True)
    log_in(client, owner, password)
    nav_of(client)
    assert log_out_with_nav_token(client) == 302
    assert "_auth_user_id" not in client.session


def test_logging_in_again_gives_forms_a_token_of_the_new_secret(owner, password):
    # Logging in rotates the CSRF secret: the tokens must come from the new one.
    client = Client(enforce_csrf_checks=True)
    for _ in range(2):
        log_in(client, owner, password)
        assert log_out_with_nav_token(client) == 302


def test_each_page_masks_the_navigations_tokens_anew(owner, password):
    # Django masks the CSRF token afresh for every response (against BREACH):
    # a navigation kept rendered would send one token again and again.
    client = Client(enforce_csrf_checks=True)
    log_in(client, owner, password)
    assert token_in(nav_of(client)) != token_in(nav_of(client))
