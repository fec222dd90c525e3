"""Included by accounts/urls.py: the names are in the `accounts` namespace."""

from django.urls import path

from accounts.two_factor import views

urlpatterns = [
    path("", views.security, name="two_factor"),
    path("turn-on/", views.setup_start, name="two_factor_start"),
    path("set-up/", views.setup, name="two_factor_setup"),
    path("recovery-codes/", views.recovery_codes, name="two_factor_codes"),
    path(
        "recovery-codes/download/",
        views.recovery_codes_download,
        name="two_factor_codes_download",
    ),
    path(
        "recovery-codes/saved/",
        views.recovery_codes_saved,
        name="two_factor_codes_saved",
    ),
    path(
        "recovery-codes/new/",
        views.recovery_codes_regenerate,
        name="two_factor_codes_regenerate",
    ),
    path("turn-off/", views.turn_off, name="two_factor_turn_off"),
    path("code/", views.code_step, name="two_factor_code"),
    path("workspace/", views.workspace_requirement, name="two_factor_workspace"),
]
