"""The authentication backend: Django's, with the logged-in user taken from the
session engine, which reads them with the session (accounts/sessions.py), or
else read by a prepared statement (see config/prepared_reads.py).

Every practitioner's page also shows the user's workspaces, so both reads bring
their memberships along, in the order joined, as `user.loaded_memberships`
(accounts/middleware.py reads them from there).
"""

from contextvars import ContextVar

from django.contrib.auth import backends

from accounts.models import Membership, User, Workspace
from config.prepared_reads import PreparedRead

USER_WITH_MEMBERSHIPS = PreparedRead(
    "accounts_user_with_memberships",
    [(User, "u"), (Membership, "m"), (Workspace, "w")],
    "FROM {u} u LEFT JOIN {m} m ON m.user_id = u.id"
    " LEFT JOIN {w} w ON w.id = m.workspace_id"
    " WHERE u.id = $1 ORDER BY m.joined_at, m.id",
    ["bigint"],
)

# The session whose user Django's auth.get_user() is looking up, set only while
# it runs (accounts.middleware.AuthenticationMiddleware): Django hands a backend
# nothing but the user's id.
SESSION_BEING_AUTHENTICATED: ContextVar = ContextVar(
    "session_being_authenticated", default=None
)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id) -> User | None:
        user = _read_with_session(user_id)
        if user is None:
            rows = USER_WITH_MEMBERSHIPS.all(user_id)
            user = user_with_memberships(rows, user_at=0) if rows else None
        if user is None or not self.user_can_authenticate(user):
            return None
        return user


def _read_with_session(user_id) -> User | None:
    """The user read with the session being authenticated, if it is the one the
    session's (signed) data names."""
    session = SESSION_BEING_AUTHENTICATED.get()
    user = getattr(session, "user_read_with_it", None)
    if user is not None and str(user.pk) == str(user_id):
        return user
    return None


def user_with_memberships(rows: list[tuple], *, user_at: int) -> User | None:
    """The user in column `user_at` of `rows`, which join the user's memberships
    and their workspaces in the next two columns, with those memberships as
    `user.loaded_memberships`; None when the first row has no user."""
    user = rows[0][user_at]
    if user is None:
        return None
    user.loaded_memberships = []
    for row in rows:
        membership, workspace = row[user_at + 1 : user_at + 3]
        if membership is not None:
            membership.user, membership.workspace = user, workspace
            user.loaded_memberships.append(membership)
    return user
