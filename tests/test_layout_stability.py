"""Layout stability: no page moves under the reader while it loads on a slow phone or a wide screen.

Each page is loaded at Lighthouse's phone size (412×823), and at 1920×1080,
with the CPU slowed 4x, as Lighthouse does, so that the browser paints before
it has parsed the whole page and run its scripts: styles that arrive late, or scripts that grow
something above the text, then show up as layout shifts. Every shift is
counted, with the elements that moved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_tools import page_paths

pytestmark = pytest.mark.browser

# Browser context options: Lighthouse's phone, and a wide screen.
SCREENS = {
    "phone": {
        "viewport": {"width": 412, "height": 823},
        "device_scale_factor": 1.75,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1920, "height": 1080}},
}
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const shift of list.getEntries())
    window.__shifts.push({
      value: shift.value,
      moved: shift.sources.map((s) =>
        s.node ? `${s.node.nodeName.toLowerCase()}${s.node.id ? "#" + s.node.id : ""}` : "?"),
    });
}).observe({ type: "layout-shift", buffered: true });
"""
# Lighthouse's limit for a full score is 0.1 "good"; a stable page has next to none.
MOST = 0.01


@pytest.mark.parametrize("screen", SCREENS)
def test_no_page_shifts_while_it_loads(browser, built_site: Path, site_url: str, screen: str) -> None:  # type: ignore[no-untyped-def]
    report = {}
    for path in page_paths(built_site):
        context = browser.new_context(**SCREENS[screen])
        page = context.new_page()
        page.add_init_script(RECORD_SHIFTS)
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)  # late work after the network is idle
        shifts = page.evaluate("window.__shifts")
        context.close()
        total = sum(shift["value"] for shift in shifts)
        if total > MOST:
            report[path or "/"] = f"{total:.3f}: " + "; ".join(
                f"{shift['value']:.3f} {', '.join(shift['moved'])}" for shift in shifts
            )
    assert not report, report
