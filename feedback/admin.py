from django.contrib import admin

from accounts.admin import WorkspaceScopedAdmin
from feedback.models import Answer, Invitation, Question, Response, Suppression, Survey


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text", "help_text", "required", "choices"]


@admin.register(Survey)
class SurveyAdmin(WorkspaceScopedAdmin):
    list_display = [
        "title",
        "workspace",
        "status",
        "anonymous",
        "closes_on",
        "created_at",
    ]
    list_filter = ["status", "anonymous", "workspace"]
    list_select_related = ["workspace"]
    search_fields = ["title"]
    exclude = ["public_token_hash"]
    inlines = [QuestionInline]


@admin.register(Invitation)
class InvitationAdmin(WorkspaceScopedAdmin):
    workspace_path = "survey__workspace"
    list_display = [
        "survey",
        "contact",
        "status",
        "attempts",
        "reminders_sent",
        "sent_at",
        "answered_at",
        "last_error",
    ]
    list_filter = ["status"]
    list_select_related = ["survey", "contact"]
    search_fields = ["contact__name", "contact__email", "survey__title"]
    show_full_result_count = False
    readonly_fields = [
        "survey",
        "contact",
        "attempts",
        "claimed_at",
        "sent_at",
        "opened_at",
        "answered_at",
        "reminders_sent",
        "last_emailed_at",
        "last_error",
    ]

    def has_add_permission(self, request):
        return False  # Invitations are made by sending a survey.


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ["question", "number", "choices", "text"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(WorkspaceScopedAdmin):
    workspace_path = "survey__workspace"
    list_display = ["pk", "survey", "contact", "submitted_at"]
    list_filter = ["survey"]
    list_select_related = ["survey", "contact"]
    readonly_fields = ["survey", "invitation", "contact", "submitted_at"]
    inlines = [AnswerInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def get_list_filter(self, request):
        # The survey filter lists every survey: only superusers get it.
        return ["survey"] if request.user.is_superuser else []


@admin.register(Suppression)
class SuppressionAdmin(WorkspaceScopedAdmin):
    list_display = ["email", "workspace", "reason", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["workspace"]
    search_fields = ["email"]
