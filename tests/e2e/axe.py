"""axe-core in the page under test: no serious or critical accessibility violation.

axe is vendored from npm under static/vendor/axe-core/ (version in its first
line). `install` gives a browser context axe before any page script runs, so
the page's script policy (CSP) is neither loosened nor in the way; a page opened
elsewhere gets it from the live server's static files, as its own scripts."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from playwright.sync_api import BrowserContext, Page

AXE_PATH = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
AXE_URL = "/static/vendor/axe-core/axe.min.js"
FAILING = ("serious", "critical")
NODES_SHOWN = 5
RUN = """async (failing) => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations
    .filter((v) => failing.includes(v.impact))
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      help_url: v.helpUrl.split("?")[0],
      nodes: v.nodes.map((node) => ({
        target: node.target.join(" "),
        summary: node.failureSummary.replace(/\\s+/g, " ").slice(0, 240),
      })),
    }));
}"""


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    help_url: str
    nodes: list[dict]

    def describe(self, where: str = "") -> str:
        """The rule, where, and the first nodes with what to fix, for the person
        merging a page that fails."""
        head = f"{where} {self.impact} {self.rule}: {self.help} ({self.help_url})"
        nodes = [
            f"    {node['target']}: {node['summary']}"
            for node in self.nodes[:NODES_SHOWN]
        ]
        if len(self.nodes) > NODES_SHOWN:
            nodes.append(f"    … and {len(self.nodes) - NODES_SHOWN} more")
        return "\n".join([head.strip(), *nodes])


def install(context: BrowserContext) -> None:
    context.add_init_script(path=AXE_PATH)


def violations(page: Page) -> list[Violation]:
    """The serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    return [Violation(**found) for found in page.evaluate(RUN, list(FAILING))]


def assert_accessible(page: Page) -> None:
    found = violations(page)
    assert not found, "\n".join(v.describe(page.url) for v in found)
