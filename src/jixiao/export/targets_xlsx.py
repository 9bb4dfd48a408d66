"""项目支出绩效目标表 as an Excel workbook: one sheet per project plus a summary sheet 汇总.

Layout of a project sheet (columns A…H, plus I 权重（分） when any indicator carries a weight)::

    1   项目支出绩效目标表                                   (title, merged)
    2   （2023年度）
    3   填报单位：…                                   单位：万元
    4   项目编码 | code            | 项目名称 | name
    5   主管部门 | department      | 实施单位 | unit
    6   项目资金 | 年度资金总额     | amount
    7            | 其中：财政拨款   | amount
    8            | 其他资金         | amount      (+ one row per further fund source)
    9   资金主要用途 | purpose
    10  资金支出计划（%） | 3月底 | 6月底 | 10月底 | 12月底   (checkpoint labels)
    11                   | 10%   | 50%   | 80%    | 100%    (cumulative, percent cells)
    12  年度绩效目标 | goal
    (13 长期绩效目标 | long-term goal, when there is one)
    14  一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标性质 | 指标值 | 度量单位 |
        指标值确定依据
    …   one row per indicator; 一级/二级 cells merged over runs of the same category
    …   (blank row) 填报人： 审核人： 填报日期：

Targets are written in the split form: 指标性质 (≥ ≤ =), 指标值 as a number and 度量单位
for quantitative targets; time, yes/no and qualitative targets keep their text in 指标值
with 指标性质 left blank. Money is shown in 万元; the spending plan in cumulative percent.

A blank template (:func:`template_workbook`) has the same layout with the profile's
categories pre-filled and drop-down lists / number checks on every entry column, so it can
be handed out and filled in Excel or WPS.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.hyperlink import Hyperlink

from jixiao.domain.model import BasisCode, Indicator, Plan, Project
from jixiao.domain.money import Money
from jixiao.domain.profile import RuleProfile, load_profile
from jixiao.domain.target import Comparator
from jixiao.domain.text import normalize
from jixiao.export import sheets as sh
from jixiao.export.figures import OTHER_SOURCE, fund_rows, project_other, target_cells, total

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

TITLE = "项目支出绩效目标表"
SUMMARY_TITLE = "项目支出绩效目标汇总表"
SUMMARY_SHEET = "汇总"
INDICATOR_HEADERS: tuple[str, ...] = (
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标描述",
    "指标性质",
    "指标值",
    "度量单位",
    "指标值确定依据",
)
WEIGHT_HEADER = "权重（分）"
WIDTHS: tuple[float, ...] = (14, 15, 20, 32, 8, 12, 9, 16, 9)
ENTRY_COMPARATORS: tuple[str, ...] = (Comparator.GE.value, Comparator.LE.value, Comparator.EQ.value)
TEMPLATE_CHECKPOINTS: tuple[str, ...] = ("3月底", "6月底", "9月底", "12月底")
TEMPLATE_EXTRA_ROWS = 10
PURPOSE_LABEL = "资金主要用途"


def percent_format(fraction: Decimal | None) -> str:
    """Excel percent format showing a fraction's digits: 0.1 → ``0%``, 0.125 → ``0.0%``."""
    if fraction is None:
        return "0%"
    places = max(0, -(fraction * 100).normalize().as_tuple().exponent)  # type: ignore[operator]
    return "0%" if places == 0 else "0." + "0" * min(int(places), 6) + "%"


@dataclass(slots=True)
class SheetLayout:
    """Where things landed on a project sheet (1-based rows), for links and tests."""

    title: str
    header_row: int
    first_indicator_row: int
    last_indicator_row: int
    signature_row: int
    ncols: int


def _ncols(project: Project) -> int:
    return len(INDICATOR_HEADERS) + (1 if any(i.weight is not None for i in project.indicators)
                                     else 0)


def write_project_sheet(
    ws: Worksheet,
    project: Project,
    *,
    year: int | None,
    department: str | None = None,
    ncols: int | None = None,
    extra_rows: int = 0,
    checkpoints: Sequence[str] | None = None,
    landscape: bool = True,
) -> SheetLayout:
    """Fill one worksheet with one project's target table; returns where its parts are."""
    n = ncols or _ncols(project)
    sh.set_widths(ws, WIDTHS[:n])
    subtitle = f"（{year}年度）" if year else "（    年度）"
    row = sh.title_rows(ws, TITLE, subtitle, n)
    filler = project.unit or project.department or department or ""
    sh.unit_row(ws, row, n, f"填报单位（盖章）：{filler}")
    row += 1
    half = 4 if n >= 8 else 2
    # 项目编码 / 项目名称
    sh.label(ws, row, 1, "项目编码")
    sh.block(ws, row, 2, row, half, project.code, number_format=sh.TEXT_FORMAT)
    sh.label(ws, row, half + 1, "项目名称", last_col=half + 2)
    sh.block(ws, row, half + 3, row, n, project.name)
    row += 1
    sh.label(ws, row, 1, "主管部门")
    sh.block(ws, row, 2, row, half, project.department or department)
    sh.label(ws, row, half + 1, "实施单位", last_col=half + 2)
    sh.block(ws, row, half + 3, row, n, project.unit)
    row += 1
    # 项目资金
    funds = fund_rows(project)
    sh.label(ws, row, 1, "项目资金", last_row=row + len(funds) - 1)
    for text, money in funds:
        sh.label(ws, row, 2, text, last_col=3)
        sh.block(ws, row, 4, row, n, sh.wan(money), align=sh.LEFT)
        row += 1
    sh.label(ws, row, 1, PURPOSE_LABEL)
    sh.block(ws, row, 2, row, n, project.purpose, align=sh.LEFT)
    ws.row_dimensions[row].height = sh.wrapped_height(project.purpose, sum(WIDTHS[1:n]),
                                                      minimum_lines=2)
    row += 1
    # 资金支出计划（%）
    points: list[tuple[str, Decimal | None]] = [
        (c.label, c.percent / 100) for c in project.spending_plan
    ]
    if not points and checkpoints:
        points = [(label_text, None) for label_text in checkpoints]
    slots = n - 1
    chunks = [points[i : i + slots] for i in range(0, len(points), slots)] or [[]]
    plan_first = row
    sh.label(ws, row, 1, "资金支出计划（%）", last_row=row + 2 * len(chunks) - 1)
    for chunk in chunks:
        for j in range(slots):
            cp_label, pct = chunk[j] if j < len(chunk) else (None, None)
            sh.put(ws, row, 2 + j, cp_label, font=sh.LABEL_FONT, fill=sh.LABEL_FILL)
            sh.put(ws, row + 1, 2 + j, pct, number_format=percent_format(pct))
        row += 2
    plan_cells = [
        f"{get_column_letter(2)}{r + 1}:{get_column_letter(n)}{r + 1}"
        for r in range(plan_first, row, 2)
    ]
    sh.label(ws, row, 1, "年度绩效目标")
    sh.block(ws, row, 2, row, n, project.goal, align=sh.LEFT)
    ws.row_dimensions[row].height = sh.wrapped_height(project.goal, sum(WIDTHS[1:n]),
                                                      minimum_lines=2)
    row += 1
    if project.long_term_goal:
        sh.label(ws, row, 1, "长期绩效目标")
        sh.block(ws, row, 2, row, n, project.long_term_goal, align=sh.LEFT)
        ws.row_dimensions[row].height = sh.wrapped_height(project.long_term_goal,
                                                          sum(WIDTHS[1:n]), minimum_lines=2)
        row += 1
    # 指标表
    header_row = row
    headers = (*INDICATOR_HEADERS, WEIGHT_HEADER)[:n]
    for j, text in enumerate(headers, 1):
        sh.put(ws, row, j, text, font=sh.LABEL_FONT, fill=sh.LABEL_FILL)
    ws.row_dimensions[row].height = 30
    row += 1
    first = row
    _indicator_rows(ws, first, project.indicators, n)
    row = first + len(project.indicators)
    for _ in range(extra_rows):
        for j in range(1, n + 1):
            sh.put(ws, row, j, None, align=sh.CENTER if j in (1, 2, 5, 7) else sh.LEFT)
        row += 1
    last = row - 1
    row += 1
    signature = row
    sh.signature_row(ws, signature, n)
    sh.print_setup(ws, landscape=landscape, header_rows=(header_row, header_row),
                   last_row=signature, ncols=n)
    ws.freeze_panes = None
    _entry_validation(ws, n, first, max(last, first), plan_cells)
    return SheetLayout(ws.title, header_row, first, last, signature, n)


def _indicator_rows(ws: Worksheet, first: int, indicators: Sequence[Indicator], n: int) -> None:
    for k, ind in enumerate(indicators):
        r = first + k
        cells = target_cells(ind.target)
        values: list[object] = [
            ind.level1,
            ind.level2,
            ind.level3,
            ind.description,
            cells.comparator,
            cells.value,
            cells.unit,
            ind.basis if ind.basis is not None else (ind.basis_code.value if ind.basis_code
                                                      else None),
        ]
        if n > len(INDICATOR_HEADERS):
            values.append(sh.number(ind.weight))
        for j, v in enumerate(values, 1):
            sh.put(ws, r, j, v, align=sh.CENTER if j in (1, 2, 5, 6, 7, 9) else sh.LEFT)
        height = max(
            sh.wrapped_height(ind.level1, WIDTHS[0]),
            sh.wrapped_height(ind.level2, WIDTHS[1]),
            sh.wrapped_height(ind.level3, WIDTHS[2]),
            sh.wrapped_height(ind.description, WIDTHS[3]),
            sh.wrapped_height(ind.basis, WIDTHS[7]),
            sh.wrapped_height(str(cells.value) if cells.value is not None else None, WIDTHS[5]),
        )
        if height > float(sh.LINE_HEIGHT_PT) + 3:
            ws.row_dimensions[r].height = height
    _merge_runs(ws, first, indicators)


def _merge_runs(ws: Worksheet, first: int, indicators: Sequence[Indicator]) -> None:
    """Merge 一级指标 over runs of the same level-1, 二级指标 over runs within them."""

    def runs(keys: list[tuple[str, ...] | None]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        start = 0
        for k in range(1, len(keys) + 1):
            if k == len(keys) or keys[k] != keys[start] or keys[k] is None:
                if keys[start] is not None and k - 1 > start:
                    out.append((start, k - 1))
                start = k
        return out

    l1: list[tuple[str, ...] | None] = [
        (normalize(i.level1),) if i.level1 else None for i in indicators
    ]
    l2: list[tuple[str, ...] | None] = [
        (normalize(i.level1), normalize(i.level2)) if i.level1 and i.level2 else None
        for i in indicators
    ]
    for col, keys in ((1, l1), (2, l2)):
        for a, b in runs(keys):
            sh.merge(ws, first + a, col, first + b, col)


def _entry_validation(ws: Worksheet, n: int, first: int, last: int,
                      plan_cells: list[str]) -> None:
    col = get_column_letter
    sh.list_validation(
        ws, f"{col(5)}{first}:{col(5)}{last}", ENTRY_COMPARATORS, title="指标性质",
        prompt="≥ 不低于指标值; ≤ 不高于指标值; = 等于指标值。时效、是/否、定性指标可不填。",
    )
    sh.list_validation(
        ws, f"{col(8)}{first}:{col(8)}{last}", [b.value for b in BasisCode],
        title="指标值确定依据", strict=False,
        prompt="计划标准、行业标准、历史标准、预算支出标准或其他; 也可照实填写文字依据。",
    )
    if n > len(INDICATOR_HEADERS):
        sh.decimal_validation(ws, f"{col(9)}{first}:{col(9)}{last}", title="权重",
                              prompt="该指标的分值 (权重), 不小于 0。")
    sh.decimal_validation(ws, " ".join(plan_cells), title="资金支出计划", minimum=0, maximum=1,
                          prompt="截至该时点累计支出占年度资金的百分比 (0%–100%), 如 50%。")


def _category_validation(ws: Worksheet, profile: RuleProfile, first: int, last: int) -> None:
    level1 = [c.name for c in profile.categories.level1]
    level2: list[str] = []
    for c in profile.categories.level1:
        for l2 in c.level2:
            if l2.name not in level2:
                level2.append(l2.name)
    sh.list_validation(ws, f"A{first}:A{last}", level1, title="一级指标",
                       prompt="一级指标: " + "、".join(level1), strict=False)
    sh.list_validation(ws, f"B{first}:B{last}", level2, title="二级指标",
                       prompt="二级指标, 须属于左侧一级指标。", strict=False)


def _funds_validation(ws: Worksheet, layout_rows: Sequence[int]) -> None:
    cells = " ".join(f"D{r}" for r in layout_rows)
    sh.decimal_validation(ws, cells, title="项目资金", prompt="金额, 单位：万元, 不小于 0。")


def _fund_value_rows(ws: Worksheet, layout: SheetLayout) -> list[int]:
    rows = []
    for r in range(1, layout.header_row):
        v = ws.cell(row=r, column=2).value
        if isinstance(v, str) and (v in ("年度资金总额", OTHER_SOURCE) or v.startswith("其中：")):
            rows.append(r)
    return rows


def _summary_sheet(ws: Worksheet, plan: Plan, links: Sequence[tuple[Project, str]]) -> None:
    headers = ("序号", "项目编码", "项目名称", "主管部门", "实施单位", "年度资金总额",
               "其中：财政拨款", "其他资金", "指标数", "年度绩效目标")
    n = len(headers)
    sh.set_widths(ws, (6, 14, 20, 16, 16, 12, 12, 12, 8, 40))
    subtitle = f"（{plan.year}年度）" if plan.year else None
    row = sh.title_rows(ws, SUMMARY_TITLE, subtitle, n)
    sh.unit_row(ws, row, n, f"部门：{plan.department or plan.unit or ''}")
    row += 1
    header_row = row
    for j, text in enumerate(headers, 1):
        sh.put(ws, row, j, text, font=sh.LABEL_FONT, fill=sh.LABEL_FILL)
    row += 1
    totals: list[Money | None] = [None, None, None]
    for k, (p, title) in enumerate(links, 1):
        rows = fund_rows(p)
        amounts = [rows[0][1], rows[1][1], project_other(p)]
        for t, m in enumerate(amounts):
            totals[t] = total([totals[t], m])
        values: list[object] = [k, p.code, p.name, p.department or plan.department, p.unit,
                                *[sh.wan(m) for m in amounts], len(p.indicators), p.goal]
        for j, v in enumerate(values, 1):
            sh.put(ws, row, j, v, align=sh.LEFT if j in (3, 10) else sh.CENTER,
                   number_format=sh.TEXT_FORMAT if j == 2 else None)
        name_cell = ws.cell(row=row, column=3)
        name_cell.hyperlink = Hyperlink(ref=name_cell.coordinate,
                                        location=f"{quote_sheetname(title)}!A1",
                                        tooltip="转到项目表")
        name_cell.font = sh.LINK_FONT
        ws.row_dimensions[row].height = sh.wrapped_height(p.goal, 40)
        row += 1
    sh.block(ws, row, 1, row, 5, "合计", font=sh.LABEL_FONT, fill=sh.LABEL_FILL)
    for t, m in enumerate(totals):
        sh.put(ws, row, 6 + t, sh.wan(m), font=sh.LABEL_FONT)
    sh.put(ws, row, 9, sum(len(p.indicators) for p, _ in links), font=sh.LABEL_FONT)
    sh.put(ws, row, 10, None)
    row += 2
    sh.signature_row(ws, row, n)
    sh.print_setup(ws, landscape=True, header_rows=(header_row, header_row), last_row=row,
                   ncols=n)


def targets_workbook(plan: Plan, *, landscape: bool = True,
                     profile: RuleProfile | None = None) -> Workbook:
    """The 项目支出绩效目标表 workbook of a plan: 汇总 first, then one sheet per project."""
    prof = profile or load_profile()
    wb = sh.new_workbook()
    summary = wb.create_sheet(SUMMARY_SHEET)
    links: list[tuple[Project, str]] = []
    taken = [SUMMARY_SHEET]
    for k, p in enumerate(plan.projects, 1):
        name = " ".join(x for x in (p.code, p.name) if x) or f"项目{k}"
        title = sh.sheet_title(name, taken)
        taken.append(title)
        ws = wb.create_sheet(title)
        layout = write_project_sheet(ws, p, year=plan.year, department=plan.department,
                                     landscape=landscape)
        _funds_validation(ws, _fund_value_rows(ws, layout))
        _category_validation(ws, prof, layout.first_indicator_row,
                             max(layout.last_indicator_row, layout.first_indicator_row))
        links.append((p, title))
    _summary_sheet(summary, plan, links)
    return wb


def template_categories(profile: RuleProfile) -> list[tuple[str, str]]:
    """(一级, 二级) pairs pre-filled in a blank template.

    The profile's ``[export] template_categories`` list of pairs when given; otherwise every
    level-2 category of the catalogue under its level-1, a category listed under several
    level-1 categories (服务对象满意度指标, 经济成本指标) offered once, under the last.
    """
    configured = profile.section("export").get("template_categories")
    if configured:
        return [(str(a), str(b)) for a, b in configured]
    last_parent: dict[str, str] = {}
    for l1 in profile.categories.level1:
        for l2 in l1.level2:
            last_parent[l2.name] = l1.name
    pairs: list[tuple[str, str]] = []
    for l1 in profile.categories.level1:
        for l2 in l1.level2:
            if last_parent[l2.name] == l1.name:
                pairs.append((l1.name, l2.name))
    return pairs


def template_workbook(
    profile: RuleProfile | None = None,
    *,
    year: int | None = None,
    department: str | None = None,
    projects: int = 1,
    rows_per_category: int = 2,
    extra_rows: int = TEMPLATE_EXTRA_ROWS,
    landscape: bool = True,
) -> Workbook:
    """A blank 项目支出绩效目标表 to hand out: categories pre-filled, entry columns checked."""
    prof = profile or load_profile()
    pairs = template_categories(prof)
    wb = sh.new_workbook()
    summary = wb.create_sheet(SUMMARY_SHEET)
    links: list[tuple[Project, str]] = []
    for k in range(1, projects + 1):
        indicators = [
            Indicator(level1=a, level2=b, level3=None)
            for a, b in pairs
            for _ in range(rows_per_category)
        ]
        project = Project(code=None, name=None, department=department, indicators=indicators)
        title = f"项目{k}"
        ws = wb.create_sheet(title)
        layout = write_project_sheet(ws, project, year=year, department=department,
                                     extra_rows=extra_rows, checkpoints=TEMPLATE_CHECKPOINTS,
                                     landscape=landscape, ncols=len(INDICATOR_HEADERS))
        ws.cell(row=3, column=1).value = "填报单位（盖章）："
        _funds_validation(ws, _fund_value_rows(ws, layout))
        _category_validation(ws, prof, layout.first_indicator_row, layout.last_indicator_row)
        links.append((project, title))
    _summary_sheet(summary, Plan(year=year, department=department,
                                 projects=[p for p, _ in links]), links)
    return wb


def write_targets_xlsx(plan: Plan, path: str | Path, *, landscape: bool = True,
                       profile: RuleProfile | None = None) -> Path:
    """Write the plan's 项目支出绩效目标表 to ``path`` (``.xlsx``); returns the path."""
    out = Path(path)
    targets_workbook(plan, landscape=landscape, profile=profile).save(out)
    return out


def write_template_xlsx(path: str | Path, profile: RuleProfile | None = None, *,
                        year: int | None = None, projects: int = 1) -> Path:
    """Write a blank 项目支出绩效目标表 template to ``path``."""
    out = Path(path)
    template_workbook(profile, year=year, projects=projects).save(out)
    return out
