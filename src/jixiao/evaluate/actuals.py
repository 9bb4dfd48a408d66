"""Year-end actuals (全年实际完成情况): what the unit reports for the self-evaluation.

Per project: money by fund source — 年初预算数 (initial), 全年预算数 (adjusted, the budget
after 调整), 全年执行数 (spent) — the outcome text (实际完成情况), a reason when 执行率 is low;
per indicator: the actual value as written (实际完成值), the evaluator's score for 定性 rows
(or the score a published form claims), the explanation (偏差原因分析及改进措施) and an
optional weight (分值) that overrides the plan's.

Read from YAML (primary; see ``examples/seed/actuals.yaml``) or from one CSV/XLSX table whose
header names the columns (Chinese form headings or the integrated-system snake_case names of
DOMAIN.md §7). Amounts default to 万元; a unit in the YAML (``unit: 元``), in the value
(``147.6万元``) or in the header (``全年执行数(元)``) overrides it. Every item keeps the place
it came from, so that errors can say file, project and row.

A workbook of 项目支出绩效自评表 sheets — the one ``jixiao evaluate -f xlsx`` writes, or one
filled in by hand in that layout — is read form by form (:func:`project_from_form`), so the
self-evaluation workbook imports back as the actuals it was made from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.domain.errors import InputError
from jixiao.domain.model import SourceRef
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.text import normalize
from jixiao.ingest.limits import number_in_range

if TYPE_CHECKING:
    from jixiao.ingest.grid import Block
    from jixiao.recheck.form import IndicatorRow, MoneyRow, PublishedForm

DEFAULT_MONEY_UNIT = MoneyUnit.WAN

_MONEY = re.compile(r"^([-+]?\d[\d,]*(?:\.\d+)?|[-+]?\.\d+)\s*(元|万元|亿元|万|亿)?$")


@dataclass(slots=True)
class FundActual:
    """One fund-source row: 年初预算数, 全年预算数, 全年执行数 (any may be missing)."""

    source: str
    initial: Money | None = None
    adjusted: Money | None = None
    spent: Money | None = None
    where: SourceRef | None = None


@dataclass(slots=True)
class IndicatorActual:
    """The actual of one indicator row, matched by ``level3`` (三级指标) or ``index`` (1-based)."""

    level3: str | None = None
    index: int | None = None
    level1: str | None = None
    level2: str | None = None
    actual: str | None = None
    score: Decimal | None = None
    weight: Decimal | None = None
    explanation: str | None = None
    where: SourceRef | None = None

    @property
    def label(self) -> str:
        if self.level3:
            return self.level3
        return f"第{self.index}个指标" if self.index is not None else "(未命名指标)"


@dataclass(slots=True)
class ProjectActuals:
    """A project's year-end report, matched to the plan by ``code`` (or ``name``)."""

    code: str | None
    name: str | None = None
    funds: list[FundActual] = field(default_factory=list)
    indicators: list[IndicatorActual] = field(default_factory=list)
    outcome: str | None = None
    execution_reason: str | None = None
    where: SourceRef | None = None

    @property
    def label(self) -> str:
        return " ".join(p for p in (self.code, self.name) if p) or "(未命名项目)"


@dataclass(slots=True)
class Actuals:
    """All year-end actuals of one file."""

    projects: list[ProjectActuals] = field(default_factory=list)
    year: int | None = None
    file: str | None = None
    note: str | None = None

    def find(self, code: str | None, name: str | None = None) -> ProjectActuals | None:
        """The actuals of a project: by code first, else (actuals without a code) by name."""
        return ActualsIndex(self).find(code, name)


class ActualsIndex:
    """Look-up of project actuals by normalised code and name (built once per evaluation)."""

    def __init__(self, actuals: Actuals):
        self.by_code: dict[str, ProjectActuals] = {}
        self.by_name: dict[str, ProjectActuals] = {}
        self.raw_code: dict[str, ProjectActuals] = {}
        for p in actuals.projects:
            if p.code:
                self.by_code.setdefault(normalize(p.code), p)
                self.raw_code.setdefault(p.code, p)
            elif p.name:
                self.by_name.setdefault(normalize(p.name), p)

    def find(self, code: str | None, name: str | None = None) -> ProjectActuals | None:
        if code:
            hit = self.raw_code.get(code) or self.by_code.get(normalize(code))
            if hit is not None:
                return hit
        if name:
            return self.by_name.get(normalize(name))
        return None


# --- scalar helpers ------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A cell or YAML scalar as text; numbers without float noise; ``None``/blank → ``None``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, float):
        return f"{Decimal(repr(value)):f}".removesuffix(".0") if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def parse_decimal(value: Any, what: str, where: SourceRef | None) -> Decimal | None:
    """A number (int, Decimal, float via its text, or text with thousands commas/%) or ``None``."""
    text = _text(value)
    if text is None:
        return None
    cleaned = text.replace(",", "").replace("，", "").replace("分", "").strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:
        raise InputError(f"{what} 应为数值, 得到 {text!r}", where) from exc
    if not number_in_range(number):
        raise InputError(f"{what} 数值无效或超出范围: {text[:40]!r}", where)
    return number


def parse_money(value: Any, unit: MoneyUnit, what: str, where: SourceRef | None) -> Money | None:
    """An amount with its unit: ``147.6`` (in ``unit``), ``"147.6万元"``, ``"1,476,000元"``."""
    text = _text(value)
    if text is None:
        return None
    m = _MONEY.match(text.replace("，", ",").replace(" ", ""))
    if not m:
        raise InputError(f"{what} 不是金额: {text!r} (应为数字, 可带单位 元/万元/亿元)", where)
    amount = Decimal(m.group(1).replace(",", ""))
    if not number_in_range(amount):
        raise InputError(f"{what} 金额超出范围: {text[:40]!r}", where)
    written = MoneyUnit.parse(m.group(2)) if m.group(2) else unit
    return Money(amount, written)


def _index(value: Any, where: SourceRef | None) -> int | None:
    number = parse_decimal(value, "指标序号", where)
    if number is None:
        return None
    if number != number.to_integral_value() or number < 1:
        raise InputError(f"指标序号应为正整数, 得到 {value!r}", where)
    return int(number)


# --- YAML ------------------------------------------------------------------------------------


class _Located(dict[str, Any]):
    """A YAML mapping that remembers its 1-based line."""

    line: int = 0


def _yaml_to_py(node: Any) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        out = _Located()
        out.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            out[str(_yaml_to_py(key_node))] = _yaml_to_py(value_node)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_yaml_to_py(v) for v in node.value]
    tag = node.tag
    value = node.value
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return value.lower() in ("yes", "true", "on", "y")
    if tag.endswith(":int"):
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag.endswith(":float"):
        try:
            return Decimal(value.replace("_", ""))
        except InvalidOperation:
            return value
    return value  # strings, and timestamps kept as written


def load_yaml(text: str, file: str | None = None) -> Any:
    """Parse YAML keeping decimals exact (never float) and mapping lines for error messages."""
    import yaml

    from jixiao.ingest.limits import check_yaml_nodes, default_limits

    where = SourceRef(file=file)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            return None
        check_yaml_nodes(node, default_limits(), where)  # aliases expanded: no "billion laughs"
        return _yaml_to_py(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(
            f"YAML 格式错误: {problem}", SourceRef(file=file, line=mark.line + 1 if mark else None)
        ) from exc
    except RecursionError as exc:
        raise InputError("YAML 嵌套层次过深, 无法读取", where) from exc


def _where(file: str | None, item: Any) -> SourceRef:
    line = getattr(item, "line", None) or None
    return SourceRef(file=file, line=line)


def _get(item: Mapping[str, Any], *keys: str) -> Any:
    for k in keys:
        if k in item and item[k] is not None:
            return item[k]
    return None


def _items(value: Any, what: str, where: SourceRef | None) -> list[Any]:
    """A YAML list (absent or empty: no items); anything else is an error that says so."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{what} 应为列表 (每行以 - 开头), 得到 {_yaml_kind(value)}", where)
    return value


def _yaml_kind(value: Any) -> str:
    if isinstance(value, Mapping):
        return "映射"
    if isinstance(value, str):
        return f"文字 {value[:20]!r}"
    return f"{type(value).__name__} {str(value)[:20]}"


def actuals_from_mapping(data: Any, file: str | None = None) -> Actuals:
    """Build :class:`Actuals` from the YAML structure (also handy in tests and benchmarks).

    ``{"year": 2023, "unit": "万元", "projects": [{"code", "name", "outcome", "execution_reason",
    "funds": [{"source", "initial", "adjusted", "spent"}], "indicators": [{"level3" | "index",
    "actual", "score", "weight", "explanation"}]}]}``. Chinese keys (项目编码, 三级指标,
    实际完成值, 得分, 分值, 偏差原因分析及改进措施, 年初预算数, 全年预算数, 全年执行数) are
    accepted too.
    """
    top = SourceRef(file=file)
    if not isinstance(data, Mapping):
        raise InputError("实际完成情况文件应为一个映射 (含 projects 列表)", top)
    unit_text = _text(_get(data, "unit", "单位", "金额单位"))
    try:
        unit = MoneyUnit.parse(unit_text) if unit_text else DEFAULT_MONEY_UNIT
    except ValueError as exc:
        raise InputError(f"金额单位无法识别: {unit_text!r}", top) from exc
    projects_data = _get(data, "projects", "项目")
    if not isinstance(projects_data, list) or not projects_data:
        raise InputError("实际完成情况文件缺少 projects 列表", top)
    year_value = parse_decimal(_get(data, "year", "年度"), "年度", top)
    projects: list[ProjectActuals] = []
    for n, p in enumerate(projects_data, start=1):
        where = _where(file, p)
        if not isinstance(p, Mapping):
            raise InputError(f"第{n}个项目应为映射 (code, funds, indicators …)", where)
        code = _text(_get(p, "code", "项目编码", "pro_code"))
        name = _text(_get(p, "name", "项目名称", "pro_name"))
        if not code and not name:
            raise InputError(f"第{n}个项目既无项目编码也无项目名称", where)
        label = code or name
        project = ProjectActuals(
            code=code,
            name=name,
            outcome=_text(_get(p, "outcome", "实际完成情况", "年度目标完成情况")),
            execution_reason=_text(_get(p, "execution_reason", "执行率偏低原因", "原因")),
            where=where,
        )
        p_unit = unit
        p_unit_text = _text(_get(p, "unit", "单位"))
        if p_unit_text:
            try:
                p_unit = MoneyUnit.parse(p_unit_text)
            except ValueError as exc:
                raise InputError(f"项目 {label}: 金额单位无法识别: {p_unit_text!r}", where) from exc
        for f in _items(_get(p, "funds", "资金"), f"项目 {label}: 资金 (funds)", where):
            fw = _where(file, f)
            if not isinstance(f, Mapping):
                raise InputError(
                    f"项目 {label}: 资金行应为映射 (source, initial, adjusted, spent)", fw
                )
            source = _text(_get(f, "source", "资金来源")) or "财政拨款"
            ctx = f"项目 {label} 资金“{source}”"
            project.funds.append(
                FundActual(
                    source=source,
                    initial=parse_money(
                        _get(f, "initial", "年初预算数", "reply_amt"),
                        p_unit,
                        f"{ctx} 年初预算数",
                        fw,
                    ),
                    adjusted=parse_money(
                        _get(f, "adjusted", "全年预算数", "调整后预算数", "cur_amt"),
                        p_unit,
                        f"{ctx} 全年预算数",
                        fw,
                    ),
                    spent=parse_money(
                        _get(f, "spent", "全年执行数", "预算执行数", "year_exe_amt"),
                        p_unit,
                        f"{ctx} 全年执行数",
                        fw,
                    ),
                    where=fw,
                )
            )
        for i in _items(_get(p, "indicators", "指标"), f"项目 {label}: 指标 (indicators)", where):
            iw = _where(file, i)
            if not isinstance(i, Mapping):
                raise InputError(f"项目 {label}: 指标行应为映射 (level3/index, actual …)", iw)
            row = IndicatorActual(
                level3=_text(_get(i, "level3", "name", "三级指标", "lv3_perf_ind_name")),
                index=_index(_get(i, "index", "序号"), iw),
                level1=_text(_get(i, "level1", "一级指标")),
                level2=_text(_get(i, "level2", "二级指标")),
                actual=_text(_get(i, "actual", "实际完成值", "完成值", "ind_comp")),
                score=parse_decimal(
                    _get(i, "score", "得分", "eval_score"), f"项目 {label} 得分", iw
                ),
                weight=parse_decimal(
                    _get(i, "weight", "分值", "权重", "ind_weight"), f"项目 {label} 分值", iw
                ),
                explanation=_text(
                    _get(i, "explanation", "偏差原因分析及改进措施", "ana_dev_reasons")
                ),
                where=iw,
            )
            if row.level3 is None and row.index is None:
                raise InputError(
                    f"项目 {label}: 指标行需要三级指标名称 (level3) 或序号 (index)", iw
                )
            project.indicators.append(row)
        projects.append(project)
    return Actuals(
        projects=projects,
        year=int(year_value) if year_value is not None else None,
        file=file,
        note=_text(_get(data, "note", "说明")),
    )


# --- CSV / XLSX --------------------------------------------------------------------------------

HEADER_ALIASES: dict[str, Sequence[str]] = {
    "code": ["项目编码", "项目代码", "项目编号", "pro_code"],
    "name": ["项目名称", "pro_name"],
    "level1": ["一级指标", "lv1_perf_ind_name"],
    "level2": ["二级指标", "lv2_perf_ind_name"],
    "level3": ["三级指标", "指标名称", "lv3_perf_ind_name"],
    "index": ["序号", "指标序号"],
    "actual": ["实际完成值", "完成值", "全年实际值", "ind_comp"],
    "score": ["得分", "自评得分", "eval_score"],
    "weight": ["分值", "权重", "ind_weight"],
    "explanation": ["偏差原因分析及改进措施", "偏差原因分析", "未完成原因分析", "ana_dev_reasons"],
    "source": ["资金来源", "fund_source"],
    "initial": ["年初预算数", "年初预算", "reply_amt"],
    "adjusted": ["全年预算数", "调整后预算数", "cur_amt"],
    "spent": ["全年执行数", "预算执行数", "year_exe_amt"],
    "outcome": ["实际完成情况", "年度目标完成情况"],
    "execution_reason": ["执行率偏低原因", "预算执行偏差原因"],
}
_MONEY_FIELDS = ("initial", "adjusted", "spent")
_INDICATOR_FIELDS = ("level3", "index", "actual", "score", "explanation")


def actuals_from_rows(rows: Iterable[Any], file: str | None = None) -> Actuals:
    """Build :class:`Actuals` from table rows (:class:`jixiao.ingest.tabular.Row`).

    The header is the first row (of the first 20) naming a project column (项目编码/项目名称)
    and at least one of 实际完成值 / 全年执行数. Below it, a row with an amount is a fund row
    (its 资金来源 defaults to 财政拨款), a row with an indicator name, 序号 or 实际完成值 is an
    indicator row. A blank 项目编码 repeats the one above (merged cells in exports).
    """
    from jixiao.ingest.tabular import cell_text, column_letter, header_unit, map_header

    iterator = iter(rows)
    columns: dict[str, int] | None = None
    header_cells: Sequence[Any] = ()
    for row in iterator:
        found = map_header(row.cells, HEADER_ALIASES)
        if ("code" in found or "name" in found) and ("actual" in found or "spent" in found):
            columns, header_cells = found, row.cells
            break
        if row.number >= 20:
            break
    if columns is None:
        raise InputError(
            "找不到表头: 需要“项目编码”(或“项目名称”)列, 以及“实际完成值”或“全年执行数”列",
            SourceRef(file=file),
        )
    units = {}
    for f in _MONEY_FIELDS:
        if f in columns:
            written = header_unit(header_cells, columns[f])
            try:
                units[f] = MoneyUnit.parse(written) if written else DEFAULT_MONEY_UNIT
            except ValueError:
                units[f] = DEFAULT_MONEY_UNIT

    projects: dict[str, ProjectActuals] = {}
    last_code: str | None = None
    last_name: str | None = None
    for row in iterator:

        def get(name: str, row: Any = row) -> str | None:
            idx = columns.get(name) if columns else None
            if idx is None or idx >= len(row.cells):
                return None
            return cell_text(row.cells[idx]) or None

        def at(name: str, row: Any = row) -> SourceRef:
            idx = columns.get(name) if columns else None
            cell = f"{column_letter(idx)}{row.number}" if idx is not None else None
            return SourceRef(
                file=row.source.file,
                sheet=row.source.sheet,
                cell=cell,
                row=None if cell else row.number,
            )

        if not any(cell_text(c) for c in row.cells):
            continue
        code = get("code")
        name = get("name")
        if code is None and name is None:
            code, name = last_code, last_name
        elif code is None and name == last_name:
            code = last_code
        if code is None and name is None:
            raise InputError("此行没有项目编码或项目名称, 上方也没有可沿用的项目", row.source)
        last_code, last_name = code, name
        key = normalize(code or name)
        label = code or name or ""
        project = projects.get(key)
        if project is None:
            project = projects[key] = ProjectActuals(code=code, name=name, where=row.source)
        elif name and not project.name:
            project.name = name
        outcome = get("outcome")
        if outcome:
            project.outcome = outcome
        reason = get("execution_reason")
        if reason:
            project.execution_reason = reason
        if any(get(f) for f in _MONEY_FIELDS):
            project.funds.append(
                FundActual(
                    source=get("source") or "财政拨款",
                    initial=parse_money(
                        get("initial"),
                        units.get("initial", DEFAULT_MONEY_UNIT),
                        f"项目 {label} 年初预算数",
                        at("initial"),
                    ),
                    adjusted=parse_money(
                        get("adjusted"),
                        units.get("adjusted", DEFAULT_MONEY_UNIT),
                        f"项目 {label} 全年预算数",
                        at("adjusted"),
                    ),
                    spent=parse_money(
                        get("spent"),
                        units.get("spent", DEFAULT_MONEY_UNIT),
                        f"项目 {label} 全年执行数",
                        at("spent"),
                    ),
                    where=row.source,
                )
            )
        if any(get(f) for f in _INDICATOR_FIELDS):
            indicator = IndicatorActual(
                level3=get("level3"),
                index=_index(get("index"), at("index")),
                level1=get("level1"),
                level2=get("level2"),
                actual=get("actual"),
                score=parse_decimal(get("score"), f"项目 {label} 得分", at("score")),
                weight=parse_decimal(get("weight"), f"项目 {label} 分值", at("weight")),
                explanation=get("explanation"),
                where=row.source,
            )
            if indicator.level3 is None and indicator.index is None:
                raise InputError(f"项目 {label}: 指标行需要“三级指标”或“序号”", row.source)
            project.indicators.append(indicator)
    if not projects:
        raise InputError("表中没有项目数据行", SourceRef(file=file))
    return Actuals(projects=list(projects.values()), file=file)


# --- 自评表 workbooks ---------------------------------------------------------------------------
#
# The workbook ``jixiao evaluate -f xlsx`` writes (a 部门汇总 sheet, then one 项目支出绩效自评表
# per sheet), or one a unit filled in by hand in the same layout. Each project sheet is read
# by the reader of published forms (:mod:`jixiao.recheck.reader`), which finds the money
# block, 年度总体目标 and the indicator table by their labels, and every value with its cell.

#: Labels of a self-evaluation form (a target table has none of them; a flat table has them
#: as column headings beside 项目编码/项目名称).
_FORM_MARKS = frozenset({"实际完成值", "全年执行数", "实际完成情况"})
_FLAT_PROJECT = frozenset({"项目编码", "项目名称"})
_FLAT_VALUES = frozenset({"三级指标", "实际完成值", "全年预算数", "全年执行数"})
_PAREN_TAIL = re.compile(r"(?:\([^()]*\))+$")
_WHICH_OF = re.compile(r"^\s*其中\s*[:：]\s*")

#: 计分规则 of rows whose 得分 the evaluator gives (定性): the form's 得分 is read back.
_SELF_SCORED_RULES = frozenset(
    {"qualitative_band", "qualitative_score_only", "qualitative_default",
     "qualitative_for_quantitative"}
)  # fmt: skip
#: 计分规则 that compute 得分 from 实际完成值: the next evaluation computes it again.
_COMPUTED_RULES = frozenset(
    {"ge", "eq_as_ge", "eq_deviation", "le_linear_penalty", "le_target_over_actual", "range",
     "time_deadline", "time_monthly_penalty", "boolean_match"}
)  # fmt: skip


def _label_key(text: str | None) -> str:
    """A label for matching: normalised, no trailing colon or bracketed note (全年执行数(万元))."""
    key = normalize(text).rstrip(":")
    return _PAREN_TAIL.sub("", key) or key


def _sheet_rows(blocks: Sequence[Block]) -> Iterable[list[str]]:
    """The non-empty cell texts of a sheet, row by row (a text block is one row)."""
    from jixiao.ingest.grid import Grid

    for block in blocks:
        if isinstance(block, Grid):
            for cells in block.rows:
                texts = [c.text for c in cells if c is not None and c.text.strip()]
                if texts:
                    yield texts
        elif block.text.strip():
            yield [block.text]


def _is_form_sheet(blocks: Sequence[Block]) -> bool:
    """A sheet holding a 自评表: a 项目名称 label, a 自评表 title or a label only a
    self-evaluation has (实际完成值, 全年执行数, 实际完成情况), and no row that is the
    header of a flat table (项目编码 beside 实际完成值 …)."""
    has_name = has_marks = has_title = False
    for texts in _sheet_rows(blocks):
        keys = {_label_key(t) for t in texts}
        if keys & _FLAT_PROJECT and keys & _FLAT_VALUES:
            return False
        has_name = has_name or "项目名称" in keys
        has_marks = has_marks or bool(keys & _FORM_MARKS)
        has_title = has_title or any("自评表" in k and "汇总" not in k for k in keys)
    return has_name and (has_marks or has_title)


def _summary_note(blocks: Sequence[Block]) -> str | None:
    """The note under the 部门汇总 table: the first text after the 部门得分 line."""
    seen = False
    for texts in _sheet_rows(blocks):
        for text in texts:
            if seen:
                return text.strip()
            seen = normalize(text).startswith("部门得分")
    return None


def _kept(text: str | None) -> str | None:
    """A text cell as written; an empty cell is ``None``."""
    if text is None:
        return None
    return text.strip() or None


def _form_rule(text: str | None) -> str | None:
    """The rule id a 计分规则 cell names (its Chinese text or the id), else ``None``."""
    from jixiao.evaluate.scoring import RULE_TEXT

    key = normalize(text)
    if not key:
        return None
    for rule, rule_text in RULE_TEXT.items():
        if key in (normalize(rule_text), normalize(rule)):
            return rule
    return None


def project_from_form(form: PublishedForm, file: str | None = None) -> ProjectActuals:
    """The actuals a 自评表 form holds (:func:`jixiao.recheck.reader.read_forms_document`).

    Read: 项目编码/项目名称, 实际完成情况, each fund row (年初预算数, 全年预算数, 全年执行数 in
    the form's unit; the 年度资金总额 row too, so that a total that differs from its lines is
    reported), the 执行率偏低原因, and per indicator row 实际完成值 and 偏差原因分析及改进措施
    as written. Rows are matched to the plan by 三级指标 name, by position where a name is
    blank or repeated. On a form that ``jixiao evaluate`` wrote (it has a 计分规则 column)
    分值 comes from the plan and 得分 is read only where the evaluator gives it (定性 rows,
    or a number typed over a 0 that the rule gave); on any other form both are read as
    written. A value that is not a number raises :class:`InputError` naming sheet and cell.
    """
    from jixiao.recheck.form import is_blank

    sheet_ref = SourceRef(
        file=file or form.file, sheet=form.where.sheet if form.where is not None else None
    )
    if not form.indicator_columns:
        raise InputError(
            "自评表中找不到绩效指标表 (表头: 一级指标、二级指标、三级指标、年度指标值、"
            "实际完成值 …)",
            sheet_ref,
        )
    if not form.money:
        raise InputError(
            "自评表中找不到项目资金表 (年度资金总额 / 财政拨款 … 行, "
            "年初预算数、全年预算数、全年执行数 列)",
            sheet_ref,
        )
    code = _kept(form.code)
    name = _kept(form.project)
    if code is None and name is None:
        raise InputError("自评表中没有项目名称和项目编码", sheet_ref)
    label = code or name or ""
    try:
        unit = MoneyUnit.parse(form.money_unit)
    except ValueError:
        unit = DEFAULT_MONEY_UNIT

    def at(row: MoneyRow | IndicatorRow, kind: str) -> SourceRef:
        ref: SourceRef | None = row.cells.get(kind) or row.where
        return ref if ref is not None else sheet_ref

    project = ProjectActuals(code=code, name=name, outcome=_kept(form.outcome), where=sheet_ref)
    for m in form.money:
        source = _WHICH_OF.sub("", m.label).strip() or m.source
        ctx = f"项目 {label} 资金“{source}”"
        amounts = {
            attr: parse_money(
                None if is_blank(getattr(m, attr)) else getattr(m, attr),
                unit,
                f"{ctx} {heading}",
                at(m, attr),
            )
            for attr, heading in (
                ("initial", "年初预算数"),
                ("adjusted", "全年预算数"),
                ("spent", "全年执行数"),
            )
        }
        if project.execution_reason is None and not is_blank(m.reason):
            project.execution_reason = _kept(m.reason)
        if any(v is not None for v in amounts.values()):
            project.funds.append(FundActual(source=source, **amounts, where=m.where))

    generated = "rule" in form.indicator_columns
    placeholder = {r.index for r in form.indicators if r.level3 == f"第{r.index}个指标"}
    names = Counter(normalize(r.level3) for r in form.indicators if r.index not in placeholder)
    for r in form.indicators:
        level3 = None if r.index in placeholder else r.level3
        unique = level3 is not None and names[normalize(level3)] == 1
        what = f"项目 {label} 第{r.index}个指标“{level3 or ''}”"
        weight = parse_decimal(
            None if is_blank(r.weight) else r.weight, f"{what} 分值", at(r, "weight")
        )
        score = parse_decimal(
            None if is_blank(r.score) else r.score, f"{what} 得分", at(r, "score")
        )
        if generated:
            weight = None  # the plan's (or the profile's) 分值, as the form shows it
            rule = _form_rule(r.rule)
            if rule in _COMPUTED_RULES or (
                rule is not None and rule not in _SELF_SCORED_RULES and score == 0
            ):
                score = None  # computed from 实际完成值 (or a 0 for want of it): not an input
        row = IndicatorActual(
            level3=level3,
            index=None if unique else r.index,
            level1=r.level1,
            level2=r.level2,
            actual=_kept(r.actual),
            score=score,
            weight=weight,
            explanation=_kept(r.explanation),
            where=at(r, "level3"),
        )
        if (row.actual, row.score, row.weight, row.explanation) != (None, None, None, None):
            project.indicators.append(row)
    return project


def _read_form_workbook(path: Path) -> Actuals | None:
    """Actuals from a workbook of 自评表 sheets, or ``None`` when it holds no form sheet."""
    from jixiao.ingest.grid import Document
    from jixiao.ingest.xlsx import read_spreadsheet

    document = read_spreadsheet(path)
    sheets: dict[str | None, list[Block]] = {}
    for block in document.blocks:
        sheets.setdefault(block.source.sheet, []).append(block)
    forms = {name: blocks for name, blocks in sheets.items() if _is_form_sheet(blocks)}
    if not forms:
        return None
    from jixiao.domain.profile import load_profile
    from jixiao.recheck.reader import read_forms_document

    profile = load_profile(None)
    file = path.name
    out = Actuals(file=file)
    seen: dict[str, str | None] = {}
    for sheet, blocks in sheets.items():
        if sheet not in forms:
            if out.note is None:
                out.note = _summary_note(blocks)
            continue
        where = SourceRef(file=file, sheet=sheet)
        found = read_forms_document(Document(blocks), file, profile)
        if not found:
            raise InputError("工作表中找不到自评表的内容 (项目资金、绩效指标表)", where)
        for form in found:
            if form.where is None or form.where.sheet is None:
                form.where = where
            project = project_from_form(form, file)
            key = normalize(project.code or project.name)
            if key in seen:
                raise InputError(
                    f"项目 {project.label} 在工作表“{seen[key]}”和“{sheet}”中重复", where
                )
            seen[key] = sheet
            out.projects.append(project)
            if out.year is None:
                out.year = form.year
    return out


def read_actuals(path: str | Path) -> Actuals:
    """Read actuals from ``.yaml``/``.yml``, a CSV/XLSX table (by content for tables), or a
    workbook of 项目支出绩效自评表 sheets (the one ``jixiao evaluate -f xlsx`` writes)."""
    p = Path(path)
    if not p.is_file():
        raise InputError("实际完成情况文件不存在", SourceRef(file=str(p)))
    if p.suffix.lower() in (".yaml", ".yml"):
        from jixiao.ingest.limits import check_file_size, default_limits

        check_file_size(p.stat().st_size, default_limits().max_file_bytes, SourceRef(file=p.name))
        try:
            text = p.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError("YAML 文件应为 UTF-8 编码", SourceRef(file=p.name)) from exc
        return actuals_from_mapping(load_yaml(text, p.name), p.name)
    from jixiao.ingest.tabular import is_spreadsheet, iter_rows

    if is_spreadsheet(p):
        forms = _read_form_workbook(p)
        if forms is not None:
            return forms
    return actuals_from_rows(iter_rows(p), p.name)
