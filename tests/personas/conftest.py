"""Fixtures for the personas tests (what they build lives in builders.py)."""

import pytest

from personas.models import Persona
from tests.factories import PersonaFactory
from tests.personas.builders import make_maya


@pytest.fixture
def maya(workspace) -> Persona:
    return make_maya(workspace)


@pytest.fixture
def persona(workspace) -> Persona:
    return PersonaFactory(workspace=workspace, name="Sam Brightwater")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
