"""Budget adjustments during the year (预算调整): the 调整后预算数 that 执行率 is measured on.

A CSV/XLSX with a project code and either the budget after adjustment (``调整后预算数``,
``cur_amt``) or the change (``调整金额``, positive = 追加, negative = 调减), optionally a date
(``调整日期``) and a note. Units come from the header brackets (``调整后预算数(万元)``) or the
profile's ``[monitor.adjustments] default_amount_unit`` (万元, as budgets are written).

The adjusted budget of a project is its last ``调整后预算数`` (by date, then row order) if
any, otherwise its original budget plus every change. Rows dated after the as-of date are
not applied; every row that is not applied is reported with its row number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from jixiao.domain.errors import InputError
from jixiao.domain.model import Plan, SourceRef
from jixiao.domain.money import MoneyUnit
from jixiao.domain.text import normalize
from jixiao.ingest.tabular import Cell, cell_text, header_unit, iter_rows
from jixiao.monitor.ledger import find_header, parse_amount, parse_date
from jixiao.monitor.progress import ProgressIssue
from jixiao.monitor.rules import MonitorRules

ADJUSTMENT_COLUMNS: dict[str, list[str]] = {
    "project_code": ["项目编码", "项目代码", "项目编号", "pro_code", "code"],
    "adjusted": [
        "调整后预算数",
        "调整后预算",
        "全年预算数",
        "调整后金额",
        "cur_amt",
        "adjusted_budget",
    ],
    "change": ["调整金额", "调整数", "追加调减金额", "调整额", "adj_amt", "change"],
    "date": ["调整日期", "日期", "批复日期", "date"],
    "note": ["备注", "调整原因", "说明", "note"],
}


@dataclass(slots=True)
class BudgetAdjustment:
    """One applied row: a new total or a change, in 元."""

    project_code: str
    yuan: Decimal
    absolute: bool
    day: date | None
    note: str | None
    source: SourceRef


@dataclass(slots=True)
class AdjustmentData:
    """Applied adjustments by project code, and the rows not applied."""

    file: str | None
    adjustments: dict[str, list[BudgetAdjustment]] = field(default_factory=dict)
    issues: list[ProgressIssue] = field(default_factory=list)

    def adjusted_yuan(self, code: str, original_yuan: Decimal | None) -> Decimal | None:
        """The budget after adjustment (元); ``original_yuan`` when there is none."""
        rows = self.adjustments.get(code, [])
        absolute = [a for a in rows if a.absolute]
        if absolute:
            last = max(enumerate(absolute), key=lambda ia: (ia[1].day or date.min, ia[0]))[1]
            return last.yuan
        changes = [a.yuan for a in rows]
        if not changes:
            return original_yuan
        return (original_yuan or Decimal(0)) + sum(changes, Decimal(0))


def read_adjustments(
    path: str | Path, plan: Plan, as_of: date, rules: MonitorRules
) -> AdjustmentData:
    """Read a budget adjustment file and check each row against the plan and the date."""
    p = Path(path)
    it = iter_rows(p)
    header, cols, _titles = find_header(
        it, ADJUSTMENT_COLUMNS, ("project_code",), rules.header_search_rows, p.name, "预算调整表"
    )
    if "adjusted" not in cols and "change" not in cols:
        raise InputError(
            "预算调整表需要 调整后预算数 或 调整金额 列", SourceRef(file=p.name, row=header.number)
        )
    units: dict[str, MoneyUnit] = {}
    for f in ("adjusted", "change"):
        if f in cols:
            written = header_unit(header.cells, cols[f])
            try:
                units[f] = MoneyUnit.parse(written) if written else rules.adjustments_default_unit
            except ValueError as exc:
                raise InputError(
                    f"金额单位 {written!r} 无法识别", SourceRef(file=p.name, row=header.number)
                ) from exc
    codes = {normalize(pr.code): pr.code for pr in plan.projects if pr.code}
    data = AdjustmentData(file=p.name)
    for row in it:
        cells = row.cells
        if all(not cell_text(c) for c in cells):
            continue

        def cell(name: str, cells: tuple[Cell, ...] = cells) -> Cell:
            i = cols.get(name)
            return cells[i] if i is not None and i < len(cells) else None

        code_text = cell_text(cell("project_code"))
        code = codes.get(normalize(code_text))
        if code is None:
            why = "项目编码为空" if not code_text else f"项目编码 {code_text} 不在计划中"
            data.issues.append(ProgressIssue(f"{why}, 未调整", row.source))
            continue
        raw_date = cell("date")
        day = parse_date(raw_date) if cell_text(raw_date) else None
        if cell_text(raw_date) and day is None:
            data.issues.append(
                ProgressIssue(f"调整日期无效: {cell_text(raw_date)!r}, 未调整", row.source)
            )
            continue
        if day is not None and day > as_of:
            data.issues.append(
                ProgressIssue(f"调整日期 {day} 晚于截止日期 {as_of}, 未调整", row.source, "warning")
            )
            continue
        found = False
        for f, absolute in (("adjusted", True), ("change", False)):
            raw = cell(f)
            if not cell_text(raw):
                continue
            amount = parse_amount(raw)
            if amount is None:
                data.issues.append(
                    ProgressIssue(f"金额无效: {cell_text(raw)!r}, 未调整", row.source)
                )
                found = True
                break
            data.adjustments.setdefault(code, []).append(
                BudgetAdjustment(
                    code,
                    amount * units[f].factor,
                    absolute,
                    day,
                    cell_text(cell("note")) or None,
                    row.source,
                )
            )
            found = True
            break
        if not found:
            data.issues.append(ProgressIssue("调整后预算数与调整金额都为空, 未调整", row.source))
    for code, rows in data.adjustments.items():
        if any(a.absolute for a in rows) and any(not a.absolute for a in rows):
            first_change = next(a for a in rows if not a.absolute)
            data.issues.append(
                ProgressIssue(
                    f"项目 {code} 既有调整后预算数又有调整金额: 以调整后预算数为准, 调整金额未使用",
                    first_change.source,
                    "warning",
                )
            )
    return data
