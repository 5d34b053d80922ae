"""End to end in headless Chromium (Debian's ``chromium`` driven by Playwright) on a live server."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from jixiao.demo import seed_paths
from jixiao.domain.drafting import KIND_ZH
from jixiao.web import models

#: the users' password (tests/web/conftest.py's ``member``, hashed once for the session)
PASSWORD = "correct-horse-42"
SHOTS = Path(os.environ.get("JIXIAO_SCREENSHOTS", "/tmp/jixiao-screenshots"))


@pytest.fixture
def page(browser: Browser, live_server, transactional_db, member) -> Iterator[Page]:
    member("finance_reviewer", name="editor")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    tab = _tracked(context.new_page())
    tab.set_default_timeout(15000)
    tab.goto(f"{live_server.url}/login/")
    tab.fill("input[name=username]", "editor")
    tab.fill("input[name=password]", PASSWORD)
    tab.click("#log-in")
    tab.wait_for_url(f"{live_server.url}/todo/")
    yield tab
    _close(tab)


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


def test_project_page_shows_inline_findings_and_the_meaning_on_hover(
    page: Page, live_server, demo
) -> None:
    finding = models.Finding.objects.filter(indicator_position__isnull=False).first()
    project = finding.project
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    assert page.inner_text("caption") == project.title
    row = page.locator(f"#row-{finding.indicator_position}")
    assert finding.message in row.locator(".finding").first.inner_text()
    target = page.locator("tr.indicator .target").first
    kind = KIND_ZH[project.indicators.first().target_kind]  # the meaning on hover, in Chinese
    assert target.get_attribute("title").startswith(kind)
    page.screenshot(path=str(_shot("project.png")), full_page=True)


def test_self_evaluation_page_highlights_differences(page: Page, live_server, demo) -> None:
    evaluation = models.SelfEvaluation.objects.get()
    page.goto(f"{live_server.url}/self-evaluations/{evaluation.pk}/")
    assert page.locator("td.recomputed").count() >= evaluation.indicators.count()
    page.screenshot(path=str(_shot("self-evaluation.png")), full_page=True)


def test_dashboard_draws_its_charts(page: Page, live_server, demo) -> None:
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


def test_project_list_filters_in_place_with_htmx(page: Page, live_server, demo) -> None:
    page.goto(f"{live_server.url}/projects/")
    assert "43" in page.inner_text(".count")
    page.select_option("select[name=year]", "2024")
    expect(page.locator(".count")).to_contain_text("5")  # (no wait_for_function: CSP, no eval)
    assert page.locator("table.projects tbody tr").count() == 5
    assert "year=2024" in page.url


#: the requests each tracked tab has sent and not yet had answered (:func:`_tracked`)
_IN_FLIGHT: dict[Page, set[Request]] = {}


def _tracked(tab: Page) -> Page:
    """``tab`` with the requests it has in flight counted, for :func:`_close`."""
    flying = _IN_FLIGHT.setdefault(tab, set())

    def sent(request: Request) -> None:  # (playwright's handlers must be Python functions)
        flying.add(request)

    def answered(request: Request) -> None:
        flying.discard(request)

    tab.on("request", sent)
    tab.on("requestfinished", answered)
    tab.on("requestfailed", answered)
    return tab


def _close(tab: Page) -> None:
    """Close ``tab``'s context once the live server has answered what the tab asked (at most
    10 s): a request still inside its transaction when the test's database is flushed can
    deadlock with PostgreSQL's TRUNCATE (seen once in CI: the editor's live review)."""
    flying = _IN_FLIGHT.pop(tab, set())
    deadline = time.monotonic() + 10
    while flying and time.monotonic() < deadline:
        tab.wait_for_timeout(50)
    tab.context.close()


def _signed_in(browser: Browser, url: str, username: str) -> Page:
    """A tab of ``username`` (its own browser context), signed in, on its to-do page."""
    tab = _tracked(
        browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000}).new_page()
    )
    tab.set_default_timeout(15000)
    tab.goto(f"{url}/login/")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("#log-in")
    tab.wait_for_url(f"{url}/todo/")
    return tab


def _act(tab: Page, action: str, reason: str = "") -> None:
    """Take a transition from the state panel (with a reason when given)."""
    form = tab.locator(f"form.transition:has(#do-{action})")
    if reason:
        form.locator("input[name=reason]").fill(reason)
    with tab.expect_navigation():
        tab.click(f"#do-{action}")


def test_the_approval_cycle_by_three_users(
    browser: Browser, live_server, transactional_db, member
) -> None:
    """Submit → the department reviewer returns it with a row comment → resubmit → forward →
    finance approves → an adjustment makes version 2 while version 1 stays in force → the audit
    log shows every step with old and new values."""
    bureau = models.Department.objects.create(
        key="code:362101", code="362101", name="天津市生态环境局", name_key="天津市生态环境局"
    )
    from jixiao.web import actions, importing

    upload = importing.Upload.from_path(seed_paths()[2])
    actions.import_batch(importing.preview([upload]), actions.Actor(None, "demo"))
    unit = models.Department.objects.get(code="362303")
    for name, role, department in (
        ("unit", "unit_editor", unit),
        ("bureau", "department_reviewer", bureau),
        ("finance", "finance_reviewer", None),
    ):
        member(role, department, name)
    table = models.Project.objects.filter(department=unit).order_by("pk").first()
    url = live_server.url

    editor = _signed_in(browser, url, "unit")
    assert editor.inner_text("#nav-todo .badge") == "5"  # the unit's five drafts
    editor.click(f"#todo a[href='/projects/{table.pk}/']")
    _act(editor, "submit")
    assert editor.inner_text("#state") == "已提交"

    reviewer = _signed_in(browser, url, "bureau")
    assert reviewer.inner_text("#nav-todo .badge") == "1"
    reviewer.click(f"#todo a[href='/projects/{table.pk}/']")
    reviewer.click("#row-0 details.add-comment summary")
    reviewer.fill("#row-0 textarea[name=text]", "指标值偏低，请参考上年实际 104家")
    with reviewer.expect_navigation():
        reviewer.click("#row-0 .save-comment")
    _act(reviewer, "return", "请按审核意见修改")
    assert reviewer.inner_text("#state") == "已退回"

    editor.reload()
    assert "指标值偏低，请参考上年实际 104家" in editor.inner_text("#row-0")
    _act(editor, "submit", "已按意见修改")
    reviewer.reload()
    _act(reviewer, "forward")
    assert reviewer.inner_text("#state") == "财政审核"

    finance = _signed_in(browser, url, "finance")
    finance.goto(f"{url}/projects/{table.pk}/")
    _act(finance, "approve", "同意")
    assert finance.inner_text("#state") == "已批复"

    editor.reload()
    assert editor.inner_text("#lock") == "已批复，如需修改请发起调整"
    _act(editor, "adjust", "年中追加预算")
    version2 = models.Project.objects.get(department=unit, key=table.key, version=2)
    assert editor.url == f"{url}/projects/{version2.pk}/"
    assert editor.inner_text("#state") == "草稿"
    summary = "第 1 版 已批复（在用）；第 2 版 草稿（调整中）"
    assert editor.inner_text("#versions-summary") == summary
    table.refresh_from_db()
    assert table.state == "approved"  # version 1 stays in force
    history = editor.locator("#history tbody tr")
    assert history.count() == 7  # imported, then six transitions
    editor.screenshot(path=str(_shot("workflow-adjusted.png")), full_page=True)

    finance.goto(f"{url}/audit/?object=project:{table.pk}")
    rows = finance.locator("table.audit tbody tr")
    actions_shown = [rows.nth(i).get_attribute("class") for i in range(rows.count())]
    assert actions_shown == [
        "audit-adjust",
        "audit-approve",
        "audit-forward",
        "audit-submit",
        "audit-return",
        "audit-comment",
        "audit-submit",
        "audit-new_record",
    ]
    approve = finance.locator("tr.audit-approve")
    approve.locator("summary").nth(0).click()
    approve.locator("summary").nth(1).click()
    assert "'state': 'approved'" in approve.inner_text()
    assert "'state': 'finance_review'" in approve.inner_text()
    finance.screenshot(path=str(_shot("workflow-audit.png")), full_page=True)
    for tab in (editor, reviewer, finance):
        _close(tab)


#: records every Content-Security-Policy violation the page reports (window.cspViolations)
CSP_WATCH = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _violations(page: Page) -> list[str]:
    return list(page.evaluate("window.cspViolations"))


def test_no_csp_violation_on_the_dashboard_import_and_filters(
    page: Page, live_server, demo
) -> None:
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


def test_a_self_evaluation_prints_on_a4_without_navigation(page: Page, live_server) -> None:
    import io
    import unicodedata

    import pdfplumber

    from jixiao.web import actions, importing

    seed = next(p for p in seed_paths() if p.name.startswith("001"))
    preview = importing.preview([importing.Upload.from_path(seed)])
    actions.import_batch(preview, actions.Actor(None, "test"))
    stored = models.SelfEvaluation.objects.get()
    page.goto(f"{live_server.url}/self-evaluations/{stored.pk}/")
    pdf = page.pdf(format="A4")  # print media: app.css @media print
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        # NFKC: Chromium's CJK glyphs extract as Kangxi radicals (⽀ for 支)
        texts = [unicodedata.normalize("NFKC", p.extract_text() or "") for p in document.pages]
        size = (document.pages[0].width, document.pages[0].height)
    assert abs(size[0] - 595.3) < 1 and abs(size[1] - 841.9) < 1  # A4 in points
    everything = "".join(texts)
    assert "看板" not in everything and "退出" not in everything  # the navigation bar
    assert "下载" not in everything  # the download links
    with_rows = [t for t in texts if "数量指标" in t or "质量指标" in t]
    assert len(with_rows) > 2
    assert all("三级指标" in t for t in with_rows[1:]), "the indicator header repeats"


def test_batch_download_shows_progress_until_the_file_comes(
    page: Page, live_server, tmp_path: Path
) -> None:
    from jixiao.ingest import read_path
    from jixiao.web import actions, importing

    seed = next(p for p in seed_paths() if p.name.startswith("004"))
    preview = importing.preview([importing.Upload.from_path(seed)])
    actions.import_batch(preview, actions.Actor(None, "test"))
    page.goto(f"{live_server.url}/projects/")
    with page.expect_download() as download:
        page.click("form.batch-export button[type=submit]")
        assert page.locator(".export-progress").is_visible()
    page.wait_for_selector(".export-progress", state="hidden")
    download.value.save_as(tmp_path / "batch.xlsx")
    assert len(read_path(tmp_path / "batch.xlsx")) == 4


def test_a_background_import_shows_its_progress_bar_until_done(page: Page, live_server) -> None:
    """The job page polls with HTMX; the worker thread ``jixiao serve`` runs on SQLite does it."""
    from jixiao.web.jobs import worker

    page.goto(f"{live_server.url}/import/")
    page.set_input_files("input[name=files]", str(seed_paths()[2]))
    page.click("#preview-import")
    page.click("#confirm-import-job")
    page.wait_for_url(re.compile(r"/jobs/\d+/$"))
    expect(page.locator(".job-state")).to_have_text("排队中")
    expect(page.locator("#job-cancel")).to_be_visible()
    background = worker.Background(interval=0.1).start()
    try:
        expect(page.locator(".job-state")).to_have_text("已完成")  # no reload: HTMX polled
    finally:
        background.stop()
    batch = models.ImportBatch.objects.get()
    expect(page.locator(f"a[href='/imports/{batch.pk}/']")).to_be_visible()
    assert page.locator("#job-cancel").count() == 0
