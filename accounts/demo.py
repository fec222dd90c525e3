"""Demo data of the accounts app: the demo workspace and its two logins.

`manage.py seed_demo` runs the function each installed app's `demo.py` registers
with `register`, in the order of INSTALLED_APPS, so later apps add their data to
the workspace made here.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass

from accounts.models import Membership, User, Workspace
from accounts.two_factor import services as two_factor
from core.registry import AppRegistry

DEMO_WORKSPACE_SLUG = "demo-practice"
DEMO_EMAIL = "demo@example.com"
ADMIN_EMAIL = "admin@example.com"

registry = AppRegistry("demo")
register = registry.register


@dataclass
class DemoContext:
    write: Callable[[str], None]
    site_url: str
    workspace: Workspace | None = None
    practitioner: User | None = None


@register
def seed(context: DemoContext) -> None:
    workspace, _ = Workspace.objects.get_or_create(
        slug=DEMO_WORKSPACE_SLUG, defaults={"name": "Harbour Lane Practice"}
    )
    # The demo logins work with their password alone, whatever a visitor turned
    # on while trying two-factor sign-in (README: "Two-factor sign-in").
    two_factor.set_requirement(workspace=workspace, required=False)
    demo_password = os.environ.get("DEMO_PASSWORD") or "demo-pass-2026"
    admin_password = os.environ.get("ADMIN_PASSWORD") or "admin-pass-2026"
    practitioner = _user(DEMO_EMAIL, demo_password, name="Dana Whitfield")
    admin_user = _user(ADMIN_EMAIL, admin_password, name="Site Admin", superuser=True)
    for user, role in [
        (practitioner, Membership.Role.OWNER),
        (admin_user, Membership.Role.MEMBER),
    ]:
        Membership.objects.get_or_create(
            workspace=workspace, user=user, defaults={"role": role}
        )
    context.workspace = workspace
    context.practitioner = practitioner
    context.write(f"login: {DEMO_EMAIL} / {demo_password}")
    context.write(f"login: {ADMIN_EMAIL} / {admin_password}")


def _user(email: str, password: str, *, name: str, superuser: bool = False) -> User:
    user = User.objects.filter(email=email).first() or User(email=email)
    user.name = name
    user.is_staff = superuser
    user.is_superuser = superuser
    user.is_active = True
    user.set_password(password)
    user.save()
    two_factor.turn_off(user=user)
    return user
