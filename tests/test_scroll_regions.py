"""Every container that can scroll sideways is reachable by keyboard and named.

axe-core (tests/e2e/test_accessibility.py) finds a scroll container that cannot
be focused only when the seeded data makes it scroll at the width it tries; this
reads every template, so a table that scrolls only with long names is covered too.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

SCROLLERS = re.compile(r'<div class="(?:table-responsive|trend-scroll)[^"]*"[^>]*>')
TEMPLATES = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))


def scroll_containers(path: Path) -> list[str]:
    return SCROLLERS.findall(path.read_text())


@pytest.mark.parametrize(
    "path",
    [path for path in TEMPLATES if scroll_containers(path)],
    ids=lambda path: str(path.relative_to(settings.BASE_DIR)),
)
def test_a_scroll_container_takes_the_focus_and_has_a_name(path):
    for tag in scroll_containers(path):
        assert 'tabindex="0"' in tag, tag
        assert 'role="region"' in tag, tag
        assert re.search(r'aria-label(ledby)?="[^"]+"', tag), tag


def test_the_check_finds_the_scroll_containers():
    assert sum(len(scroll_containers(path)) for path in TEMPLATES) >= 10
