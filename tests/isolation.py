"""What the isolation test needs to build a URL for every pattern that takes an id.

`KWARG_OBJECTS` maps a URL keyword (`persona_id`, `workspace_id`...) to a function
that makes, in the given workspace, an object for it and returns the value to put in
the URL. A new URL whose keywords are all known here is covered with no further work;
a new keyword makes the isolation test fail until it is added here.
"""

from collections.abc import Callable

from accounts.models import Workspace
from tests.factories import (
    ContactFactory,
    ContactImportFactory,
    FollowUpFactory,
    IntakeQuestionFactory,
    PersonaFactory,
    QuestionFactory,
    ResponseFactory,
    SurveyFactory,
    TeamInviteFactory,
    ThemeFactory,
)

SECRET = "HARBOUR-LANE-SECRET"

KWARG_OBJECTS: dict[str, Callable[[Workspace], object]] = {
    "workspace_id": lambda workspace: workspace.pk,
    "persona_id": lambda workspace: PersonaFactory(workspace=workspace, name=SECRET).pk,
    "other_id": lambda workspace: PersonaFactory(workspace=workspace, name=SECRET).pk,
    "contact_id": lambda workspace: ContactFactory(workspace=workspace, name=SECRET).pk,
    "import_id": lambda workspace: (
        ContactImportFactory(workspace=workspace, original_name=SECRET).pk
    ),
    "survey_id": lambda workspace: SurveyFactory(workspace=workspace, title=SECRET).pk,
    "question_id": lambda workspace: (
        QuestionFactory(survey__workspace=workspace, text=SECRET).pk
    ),
    "response_id": lambda workspace: (
        ResponseFactory(survey__workspace=workspace, survey__title=SECRET).pk
    ),
    "theme_id": lambda workspace: ThemeFactory(workspace=workspace, name=SECRET).pk,
    "intake_question_id": lambda workspace: (
        IntakeQuestionFactory(page__workspace=workspace, wording=SECRET).pk
    ),
    "follow_up_id": lambda workspace: (
        FollowUpFactory(contact__workspace=workspace, reason=SECRET).pk
    ),
    "invite_id": lambda workspace: (
        TeamInviteFactory(workspace=workspace, email="secret@example.com").pk
    ),
    # Not an id, but part of the worksheet's URLs.
    "step": lambda workspace: "who",
}

# Public URLs: they take tokens or slugs, not a practitioner's object ids, and
# have tests of their own.
PUBLIC_URL_NAMES = {
    "feedback:answer",
    "feedback:public_answer",
    "feedback:unsubscribe",
    "fitcheck:intake",
    "fitcheck:intake_result",
    "personas:shared",
    "personas:shared_photo",
    "accounts:invite_accept",
    "accounts:signup_confirm",
    "accounts:password_reset_confirm",
    "privacy:notice",
}
