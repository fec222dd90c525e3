"""axe-core in the page under test: no serious or critical accessibility
violation. axe is vendored under static/vendor/axe-core/ (from npm) and loaded
from the live server, so the page's script policy allows it like its own."""

from playwright.sync_api import Page

AXE_URL = "/static/vendor/axe-core/axe.min.js"
FAILING = ("serious", "critical")
RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map(
      (node) => `${node.html.slice(0, 120)}: ${node.failureSummary}`
    ),
  }));
}"""


def violations(page: Page) -> list[dict]:
    """The serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    return [found for found in page.evaluate(RUN) if found["impact"] in FAILING]


def assert_accessible(page: Page) -> None:
    found = violations(page)
    assert not found, "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {'; '.join(v['nodes'])}"
        for v in found
    )
