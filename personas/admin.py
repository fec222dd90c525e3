from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.contrib.postgres.fields import ArrayField
from django.db import models

from accounts.admin import WorkspaceScopedAdmin
from accounts.models import Workspace
from personas import services
from personas.fields import formfield_for_array
from personas.forms import BeThemForm, ClosenessForm, PersonalityForm, WhoForm
from personas.models import Dream, Pain, Persona, RedFlag


class DreamInline(admin.TabularInline):
    model = Dream
    fields = ["position", "text"]
    extra = 0


class PainInline(admin.StackedInline):
    model = Pain
    fields = [
        ("position", "intensity"),
        "text",
        "already_tried",
        "cause",
        "our_answer",
    ]
    extra = 0
    formfield_overrides = {
        models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 3})}
    }


class RedFlagInline(admin.TabularInline):
    model = RedFlag
    fields = ["position", "text", "severity"]
    extra = 0


@admin.register(Persona)
class PersonaAdmin(WorkspaceScopedAdmin):
    list_display = [
        "name",
        "kind",
        "status",
        "completeness",
        "version",
        "workspace",
        "updated_at",
    ]
    list_filter = ["kind", "status", "workspace"]
    list_select_related = ["workspace"]
    search_fields = ["name", "tagline"]
    readonly_fields = [
        "version",
        "lineage",
        "based_on",
        "completeness",
        "last_step",
        "created_at",
        "updated_at",
    ]
    inlines = [DreamInline, PainInline, RedFlagInline]
    # The worksheet's steps, from the worksheet's own forms, so the admin reads in
    # the same order as the product and never misses a field added there.
    fieldsets = [
        (None, {"fields": ["workspace", "kind", "status", "name", "tagline"]}),
        ("Who they are", {"classes": ["collapse"], "fields": WhoForm.Meta.fields}),
        (
            "Personality",
            {
                "classes": ["collapse"],
                "fields": [
                    f
                    for f in PersonalityForm.Meta.fields
                    if f not in {"name", "tagline"}
                ],
            },
        ),
        (
            "Be your customer",
            {"classes": ["collapse"], "fields": BeThemForm.Meta.fields},
        ),
        ("Would you…?", {"fields": ClosenessForm.Meta.fields}),
        ("Record", {"fields": readonly_fields}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The worksheet's widgets: checkboxes for choices, one line per item.
        if isinstance(db_field, ArrayField):
            return formfield_for_array(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Staff who are not superusers must not move a persona out of their
        # workspaces, so they are offered only their own.
        if db_field.name == "workspace" and not request.user.is_superuser:
            kwargs["queryset"] = Workspace.objects.filter(
                memberships__user=request.user
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        # One active version per lineage: making this one active here retires
        # the other, as activating it on its profile does.
        if obj.status == Persona.Status.ACTIVE:
            for old in services.retire_other_versions(persona=obj):
                self.message_user(
                    request, f"Version {old.version} of {old.name} was retired."
                )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # Edits here bypass the worksheet, so the list's figure is refreshed too.
        services.refresh_completeness(form.instance)
