"""部门整体支出绩效目标表 as an Excel workbook (one sheet, A4 portrait).

Sections, top to bottom::

    部门整体支出绩效目标表 / （2023年度） / 填报单位 … 单位：万元
    部门名称
    年度预算   预算总额 / 其中：财政拨款 / 其他资金      (sums over the plan's projects)
    总体绩效目标
    分项绩效目标   序号 | 分项绩效目标 | 绩效目标 | 绩效指标 | 指标值 | 关联项目
    项目支出       序号 | 项目编码 | 项目名称 | 年度资金总额 | 其中：财政拨款 | 其他资金, 合计
    目标规划及保障措施   序号 | 保障措施 | 主要内容 | 完成情况 | 佐证材料
    填报人： 审核人： 填报日期：

Department money is the sum over projects in 万元 (DOMAIN.md §6); 完成情况 and 佐证材料 of the
measures are left for the unit to fill in (the checklist of management measures).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.domain.model import Plan, SubGoal
from jixiao.domain.text import normalize
from jixiao.export import sheets as sh
from jixiao.export.figures import department_budget, fund_rows, project_other

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

TITLE = "部门整体支出绩效目标表"
SHEET = "部门整体"
NCOLS = 6
WIDTHS = (8, 22, 30, 26, 14, 18)
SUBGOAL_HEADERS = ("序号", "分项绩效目标", "绩效目标", "绩效指标", "指标值", "关联项目")
PROJECT_HEADERS = ("序号", "项目编码", "项目名称", "年度资金总额", "其中：财政拨款", "其他资金")
MEASURE_HEADERS = ("序号", "保障措施", "主要内容", "完成情况", "佐证材料")


def sub_goal_rows(goal: SubGoal) -> list[tuple[str | None, str | None]]:
    """(绩效指标, 指标值) rows of a sub-goal: its typed targets, then names not among them."""
    rows: list[tuple[str | None, str | None]] = []
    seen: set[str] = set()
    for ind in goal.targets:
        name = ind.level3 or ind.description
        rows.append((name, ind.target.raw or None))
        if name:
            seen.add(normalize(name))
    for name in goal.indicators:
        if normalize(name) not in seen:
            rows.append((name, None))
    return rows or [(None, None)]


def _header(ws: Worksheet, row: int, headers: tuple[str, ...], spans: tuple[int, ...]) -> None:
    col = 1
    for text, span in zip(headers, spans, strict=True):
        sh.block(ws, row, col, row, col + span - 1, text, font=sh.LABEL_FONT, fill=sh.LABEL_FILL)
        col += span
    ws.row_dimensions[row].height = 24


def _section(ws: Worksheet, row: int, text: str) -> None:
    sh.block(ws, row, 1, row, NCOLS, text, font=sh.LABEL_FONT, align=sh.LEFT, fill=sh.LABEL_FILL)
    ws.row_dimensions[row].height = 22


def write_department_sheet(ws: Worksheet, plan: Plan) -> int:
    """Fill ``ws`` with the department table; returns the last row used."""
    sh.set_widths(ws, WIDTHS)
    subtitle = f"（{plan.year}年度）" if plan.year else "（    年度）"
    row = sh.title_rows(ws, TITLE, subtitle, NCOLS)
    sh.unit_row(ws, row, NCOLS, f"填报单位（盖章）：{plan.unit or plan.department or ''}")
    row += 1
    sh.label(ws, row, 1, "部门名称", last_col=2)
    sh.block(ws, row, 3, row, NCOLS, plan.department or plan.unit, align=sh.LEFT)
    row += 1
    budget = department_budget(plan)
    sh.label(ws, row, 1, "年度预算", last_row=row + 2)
    for text, money in (("预算总额", budget.total), ("其中：财政拨款", budget.fiscal),
                        ("其他资金", budget.other)):
        sh.label(ws, row, 2, text)
        sh.block(ws, row, 3, row, NCOLS, sh.wan(money), align=sh.LEFT)
        row += 1
    sh.label(ws, row, 1, "总体绩效目标", last_col=2)
    sh.block(ws, row, 3, row, NCOLS, plan.overall_goal, align=sh.LEFT)
    ws.row_dimensions[row].height = sh.wrapped_height(plan.overall_goal, sum(WIDTHS[2:]),
                                                      minimum_lines=3)
    row += 1
    # 分项绩效目标
    _section(ws, row, "分项绩效目标")
    row += 1
    _header(ws, row, SUBGOAL_HEADERS, (1, 1, 1, 1, 1, 1))
    header_row = row
    row += 1
    for k, goal in enumerate(plan.sub_goals, 1):
        rows = sub_goal_rows(goal)
        last = row + len(rows) - 1
        sh.block(ws, row, 1, last, 1, k)
        sh.block(ws, row, 2, last, 2, goal.title, align=sh.LEFT)
        sh.block(ws, row, 3, last, 3, goal.goal, align=sh.LEFT)
        sh.block(ws, row, 6, last, 6, "、".join(goal.project_codes) or None)
        for j, (name, value) in enumerate(rows):
            sh.put(ws, row + j, 4, name, align=sh.LEFT)
            sh.put(ws, row + j, 5, value)
            ws.row_dimensions[row + j].height = max(
                sh.wrapped_height(name, WIDTHS[3]),
                sh.wrapped_height(goal.goal, WIDTHS[2]) / len(rows),
                sh.wrapped_height(goal.title, WIDTHS[1]) / len(rows),
            )
        row = last + 1
    # 项目支出
    _section(ws, row, "项目支出")
    row += 1
    _header(ws, row, PROJECT_HEADERS, (1, 1, 1, 1, 1, 1))
    row += 1
    for k, p in enumerate(plan.projects, 1):
        rows_ = fund_rows(p)
        values: list[object] = [k, p.code, p.name, sh.wan(rows_[0][1]), sh.wan(rows_[1][1]),
                                sh.wan(project_other(p))]
        for j, v in enumerate(values, 1):
            sh.put(ws, row, j, v, align=sh.LEFT if j == 3 else sh.CENTER,
                   number_format=sh.TEXT_FORMAT if j == 2 else None)
        row += 1
    sh.block(ws, row, 1, row, 3, "合计", font=sh.LABEL_FONT, fill=sh.LABEL_FILL)
    for j, m in enumerate((budget.total, budget.fiscal, budget.other), 4):
        sh.put(ws, row, j, sh.wan(m), font=sh.LABEL_FONT)
    row += 1
    # 目标规划及保障措施
    _section(ws, row, "目标规划及保障措施")
    row += 1
    _header(ws, row, MEASURE_HEADERS, (1, 1, 2, 1, 1))
    row += 1
    for k, measure in enumerate(plan.measures, 1):
        sh.put(ws, row, 1, k)
        sh.put(ws, row, 2, measure.title, align=sh.LEFT)
        sh.block(ws, row, 3, row, 4, measure.text, align=sh.LEFT)
        sh.put(ws, row, 5, None)
        sh.put(ws, row, 6, None)
        ws.row_dimensions[row].height = max(
            sh.wrapped_height(measure.text, WIDTHS[2] + WIDTHS[3]),
            sh.wrapped_height(measure.title, WIDTHS[1]),
        )
        row += 1
    row += 1
    sh.signature_row(ws, row, NCOLS)
    del header_row
    sh.print_setup(ws, landscape=False, header_rows=None, last_row=row,
                   ncols=NCOLS)
    return row


def department_workbook(plan: Plan) -> Workbook:
    """The 部门整体支出绩效目标表 workbook of a plan."""
    wb = sh.new_workbook()
    write_department_sheet(wb.create_sheet(SHEET), plan)
    return wb


def write_department_xlsx(plan: Plan, path: str | Path) -> Path:
    """Write the plan's 部门整体支出绩效目标表 to ``path``; returns the path."""
    out = Path(path)
    department_workbook(plan).save(out)
    return out
