"""Figures every export shows the same way (导出公用数据): fund rows, department sums, targets.

Pure functions over the Plan (no openpyxl, no Jinja): the Excel tables, the flat tables and
the report all take their money rows and target cells from here, so that a figure is formed
in one place. Money sums are exact (Decimal, unit kept); department money is the sum over
projects (DOMAIN.md §6).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from jixiao.domain.model import Plan, Project
from jixiao.domain.money import Money, MoneyUnit, clean_decimal, round_to
from jixiao.domain.target import Target, TargetKind
from jixiao.domain.text import normalize

FISCAL_SOURCE = "财政拨款"
OTHER_SOURCE = "其他资金"
TOTAL_LABEL = "年度资金总额"
FISCAL_LABEL = f"其中：{FISCAL_SOURCE}"


def is_fiscal(source: str) -> bool:
    """财政拨款 / 财政资金 / 财政补助: the fiscal line of the funds."""
    return "财政" in normalize(source)


def add(a: Money | None, b: Money | None) -> Money | None:
    """Sum of two optional amounts (``None`` counts as absent, not as zero)."""
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def total(amounts: Iterable[Money | None]) -> Money | None:
    """Sum of the amounts given; ``None`` when there is none."""
    acc: Money | None = None
    for m in amounts:
        acc = add(acc, m)
    return acc


def fund_rows(project: Project) -> list[tuple[str, Money | None]]:
    """The 项目资金 rows: 年度资金总额, 其中：财政拨款, 其他资金, then any further source by name.

    财政拨款 sums every line whose source names 财政; 其他资金 is the line called so; any other
    source (上级补助, 自有资金 …) keeps a row of its own. Absent amounts are ``None``.
    """
    rows: list[tuple[str, Money | None]] = [(TOTAL_LABEL, project.funds.total)]
    fiscal = [f for f in project.funds.lines if is_fiscal(f.source)]
    other = [
        f for f in project.funds.lines
        if not is_fiscal(f.source) and normalize(f.source) == normalize(OTHER_SOURCE)
    ]
    rest = [f for f in project.funds.lines if f not in fiscal and f not in other]
    rows.append((FISCAL_LABEL, total(f.amount for f in fiscal)))
    rows.append((OTHER_SOURCE, total(f.amount for f in other)))
    rows.extend((f.source, f.amount) for f in rest)
    return rows


def project_budget(project: Project) -> Money | None:
    """年度资金总额: the stated total, else the sum of the fund lines."""
    return project.funds.total or project.funds.sources_total()


@dataclass(frozen=True, slots=True)
class DepartmentBudget:
    """预算汇总: the department's money as the sum over its projects."""

    total: Money | None
    fiscal: Money | None
    other: Money | None


def department_budget(plan: Plan) -> DepartmentBudget:
    """Sum the projects' 年度资金总额, 财政拨款 and all other sources, in 万元."""
    total_: Money | None = None
    fiscal: Money | None = None
    other: Money | None = None
    for p in plan.projects:
        rows = fund_rows(p)
        total_ = add(total_, project_budget(p))
        fiscal = add(fiscal, rows[1][1])
        for _, m in rows[2:]:
            other = add(other, m)
    return DepartmentBudget(*(m.to(MoneyUnit.WAN) if m is not None else None
                              for m in (total_, fiscal, other)))


def project_other(project: Project) -> Money | None:
    """Every source but 财政拨款, summed (the 其他资金 column of summary tables)."""
    return total(m for _, m in fund_rows(project)[2:])


@dataclass(frozen=True, slots=True)
class TargetCells:
    """A target in the split form of the tables: 指标性质, 指标值, 度量单位."""

    comparator: str | None
    value: Decimal | int | str | None
    unit: str | None


def number(d: Decimal | None) -> Decimal | int | None:
    """A Decimal for a numeric cell: integral values as int (``150``), others trimmed."""
    if d is None:
        return None
    c = clean_decimal(d)
    if c == c.to_integral_value():
        return int(c)
    return c


def target_cells(t: Target) -> TargetCells:
    """Split a target into the three entry columns.

    Quantitative: comparator, the number (a range as ``80-90``) and the unit as written.
    Anything else (time, yes/no, qualitative, empty): the text as written in 指标值, no
    comparator and no unit.
    """
    if t.kind is TargetKind.QUANTITATIVE and (t.value is not None or t.lower is not None):
        if t.value is None and t.lower is not None and t.upper is not None:
            return TargetCells(None, f"{number(t.lower)}-{number(t.upper)}", t.unit)
        comparator = t.comparator.value if t.comparator else None
        return TargetCells(comparator, number(t.value), t.unit)
    return TargetCells(None, t.raw.strip() or None, None)


def target_text(t: Target) -> str:
    """The target as shown in reports: the text as written, else the grammar's formatting."""
    if t.raw and t.raw.strip():
        return t.raw.strip()
    if t.kind is TargetKind.EMPTY:
        return ""
    from jixiao.domain.values import format_target

    return format_target(t)


def wan_text(m: Money | None, places: int = 2) -> str:
    """An amount in 万元 for text: ``150``, ``8000``, ``147.6`` (no separators)."""
    if m is None:
        return "—"
    d = m.to(MoneyUnit.WAN).amount
    q = round_to(d, places) if d != d.to_integral_value() else d
    return f"{clean_decimal(q):f}"
