from django.apps import AppConfig


class FitcheckConfig(AppConfig):
    name = "fitcheck"
