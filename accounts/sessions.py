"""The session engine: Django's database sessions, read with a prepared statement.

Every logged-in request reads its session first; see config/prepared_reads.py for
why that read is not an ORM query. Saving, expiry and clearing stay Django's own.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from config.prepared_reads import PreparedRead

UNEXPIRED_BY_KEY = PreparedRead(
    "accounts_session_by_key",
    [(Session, "s")],
    "FROM {s} s WHERE s.session_key = $1 AND s.expire_date > $2",
    ["text", "timestamptz"],
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        found = UNEXPIRED_BY_KEY.first(self.session_key, timezone.now())
        if found is None:
            # As Django's: an unknown or expired key is replaced when saved.
            self._session_key = None
            return None
        return found[0]
