"""The review on the seed document's plan (answer key): what issue 4 says it must report.

The full report is held in ``tests/snapshots/review_seed.json``; after an intended change,
regenerate it with ``JIXIAO_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_review_seed.py``
and review the diff.
"""

import os
from pathlib import Path

import pytest

from answer_key import plan_from_answer_key
from jixiao.review import Scope, Severity, review_plan

SNAPSHOT = Path(__file__).parent / "snapshots" / "review_seed.json"
P1, P2 = "103001001", "103001002"


@pytest.fixture(scope="module")
def report():
    return review_plan(plan_from_answer_key())


def at(report, check, code=None, level3=None, level2=None):
    return [
        f
        for f in report.of_check(check)
        if (code is None or f.location.project_code == code)
        and (level3 is None or f.location.level3 == level3)
        and (level2 is None or f.location.level2 == level2)
    ]


def test_project1_empty_ecological_row(report):
    [f] = at(report, "empty-indicator-row", P1, level2="生态效益指标")
    assert f.location.indicator_index == 8
    assert f.severity is Severity.ERROR
    assert at(report, "empty-indicator-row", P2) == []


@pytest.mark.parametrize("name", ["促进经济增长", "开发区经济稳步发展"])
def test_project1_missing_values(report, name):
    [f] = at(report, "empty-target", P1, level3=name)
    assert f.quoted == name and f.severity is Severity.ERROR


def test_project2_statement_with_a_value_is_not_an_empty_target(report):
    assert at(report, "empty-target", P2, level3="开发区经济稳步发展") == []
    assert [f.location.level3 for f in at(report, "empty-target", P2)] == ["促进经济增长"]


@pytest.mark.parametrize("code", [P1, P2])
def test_execution_rate_used_as_cost_indicator_in_both_projects(report, code):
    [f] = at(report, "misplaced-execution-rate", code)
    assert f.location.level2 == "成本指标" and f.location.level3 == "预算资金完成率"
    assert f.quoted == "预算资金完成率 90%以上"
    assert "被用作成本指标" in f.message


def test_project2_percentage_for_the_statement(report):
    [f] = at(report, "percent-for-statement")
    assert f.location.project_code == P2
    assert f.quoted == "开发区经济稳步发展 100%"


def test_the_two_projects_share_the_same_indicator_set(report):
    [f] = report.of_check("copied-indicator-set")
    assert f.location.project_code == P2
    assert f.data["other"] == f"{P1} 招商费用"
    # names: 7 shared of 9 + 9 - 7 = 11 distinct → 7/11 = 0.636…; 6 rows equal with value too
    assert (f.data["shared"], f.data["identical"], f.data["similarity"]) == (7, 6, "0.64")


def test_sub_goals_indicators_without_target_values(report):
    found = report.of_check("subgoal-without-targets")
    assert [f.location.sub_goal_index for f in found] == [1, 2, 3, 4, 5]
    assert found[1].data["names"] == "组织参展参会企业个数、企业参展签订意向合同金额"
    assert all(f.location.scope is Scope.SUB_GOAL for f in found)


@pytest.mark.parametrize(
    "code, name",
    [
        (P1, "签约项目"),
        (P1, "投资者满意度"),
        (P2, "投资者满意度"),
        (P1, "项目完成率"),
        (P1, "完成时间"),
        (P2, "增加就业"),
        (P2, "项目实施是否破坏我市生态环境"),
    ],
)
def test_no_error_or_warning_on_well_formed_rows(report, code, name):
    serious = [
        f
        for f in report.findings
        if f.location.project_code == code
        and f.location.level3 == name
        and f.severity in (Severity.ERROR, Severity.WARNING)
    ]
    assert serious == []


def test_every_finding_cites_its_place_and_text(report):
    for f in report.findings:
        assert f.quoted, f
        if f.location.scope is Scope.INDICATOR:
            assert f.location.project_code and f.location.indicator_index, f
        elif f.location.scope is Scope.PROJECT:
            assert f.location.project_code, f
        elif f.location.scope is Scope.SUB_GOAL:
            assert f.location.sub_goal_title, f


def test_seed_grades(report):
    # project 1: 4 errors (empty row, two empty values, execution rate) → 中
    # project 2: 2 errors (empty value, execution rate) → 中; the plan takes the worst → 中
    assert report.counts(report.project_findings(1))[Severity.ERROR] == 4
    assert report.counts(report.project_findings(2))[Severity.ERROR] == 2
    assert [report.project_grade(i).grade.value for i in (1, 2)] == ["中", "中"]
    assert report.plan_grade.grade.value == "中"


def test_seed_report_snapshot(report):
    text = report.to_json() + "\n"
    if os.environ.get("JIXIAO_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.exists(), "snapshot missing: run with JIXIAO_UPDATE_SNAPSHOTS=1"
    assert text == SNAPSHOT.read_text(encoding="utf-8")
