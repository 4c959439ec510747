"""Take the README's screenshots of the presentation mode and the handout.

Usage: python screenshots/take_screenshots.py SITE_DIR

SITE_DIR is a strict build (`mkdocs build --strict -d SITE_DIR`). The site is
served on loopback and shot at 1920×1080 in Chromium, started as
scripts/offline_chromium.py starts it: a text slide, a diagram slide, a quiz
slide after answering, the session's overview (O), the presenter view at a
laptop's 1280×800, and the handout's first page in print media at A4 width
(with the 15 mm page margin that print adds); and on a 375 px phone, a diagram
and a quiz answered wrongly.

Exit codes: 0 on success, 2 on a bad argument.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
sys.path.insert(0, str(ROOT / "scripts"))

from playwright.sync_api import sync_playwright

import offline_chromium
import serve_site

PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 375, "height": 812}
A4 = {"width": 794, "height": 1123}  # 210 × 297 mm at 96 px per inch
CURRENT = ".presentation-slide[aria-current='step']"


def slide(browser, url: str, path: str, name: str, scheme: str = "light") -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(base_url=url, viewport=PROJECTOR, color_scheme=scheme, locale="ja-JP")
    page.goto(path)
    page.wait_for_selector(CURRENT)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # the slide's 160 ms fade-in
    page.screenshot(path=OUT / f"{name}.png")
    page.close()


def quiz(browser, url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(base_url=url, viewport=PROJECTOR, locale="ja-JP")
    page.goto("session-01/which-service/?present#q1-object-detection")
    box = page.locator(f"{CURRENT} .quiz").first
    correct = box.locator('input[data-correct="true"]').first
    box.locator(f'label[for="{correct.get_attribute("id")}"]').click()
    box.locator("button.quiz-button[type=submit]").click()
    box.locator(".quiz-feedback").wait_for(state="visible")
    page.wait_for_timeout(300)
    page.screenshot(path=OUT / "slide-quiz.png")
    page.close()


def overview(browser, url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(base_url=url, viewport=PROJECTOR, locale="ja-JP")
    page.goto("session-01/sagemaker/?present#2-1-1-studio")
    page.wait_for_selector(CURRENT)
    page.keyboard.press("o")
    page.locator(".presentation-overview [aria-current]").wait_for()
    page.wait_for_timeout(300)
    page.screenshot(path=OUT / "slide-overview.png")
    page.close()


def presenter(browser, url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(base_url=url, viewport={"width": 1280, "height": 800}, locale="ja-JP")
    page.goto("session-01/sagemaker/?presenter#2-1-5-review")
    page.locator(".presenter__notes-body .supplement").wait_for()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # both previews drawn, the timer past zero
    page.screenshot(path=OUT / "presenter-view.png")
    page.close()


def handout(browser, url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(base_url=url, viewport=A4, locale="ja-JP")
    page.goto("print/")
    page.wait_for_selector("#print-site-page")
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    page.add_style_tag(content="body { padding: 15mm; background: #fff; }")  # the @page margin
    page.screenshot(path=OUT / "handout-first-page.png")
    page.close()


def phone(browser, url: str) -> None:  # type: ignore[no-untyped-def]
    """A 375 px phone: the AI/ML diagram (labels of 12.8 px, the rest a sideways scroll away),
    and a quiz answered wrongly, with its もう一度."""
    page = browser.new_page(base_url=url, viewport=PHONE, device_scale_factor=2, locale="ja-JP")
    page.goto("session-01/ml-services/")
    page.wait_for_load_state("networkidle")
    page.locator("article div.mermaid").first.evaluate("d => d.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(300)
    page.screenshot(path=OUT / "phone-diagram.png")
    page.goto("session-01/which-service/")
    box = page.locator("article .quiz").nth(1)
    wrong = box.locator("input:not([data-correct])").first
    box.locator(f'label[for="{wrong.get_attribute("id")}"]').click()
    box.locator("button.quiz-button[type=submit]").click()
    box.locator(".quiz-reset-button").evaluate("b => b.scrollIntoView({block: 'end'})")
    page.wait_for_timeout(300)
    page.screenshot(path=OUT / "phone-quiz.png")
    page.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not (Path(args[0]) / "index.html").exists():
        print(__doc__, file=sys.stderr)
        return 2
    with serve_site.serve(Path(args[0])) as url, sync_playwright() as pw:
        browser = offline_chromium.launch(pw)
        slide(browser, url, "session-01/?present#aims", "slide-text")
        slide(browser, url, "session-01/infrastructure/?present#cost%2F2", "slide-diagram")
        slide(browser, url, "session-01/infrastructure/?present#cost%2F2", "slide-diagram-dark", scheme="dark")
        slide(browser, url, "?present", "slide-home-qr")
        quiz(browser, url)
        overview(browser, url)
        presenter(browser, url)
        handout(browser, url)
        phone(browser, url)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
