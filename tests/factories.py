"""factory_boy factories for every model the tests build."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts import tokens
from accounts.models import Membership, TeamInvite, User, Workspace
from personas.models import Dream, Pain, Persona, RedFlag

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workspace

    name = factory.Sequence(lambda n: f"Practice {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    workspace = factory.SubFactory(WorkspaceFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.OWNER


class TeamInviteFactory(factory.django.DjangoModelFactory):
    """Pass `raw_token=...` to know the link; its hash is what is stored."""

    class Meta:
        model = TeamInvite
        exclude = ["raw_token"]

    workspace = factory.SubFactory(WorkspaceFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    raw_token = factory.Faker("pystr", min_chars=43, max_chars=43)
    token_hash = factory.LazyAttribute(lambda o: tokens.hash_token(o.raw_token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class PersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persona

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Faker("first_name")
    tagline = "Opening her own practice"


class DreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dream

    persona = factory.SubFactory(PersonaFactory)
    text = factory.Sequence(lambda n: f"Dream {n}")
    position = factory.Sequence(int)


class PainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pain

    persona = factory.SubFactory(PersonaFactory)
    text = factory.Sequence(lambda n: f"Pain {n}")
    intensity = 4
    position = factory.Sequence(int)


class RedFlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RedFlag

    persona = factory.SubFactory(PersonaFactory)
    text = factory.Sequence(lambda n: f"Red flag {n}")
    position = factory.Sequence(int)
