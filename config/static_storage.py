"""The static files storage of production: WhiteNoise's, remembering addresses.

Every page's layout asks for the same few files, and the manifest storage works
each hashed address out again on every call (about 0.06 ms each). The files
cannot change under a running process (collectstatic runs before it starts),
so each address is worked out once.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool], str] = {}

    def url(self, name: str, force: bool = False) -> str:
        if force:
            return super().url(name, force=True)
        # DEBUG decides between the plain and the hashed name.
        key = (name, settings.DEBUG)
        if key not in self._urls:
            self._urls[key] = super().url(name)
        return self._urls[key]
