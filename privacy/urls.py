from django.urls import path

from privacy.views import leaving, people, public, settings

app_name = "privacy"

urlpatterns = [
    path(
        "fit-check/contacts/<int:contact_id>/export/",
        people.contact_export,
        name="contact_export",
    ),
    path(
        "fit-check/contacts/<int:contact_id>/erase/",
        people.contact_erase,
        name="contact_erase",
    ),
    path("privacy/", settings.privacy_settings, name="settings"),
    path(
        "privacy/retention-preview/",
        settings.retention_preview,
        name="retention_preview",
    ),
    path("privacy/audit/", settings.audit_log, name="audit_log"),
    path("privacy/leave/", leaving.workspace_delete, name="workspace_delete"),
    path("privacy/leave/export.zip", leaving.workspace_export, name="workspace_export"),
    path("practice/<slug:workspace_slug>/privacy/", public.notice, name="notice"),
]
