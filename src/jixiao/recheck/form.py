"""A published self-evaluation form as read (已公开的绩效自评表).

:class:`PublishedForm` keeps what a published 项目支出绩效自评表 says, as written: the money
block (年度资金总额 / 其中: 财政拨款 / 其他资金 rows × 年初预算数, 全年预算数, 全年执行数, 分值,
执行率, 得分), the annual goal and what was achieved, the indicator rows (一级/二级/三级指标,
年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施), 总分 and 评价等级 — every cell with
the place it came from, plus what the reader could not find (``missing``) and what the unit
left blank (``unfilled``). Numbers are kept as text; :func:`number` and :func:`percent` read
them as exact decimals when the re-check needs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from jixiao.domain.model import SourceRef

__all__ = [
    "IndicatorRow",
    "MoneyRow",
    "PublishedForm",
    "is_blank",
    "number",
    "percent",
]

_NUMBER = re.compile(r"^[+-]?(?:\d[\d,，]*(?:\.\d+)?|\.\d+)$")
_PERCENT = re.compile(r"^([+-]?(?:\d[\d,，]*(?:\.\d+)?|\.\d+))\s*[%％]$")
_SCORE_SUFFIX = re.compile(r"\s*(?:分|万元|元)$")
#: Cells that stand for "nothing here" on published forms.
BLANKS = frozenset({"", "/", "-", "—", "——", "－", "\\", "无", "空", "…", "……", "...", "——/"})


def is_blank(text: str | None) -> bool:
    """An empty cell or a placeholder (``/``, ``-``, ``—``, ``无``)."""
    return text is None or text.strip() in BLANKS


def number(text: str | None) -> Decimal | None:
    """A plain number as written (``89.974``, ``1,234.5``, ``8分``); ``None`` otherwise."""
    if text is None:
        return None
    t = _SCORE_SUFFIX.sub("", text.strip().replace(" ", ""))
    if not _NUMBER.match(t):
        return None
    try:
        return Decimal(t.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


def percent(text: str | None) -> Decimal | None:
    """A rate in percent: ``86%`` → 86, ``100.00%`` → 100; a bare number ≤ 1 is a fraction
    (``0.98`` → 98, ``1`` → 100), a bare number above 1 is already percent."""
    if text is None:
        return None
    t = text.strip().replace(" ", "")
    m = _PERCENT.match(t)
    if m:
        try:
            return Decimal(m.group(1).replace(",", "").replace("，", ""))
        except InvalidOperation:
            return None
    value = number(t)
    if value is None:
        return None
    return value * 100 if value <= 1 else value


@dataclass(slots=True)
class MoneyRow:
    """One row of the money block, as written (amounts in the form's unit, 万元 by default).

    ``label`` as printed (``其中：本年财政拨款``), ``source`` the profile's canonical fund
    source (``财政拨款``) and ``is_total`` for the 年度资金总额 row; ``cells`` says where each
    value was read (by column: ``initial``, ``adjusted``, ``spent`` …).
    """

    label: str
    source: str
    is_total: bool
    initial: str | None = None  # 年初预算数
    adjusted: str | None = None  # 全年预算数 (调整后预算数)
    spent: str | None = None  # 全年执行数
    points: str | None = None  # 分值 (权重)
    rate: str | None = None  # 执行率
    score: str | None = None  # 得分
    reason: str | None = None  # 原因 (Sichuan forms)
    where: SourceRef | None = None
    glued: bool = False  # read from text whose cell separators were lost
    complete: bool = True  # every column got a cell (or the layout kept empty cells)
    cells: dict[str, SourceRef] = field(default_factory=dict)  # column → where its cell is

    def amount(self, attr: str) -> Decimal | None:
        value: str | None = getattr(self, attr)
        return number(value) if not is_blank(value) else None

    @property
    def has_money(self) -> bool:
        """Any non-zero amount among 年初预算数 / 全年预算数 / 全年执行数."""
        return any((self.amount(a) or 0) != 0 for a in ("initial", "adjusted", "spent"))


@dataclass(slots=True)
class IndicatorRow:
    """One indicator row (三级指标) with the published cells as written.

    ``target`` is the 年度指标值 as one text; forms that split it into 指标性质 / 指标值 /
    度量单位 keep the parts in ``comparator``/``value``/``unit`` (``target`` then joins them).
    ``index`` is the 1-based position among the form's indicator rows; ``cells`` says where
    each value was read (by column: ``actual``, ``weight``, ``score``, ``reason`` …).
    """

    index: int
    level1: str | None
    level2: str | None
    level3: str | None
    target: str | None = None
    actual: str | None = None
    weight: str | None = None
    score: str | None = None
    explanation: str | None = None
    comparator: str | None = None
    value: str | None = None
    unit: str | None = None
    group_points: Decimal | None = None  # points printed beside the level-1 heading
    where: SourceRef | None = None
    cut_off: bool = False  # the form ends inside this row
    glued: bool = False  # read from text whose cell separators were lost
    rule: str | None = None  # 计分规则 (a column of the forms ``jixiao evaluate`` writes)
    cells: dict[str, SourceRef] = field(default_factory=dict)  # column → where its cell is

    @property
    def label(self) -> str:
        return self.level3 or f"第{self.index}个指标"

    @property
    def weight_value(self) -> Decimal | None:
        return None if is_blank(self.weight) else number(self.weight)

    @property
    def score_value(self) -> Decimal | None:
        return None if is_blank(self.score) else number(self.score)

    @property
    def actual_blank(self) -> bool:
        return is_blank(self.actual)

    @property
    def target_blank(self) -> bool:
        if self.value is not None or self.comparator is not None:
            return is_blank(self.value)
        return is_blank(self.target)


#: Columns of the form header that only a self-evaluation form has (实际完成值, 得分).
_EVALUATION_COLUMNS = frozenset({"actual", "score"})
#: Columns of the money block that only a self-evaluation form has (执行数, 执行率, 得分).
_EXECUTION_COLUMNS = frozenset({"spent", "rate", "score"})


@dataclass(slots=True)
class PublishedForm:
    """Everything one published self-evaluation form says (one project).

    ``labels`` are the normalised header labels seen (for template detection),
    ``execution_points``/``indicator_points``/``group_points`` the points printed in headings
    (``预算执行情况(10分)``, ``绩效指标(90分)``, ``产出指标(50分)``). ``missing`` lists the parts
    of the form that were not found (a cut-off copy), ``notes`` what the reader had to guess.
    """

    file: str | None = None
    number: int = 1  # position of the form in its file
    title: str | None = None
    project: str | None = None
    code: str | None = None  # 项目编码, when the form prints one
    department: str | None = None
    unit_name: str | None = None
    year: int | None = None
    money_unit: str = "万元"
    money_columns: list[str] = field(default_factory=list)
    money: list[MoneyRow] = field(default_factory=list)
    goal: str | None = None
    outcome: str | None = None
    indicator_columns: list[str] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    total: str | None = None  # 总分 as printed
    total_points: str | None = None  # the points column of the 总分 row (usually 100)
    grade: str | None = None
    execution_points: Decimal | None = None
    indicator_points: Decimal | None = None
    group_points: dict[str, Decimal] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    text: str = ""  # the normalised text of the whole form (markers)
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    where: SourceRef | None = None

    @property
    def label(self) -> str:
        """How to name the form to a user: project name, else file and position."""
        if self.project:
            return self.project
        name = self.file or "(表)"
        return f"{name} 第{self.number}张表"

    @property
    def total_row(self) -> MoneyRow | None:
        for row in self.money:
            if row.is_total:
                return row
        return None

    @property
    def source_rows(self) -> list[MoneyRow]:
        return [row for row in self.money if not row.is_total]

    @property
    def total_value(self) -> Decimal | None:
        return None if is_blank(self.total) else number(self.total)

    @property
    def is_empty(self) -> bool:
        return not self.money and not self.indicators and self.total is None

    @property
    def is_self_evaluation(self) -> bool:
        """Whether this is a self-evaluation form (自评表), not a target table (目标表).

        The reader finds a "form" in any indicator table, also in a target table that has
        neither 实际完成值 nor 得分. A form counts when its indicator header has an 实际完成值
        or 得分 column, or its money block has rows and a 执行数/执行率/得分 column, or it
        prints a 总分.
        """
        if _EVALUATION_COLUMNS & set(self.indicator_columns):
            return True
        if self.money and _EXECUTION_COLUMNS & set(self.money_columns):
            return True
        return self.total is not None
