"""Rows of cells → projects and indicators, by what the labels and columns mean (组装).

This is the part of ingestion every reader shares: the text reader gives it the rows of a
flattened document, the PDF/Excel/Word/HTML readers give it the rows of real tables. It
walks the cells in reading order with two states:

*key-value* (表头信息)
    A label cell (:class:`~jixiao.ingest.vocab.Field`: 项目编码, 项目名称, 主管部门, 项目资金,
    年度资金总额, 其中：财政拨款, 主要用途, 资金支出计划, 年度绩效目标 …) takes the cells after
    it, up to the next label, as its value. Labels broken over lines (``项目`` / ``编码``)
    are re-joined; a row of labels followed by a row of values is read column by column.
    A table title (``项目支出绩效目标表``), a second 项目编码/项目名称 or a 部门名称 starts a
    new project (or department) block.
*indicator table* (绩效指标表)
    Column headers (一级指标 … 指标值确定依据; :class:`~jixiao.ingest.vocab.Col`) give the
    column order; the body's rows are rebuilt by :class:`~jixiao.ingest.rows.RowBuilder`
    until a title or a label that starts a new block. Level names without a header start
    a table with the usual columns.

Nothing is dropped: every non-empty cell ends up in the plan (with its location in the
``source`` of what it became, and in :attr:`Assembly.placements`) or in the leftovers
with a reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.domain.model import (
    Checkpoint,
    FundLine,
    Funds,
    Indicator,
    Leftover,
    Plan,
    Project,
    SourceRef,
    SubGoal,
)
from jixiao.domain.money import Money
from jixiao.domain.profile import RuleProfile
from jixiao.domain.values import basis_code, parse_target, parse_target_columns
from jixiao.ingest.cells import Cell, CellLike, CellRow, CellTyper, normalize, span
from jixiao.ingest.funds import (
    fund_source_name,
    parse_amount,
    parse_funds_text,
    parse_spending_plan,
    split_code,
)
from jixiao.ingest.layout import join_pieces
from jixiao.ingest.rows import RowBuilder, RowDraft, Unit
from jixiao.ingest.vocab import (
    Col,
    Field,
    Label,
    LabelKind,
    Vocabulary,
    default_profile,
    vocabulary,
)

__all__ = ["Assembly", "Placement", "assemble", "assemble_plan", "infer_year"]


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a piece of input went (溯源): its location and a short Chinese description."""

    source: SourceRef
    where: str


@dataclass(slots=True)
class Assembly:
    """What the assembler recovered from a sequence of rows."""

    projects: list[Project] = field(default_factory=list)
    sub_goals: list[SubGoal] = field(default_factory=list)
    overall_goal: str | None = None
    department: str | None = None
    unit: str | None = None
    year: int | None = None
    leftovers: list[Leftover] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)

    def to_plan(self, source_file: str | None = None) -> Plan:
        return Plan(
            year=self.year,
            department=self.department,
            unit=self.unit,
            overall_goal=self.overall_goal,
            sub_goals=list(self.sub_goals),
            projects=list(self.projects),
            leftovers=sorted(self.leftovers, key=_leftover_order),
            source_file=source_file,
        )


def _leftover_order(lo: Leftover) -> tuple[int, int, int]:
    s = lo.source
    if s is None:
        return (1 << 30, 0, 0)
    return (s.line or s.row or 0, s.column or 0, s.page or 0)


# --------------------------------------------------------------------------------------------
# Year of the plan
# --------------------------------------------------------------------------------------------

_YEAR_STATED = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(?:度|(?:部门|单位)?(?:整体)?(?:预算|绩效目标|项目支出|部门预算))"
)
_YEAR_TIME = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(?:底|末|年底|年末|度内|内|前|\d{1,2}\s*月\s*(?:底|末|前|\d{1,2}\s*日\s*前))"
)


def infer_year(texts: Iterable[str]) -> int | None:
    """The plan year a document states (``2023年度``, ``2023年部门预算``), else the year its
    time targets point to (``2023年底``), else ``None``."""
    stated: Counter[int] = Counter()
    timed: Counter[int] = Counter()
    for t in texts:
        if "年" not in t:
            continue
        for m in _YEAR_STATED.finditer(t):
            stated[int(m.group(1))] += 1
        for m in _YEAR_TIME.finditer(t):
            timed[int(m.group(1))] += 1
    if stated:
        return stated.most_common(1)[0][0]
    if timed:
        return timed.most_common(1)[0][0]
    return None


# --------------------------------------------------------------------------------------------
# Internal structures
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    cell: Cell
    row: int
    col: int
    width: int
    positional: bool


@dataclass(slots=True)
class _OpenLabel:
    label: Label
    cells: list[Cell]
    row: int
    values: list[_Item] = field(default_factory=list)


@dataclass(slots=True)
class _Table:
    rows: list[RowDraft]
    long_term: bool
    schema: list[Col]
    unknown_headers: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Block:
    """A project (or a department) being read."""

    title: str | None = None
    department_block: bool = False
    code: str | None = None
    name: str | None = None
    department: str | None = None
    unit: str | None = None
    dept_name: str | None = None
    money_unit: str | None = None
    total: Money | None = None
    lines: list[FundLine] = field(default_factory=list)
    purpose: list[str] = field(default_factory=list)
    overview: list[str] = field(default_factory=list)
    spending: list[Checkpoint] = field(default_factory=list)
    goal: str | None = None
    long_goal: str | None = None
    tables: list[_Table] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    next_long_term: bool = False

    @property
    def has_content(self) -> bool:
        return bool(
            self.code
            or self.name
            or self.goal
            or self.tables
            or self.total
            or self.lines
            or self.dept_name
            or self.purpose
            or self.spending
        )


_UNIT_STATEMENT = re.compile(r"^(?:金额)?单位\s*[:：]\s*(亿元|万元|元)$")
_YEAR_CELL = re.compile(r"^[(（]?\s*((?:19|20)\d{2})\s*年度?\s*[)）]?$")
_BRACKET_NOTE = re.compile(r"^[(（]([^()（）]{1,12})[)）]$")
_WEIGHT_IN_NAME = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CODE_TOKEN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]{2,40}$")

_BODY_TERMINATORS = frozenset(
    {
        Field.CODE,
        Field.NAME,
        Field.PARENT_NAME,
        Field.DEPT_NAME,
        Field.END,
        Field.LONG_INDICATORS,
        Field.YEAR_INDICATORS,
        Field.DEPARTMENT,
        Field.DEPT_GOAL,
    }
)
_UNUSED_COLS = {
    Col.ACTUAL: "全年实际完成值",
    Col.REASON: "偏差原因",
    Col.SCORE: "得分",
    Col.NOTE: "备注",
    Col.SCORING: "评分标准",
}


def _as_cell(c: CellLike | None, fallback: SourceRef) -> Cell:
    if c is None:
        return Cell("", fallback)
    if isinstance(c, Cell):
        return c
    return Cell(str(c.text or "").strip(), c.source)


def _as_rows(
    rows: Iterable[CellRow | Sequence[CellLike | None]], file: str | None
) -> list[CellRow]:
    out: list[CellRow] = []
    for n, r in enumerate(rows, start=1):
        if isinstance(r, CellRow):
            out.append(r)
            continue
        cells_in = list(r)
        first = next((c for c in cells_in if c is not None), None)
        fallback = first.source if first is not None else SourceRef(file=file, row=n)
        cells = [_as_cell(c, fallback) for c in cells_in]
        out.append(CellRow(cells, fallback, positional=True))
    return out


# --------------------------------------------------------------------------------------------
# The assembler
# --------------------------------------------------------------------------------------------


class _Assembler:
    def __init__(
        self,
        rows: list[CellRow],
        profile: RuleProfile,
        *,
        year: int | None,
        file: str | None,
        stream: bool,
    ):
        self.profile = profile
        self.vocab: Vocabulary = vocabulary(profile)
        self.typer = CellTyper.for_profile(profile)
        self.file = file
        self.stream = stream
        self.items: list[_Item] = []
        for r_i, row in enumerate(rows):
            cells = row.cells
            width = len(cells)
            for c_i, cell in enumerate(cells):
                if not row.positional and not cell.text.strip() and width > 1:
                    continue
                self.items.append(_Item(cell, r_i, c_i, width, row.positional))
        self.used = [False] * len(self.items)
        self.out = Assembly(year=year)
        self.year = year if year is not None else infer_year(i.cell.text for i in self.items)
        self.out.year = self.year
        self.block: _Block | None = None
        self.label: _OpenLabel | None = None
        self.pending: list[_OpenLabel] = []
        self.doc_money_unit: str | None = None
        self.fit_cache: dict[Any, list[float]] = {}
        self.unknown_headers: list[str] = []

    # -- bookkeeping -----------------------------------------------------------------------

    def place(self, cells: Iterable[Cell], where: str) -> None:
        for c in cells:
            if c.text.strip():
                self.out.placements.append(Placement(c.source, where))

    def leftover(self, cells: Iterable[Cell], reason: str) -> None:
        for c in cells:
            if c.text.strip():
                self.out.leftovers.append(Leftover(c.text.strip(), c.source, reason))

    def use(self, lo: int, hi: int) -> None:
        for k in range(lo, hi):
            self.used[k] = True

    # -- joining labels broken over lines --------------------------------------------------

    def join(self, i: int, accept: Callable[[str], Any]) -> tuple[Any, int] | None:
        """The longest run of single-cell rows from ``i`` whose joined text ``accept`` takes."""
        items = self.items
        first = items[i]
        hit = accept(first.cell.text)
        best = (hit, 1) if hit else None
        if first.width != 1 or not first.cell.text.strip():
            return best
        vocab = self.vocab
        text = first.cell.text.strip()
        if not vocab.is_prefix(text):
            return best
        j = i + 1
        while j < len(items) and j < i + 8:
            it = items[j]
            if it.width != 1 or not it.cell.text.strip():
                break
            text += it.cell.text.strip()
            if len(text) > vocab.max_join_len or not vocab.is_prefix(text):
                break
            hit = accept(text)
            if hit:
                best = (hit, j - i + 1)
            j += 1
        return best

    def _kv_accept(self, text: str) -> Label | str | None:
        lab = self.vocab.field(text)
        if lab is not None:
            return lab
        col = self.vocab.column(text)
        if col is not None and col.col not in (Col.PROJECT, Col.PROJECT_CODE, Col.NOTE, Col.UNIT):
            return col
        if self.vocab.is_level(text):
            return "level"
        return None

    def _body_accept(self, text: str) -> Label | str | None:
        if self.vocab.is_level(text):
            return "level"
        lab = self.vocab.field(text)
        if lab is not None and lab.field in _BODY_TERMINATORS:
            return lab
        col = self.vocab.column(text)
        if col is not None and col.col in (Col.L1, Col.L2, Col.L3, Col.VALUE, Col.BASIS, Col.DESC):
            return col
        return None

    # -- main loop -------------------------------------------------------------------------

    def run(self) -> Assembly:
        i = 0
        n = len(self.items)
        while i < n:
            nxt = self.step(i)
            if nxt <= i:  # never loop: a step that consumed nothing leaves its cell over
                if not self.used[i]:
                    self.leftover([self.items[i].cell], "未能识别的内容")
                    self.used[i] = True
                nxt = i + 1
            i = nxt
        self.close_label()
        blk = self.block
        if (
            blk is not None
            and not blk.department_block
            and not blk.tables
            and (blk.name or blk.code or blk.goal)
        ):
            last = self.items[-1].cell if self.items else None
            self.out.leftovers.append(
                Leftover(
                    blk.name or blk.code or "(未命名项目)",
                    last.source if last else span(blk.sources),
                    "文档在项目表中途结束: 未见绩效指标表",
                )
            )
        self.finish_block()
        for k, it in enumerate(self.items):
            if not self.used[k] and it.cell.text.strip():
                self.leftover([it.cell], "未能识别的内容")
        return self.out

    def step(self, i: int) -> int:
        it = self.items[i]
        text = it.cell.text.strip()
        if not text:
            self.used[i] = True
            if self.stream and self.label is not None and not self.label.values:
                # one cell per line: an empty cell is the label's (empty) value
                self.close_label()
            return i + 1
        if self.vocab.title(text) and (it.width == 1 or it.col == 0):
            self.close_label()
            self.finish_block()
            self.block = _Block(title=text, department_block=self.vocab.is_department_title(text))
            self.block.sources.append(it.cell.source)
            self.place([it.cell], "表格标题")
            self.used[i] = True
            return i + 1
        m = _YEAR_CELL.match(normalize(text))
        if (m and self.label is None) or (m and self.label is not None and self.label.values):
            self.place([it.cell], "年度")
            self.used[i] = True
            if self.year is None:
                self.year = int(m.group(1))
                self.out.year = self.year
            return i + 1
        u = _UNIT_STATEMENT.match(normalize(text))
        if u:
            self.doc_money_unit = u.group(1)
            self.place([it.cell], "金额单位")
            self.used[i] = True
            return i + 1
        key = normalize(text)
        if key in ("其中", "其中:"):
            self.place([it.cell], "标签")
            self.used[i] = True
            return i + 1
        hit = self.join(i, self._kv_accept)
        if hit is not None:
            what, count = hit
            if what == "level":
                after = self.start_table(i, [], None)
                if after > i:
                    return after
                # the body ended at once (a label right after the level name): the level
                # name stands alone
                self.leftover([it.cell], "指标分类名称, 其后没有指标")
                self.used[i] = True
                return i + 1
            assert isinstance(what, Label)
            cells = [self.items[k].cell for k in range(i, i + count)]
            if what.kind is LabelKind.COLUMN:
                return self.read_header(i)
            if what.field in (Field.NAME, Field.CODE) and self._row_has_columns(i + count):
                return self.read_header(i)
            self.use(i, i + count)
            self.open_label(what, cells, self.items[i + count - 1].row)
            return i + count
        # a bracketed note right after a label: its unit
        note = _BRACKET_NOTE.match(key)
        if (
            note
            and self.label is not None
            and not self.label.values
            and not self.typer.is_template(text)
            and len(note.group(1)) <= 6
        ):
            self.label = _OpenLabel(
                Label(
                    self.label.label.kind,
                    self.label.label.field,
                    self.label.label.col,
                    self.label.label.key,
                    note.group(1),
                ),
                [*self.label.cells, it.cell],
                self.label.row,
            )
            self.place([it.cell], "标签")
            self.used[i] = True
            return i + 1
        if self.label is not None:
            self.label.values.append(it)
            self.used[i] = True
            return i + 1
        self.leftover([it.cell], "表格之外的内容" if self.block is None else "未能归入任何栏目")
        self.used[i] = True
        return i + 1

    def _row_has_columns(self, j: int) -> bool:
        """Whether the cells from ``j`` on the same row are indicator column headers."""
        if j >= len(self.items):
            return False
        row = self.items[j - 1].row
        k = j
        found = 0
        while k < len(self.items) and self.items[k].row == row:
            if self.vocab.column(self.items[k].cell.text) is not None:
                found += 1
            k += 1
        return found >= 2

    # -- blocks ----------------------------------------------------------------------------

    def ensure_block(self) -> _Block:
        if self.block is None:
            self.block = _Block()
        return self.block

    def open_label(self, label: Label, cells: list[Cell], row: int) -> None:
        self.close_label()
        fld = label.field
        blk = self.block
        if blk is not None and (
            (fld is Field.CODE and (blk.code or blk.tables))
            or (fld is Field.NAME and (blk.name or blk.tables))
            or (fld is Field.PARENT_NAME and (blk.name or blk.tables))
            or (fld is Field.DEPT_NAME and blk.tables)
        ):
            self.finish_block()
        blk = self.ensure_block()
        if fld in (Field.DEPT_NAME, Field.DEPT_GOAL) and not (blk.code or blk.name):
            blk.department_block = True
        if label.unit_note:
            blk.money_unit = label.unit_note
        blk.sources.extend(c.source for c in cells)
        self.place(cells, f"标签 {label.key}")
        if fld is Field.LONG_INDICATORS:
            blk.next_long_term = True
        elif fld is Field.YEAR_INDICATORS:
            blk.next_long_term = False
        self.label = _OpenLabel(label, cells, row)

    def close_label(self) -> None:
        lab = self.label
        self.label = None
        if lab is None:
            return
        if not lab.values:
            if lab.label.field not in (
                Field.INDICATORS,
                Field.LONG_INDICATORS,
                Field.YEAR_INDICATORS,
            ):
                self.pending.append(lab)
                del self.pending[:-16]  # only the last labels can still get a value
            return
        group = [p for p in self.pending if p.row == lab.row]
        value_rows = {v.row for v in lab.values}
        if (
            group
            and len(value_rows) == 1
            and lab.row not in value_rows
            and 2 <= len(lab.values) <= len(group) + 1
        ):
            labels = [*group, lab][-len(lab.values) :]
            for lb, v in zip(labels, lab.values, strict=True):
                self.apply(lb, [v])
            self.pending = [p for p in self.pending if p not in labels]
            return
        self.apply(lab, lab.values)

    def apply(self, lab: _OpenLabel, values: list[_Item]) -> None:
        """Store a label's value in the block."""
        blk = self.ensure_block()
        fld = lab.label.field
        cells = [v.cell for v in values]
        text = _join_values(values)
        blk.sources.extend(c.source for c in cells)
        where = f"{lab.label.key}"
        if not text:
            return
        if self.typer.is_template(text) or normalize(text) in self.typer.empties:
            self.leftover(cells, f"{lab.label.key}: 填表说明或空白, 视为未填写")
            return
        unit = blk.money_unit or self.doc_money_unit
        if fld is Field.CODE:
            tokens = text.split()
            if (tokens and not _CJK.search(tokens[0])) or (tokens and _CODE_TOKEN.match(tokens[0])):
                blk.code = tokens[0]
                if len(tokens) > 1 and blk.name is None:
                    blk.name = " ".join(tokens[1:])
            else:
                code, name = split_code(text)
                if code:
                    blk.code = code
                    blk.name = blk.name or name
                else:
                    blk.code = text
        elif fld is Field.NAME:
            code, name = split_code(text)
            if code and blk.code is None:
                blk.code = code
            blk.name = name if code else text
        elif fld is Field.PARENT_NAME:
            self.leftover(cells, "一级项目名称 (上级项目), 未使用")
            return
        elif fld is Field.DEPARTMENT:
            blk.department = split_code(text)[1]
        elif fld is Field.UNIT:
            blk.unit = split_code(text)[1]
        elif fld is Field.DEPT_NAME:
            name = split_code(text)[1]
            if blk.department_block:
                blk.dept_name = name
            elif "部门" in lab.label.key:
                blk.department = name
            else:
                blk.unit = name
        elif fld in (Field.FUNDS, Field.TOTAL):
            total, lines, rest = parse_funds_text(text, unit, total_label=True)
            if total is not None and blk.total is not None and total != blk.total:
                self.leftover(
                    cells, f"{lab.label.key}: 与已读到的资金总额 {blk.total} 不同, 未使用"
                )
                return
            if total is not None:
                blk.total = total
            blk.lines.extend(lines)
            self._rest(rest, cells, lab)
            if total is None and not lines and not rest:
                self.leftover(cells, f"{lab.label.key}: 无法读出金额")
                return
        elif fld in (Field.FISCAL, Field.OTHER_FUNDS):
            money = parse_amount(values[0].cell.text, unit) if values else None
            if money is None:
                total, lines, rest = parse_funds_text(text, unit, total_label=True)
                money = total
                if money is None:
                    self.leftover(cells, f"{lab.label.key}: 无法读出金额")
                    return
                rest_cells: list[Cell] = []
            else:
                rest_cells = cells[1:]
            source_name = fund_source_name(
                "".join(c.text for c in lab.cells), fiscal=fld is Field.FISCAL
            )
            blk.lines.append(FundLine(source_name, money))
            if rest_cells:
                self.leftover(rest_cells, f"{lab.label.key}: 其余各列 (如执行数) 未使用")
                self.place(cells[:1], where)
                return
        elif fld in (Field.PURPOSE, Field.OVERVIEW):
            if blk.total is None and any(w in text for w in ("万元", "元", "预算")):
                total, lines, rest = parse_funds_text(text, unit)
                if total is not None:
                    blk.total = total
                    blk.lines.extend(lines)
                    text = join_pieces(rest)
            if text:
                (blk.purpose if fld is Field.PURPOSE else blk.overview).append(text)
        elif fld is Field.SPENDING_PLAN:
            plan, _ = parse_spending_plan([c.text for c in cells])
            if plan:
                blk.spending = plan
            else:
                self.leftover(cells, "资金支出计划: 无法读出时间点与百分比")
                return
        elif fld is Field.GOAL:
            if blk.department_block:
                blk.goal = text if blk.goal is None else blk.goal + text
            else:
                blk.goal = text if blk.goal is None else blk.goal + text
        elif fld is Field.LONG_GOAL:
            blk.long_goal = text if blk.long_goal is None else blk.long_goal + text
        elif fld is Field.DEPT_GOAL:
            blk.department_block = blk.department_block or not (blk.code or blk.name)
            blk.goal = text if blk.goal is None else blk.goal + text
        elif fld in (Field.IGNORED, Field.END):
            self.leftover(cells, f"未使用的栏目: {lab.label.key}")
            return
        else:
            self.leftover(cells, f"{lab.label.key}: 未使用")
            return
        self.place(cells, where)

    def _rest(self, rest: list[str], cells: list[Cell], lab: _OpenLabel) -> None:
        """Sentences of a money value that are not about money: the purpose when a 主要用途
        label waits for its value (``项目资金 / 主要用途 / 预算数 150 万元。主要用于…``)."""
        if not rest:
            return
        blk = self.ensure_block()
        wants_purpose = any(p.label.field is Field.PURPOSE for p in self.pending)
        text = join_pieces(rest)
        if wants_purpose or re.match(r"^(?:主要)?用于", normalize(text)):
            blk.purpose.append(text)
            self.pending = [p for p in self.pending if p.label.field is not Field.PURPOSE]
        else:
            blk.overview.append(text)

    def finish_block(self) -> None:
        self.close_label()
        blk = self.block
        self.block = None
        self.pending = []
        if blk is None or not blk.has_content:
            return
        if blk.department_block and not (blk.code or blk.name):
            self._finish_department(blk)
            return
        self._finish_projects(blk)

    # -- indicator tables ------------------------------------------------------------------

    def read_header(self, i: int) -> int:
        """Read a header run of column labels from ``i``; then the table body."""
        self.close_label()
        blk = self.ensure_block()
        cols: list[Col] = []
        cells: list[Cell] = []
        notes: list[str | None] = []
        j = i
        header_rows: set[int] = set()
        n = len(self.items)
        while j < n:
            it = self.items[j]
            text = it.cell.text.strip()
            if not text:
                if it.positional and (it.row in header_rows or not header_rows):
                    self.used[j] = True
                    j += 1
                    continue
                break
            hit = self.join(j, self._header_accept)
            if hit is None:
                break
            lab, count = hit
            assert isinstance(lab, Label)
            piece = [self.items[k].cell for k in range(j, j + count)]
            header_rows.update(self.items[k].row for k in range(j, j + count))
            self.use(j, j + count)
            cells.extend(piece)
            if lab.kind is LabelKind.FIELD:
                if lab.field is Field.LONG_INDICATORS:
                    blk.next_long_term = True
                elif lab.field is Field.YEAR_INDICATORS:
                    blk.next_long_term = False
                elif lab.field is Field.NAME:
                    cols.append(Col.PROJECT)
                    notes.append(None)
                elif lab.field is Field.CODE:
                    cols.append(Col.PROJECT_CODE)
                    notes.append(None)
                elif lab.field is Field.INDICATORS and Col.L2 in cols and Col.L3 not in cols:
                    cols.append(Col.L3)
                    notes.append(None)
            else:
                assert lab.col is not None
                cols.append(lab.col)
                notes.append(lab.key)
            j += count
        # the rest of a header row: columns jixiao does not know; their cells are kept
        unknown: list[str] = []
        while len(cols) >= 2 and j < n and self.items[j].row in header_rows:
            it = self.items[j]
            if self.vocab.is_level(it.cell.text) or self.typer.value_score(it.cell.text) >= 1.5:
                break  # a body glued to its header on one line
            if it.cell.text.strip():
                cols.append(Col.UNKNOWN)
                notes.append(it.cell.text.strip())
                unknown.append(it.cell.text.strip())
                cells.append(it.cell)
            self.used[j] = True
            j += 1
        schema = _tidy_schema(cols, notes)
        self.unknown_headers = unknown
        self.place(cells, "指标表表头")
        blk.sources.extend(c.source for c in cells)
        width = None
        if len(header_rows) == 1:
            row_id = next(iter(header_rows))
            row_items = [it for it in self.items if it.row == row_id]
            if row_items and row_items[0].positional:
                width = len(row_items)
        return self.start_table(j, schema, width)

    def _header_accept(self, text: str) -> Label | None:
        col = self.vocab.column(text)
        if col is not None:
            return col
        lab = self.vocab.field(text)
        if lab is not None and lab.field in (
            Field.NAME,
            Field.CODE,
            Field.INDICATORS,
            Field.LONG_INDICATORS,
            Field.YEAR_INDICATORS,
        ):
            return lab
        return None

    def start_table(self, i: int, schema: list[Col], width: int | None) -> int:
        """Read a table body from ``i`` (after its header, if any)."""
        self.close_label()
        self.pending = []
        blk = self.ensure_block()
        if not schema:
            schema = [Col.L1, Col.L2, Col.L3, Col.DESC, Col.VALUE, Col.BASIS]
        units: list[Unit] = []
        n = len(self.items)
        j = i
        while j < n:
            it = self.items[j]
            text = it.cell.text.strip()
            if not text and not it.positional:
                self.used[j] = True
                j += 1
                continue
            if it.width == 1:
                if text and self.vocab.title(text):
                    break
                hit = self.join(j, self._body_accept) if text else None
                if hit is not None:
                    what, count = hit
                    short = count == 1 and len(normalize(text)) <= 3
                    if what == "level" and short and units and units[-1].kind == "frag":
                        # a bare 成本 / 效益 after a piece of text is the end of that text
                        # (每平方米维修 / 成本), not a level name
                        what = None
                    if what is None:
                        pass
                    elif what == "level":
                        units.append(
                            Unit("level", [self.items[k].cell for k in range(j, j + count)])
                        )
                        self.use(j, j + count)
                        j += count
                        continue
                    else:
                        assert isinstance(what, Label)
                        if what.kind is LabelKind.FIELD:
                            break
                        # a header inside the body: repeated after a page break, or a new table
                        repeat = self._header_repeat(j, schema)
                        if repeat is None:
                            break
                        j = repeat
                        continue
            if it.width > 1:
                row_id = it.row
                k = j
                while k < n and self.items[k].row == row_id:
                    k += 1
                row_items = self.items[j:k]
                first = row_items[0].cell.text.strip()
                if first and (self.vocab.title(first) or self._terminator(first, True)):
                    break
                if sum(1 for r in row_items if self.vocab.column(r.cell.text)) >= 2:
                    repeat = self._header_repeat(j, schema)
                    if repeat is None:
                        break
                    j = repeat
                    continue
                cells = [r.cell for r in row_items]
                if any(c.text.strip() for c in cells):
                    positional = row_items[0].positional
                    if not positional and len(cells) > len(schema) + 2:
                        units.extend(self._split_wide(cells))
                    else:
                        units.append(Unit("row", cells, positional=positional))
                self.use(j, k)
                j = k
                continue
            units.append(Unit("frag", [it.cell]))
            self.used[j] = True
            j += 1
        builder = RowBuilder(
            schema,
            self.vocab,
            self.typer,
            stream=self.stream,
            header_width=width,
            fit_cache=self.fit_cache,
        )
        rows = builder.build(units)
        _repair_levels(rows, builder)
        blk.tables.append(
            _Table(rows, blk.next_long_term, list(builder.cols), self.unknown_headers)
        )
        if j >= n and rows:
            self._check_cut_off(rows[-1], builder)
        self.unknown_headers = []
        blk.next_long_term = False
        for u in units:
            blk.sources.extend(c.source for c in u.cells if c.text.strip())
        # cells that went nowhere in the rows (levels are placed as context)
        for u in units:
            if u.kind == "level":
                self.place(u.cells, f"指标分类 {u.text}")
        return j

    def _split_wide(self, cells: list[Cell]) -> list[Unit]:
        """A line holding several rows (glued text): a new row starts at a level name after
        other cells, and at a name after a value."""
        units: list[Unit] = []
        cur: list[Cell] = []
        seen_value = False
        for c in cells:
            text = c.text
            is_level = self.vocab.is_level(text)
            if cur and (
                (is_level and any(not self.vocab.is_level(x.text) for x in cur))
                or (
                    seen_value
                    and not is_level
                    and self.typer.text_score(text) > 0.5
                    and self.typer.basis_score(text) < 1.5
                )
            ):
                units.append(_unit_of(cur))
                cur = []
                seen_value = False
            if is_level and not cur:
                units.append(Unit("level", [c]))
                continue
            cur.append(c)
            if self.typer.value_score(text) >= 1.5:
                seen_value = True
        if cur:
            units.append(_unit_of(cur))
        return units

    def _check_cut_off(self, row: RowDraft, builder: RowBuilder) -> None:
        """The input ends in this table: a last row with nothing after its name looks cut."""
        after_text = [
            c
            for c in builder.cols
            if c not in (Col.L1, Col.L2, Col.L3, Col.DESC, Col.PROJECT, Col.PROJECT_CODE)
        ]
        if not row.has_content or any(row.filled(c) for c in after_text) or row.extra:
            return
        cells = row.cells()
        self.out.leftovers.append(
            Leftover(
                row.text(Col.L3) or row.text(Col.DESC) or "(末行)",
                cells[-1].source if cells else None,
                "文档可能在指标表中途结束: 最后一行没有指标值",
            )
        )

    def _terminator(self, text: str, row_start: bool = False) -> bool:
        """A label that ends a table body; at the start of a row line, any label of a
        project field (``资金总额 222.45`` after the table) does."""
        lab = self.vocab.field(text)
        if lab is None:
            return False
        if lab.field in _BODY_TERMINATORS:
            return True
        return row_start and len(lab.key) >= 4 and lab.field is not Field.IGNORED

    def _header_repeat(self, j: int, schema: list[Col]) -> int | None:
        """If a header starting at ``j`` repeats ``schema``, consume it and return the index
        after it; else ``None`` (a new table starts there)."""
        cols: list[Col] = []
        k = j
        cells: list[Cell] = []
        while k < len(self.items):
            hit = self.join(k, self._header_accept)
            if hit is None:
                break
            lab, count = hit
            assert isinstance(lab, Label)
            if lab.col is not None:
                cols.append(lab.col)
            cells.extend(self.items[m].cell for m in range(k, k + count))
            k += count
        tidy = _tidy_schema(cols)
        if tidy and all(c in schema for c in tidy) and len(tidy) >= 2:
            self.use(j, k)
            self.place(cells, "指标表表头 (重复)")
            return k
        return None

    # -- results ---------------------------------------------------------------------------

    def _indicators(self, blk: _Block) -> list[tuple[Indicator, str | None]]:
        """Indicators of a block's tables, each with the project name of its row (wide
        tables), long-term tables merged into the annual rows."""
        annual: list[tuple[Indicator, str | None]] = []
        long_rows: list[tuple[Indicator, str | None]] = []
        for table in blk.tables:
            project: str | None = None
            for row in table.rows:
                p = row.text(Col.PROJECT)
                if p:
                    project = p
                ind = self._indicator(row, table)
                if ind is None:
                    continue
                (long_rows if table.long_term else annual).append((ind, project))
        if not long_rows:
            return annual
        by_name = {normalize(i.level3): i for i, _ in annual if i.level3}
        for lt, project in long_rows:
            match = by_name.get(normalize(lt.level3)) if lt.level3 else None
            if match is not None and match.long_term_target is None:
                match.long_term_target = lt.target
            else:
                lt.long_term_target = lt.target
                lt.target = parse_target(
                    None, level1=lt.level1, level2=lt.level2, year=self.year, profile=self.profile
                )
                annual.append((lt, project))
        return annual

    def _indicator(self, row: RowDraft, table: _Table) -> Indicator | None:
        if not row.has_content:
            self.place(row.own_levels, "指标分类 (无指标的行)")
            if row.extra:
                self.leftover(row.extra, "无法归入任何列")
            return None
        cols = table.schema
        l1 = row.level1.text if row.level1 else None
        l2 = row.level2.text if row.level2 else None
        l3 = row.text(Col.L3)
        kw: dict[str, Any] = {
            "level1": l1,
            "level2": l2,
            "year": self.year,
            "profile": self.profile,
        }
        value = row.text(Col.VALUE)
        if Col.CMP in cols or Col.UNIT in cols or row.filled(Col.VTYPE):
            cmp_text = _comparator_text(row)
            if cmp_text is None and normalize(row.text(Col.VTYPE) or "").startswith("定性"):
                cmp_text = row.text(Col.VTYPE)
            target = parse_target_columns(cmp_text, value, row.text(Col.UNIT), **kw)
        else:
            target = parse_target(value, **kw)
        long_text = row.text(Col.LONG)
        long_term = parse_target(long_text, **kw) if long_text else None
        basis = row.text(Col.BASIS)
        weight: Decimal | None = None
        wtext = row.text(Col.WEIGHT)
        if wtext:
            weight = _decimal(wtext)
        elif l3:
            m = _WEIGHT_IN_NAME.search(normalize(l3))
            if m:
                weight = _decimal(m.group(1))
        source = span([c.source for c in row.cells()])
        self.place(row.own_levels, f"指标分类 ({l3 or row.text(Col.DESC) or '空行'})")
        ind = Indicator(
            level1=l1,
            level2=l2,
            level3=l3,
            description=row.text(Col.DESC),
            target=target,
            basis=basis,
            basis_code=basis_code(basis, self.profile) if basis else None,
            weight=weight,
            long_term_target=long_term,
            source=source,
        )
        label = l3 or row.text(Col.DESC) or "(空行)"
        for col, piece in row.cols.items():
            if col is Col.UNKNOWN:
                names = "、".join(table.unknown_headers) or "?"
                self.leftover(piece.cells, f"未使用的列: 未识别的表头 {names} ({label})")
            elif col in _UNUSED_COLS:
                self.leftover(piece.cells, f"未使用的列: {_UNUSED_COLS[col]} ({label})")
            elif col in (Col.PROJECT, Col.PROJECT_CODE):
                self.place(piece.cells, "项目名称 (宽表)")
            else:
                self.place(piece.cells, f"指标 {label}: {col.value}")
        if row.extra:
            self.leftover(row.extra, f"无法归入任何列 (指标 {label})")
        return ind

    def _funds(self, blk: _Block) -> Funds:
        return Funds(total=blk.total, lines=list(blk.lines))

    def _finish_projects(self, blk: _Block) -> None:
        indicators = self._indicators(blk)
        purpose = join_pieces(blk.purpose) or join_pieces(blk.overview) or None
        source = span(blk.sources)
        names = [p for _, p in indicators if p]
        if names:
            # a wide table: one project per name in its project column
            order: list[str] = []
            for nm in names:
                if nm not in order:
                    order.append(nm)
            current: str = order[0]
            groups: dict[str, list[Indicator]] = {nm: [] for nm in order}
            for ind, row_project in indicators:
                current = row_project or current
                groups[current].append(ind)
            for nm in order:
                code, name = split_code(nm)
                inds = groups[nm]
                self.out.projects.append(
                    Project(
                        code=code,
                        name=name,
                        department=blk.department,
                        unit=blk.unit,
                        indicators=inds,
                        source=span([i.source for i in inds]) or source,
                    )
                )
            return
        self.out.projects.append(
            Project(
                code=blk.code,
                name=blk.name,
                department=blk.department
                or (blk.dept_name if "部门" in (blk.title or "") else None),
                unit=blk.unit or blk.dept_name,
                funds=self._funds(blk),
                purpose=purpose,
                spending_plan=list(blk.spending),
                goal=blk.goal,
                long_term_goal=blk.long_goal,
                indicators=[i for i, _ in indicators],
                source=source,
            )
        )

    def _finish_department(self, blk: _Block) -> None:
        indicators = [i for i, _ in self._indicators(blk)]
        if blk.dept_name and self.out.department is None:
            self.out.department = blk.dept_name
        if blk.goal and self.out.overall_goal is None:
            self.out.overall_goal = blk.goal
        if indicators or blk.goal:
            self.out.sub_goals.append(
                SubGoal(
                    title=blk.title or "部门整体绩效目标",
                    goal=blk.goal,
                    indicators=[i.level3 for i in indicators if i.level3],
                    targets=indicators,
                    source=span(blk.sources),
                )
            )
        if blk.total is not None or blk.lines:
            self.out.leftovers.append(
                Leftover(
                    str(blk.total) if blk.total else ", ".join(str(x.amount) for x in blk.lines),
                    span(blk.sources),
                    "部门整体资金: 计划模型中无对应栏目",
                )
            )


def _unit_of(cells: list[Cell]) -> Unit:
    return Unit("row", cells) if len(cells) > 1 else Unit("frag", cells)


def _join_values(values: Sequence[_Item]) -> str:
    """A label's value: cells of one row joined by a space, rows joined directly."""
    parts: list[str] = []
    last_row: int | None = None
    for v in values:
        t = v.cell.text.strip()
        if not t:
            continue
        if last_row is not None and v.row == last_row and parts:
            parts[-1] = parts[-1] + " " + t
        else:
            parts.append(t)
        last_row = v.row
    return join_pieces(parts)


_DIRECTION_WORDS = ("正向", "反向", "正向指标", "反向指标", "中性")


def _comparator_text(row: RowDraft) -> str | None:
    """The 指标性质 of a row; with both a direction (正向) and a symbol (=), the symbol."""
    piece = row.cols.get(Col.CMP)
    if piece is None:
        return None
    texts = [c.text.strip() for c in piece.cells if c.text.strip()]
    symbols = [t for t in texts if normalize(t) not in _DIRECTION_WORDS]
    if symbols:
        return symbols[0]
    return texts[0] if texts else None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(normalize(text).replace(",", "").rstrip("分%"))
    except (InvalidOperation, ValueError):
        return None


_GENERIC_VALUE = frozenset({"指标值", "目标值", "绩效指标值", "指标目标值"})


def _tidy_schema(cols: list[Col], keys: Sequence[str | None] | None = None) -> list[Col]:
    """Drop a column that only groups the next ones (``指标值`` over ``年度``/``长期``
    sub-headers) and repeats."""
    out: list[Col] = []
    names = list(keys) if keys is not None else [None] * len(cols)
    for k, c in enumerate(cols):
        if (
            c is Col.VALUE
            and k + 1 < len(cols)
            and cols[k + 1] in (Col.VALUE, Col.LONG)
            and (names[k] is None or names[k] in _GENERIC_VALUE)
            and names[k + 1] not in _GENERIC_VALUE
        ):
            continue
        if c in out and c not in (Col.NOTE, Col.CMP, Col.UNKNOWN):
            if c is Col.VALUE and Col.LONG not in out:
                out.append(Col.LONG)
            continue
        out.append(c)
    return out


def _repair_levels(rows: list[RowDraft], builder: RowBuilder) -> None:
    """A merged level-1 cell written after its first rows (centred vertically in a PDF):
    rows whose level 2 does not belong to their level 1 take the next level 1 that fits."""
    cats = builder.cats
    for k, row in enumerate(rows):
        if row.level1 is None or row.level2 is None:
            continue
        if builder.l2_under(row.level2.text, row.level1.text):
            continue
        if cats.find_level2(row.level2.text) is None:
            continue
        for later in rows[k + 1 :]:
            if (
                later.level1 is not None
                and later.level1 is not row.level1
                and builder.l2_under(row.level2.text, later.level1.text)
            ):
                row.level1 = later.level1
                break


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def assemble(
    rows: Iterable[CellRow | Sequence[CellLike | None]],
    *,
    profile: RuleProfile | None = None,
    year: int | None = None,
    file: str | None = None,
    stream: bool = False,
) -> Assembly:
    """Projects, indicators and leftovers from rows of cells in reading order.

    ``rows`` are :class:`CellRow` objects or plain sequences of cells (anything with
    ``text`` and ``source``; ``None`` for a position covered by a merged cell).
    ``stream=True`` says every row is a whole cell and rows of the table are unknown (one
    cell per line or paragraph). ``year`` is the plan year when the caller knows it;
    otherwise it is inferred from the cells.
    """
    prof = profile or default_profile()
    asm = _Assembler(_as_rows(rows, file), prof, year=year, file=file, stream=stream)
    return asm.run()


def assemble_plan(
    rows: Iterable[CellRow | Sequence[CellLike | None]],
    *,
    profile: RuleProfile | None = None,
    year: int | None = None,
    file: str | None = None,
    stream: bool = False,
) -> Plan:
    """:func:`assemble` as a :class:`~jixiao.domain.model.Plan` (for file readers)."""
    return assemble(rows, profile=profile, year=year, file=file, stream=stream).to_plan(file)
