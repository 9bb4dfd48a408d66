"""项目支出绩效目标表 (jixiao.export.targets_xlsx): layout, read-back and the blank template.

The workbooks are read back with openpyxl cell by cell; indicator values are parsed again by
the value grammar from the split 指标性质 / 指标值 / 度量单位 cells and must give the same
target as the plan had (kind, comparator, number, unit, normalised value, deadline, flag).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from answer_key import plan_from_answer_key
from jixiao.domain.model import (
    Checkpoint,
    FundLine,
    Funds,
    Indicator,
    Plan,
    Project,
)
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.profile import load_profile
from jixiao.domain.target import Target
from jixiao.domain.values import parse_target, parse_target_columns
from jixiao.export.sheets import sheet_title, text_width, wrapped_height
from jixiao.export.targets_xlsx import (
    INDICATOR_HEADERS,
    SUMMARY_SHEET,
    template_categories,
    write_targets_xlsx,
    write_template_xlsx,
)


def _seed() -> Plan:
    plan = plan_from_answer_key()
    plan.department = "某开发区商务局"
    return plan


def _merged_value(ws: Worksheet, row: int, col: int) -> Any:
    """The value a reader sees in a cell: merged cells take their block's top-left value."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return ws.cell(row=rng.min_row, column=rng.min_col).value
    return ws.cell(row=row, column=col).value


def _label_row(ws: Worksheet, text: str, col: int = 1) -> int:
    for r in range(1, ws.max_row + 1):
        if ws.cell(row=r, column=col).value == text:
            return r
    raise AssertionError(f"label {text!r} not found in column {col}")


def read_project_sheet(ws: Worksheet, year: int) -> dict[str, Any]:
    """What a reader of this layout gets back: header fields, funds, plan, goal, indicators."""
    out: dict[str, Any] = {}
    r = _label_row(ws, "项目编码")
    out["code"] = ws.cell(row=r, column=2).value
    out["name"] = ws.cell(row=r, column=7).value
    out["code_format"] = ws.cell(row=r, column=2).number_format
    funds: dict[str, Any] = {}
    r = _label_row(ws, "年度资金总额", col=2)
    while isinstance(ws.cell(row=r, column=2).value, str) and _merged_value(ws, r, 1) == "项目资金":
        funds[ws.cell(row=r, column=2).value] = ws.cell(row=r, column=4).value
        r += 1
    out["funds"] = funds
    out["purpose"] = ws.cell(row=_label_row(ws, "资金主要用途"), column=2).value
    r = _label_row(ws, "资金支出计划（%）")
    plan = []
    formats = []
    while _merged_value(ws, r, 1) == "资金支出计划（%）":
        for c in range(2, 10):
            label = ws.cell(row=r, column=c).value
            if label:
                plan.append((label, ws.cell(row=r + 1, column=c).value))
                formats.append(ws.cell(row=r + 1, column=c).number_format)
        r += 2
    out["plan"] = plan
    out["plan_formats"] = formats
    out["goal"] = ws.cell(row=_label_row(ws, "年度绩效目标"), column=2).value
    header = _label_row(ws, "一级指标")
    out["header"] = [ws.cell(row=header, column=c).value for c in range(1, 10)]
    rows = []
    r = header + 1
    while True:
        values = [_merged_value(ws, r, c) for c in range(1, 10)]
        if all(v is None for v in values) or str(values[0] or "").startswith("填报人"):
            break
        level1, level2 = values[0], values[1]
        target = parse_target_columns(
            values[4], None if values[5] is None else str(values[5]), values[6],
            level1=level1, level2=level2, year=year,
        )
        rows.append({"level1": level1, "level2": level2, "level3": values[2],
                     "description": values[3], "cells": values[4:7], "target": target,
                     "basis": values[7], "weight": values[8]})
        r += 1
    out["indicators"] = rows
    return out


def _same_target(a: Target, b: Target) -> None:
    assert a.kind == b.kind
    assert a.comparator == b.comparator
    assert a.value == b.value
    assert a.unit == b.unit
    assert a.normalized_value == b.normalized_value
    assert a.normalized_unit == b.normalized_unit
    assert a.deadline == b.deadline
    assert a.flag == b.flag


@pytest.fixture(scope="module")
def seed_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("targets") / "targets.xlsx"
    write_targets_xlsx(_seed(), path)
    return path


def test_seed_workbook_has_summary_then_one_sheet_per_project(seed_book: Path) -> None:
    wb = load_workbook(seed_book)
    assert wb.sheetnames == [SUMMARY_SHEET, "103001001 招商费用", "103001002 扶持资金"]


def test_seed_project_sheet_reads_back_to_the_same_project(seed_book: Path) -> None:
    plan = _seed()
    wb = load_workbook(seed_book)
    for project, title in zip(plan.projects, wb.sheetnames[1:], strict=True):
        ws = wb[title]
        assert ws["A1"].value == "项目支出绩效目标表"
        assert ws["A2"].value == "（2023年度）"
        assert _merged_value(ws, 3, 8) == "单位：万元"
        back = read_project_sheet(ws, 2023)
        assert back["code"] == project.code  # text, not the number 103001001
        assert back["code_format"] == "@"
        assert back["name"] == project.name
        budget = project.funds.total
        assert budget is not None
        assert back["funds"] == {
            "年度资金总额": int(budget.amount),
            "其中：财政拨款": int(budget.amount),
            "其他资金": None,
        }
        assert back["purpose"] == project.purpose
        # percent cells: the fraction with a percent format, so Excel shows and takes "10%"
        assert back["plan"] == [("3月底", 0.1), ("6月底", 0.5), ("10月底", 0.8), ("12月底", 1)]
        assert back["plan_formats"] == ["0%"] * 4
        assert back["goal"] == project.goal
        assert back["header"][:8] == list(INDICATOR_HEADERS)
        assert len(back["indicators"]) == len(project.indicators)
        for ind, row in zip(project.indicators, back["indicators"], strict=True):
            assert (row["level1"], row["level2"], row["level3"], row["description"]) == (
                ind.level1, ind.level2, ind.level3, ind.description,
            )
            assert row["basis"] == ind.basis
            _same_target(row["target"], ind.target)


def test_seed_cells_are_in_the_split_form(seed_book: Path) -> None:
    ws = load_workbook(seed_book)["103001001 招商费用"]
    rows = read_project_sheet(ws, 2023)["indicators"]
    by_name = {r["level3"]: r["cells"] for r in rows}
    assert by_name["签约项目"] == ["≥", 15, "个"]  # "15个": ≥ by the 数量指标 default
    assert by_name["跨境电商交易额"] == ["≥", 26, "亿元"]  # unit as written, not 元
    assert by_name["预算资金完成率"] == ["≥", 90, "%"]  # "90%以上"
    assert by_name["完成时间"] == [None, "2023年底", None]  # time: text as written
    assert by_name["促进经济增长"] == [None, None, None]  # empty stays empty
    ws2 = load_workbook(seed_book)["103001002 扶持资金"]
    rows2 = read_project_sheet(ws2, 2023)["indicators"]
    by_name2 = {r["level3"]: r["cells"] for r in rows2}
    assert by_name2["项目实施是否破坏我市生态环境"] == [None, "否", None]
    assert by_name2["实际利用外资到位数"] == ["≥", 70, "万美元"]


def test_level_cells_are_merged_over_runs(seed_book: Path) -> None:
    ws = load_workbook(seed_book)["103001001 招商费用"]
    header = _label_row(ws, "一级指标")
    first = header + 1
    merged = {str(r) for r in ws.merged_cells.ranges}
    # 产出指标 rows 1-5, 效果指标 rows 6-9, 满意度 row 10 (one row: not merged)
    assert f"A{first}:A{first + 4}" in merged
    assert f"A{first + 5}:A{first + 8}" in merged
    assert not any(m.startswith(f"A{first + 9}:") for m in merged)
    # 数量指标 covers the first two rows only
    assert f"B{first}:B{first + 1}" in merged
    assert not any(m.startswith(f"B{first + 2}:") for m in merged)


def test_print_setup_validation_and_signature(seed_book: Path) -> None:
    ws = load_workbook(seed_book)["103001001 招商费用"]
    header = _label_row(ws, "一级指标")
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == f"${header}:${header}"
    assert ws.column_dimensions["D"].width == 32
    assert ws.cell(row=header + 1, column=4).alignment.wrap_text is True
    lists = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation
             if dv.type == "list"}
    assert lists['"≥,≤,="'] == f"E{header + 1}:E{header + 10}"
    basis = '"计划标准,行业标准,历史标准,预算支出标准,其他"'
    assert lists[basis] == f"H{header + 1}:H{header + 10}"
    decimals = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    percent = next(dv for dv in decimals if dv.operator == "between")
    assert (percent.formula1, percent.formula2) == ("0", "1")
    sig = header + 10 + 2
    assert ws.cell(row=sig, column=1).value == "填报人："
    texts = [ws.cell(row=sig, column=c).value for c in range(1, 9)]
    assert "审核人：" in texts and "填报日期：" in texts


def test_summary_sheet_totals_and_links(seed_book: Path) -> None:
    ws = load_workbook(seed_book)[SUMMARY_SHEET]
    assert ws["A1"].value == "项目支出绩效目标汇总表"
    header = _label_row(ws, "序号")
    assert [ws.cell(row=header, column=c).value for c in range(1, 11)] == [
        "序号", "项目编码", "项目名称", "主管部门", "实施单位", "年度资金总额",
        "其中：财政拨款", "其他资金", "指标数", "年度绩效目标",
    ]
    first = [ws.cell(row=header + 1, column=c).value for c in range(1, 10)]
    assert first == [1, "103001001", "招商费用", "某开发区商务局", None, 150, 150, None, 10]
    assert ws.cell(row=header + 1, column=3).hyperlink.location == "'103001001 招商费用'!A1"
    total = [ws.cell(row=header + 3, column=c).value for c in (1, 6, 7, 8, 9)]
    assert total == ["合计", 8150, 8150, None, 19]  # 150 + 8000; 10 + 9 indicators


def test_fund_sources_and_units(tmp_path: Path) -> None:
    """Amounts given in 元 are shown in 万元; every source keeps a row of its own."""
    project = Project(
        code="X1",
        name="测试项目",
        funds=Funds(
            total=Money(Decimal("1500000"), MoneyUnit.YUAN),
            lines=[
                FundLine("一般公共预算财政拨款", Money(Decimal("1000000"), MoneyUnit.YUAN)),
                FundLine("其他资金", Money(Decimal("200000"), MoneyUnit.YUAN)),
                FundLine("上级补助", Money(Decimal("300000"), MoneyUnit.YUAN)),
            ],
        ),
        indicators=[Indicator("产出指标", "数量指标", "培训人次", None,
                              parse_target("≥500人次", level2="数量指标"), "计划标准",
                              weight=Decimal("12.5"))],
    )
    path = write_targets_xlsx(Plan(year=2024, projects=[project]), tmp_path / "f.xlsx")
    wb = load_workbook(path)
    back = read_project_sheet(wb["X1 测试项目"], 2024)
    assert back["funds"] == {
        "年度资金总额": 150,
        "其中：财政拨款": 100,
        "其他资金": 20,
        "上级补助": 30,
    }
    assert back["header"][8] == "权重（分）"  # a weight column appears only with weights
    row = back["indicators"][0]
    assert row["weight"] == 12.5
    assert row["cells"] == ["≥", 500, "人次"]
    summary = wb[SUMMARY_SHEET]
    h = _label_row(summary, "序号")
    # summary: 其他资金 column sums every non-fiscal source: 20 + 30
    assert [summary.cell(row=h + 1, column=c).value for c in (6, 7, 8)] == [150, 100, 50]


def test_long_spending_plan_wraps_into_row_pairs(tmp_path: Path) -> None:
    plan_points = [Checkpoint(f"{m}月底", m, Decimal(m * 100) / 12) for m in range(1, 13)]
    project = Project(code="P", name="月度计划", spending_plan=plan_points)
    path = write_targets_xlsx(Plan(year=2023, projects=[project]), tmp_path / "m.xlsx")
    back = read_project_sheet(load_workbook(path)["P 月度计划"], 2023)
    assert [label for label, _ in back["plan"]] == [f"{m}月底" for m in range(1, 13)]
    assert back["plan"][0][1] == pytest.approx(1 / 12, abs=1e-9)
    assert back["plan_formats"][0] == "0.000000%"  # 8.333…%: six places shown at most
    assert back["plan"][11][1] == 1 and back["plan_formats"][11] == "0%"


def test_template_is_blank_with_categories_and_checks(tmp_path: Path) -> None:
    path = write_template_xlsx(tmp_path / "blank.xlsx", load_profile("national"), year=2024)
    wb = load_workbook(path)
    assert wb.sheetnames == [SUMMARY_SHEET, "项目1"]
    ws = wb["项目1"]
    assert ws["A2"].value == "（2024年度）"
    r = _label_row(ws, "项目编码")
    assert ws.cell(row=r, column=2).value is None
    assert ws.cell(row=r, column=2).number_format == "@"
    plan_row = _label_row(ws, "资金支出计划（%）")
    assert [ws.cell(row=plan_row, column=c).value for c in range(2, 6)] == [
        "3月底", "6月底", "9月底", "12月底"]
    header = _label_row(ws, "一级指标")
    pairs = template_categories(load_profile("national"))
    assert pairs[:4] == [("产出指标", "数量指标"), ("产出指标", "质量指标"),
                         ("产出指标", "时效指标"), ("产出指标", "成本指标")]
    # a category listed under several level-1 categories is offered once, under the last
    assert ("满意度指标", "服务对象满意度指标") in pairs
    assert ("效益指标", "服务对象满意度指标") not in pairs
    assert ("成本指标", "经济成本指标") in pairs and ("产出指标", "经济成本指标") not in pairs
    rows = len(pairs) * 2 + 10
    assert _merged_value(ws, header + 1, 1) == "产出指标"
    assert _merged_value(ws, header + 2, 2) == "数量指标"
    assert all(ws.cell(row=r, column=c).value is None
               for r in range(header + 1, header + rows + 1) for c in range(3, 9))
    lists = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation
             if dv.type == "list"}
    assert lists['"≥,≤,="'] == f"E{header + 1}:E{header + rows}"
    level1 = next(dv for dv in ws.data_validations.dataValidation
                  if dv.type == "list" and "产出指标" in (dv.formula1 or "")
                  and "数量指标" not in (dv.formula1 or ""))
    assert level1.errorStyle == "warning"  # 效果指标 and other aliases stay allowed
    assert str(level1.sqref) == f"A{header + 1}:A{header + rows}"
    funds = next(dv for dv in ws.data_validations.dataValidation
                 if dv.type == "decimal" and dv.operator == "greaterThanOrEqual"
                 and dv.promptTitle == "项目资金")
    assert len(str(funds.sqref).split()) == 3  # 年度资金总额, 财政拨款, 其他资金


def test_sheet_titles_are_valid_and_unique() -> None:
    assert sheet_title("项目/一:二[三]", []) == "项目_一_二_三_"
    assert sheet_title("汇总", ["汇总"]) == "汇总(2)"
    long = "103001001 " + "很长的项目名称" * 6
    title = sheet_title(long, [])
    assert len(title) == 31 and title.startswith("103001001 ")
    assert sheet_title(long, [title]) == title[:28] + "(2)"


def test_duplicate_project_labels_get_distinct_sheets(tmp_path: Path) -> None:
    plan = Plan(year=2023, projects=[Project(code="1", name="同名"),
                                     Project(code="1", name="同名")])
    wb = load_workbook(write_targets_xlsx(plan, tmp_path / "d.xlsx"))
    assert wb.sheetnames == [SUMMARY_SHEET, "1 同名", "1 同名(2)"]


def test_wrapped_height_counts_cjk_as_double_width() -> None:
    assert text_width("ab招商") == 6
    one = wrapped_height("招商" * 5, 22)  # width 20 fits in 20.5 units: one line
    two = wrapped_height("招商" * 6, 22)  # width 24: two lines
    assert two > one
    assert wrapped_height(None, 10, minimum_lines=2) == pytest.approx(28.5)


def test_seed_workbook_round_trips_through_the_excel_ingester(seed_book: Path) -> None:
    """Export, then import with the file ingester: the same projects come back.

    The 汇总 sheet is recognised as a list of projects (jixiao.ingest.sheets): it makes no
    project, leaves nothing over, and agrees with the project sheets.
    """
    from jixiao.ingest.files import parse_document

    plan = _seed()
    back = parse_document(seed_book)
    assert back.year == 2023
    assert back.department == plan.department  # 部门：… of the 汇总 sheet
    read = back.projects
    assert [p.code for p in read] == ["103001001", "103001002"]
    assert all(p.source is not None and p.source.sheet != SUMMARY_SHEET for p in read)
    assert [lo for lo in back.leftovers
            if lo.source is not None and lo.source.sheet == SUMMARY_SHEET] == []
    for original, project in zip(plan.projects, read, strict=True):
        assert project.name == original.name
        assert project.purpose == original.purpose
        assert project.goal == original.goal
        assert project.department == plan.department  # the 主管部门 cell
        assert original.funds.total is not None and project.funds.total is not None
        assert project.funds.total.to_yuan() == original.funds.total.to_yuan()
        assert [(f.source, f.amount.to_yuan()) for f in project.funds.lines] == [
            (f.source, f.amount.to_yuan()) for f in original.funds.lines]
        assert [(c.label, c.month, c.percent) for c in project.spending_plan] == [
            (c.label, c.month, c.percent) for c in original.spending_plan]
        assert len(project.indicators) == len(original.indicators)
        for a, b in zip(original.indicators, project.indicators, strict=True):
            assert (b.level1, b.level2, b.level3, b.description, b.basis) == (
                a.level1, a.level2, a.level3, a.description, a.basis)
            _same_target(b.target, a.target)
            # every row cites its sheet and cell
            assert b.source is not None and b.source.sheet == f"{original.code} {original.name}"
            assert b.source.cell
