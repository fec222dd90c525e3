"""axe-core on every page a person reaches, at 1280 px and on a 375 px phone: no
serious or critical violation, and on public pages no tick box under 24 px. The
pages come from the URLconf, filled with a seeded workspace's objects
(tests/every_page.py), so a new page is checked with no further work, and a URL
that cannot be filled fails the test by name."""

from urllib.parse import urlsplit

from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page

from tests.e2e import axe
from tests.e2e.helpers import share_cookies
from tests.every_page import ANONYMOUS, PRACTITIONER, Visit, build_site, visits

VIEWPORTS = [
    ("1280px", {"width": 1280, "height": 800}),
    ("375px", {"width": 375, "height": 740}),
]

# Clients and prospects answer on phones: their tick boxes and radio buttons are
# at least 24 px square (WCAG 2.2 target size; axe lets smaller ones pass when
# they are spaced out).
MIN_TARGET_PX = 24
SMALL_TARGETS = """(least) => [...document.querySelectorAll(
    "input[type=radio], input[type=checkbox]")]
  .filter((input) => input.checkVisibility())
  .map((input) => [input.id || input.name, input.getBoundingClientRect()])
  .filter(([, box]) => box.width < least || box.height < least)
  .map(([name, box]) => `#${name} ${box.width}×${box.height} px`)"""


def test_every_page_has_no_serious_accessibility_violation(
    browser: Browser, live_server, transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    site = build_site()
    found = visits(site)
    assert not found.problems, "URLs the test could not fill or open:\n" + "\n".join(
        found.problems
    )
    contexts = {
        who: _context(browser, live_server.url, site.clients[who])
        for who in (ANONYMOUS, PRACTITIONER)
    }
    tabs = {who: context.new_page() for who, context in contexts.items()}
    failures = []
    try:
        for visit in found.pages:
            failures += _check(tabs[visit.who], live_server.url, visit)
    finally:
        for context in contexts.values():
            context.close()
    assert not failures, (
        f"{len(failures)} serious or critical accessibility violation(s) on "
        f"{len(found.pages)} pages:\n" + "\n".join(failures)
    )


def _context(browser: Browser, base: str, client: Client) -> BrowserContext:
    """A browser that is the test's visitor: their cookies, axe in every page."""
    context = browser.new_context()
    share_cookies(context, base, client)
    axe.install(context)
    return context


def _check(tab: Page, base: str, visit: Visit) -> list[str]:
    """Open the page once, then check it at each width: the layout follows the
    viewport's media queries, and opening each page once halves the test's time."""
    tab.set_viewport_size(VIEWPORTS[0][1])
    tab.goto(base + visit.url)
    where = f"{visit.url} ({visit.name}, {visit.who}"
    expected = visit.lands_on or visit.url
    opened = urlsplit(tab.url)
    if opened.path + (f"?{opened.query}" if opened.query else "") != expected:
        return [f"{where}) opened {tab.url} instead"]
    failures = []
    for width, viewport in VIEWPORTS:
        tab.set_viewport_size(viewport)
        failures += [v.describe(f"{where}, {width})") for v in axe.violations(tab)]
    small = tab.evaluate(SMALL_TARGETS, MIN_TARGET_PX) if visit.who == ANONYMOUS else []
    if small:
        failures.append(
            f"{where}, {width}) {len(small)} tick box(es) or radio button(s) under "
            f"{MIN_TARGET_PX} px: {', '.join(small[:5])}"
        )
    return failures
