"""The review report: grouping, counts, grade rule, profile switches, text/JSON/HTML output."""

from decimal import Decimal

import pytest

from answer_key import plan_from_answer_key
from jixiao.domain import jsonio
from jixiao.domain.profile import ProfileError, load_profile
from jixiao.review import Criterion, Grade, Severity, review_plan
from jixiao.review.examples import added, plan_of, project, row, well_formed_rows, with_row
from jixiao.review.render import render_html, render_text


def profile_with(tmp_path, text):
    path = tmp_path / "province.toml"
    path.write_text('name = "province"\nextends = "national"\n' + text, encoding="utf-8")
    return load_profile(path)


def grade_of(rows=None, **kw):
    report = review_plan(plan_of(project(rows=rows, **kw)))
    return report.project_grade(1).grade


# --- grade rule ----------------------------------------------------------------------------


def test_grade_excellent_with_no_findings_or_only_info():
    assert grade_of() is Grade.EXCELLENT
    generic = with_row(6, row("满意度指标", "服务对象满意度指标", "满意度", "≥90%"))  # info only
    assert grade_of(generic) is Grade.EXCELLENT


def test_grade_good_with_warnings_only():
    assert grade_of(with_row(0, row("产出指标", "数量指标", "签约项目", "15"))) is Grade.GOOD


def test_grade_fair_with_one_to_four_errors():
    one = added(row("效益指标", "社会效益指标", "新增就业岗位", None))
    assert grade_of(one) is Grade.FAIR


def test_grade_poor_with_five_errors():
    empties = added(*(row("效益指标", "社会效益指标", f"指标{n}", None) for n in range(5)))
    report = review_plan(plan_of(project(rows=empties)))
    assert report.counts()[Severity.ERROR] == 5
    assert report.project_grade(1).grade is Grade.POOR
    assert "错误 ≥ 5 → 差" in report.project_grade(1).reason


def test_grade_poor_when_a_whole_level1_group_is_missing():
    rows = [i for i in well_formed_rows() if i.level1 != "产出指标"]
    result = review_plan(plan_of(project(rows=rows))).project_grade(1)
    assert result.grade is Grade.POOR
    assert result.reason.startswith("错误 1，警告 0，提示 0；规则：出现 missing-level1")


def test_plan_grade_is_the_worst_project_by_default():
    bad = project(
        "2", "扶持资金", added(row("效益指标", "社会效益指标", "x", None)), purpose="扶持"
    )
    report = review_plan(plan_of(project(), bad))
    assert [report.project_grade(i).grade for i in (1, 2)] == [Grade.EXCELLENT, Grade.FAIR]
    assert report.plan_grade.grade is Grade.FAIR
    assert report.plan_grade.reason.startswith("各项目中最低：项目 2 扶持资金")


def test_plan_grade_pooled_counts_all_findings_together(tmp_path):
    # three projects with two empty targets each: 6 errors in all → 差 when pooled,
    # but each project alone has 2 errors → 中
    prof = profile_with(tmp_path, '[review.grade]\nplan = "pooled"\n')
    projects = [
        project(
            str(n),
            "项目",
            added(
                row("效益指标", "社会效益指标", f"a{n}", None),
                row("效益指标", "社会效益指标", f"b{n}", None),
            ),
        )
        for n in (1, 2, 3)
    ]
    report = review_plan(plan_of(*projects), prof)
    assert report.project_grade(1).grade is Grade.FAIR
    assert report.plan_grade.grade is Grade.POOR


def test_grade_rule_needs_a_condition(tmp_path):
    prof = profile_with(tmp_path, '[[review.grade.rules]]\ngrade = "差"\n')
    with pytest.raises(ProfileError, match="没有任何条件"):
        review_plan(plan_of(project()), prof)


# --- profile switches and thresholds -------------------------------------------------------


def test_a_profile_switches_a_check_off(tmp_path):
    rows = [i for i in well_formed_rows() if i.level1 != "满意度指标"]
    prof = profile_with(tmp_path, "[review.checks.missing-satisfaction]\nenabled = false\n")
    assert review_plan(plan_of(project(rows=rows))).of_check("missing-satisfaction")
    report = review_plan(plan_of(project(rows=rows)), prof)
    assert report.of_check("missing-satisfaction") == []
    assert "missing-satisfaction" not in report.checks


def test_a_profile_changes_a_severity(tmp_path):
    prof = profile_with(tmp_path, '[review.checks.missing-basis]\nseverity = "info"\n')
    rows = with_row(0, row("产出指标", "数量指标", "签约项目", "15个", basis=None))
    [f] = review_plan(plan_of(project(rows=rows)), prof).of_check("missing-basis")
    assert f.severity is Severity.INFO


def test_a_profile_raises_the_copy_paste_threshold(tmp_path):
    # the seed's projects have similarity 7/11 = 0.64: reported at 0.6, not at 0.7
    plan = plan_from_answer_key()
    assert review_plan(plan).of_check("copied-indicator-set")
    prof = profile_with(tmp_path, "[review.checks.copied-indicator-set]\nsimilarity = 0.7\n")
    assert review_plan(plan, prof).of_check("copied-indicator-set") == []


def test_a_profile_adds_a_vague_word(tmp_path):
    rows = added(row("效益指标", "社会效益指标", "扩大开放", "得到认可"))
    assert review_plan(plan_of(project(rows=rows))).of_check("vague-wording") == []
    prof = profile_with(tmp_path, '[review.checks.vague-wording]\nwords = ["促进", "扩大"]\n')
    [f] = review_plan(plan_of(project(rows=rows)), prof).of_check("vague-wording")
    assert f.data["word"] == "扩大"


def test_unknown_check_in_a_profile_is_a_clear_error(tmp_path):
    prof = profile_with(tmp_path, "[review.checks.empty-taget]\nenabled = false\n")
    with pytest.raises(ProfileError, match="未知的审核规则 empty-taget"):
        review_plan(plan_of(project()), prof)


def test_a_missing_threshold_is_a_clear_error(tmp_path):
    prof = profile_with(tmp_path, "")
    data = dict(prof.data)
    review = dict(data["review"])
    checks = dict(review["checks"])
    checks["copied-indicator-set"] = {"min_rows": 3}
    review["checks"] = checks
    data["review"] = review
    broken = type(prof)(prof.name, prof.title, prof.chain, data)
    with pytest.raises(ProfileError, match=r"copied-indicator-set\] 缺少设置项 'similarity'"):
        review_plan(plan_of(project(), project("2", "乙")), broken)


def test_review_can_run_selected_checks_only():
    report = review_plan(plan_from_answer_key(), checks=["empty-target"])
    assert {f.check for f in report.findings} == {"empty-target"}
    assert len(report.findings) == 3


# --- grouping, order, flat rows ------------------------------------------------------------


def test_findings_are_ordered_plan_first_then_projects_and_rows():
    report = review_plan(plan_from_answer_key())
    keys = [
        (
            f.location.project_index or 0,
            f.location.sub_goal_index or 0,
            f.location.indicator_index or 0,
        )
        for f in report.findings
    ]
    assert keys == sorted(keys)
    assert report.findings[0].location.project_index is None


def test_grouping_and_counts_add_up():
    report = review_plan(plan_from_answer_key())
    groups = report.by_project()
    assert list(groups) == [None, 1, 2]
    assert sum(len(v) for v in groups.values()) == len(report.findings)
    by_criterion = report.by_criterion()
    assert list(by_criterion) == [c for c in Criterion if c in by_criterion]  # fixed order
    assert sum(report.counts().values()) == len(report.findings)


def test_rows_are_flat():
    report = review_plan(plan_from_answer_key())
    rows = report.rows()
    assert len(rows) == len(report.findings)
    misplaced = [r for r in rows if r["check"] == "misplaced-execution-rate"]
    assert [(r["project_code"], r["row"], r["level3"]) for r in misplaced] == [
        ("103001001", 5, "预算资金完成率"),
        ("103001002", 4, "预算资金完成率"),
    ]
    assert all(isinstance(v, str | int | type(None)) for r in rows for v in r.values())


def test_json_has_summary_projects_and_exact_numbers():
    data = jsonio.loads(review_plan(plan_from_answer_key()).to_json())
    assert data["format"] == "jixiao.review"
    assert data["summary"]["grade"] == "中"
    assert [p["grade"] for p in data["projects"]] == ["中", "中"]
    assert data["summary"]["counts"]["error"] == sum(p["counts"]["error"] for p in data["projects"])
    [ratio] = [
        f for p in data["projects"] for f in p["findings"] if f["check"] == "money-target-ratio"
    ]
    assert ratio["data"]["ratio"] == "1733.33"
    assert ratio["location"]["row"] == 2
    assert len(data["plan_findings"]) == 5


# --- text and HTML -------------------------------------------------------------------------


def test_text_report_is_chinese_and_cites_rows():
    text = render_text(review_plan(plan_from_answer_key()))
    assert "目标审核报告" in text
    assert "建议等级：中" in text
    assert "━━ 项目 103001001 招商费用" in text
    assert "错误 第5条指标 (产出指标 › 成本指标 › 预算资金完成率)" in text
    assert "原文：开发区经济稳步发展 100%" in text
    assert all(line == line.rstrip() for line in text.splitlines())


def test_text_report_does_not_interpret_markup_in_user_text():
    rows = added(row("效益指标", "社会效益指标", "[bold red]注入[/]", None))
    text = render_text(review_plan(plan_of(project(rows=rows))))
    assert "指标“[bold red]注入[/]”没有填写指标值" in text


def test_html_escapes_user_text_and_is_standalone():
    rows = added(row("效益指标", "社会效益指标", "<script>alert(1)</script>", None))
    page = render_html(review_plan(plan_of(project(rows=rows))))
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "http" not in page  # no external resources


def test_html_lists_every_project_and_finding():
    report = review_plan(plan_from_answer_key())
    page = render_html(report)
    for f in report.findings:
        assert f'<code class="muted">{f.check}</code>' in page
    assert page.count("<h2>项目 ") == 2
    assert "部门整体" in page


def test_decimal_thresholds_come_from_the_profile_text():
    # 0.6 in TOML is a float; the check compares with Decimal("0.6"), never a binary float
    from jixiao.review.catalogue import check_class

    check = check_class("copied-indicator-set")(
        load_profile().section("review")["checks"]["copied-indicator-set"], load_profile()
    )
    assert check.number("similarity") == Decimal("0.6")
