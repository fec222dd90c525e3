"""config/static_storage.py: production's static files keep their hashed addresses."""

import json

import pytest

from config.static_storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False
    manifest = {"version": "1.1", "paths": {"css/app.css": "css/app.5e0f00.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_an_address_is_the_hashed_name_every_time(storage):
    assert storage.url("css/app.css") == "/static/css/app.5e0f00.css"
    assert storage.url("css/app.css") == "/static/css/app.5e0f00.css"


def test_debug_gives_the_plain_name_even_after_the_hashed_one(storage, settings):
    storage.url("css/app.css")
    settings.DEBUG = True
    assert storage.url("css/app.css") == "/static/css/app.css"


def test_a_file_missing_from_the_manifest_fails_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
