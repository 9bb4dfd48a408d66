"""The 项目支出绩效自评表 as an Excel workbook (自评表导出).

One sheet per project in the layout of the 财预〔2020〕10号 附件 form — title, year, unit row
(单位：万元), 项目名称 / 项目编码 / 主管部门 / 实施单位, the money block (年初预算数, 全年预算数,
全年执行数, 分值, 执行率, 得分 for 年度资金总额 and each fund source, and the 执行率偏低原因 in a
last column), 年度总体目标 (预期目标 vs 实际完成情况), the
indicator block (一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值, 得分,
偏差原因分析及改进措施; plus the rule applied, in a last column), 总分 and 评价等级 — and a
``部门汇总`` sheet with every project, the money-weighted roll-up and the grade spread.
Numbers are written as numbers (Decimal), rates as fractions formatted ``0.00%``. The
workbook reads back as actuals (:func:`jixiao.evaluate.actuals.read_actuals`): every project
sheet is read as a 自评表 form.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.domain.money import Money, MoneyUnit
from jixiao.evaluate.grades import round_score
from jixiao.evaluate.results import Evaluation, ProjectEvaluation
from jixiao.evaluate.settings import EvaluateSettings
from jixiao.export.sheets import (
    LABEL_FONT,
    LEFT,
    RIGHT,
    TEXT_FORMAT,
    block,
    label,
    new_workbook,
    number,
    print_setup,
    put,
    set_widths,
    sheet_title,
    title_rows,
    unit_row,
    wrapped_height,
)

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

NCOLS = 9
WIDTHS = (12, 14, 22, 16, 16, 9, 9, 34, 26)
PERCENT = "0.00%"
SCORE = "0.00"
_EMPTY_FUND_ROWS = ("财政拨款", "上年结转资金", "其他资金")


def _amount(m: Money | None, unit: MoneyUnit) -> Decimal | int | None:
    return number(m.to(unit).amount) if m is not None else None


def _score(d: Decimal, s: EvaluateSettings) -> Decimal | int | None:
    return number(round_score(d, s.rounding))


def write_project_sheet(
    ws: Worksheet,
    pe: ProjectEvaluation,
    s: EvaluateSettings,
    year: int | None,
    department: str | None,
    unit_name: str | None,
) -> None:
    """Fill one worksheet with a project's 自评表."""
    money_unit = MoneyUnit.parse(s.funds.unit)
    set_widths(ws, WIDTHS)
    row = title_rows(ws, "项目支出绩效自评表", f"({year}年度)" if year else None, NCOLS)
    unit_row(ws, row, NCOLS, left=None, unit=money_unit)
    row += 1

    label(ws, row, 1, "项目名称", last_col=2)
    block(ws, row, 3, row, NCOLS, pe.project.name or "", align=LEFT)
    row += 1
    label(ws, row, 1, "项目编码", last_col=2)
    block(ws, row, 3, row, 4, pe.project.code or "", align=LEFT, number_format=TEXT_FORMAT)
    label(ws, row, 5, "主管部门")
    block(ws, row, 6, row, 7, pe.project.department or department or "", align=LEFT)
    label(ws, row, 8, "实施单位")
    put(ws, row, 9, pe.project.unit or unit_name or "", align=LEFT)
    row += 1

    # money block
    fund_rows = list(pe.funds)
    names = {f.source for f in fund_rows}
    from jixiao.evaluate.results import FundRow

    for source in _EMPTY_FUND_ROWS:  # the form always shows these rows
        if source not in names and source in s.funds.sources:
            fund_rows.append(FundRow(source))
    order = {name: i for i, name in enumerate(s.funds.sources)}
    fund_rows.sort(key=lambda f: order.get(f.source, len(order)))
    first = row
    last = row + len(fund_rows) + 1
    label(ws, first, 1, f"项目资金\n({money_unit.value})", last_row=last)
    label(ws, row, 2, "")
    for col, text in zip(
        range(3, 10),
        ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "执行率偏低原因"),
        strict=True,
    ):
        label(ws, row, col, text)
    row += 1
    t = pe.total_funds
    put(ws, row, 2, s.funds.total_label, font=LABEL_FONT)
    put(ws, row, 3, _amount(t.initial, money_unit), align=RIGHT)
    put(ws, row, 4, _amount(t.adjusted, money_unit), align=RIGHT)
    put(ws, row, 5, _amount(t.spent, money_unit), align=RIGHT)
    put(ws, row, 6, number(pe.execution_points), align=RIGHT)
    put(ws, row, 7, pe.execution_rate, align=RIGHT, number_format=PERCENT)
    put(ws, row, 8, _score(pe.execution.score, s), align=RIGHT, number_format=SCORE)
    put(ws, row, 9, pe.execution_reason or "", align=LEFT)
    row += 1
    for f in fund_rows:
        put(ws, row, 2, f"其中：{f.source}" if f is fund_rows[0] else f.source, align=LEFT)
        put(ws, row, 3, _amount(f.initial, money_unit), align=RIGHT)
        put(ws, row, 4, _amount(f.adjusted, money_unit), align=RIGHT)
        put(ws, row, 5, _amount(f.spent, money_unit), align=RIGHT)
        put(ws, row, 6, "—")
        put(ws, row, 7, f.rate, align=RIGHT, number_format=PERCENT)
        put(ws, row, 8, "—")
        put(ws, row, 9, "")
        row += 1

    # 年度总体目标
    label(ws, row, 1, "年度\n总体目标", last_row=row + 1)
    label(ws, row, 2, "预期目标", last_col=5)
    label(ws, row, 6, "实际完成情况", last_col=NCOLS)
    row += 1
    block(ws, row, 2, row, 5, pe.project.goal or "", align=LEFT)
    block(ws, row, 6, row, NCOLS, pe.outcome or "", align=LEFT)
    ws.row_dimensions[row].height = max(
        wrapped_height(pe.project.goal, sum(WIDTHS[1:5])),
        wrapped_height(pe.outcome, sum(WIDTHS[5:])),
    )
    row += 1

    # indicators
    header = row
    label(ws, row, 1, "一级指标")
    for col, text in zip(
        range(2, 10),
        (
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
            "计分规则",
        ),
        strict=True,
    ):
        label(ws, row, col, text)
    row += 1
    start = row
    for r in pe.indicators:
        ind = r.indicator
        put(ws, row, 1, ind.level1 or "")
        put(ws, row, 2, ind.level2 or "")
        put(ws, row, 3, ind.level3 or "", align=LEFT)
        put(ws, row, 4, ind.target.raw or "")
        put(ws, row, 5, r.actual_text or "")
        put(ws, row, 6, _score(r.weight, s), align=RIGHT, number_format=SCORE)
        put(ws, row, 7, _score(r.score, s), align=RIGHT, number_format=SCORE)
        put(ws, row, 8, r.explanation or "", align=LEFT)
        put(ws, row, 9, r.result.rule_text, align=LEFT)
        ws.row_dimensions[row].height = max(
            wrapped_height(r.explanation, WIDTHS[7]),
            wrapped_height(r.result.rule_text, WIDTHS[8]),
            wrapped_height(ind.level3, WIDTHS[2]),
        )
        row += 1
    _merge_runs(ws, start, row - 1, 1, [r.indicator.level1 for r in pe.indicators])
    _merge_runs(
        ws,
        start,
        row - 1,
        2,
        [f"{r.indicator.level1}\x00{r.indicator.level2}" for r in pe.indicators],
    )

    label(ws, row, 1, "总分", last_col=5)
    put(ws, row, 6, number(s.total_points), align=RIGHT)
    put(ws, row, 7, number(pe.total), align=RIGHT, number_format=SCORE)
    label(ws, row, 8, "评价等级")
    put(ws, row, 9, pe.grade, font=LABEL_FONT)
    row += 1
    missing = pe.explanations_missing
    if missing:
        text = "还需填写的说明: " + "; ".join(
            (f"第{e.row}个指标 " if e.row is not None else "") + f"{e.subject} ({e.kind_text})"
            for e in missing
        )
        block(ws, row, 1, row, NCOLS, text, align=LEFT)
        ws.row_dimensions[row].height = wrapped_height(text, sum(WIDTHS))
        row += 1
    print_setup(ws, landscape=True, header_rows=(header, header), last_row=row - 1, ncols=NCOLS)


def _merge_runs(ws: Worksheet, first: int, last: int, col: int, keys: list[str | None]) -> None:
    """Merge consecutive equal cells of a column (一级/二级指标 spanning their rows)."""
    run_start = first
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[run_start - first]:
            run_end = first + i - 1
            if run_end > run_start and keys[run_start - first]:
                value = ws.cell(row=run_start, column=col).value
                block(ws, run_start, col, run_end, col, value)
            run_start = first + i


def write_summary_sheet(ws: Worksheet, ev: Evaluation) -> None:
    """部门汇总: one row per project, the money-weighted roll-up and the grade spread."""
    s = ev.settings
    unit = MoneyUnit.parse(s.funds.unit)
    widths = (14, 24, 12, 12, 10, 10, 10, 10, 12)
    set_widths(ws, widths)
    row = title_rows(
        ws, "项目支出绩效自评汇总表", f"({ev.plan.year}年度)" if ev.plan.year else None, 9
    )
    unit_row(ws, row, 9, left=ev.plan.department or None, unit=unit)
    row += 1
    header = row
    for col, text in enumerate(
        (
            "项目编码",
            "项目名称",
            "全年预算数",
            "全年执行数",
            "执行率",
            "执行率得分",
            "总分",
            "评价等级",
            "未填说明(项)",
        ),
        1,
    ):
        label(ws, row, col, text)
    row += 1
    for pe in ev.projects:
        t = pe.total_funds
        put(ws, row, 1, pe.project.code or "", number_format=TEXT_FORMAT)
        put(ws, row, 2, pe.project.name or "", align=LEFT)
        put(ws, row, 3, _amount(t.adjusted, unit), align=RIGHT)
        put(ws, row, 4, _amount(t.spent, unit), align=RIGHT)
        put(ws, row, 5, pe.execution_rate, align=RIGHT, number_format=PERCENT)
        put(ws, row, 6, _score(pe.execution.score, s), align=RIGHT, number_format=SCORE)
        put(ws, row, 7, number(pe.total), align=RIGHT, number_format=SCORE)
        put(ws, row, 8, pe.grade)
        put(ws, row, 9, len(pe.explanations_missing), align=RIGHT)
        row += 1
    d = ev.department
    label(ws, row, 1, "部门合计", last_col=2)
    put(ws, row, 3, number(d.adjusted.amount), align=RIGHT)
    put(ws, row, 4, number(d.spent.amount), align=RIGHT)
    put(ws, row, 5, d.execution_rate, align=RIGHT, number_format=PERCENT)
    put(ws, row, 6, _score(d.execution.score, s), align=RIGHT, number_format=SCORE)
    put(ws, row, 7, number(d.score), align=RIGHT, number_format=SCORE)
    put(ws, row, 8, d.grade, font=LABEL_FONT)
    put(ws, row, 9, sum(len(p.explanations_missing) for p in ev.projects), align=RIGHT)
    row += 1
    text = f"部门得分: {d.method}; 执行率 = Σ全年执行数 / Σ全年预算数。等级分布: " + ", ".join(
        f"{g} {n} 个" for g, n in d.distribution.items()
    )
    block(ws, row, 1, row, 9, text, align=LEFT)
    ws.row_dimensions[row].height = wrapped_height(text, sum(widths))
    row += 1
    if ev.actuals_note:
        block(ws, row, 1, row, 9, ev.actuals_note, align=LEFT)
        row += 1
    print_setup(ws, landscape=True, header_rows=(header, header), last_row=row - 1, ncols=9)


def evaluation_workbook(ev: Evaluation) -> Workbook:
    """The workbook: ``部门汇总`` first, then one 自评表 sheet per project."""
    wb = new_workbook()
    summary = wb.create_sheet(sheet_title("部门汇总", []))
    write_summary_sheet(summary, ev)
    for pe in ev.projects:
        name = pe.project.code or pe.project.name or "项目"
        ws = wb.create_sheet(sheet_title(name, wb.sheetnames))
        write_project_sheet(ws, pe, ev.settings, ev.plan.year, ev.plan.department, ev.plan.unit)
    return wb


def write_evaluation_xlsx(ev: Evaluation, path: str | Path) -> Path:
    """Write the 自评表 workbook to ``path`` and return it."""
    out = Path(path)
    evaluation_workbook(ev).save(out)
    return out
