"""The 监控表 (项目支出绩效运行监控表) as an XLSX workbook, from a :class:`MonitorReport`.

Sheet ``运行监控表``: title, as-of line, ``单位：万元``; two header rows with the official
columns — 项目编码, 项目名称, 年度预算数, 调整后预算数, 截至…支出数, 执行率, 时序进度, 计划进度,
支出预警; per indicator 一级/二级/三级指标, 年度指标值, 截至目前完成值, 全年预计完成值, 指标预警,
偏差原因 (one column per kind of the profile: 经费保障/制度保障/人员保障/硬件条件保障/其他),
完成可能性, 是否需要整改, 备注. Each project has a 预算执行 row (its spending reasons) and
one row per indicator; its money columns are merged over those rows. A 合计 row gives the
department's money-weighted figures. Forecasts the system worked out from the pace are in
italics (the unit's own forecasts are upright).

Sheet ``月度进度``: the chart series (cumulative spending vs plan vs time progress by month).
Sheet ``输入问题``: every ledger, progress and adjustment issue with its location.

The sheet reads back as progress input (:func:`jixiao.monitor.read_progress`), so a unit can
fill in the reasons in this very table.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.domain.money import clean_decimal
from jixiao.monitor.lights import Light, fmt
from jixiao.monitor.progress import COMPUTED_FORECAST_MARK, ProgressEntry, target_amount
from jixiao.monitor.report import IndicatorStatus, MonitorReport, ProjectStatus, wan
from jixiao.monitor.timeprogress import to_decimal

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

SHEET = "运行监控表"
_FILLS = {
    Light.RED: "FFC7CE",
    Light.YELLOW: "FFEB9C",
    Light.GREEN: "C6EFCE",
    Light.BLUE: "BDD7EE",
}
MONEY_FORMAT = "#,##0.00"


def _rate(value: Fraction | None, places: int) -> Decimal | None:
    """A fraction as a Decimal for a cell with a percent format (0.375 → 37.50%)."""
    return None if value is None else to_decimal(value, places + 2)


def _money(yuan: Decimal | None) -> Decimal | int | None:
    from jixiao.export.sheets import number

    return number(wan(yuan))


def _forecast_text(s: IndicatorStatus) -> tuple[str | None, bool]:
    """(全年预计完成值 text, computed by the system)."""
    if s.entry is not None and s.entry.forecast:
        return s.entry.forecast, False
    if s.forecast is None:
        return None, False
    _, unit = target_amount(s.target)
    return f"{fmt(s.forecast, 2)}{unit or ''}{COMPUTED_FORECAST_MARK}", True


def write_monitoring_xlsx(report: MonitorReport, path: str | Path) -> Path:
    """Write the 监控表 workbook; returns the path written."""
    from jixiao.export.sheets import new_workbook

    wb = new_workbook()
    ws = wb.create_sheet(SHEET)
    _main_sheet(ws, report)
    _series_sheet(wb.create_sheet("月度进度"), report)
    _issues_sheet(wb.create_sheet("输入问题"), report)
    out = Path(path)
    wb.save(out)
    return out


def _main_sheet(ws: Worksheet, report: MonitorReport) -> None:
    from openpyxl.styles import Font, PatternFill

    from jixiao.export import sheets as sh

    rules = report.rules
    kinds = list(rules.deviation_kinds)
    as_of = report.as_of
    spent_header = f"截至{as_of.month}月{as_of.day}日支出数"
    project_cols = [
        "项目编码",
        "项目名称",
        "年度预算数",
        "调整后预算数",
        spent_header,
        "执行率",
        "时序进度",
        "计划进度",
        "支出预警",
    ]
    indicator_cols = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "截至目前完成值",
        "全年预计完成值",
        "指标预警",
    ]
    tail_cols = ["完成可能性", "是否需要整改", "备注"]
    ncols = len(project_cols) + len(indicator_cols) + len(kinds) + len(tail_cols)
    pct_format = "0." + "0" * rules.percent_places + "%"

    title = f"{report.year}年度项目支出绩效运行监控表"
    subtitle = (
        f"截至 {as_of.year}年{as_of.month}月{as_of.day}日    时序进度 "
        f"{fmt(report.time.fraction * 100, rules.percent_places)}% ({report.time.explanation})"
        f"    规则配置: {rules.profile_name}"
    )
    row = sh.title_rows(ws, title, subtitle, ncols)
    who = report.plan.department or report.plan.unit
    sh.unit_row(ws, row, ncols, f"填报单位：{who}" if who else None)
    h1, h2 = row + 1, row + 2
    col = 1
    for name in (*project_cols, *indicator_cols):
        sh.label(ws, h1, col, name, h2, col)
        col += 1
    reason_first = col
    sh.label(ws, h1, col, "偏差原因", h1, col + len(kinds) - 1)
    for k in kinds:
        sh.label(ws, h2, col, k)
        col += 1
    for name in tail_cols:
        sh.label(ws, h1, col, name, h2, col)
        col += 1
    ws.row_dimensions[h1].height = 22
    ws.row_dimensions[h2].height = 22

    italic = Font(name=sh.FONT_NAME, size=10, italic=True)
    r = h2 + 1
    first_indicator_col = len(project_cols) + 1

    for p in report.projects:
        first = r
        _spending_row(ws, r, p, report, first_indicator_col, reason_first, pct_format)
        r += 1
        for s in p.indicators:
            ind = s.indicator
            c = first_indicator_col
            sh.put(ws, r, c, ind.level1)
            sh.put(ws, r, c + 1, ind.level2)
            sh.put(ws, r, c + 2, ind.level3 or ind.description, align=sh.LEFT)
            sh.put(ws, r, c + 3, ind.target.raw or None)
            sh.put(ws, r, c + 4, s.entry.value if s.entry and s.entry.value else None)
            text, computed = _forecast_text(s)
            sh.put(ws, r, c + 5, text, font=italic if computed else sh.BODY_FONT)
            _light_cell(ws, r, c + 6, s.light.light)
            _entry_cells(ws, r, reason_first, s.entry, report)
            r += 1
        last = r - 1
        s0 = p.spending
        values: list[object] = [
            p.code,
            p.project.name,
            _money(s0.budget_yuan),
            _money(s0.adjusted_yuan),
            _money(s0.spent_yuan),
            _rate(s0.rate, rules.percent_places),
            _rate(s0.time, rules.percent_places),
            _rate(s0.planned, rules.percent_places),
        ]
        formats = [
            sh.TEXT_FORMAT,
            None,
            MONEY_FORMAT,
            MONEY_FORMAT,
            MONEY_FORMAT,
            pct_format,
            pct_format,
            pct_format,
        ]
        for i, (v, f) in enumerate(zip(values, formats, strict=True), 1):
            sh.block(
                ws, first, i, last, i, v, number_format=f, align=sh.LEFT if i == 2 else sh.CENTER
            )
        light = s0.light.light
        sh.block(
            ws,
            first,
            first_indicator_col - 1,
            last,
            first_indicator_col - 1,
            light.label if light is not Light.NONE else "—",
            fill=PatternFill("solid", fgColor=_FILLS[light]) if light in _FILLS else None,
        )

    # 合计 (department, money-weighted)
    d = report.department.spending
    sh.block(ws, r, 1, r, 2, "合计 (按金额加权)", font=sh.LABEL_FONT, fill=sh.LABEL_FILL)
    for i, (v, f) in enumerate(
        [
            (_money(d.budget_yuan), MONEY_FORMAT),
            (_money(d.adjusted_yuan), MONEY_FORMAT),
            (_money(d.spent_yuan), MONEY_FORMAT),
            (_rate(d.rate, rules.percent_places), pct_format),
            (_rate(d.time, rules.percent_places), pct_format),
            (_rate(d.planned, rules.percent_places), pct_format),
        ],
        3,
    ):
        sh.put(ws, r, i, v, number_format=f, font=sh.LABEL_FONT)
    _light_cell(ws, r, first_indicator_col - 1, d.light.light)
    for c in range(first_indicator_col, ncols + 1):
        sh.put(ws, r, c, None)
    total_row = r
    r += 2
    plan_way = "线性插值" if rules.plan_method == "linear" else "阶梯取值"
    notes = [
        f"说明: 执行率 = {spent_header} ÷ 调整后预算数; 时序进度 = {report.time.explanation};"
        f" 计划进度按项目资金支出计划{plan_way}。",
        _rule_note(report),
        f"指标预警: v = 完成值 ÷ (指标值 × 时序进度) × 100 (百分比类指标按全年指标值): "
        f"红 < {fmt(rules.ind_red_below)}, 黄 < {fmt(rules.ind_yellow_below)}, "
        f"绿 < {fmt(rules.ind_blue_from)}, 蓝 ≥ {fmt(rules.ind_blue_from)};"
        " ≤ 类指标不超过为绿, 超过为红。 斜体、注有“系统推算”的全年预计完成值为系统按进度"
        "推算, 填入单位自己的预计值时请覆盖整个单元格。",
        "完成可能性: "
        + ", ".join(f"{c} {lab}" for c, lab in rules.likelihood)
        + "; 红灯、黄灯行须填写偏差原因。",
    ]
    for text in notes:
        sh.block(ws, r, 1, r, ncols, text, align=sh.LEFT, border=sh.NO_BORDER)
        ws.row_dimensions[r].height = 18
        r += 1
    sh.signature_row(ws, r + 1, ncols)

    widths = [12, 16, 11, 11, 12, 9, 9, 9, 8, 10, 12, 20, 11, 12, 14, 8]
    widths += [16] * len(kinds) + [10, 8, 16]
    sh.set_widths(ws, widths)
    ws.freeze_panes = ws.cell(row=h2 + 1, column=3)
    sh.print_setup(ws, landscape=True, header_rows=(h1, h2), last_row=r + 1, ncols=ncols)
    sh.list_validation(
        ws,
        _range(reason_first + len(kinds), h2 + 1, total_row - 1),
        [f"{c} {lab}" for c, lab in rules.likelihood],
        title="完成可能性",
        prompt="1 确定能 / 2 有可能 / 3 完全不可能",
        strict=False,
    )
    sh.list_validation(
        ws,
        _range(reason_first + len(kinds) + 1, h2 + 1, total_row - 1),
        ["是", "否"],
        title="是否需要整改",
        prompt="是 / 否",
    )


def _range(column: int, first_row: int, last_row: int) -> str:
    """``V6:V26``: one column over a block of rows."""
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(column)
    return f"{letter}{first_row}:{letter}{last_row}"


def _rule_note(report: MonitorReport) -> str:
    rules = report.rules
    against = "时序进度" if rules.compare_to == "time" else "计划进度"
    if rules.spending_method == "ratio":
        return (
            f"支出预警: r = 执行率 ÷ {against} × 100, 红 < {fmt(rules.ratio_red_below)}, "
            f"黄 < {fmt(rules.ratio_yellow_below)}, 其余绿。"
        )
    if rules.spending_method == "gap":
        return (
            f"支出预警: 差距 = {against} − 执行率 (百分点), 红 > {fmt(rules.gap_red_above)}, "
            f"黄 > {fmt(rules.gap_yellow_above)}, 其余绿。"
        )
    floors = ", ".join(f"{f.month}月底 {fmt(f.red_below)}%" for f in rules.floors)
    return f"支出预警: 执行率低于当期下限为红 ({floors})。"


def _light_cell(ws: Worksheet, r: int, c: int, light: Light) -> None:
    from openpyxl.styles import PatternFill

    from jixiao.export import sheets as sh

    fill = PatternFill("solid", fgColor=_FILLS[light]) if light in _FILLS else None
    sh.put(ws, r, c, light.label if light is not Light.NONE else "—", fill=fill)


def _entry_cells(
    ws: Worksheet, r: int, first: int, e: ProgressEntry | None, report: MonitorReport
) -> None:
    """偏差原因 by kind, 完成可能性, 是否需要整改, 备注 from the unit's progress row."""
    from jixiao.export import sheets as sh

    rules = report.rules
    c = first
    for k in rules.deviation_kinds:
        sh.put(ws, r, c, e.reasons.get(k) if e else None, align=sh.LEFT)
        c += 1
    likely = None
    if e is not None and e.likelihood is not None:
        likely = f"{e.likelihood} {rules.likelihood_label(e.likelihood) or ''}".strip()
    sh.put(ws, r, c, likely)
    rect = None if e is None or e.rectification is None else ("是" if e.rectification else "否")
    sh.put(ws, r, c + 1, rect)
    sh.put(ws, r, c + 2, e.remarks if e else None, align=sh.LEFT)


def _spending_row(
    ws: Worksheet,
    r: int,
    p: ProjectStatus,
    report: MonitorReport,
    first_col: int,
    reason_first: int,
    pct_format: str,
) -> None:
    """The project's 预算执行 row: rate to date, forecast rate, light and reasons."""
    from jixiao.export import sheets as sh

    rules = report.rules
    s = p.spending
    c = first_col
    sh.put(ws, r, c, "预算执行")
    sh.put(ws, r, c + 1, None)
    sh.put(ws, r, c + 2, "预算执行", align=sh.LEFT)
    sh.put(ws, r, c + 3, _rate(Fraction(1), rules.percent_places), number_format=pct_format)
    sh.put(ws, r, c + 4, _rate(s.rate, rules.percent_places), number_format=pct_format)
    sh.put(ws, r, c + 5, _rate(s.forecast_rate, rules.percent_places), number_format=pct_format)
    _light_cell(ws, r, c + 6, s.light.light)
    _entry_cells(ws, r, reason_first, s.entry, report)


def _series_sheet(ws: Worksheet, report: MonitorReport) -> None:
    from jixiao.export import sheets as sh

    rules = report.rules
    pct_format = "0." + "0" * rules.percent_places + "%"
    groups: list[tuple[str, list[object]]] = [("部门合计", list(report.department.series))]
    groups += [(p.project.label, list(p.series)) for p in report.projects]
    ncols = 2 + 4 * len(groups)
    row = sh.title_rows(ws, f"{report.year}年度支出进度 (按月累计)", "单位：万元", ncols)
    h1, h2 = row, row + 1
    sh.label(ws, h1, 1, "月份", h2, 1)
    sh.label(ws, h1, 2, "时序进度", h2, 2)
    col = 3
    for name, _ in groups:
        sh.label(ws, h1, col, name, h1, col + 3)
        for i, sub in enumerate(("累计支出", "累计执行率", "计划支出", "计划进度")):
            sh.label(ws, h2, col + i, sub)
        col += 4
    for m in range(1, 13):
        r = h2 + m
        sh.put(ws, r, 1, f"{m}月")
        sh.put(ws, r, 2, _rate(Fraction(m, 12), rules.percent_places), number_format=pct_format)
        col = 3
        for _, points in groups:
            pt = points[m - 1]
            from jixiao.monitor.report import MonthPoint

            assert isinstance(pt, MonthPoint)
            plan_pct = pt.plan_percent / 100 if pt.plan_percent is not None else None
            sh.put(ws, r, col, _money(pt.spent_yuan), number_format=MONEY_FORMAT)
            sh.put(
                ws, r, col + 1, _rate(pt.spent_rate, rules.percent_places), number_format=pct_format
            )
            sh.put(ws, r, col + 2, _money(pt.plan_yuan), number_format=MONEY_FORMAT)
            sh.put(ws, r, col + 3, _rate(plan_pct, rules.percent_places), number_format=pct_format)
            col += 4
    sh.set_widths(ws, [8, 10] + [12, 11, 12, 10] * len(groups))
    ws.freeze_panes = ws.cell(row=h2 + 1, column=3)


def _issues_sheet(ws: Worksheet, report: MonitorReport) -> None:
    from jixiao.export import sheets as sh

    headers = ["来源", "位置", "类型", "级别", "是否计入", "项目编码", "金额(元)", "说明"]
    row = sh.title_rows(ws, "输入数据问题", None, len(headers))
    for i, h in enumerate(headers, 1):
        sh.label(ws, row, i, h)
    r = row + 1
    level = {"error": "错误", "warning": "警告", "info": "提示"}
    led = report.ledger
    for issue in led.issues:
        values: list[object] = [
            "支付台账",
            issue.source.describe(),
            issue.kind.label,
            level[issue.kind.severity],
            "是" if issue.counted else "否",
            issue.project_code,
            clean_decimal(issue.amount_yuan) if issue.amount_yuan is not None else None,
            issue.message,
        ]
        for i, v in enumerate(values, 1):
            sh.put(ws, r, i, v, align=sh.LEFT if i in (2, 8) else sh.CENTER)
        r += 1
    listed = len(led.issues)
    total = sum(led.issue_counts.values())
    if total > listed:
        sh.block(
            ws,
            r,
            1,
            r,
            len(headers),
            f"支付台账另有 {total - listed} 行问题未列出 (各类只列前 "
            f"{report.rules.max_listed_issues} 行)",
            align=sh.LEFT,
        )
        r += 1
    for name, data in (("指标进度表", report.progress), ("预算调整表", report.adjustments)):
        if data is None:
            continue
        for pi in data.issues:
            values = [
                name,
                pi.source.describe(),
                "—",
                level.get(pi.severity, pi.severity),
                "否" if pi.severity == "error" else "是",
                None,
                None,
                pi.message,
            ]
            for i, v in enumerate(values, 1):
                sh.put(ws, r, i, v, align=sh.LEFT if i in (2, 8) else sh.CENTER)
            r += 1
    if r == row + 1:
        sh.block(ws, r, 1, r, len(headers), "无", align=sh.CENTER)
    sh.set_widths(ws, [12, 26, 16, 8, 9, 12, 14, 50])
