from django.contrib import admin

from accounts.admin import WorkspaceScopedAdmin
from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(WorkspaceScopedAdmin):
    """Read only: an audit trail that can be edited proves nothing. Events go
    only when they are a year old (upkeep) or their workspace is deleted."""

    list_display = ["at", "action", "actor_email", "contact_id", "detail", "workspace"]
    list_filter = ["action", "workspace"]
    list_select_related = ["workspace"]
    show_full_result_count = False
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
