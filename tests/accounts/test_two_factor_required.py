"""An owner can require two-factor sign-in of everyone in the workspace; a member
without it is sent to set it up from every page of the workspace until they do."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.two_factor import services
from tests.isolation import KWARG_OBJECTS, PUBLIC_URL_NAMES
from tests.two_factor import code_for, force_verified_login, give_app

REQUIREMENT = reverse("accounts:two_factor_workspace")
SECURITY = reverse("accounts:two_factor")
DASHBOARD = reverse("accounts:dashboard")
TEAM = reverse("accounts:team")

# Pages a logged-in person without two-factor can always open: the ones that
# set it up, log in and out, manage the account itself, or belong to no
# workspace. Everything else is a page of the workspace and must send them away.
OPEN_WHILE_BLOCKED = PUBLIC_URL_NAMES | {
    "home",
    "healthz",
    "accounts:signup",
    "accounts:signup_sent",
    "accounts:login",
    "accounts:logout",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
    "accounts:workspace_create",
    "accounts:workspace_switch",
    "accounts:two_factor",
    "accounts:two_factor_start",
    "accounts:two_factor_setup",
    "accounts:two_factor_codes",
    "accounts:two_factor_codes_download",
    "accounts:two_factor_codes_saved",
    "accounts:two_factor_codes_regenerate",
    "accounts:two_factor_turn_off",
    "accounts:two_factor_code",
    "personas:format",
}


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # The admin has its own rule (tests/test_admin_two_factor.py).
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", tuple(sorted(entry.pattern.converters))


WORKSPACE_PAGES = sorted(
    (name, kwargs)
    for name, kwargs in dict(named_patterns()).items()
    if name not in OPEN_WHILE_BLOCKED
)


@pytest.fixture
def required(workspace, owner):
    give_app(owner)
    services.set_requirement(workspace=workspace, required=True)
    return workspace


def test_there_are_workspace_pages_to_check():
    assert len(WORKSPACE_PAGES) > 40


@pytest.mark.parametrize(
    ("name", "kwargs"), WORKSPACE_PAGES, ids=[name for name, _ in WORKSPACE_PAGES]
)
def test_a_member_without_two_factor_is_sent_to_set_it_up(
    name, kwargs, required, teammate_client
):
    url = reverse(name, kwargs={k: KWARG_OBJECTS[k](required) for k in kwargs})
    get = teammate_client.get(url)
    post = teammate_client.post(url)
    assert get.status_code in (302, 405), get.status_code
    assert post.status_code == 302, post.status_code
    if get.status_code == 302:
        assert get.url == f"{SECURITY}?next={url}"
    assert post.url == SECURITY


def test_the_setup_page_says_who_asks_for_it(required, teammate_client):
    response = teammate_client.get(DASHBOARD, follow=True)
    assert response.redirect_chain == [(f"{SECURITY}?next={DASHBOARD}", 302)]
    assert "Harbour Lane asks everyone to use two-factor sign-in." in response.text
    assert f'name="next" value="{DASHBOARD}"' in response.text


def test_setting_it_up_unblocks_and_returns_to_the_page(required, teammate_client):
    teammate_client.post(reverse("accounts:two_factor_start"), {"next": DASHBOARD})
    device = services.setup_in_progress(required.memberships.get(role="member").user)
    confirmed = teammate_client.post(
        reverse("accounts:two_factor_setup"),
        {"code": code_for(device), "next": DASHBOARD},
    )
    assert confirmed.url == f"{reverse('accounts:two_factor_codes')}?next={DASHBOARD}"
    saved = teammate_client.post(
        reverse("accounts:two_factor_codes_saved"), {"next": DASHBOARD}
    )
    assert saved.url == DASHBOARD
    assert teammate_client.get(DASHBOARD).status_code == 200


def test_a_member_with_an_app_whose_session_had_no_code_gives_one(
    required, teammate, teammate_client
):
    app = give_app(teammate)
    assert teammate_client.get(DASHBOARD, follow=True).redirect_chain[-1][0] == (
        f"{reverse('accounts:two_factor_code')}?next={DASHBOARD}"
    )
    teammate_client.post(reverse("accounts:two_factor_code"), {"code": code_for(app)})
    assert teammate_client.get(DASHBOARD).status_code == 200


def test_verified_members_are_not_blocked(required, client, teammate):
    force_verified_login(client, teammate)
    assert client.get(DASHBOARD).status_code == 200


def test_turning_it_off_blocks_again_while_required(required, client, teammate):
    device = force_verified_login(client, teammate)
    client.post(
        reverse("accounts:two_factor_turn_off"),
        {"password": "correct-horse-battery-staple", "code": code_for(device)},
    )
    assert client.get(DASHBOARD).url == f"{SECURITY}?next={DASHBOARD}"


def test_a_blocked_member_can_move_to_a_workspace_that_does_not_require_it(
    required, teammate, teammate_client, other_workspace
):
    from tests.factories import MembershipFactory

    MembershipFactory(workspace=other_workspace, user=teammate, role="member")
    switch = reverse("accounts:workspace_switch", args=[other_workspace.pk])
    assert teammate_client.get(DASHBOARD).url == f"{SECURITY}?next={DASHBOARD}"
    assert teammate_client.post(switch).url == DASHBOARD
    assert teammate_client.get(DASHBOARD).status_code == 200
    back = reverse("accounts:workspace_switch", args=[required.pk])
    teammate_client.post(back)
    assert teammate_client.get(DASHBOARD).url == f"{SECURITY}?next={DASHBOARD}"


def test_without_the_requirement_nobody_is_blocked(workspace, teammate_client):
    assert teammate_client.get(DASHBOARD).status_code == 200


def test_the_requirement_page_needs_login(client, db):
    assert client.get(REQUIREMENT).url.startswith(reverse("accounts:login"))


def test_members_who_are_not_owners_get_404(teammate_client):
    assert teammate_client.get(REQUIREMENT).status_code == 404
    assert (
        teammate_client.post(REQUIREMENT, {"require_two_factor": "on"}).status_code
        == 404
    )


def test_the_owner_sees_who_has_it_on(owner_client, owner, teammate):
    give_app(owner)
    page = owner_client.get(REQUIREMENT)
    assert page.status_code == 200
    assert "Require two-factor sign-in for everyone here" in page.text
    rows = page.text.split("<tbody>")[1]
    assert "olivia@example.com</span></td>\n            <td>On" in rows
    assert "tom@example.com</span></td>\n            <td>Not yet" in rows


def test_an_owner_with_two_factor_requires_it(client, owner, workspace):
    force_verified_login(client, owner)
    response = client.post(REQUIREMENT, {"require_two_factor": "on"})
    assert response.url == TEAM
    workspace.refresh_from_db()
    assert workspace.require_two_factor
    assert "Required for everyone here." in client.get(TEAM).text
    off = client.post(REQUIREMENT, {})
    assert off.url == TEAM, off.status_code
    workspace.refresh_from_db()
    assert not workspace.require_two_factor


def test_an_owner_without_two_factor_is_asked_to_turn_it_on_first(
    owner_client, workspace
):
    response = owner_client.post(REQUIREMENT, {"require_two_factor": "on"})
    assert response.status_code == 400
    assert "Turn on two-factor sign-in for your own account first" in response.text
    workspace.refresh_from_db()
    assert not workspace.require_two_factor


def test_the_team_page_shows_who_has_it_on(owner_client, owner, teammate):
    give_app(teammate)
    page = owner_client.get(TEAM)
    assert page.text.count("Two-factor on") == 1
    assert "Change who must use it" in page.text


def test_the_team_page_reads_the_same_with_more_members(
    owner_client, workspace, django_assert_max_num_queries
):
    from tests.factories import MembershipFactory

    MembershipFactory(workspace=workspace, role="member")
    with django_assert_max_num_queries(20) as few:
        owner_client.get(TEAM)
    for _ in range(5):
        give_app(MembershipFactory(workspace=workspace, role="member").user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        owner_client.get(TEAM)
