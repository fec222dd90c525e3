"""Fixtures of the sending tests: a draft survey, a contact to send it to, and a
way to run what a commit queues."""

import pytest

from tests.factories import ContactFactory, SurveyFactory


@pytest.fixture
def survey(workspace):
    return SurveyFactory(workspace=workspace, title="Autumn check-in", status="draft")


@pytest.fixture
def ann(workspace):
    return ContactFactory(workspace=workspace, name="Ann", email="ann@example.com")


@pytest.fixture
def run_after_commit(django_capture_on_commit_callbacks):
    """Call a function and run what its commit queues (tasks run at once)."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run
