"""Every form of the site (public, logged-in and admin), each field in turn given
hostile values (tests/hostile_forms.py): nothing answers 5xx, a refusal comes
with a message, and a text longer than its box allows is refused beside it.

By default each field gets one hostile value, the kinds taken in turn along a
form's fields (a few minutes on a busy two-core machine). HOSTILE_FORMS=every
gives every field every value (about five times as long): run it when forms or
fields change a lot, and before a release."""

import os
import time

import pytest

from tests.every_page import build_site
from tests.hostile_forms import Attempt, Outcome, attempts, forms_on_site, post

EVERY_VALUE = os.environ.get("HOSTILE_FORMS") == "every"


@pytest.fixture
def site(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    site = build_site()
    # What a post queues (emails, re-scoring) is not the form's answer: left
    # queued, it costs the walk nothing.
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    return site


def test_no_form_answers_a_hostile_value_with_a_server_error(site):
    forms, problems = forms_on_site(site)
    assert not problems, "\n".join(problems)
    posts, failures, started = 0, [], time.monotonic()
    for form in forms:
        client = site.clients[form.who]
        for attempt in attempts(form, every=EVERY_VALUE):
            posts += 1
            failures += _failures(attempt, post(client, attempt))
    print(f"{len(forms)} forms, {posts} posts in {time.monotonic() - started:.0f} s")
    assert len(forms) > 100
    assert not failures, f"{len(failures)} of {posts} posts:\n" + "\n".join(failures)


def _failures(attempt: Attempt, outcome: Outcome) -> list[str]:
    where = (
        f"{attempt.form.method.upper()} {attempt.form.action} "
        f"({attempt.form.who}) field {attempt.field!r} = {attempt.kind}"
    )
    if outcome.error is not None:
        error = f"{type(outcome.error).__name__}: {outcome.error}"
        return [f"{where}: {error[:200]}"]
    if outcome.status >= 500:
        return [f"{where}: answered {outcome.status}"]
    # 405: a form shown where it cannot be sent (the intake's preview).
    if (
        400 <= outcome.status < 500
        and outcome.status != 405
        and not outcome.has_message
    ):
        return [f"{where}: answered {outcome.status} with no message"]
    if attempt.kind == "one character too many" and outcome.status in (301, 302, 303):
        return [f"{where}: accepted (no message beside the field)"]
    return []
