"""The session engine: Django's database sessions, kept in `accounts.Session`,
which also names the session's user, so that the session and the user (with
their workspaces) come back from one prepared statement.

Every logged-in request reads its session first and its user right after; see
config/prepared_reads.py for why those reads are not ORM queries, and
accounts/backends.py for how Django's authentication takes the user from here.
Saving, expiry and clearing stay Django's own.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.utils import timezone

from accounts.backends import user_with_memberships
from accounts.models import Membership, Session, User, Workspace
from config.prepared_reads import PreparedRead

UNEXPIRED_WITH_USER = PreparedRead(
    "accounts_session_with_user",
    [(Session, "s"), (User, "u"), (Membership, "m"), (Workspace, "w")],
    "FROM {s} s LEFT JOIN {u} u ON u.id = s.user_id"
    " LEFT JOIN {m} m ON m.user_id = u.id"
    " LEFT JOIN {w} w ON w.id = m.workspace_id"
    " WHERE s.session_key = $1 AND s.expire_date > $2"
    " ORDER BY m.joined_at, m.id",
    ["text", "timestamptz"],
)


class SessionStore(db.SessionStore):
    # The session's user as read with it, with their memberships; None when the
    # session has no user (or was not read from the database).
    user_read_with_it: User | None = None

    @classmethod
    def get_model_class(cls) -> type[Session]:
        return Session

    def _get_session_from_db(self) -> Session | None:
        rows = UNEXPIRED_WITH_USER.all(self.session_key, timezone.now())
        if not rows:
            # As Django's: an unknown or expired key is replaced when saved.
            self._session_key = None
            return None
        self.user_read_with_it = user_with_memberships(rows, user_at=1)
        return rows[0][0]

    def create_model_instance(self, data: dict) -> Session:
        session = super().create_model_instance(data)
        # auth.login() stores the user's id as text; None when nobody is logged in.
        session.user_id = data.get(SESSION_KEY)
        return session
