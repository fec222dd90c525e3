from django.contrib import admin, messages
from django.http import HttpRequest

from core import outbox
from core.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """Where the site's operator sees every email that did not go out (a
    password reset, a signup notice...) and sends it again. Superusers only:
    emails of every workspace are here. Bodies are never shown, since a queued
    one may hold someone's single-use link."""

    list_display = [
        "kind",
        "recipients",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["to"]
    fields = [
        "kind",
        "to",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_try_at",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description="to")
    def recipients(self, email: OutboundEmail) -> str:
        return ", ".join(email.to)

    @admin.action(description="Send the selected failed emails again")
    def send_again(self, request: HttpRequest, queryset) -> None:
        count = outbox.send_again(queryset)
        self.message_user(
            request, f"{count} failed email(s) queued again.", messages.SUCCESS
        )

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).defer("body", "html")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser
