import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files of these tests go to a folder of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"
