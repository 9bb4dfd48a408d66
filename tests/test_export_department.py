"""部门整体支出绩效目标表 (jixiao.export.department_xlsx): read back cell by cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from answer_key import load_answer_key, plan_from_answer_key
from jixiao.domain.model import FundLine, Funds, Indicator, Plan, Project, SubGoal
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.values import parse_target
from jixiao.export.department_xlsx import SHEET, write_department_xlsx
from jixiao.export.figures import department_budget


def _merged_value(ws: Worksheet, row: int, col: int) -> Any:
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return ws.cell(row=rng.min_row, column=rng.min_col).value
    return ws.cell(row=row, column=col).value


def _row_of(ws: Worksheet, text: str, col: int = 1) -> int:
    for r in range(1, ws.max_row + 1):
        if ws.cell(row=r, column=col).value == text:
            return r
    raise AssertionError(text)


def read_department(ws: Worksheet) -> dict[str, Any]:
    """What a reader of this layout gets back from the sheet."""
    out: dict[str, Any] = {"department": ws.cell(row=_row_of(ws, "部门名称"), column=3).value}
    r = _row_of(ws, "预算总额", col=2)
    out["budget"] = [ws.cell(row=r + k, column=3).value for k in range(3)]
    out["overall_goal"] = ws.cell(row=_row_of(ws, "总体绩效目标"), column=3).value
    r = _row_of(ws, "分项绩效目标") + 2
    goals: list[dict[str, Any]] = []
    while ws.cell(row=r, column=1).value != "项目支出":
        no = _merged_value(ws, r, 1)
        if not goals or goals[-1]["no"] != no:
            goals.append({"no": no, "title": _merged_value(ws, r, 2),
                          "goal": _merged_value(ws, r, 3), "indicators": [],
                          "projects": _merged_value(ws, r, 6)})
        goals[-1]["indicators"].append((ws.cell(row=r, column=4).value,
                                        ws.cell(row=r, column=5).value))
        r += 1
    out["sub_goals"] = goals
    r += 2
    projects = []
    while ws.cell(row=r, column=1).value != "合计":
        projects.append([ws.cell(row=r, column=c).value for c in range(1, 7)])
        r += 1
    out["projects"] = projects
    out["total"] = [ws.cell(row=r, column=c).value for c in range(4, 7)]
    r = _row_of(ws, "目标规划及保障措施") + 2
    measures = []
    while isinstance(ws.cell(row=r, column=1).value, int):
        measures.append((ws.cell(row=r, column=2).value, ws.cell(row=r, column=3).value))
        r += 1
    out["measures"] = measures
    out["signature"] = ws.cell(row=r + 1, column=1).value
    return out


def test_seed_department_table_reads_back(tmp_path: Path) -> None:
    plan = plan_from_answer_key()
    plan.department = "某开发区商务局"
    wb = load_workbook(write_department_xlsx(plan, tmp_path / "dept.xlsx"))
    assert wb.sheetnames == [SHEET]
    ws = wb[SHEET]
    assert ws["A1"].value == "部门整体支出绩效目标表"
    assert ws["A2"].value == "（2023年度）"
    back = read_department(ws)
    key = load_answer_key()
    assert back["department"] == "某开发区商务局"
    assert back["budget"] == [8150, 8150, None]  # 150 + 8000 万元, all fiscal
    assert back["overall_goal"] == plan.overall_goal
    assert [g["title"] for g in back["sub_goals"]] == [g["title"] for g in key["sub_goals"]]
    assert [g["goal"] for g in back["sub_goals"]] == [g["goal"] for g in key["sub_goals"]]
    assert [[name for name, _ in g["indicators"]] for g in back["sub_goals"]] == [
        g["indicators"] for g in key["sub_goals"]
    ]
    assert back["sub_goals"][1]["no"] == 2  # merged over its two indicator rows
    assert back["projects"] == [
        [1, "103001001", "招商费用", 150, 150, None],
        [2, "103001002", "扶持资金", 8000, 8000, None],
    ]
    assert back["total"] == [8150, 8150, None]
    assert [m for m, _ in back["measures"]] == key["measures"]
    assert back["signature"] == "填报人："
    assert ws.page_setup.orientation == "portrait"
    assert int(ws.page_setup.paperSize) == 9


def _several_sources() -> Plan:
    target = Indicator(None, None, "办理年检案件数", None, parse_target("≥120件"))
    return Plan(
        year=2024,
        department="某局",
        overall_goal="总体目标",
        sub_goals=[SubGoal("成品油市场监管到位", "组织实施成品油企业年检。",
                           indicators=["办理年检案件数", "抽检合格率"], targets=[target],
                           project_codes=["A", "B"])],
        projects=[
            Project("A", "甲", funds=Funds(Money(Decimal("120")), [
                FundLine("财政拨款", Money(Decimal("100"))),
                FundLine("其他资金", Money(Decimal("20")))])),
            Project("B", "乙", funds=Funds(Money(Decimal("500000"), MoneyUnit.YUAN), [
                FundLine("财政拨款", Money(Decimal("200000"), MoneyUnit.YUAN)),
                FundLine("上级补助", Money(Decimal("300000"), MoneyUnit.YUAN))])),
        ],
    )


def test_sub_goal_targets_and_money_from_several_sources(tmp_path: Path) -> None:
    plan = _several_sources()
    budget = department_budget(plan)
    assert budget.total == Money(Decimal("170"))  # 120 + 50 万元
    assert budget.fiscal == Money(Decimal("120"))  # 100 + 20
    assert budget.other == Money(Decimal("50"))  # 20 + 30
    back = read_department(load_workbook(write_department_xlsx(plan, tmp_path / "d.xlsx"))[SHEET])
    assert back["budget"] == [170, 120, 50]
    goal = back["sub_goals"][0]
    # the typed target first (with its value as written), then names not among the targets
    assert goal["indicators"] == [("办理年检案件数", "≥120件"), ("抽检合格率", None)]
    assert goal["projects"] == "A、B"
    assert back["projects"][1] == [2, "B", "乙", 50, 20, 30]
    assert back["total"] == [170, 120, 50]


def _fiscal_other(p: Project) -> tuple[Decimal, Decimal]:
    fiscal = sum((f.amount.to_yuan() for f in p.funds.lines if f.source == "财政拨款"),
                 Decimal(0))
    other = sum((f.amount.to_yuan() for f in p.funds.lines if f.source != "财政拨款"),
                Decimal(0))
    return fiscal, other


@pytest.mark.parametrize("which", ["seed", "several sources"])
def test_department_table_round_trips_through_the_file_ingester(tmp_path: Path,
                                                                which: str) -> None:
    """Export, then import with parse_document: the department part of the plan comes back.

    The project list comes back as projects with code, name and funds (总额, 财政拨款 and
    the other sources together as 其他资金, in 万元) and no indicators.
    """
    from jixiao.ingest.files import parse_document

    if which == "seed":
        plan = plan_from_answer_key()
        plan.department = "某开发区商务局"
    else:
        plan = _several_sources()
    back = parse_document(write_department_xlsx(plan, tmp_path / "dept.xlsx"))
    assert back.leftovers == []
    assert (back.department, back.year, back.overall_goal) == (
        plan.department, plan.year, plan.overall_goal)
    assert [(g.title, g.goal, g.indicators, g.project_codes) for g in back.sub_goals] == [
        (g.title, g.goal, g.indicators, g.project_codes) for g in plan.sub_goals]
    for mine, theirs in zip(back.sub_goals, plan.sub_goals, strict=True):
        assert [(t.level3, t.target.raw, t.target.kind, t.target.comparator, t.target.value,
                 t.target.unit) for t in mine.targets] == [
            (t.level3, t.target.raw, t.target.kind, t.target.comparator, t.target.value,
             t.target.unit) for t in theirs.targets]
        assert all(t.source is not None and t.source.sheet == SHEET and t.source.cell
                   for t in mine.targets)
    assert [(m.title, m.text) for m in back.measures] == [(m.title, m.text) for m in plan.measures]
    assert [(p.code, p.name) for p in back.projects] == [(p.code, p.name) for p in plan.projects]
    for mine_p, theirs_p in zip(back.projects, plan.projects, strict=True):
        assert mine_p.indicators == []
        assert mine_p.funds.total is not None and theirs_p.funds.total is not None
        assert mine_p.funds.total.to_yuan() == theirs_p.funds.total.to_yuan()
        assert mine_p.funds.total.unit is MoneyUnit.WAN  # the sheet's 单位：万元
        assert _fiscal_other(mine_p) == _fiscal_other(theirs_p)
        assert mine_p.source is not None and mine_p.source.sheet == SHEET and mine_p.source.cell
