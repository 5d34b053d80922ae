"""End to end in headless Chromium (Debian's ``chromium`` driven by Playwright) on a live server."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect, sync_playwright

from jixiao.demo import seed_paths
from jixiao.web import models

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(os.environ.get("JIXIAO_SCREENSHOTS", "/tmp/jixiao-screenshots"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, live_server, transactional_db) -> Iterator[Page]:
    get_user_model().objects.create_user("editor", password="browser-pass-42")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(15000)
    tab.goto(f"{live_server.url}/login/")
    tab.fill("input[name=username]", "editor")
    tab.fill("input[name=password]", "browser-pass-42")
    tab.click("#log-in")
    tab.wait_for_url(f"{live_server.url}/dashboard/")
    yield tab
    context.close()


def test_import_a_seed_file_through_the_preview(page: Page, live_server) -> None:
    seed = seed_paths()[2]
    page.goto(f"{live_server.url}/import/")
    page.set_input_files("input[name=files]", str(seed))
    page.click("#preview-import")
    page.wait_for_selector("#confirm-import")
    assert page.locator("details.document").count() == 5
    assert models.Project.objects.count() == 0
    page.click("#confirm-import")
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    batch = models.ImportBatch.objects.get()
    assert page.url == f"{live_server.url}/imports/{batch.pk}/"
    assert "已导入" in page.inner_text(".message")
    assert page.locator("main table tbody tr").count() == 5  # the versions the batch stored
    assert models.ImportedFile.objects.get().name == seed.name
    page.go_back()  # Back to the preview, confirm again: 已导入, nothing twice
    page.click("#confirm-import")
    page.wait_for_selector("#already-imported")
    assert models.ImportBatch.objects.count() == 1


def _import_demo() -> None:
    from jixiao.web import bootstrap

    assert bootstrap.load_demo() is not None


def test_project_page_shows_inline_findings_and_the_meaning_on_hover(
    page: Page, live_server
) -> None:
    _import_demo()
    finding = models.Finding.objects.filter(indicator_position__isnull=False).first()
    project = finding.project
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    assert page.inner_text("caption") == project.title
    row = page.locator(f"#row-{finding.indicator_position}")
    assert finding.message in row.locator(".finding").first.inner_text()
    target = page.locator("tr.indicator .target").first
    assert target.get_attribute("title").startswith(project.indicators.first().target_kind)
    page.screenshot(path=str(_shot("project.png")), full_page=True)


def test_self_evaluation_page_highlights_differences(page: Page, live_server) -> None:
    _import_demo()
    evaluation = models.SelfEvaluation.objects.get()
    page.goto(f"{live_server.url}/self-evaluations/{evaluation.pk}/")
    assert page.locator("td.recomputed").count() >= evaluation.indicators.count()
    page.screenshot(path=str(_shot("self-evaluation.png")), full_page=True)


def test_dashboard_draws_its_charts(page: Page, live_server) -> None:
    _import_demo()
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_selector("#chart-budget[data-drawn=true] canvas")
    painted = page.evaluate(
        """() => [...document.querySelectorAll('.chart canvas')].map((canvas) => {
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let inked = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
            return inked;
        })"""
    )
    assert len(painted) == 4
    assert painted[0] > 1000 and painted[1] > 1000  # budget and indicator bars have ink
    page.screenshot(path=str(_shot("dashboard.png")), full_page=True)


def test_project_list_filters_in_place_with_htmx(page: Page, live_server) -> None:
    _import_demo()
    page.goto(f"{live_server.url}/projects/")
    assert "43" in page.inner_text(".count")
    page.select_option("select[name=year]", "2024")
    expect(page.locator(".count")).to_contain_text("5")  # (no wait_for_function: CSP, no eval)
    assert page.locator("table.projects tbody tr").count() == 5
    assert "year=2024" in page.url


#: records every Content-Security-Policy violation the page reports (window.cspViolations)
CSP_WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _violations(page: Page) -> list[str]:
    return list(page.evaluate("window.cspViolations"))


def test_no_csp_violation_on_the_dashboard_import_and_filters(page: Page, live_server) -> None:
    _import_demo()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(CSP_WATCH)
    page.goto(f"{live_server.url}/dashboard/")
    assert "script-src 'self'" in page.evaluate(
        "fetch(location.href).then((r) => r.headers.get('content-security-policy'))"
    )
    page.wait_for_selector("#chart-grades[data-drawn=true] canvas")
    page.hover("#chart-budget canvas")  # the ECharts tooltip
    assert _violations(page) == []
    page.goto(f"{live_server.url}/import/")
    page.set_input_files("input[name=files]", str(seed_paths()[3]))
    page.click("#preview-import")
    page.wait_for_selector("tr.file .duplicate")  # the demo holds this file: the preview says so
    assert _violations(page) == []
    page.goto(f"{live_server.url}/projects/")
    page.fill("input[name=q]", "执法")
    page.press("input[name=q]", "End")  # the keyup HTMX listens for
    expect(page).to_have_url(re.compile(r"q=%E6%89%A7%E6%B3%95"))  # HTMX pushed the search
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")
    assert _violations(page) == []
    assert not [text for text in console if "Content Security Policy" in text]


def _shot(name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / name
