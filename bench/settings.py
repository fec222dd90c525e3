"""The production settings with the bench URLs: the app plus the bare baseline views.

`make bench` points DJANGO_SETTINGS_MODULE here and sets the environment the way
production does (bench/run.py), so everything but the URLconf is the real thing.
A star import is the one way to extend a settings module without repeating it.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# Collected files of the bench server, apart from the checkout's staticfiles/, so a
# bench run never rewrites files that a test run nearby is reading.
STATIC_ROOT = BASE_DIR / ".bench" / "static"  # noqa: F405
