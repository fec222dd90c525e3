"""Writes of the feedback app: building surveys, inviting, answering, opting out.

Callers use the names below (`from feedback import services`); each lives in the
module of its concern. Constants are re-exported to be read; a test that changes
one or replaces a function patches the submodule that looks the name up.
"""

from feedback.services.answering import (
    QUESTIONS_KEPT_SECONDS,
    AlreadyAnswered,
    invitation_for_token,
    new_link_token,
    new_link_tokens,
    open_link,
    submit_response,
    survey_questions,
)
from feedback.services.building import (
    add_question,
    create_public_link,
    create_survey,
    delete_question,
    disable_public_link,
    duplicate_survey,
    is_closed,
    move_question,
    questions_locked,
    save_question,
)
from feedback.services.drafting import add_to_next_version
from feedback.services.optouts import is_suppressed, suppress, suppressed_emails
from feedback.services.pinning import OtherWorkspace, pin_answers, unpin_answers
from feedback.services.sending import (
    DELIVERY_BATCH,
    REMINDER_GAP,
    STUCK_AFTER,
    InviteOutcome,
    contacts_from_addresses,
    invite,
    queue_delivery,
    remindable,
    reminders_due,
    retry_failed,
    send_reminders,
    split_addresses,
    sweep,
)
from feedback.services.themes import (
    create_theme,
    delete_theme,
    rename_theme,
    tag_answers,
    untag_answers,
)

__all__ = [
    "add_to_next_version",
    "OtherWorkspace",
    "pin_answers",
    "unpin_answers",
    "untag_answers",
    "tag_answers",
    "rename_theme",
    "delete_theme",
    "create_theme",
    "QUESTIONS_KEPT_SECONDS",
    "DELIVERY_BATCH",
    "REMINDER_GAP",
    "STUCK_AFTER",
    "AlreadyAnswered",
    "InviteOutcome",
    "add_question",
    "contacts_from_addresses",
    "create_public_link",
    "create_survey",
    "delete_question",
    "disable_public_link",
    "duplicate_survey",
    "invitation_for_token",
    "invite",
    "is_closed",
    "is_suppressed",
    "move_question",
    "new_link_token",
    "new_link_tokens",
    "open_link",
    "queue_delivery",
    "questions_locked",
    "remindable",
    "reminders_due",
    "retry_failed",
    "save_question",
    "send_reminders",
    "split_addresses",
    "submit_response",
    "suppress",
    "suppressed_emails",
    "survey_questions",
    "sweep",
]
