"""The authentication backend: Django's, with the logged-in user read by a
prepared statement (see config/prepared_reads.py), as every request does."""

from django.contrib.auth import backends

from accounts.models import User
from config.prepared_reads import PreparedRead

USER_BY_ID = PreparedRead(
    "accounts_user_by_id", [(User, "u")], "FROM {u} u WHERE u.id = $1", ["bigint"]
)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        found = USER_BY_ID.first(user_id)
        if found is None:
            return None
        user = found[0]
        return user if self.user_can_authenticate(user) else None
