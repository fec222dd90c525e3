"""The authentication backend: Django's, with the logged-in user read by a
prepared statement (see config/prepared_reads.py), as every request does.

Every practitioner's page also shows the user's workspaces, so the same
statement brings their memberships along, in the order joined, as
`user.loaded_memberships` (accounts/middleware.py reads them from there).
"""

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


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        rows = USER_WITH_MEMBERSHIPS.all(user_id)
        if not rows:
            return None
        user = rows[0][0]
        if not self.user_can_authenticate(user):
            return None
        user.loaded_memberships = []
        for _, membership, workspace in rows:
            if membership is not None:
                membership.user, membership.workspace = user, workspace
                user.loaded_memberships.append(membership)
        return user
