from django.urls import path

from feedback.views import evidence, pins, public, results, sending, surveys, themes

app_name = "feedback"

S = "feedback/<int:survey_id>/"

urlpatterns = [
    # A persona's evidence, under the persona's own address.
    path(
        "personas/<int:persona_id>/evidence/",
        evidence.persona_evidence,
        name="persona_evidence",
    ),
    path(
        "personas/<int:persona_id>/evidence/suggest-rubric/",
        evidence.persona_evidence_suggest,
        name="persona_evidence_suggest",
    ),
    # Building
    path("feedback/", surveys.survey_list, name="survey_list"),
    path("feedback/new/", surveys.survey_create, name="survey_create"),
    path(S, surveys.survey_detail, name="survey_detail"),
    path(S + "edit/", surveys.survey_edit, name="survey_edit"),
    path(S + "preview/", surveys.survey_preview, name="survey_preview"),
    path(S + "duplicate/", surveys.survey_duplicate, name="survey_duplicate"),
    path(S + "status/", surveys.survey_status, name="survey_status"),
    path(S + "public-link/", surveys.survey_public_link, name="survey_public_link"),
    path(S + "questions/new/", surveys.question_create, name="question_create"),
    path(
        S + "questions/<int:question_id>/edit/",
        surveys.question_edit,
        name="question_edit",
    ),
    path(
        S + "questions/<int:question_id>/move/",
        surveys.question_move,
        name="question_move",
    ),
    path(
        S + "questions/<int:question_id>/delete/",
        surveys.question_delete,
        name="question_delete",
    ),
    # Sending
    path(S + "send/", sending.survey_send, name="survey_send"),
    path(S + "send/contacts/", sending.contact_matches, name="contact_matches"),
    path(S + "emails/", sending.survey_emails, name="survey_emails"),
    path(S + "invitations/", sending.invitation_list, name="invitation_list"),
    path(S + "retry/", sending.invitations_retry, name="invitations_retry"),
    path(S + "remind/", sending.invitations_remind, name="invitations_remind"),
    path("feedback/do-not-email/", sending.suppression_list, name="suppression_list"),
    # Results
    path(S + "results/", results.survey_results, name="results"),
    path(S + "results/export.csv", results.results_export, name="results_export"),
    path(
        S + "results/questions/<int:question_id>/",
        themes.question_answers,
        name="question_answers",
    ),
    path(
        S + "results/questions/<int:question_id>/pins/",
        pins.answer_pin,
        name="answer_pin",
    ),
    path(S + "themes/", themes.theme_list, name="theme_list"),
    path(S + "themes/<int:theme_id>/", themes.theme_edit, name="theme_edit"),
    path(
        "feedback/responses/<int:response_id>/",
        results.response_detail,
        name="response_detail",
    ),
    path("feedback/nps/", results.nps_trend, name="nps_trend"),
    path(
        "feedback/personas/<int:persona_id>/misses/",
        pins.persona_misses,
        name="persona_misses",
    ),
    path(
        "feedback/personas/<int:persona_id>/misses/add/",
        pins.persona_miss_add,
        name="persona_miss_add",
    ),
    # Public, no login
    path("s/public/<str:token>/", public.public_answer, name="public_answer"),
    path("s/<str:token>/", public.answer, name="answer"),
    path("s/<str:token>/unsubscribe/", public.unsubscribe, name="unsubscribe"),
]
