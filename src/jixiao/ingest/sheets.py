"""Tables that are not project tables: 项目汇总表 and 部门整体支出绩效目标表 (非项目表).

A workbook may hold, beside its 项目支出绩效目标表, two other kinds of table that the
project assembler (:mod:`jixiao.ingest.assemble`) would misread as one more project:

*项目汇总表* (a list of projects)
    A header row with 序号, 项目名称 and 项目编码 (or 项目代码) as column headers, no
    indicator columns (一级指标, 指标值 …) and rows below it; the 汇总 sheet of our own
    export (:mod:`jixiao.export.targets_xlsx`) is one. It makes no project: each listed
    row is checked against the projects read from the project tables (by code, else by
    name), and a listed project without a project table, or whose 年度资金总额 or 指标数
    differs from what was read, is reported as a :class:`~jixiao.domain.model.Leftover`
    citing sheet and cell. Its 部门：X line gives the plan's department when the plan has
    none; its other cells are a copy of the project tables and are not reported.
*部门整体支出绩效目标表* (the department table)
    A 总体绩效目标 label with its value, and a 分项绩效目标 header (分项绩效目标 … 绩效指标
    columns) below it; the layout of :mod:`jixiao.export.department_xlsx`. It gives the
    plan's department (部门名称), overall goal, sub-goals (title, goal, indicator names,
    typed targets where 指标值 is filled, 关联项目 codes split on 、), measures (保障措施 and
    主要内容) and the department's project list. The project list becomes
    :class:`~jixiao.domain.model.Project` entries with code, name and funds (年度资金总额;
    财政拨款 and 其他资金 as fund lines, in the table's unit) and no indicators; a listed
    project that the same file also gives as a project table is not repeated (its 年度资金
    总额 is checked against the table's instead). 年度预算 (预算总额 / 财政拨款 / 其他资金)
    and the 合计 row have no place in the plan: they are checked against the sum of the
    listed projects and reported only when they differ (or when there is nothing to check
    them against). 完成情况 and 佐证材料 of a measure, when filled, are leftovers.

Both are recognised by their structure and labels, never by the sheet name. A spreadsheet
sheet is taken as a whole (its grids, cut at blank rows by the reader, read in order); a
table of a PDF, Word or HTML document is taken by itself. Title lines above a recognised
table (the title, （2023年度）, 部门：…, 单位：万元, 填报单位：…) and the signature line
below it (填报人 / 审核人 / 填报日期, unfilled) are used up; everything else that cannot be
placed becomes a leftover with the reason in Chinese. Nothing here raises on content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import lru_cache

from jixiao.domain.model import (
    FundLine,
    Funds,
    Indicator,
    Leftover,
    Measure,
    Plan,
    Project,
    SourceRef,
    SubGoal,
)
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.profile import RuleProfile
from jixiao.domain.values import parse_target
from jixiao.ingest.assemble import infer_year
from jixiao.ingest.cells import normalize
from jixiao.ingest.department import SectionKind, section_kind
from jixiao.ingest.funds import fund_source_name, parse_amount, split_code
from jixiao.ingest.grid import Block, Grid, GridCell, TextBlock
from jixiao.ingest.vocab import Col, Field, Vocabulary, default_profile, label_key, vocabulary

__all__ = [
    "DepartmentTable",
    "ListedProject",
    "ProjectList",
    "SheetTables",
    "split_tables",
]

SUMMARY = "项目汇总表"
DEPARTMENT = "部门整体支出绩效目标表"


# --------------------------------------------------------------------------- results


@dataclass(slots=True)
class ListedProject:
    """One row of a 项目汇总表: what it says about a project, with the cells it says it in."""

    code: str | None
    name: str | None
    anchor: GridCell
    total: Money | None = None
    total_cell: GridCell | None = None
    count: int | None = None
    count_cell: GridCell | None = None

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.code, self.name) if p) or "(未命名项目)"


@dataclass(slots=True)
class ProjectList:
    """A 项目汇总表: the projects it lists, and the department and year its title lines give."""

    source: SourceRef
    rows: list[ListedProject] = field(default_factory=list)
    department: str | None = None
    unit: str | None = None
    year: int | None = None


@dataclass(slots=True)
class DepartmentTable:
    """What a 部门整体支出绩效目标表 gives (projects: code, name and funds only)."""

    source: SourceRef
    department: str | None = None
    unit: str | None = None
    year: int | None = None
    overall_goal: str | None = None
    overall_source: SourceRef | None = None
    sub_goals: list[SubGoal] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)


@dataclass(slots=True)
class SheetTables:
    """The blocks of a document with the 汇总表 and department tables taken out.

    ``grids`` and ``texts`` are what is left for the project assembler and the text
    ingester; :meth:`apply` puts what the recognised tables gave into the assembled Plan.
    """

    grids: list[Grid]
    texts: list[TextBlock]
    lists: list[ProjectList] = field(default_factory=list)
    departments: list[DepartmentTable] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        """The year a recognised table states, if any."""
        for dept in self.departments:
            if dept.year is not None:
                return dept.year
        for listing in self.lists:
            if listing.year is not None:
                return listing.year
        return None

    def apply(self, plan: Plan) -> None:
        """Merge the department tables into ``plan`` and check the 汇总表 against it.

        The plan's own department, unit, year and overall goal win; the tables fill them in
        where the plan has none. Called once, after the project tables were assembled.
        """
        sheet_projects = _Index(plan.projects)  # before the department lists add theirs
        for dept in self.departments:
            _apply_department(plan, dept, sheet_projects)
        for listing in self.lists:
            if plan.department is None and listing.department:
                plan.department = listing.department
            if plan.unit is None and listing.unit and listing.unit != plan.department:
                plan.unit = listing.unit
            if plan.year is None and listing.year is not None:
                plan.year = listing.year
            plan.leftovers.extend(_check_list(listing, sheet_projects))
        plan.leftovers.extend(self.leftovers)


# --------------------------------------------------------------------------- vocabulary

_NO = frozenset({"序号", "序", "编号"})
_COUNT = frozenset({"指标数", "指标个数", "绩效指标数", "指标数量", "三级指标数", "指标条数"})
_SG_GOAL = frozenset({
    "绩效目标", "目标", "目标内容", "年度目标", "年度绩效目标", "目标描述", "预期目标",
    "绩效目标内容", "目标值描述",
})
_INDICATOR = frozenset({
    "绩效指标", "指标", "指标名称", "三级指标", "绩效指标名称", "主要绩效指标", "具体指标",
    "主要指标", "关键指标", "绩效指标内容", "指标内容",
})
_PROJECTS = frozenset({
    "关联项目", "对应项目", "涉及项目", "相关项目", "项目", "关联项目编码", "支撑项目",
    "所属项目", "对应项目编码", "关联项目代码",
})
_SG_TITLE = frozenset({"分项目标", "目标名称", "分项名称", "任务名称", "工作任务", "子目标"})
_M_TITLE = frozenset({
    "保障措施", "措施", "措施名称", "主要措施", "目标规划及保障措施", "保障措施名称",
    "工作措施", "管理措施", "措施类别", "规划及措施",
})
_M_TEXT = frozenset({
    "主要内容", "内容", "具体内容", "措施内容", "具体措施", "主要做法", "措施要点", "工作内容",
})
_M_DONE = frozenset({"完成情况", "落实情况", "执行情况", "完成进度"})
_M_PROOF = frozenset({"佐证材料", "佐证资料", "证明材料", "佐证"})
_TOTAL_ROW = frozenset({"合计", "总计", "小计", "总合计"})
_PROJECT_SECTIONS = frozenset({
    "项目支出", "项目支出情况", "项目支出预算", "项目安排", "项目资金安排", "重点项目支出",
    "项目支出安排", "项目情况",
})
# indicator-table columns: a header holding one is an indicator table, not a list
_INDICATOR_COLS = frozenset({
    Col.L1, Col.L2, Col.L3, Col.DESC, Col.CMP, Col.VALUE, Col.BASIS, Col.LONG, Col.WEIGHT,
    Col.SCORING, Col.ACTUAL, Col.SCORE,
})

_YEAR_LINE = re.compile(r"^\(?((?:19|20)\d{2})年度?\)?$")
_UNIT_LINE = re.compile(r"^(?:金额)?单位:(亿元|万元|元)$")
_WHO_LINE = re.compile(
    r"^(?P<label>部门\(单位\)名称|部门名称|部门\(单位\)|预算部门|主管部门|部门|单位名称|填报单位"
    r"|填报部门|编报单位|编制单位|申报单位|预算单位)(?:\((?:盖章|公章|签章)\))?:"
)
_LIST_TITLE = re.compile(r"(?:汇总表|一览表|明细表|情况表|目标表|申报表)$")
_SIGNATURE = re.compile(
    r"^(?:填报人|审核人|填报日期|单位负责人|财务负责人|经办人|制表人|制表日期|审核日期|负责人"
    r"|联系人|联系电话|日期)(?:\((?:签字|签名|盖章)\))?(?::(?P<value>.*))?$"
)
_CELL_REF = re.compile(r"^(?:'[^']+'|[^!'\s]+)!\$?[A-Z]{1,3}\$?\d+$")
_PARTS = re.compile(r"\s{2,}|\u3000+")
_CODE_SPLIT = re.compile(r"[、,，;；/\s]+")


@lru_cache(maxsize=1 << 14)
def _key(text: str) -> str:
    """A label's matching key: normalised, no brackets note, no ``其中:``, no trailing colon."""
    return label_key(text)[0]


@lru_cache(maxsize=1 << 12)
def _kind_of(key: str) -> SectionKind:
    """:func:`jixiao.ingest.department.section_kind` of a label key, memoised."""
    return section_kind(key)


def _note(text: str) -> str | None:
    return label_key(text)[1]


def _short(text: str) -> bool:
    s = normalize(text)
    return 0 < len(s) <= 24 and "。" not in s


def _where(src: SourceRef | None) -> str:
    """``汇总!F5`` for a sheet cell, else the location without the file name."""
    if src is None:
        return "(位置未知)"
    if src.sheet is not None:
        return f"{src.sheet}!{src.cell}" if src.cell else src.sheet
    return replace(src, file=None).describe()


def _money_unit(note: str | None) -> MoneyUnit | None:
    if not note:
        return None
    n = note.replace("单位:", "").replace("单位", "")
    try:
        return MoneyUnit.parse(n)
    except ValueError:
        return None


# --------------------------------------------------------------------------- title lines


@dataclass(frozen=True, slots=True)
class _Info:
    """What a title line says: ``kind`` is title, year, unit (money), department or filler."""

    kind: str
    value: str | None = None
    year: int | None = None


def _title_info(text: str, vocab: Vocabulary) -> list[_Info] | None:
    """The title lines of a table in one cell (``部门：X    单位：万元``), else ``None``."""
    parts = [p for p in _PARTS.split(text.strip()) if p.strip()]
    if not parts:
        return None
    out: list[_Info] = []
    for part in parts:
        info = _one_title(part.strip(), vocab)
        if info is None:
            return None
        out.append(info)
    return out


def _one_title(text: str, vocab: Vocabulary) -> _Info | None:
    s = normalize(text)
    if not s or len(s) > 80:
        return None
    m = _YEAR_LINE.match(s)
    if m:
        return _Info("year", year=int(m.group(1)))
    m = _UNIT_LINE.match(s)
    if m:
        return _Info("unit", m.group(1))
    m = _WHO_LINE.match(s)
    if m:
        cut = min((i for i in (text.find(":"), text.find("：")) if i >= 0), default=-1)
        value = text[cut + 1 :].strip() if cut >= 0 else ""
        kind = "department" if m.group("label").startswith(("部门", "预算部门", "主管部门")) else (
            "filler")
        return _Info(kind, value or None)
    if len(s) <= 50 and (vocab.title(text) or _LIST_TITLE.search(s)):
        return _Info("title", year=infer_year([text]))
    return None


@dataclass(slots=True)
class _Head:
    """The facts gathered from title lines."""

    year: int | None = None
    unit: MoneyUnit | None = None
    department: str | None = None
    filler: str | None = None

    def take(self, infos: Iterable[_Info]) -> None:
        for info in infos:
            if info.year is not None and self.year is None:
                self.year = info.year
            if info.kind == "unit" and info.value and self.unit is None:
                self.unit = MoneyUnit.parse(info.value)
            elif info.kind == "department" and info.value and self.department is None:
                self.department = info.value
            elif info.kind == "filler" and info.value and self.filler is None:
                self.filler = info.value


def _signature_values(cells: Sequence[GridCell]) -> list[GridCell] | None:
    """The filled-in cells of a signature line (填报人：张三), or ``None`` if not one."""
    filled: list[GridCell] = []
    for c in cells:
        m = _SIGNATURE.match(normalize(c.text))
        if m is None:
            return None
        if (m.group("value") or "").strip():
            filled.append(c)
    return filled


def _signature_leftovers(cells: Iterable[GridCell], table: str) -> list[Leftover]:
    return [
        Leftover(c.text, c.source, f"{table}的签署栏 ({_where(c.source)}), 计划中没有对应栏目")
        for c in cells
    ]


# --------------------------------------------------------------------------- rows


@dataclass(slots=True)
class _Row:
    """One table row: its own non-empty cells and every column a non-empty cell covers."""

    own: list[tuple[int, GridCell]]
    filled: dict[int, GridCell]

    @property
    def first_col(self) -> int:
        return min(self.filled) if self.filled else 0

    def own_at(self, col: int | None) -> GridCell | None:
        if col is None:
            return None
        for c, cell in self.own:
            if c == col:
                return cell
        return None


def _offset(grid: Grid) -> int:
    """The sheet column of a grid's first column (grids of a sheet start where text starts)."""
    src = grid.source
    if src.sheet is None or not src.cell:
        return 0
    m = re.match(r"^([A-Z]+)\d", src.cell)
    if not m:
        return 0
    n = 0
    for ch in m.group(1):
        n = n * 26 + ord(ch) - 64
    return n - 1


def _rows(grid: Grid) -> list[_Row]:
    off = _offset(grid)
    filled = grid.filled()
    out: list[_Row] = []
    for r, row in enumerate(grid.rows):
        own = [
            (off + c, cell)
            for c, cell in enumerate(row)
            if cell is not None and cell.text.strip()
        ]
        cover = {
            off + c: cell
            for c, cell in enumerate(filled[r])
            if cell is not None and cell.text.strip()
        }
        out.append(_Row(own, cover))
    return out


def _own_cells(row: Sequence[GridCell | None]) -> list[GridCell]:
    return [c for c in row if c is not None and c.text.strip()]


# --------------------------------------------------------------------------- headers


class _R(Enum):
    """The meaning of a column of one of the recognised tables."""

    NO = "序号"
    CODE = "项目编码"
    NAME = "项目名称"
    DEPT = "主管部门"
    UNIT = "实施单位"
    TOTAL = "年度资金总额"
    FISCAL = "财政拨款"
    OTHER = "其他资金"
    COUNT = "指标数"
    GOAL = "年度绩效目标"
    SG_TITLE = "分项绩效目标"
    SG_GOAL = "绩效目标"
    INDICATOR = "绩效指标"
    VALUE = "指标值"
    PROJECTS = "关联项目"
    M_TITLE = "保障措施"
    M_TEXT = "主要内容"
    M_DONE = "完成情况"
    M_PROOF = "佐证材料"
    LEVEL = "指标类别"  # 一级/二级指标 and other indicator-table columns: disqualify
    UNKNOWN = "未知"


class _Kind(Enum):
    PROJECTS = "项目支出"
    SUB_GOALS = "分项绩效目标"
    MEASURES = "保障措施"


_FIELD_ROLE = {
    Field.CODE: _R.CODE,
    Field.NAME: _R.NAME,
    Field.DEPARTMENT: _R.DEPT,
    Field.DEPT_NAME: _R.DEPT,
    Field.UNIT: _R.UNIT,
    Field.TOTAL: _R.TOTAL,
    Field.FUNDS: _R.TOTAL,
    Field.FISCAL: _R.FISCAL,
    Field.OTHER_FUNDS: _R.OTHER,
    Field.GOAL: _R.GOAL,
}


def _project_role(text: str, vocab: Vocabulary) -> _R:
    key = _key(text)
    if key in _NO:
        return _R.NO
    if key in _COUNT:
        return _R.COUNT
    if key in _INDICATOR:
        return _R.LEVEL
    lab = vocab.field(text)
    if lab is not None and lab.field in _FIELD_ROLE:
        return _FIELD_ROLE[lab.field]
    col = vocab.column(text)
    if col is not None:
        if col.col is Col.PROJECT:
            return _R.NAME
        if col.col is Col.PROJECT_CODE:
            return _R.CODE
        if col.col in _INDICATOR_COLS:
            return _R.LEVEL
    return _R.UNKNOWN


def _sub_goal_role(text: str, vocab: Vocabulary) -> _R:
    key = _key(text)
    if key in _NO:
        return _R.NO
    if key in _SG_GOAL:
        return _R.SG_GOAL
    if key in _INDICATOR:
        return _R.INDICATOR
    if key in _PROJECTS:
        return _R.PROJECTS
    col = vocab.column(text)
    if col is not None and col.col in (Col.VALUE, Col.LONG):
        return _R.VALUE
    if col is not None and col.col in (Col.L1, Col.L2):
        return _R.LEVEL
    if key in _SG_TITLE or _kind_of(key) is SectionKind.SUB_GOALS:
        return _R.SG_TITLE
    return _R.UNKNOWN


def _measure_role(text: str, vocab: Vocabulary) -> _R:
    key = _key(text)
    if key in _NO:
        return _R.NO
    if key in _M_TEXT:
        return _R.M_TEXT
    if key in _M_DONE:
        return _R.M_DONE
    if key in _M_PROOF:
        return _R.M_PROOF
    if key in _M_TITLE or _kind_of(key) is SectionKind.MEASURES:
        return _R.M_TITLE
    return _R.UNKNOWN


@dataclass(slots=True)
class _Header:
    kind: _Kind
    cols: dict[int, _R]
    units: dict[int, MoneyUnit]
    names: dict[int, str]

    def col(self, role: _R) -> int | None:
        for c, r in self.cols.items():
            if r is role:
                return c
        return None


def _header(own: Sequence[tuple[int, GridCell]], vocab: Vocabulary,
            kinds: Sequence[_Kind] = tuple(_Kind)) -> _Header | None:
    """The table whose column headers this row holds, if it is such a header row."""
    if len(own) < 2 or len(own) > 40 or not all(_short(c.text) for _, c in own):
        return None
    for kind in kinds:
        role_of = {_Kind.PROJECTS: _project_role, _Kind.SUB_GOALS: _sub_goal_role,
                   _Kind.MEASURES: _measure_role}[kind]
        cols = {col: role_of(c.text, vocab) for col, c in own}
        roles = set(cols.values())
        if _R.LEVEL in roles:
            continue
        known = sum(1 for r in cols.values() if r is not _R.UNKNOWN)
        if known * 2 < len(cols):
            continue
        if kind is _Kind.PROJECTS:
            ok = _R.NAME in roles and (_R.CODE in roles or _R.TOTAL in roles)
        elif kind is _Kind.SUB_GOALS:
            ok = _R.SG_TITLE in roles and _R.INDICATOR in roles
        else:
            ok = _R.M_TITLE in roles and bool(roles & {_R.M_TEXT, _R.M_DONE, _R.M_PROOF})
        if ok:
            units = {col: u for col, c in own if (u := _money_unit(_note(c.text))) is not None}
            return _Header(kind, cols, units, {col: c.text for col, c in own})
    return None


def _is_list_header(own: Sequence[tuple[int, GridCell]], vocab: Vocabulary) -> _Header | None:
    """A 项目汇总表 header: 序号, 项目名称 and 项目编码/项目代码 as column headers."""
    if not any(_key(c.text) in _NO for _, c in own):
        return None
    h = _header(own, vocab, (_Kind.PROJECTS,))
    if h is None or h.col(_R.NO) is None or h.col(_R.NAME) is None or h.col(_R.CODE) is None:
        return None
    return h


def _indicator_header(cells: Sequence[GridCell], vocab: Vocabulary) -> bool:
    """Whether a row names indicator-table columns (the second row of a two-row header)."""
    for c in cells:
        if not _short(c.text):
            continue
        col = vocab.column(c.text)
        if (col is not None and col.col in _INDICATOR_COLS) or _key(c.text) in _INDICATOR:
            return True
    return False


# --------------------------------------------------------------------------- amounts


def _amount(cell: GridCell | None, unit: MoneyUnit) -> tuple[Money | None, bool]:
    """The amount in a cell (in the table's unit when it states none); ``ok`` is False for a
    cell that holds something that is not an amount."""
    if cell is None or not cell.text.strip():
        return None, True
    m = parse_amount(cell.text, unit.value)
    return m, m is not None


def _count(cell: GridCell | None) -> tuple[int | None, bool]:
    if cell is None or not cell.text.strip():
        return None, True
    s = normalize(cell.text).removesuffix("个").removesuffix("项").removesuffix("条")
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None, False
    if not d.is_finite() or d != d.to_integral_value() or d < 0 or d > 10**9:
        return None, False
    return int(d), True


def _same(a: Money, b: Money, rows: int = 1) -> bool:
    """Equal to within rounding of the written figures (half a cent of a 万元 per row)."""
    tolerance = Decimal("0.005") * a.unit.factor * max(rows, 1)
    return abs(a.to_yuan() - b.to_yuan()) <= tolerance


def _sum(amounts: Iterable[Money | None], unit: MoneyUnit) -> Money:
    acc = Money(Decimal(0), unit)
    for m in amounts:
        if m is not None:
            acc = acc + m
    return acc


def _project_total(p: Project) -> Money | None:
    return p.funds.total or p.funds.sources_total()


# --------------------------------------------------------------------------- the splitter


@dataclass(slots=True)
class _Ctx:
    file: str | None
    vocab: Vocabulary
    leftovers: list[Leftover] = field(default_factory=list)

    def leave(self, cell: GridCell, reason: str) -> None:
        self.leftovers.append(Leftover(cell.text, cell.source, reason))


def split_tables(
    blocks: Sequence[Block],
    *,
    profile: RuleProfile | None = None,
    file: str | None = None,
) -> SheetTables:
    """Take the 项目汇总表 and department tables out of a document's blocks.

    Returns the grids and text blocks left for the assembler and the text ingester (in
    reading order), what the recognised tables gave, and the leftovers of their cells.
    """
    vocab = vocabulary(profile or default_profile())
    ctx = _Ctx(file, vocab)
    out = SheetTables(grids=[], texts=[])
    taken: set[int] = set()  # indexes of blocks used up
    groups: list[list[int]] = []  # grids by sheet (a whole sheet), or one by one
    by_sheet: dict[str, list[int]] = {}
    for k, b in enumerate(blocks):
        if not isinstance(b, Grid):
            continue
        sheet = b.source.sheet
        if sheet is None:
            groups.append([k])
        elif sheet in by_sheet:
            by_sheet[sheet].append(k)
        else:
            by_sheet[sheet] = [k]
            groups.append(by_sheet[sheet])
    recognised_sheets: dict[str, _Head] = {}
    readers: list[tuple[_DepartmentReader, list[_Row]]] = []
    for group in groups:
        grids = [blocks[k] for k in group]
        assert all(isinstance(g, Grid) for g in grids)
        region = _department_region([g for g in grids if isinstance(g, Grid)], vocab)
        if region:
            used = group[:region]
            rows = [row for k in used for row in _rows(_grid(blocks[k]))]
            reader = _DepartmentReader(ctx, _Head(), _grid(blocks[used[0]]).source)
            reader.read(rows)
            readers.append((reader, rows))
            out.departments.append(reader.table)
            taken.update(used)
            sheet = _grid(blocks[group[0]]).source.sheet
            if sheet is not None:
                recognised_sheets[sheet] = reader.head
            continue
        for pos, k in enumerate(group):
            grid = _grid(blocks[k])
            found = _list_header(grid, vocab)
            if found is None:
                continue
            head = _Head()
            listing = _read_list(ctx, grid, found, head)
            out.lists.append(listing)
            taken.add(k)
            before = group[:pos]
            while before and _title_grid(_grid(blocks[before[-1]]), vocab):
                j = before.pop()
                for cell in _grid(blocks[j]).cells():
                    infos = _title_info(cell.text, vocab)
                    if infos:
                        head.take(infos)
                taken.add(j)
            for j in group[pos + 1 :]:
                cells = list(_grid(blocks[j]).cells())
                filled = _signature_values([c for c in cells if c.text.strip()])
                if filled is None:
                    break
                ctx.leftovers.extend(_signature_leftovers(filled, SUMMARY))
                taken.add(j)
            _finish_list(listing, head)
            sheet = grid.source.sheet
            if sheet is not None:
                recognised_sheets[sheet] = head
            break
    for k, b in enumerate(blocks):
        if k in taken:
            continue
        if isinstance(b, Grid):
            out.grids.append(b)
            continue
        on = recognised_sheets.get(b.source.sheet) if b.source.sheet is not None else None
        infos = _title_info(b.text, vocab) if on is not None else None
        if on is not None and infos:
            on.take(infos)
            continue
        out.texts.append(b)
    # title lines outside the grids may carry the year or department
    for reader, rows in readers:
        reader.finish(rows)
    for listing in out.lists:
        _finish_list(listing, recognised_sheets.get(listing.source.sheet or ""))
    out.leftovers = ctx.leftovers
    return out


def _grid(b: Block) -> Grid:
    assert isinstance(b, Grid)
    return b


def _title_grid(grid: Grid, vocab: Vocabulary) -> bool:
    cells = [c for c in grid.cells() if c.text.strip()]
    return bool(cells) and all(_title_info(c.text, vocab) for c in cells)


def _list_header(grid: Grid, vocab: Vocabulary) -> tuple[int, _Header] | None:
    """The row and columns of a 项目汇总表 header in a grid with rows below it, if any."""
    rows = grid.rows
    for r, row in enumerate(rows):
        if not any(c is not None and c.text and normalize(c.text) in _NO for c in row):
            continue
        own = [(c, cell) for c, cell in enumerate(row) if cell is not None and cell.text.strip()]
        h = _is_list_header(own, vocab)
        if h is None:
            continue
        below = [_own_cells(rows[j]) for j in range(r + 1, len(rows))]
        below = [cells for cells in below if cells]
        if not below or _indicator_header(below[0], vocab):
            continue
        # columns relative to the grid, as _Row gives them with the grid's offset
        off = _offset(grid)
        h.cols = {c + off: role for c, role in h.cols.items()}
        h.units = {c + off: u for c, u in h.units.items()}
        h.names = {c + off: t for c, t in h.names.items()}
        return r, h
    return None


def _department_region(grids: Sequence[Grid], vocab: Vocabulary) -> int:
    """How many of the leading grids of a group form a department table (0 if none).

    The table needs a 总体绩效目标 label and a 分项绩效目标 header; it ends before a grid
    that starts a project table (a 项目支出绩效目标表 title that is not a department title).
    """
    overall = False
    sub_goals = False
    end = 0
    for k, grid in enumerate(grids):
        if k and _starts_project_table(grid, vocab):
            break
        end = k + 1
        for row in grid.rows:
            own = [(c, x) for c, x in enumerate(row) if x is not None and x.text.strip()]
            if not own:
                continue
            if not overall and any(
                "目标" in cell.text and _overall_label(cell.text, vocab) for _, cell in own
            ):
                overall = True
            if not sub_goals and any(
                len(cell.text) <= 12 and _key(cell.text) in _INDICATOR for _, cell in own
            ):
                sub_goals = _header(own, vocab, (_Kind.SUB_GOALS,)) is not None
    return end if overall and sub_goals else 0


def _starts_project_table(grid: Grid, vocab: Vocabulary) -> bool:
    """A grid that opens with a project table's title or its 项目编码 / 项目名称 label."""
    for cell in grid.cells():
        if cell.text.strip():
            if vocab.title(cell.text):
                return not vocab.is_department_title(cell.text)
            lab = vocab.field(cell.text)
            return lab is not None and lab.field in (Field.CODE, Field.NAME)
    return False


def _overall_label(text: str, vocab: Vocabulary) -> bool:
    if not _short(text) or len(normalize(text)) > 16:
        return False
    lab = vocab.field(text)
    if lab is not None and lab.field in (Field.DEPT_GOAL, Field.GOAL):
        return True
    return _kind_of(_key(text)) is SectionKind.OVERALL


# --------------------------------------------------------------------------- 项目汇总表


def _read_list(ctx: _Ctx, grid: Grid, found: tuple[int, _Header], head: _Head) -> ProjectList:
    header_row, h = found
    rows = _rows(grid)
    listing = ProjectList(source=grid.source)
    for row in rows[:header_row]:
        for _, cell in row.own:
            infos = _title_info(cell.text, ctx.vocab)
            if infos:
                head.take(infos)
            else:
                ctx.leave(cell, f"{SUMMARY}表头之上未能识别的内容 ({_where(cell.source)})")
    unit = head.unit or MoneyUnit.WAN
    ended = False
    for row in rows[header_row + 1 :]:
        if not row.own:
            continue
        cells = [c for _, c in row.own]
        signature = _signature_values(cells)
        if signature is not None:
            ctx.leftovers.extend(_signature_leftovers(signature, SUMMARY))
            ended = True
            continue
        if ended:
            for c in cells:
                ctx.leave(c, f"{SUMMARY}签署栏之后未能识别的内容 ({_where(c.source)})")
            continue
        if any(normalize(c.text) in _TOTAL_ROW for c in cells):
            continue  # 合计: the sum of the rows above
        _list_row(ctx, listing, row, h, unit)
    return listing


def _list_row(ctx: _Ctx, listing: ProjectList, row: _Row, h: _Header, unit: MoneyUnit) -> None:
    code_cell = row.own_at(h.col(_R.CODE))
    name_cell = row.own_at(h.col(_R.NAME))
    if name_cell is not None and _CELL_REF.match(normalize(name_cell.text)):
        name_cell = None  # the location of an empty linked cell (a blank template's row)
    code = code_cell.text.strip() if code_cell else None
    name = name_cell.text.strip() if name_cell else None
    if code is None and name:
        fused, rest = split_code(name)
        if fused:
            code, name = fused, rest or None
    if code is None and name is None:
        # a blank row of a form: its number, department and count say nothing of a project
        quiet = {_R.NO, _R.NAME, _R.DEPT, _R.UNIT, _R.COUNT}
        for col, cell in row.own:
            if h.cols.get(col, _R.UNKNOWN) not in quiet:
                ctx.leave(cell, f"{SUMMARY}中没有项目编码和项目名称的行 ({_where(cell.source)})")
        return
    anchor = name_cell or code_cell
    assert anchor is not None
    item = ListedProject(code=code, name=name, anchor=anchor)
    total_col = h.col(_R.TOTAL)
    total_cell = row.own_at(total_col)
    money, ok = _amount(total_cell, h.units.get(total_col or -1, unit))
    if total_cell is not None and not ok:
        ctx.leave(total_cell, f"{SUMMARY} {_where(total_cell.source)} 的年度资金总额无法读出金额")
    item.total, item.total_cell = money, total_cell
    count_cell = row.own_at(h.col(_R.COUNT))
    n, ok = _count(count_cell)
    if count_cell is not None and not ok:
        ctx.leave(count_cell, f"{SUMMARY} {_where(count_cell.source)} 的指标数不是整数")
    item.count, item.count_cell = n, count_cell
    listing.rows.append(item)


def _finish_list(listing: ProjectList, head: _Head | None) -> None:
    if head is None:
        return
    listing.year = listing.year or head.year
    listing.department = listing.department or head.department
    listing.unit = listing.unit or head.filler


class _Index:
    """Projects by normalised code and by normalised name (the first of each wins)."""

    def __init__(self, projects: Iterable[Project]):
        self.codes: dict[str, Project] = {}
        self.names: dict[str, Project] = {}
        for p in projects:
            if p.code:
                self.codes.setdefault(normalize(p.code), p)
            if p.name:
                self.names.setdefault(normalize(p.name), p)

    def match(self, code: str | None, name: str | None) -> Project | None:
        """The project with this code, else the one with this name."""
        found = self.codes.get(normalize(code)) if code else None
        if found is None and name:
            found = self.names.get(normalize(name))
        return found


def _check_list(listing: ProjectList, projects: _Index) -> list[Leftover]:
    """Leftovers for listed projects without a project table or with other figures."""
    out: list[Leftover] = []
    for item in listing.rows:
        found = projects.match(item.code, item.name)
        at = _where(item.anchor.source)
        if found is None:
            out.append(Leftover(
                item.label, item.anchor.source,
                f"{SUMMARY} {at} 列出的项目「{item.label}」没有对应的项目绩效目标表",
            ))
            continue
        there = _where(found.source)
        read = _project_total(found)
        if item.total is not None and item.total_cell is not None and (
            read is None or not _same(item.total, read)
        ):
            said = "未读到金额" if read is None else f"读到 {read}"
            out.append(Leftover(
                item.total_cell.text, item.total_cell.source,
                f"{SUMMARY} {_where(item.total_cell.source)} 的年度资金总额 {item.total} 与项目表"
                f"「{found.label}」({there}) 不一致: 项目表{said}",
            ))
        if item.count is not None and item.count_cell is not None and (
            item.count != len(found.indicators)
        ):
            out.append(Leftover(
                item.count_cell.text, item.count_cell.source,
                f"{SUMMARY} {_where(item.count_cell.source)} 的指标数 {item.count} 与项目表"
                f"「{found.label}」({there}) 读到的 {len(found.indicators)} 条指标不一致",
            ))
    return out


# --------------------------------------------------------------------------- department table


class _Kv(Enum):
    DEPT = "部门名称"
    UNIT = "填报单位"
    TOTAL = "预算总额"
    FISCAL = "财政拨款"
    OTHER = "其他资金"
    OVERALL = "总体绩效目标"


def _kv_label(text: str, vocab: Vocabulary) -> _Kv | None:
    """The department-table field a label cell names, if it is one."""
    if not _short(text):
        return None
    if _overall_label(text, vocab):
        return _Kv.OVERALL
    lab = vocab.field(text)
    if lab is None:
        return None
    fld = lab.field
    if fld in (Field.DEPT_NAME, Field.DEPARTMENT):
        return _Kv.DEPT
    if fld is Field.UNIT:
        return _Kv.UNIT
    if fld in (Field.TOTAL, Field.FUNDS):
        return _Kv.TOTAL
    if fld is Field.FISCAL:
        return _Kv.FISCAL
    if fld is Field.OTHER_FUNDS:
        return _Kv.OTHER
    return None


@dataclass(slots=True)
class _Pending:
    """A sub-goal's 指标值 cell, parsed once the year is known."""

    goal: SubGoal
    name: str | None
    name_cell: GridCell | None
    value_cell: GridCell


class _DepartmentReader:
    """Rows of a department table → :class:`DepartmentTable` (see the module docstring)."""

    def __init__(self, ctx: _Ctx, head: _Head, source: SourceRef):
        self.ctx = ctx
        self.head = head
        self.table = DepartmentTable(source=source)
        self.header: _Header | None = None
        self.goal: SubGoal | None = None
        self.goal_key: tuple[str, str] | None = None
        self.goal_cells: set[int] = set()
        self.await_overall: GridCell | None = None
        self.budget: dict[_Kv, tuple[Money, GridCell]] = {}
        self.totals: dict[_R, tuple[Money, GridCell]] = {}
        self.sums: dict[_R, list[Money]] = {_R.TOTAL: [], _R.FISCAL: [], _R.OTHER: []}
        self.pending: list[_Pending] = []
        self.fund_names: dict[int, str] = {}

    def read(self, rows: Sequence[_Row]) -> None:
        for k, row in enumerate(rows):
            if row.own:
                self._row(row, rows, k)

    def finish(self, rows: Sequence[_Row]) -> None:
        """Once the title lines outside the grids are known: year, unit, targets, checks."""
        t, head = self.table, self.head
        t.year = head.year
        t.department = t.department or head.department
        if head.filler and head.filler != t.department:
            t.unit = head.filler
        year = t.year
        if year is None and self.pending:
            year = infer_year(c.text for row in rows for _, c in row.own)
        for p in self.pending:
            target = parse_target(p.value_cell.text, year=year, profile=self.ctx.vocab.profile)
            src = (p.name_cell or p.value_cell).source
            p.goal.targets.append(Indicator(None, None, p.name, None, target, source=src))
        self._check_budget()

    # -- dispatch -------------------------------------------------------------------------

    def _row(self, row: _Row, rows: Sequence[_Row], k: int) -> None:
        vocab = self.ctx.vocab
        h = _header(row.own, vocab)
        if h is not None:
            self._start(h)
            return
        signature = _signature_values([c for _, c in row.own])
        if signature is not None:
            self.ctx.leftovers.extend(_signature_leftovers(signature, DEPARTMENT))
            self.header = None
            return
        if self._section(row, rows, k):
            return
        if self.header is not None and not self._leaves_table(row):
            self._body(row, self.header)
            return
        self.header = None
        self._kv(row)

    def _start(self, h: _Header) -> None:
        self.header = h
        self.goal = None
        self.goal_key = None
        self.await_overall = None
        if h.kind is _Kind.PROJECTS:
            self.fund_names = {
                col: fund_source_name(h.names[col], role is _R.FISCAL)
                for col, role in h.cols.items()
                if role in (_R.FISCAL, _R.OTHER)
            }

    def _section(self, row: _Row, rows: Sequence[_Row], k: int) -> bool:
        """A section title alone on its row (分项绩效目标, 项目支出, 目标规划及保障措施 …)."""
        if len(row.own) != 1:
            return False
        col, cell = row.own[0]
        if col != row.first_col or not _short(cell.text) or len(normalize(cell.text)) > 20:
            return False
        key = _key(cell.text)
        kind = _kind_of(key)
        if kind is SectionKind.OVERALL or _overall_label(cell.text, self.ctx.vocab):
            self.header = None
            self.await_overall = cell  # the goal follows on the next row
            return True
        if kind is not SectionKind.OTHER or key in _PROJECT_SECTIONS:
            self.header = None
            return True
        nxt = next((r for r in rows[k + 1 :] if r.own), None)
        if nxt is not None and _header(nxt.own, self.ctx.vocab) is not None:
            self.header = None
            return True
        return False

    def _leaves_table(self, row: _Row) -> bool:
        """Whether a row inside a table is a label row of the top part instead."""
        assert self.header is not None
        col, cell = row.own[0]
        if col > min(self.header.cols) or col != row.first_col or len(row.own) < 2:
            return False
        if self.header.kind is _Kind.PROJECTS and normalize(cell.text) in _TOTAL_ROW:
            return False
        return _kv_label(cell.text, self.ctx.vocab) is not None

    # -- the top part: 部门名称, 年度预算, 总体绩效目标 -----------------------------------------

    def _kv(self, row: _Row) -> None:
        vocab = self.ctx.vocab
        if self.await_overall is not None:
            label = self.await_overall
            self.await_overall = None
            first = row.own[0][1].text
            if _kv_label(first, vocab) is None and not _title_info(first, vocab):
                self._put(_Kv.OVERALL, label, [c for _, c in row.own])
                return
        label_kind: _Kv | None = None
        label_cell: GridCell | None = None
        values: list[GridCell] = []
        for _, cell in row.own:
            kind = _kv_label(cell.text, vocab)
            if kind is _Kv.OVERALL is label_kind and not values:
                kind = None  # the goal itself may read like a label (总体目标)
            if kind is not None:
                if label_kind is not None and label_cell is not None:
                    self._put(label_kind, label_cell, values)
                label_kind, label_cell, values = kind, cell, []
                continue
            if label_kind is None or values:
                infos = _title_info(cell.text, vocab)
                if infos:
                    self.head.take(infos)
                    continue
            if label_kind is None:
                self.ctx.leave(cell, f"{DEPARTMENT}中未能识别的内容 ({_where(cell.source)})")
                continue
            values.append(cell)
        if label_kind is not None and label_cell is not None:
            self._put(label_kind, label_cell, values)

    def _put(self, kind: _Kv, label: GridCell, values: list[GridCell]) -> None:
        if not values:
            return  # a label left blank, or a group label (年度预算) over its rows
        text = "".join(v.text.strip() for v in values)
        t = self.table
        if kind is _Kv.DEPT:
            if t.department is None:
                t.department = text
            else:
                self._extra(values, "部门名称")
        elif kind is _Kv.UNIT:
            if self.head.filler is None:
                self.head.filler = text
            else:
                self._extra(values, "填报单位")
        elif kind is _Kv.OVERALL:
            if t.overall_goal is None:
                t.overall_goal = text
                t.overall_source = values[0].source
            else:
                self._extra(values, "总体绩效目标")
        else:
            unit = _money_unit(_note(label.text)) or self.head.unit or MoneyUnit.WAN
            money = parse_amount(text, unit.value)
            if money is None:
                for v in values:
                    self.ctx.leave(v, f"{DEPARTMENT} {_where(v.source)} 的{label.text.strip()}"
                                      "无法读出金额")
                return
            if kind is _Kv.TOTAL and kind in self.budget:
                self._extra(values, label.text.strip())
                return
            had = self.budget.get(kind)
            self.budget[kind] = (had[0] + money, had[1]) if had else (money, values[0])

    def _extra(self, values: list[GridCell], what: str) -> None:
        for v in values:
            self.ctx.leave(v, f"{DEPARTMENT}中第二处{what} ({_where(v.source)}), 未采用")

    # -- the tables -----------------------------------------------------------------------

    def _body(self, row: _Row, h: _Header) -> None:
        if h.kind is _Kind.SUB_GOALS:
            self._sub_goal_row(row, h)
        elif h.kind is _Kind.PROJECTS:
            self._project_row(row, h)
        else:
            self._measure_row(row, h)

    def _unknown(self, row: _Row, h: _Header, used: set[int], what: str) -> None:
        for col, cell in row.own:
            if id(cell) in used:
                continue
            name = h.names.get(col)
            reason = (f"{what}中「{name}」一栏, 计划中没有对应栏目" if name
                      else f"{what}中表头之外的一栏")
            self.ctx.leave(cell, f"{reason} ({_where(cell.source)})")

    def _sub_goal_row(self, row: _Row, h: _Header) -> None:
        used: set[int] = set()
        no = row.filled.get(_col(h, _R.NO))
        title = row.filled.get(_col(h, _R.SG_TITLE))
        goal_cell = row.filled.get(_col(h, _R.SG_GOAL))
        key = (normalize(no.text) if no else "", normalize(title.text) if title else "")
        starts = any(
            c is not None and row.own_at(col) is c
            for c, col in ((no, _col(h, _R.NO)), (title, _col(h, _R.SG_TITLE)))
        )
        if starts and (self.goal is None or key != self.goal_key):
            named = title or goal_cell
            first = named or no
            assert first is not None
            self.goal = SubGoal(title=named.text.strip() if named else "", source=first.source)
            self.goal_key = key
            self.table.sub_goals.append(self.goal)
        for c in (no, title):
            if c is not None:
                used.add(id(c))
        goal = self.goal
        if goal is None:
            for _, cell in row.own:
                self.ctx.leave(cell, f"{DEPARTMENT}分项绩效目标表中不属于任何分项目标的内容 "
                                     f"({_where(cell.source)})")
            return
        if goal_cell is not None:
            used.add(id(goal_cell))
            if id(goal_cell) not in self.goal_cells:
                self.goal_cells.add(id(goal_cell))
                text = goal_cell.text.strip()
                if goal.goal is None:
                    goal.goal = text
                elif normalize(text) not in normalize(goal.goal):
                    goal.goal += "；" + text
        projects = row.filled.get(_col(h, _R.PROJECTS))
        if projects is not None:
            used.add(id(projects))
            for code in _CODE_SPLIT.split(projects.text.strip()):
                if code and code not in goal.project_codes:
                    goal.project_codes.append(code)
        name_cell = row.own_at(_col(h, _R.INDICATOR))
        value_cell = row.own_at(_col(h, _R.VALUE))
        name: str | None = None
        if name_cell is not None:
            used.add(id(name_cell))
            name = name_cell.text.strip()
            goal.indicators.append(name)
        elif value_cell is not None:
            name_cell = row.filled.get(_col(h, _R.INDICATOR))  # a name merged over rows
            name = name_cell.text.strip() if name_cell is not None else None
        if value_cell is not None:
            used.add(id(value_cell))
            self.pending.append(_Pending(goal, name, name_cell, value_cell))
        self._unknown(row, h, used, "分项绩效目标表")

    def _project_row(self, row: _Row, h: _Header) -> None:
        unit = self.head.unit or MoneyUnit.WAN
        if any(normalize(c.text) in _TOTAL_ROW for _, c in row.own):
            for role in (_R.TOTAL, _R.FISCAL, _R.OTHER):
                col = _col(h, role)
                cell = row.own_at(col)
                money, ok = _amount(cell, h.units.get(col, unit))
                if cell is not None and money is not None:
                    self.totals[role] = (money, cell)
                elif cell is not None and not ok:
                    self.ctx.leave(cell, f"{DEPARTMENT}项目支出合计 {_where(cell.source)} "
                                         "无法读出金额")
            return
        used: set[int] = set()
        code_cell = row.own_at(_col(h, _R.CODE))
        name_cell = row.own_at(_col(h, _R.NAME))
        code = code_cell.text.strip() if code_cell else None
        name = name_cell.text.strip() if name_cell else None
        if code is None and name:
            fused, rest = split_code(name)
            if fused:
                code, name = fused, rest or None
        no_cell = row.own_at(_col(h, _R.NO))
        if no_cell is not None:
            used.add(id(no_cell))
        anchor = code_cell or name_cell
        if anchor is None:
            for _, cell in row.own:
                if id(cell) not in used:
                    self.ctx.leave(cell, f"{DEPARTMENT}项目支出表中没有项目编码和项目名称的行 "
                                         f"({_where(cell.source)})")
            return
        used.update(id(c) for c in (code_cell, name_cell) if c is not None)
        funds = Funds()
        amounts: dict[_R, Money] = {}
        for role in (_R.TOTAL, _R.FISCAL, _R.OTHER):
            col = _col(h, role)
            cell = row.own_at(col)
            if cell is None:
                continue
            used.add(id(cell))
            money, _ok = _amount(cell, h.units.get(col, unit))
            if money is None:
                self.ctx.leave(cell, f"{DEPARTMENT}项目支出 {_where(cell.source)} "
                                     f"的{h.names.get(col, role.value)}无法读出金额")
                continue
            if role is _R.TOTAL:
                funds.total = money
            else:
                funds.lines.append(FundLine(self.fund_names.get(col, role.value), money))
                amounts[role] = amounts[role] + money if role in amounts else money
        project = Project(code=code, name=name, funds=funds, source=anchor.source)
        total = _project_total(project)
        if total is not None:
            self.sums[_R.TOTAL].append(total)
        for role, money in amounts.items():
            self.sums[role].append(money)
        for role, attr in ((_R.DEPT, "department"), (_R.UNIT, "unit"), (_R.GOAL, "goal")):
            cell = row.own_at(_col(h, role))
            if cell is not None:
                setattr(project, attr, cell.text.strip())
                used.add(id(cell))
        self.table.projects.append(project)
        self._unknown(row, h, used, "项目支出表")

    def _measure_row(self, row: _Row, h: _Header) -> None:
        used: set[int] = set()
        no_cell = row.own_at(_col(h, _R.NO))
        if no_cell is not None:
            used.add(id(no_cell))
        title_cell = row.own_at(_col(h, _R.M_TITLE))
        text_cell = row.own_at(_col(h, _R.M_TEXT))
        if title_cell is not None:
            text = text_cell.text.strip() if text_cell is not None else None
            self.table.measures.append(Measure(title_cell.text.strip(), text, title_cell.source))
        elif text_cell is not None:  # content without a name: the content names it
            self.table.measures.append(Measure(text_cell.text.strip(), None, text_cell.source))
        used.update(id(c) for c in (title_cell, text_cell) if c is not None)
        for role in (_R.M_DONE, _R.M_PROOF):
            cell = row.own_at(_col(h, role))
            if cell is not None:
                used.add(id(cell))
                self.ctx.leave(cell, f"保障措施的{role.value} ({_where(cell.source)}), "
                                     "计划中没有对应栏目")
        self._unknown(row, h, used, "保障措施表")

    # -- checks ---------------------------------------------------------------------------

    def _check_budget(self) -> None:
        n = len(self.table.projects)
        unit = self.head.unit or MoneyUnit.WAN
        checks: list[tuple[str, Money, GridCell, _R]] = []
        for kind, role in ((_Kv.TOTAL, _R.TOTAL), (_Kv.FISCAL, _R.FISCAL), (_Kv.OTHER, _R.OTHER)):
            if kind in self.budget:
                money, cell = self.budget[kind]
                checks.append((f"年度预算{kind.value}", money, cell, role))
        for role, (money, cell) in self.totals.items():
            checks.append((f"项目支出合计{role.value}", money, cell, role))
        for what, money, cell, role in checks:
            if not n:
                self.ctx.leave(cell, f"{DEPARTMENT} {_where(cell.source)} 的{what} {money}: "
                                     "计划中没有部门预算栏目, 也没有项目支出明细可与之核对")
                continue
            expected = _sum(self.sums[role], unit)
            if not _same(money, expected, n):
                self.ctx.leave(cell, f"{DEPARTMENT} {_where(cell.source)} 的{what} {money} "
                                     f"与项目支出各行之和 {expected.to(money.unit)} 不一致")


def _col(h: _Header, role: _R) -> int:
    """The column of a role in a header, -1 when the table has none."""
    found = h.col(role)
    return -1 if found is None else found


def _apply_department(plan: Plan, dept: DepartmentTable, sheet_projects: _Index) -> None:
    if plan.department is None:
        plan.department = dept.department
    if plan.unit is None and dept.unit and dept.unit != plan.department:
        plan.unit = dept.unit
    if plan.year is None:
        plan.year = dept.year
    if dept.overall_goal:
        if plan.overall_goal is None:
            plan.overall_goal = dept.overall_goal
        elif normalize(plan.overall_goal) != normalize(dept.overall_goal):
            plan.leftovers.append(Leftover(
                dept.overall_goal, dept.overall_source,
                f"{DEPARTMENT} {_where(dept.overall_source)} 的总体绩效目标与已读到的不同, 未采用",
            ))
    plan.sub_goals.extend(dept.sub_goals)
    plan.measures.extend(dept.measures)
    for listed in dept.projects:
        found = sheet_projects.match(listed.code, listed.name)
        if found is None:
            plan.projects.append(listed)
            continue
        if found.funds.total is None and not found.funds.lines:
            found.funds = listed.funds
            continue
        mine, theirs = _project_total(listed), _project_total(found)
        if mine is not None and theirs is not None and not _same(mine, theirs):
            plan.leftovers.append(Leftover(
                str(mine), listed.source,
                f"{DEPARTMENT} {_where(listed.source)} 项目「{listed.label}」的年度资金总额 "
                f"{mine} 与项目表 ({_where(found.source)}) 读到的 {theirs} 不一致",
            ))
