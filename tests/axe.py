"""axe-core (web/node_modules, pinned in web/package.json) run in a Playwright page: the WCAG A
and AA rules, shadow roots included (the widget lives in one)."""

from __future__ import annotations

from typing import List

from playwright.sync_api import Page

from servers import PROJECT

AXE = PROJECT / "web" / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe-core's tags).
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.help}: ` +
      v.nodes.map(n => JSON.stringify(n.target) + ' ' + n.failureSummary).join(' | '));
}"""


def audit(page: Page, tags: List[str] = WCAG_A_AA) -> List[str]:
    """axe's violations on the page as it is now, one line each (empty: none found)."""
    assert AXE.is_file(), "install the web tools first: cd web && npm ci"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN, tags)
