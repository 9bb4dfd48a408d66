"""The 项目支出绩效自评表 workbook imports back: export → ``read_actuals`` → the same evaluation.

``jixiao evaluate -f xlsx`` writes one 自评表 per sheet; reading that workbook as actuals must
give back every indicator's 实际完成值, 得分 (where the evaluator gives it) and explanation,
the outcome, the fund amounts and the execution reason — and a workbook a user edited in
Excel (numbers typed as numbers, cells cleared) must read back exactly those edits.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from answer_key import plan_from_answer_key
from jixiao.domain.errors import InputError
from jixiao.domain.model import Plan
from jixiao.domain.money import Money, MoneyUnit
from jixiao.evaluate import evaluate_plan, read_actuals
from jixiao.evaluate.actuals import Actuals, IndicatorActual, ProjectActuals
from jixiao.evaluate.report import evaluation_to_dict
from jixiao.evaluate.results import Evaluation
from jixiao.export.evaluation_xlsx import write_evaluation_xlsx

D = Decimal
DEMO = Path(__file__).resolve().parents[1] / "examples" / "seed" / "actuals.yaml"
#: Fields that say where a value came from (the YAML line, the workbook cell).
WHERE_KEYS = frozenset({"source", "text", "actuals_file"})


@pytest.fixture(scope="module")
def plan() -> Plan:
    return plan_from_answer_key()


def _export(plan: Plan, actuals: Actuals, path: Path, profile: str | None = None) -> Evaluation:
    ev = evaluate_plan(plan, actuals, profile)
    write_evaluation_xlsx(ev, path)
    return ev


def _without_where(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_where(v) for k, v in value.items() if k not in WHERE_KEYS}
    if isinstance(value, list):
        return [_without_where(v) for v in value]
    return value


def _cells(ws: Worksheet) -> Iterator[Cell]:
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell, Cell):
                yield cell


def _hits(ws: Worksheet, text: str) -> list[Cell]:
    return [c for c in _cells(ws) if isinstance(c.value, str) and c.value.strip() == text]


def _find(ws: Worksheet, text: str) -> Cell:
    """The cell holding ``text`` (a label or an indicator name)."""
    hits = _hits(ws, text)
    assert len(hits) == 1, (text, [c.coordinate for c in hits])
    return hits[0]


def _at(ws: Worksheet, row_text: str, column_text: str) -> Cell:
    """The cell in the row of ``row_text`` under the nearest heading ``column_text`` above."""
    row = _find(ws, row_text).row
    heading = max((c for c in _hits(ws, column_text) if c.row < row), key=lambda c: c.row)
    return ws.cell(row=row, column=heading.column)


def _row(project: ProjectActuals, level3: str) -> IndicatorActual:
    hits = [r for r in project.indicators if r.level3 == level3]
    assert len(hits) == 1, level3
    return hits[0]


# --- 1. the exported workbook reads back as the actuals it was made from -----------------


@pytest.mark.parametrize("profile", [None, "hubei"])
def test_round_trip_gives_the_same_evaluation(
    plan: Plan, tmp_path: Path, profile: str | None
) -> None:
    first = _export(plan, read_actuals(DEMO), tmp_path / "ev1.xlsx", profile)
    back = read_actuals(tmp_path / "ev1.xlsx")
    assert back.file == "ev1.xlsx" and back.year == 2023
    assert back.note == first.actuals_note and back.note and "演示数据" in back.note
    second = evaluate_plan(plan, back, profile)

    assert len(second.projects) == len(first.projects) == 2
    for a, b in zip(first.projects, second.projects, strict=True):
        assert b.project.code == a.project.code
        assert (b.total, b.grade) == (a.total, a.grade)
        assert b.total_exact == a.total_exact
        assert b.execution.score == a.execution.score
        assert b.execution_rate == a.execution_rate
        assert b.outcome == a.outcome and b.outcome
        assert b.execution_reason == a.execution_reason
        assert [f.source for f in b.funds] == [f.source for f in a.funds]
        for fa, fb in zip([*a.funds, a.total_funds], [*b.funds, b.total_funds], strict=True):
            for attr in ("initial", "adjusted", "spent"):
                ma: Money | None = getattr(fa, attr)
                mb: Money | None = getattr(fb, attr)
                assert (mb.to_yuan() if mb else None) == (ma.to_yuan() if ma else None), attr
        assert len(b.indicators) == len(a.indicators)
        for ra, rb in zip(a.indicators, b.indicators, strict=True):
            assert rb.indicator.level3 == ra.indicator.level3
            assert rb.actual_text == ra.actual_text
            assert rb.score == ra.score and rb.weight == ra.weight
            assert rb.result.rule == ra.result.rule
            assert rb.explanation == ra.explanation
            assert rb.claimed_score == ra.claimed_score
        assert [i.code for i in b.issues] == [i.code for i in a.issues]
    assert second.department.score == first.department.score
    # everything else too, apart from where the values were read
    assert _without_where(evaluation_to_dict(second)) == _without_where(evaluation_to_dict(first))


def test_round_trip_carries_the_execution_reason_and_is_stable(plan: Plan, tmp_path: Path) -> None:
    first = _export(plan, read_actuals(DEMO), tmp_path / "ev1.xlsx")
    reason = first.projects[1].execution_reason
    assert reason and "调减预算" in reason  # 103001002: 执行率 85.5% needs a reason
    back = read_actuals(tmp_path / "ev1.xlsx")
    assert back.projects[1].execution_reason == reason
    # a second export of the re-read evaluation reads back the same again
    second = _export(plan, back, tmp_path / "ev2.xlsx")
    again = evaluate_plan(plan, read_actuals(tmp_path / "ev2.xlsx"))
    assert _without_where(evaluation_to_dict(again)) == _without_where(evaluation_to_dict(second))


def test_read_back_values_and_places(plan: Plan, tmp_path: Path) -> None:
    _export(plan, read_actuals(DEMO), tmp_path / "ev.xlsx")
    back = read_actuals(tmp_path / "ev.xlsx")
    one = back.find("103001001")
    assert one is not None and one.name == "招商费用"
    assert one.where is not None and one.where.sheet == "103001001"
    # only the fund rows with amounts: 年度资金总额 and 财政拨款, in the form's 万元
    assert [f.source for f in one.funds] == ["年度资金总额", "财政拨款"]
    assert one.funds[1].spent == Money(D("147.6"), MoneyUnit.WAN)
    assert one.funds[1].spent.to_yuan() == D(1476000)
    qualitative = _row(one, "促进经济增长")
    assert (qualitative.actual, qualitative.score) == ("达成年度指标", D(9))
    assert qualitative.where is not None and qualitative.where.sheet == "103001001"
    # a score the rule computed from 实际完成值 is not read as the unit's claim
    assert _row(one, "签约项目").score is None
    # the plan's blank row carries nothing and is left out
    assert all(r.level3 for r in one.indicators) and len(one.indicators) == 9


# --- 2. a workbook the user edited in Excel -------------------------------------------------


def test_user_edits_read_back_exactly(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "自评表.xlsx"
    original = read_actuals(DEMO)
    _export(plan, original, path)
    wb = load_workbook(path)
    ws = wb["103001001"]
    _at(ws, "签约项目", "实际完成值").value = 12  # a number, no unit
    done = _at(ws, "项目完成率", "实际完成值")
    done.value, done.number_format = 0.95, "0%"  # typed as 95%
    when = _at(ws, "完成时间", "实际完成值")
    when.value, when.number_format = datetime(2023, 12, 25), "yyyy/m/d"  # typed as a date
    _at(ws, "促进经济增长", "得分").value = 8.5  # the evaluator's score of a 定性 row
    _at(ws, "增加就业", "偏差原因分析及改进措施").value = None  # explanation cleared
    _at(ws, "其中：财政拨款", "全年执行数").value = 140
    _at(ws, "年度资金总额", "全年执行数").value = 140
    heading = _find(ws, "实际完成情况")
    outcome = ws.cell(row=heading.row + 1, column=heading.column)
    outcome.value = "全年组织招商推介活动 10 场。"
    wb.save(path)

    back = read_actuals(path)
    one = back.find("103001001")
    assert one is not None
    assert _row(one, "签约项目").actual == "12"
    assert _row(one, "项目完成率").actual == "95%"
    assert _row(one, "完成时间").actual == "2023-12-25"
    assert _row(one, "促进经济增长").score == D("8.5")
    cleared = _row(one, "增加就业")
    assert cleared.explanation is None and cleared.actual == "1850人"
    assert [f.spent for f in one.funds] == [Money(D(140), MoneyUnit.WAN)] * 2
    assert [f.adjusted for f in one.funds] == [Money(D(150), MoneyUnit.WAN)] * 2
    assert one.outcome == "全年组织招商推介活动 10 场。"
    # what the user did not touch reads as before
    before = original.find("103001001")
    assert before is not None
    for level3 in ("跨境电商交易额", "预算资金完成率", "开发区经济稳步发展", "投资者满意度"):
        old, new = _row(before, level3), _row(one, level3)
        assert (new.actual, new.score, new.explanation) == (old.actual, old.score, old.explanation)
    two, two_before = back.find("103001002"), original.find("103001002")
    assert two is not None and two_before is not None
    assert [(r.level3, r.actual, r.explanation) for r in two.indicators] == [
        (r.level3, r.actual, r.explanation) for r in two_before.indicators
    ]

    ev = evaluate_plan(plan, back).projects[0]
    assert ev.execution_rate == D(140) / D(150)
    rows = {r.indicator.level3: r for r in ev.indicators}
    assert rows["签约项目"].score == D(12) / D(15) * 10  # 12 of 15 个 on 10 points
    assert rows["项目完成率"].score == D("9.5")
    assert rows["完成时间"].result.rule == "time_deadline" and rows["完成时间"].score == 10
    assert rows["促进经济增长"].score == D("8.5")
    assert "funds_total_mismatch" not in {i.code for i in ev.issues}


def test_score_typed_over_a_zero_is_read(plan: Plan, tmp_path: Path) -> None:
    """A 定性 row left empty (得分 0 by the rule): the user fills 实际完成值 and 得分."""
    actuals = read_actuals(DEMO)
    one = actuals.find("103001001")
    assert one is not None
    one.indicators = [r for r in one.indicators if r.level3 != "促进经济增长"]
    path = tmp_path / "blank.xlsx"
    first = _export(plan, actuals, path)
    assert next(r for r in first.projects[0].indicators if r.index == 6).score == 0
    wb = load_workbook(path)
    ws = wb["103001001"]
    assert _at(ws, "促进经济增长", "得分").value == 0
    _at(ws, "促进经济增长", "实际完成值").value = "达成年度指标"
    _at(ws, "促进经济增长", "得分").value = 9
    wb.save(path)
    row = _row(read_actuals(path).projects[0], "促进经济增长")
    assert (row.actual, row.score) == ("达成年度指标", D(9))
    # a 0 left in a row whose actual is still empty is not a score
    untouched = _row(read_actuals(path).projects[0], "签约项目")
    assert untouched.score is None


def test_form_without_rule_column_reads_weights_and_scores(plan: Plan, tmp_path: Path) -> None:
    """A form in the same layout but without 计分规则 (not written by jixiao): 分值 and 得分
    are the unit's and read as written."""
    path = tmp_path / "own.xlsx"
    _export(plan, read_actuals(DEMO), path)
    wb = load_workbook(path)
    ws = wb["103001002"]
    rule = _find(ws, "计分规则")
    for r in range(rule.row, _find(ws, "总分").row):  # the heading and the indicator rows
        ws.cell(row=r, column=rule.column).value = None
    wb.save(path)
    two = read_actuals(path).find("103001002")
    assert two is not None
    row = _row(two, "实际利用外资到位数")
    assert (row.weight, row.score) == (D("12.5"), D("9.29"))
    # the generated sheet next to it still leaves them to the plan and the rules
    one = read_actuals(path).find("103001001")
    assert one is not None and _row(one, "签约项目").weight is None


# --- 3. damaged forms say sheet and cell ----------------------------------------------------


def test_non_number_amount_names_sheet_and_cell(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    _export(plan, read_actuals(DEMO), path)
    wb = load_workbook(path)
    cell = _at(wb["103001001"], "其中：财政拨款", "全年执行数")
    cell.value = "十万"
    wb.save(path)
    with pytest.raises(InputError) as exc:
        read_actuals(path)
    err = exc.value
    assert err.source is not None
    assert (err.source.file, err.source.sheet, err.source.cell) == (
        "bad.xlsx",
        "103001001",
        cell.coordinate,
    )
    assert f"103001001!{cell.coordinate}" in str(err) and "全年执行数" in str(err)
    assert "十万" in str(err)


def test_non_number_score_names_the_cell(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    _export(plan, read_actuals(DEMO), path)
    wb = load_workbook(path)
    cell = _at(wb["103001002"], "促进经济增长", "得分")
    cell.value = "优秀"
    wb.save(path)
    with pytest.raises(InputError) as exc:
        read_actuals(path)
    src = exc.value.source
    assert src is not None and (src.sheet, src.cell) == ("103001002", cell.coordinate)
    assert "得分" in str(exc.value) and "促进经济增长" in str(exc.value)


def test_sheet_without_indicator_table_names_the_sheet(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "cut.xlsx"
    _export(plan, read_actuals(DEMO), path)
    wb = load_workbook(path)
    ws = wb["103001002"]
    header = _find(ws, "三级指标").row
    for merged in list(ws.merged_cells.ranges):
        if merged.max_row >= header:
            ws.unmerge_cells(str(merged))
    ws.delete_rows(header, ws.max_row - header + 1)
    wb.save(path)
    with pytest.raises(InputError) as exc:
        read_actuals(path)
    src = exc.value.source
    assert src is not None and (src.file, src.sheet) == ("cut.xlsx", "103001002")
    assert "绩效指标表" in str(exc.value) and "103001002" in str(exc.value)


def test_duplicate_project_sheet_is_an_error(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "dup.xlsx"
    _export(plan, read_actuals(DEMO), path)
    wb = load_workbook(path)
    copy = wb.copy_worksheet(wb["103001001"])
    copy.title = "副本"
    wb.save(path)
    with pytest.raises(InputError) as exc:
        read_actuals(path)
    assert exc.value.source is not None and exc.value.source.sheet == "副本"
    assert "103001001" in str(exc.value) and "重复" in str(exc.value)


def test_flat_table_workbook_still_reads_as_a_table(tmp_path: Path) -> None:
    """A one-sheet table with 项目编码 and 实际完成值 columns is not a form."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["项目编码", "项目名称", "三级指标", "实际完成值", "全年执行数(元)"])
    ws.append(["103001001", "招商费用", "签约项目", 20, None])
    ws.append(["103001001", "招商费用", None, None, 1476000])
    path = tmp_path / "flat.xlsx"
    wb.save(path)
    p = read_actuals(path).projects[0]
    assert p.code == "103001001" and p.indicators[0].actual == "20"
    assert p.funds[0].spent == Money(D(1476000), MoneyUnit.YUAN)
