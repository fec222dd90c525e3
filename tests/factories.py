"""factory_boy factories for every model the tests build."""

from datetime import timedelta

import factory
from django.utils import timezone

from accounts import tokens
from accounts.models import Membership, TeamInvite, User, Workspace
from feedback.models import Invitation, Question, Response, Survey, Theme
from fitcheck.models import (
    Contact,
    ContactImport,
    FollowUp,
    IntakePage,
    IntakeQuestion,
)
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


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@example.com")
    stage = Contact.Stage.PROSPECT


class ContactImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactImport

    workspace = factory.SubFactory(WorkspaceFactory)
    file = factory.django.FileField(filename="contacts.csv", data=b"name,email\n")
    original_name = "contacts.csv"


class IntakePageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntakePage

    workspace = factory.SubFactory(WorkspaceFactory)
    persona = factory.SubFactory(
        PersonaFactory, workspace=factory.SelfAttribute("..workspace")
    )


class IntakeQuestionFactory(factory.django.DjangoModelFactory):
    """One's own question (drafted ones come from a rubric: services)."""

    class Meta:
        model = IntakeQuestion

    page = factory.SubFactory(IntakePageFactory)
    workspace = factory.SelfAttribute("page.workspace")
    key = factory.Sequence(lambda n: f"own:{n}")
    source = IntakeQuestion.Source.OWN
    kind = IntakeQuestion.Kind.TEXT
    wording = factory.Sequence(lambda n: f"Question {n}?")


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    contact = factory.SubFactory(ContactFactory)
    workspace = factory.SelfAttribute("contact.workspace")
    reason = "Answered the intake: too little known to say."


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    workspace = factory.SubFactory(WorkspaceFactory)
    title = factory.Sequence(lambda n: f"Check-in {n}")
    status = Survey.Status.OPEN


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    kind = Question.Kind.RATING
    text = factory.Sequence(lambda n: f"Question {n}?")
    position = factory.Sequence(int)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    survey = factory.SubFactory(SurveyFactory)
    contact = factory.SubFactory(
        ContactFactory, workspace=factory.SelfAttribute("..survey.workspace")
    )
    status = Invitation.Status.SENT
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    survey = factory.SubFactory(SurveyFactory)
    submitted_at = factory.LazyFunction(timezone.now)


class ThemeFactory(factory.django.DjangoModelFactory):
    """A theme of every survey of its workspace; pass `survey` for one survey's."""

    class Meta:
        model = Theme

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")
