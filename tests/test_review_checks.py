"""Each review check: a small hand-built plan on which it fires, and one on which it does not.

The plans start from the well-formed project of ``jixiao.review.examples`` (a complete
table on which no check fires) and change one thing, so every test reads like an example.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.domain.model import Leftover, SourceRef, SubGoal
from jixiao.domain.target import Comparator, ComparatorSource, Target, TargetKind
from jixiao.review import Criterion, Finding, Scope, Severity, catalogue, review_plan
from jixiao.review.examples import (
    added,
    plan_of,
    project,
    row,
    well_formed_rows,
    with_row,
)


def run(plan, check: str) -> list[Finding]:
    """The findings of one check when the whole review runs on ``plan``."""
    return review_plan(plan).of_check(check)


def one_project(rows=None, **kw):
    return plan_of(project(rows=rows, **kw))


def test_the_well_formed_project_has_no_findings_at_all():
    report = review_plan(plan_of(project()))
    assert report.findings == []
    assert report.plan_grade.grade.value == "优"


# --- 完整性 --------------------------------------------------------------------------------


def test_missing_level1_fires_for_a_table_without_benefit_indicators():
    rows = [i for i in well_formed_rows() if i.level1 != "效益指标"]
    [f] = run(one_project(rows), "missing-level1")
    assert f.severity is Severity.ERROR and f.criterion is Criterion.COMPLETENESS
    assert f.message == "项目没有“效益指标”：绩效指标表缺少这一类一级指标"
    assert f.location.project_code == "103001001"


def test_missing_level1_accepts_the_alias_xiaoguo_zhibiao():
    rows = [
        row("效果指标", r.level2, r.level3, r.target) if r.level1 == "效益指标" else r
        for r in well_formed_rows()
    ]
    assert run(one_project(rows), "missing-level1") == []


def test_missing_level1_ignores_blank_rows_of_the_group():
    rows = [i for i in well_formed_rows() if i.level1 != "效益指标"]
    rows.append(row("效益指标", "生态效益指标", None, None))
    [f] = run(one_project(rows), "missing-level1")
    assert f.data["level1"] == "效益指标"


def test_missing_satisfaction_fires_and_not():
    rows = [i for i in well_formed_rows() if i.level1 != "满意度指标"]
    [f] = run(one_project(rows), "missing-satisfaction")
    assert f.severity is Severity.WARNING
    assert run(one_project(), "missing-satisfaction") == []


def test_missing_output_level2_names_each_missing_category():
    rows = [i for i in well_formed_rows() if i.level2 not in ("时效指标", "成本指标")]
    found = run(one_project(rows), "missing-output-level2")
    assert [f.data["level2"] for f in found] == ["时效指标", "成本指标"]
    assert found[0].message == "“产出指标”下没有“时效指标”"


def test_missing_output_level2_accepts_cost_as_a_level1_group():
    # 财预〔2021〕101号: 成本指标 as its own level-1 group with 经济成本指标 under it.
    rows = with_row(3, row("成本指标", "经济成本指标", "单个展会参展成本", "≤30万元"))
    assert run(one_project(rows), "missing-output-level2") == []
    assert run(one_project(rows), "unknown-category") == []


def test_empty_indicator_row_fires_on_a_row_with_only_its_categories():
    rows = added(row("效果指标", "生态效益指标", None, None, basis="工作要求", line=57))
    [f] = run(one_project(rows), "empty-indicator-row")
    assert f.location.indicator_index == 8
    assert f.location.source == SourceRef(file="示例.txt", line=57)
    assert f.quoted == "效果指标 › 生态效益指标"
    assert "第8条指标是空行" in f.message


def test_empty_indicator_row_is_the_only_finding_on_a_blank_row():
    rows = added(row("效益指标", "生态效益指标", None, None))
    report = review_plan(one_project(rows))
    assert [f.check for f in report.findings] == ["empty-indicator-row"]


def test_empty_indicator_row_does_not_fire_on_a_filled_row():
    rows = added(row("效益指标", "生态效益指标", "项目实施是否破坏生态环境", "否"))
    assert run(one_project(rows), "empty-indicator-row") == []


def test_missing_indicator_name_fires_and_not():
    rows = added(row("效益指标", "社会效益指标", None, "3次", description=None))
    [f] = run(one_project(rows), "missing-indicator-name")
    assert f.message == "第8条指标没有三级指标名称（指标值“3次”）"
    assert run(one_project(), "missing-indicator-name") == []


def test_empty_target_fires_on_a_named_row_without_value():
    rows = added(row("效果指标", "经济效益指标", "促进经济增长", None))
    [f] = run(one_project(rows), "empty-target")
    assert f.severity is Severity.ERROR
    assert f.message == "指标“促进经济增长”没有填写指标值"
    assert f.quoted == "促进经济增长"
    assert f.location.level_path == "效果指标 › 经济效益指标 › 促进经济增长"
    assert f.location.field == "指标值"


def test_empty_target_does_not_fire_on_a_boolean_value():
    rows = added(row("效益指标", "生态效益指标", "项目实施是否破坏生态环境", "否"))
    assert run(one_project(rows), "empty-target") == []


def test_missing_basis_fires_and_not():
    rows = with_row(0, row("产出指标", "数量指标", "签约项目", "15个", basis=None))
    [f] = run(one_project(rows), "missing-basis")
    assert f.location.indicator_index == 1 and f.quoted == "签约项目"
    assert run(one_project(), "missing-basis") == []


@pytest.mark.parametrize(
    "check, change",
    [
        ("missing-goal", {"goal": None}),
        ("missing-goal", {"goal": "  "}),
        ("missing-budget", {"budget_wan": None}),
        ("missing-budget", {"budget_wan": "0", "purpose": "主要用于招商。"}),
        ("missing-purpose", {"purpose": None}),
        ("missing-spending-plan", {"plan": ()}),
    ],
)
def test_project_parts_missing(check, change):
    [f] = run(one_project(**change), check)
    assert f.location.scope is Scope.PROJECT
    assert f.location.indicator_index is None
    assert f.quoted == "103001001 招商费用"
    assert run(one_project(), check) == []


def test_missing_budget_says_zero_when_zero():
    [f] = run(one_project(budget_wan="0", purpose="主要用于招商。"), "missing-budget")
    assert f.message == "项目没有预算数（填写为 0万元）"


def test_leftover_content_cites_the_source_line():
    leftover = Leftover(
        "附件：招商项目清单（略）", SourceRef(file="seed.txt", line=212), "不属于任何表格"
    )
    [f] = run(plan_of(project(), leftovers=[leftover]), "leftover-content")
    assert f.severity is Severity.INFO
    assert f.quoted == "附件：招商项目清单（略）"
    assert f.location.source == SourceRef(file="seed.txt", line=212)
    assert "seed.txt 第212行" in f.location.describe()
    assert run(plan_of(project()), "leftover-content") == []


# --- 可衡量性 ------------------------------------------------------------------------------


def test_qualitative_value_in_a_quantity_category():
    rows = with_row(1, row("产出指标", "质量指标", "项目验收", "符合要求"))
    [f] = run(one_project(rows), "qualitative-in-quantitative")
    assert f.message == "“质量指标”应为定量指标，但“项目验收”的指标值“符合要求”是定性表述"
    # the same statement under 社会效益 (expected_kind any) is not this check's business
    rows = added(row("效益指标", "社会效益指标", "营商环境", "效果明显"))
    assert run(one_project(rows), "qualitative-in-quantitative") == []


def test_unitless_value_fires_and_not():
    rows = with_row(0, row("产出指标", "数量指标", "签约项目", "15"))
    [f] = run(one_project(rows), "unitless-value")
    assert f.quoted == "15" and f.location.field == "度量单位"
    assert run(one_project(), "unitless-value") == []


def test_vague_wording_fires_when_the_value_does_not_measure():
    rows = added(row("效果指标", "可持续性影响", "开发区经济稳步发展", None))
    [f] = run(one_project(rows), "vague-wording")
    assert f.data["word"] == "稳步发展"
    assert (
        f.message
        == "指标“开发区经济稳步发展”用了笼统的“稳步发展”，却没有可衡量的指标值（指标值未填）"
    )


def test_vague_wording_is_accepted_with_a_measure_or_a_grade():
    measured = added(row("效益指标", "经济效益指标", "促进外贸进出口额增长", "≥5%"))
    graded = added(row("效益指标", "经济效益指标", "促进经济增长", "显著提升"))
    assert run(one_project(measured), "vague-wording") == []
    assert run(one_project(graded), "vague-wording") == []


def test_ungraded_qualitative_fires_and_not():
    rows = added(row("效益指标", "社会效益指标", "营商环境", "得到社会认可"))
    [f] = run(one_project(rows), "ungraded-qualitative")
    assert f.quoted == "得到社会认可"
    graded = added(row("效益指标", "社会效益指标", "营商环境", "效果明显"))
    assert run(one_project(graded), "ungraded-qualitative") == []


def test_ungraded_qualitative_gives_way_to_vague_wording_on_the_same_row():
    rows = added(row("效益指标", "社会效益指标", "推动营商环境", "得到社会认可"))
    report = review_plan(one_project(rows))
    assert report.of_check("vague-wording") and not report.of_check("ungraded-qualitative")


def test_suspected_comparator_fires_and_not():
    damaged = Target(
        raw="290%",
        kind=TargetKind.QUANTITATIVE,
        comparator=Comparator.GE,
        comparator_source=ComparatorSource.SUSPECTED,
        value=Decimal(290),
        unit="%",
        notes=("可能为≥90%",),
    )
    rows = with_row(1, row("产出指标", "质量指标", "项目验收合格率", damaged))
    [f] = run(one_project(rows), "suspected-comparator")
    assert f.message == "指标“项目验收合格率”的指标值“290%”疑似有误：可能为≥90%"
    assert run(one_project(), "suspected-comparator") == []


# --- 类型匹配 ------------------------------------------------------------------------------


def test_percent_for_statement_fires_on_kaifaqu_jingji_wenbu_fazhan_100():
    rows = added(row("效果指标", "可持续性影响", "开发区经济稳步发展", "100%"))
    [f] = run(one_project(rows), "percent-for-statement")
    assert f.quoted == "开发区经济稳步发展 100%"
    assert f.location.indicator_index == 8


@pytest.mark.parametrize(
    "name, value",
    [
        ("项目完成率", "100%"),
        ("投资者满意度", "95%以上"),
        ("开发区经济增长率", "≥6%"),
        ("外资占比", "≥20%"),
    ],
)
def test_percent_for_statement_does_not_fire_on_rates(name, value):
    rows = added(row("效益指标", "可持续影响指标", name, value))
    assert run(one_project(rows), "percent-for-statement") == []


def test_date_for_quantity_fires_and_not():
    rows = with_row(0, row("产出指标", "数量指标", "签约项目", "2023年底"))
    [f] = run(one_project(rows), "date-for-quantity")
    assert f.data == {"level2": "数量指标", "name": "签约项目", "value": "2023年底"}
    assert run(one_project(), "date-for-quantity") == []


def test_cost_not_money_fires_on_a_percentage_cost():
    rows = with_row(3, row("产出指标", "成本指标", "参展成本节约率", "≥5%"))
    [f] = run(one_project(rows), "cost-not-money")
    assert f.message == "成本指标“参展成本节约率”的指标值“≥5%”不是金额"


@pytest.mark.parametrize("value", ["≤30万元", "500元/人", "≤0.3亿元"])
def test_cost_not_money_accepts_amounts_and_unit_costs(value):
    rows = with_row(3, row("产出指标", "成本指标", "参展成本", value))
    assert run(one_project(rows), "cost-not-money") == []


def test_cost_not_money_gives_way_to_misplaced_execution_rate():
    rows = with_row(3, row("产出指标", "成本指标", "预算资金完成率", "90%以上"))
    report = review_plan(one_project(rows))
    assert report.of_check("misplaced-execution-rate")
    assert report.of_check("cost-not-money") == []


def test_timeliness_without_time_fires_and_not():
    rows = with_row(2, row("产出指标", "时效指标", "完成时间", "100%"))
    [f] = run(one_project(rows), "timeliness-without-time")
    assert f.quoted == "100%"
    rate = with_row(2, row("产出指标", "时效指标", "资金兑现及时率", "100%"))
    assert run(one_project(rate), "timeliness-without-time") == []
    assert run(one_project(), "timeliness-without-time") == []


def test_deadline_outside_year_fires_and_not():
    rows = with_row(2, row("产出指标", "时效指标", "完成时间", "2024年底"))
    [f] = run(one_project(rows), "deadline-outside-year")
    assert f.criterion is Criterion.FEASIBILITY
    assert f.data["deadline"] == "2024-12-31" and f.data["year"] == 2023
    assert run(one_project(), "deadline-outside-year") == []


def test_deadline_outside_year_needs_the_plan_year():
    rows = with_row(
        2,
        row(
            "产出指标",
            "时效指标",
            "完成时间",
            Target("2024年底", TargetKind.TIME, deadline=date(2024, 12, 31)),
        ),
    )
    assert run(plan_of(project(rows=rows), year=None), "deadline-outside-year") == []


# --- 错位指标 ------------------------------------------------------------------------------


def test_misplaced_execution_rate_as_cost_indicator():
    rows = with_row(3, row("产出指标", "成本指标", "预算资金完成率", "90%以上"))
    [f] = run(one_project(rows), "misplaced-execution-rate")
    assert f.severity is Severity.ERROR and f.criterion is Criterion.RELEVANCE
    assert f.message.startswith("“预算资金完成率”是预算执行类指标，却被用作成本指标")
    assert f.quoted == "预算资金完成率 90%以上"
    assert "成本指标”应填写以金额表示的成本" in f.suggestion


def test_misplaced_execution_rate_elsewhere_suggests_an_output():
    rows = added(row("产出指标", "质量指标", "资金支付率", "100%"))
    [f] = run(one_project(rows), "misplaced-execution-rate")
    assert "被用作质量指标" in f.message
    assert f.suggestion == "删除该行；改为衡量产出或效益的指标"


def test_misplaced_execution_rate_does_not_fire_on_other_rates():
    assert run(one_project(), "misplaced-execution-rate") == []  # 项目验收合格率 is fine


# --- 一致性 --------------------------------------------------------------------------------


def test_spending_plan_decreasing():
    p = one_project(plan=(("3月底", 3, "30"), ("6月底", 6, "20"), ("12月底", 12, "100")))
    [f] = run(p, "spending-plan-decreasing")
    assert f.message == "资金支出计划是累计进度，但6月底 20% 低于3月底 30%"
    assert f.quoted == "3月底 30%，6月底 20%，12月底 100%"
    assert run(one_project(), "spending-plan-decreasing") == []


def test_spending_plan_out_of_range():
    p = one_project(plan=(("6月底", 6, "-5"), ("12月底", 12, "100")))
    [f] = run(p, "spending-plan-out-of-range")
    assert f.message == "资金支出计划 6月底 为 -5%，不在 0%–100% 之间"
    assert run(one_project(), "spending-plan-out-of-range") == []


def test_spending_plan_incomplete():
    p = one_project(plan=(("6月底", 6, "50"), ("12月底", 12, "90")))
    [f] = run(p, "spending-plan-incomplete")
    assert f.message == "资金支出计划最后一个时点 12月底 为 90%，应为 100%"
    assert run(one_project(), "spending-plan-incomplete") == []


def test_fund_sources_mismatch_shows_the_numbers():
    # 100 + 30 = 130 万元 against 150 万元: 20 万元 short
    p = one_project(sources=[("财政拨款", "100"), ("其他资金", "30")])
    [f] = run(p, "fund-sources-mismatch")
    assert f.message == "各资金来源合计 130万元，与预算数 150万元 不符（相差 20万元）"
    assert f.quoted == "预算数 150万元；财政拨款 100万元，其他资金 30万元"
    ok = one_project(sources=[("财政拨款", "120"), ("其他资金", "30")])
    assert run(ok, "fund-sources-mismatch") == []


def test_purpose_budget_mismatch_reads_the_purpose_text():
    p = one_project(purpose="预算数 200 万元。全部为财政资金。主要用于招商引资。")
    [f] = run(p, "purpose-budget-mismatch")
    assert f.message == "资金用途说明写的预算数 200万元，与表内预算数 150万元 不符"
    assert f.quoted == "预算数 200 万元"


@pytest.mark.parametrize(
    "purpose",
    [
        "预算数 150 万元。全部为财政资金。主要用于全区招商引资相关工作。",
        "预算数1500000元，主要用于招商。",  # same amount in 元
        "主要用于全区招商引资相关工作。",  # no amount stated: nothing to compare
    ],
)
def test_purpose_budget_mismatch_does_not_fire_when_equal_or_absent(purpose):
    assert run(one_project(purpose=purpose), "purpose-budget-mismatch") == []


# --- 雷同 ----------------------------------------------------------------------------------


def test_copied_indicator_set_between_two_projects():
    first = project()
    second = project(
        "103001002", "扶持资金", well_formed_rows(), budget_wan="8000", purpose="主要用于企业扶持。"
    )
    [f] = run(plan_of(first, second), "copied-indicator-set")
    assert f.location.project_code == "103001002"
    assert f.data["other"] == "103001001 招商费用"
    assert (f.data["shared"], f.data["identical"], f.data["similarity"]) == (7, 7, "1")


def test_copied_indicator_set_reports_each_later_project_once():
    copies = [project(str(n), f"项目{n}", purpose="主要用于招商。") for n in range(1, 5)]
    found = run(plan_of(*copies), "copied-indicator-set")
    # project 2 against 1; 3 against 1 (and 2); 4 against 1 (and 2, 3)
    assert [(f.location.project_code, f.data["other_index"]) for f in found] == [
        ("2", 1),
        ("3", 1),
        ("4", 1),
    ]
    assert found[-1].message.endswith("；另与前面 2 个项目也雷同")


def test_copied_indicator_set_threshold_is_jaccard_over_names():
    # second project shares 4 of the first's 7 names and adds 3 of its own:
    # 4 / (7 + 3) = 0.4 < 0.6 → not reported
    own = [
        row("产出指标", "数量指标", "扶持企业数", "≥20家"),
        row("效益指标", "经济效益指标", "受扶持企业营业收入增长率", "≥8%"),
        row("满意度指标", "服务对象满意度指标", "受扶持企业满意度", "≥90%"),
    ]
    second_rows = [*well_formed_rows()[1:4], well_formed_rows()[5], *own]
    second = project("103001002", "扶持资金", second_rows, budget_wan="8000", purpose="扶持。")
    assert run(plan_of(project(), second), "copied-indicator-set") == []


def test_boilerplate_satisfaction_generic_name_is_info():
    rows = with_row(6, row("满意度指标", "服务对象满意度指标", "满意度", "≥90%"))
    [f] = run(one_project(rows), "boilerplate-satisfaction")
    assert f.severity is Severity.INFO
    assert f.data["reason"] == "名称未指明服务对象"


def test_boilerplate_satisfaction_same_row_in_two_projects():
    other_rows = [
        *well_formed_rows()[:6],
        row("满意度指标", "服务对象满意度指标", "投资者满意度", "95%以上"),
    ]
    second = project("103001002", "扶持资金", other_rows, budget_wan="8000", purpose="扶持。")
    found = run(plan_of(project(), second), "boilerplate-satisfaction")
    assert [f.location.project_code for f in found] == ["103001001", "103001002"]
    assert "与项目 103001002 扶持资金 的指标和指标值完全相同" in found[0].message


def test_boilerplate_satisfaction_lists_at_most_three_other_projects():
    copies = [project(str(n), "项目", purpose="主要用于招商。") for n in range(1, 6)]
    first = run(plan_of(*copies), "boilerplate-satisfaction")[0]
    assert first.data["reason"] == (
        "与项目 2 项目、3 项目、4 项目 等 4 个项目 的指标和指标值完全相同"
    )


def test_boilerplate_satisfaction_does_not_fire_on_a_named_service_object():
    assert run(one_project(), "boilerplate-satisfaction") == []


# --- 比例 (适当性) -------------------------------------------------------------------------


def test_money_target_ratio_shows_the_numbers():
    # 26亿元 / 150万元 = 2 600 000 000 / 1 500 000 = 1733.33… > 100
    rows = added(row("产出指标", "数量指标", "跨境电商交易额", "26亿元"))
    [f] = run(one_project(rows), "money-target-ratio")
    assert f.criterion is Criterion.APPROPRIATENESS
    assert f.data["ratio"] == "1733.33"
    assert f.message == (
        "指标“跨境电商交易额”的金额 26亿元（2600000000 元）是项目预算 150万元（1500000 元）的 "
        "1733.33 倍，超过产出指标的上限 100 倍"
    )


def test_money_target_ratio_cost_above_the_budget():
    # 200万元 / 150万元 = 1.33 > 1
    rows = with_row(3, row("产出指标", "成本指标", "项目总成本", "≤200万元"))
    [f] = run(one_project(rows), "money-target-ratio")
    assert (f.data["ratio"], f.data["kind"], f.data["limit"]) == ("1.33", "成本指标", "1")


def test_money_target_ratio_not_fired_within_limits_or_for_unit_costs():
    within = added(row("产出指标", "数量指标", "带动社会投资", "1.5亿元"))  # 100 × 150万 exactly
    unit_cost = with_row(3, row("产出指标", "成本指标", "人均培训成本", "≤2000万元/人"))
    benefit = added(row("效益指标", "经济效益指标", "带动投资", "≥50亿元"))  # not an output
    for rows in (within, unit_cost, benefit):
        assert run(one_project(rows), "money-target-ratio") == []


# --- 部门整体 ------------------------------------------------------------------------------


def test_subgoal_without_indicators_fires_and_not():
    empty = SubGoal(title="成品油市场监管到位", goal="组织实施成品油企业年检。")
    [f] = run(plan_of(project(), sub_goals=[empty]), "subgoal-without-indicators")
    assert f.location.scope is Scope.SUB_GOAL and f.location.sub_goal_index == 1
    named = SubGoal(title="成品油市场监管到位", indicators=["办理年检案件数"])
    assert run(plan_of(project(), sub_goals=[named]), "subgoal-without-indicators") == []


def test_subgoal_without_targets_lists_the_unvalued_names():
    goal = SubGoal(
        title="持续优化服务、稳固外贸增长",
        indicators=["组织参展参会企业个数", "企业参展签订意向合同金额"],
        targets=[row("产出指标", "数量指标", "组织参展参会企业个数", "≥30家")],
    )
    [f] = run(plan_of(project(), sub_goals=[goal]), "subgoal-without-targets")
    assert f.data["names"] == "企业参展签订意向合同金额"
    assert f.location.sub_goal_title == "持续优化服务、稳固外贸增长"


def test_subgoal_with_every_target_valued_is_fine():
    goal = SubGoal(
        title="成品油市场监管到位",
        indicators=["办理年检案件数"],
        targets=[row("产出指标", "数量指标", "办理年检案件数", "≥40件")],
    )
    assert run(plan_of(project(), sub_goals=[goal]), "subgoal-without-targets") == []


def test_project_not_linked_only_when_links_exist():
    second = project("103001002", "扶持资金", budget_wan="8000", purpose="扶持。")
    linked = SubGoal(title="强抓招商引资", indicators=["签约项目"], project_codes=["103001001"])
    [f] = run(plan_of(project(), second, sub_goals=[linked]), "project-not-linked")
    assert f.location.project_code == "103001002"
    unlinked = SubGoal(title="强抓招商引资", indicators=["签约项目"])
    assert run(plan_of(project(), second, sub_goals=[unlinked]), "project-not-linked") == []


# --- 规范性 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "level1, level2, reason",
    [
        ("效益指标", "数量指标", "“数量指标”不属于“效益指标”"),
        ("产出指标", "规模指标", "二级指标“规模指标”无法识别"),
        ("绩效指标", "数量指标", "一级指标“绩效指标”无法识别"),
        ("产出指标", None, "没有二级指标"),
    ],
)
def test_unknown_category(level1, level2, reason):
    rows = added(row(level1, level2, "带动投资", "≥5亿元"))
    [f] = run(one_project(rows), "unknown-category")
    assert f.data["reason"] == reason


def test_unknown_category_accepts_aliases_and_weight_notes():
    rows = added(
        row("效果指标", "可持续性影响", "外资企业留存率", "≥90%"),
        row("产出指标（50分）", "数量指标(或建筑规模指标)", "展位数", "≥20个"),
    )
    assert run(one_project(rows), "unknown-category") == []


def test_weights_sum_fires_and_not():
    bad = [row(i.level1, i.level2, i.level3, i.target, weight="10") for i in well_formed_rows()]
    [f] = run(one_project(bad), "weights-sum")
    assert f.message == "指标权重合计 70（7 条有权重，0 条没有），应为 100 或 90"
    weights = ("20", "10", "10", "10", "15", "15", "10")  # = 90 (执行率 另计 10 分)
    good = [
        row(i.level1, i.level2, i.level3, i.target, weight=w)
        for i, w in zip(well_formed_rows(), weights, strict=True)
    ]
    assert run(one_project(good), "weights-sum") == []
    assert run(one_project(), "weights-sum") == []  # no weights at all: nothing to add up


def test_every_check_in_the_catalogue_is_tested_here():
    source = Path(__file__).read_text(encoding="utf-8")
    untested = [c.id for c in catalogue() if f'"{c.id}"' not in source]
    assert untested == []
