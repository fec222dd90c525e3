from django.urls import path

from fitcheck.views import clients, contacts, imports, intake, intake_editor, rubrics

app_name = "fitcheck"

urlpatterns = [
    # Contacts
    path("fit-check/contacts/", contacts.contact_list, name="contact_list"),
    path("fit-check/contacts/new/", contacts.contact_create, name="contact_create"),
    path(
        "fit-check/contacts/export.csv", contacts.contact_export, name="contact_export"
    ),
    path(
        "fit-check/contacts/<int:contact_id>/",
        contacts.contact_detail,
        name="contact_detail",
    ),
    path(
        "fit-check/contacts/<int:contact_id>/intake-email/resend/",
        contacts.intake_notice_resend,
        name="intake_notice_resend",
    ),
    path(
        "fit-check/contacts/<int:contact_id>/edit/",
        contacts.contact_edit,
        name="contact_edit",
    ),
    # CSV import
    path("fit-check/import/", imports.import_upload, name="import_upload"),
    path(
        "fit-check/import/<int:import_id>/",
        imports.import_preview,
        name="import_preview",
    ),
    path(
        "fit-check/import/<int:import_id>/confirm/",
        imports.import_confirm,
        name="import_confirm",
    ),
    path(
        "fit-check/import/<int:import_id>/progress/",
        imports.import_progress,
        name="import_progress",
    ),
    # Rubrics and scoring
    path(
        "fit-check/how-scoring-works/",
        rubrics.scoring_explained,
        name="scoring_explained",
    ),
    path("fit-check/rubrics/", rubrics.rubric_list, name="rubric_list"),
    path("fit-check/rubrics/<int:persona_id>/", rubrics.rubric_detail, name="rubric"),
    path(
        "fit-check/rubrics/<int:persona_id>/edit/",
        rubrics.rubric_edit,
        name="rubric_edit",
    ),
    path(
        "fit-check/rubrics/<int:persona_id>/reset/",
        rubrics.rubric_reset,
        name="rubric_reset",
    ),
    path(
        "fit-check/rubrics/<int:persona_id>/preview/",
        rubrics.rubric_preview,
        name="rubric_preview",
    ),
    path(
        "fit-check/rubrics/<int:persona_id>/preview/progress/",
        rubrics.rubric_preview_progress,
        name="rubric_preview_progress",
    ),
    path(
        "fit-check/rubrics/<int:persona_id>/preview/again/",
        rubrics.rubric_preview_again,
        name="rubric_preview_again",
    ),
    path(
        "fit-check/rubrics/<int:persona_id>/apply/",
        rubrics.rubric_apply,
        name="rubric_apply",
    ),
    path(
        "fit-check/rubrics/<int:persona_id>/discard/",
        rubrics.rubric_discard,
        name="rubric_discard",
    ),
    path(
        "fit-check/rubrics/<int:persona_id>/progress/",
        rubrics.rubric_progress,
        name="rubric_progress",
    ),
    path(
        "fit-check/follow-ups/<int:follow_up_id>/done/",
        contacts.follow_up_done,
        name="follow_up_done",
    ),
    # Current clients
    path("fit-check/clients/", clients.client_review, name="client_review"),
    path(
        "fit-check/clients/<int:contact_id>/phase-out/",
        clients.client_phase_out,
        name="client_phase_out",
    ),
    # The public intake and its settings
    path("fit-check/intake/", intake.intake_settings, name="intake_settings"),
    path(
        "fit-check/intake/questions/",
        intake_editor.intake_questions_list,
        name="intake_questions",
    ),
    path(
        "fit-check/intake/questions/new/",
        intake_editor.intake_question_add,
        name="intake_question_add",
    ),
    path(
        "fit-check/intake/questions/draft-again/",
        intake_editor.intake_questions_redraft,
        name="intake_questions_redraft",
    ),
    path(
        "fit-check/intake/questions/<int:intake_question_id>/",
        intake_editor.intake_question_edit,
        name="intake_question_edit",
    ),
    path(
        "fit-check/intake/questions/<int:intake_question_id>/move/",
        intake_editor.intake_question_move,
        name="intake_question_move",
    ),
    path(
        "fit-check/intake/questions/<int:intake_question_id>/delete/",
        intake_editor.intake_question_delete,
        name="intake_question_delete",
    ),
    path(
        "fit-check/intake/preview/", intake_editor.intake_preview, name="intake_preview"
    ),
    path(
        "fit-check/intake/preview/page/",
        intake_editor.intake_preview_page,
        name="intake_preview_page",
    ),
    path("fit/<slug:workspace_slug>/", intake.intake, name="intake"),
    path(
        "fit/<slug:workspace_slug>/result/", intake.intake_result, name="intake_result"
    ),
]
