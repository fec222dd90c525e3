"""The named cast every test can ask for.

- `workspace`: Harbour Lane, the practice under test.
- `owner`: Olivia, who owns it.
- `teammate`: Tom, a member of it.
- `outsider`: Oscar, owner of another workspace; he must never see Harbour Lane's data.
- `superuser_client`: a superuser logged in to the admin.
"""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from tests import pooler
from tests.factories import PASSWORD, MembershipFactory, UserFactory, WorkspaceFactory
from tests.smtp import SmtpServer
from tests.two_factor import force_verified_login


def pytest_addoption(parser):
    parser.addoption(
        pooler.OPTION,
        action="store_true",
        help="Run the tests of tests/pooler.py's SUITE through PgBouncer in "
        "transaction pooling mode.",
    )


def pytest_ignore_collect(collection_path: Path, config):
    if config.getoption(pooler.OPTION):
        return pooler.outside_suite(collection_path, config.rootpath) or None
    return None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, request):
    """pytest-django's test database; with --through-pooler, reached through
    PgBouncer once it is made (tests/pooler.py)."""
    if not request.config.getoption(pooler.OPTION):
        yield
        return
    with pooler.routed_through_pgbouncer():
        yield


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Tasks run at once in the test's process; passwords hash fast."""
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Cached page fragments must not leak from one test into the next.
    cache.clear()


@pytest.fixture
def other_session():
    """A second database session, standing in for another worker or machine."""
    other = connection.copy()
    yield other
    other.close()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port, which the app sends through; it
    refuses connections until told otherwise. Retries wait no time."""
    server = SmtpServer()
    settings.MAILERS = {"default": server.mailer()}
    settings.EMAIL_RETRY_DELAYS = [0, 0, 0, 0]
    yield server
    server.refuse_connections()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def workspace(db):
    return WorkspaceFactory(name="Harbour Lane", slug="harbour-lane")


@pytest.fixture
def owner(workspace):
    user = UserFactory(email="olivia@example.com", name="Olivia Owner")
    MembershipFactory(workspace=workspace, user=user, role="owner")
    return user


@pytest.fixture
def teammate(workspace):
    user = UserFactory(email="tom@example.com", name="Tom Teammate")
    MembershipFactory(workspace=workspace, user=user, role="member")
    return user


@pytest.fixture
def other_workspace(db):
    return WorkspaceFactory(name="Elsewhere Studio", slug="elsewhere")


@pytest.fixture
def outsider(other_workspace):
    user = UserFactory(email="oscar@example.com", name="Oscar Outsider")
    MembershipFactory(workspace=other_workspace, user=user, role="owner")
    return user


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner) -> Client:
    return _logged_in(owner)


@pytest.fixture
def teammate_client(teammate) -> Client:
    return _logged_in(teammate)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return _logged_in(outsider)


@pytest.fixture
def superuser_client(client, db) -> Client:
    """A superuser in the admin, two-factor passed as the admin asks of staff."""
    force_verified_login(client, UserFactory(is_staff=True, is_superuser=True))
    return client
