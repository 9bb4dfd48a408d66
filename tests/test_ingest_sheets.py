"""Workbooks that are not project tables (jixiao.ingest.sheets) read back by parse_document.

The 汇总 sheet of the 项目支出绩效目标表 workbook is a list of projects: it makes no project,
leaves nothing over, gives the department, and is checked against the project sheets. The
部门整体支出绩效目标表 gives the department, year, overall goal, sub-goals, measures and the
project list. Both are recognised by their labels, whatever the sheet is called.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from answer_key import plan_from_answer_key
from jixiao.domain.model import Indicator, Leftover, Measure, Plan, SourceRef
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.values import parse_target
from jixiao.export.department_xlsx import SHEET, write_department_sheet, write_department_xlsx
from jixiao.export.targets_xlsx import SUMMARY_SHEET, targets_workbook, write_targets_xlsx
from jixiao.ingest.files import parse_document
from jixiao.ingest.grid import Grid, GridCell, TextBlock
from jixiao.ingest.sheets import split_tables


def _seed() -> Plan:
    plan = plan_from_answer_key()
    plan.department = "某开发区商务局"
    return plan


def _on(leftovers: list[Leftover], sheet: str) -> list[Leftover]:
    return [lo for lo in leftovers if lo.source is not None and lo.source.sheet == sheet]


def _at(leftovers: list[Leftover], sheet: str, cell: str) -> Leftover:
    found = [lo for lo in _on(leftovers, sheet) if lo.source and lo.source.cell == cell]
    assert len(found) == 1, [(lo.source, lo.reason) for lo in leftovers]
    return found[0]


# ------------------------------------------------------------------ 项目汇总表


@pytest.fixture
def targets_book(tmp_path: Path) -> Path:
    return write_targets_xlsx(_seed(), tmp_path / "targets.xlsx")


def test_summary_sheet_makes_no_project_and_leaves_nothing(targets_book: Path) -> None:
    plan = parse_document(targets_book)
    assert [p.code for p in plan.projects] == ["103001001", "103001002"]
    assert all(p.source is not None and p.source.sheet != SUMMARY_SHEET for p in plan.projects)
    assert _on(plan.leftovers, SUMMARY_SHEET) == []
    assert plan.department == "某开发区商务局"  # from 部门：… of the summary
    assert plan.year == 2023


def test_summary_disagreeing_with_the_project_sheets_is_reported(
    targets_book: Path, tmp_path: Path
) -> None:
    wb = load_workbook(targets_book)
    ws = wb[SUMMARY_SHEET]
    assert ws["I5"].value == 10 and ws["F6"].value == 8000
    ws["I5"] = 11  # the first project has 10 indicators
    ws["F6"] = 8100  # the second project's total is 8000 万元
    ws.unmerge_cells("A7:E7")  # a listed project that has no sheet, before 合计
    ws.insert_rows(7)
    for col, value in zip("ABCDEFGHIJ", (3, "103001003", "会展补助", "某开发区商务局", None,
                                          50, 50, None, 4, "举办展会"), strict=True):
        ws[f"{col}7"] = value
    ws.merge_cells("A8:E8")
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)

    plan = parse_document(edited)
    assert [p.code for p in plan.projects] == ["103001001", "103001002"]  # still no project
    leftovers = _on(plan.leftovers, SUMMARY_SHEET)
    assert len(leftovers) == 3, [(lo.source, lo.reason) for lo in leftovers]
    count = _at(leftovers, SUMMARY_SHEET, "I5")
    assert count.text == "11"
    assert "汇总!I5" in count.reason and "指标数 11" in count.reason and "10 条指标" in count.reason
    assert "103001001 招商费用" in count.reason
    money = _at(leftovers, SUMMARY_SHEET, "F6")
    assert money.text == "8100"
    assert "汇总!F6" in money.reason and "年度资金总额 8100万元" in money.reason
    assert "8000万元" in money.reason
    missing = _at(leftovers, SUMMARY_SHEET, "C7")
    assert missing.text == "103001003 会展补助"
    assert "汇总!C7" in missing.reason and "没有对应的项目绩效目标表" in missing.reason


def test_a_real_world_summary_is_recognised_by_its_header(tmp_path: Path) -> None:
    """Any sheet name, 项目代码, a title line of its own, amounts with the unit in the header."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws["A1"] = "2024年项目支出绩效目标汇总表"
    ws.append([])
    ws.append(["序号", "项目代码", "项目名称", "预算数（万元）", "绩效目标"])
    ws.append([1, "A-001", "道路养护", 120.5, "养护道路30公里"])
    ws.append([2, "A-002", "绿化管护", 80, "管护绿地"])
    ws.append(["合计", None, None, 200.5, None])
    path = tmp_path / "list.xlsx"
    wb.save(path)

    plan = parse_document(path)
    assert plan.projects == []
    assert plan.year == 2024
    # the title line is used up; each listed project without a project table is reported
    assert [(lo.text, lo.source.cell if lo.source else None) for lo in plan.leftovers] == [
        ("A-001 道路养护", "C4"), ("A-002 绿化管护", "C5")]
    assert all("Sheet1!C" in lo.reason for lo in plan.leftovers)


def test_an_indicator_table_with_project_columns_is_not_a_summary() -> None:
    def cell(text: str, ref: str) -> GridCell:
        return GridCell(text, SourceRef(file="w.xlsx", sheet="表", cell=ref))

    header = ["序号", "项目编码", "项目名称", "一级指标", "二级指标", "三级指标", "指标值"]
    body = ["1", "X1", "甲", "产出指标", "数量指标", "培训人数", "≥100人"]
    grid = Grid([[cell(t, f"{c}1") for c, t in zip("ABCDEFG", header, strict=True)],
                 [cell(t, f"{c}2") for c, t in zip("ABCDEFG", body, strict=True)]],
                SourceRef(file="w.xlsx", sheet="表", cell="A1:G2"))
    split = split_tables([grid], file="w.xlsx")
    assert split.grids == [grid] and split.lists == [] and split.departments == []


def test_the_blank_template_summary_makes_no_project(tmp_path: Path) -> None:
    from jixiao.export.targets_xlsx import write_template_xlsx

    plan = parse_document(write_template_xlsx(tmp_path / "template.xlsx", year=2024))
    assert len(plan.projects) == 1  # the sheet 项目1, not the summary
    assert plan.projects[0].source is not None and plan.projects[0].source.sheet == "项目1"
    assert _on(plan.leftovers, SUMMARY_SHEET) == []


# ------------------------------------------------------------------ 部门整体支出绩效目标表


def _check_department(back: Plan, plan: Plan) -> None:
    assert back.department == plan.department
    assert back.year == plan.year
    assert back.overall_goal == plan.overall_goal
    assert [(g.title, g.goal, g.indicators, g.project_codes) for g in back.sub_goals] == [
        (g.title, g.goal, g.indicators, g.project_codes) for g in plan.sub_goals]
    for mine, theirs in zip(back.sub_goals, plan.sub_goals, strict=True):
        assert [(t.level3, t.target.raw, t.target.value, t.target.unit) for t in mine.targets] == [
            (t.level3, t.target.raw, t.target.value, t.target.unit) for t in theirs.targets]
    assert [(m.title, m.text) for m in back.measures] == [(m.title, m.text) for m in plan.measures]


def test_seed_department_table_with_filled_measures_and_codes(tmp_path: Path) -> None:
    plan = _seed()
    plan.sub_goals[0].project_codes = ["103001001", "103001002"]
    plan.sub_goals[2].targets = [_target("办理年检案件数", "≥120件", 2023)]
    plan.measures[0] = Measure("完善制度建设", "修订内部管理制度3项。")
    path = write_department_xlsx(plan, tmp_path / "dept.xlsx")
    back = parse_document(path)
    _check_department(back, plan)
    assert back.leftovers == []
    # every placed item cites sheet and cell
    assert back.sub_goals[0].source == SourceRef(file="dept.xlsx", sheet=SHEET, cell="B11")
    assert back.sub_goals[2].targets[0].source is not None
    assert back.sub_goals[2].targets[0].source.cell == "D14"
    assert back.measures[0].source is not None and back.measures[0].source.cell == "B24"
    assert [(p.code, p.source.cell if p.source else None) for p in back.projects] == [
        ("103001001", "B19"), ("103001002", "B20")]
    assert all(p.indicators == [] for p in back.projects)


def _target(name: str, raw: str, year: int) -> Indicator:
    return Indicator(None, None, name, None, parse_target(raw, year=year))


def test_department_sheet_and_project_sheets_in_one_workbook(tmp_path: Path) -> None:
    plan = _seed()
    wb = targets_workbook(plan)
    write_department_sheet(wb.create_sheet("表一", 0), plan)  # any sheet name
    path = tmp_path / "both.xlsx"
    wb.save(path)

    back = parse_document(path)
    _check_department(back, plan)
    # the projects come from their sheets, with indicators, and are not repeated
    assert [(p.code, len(p.indicators)) for p in back.projects] == [
        ("103001001", 10), ("103001002", 9)]
    assert all(p.source is not None and p.source.sheet != "表一" for p in back.projects)
    assert _on(back.leftovers, "表一") == [] and _on(back.leftovers, SUMMARY_SHEET) == []

    # a project row that disagrees with its sheet, and so with 预算总额 and 合计
    wb = load_workbook(path)
    ws = wb["表一"]
    assert ws["B19"].value == "103001001" and ws["D19"].value == 150
    ws["D19"] = 151
    wb.save(path)
    back = parse_document(path)
    leftovers = _on(back.leftovers, "表一")
    row = _at(leftovers, "表一", "B19")
    assert "表一!B19" in row.reason and "151万元" in row.reason and "150万元" in row.reason
    assert "8151万元" in _at(leftovers, "表一", "C5").reason  # 预算总额 8150 vs the rows
    assert "表一!D21" in _at(leftovers, "表一", "D21").reason  # 合计
    assert len(leftovers) == 3


def test_department_cells_that_cannot_be_placed_are_leftovers(tmp_path: Path) -> None:
    plan = _seed()
    path = write_department_xlsx(plan, tmp_path / "dept.xlsx")
    wb = load_workbook(path)
    ws = wb[SHEET]
    assert ws["B24"].value == "完善制度建设"
    ws["E24"] = "已完成"  # 完成情况: no place in the plan
    ws["D19"] = "约一百五十"  # not an amount
    ws["A35"] = "填报人：张三"
    wb.save(path)
    back = parse_document(path)
    assert back.measures[0].title == "完善制度建设"
    assert "完成情况" in _at(back.leftovers, SHEET, "E24").reason
    assert "无法读出金额" in _at(back.leftovers, SHEET, "D19").reason
    assert "签署栏" in _at(back.leftovers, SHEET, "A35").reason
    assert back.projects[0].funds.total is None  # the cell could not be read
    assert back.projects[1].funds.total == Money(Decimal("8000"), MoneyUnit.WAN)


def test_a_department_table_in_a_word_like_grid_is_recognised() -> None:
    """Without a sheet (Word, HTML, PDF) the table is taken by itself; places are rows."""
    rows = [
        ["部门名称", "某局", "某局"],
        ["总体绩效目标", "做好全年工作。", "做好全年工作。"],
        ["分项绩效目标", "绩效目标", "绩效指标"],
        ["提升服务", "服务更好。", "满意度"],
    ]

    def ref(r: int, c: int) -> SourceRef:
        return SourceRef(file="d.docx", table=1, row=r + 1, column=c + 1)

    cells: list[list[GridCell | None]] = []
    for r, row in enumerate(rows):
        out: list[GridCell | None] = [GridCell(row[0], ref(r, 0))]
        if r < 2:  # the value merged over two columns
            out += [GridCell(row[1], ref(r, 1), colspan=2), None]
        else:
            out += [GridCell(row[1], ref(r, 1)), GridCell(row[2], ref(r, 2))]
        cells.append(out)
    grid = Grid(cells, SourceRef(file="d.docx", table=1))
    note = TextBlock("注：本表由部门填报。", SourceRef(file="d.docx", line=1))
    split = split_tables([note, grid], file="d.docx")
    assert split.grids == [] and split.texts == [note]
    (dept,) = split.departments
    assert (dept.department, dept.overall_goal) == ("某局", "做好全年工作。")
    assert [(g.title, g.goal, g.indicators) for g in dept.sub_goals] == [
        ("提升服务", "服务更好。", ["满意度"])]
    assert dept.sub_goals[0].source == ref(3, 0)
    assert split.leftovers == []
