"""Pages: login required, browse, filters, official layout, language switch."""

from __future__ import annotations

import re

import pytest

from jixiao.web import models

PAGES = ["/departments/", "/projects/", "/self-evaluations/", "/review/", "/dashboard/", "/import/"]


@pytest.mark.parametrize("url", [*PAGES, "/projects/1/", "/api/docs"])
def test_every_page_requires_a_login(client, db, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_login_page_is_open_and_in_chinese(client, db) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_login_with_password_then_lockout_after_repeated_failures(client, user) -> None:
    ok = client.post("/login/", {"username": "reviewer", "password": "correct-horse-42"})
    assert ok.status_code == 302
    client.logout()
    for _ in range(5):
        client.post("/login/", {"username": "reviewer", "password": "wrong"})
    locked = client.post("/login/", {"username": "reviewer", "password": "correct-horse-42"})
    assert locked.status_code == 429


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_with_demo_data(client_in, demo, url: str) -> None:
    assert client_in.get(url).status_code == 200


def test_department_tree_nests_units_under_the_bureau(client_in, demo) -> None:
    html = client_in.get("/departments/").content.decode()
    bureau = html.index("362101 天津市生态环境局")
    assert bureau < html.index("362207") and bureau < html.index("362303")
    assert "34 个项目" in html


def test_project_list_filters(client_in, demo) -> None:
    unit = models.Department.objects.get(code="362303")
    by_unit = client_in.get("/projects/", {"department": unit.pk})
    assert by_unit.context["page"].paginator.count == 5
    by_year = client_in.get("/projects/", {"year": 2024})
    assert by_year.context["page"].paginator.count == 5
    bureau = models.Department.objects.get(code="362101")
    assert (
        client_in.get("/projects/", {"department": bureau.pk}).context["page"].paginator.count == 43
    )


def test_search_covers_names_and_indicator_text(client_in, demo) -> None:
    indicator = models.Indicator.objects.exclude(target_raw="").order_by("id")[7]
    hits = client_in.get("/projects/", {"q": indicator.level3}).context["page"]
    assert indicator.project in list(hits)
    assert client_in.get("/projects/", {"q": "不存在的词语"}).context["page"].paginator.count == 0


def test_htmx_request_gets_only_the_rows(client_in, demo) -> None:
    response = client_in.get("/projects/", {"year": 2024}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert '<table class="projects">' in html and "<html" not in html


def test_project_page_renders_the_official_layout_with_meaning_on_hover(client_in, demo) -> None:
    project = models.Project.objects.get(number=1, department__code="362101")
    html = client_in.get(f"/projects/{project.pk}/").content.decode()
    assert project.title in html
    first = project.indicators.first()
    assert first.target_raw in html
    hover = re.findall(r'class="target" title="([^"]*)"', html)  # the meanings, in Chinese
    assert any(m.startswith("数量 · ≥ ") and m.endswith(" · 越大越好") for m in hover), hover
    assert not any("quantity" in m or "higher_better" in m for m in hover)
    assert html.count('class="indicator') == project.indicators.count()


def test_english_is_switchable(client_in, demo) -> None:
    client_in.post("/i18n/setlang/", {"language": "en", "next": "/projects/"})
    html = client_in.get("/projects/").content.decode()
    assert "Projects" in html and "项目列表" not in html


def test_project_page_shows_findings_inline_on_their_rows(client_in, demo) -> None:
    finding = models.Finding.objects.filter(indicator_position__isnull=False).first()
    html = client_in.get(f"/projects/{finding.project_id}/").content.decode()
    row = html.split(f'id="row-{finding.indicator_position}"')[1].split("</tr>")[0]
    assert finding.rule in row and finding.message in row


def test_project_list_filters_by_rule_and_grade(client_in, demo) -> None:
    rule = models.Finding.objects.filter(project__isnull=False).values_list("rule", flat=True)[0]
    expected = models.Project.objects.filter(findings__rule=rule).values("pk").distinct().count()
    assert client_in.get("/projects/", {"rule": rule}).context["page"].paginator.count == expected
    grade = models.Project.objects.values_list("grade", flat=True)[0]
    expected = models.Project.objects.filter(grade=grade).count()
    assert client_in.get("/projects/", {"grade": grade}).context["page"].paginator.count == expected


def test_review_queue_puts_most_findings_first(client_in, demo) -> None:
    page = client_in.get("/review/").context["page"]
    counts = [p.findings_count for p in page]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


def test_self_evaluation_page_shows_recomputed_scores_and_differences(client_in, demo) -> None:
    from jixiao.domain.scoring import score_self_evaluation
    from jixiao.web import storage

    stored = models.SelfEvaluation.objects.get()
    report = score_self_evaluation(storage.self_evaluation(stored), "tianjin_dept")
    response = client_in.get(f"/self-evaluations/{stored.pk}/")
    html = response.content.decode()
    assert html.count('class="indicator-result"') == len(report.rows)
    differing = [r for r in report.rows if r.difference]
    assert html.count("recomputed diff") == len(differing) + (
        report.budget.recomputed != report.budget.reported
    ) + (report.totals.recomputed_total != report.totals.stated_total)
    assert html.count('class="diff-row"') == len(report.differences)


def test_a_finding_links_its_rule_page_with_severity_by_icon_and_word(client_in, demo) -> None:
    finding = models.Finding.objects.filter(project__isnull=False, severity="warning").first()
    html = client_in.get(f"/projects/{finding.project_id}/").content.decode()
    assert f'href="/rules/{finding.rule}/"' in html
    assert "⚠ 警告" in html  # not by colour alone
    page = client_in.get(f"/rules/{finding.rule}/").content.decode()
    from jixiao.domain.review import RULES

    rule = RULES[finding.rule]
    for text in (rule.title, rule.example, rule.suggestion):
        assert text in page
    assert rule.explanation[:20] in page and rule.basis[:8] in page
    assert "修改建议" in page and "依据" in page
    assert client_in.get("/rules/NOPE-99/").status_code == 404


def test_rule_filter_names_rules_in_chinese(client_in, demo) -> None:
    from jixiao.domain.review import RULES

    html = client_in.get("/projects/").content.decode()
    code = models.Finding.objects.filter(project__isnull=False).first().rule
    assert f'<option value="{code}">{code} {RULES[code].title}</option>' in html
