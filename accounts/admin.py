from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import Membership, TeamInvite, User, Workspace
from core.admin_widgets import CheckedAutocompleteMixin

# admin.site is accounts.two_factor.admin_site.TwoFactorAdminSite (see settings).


class WorkspaceScopedAdmin(admin.ModelAdmin):
    """Staff who are not superusers see only rows of the workspaces they belong
    to. `workspace_path` is the lookup from the model to its Workspace."""

    workspace_path = "workspace"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            **{f"{self.workspace_path}__memberships__user": request.user}
        )

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if not request.user.is_superuser:
            filters = [f for f in filters if f != self.workspace_path]
        return filters


class MembershipInline(CheckedAutocompleteMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_staff", "is_superuser", "last_login"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name",)}),
        (
            "Permissions",
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),
    )


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(memberships__user=request.user)


@admin.register(Membership)
class MembershipAdmin(CheckedAutocompleteMixin, WorkspaceScopedAdmin):
    list_display = ["user", "workspace", "role", "joined_at"]
    list_filter = ["role", "workspace"]
    list_select_related = ["user", "workspace"]
    search_fields = ["user__email", "workspace__name"]
    autocomplete_fields = ["user", "workspace"]


@admin.register(TeamInvite)
class TeamInviteAdmin(WorkspaceScopedAdmin):
    list_display = ["email", "workspace", "created_at", "expires_at", "accepted_at"]
    list_filter = ["workspace"]
    list_select_related = ["workspace"]
    search_fields = ["email"]
    exclude = ["token_hash"]
    readonly_fields = ["accepted_at"]

    def has_add_permission(self, request):
        # Invites carry an emailed token; they are made from the Team page.
        return False
