"""Indicator progress (绩效指标完成情况) as of the monitoring date: reader and value reading.

Input is a CSV/XLSX table or a YAML list, one row per indicator, with these columns (Chinese
or English header; order free; extra columns ignored):

========================  ==================================================================
field                     header spellings (any one)
========================  ==================================================================
project_code              项目编码 / pro_code (empty: taken from the row above, as in merged
                          cells of a 监控表)
indicator                 三级指标 / 指标名称 / lv3_perf_ind_name: matched with normalize();
                          the names in ``[monitor.deviation] spending_row_names`` (预算执行)
                          give the reasons for the project's spending instead
indicator_id              指标序号 / indicator_id: 1-based position in the project's table, or
                          the indicator's id (use it when two rows share a name)
level1, level2            一级指标, 二级指标 (optional; used when a name is ambiguous)
value                     截至目前完成值 / perf_comp
forecast                  全年预计完成值 / est_perf_annual
unit                      度量单位 (for bare numbers; else the target's unit)
one column per kind       经费保障, 制度保障, 人员保障, 硬件条件保障, 其他 (the profile's kinds)
reason                    偏差原因 / ana_dev_reasons: "经费保障: …; 其他: …" (text without a
                          kind prefix counts as the last kind, 其他)
likelihood                完成可能性 / complete_rate: 1 确定能, 2 有可能, 3 完全不可能
rectification             是否需要整改 (是/否)
remarks                   备注
========================  ==================================================================

A 监控表 written by :mod:`jixiao.export.monitoring_xlsx` (two header rows: 偏差原因 above the
five kinds) reads back as progress. Table rows with neither an indicator nor anything
reported are not progress rows and are passed over, and a row whose project code cell starts
with 合计/总计 ends the table (notes and signature lines follow it); every other problem is a
:class:`ProgressIssue` with the row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from jixiao.domain.errors import InputError
from jixiao.domain.model import Plan, Project, SourceRef
from jixiao.domain.target import Target, TargetKind
from jixiao.domain.text import fold_punctuation, normalize
from jixiao.ingest.limits import (
    check_file_size,
    check_yaml_nodes,
    default_limits,
    number_in_range,
)
from jixiao.ingest.tabular import Cell, Row, cell_text, iter_rows, map_header
from jixiao.monitor.rules import MonitorRules

BASE_COLUMNS: dict[str, list[str]] = {
    "project_code": ["项目编码", "项目代码", "项目编号", "pro_code", "code"],
    "indicator": [
        "三级指标",
        "指标名称",
        "绩效指标",
        "三级指标名称",
        "lv3_perf_ind_name",
        "indicator_name",
    ],
    "indicator_id": ["指标序号", "指标编号", "指标id", "indicator_index", "ind_id"],
    "level1": ["一级指标", "lv1_perf_ind_name"],
    "level2": ["二级指标", "lv2_perf_ind_name"],
    "value": ["截至目前完成值", "完成值", "累计完成值", "实际完成值", "perf_comp", "value_to_date"],
    "forecast": [
        "全年预计完成值",
        "全年预计完成",
        "预计完成值",
        "est_perf_annual",
        "year_forecast",
    ],
    "unit": ["度量单位", "计量单位", "单位"],
    "reason": ["偏差原因", "偏差原因分析", "ana_dev_reasons", "deviation_reason", "reasons"],
    "likelihood": ["完成可能性", "完成目标可能性", "complete_rate"],
    "rectification": ["是否需要整改", "是否整改", "需要整改"],
    "remarks": ["备注", "remark", "note", "notes"],
}
REQUIRED = ("project_code",)
_KIND_PREFIX = "reason:"
_TOTAL_WORDS = ("合计", "总计")
#: Marks a 全年预计完成值 that the system computed (the 监控表 export writes its forecasts
#: with it): read back, such a cell is no entry of the unit's, so it stays a computed
#: forecast. A unit that overwrites the cell with its own figure drops the mark.
COMPUTED_FORECAST_MARK = "（系统推算）"


def progress_columns(kinds: Sequence[str]) -> dict[str, list[str]]:
    """Header aliases, with one column per deviation kind (``reason:经费保障`` …)."""
    cols = {k: list(v) for k, v in BASE_COLUMNS.items()}
    for kind in kinds:
        cols[_KIND_PREFIX + kind] = [kind, f"偏差原因{kind}", f"{kind}原因", f"{kind}方面"]
    return cols


@dataclass(frozen=True, slots=True)
class ProgressIssue:
    """A progress row that could not be used as given, with its location and reason."""

    message: str
    source: SourceRef
    severity: str = "error"  # "error": not used; "warning": used with a guess

    def describe(self) -> str:
        return f"{self.source.describe()}: {self.message}"


@dataclass(slots=True)
class ProgressEntry:
    """What the unit reported for one indicator (or for the project's spending)."""

    project_code: str
    indicator_index: int | None  # 0-based position in Project.indicators; None: spending row
    value: str | None = None
    forecast: str | None = None
    unit: str | None = None
    reasons: dict[str, str] = field(default_factory=dict)
    likelihood: int | None = None
    rectification: bool | None = None
    remarks: str | None = None
    source: SourceRef | None = None

    @property
    def has_reason(self) -> bool:
        return any(t.strip() for t in self.reasons.values())


@dataclass(slots=True)
class ProgressData:
    """Progress rows matched to the plan: by (project code, indicator position), and issues."""

    file: str | None
    entries: dict[tuple[str, int], ProgressEntry] = field(default_factory=dict)
    spending: dict[str, ProgressEntry] = field(default_factory=dict)
    issues: list[ProgressIssue] = field(default_factory=list)

    def entry(self, code: str, index: int) -> ProgressEntry | None:
        return self.entries.get((code, index))


# --- reading files -----------------------------------------------------------------------


def read_progress(path: str | Path, plan: Plan, rules: MonitorRules) -> ProgressData:
    """Read a progress file (CSV, XLSX, YAML) and match its rows to the plan's indicators."""
    p = Path(path)
    if not p.is_file():
        raise InputError("文件不存在", SourceRef(file=str(p)))
    if p.suffix.lower() in (".yaml", ".yml"):
        records = _yaml_records(p)
    else:
        records = _table_records(p, rules)
    return match_progress(records, plan, rules, file=p.name)


@dataclass(slots=True)
class _Record:
    fields: dict[str, Any]
    source: SourceRef


def _merged_header(a: Row, b: Row) -> tuple[Cell, ...]:
    n = max(len(a.cells), len(b.cells))
    out: list[Cell] = []
    for i in range(n):
        lower = b.cells[i] if i < len(b.cells) else None
        upper = a.cells[i] if i < len(a.cells) else None
        out.append(lower if cell_text(lower) else upper)
    return tuple(out)


def _table_records(path: Path, rules: MonitorRules) -> list[_Record]:
    columns = progress_columns(rules.deviation_kinds)
    rows = list(iter_rows(path))
    header_at: int | None = None
    header_map: dict[str, int] = {}
    two_rows = False
    for i, row in enumerate(rows[: rules.header_search_rows]):
        found = map_header(row.cells, columns)
        if not all(f in found for f in REQUIRED) or not (
            "indicator" in found or "indicator_id" in found
        ):
            continue
        header_at, header_map = i, found
        if i + 1 < len(rows):
            merged = map_header(_merged_header(row, rows[i + 1]), columns)
            if len(merged) > len(found) and all(f in merged for f in REQUIRED):
                header_map, two_rows = merged, True
        break
    if header_at is None:
        raise InputError(
            "找不到指标进度表头: 需要 项目编码 (project_code) 与 三级指标 (indicator)"
            " 或 指标序号 列",
            SourceRef(file=path.name),
        )
    records: list[_Record] = []
    last_code = ""
    for row in rows[header_at + (2 if two_rows else 1) :]:
        if all(not cell_text(c) for c in row.cells):
            continue
        fields: dict[str, Any] = {}
        for name, col in header_map.items():
            if col < len(row.cells):
                fields[name] = row.cells[col]
        code = cell_text(fields.get("project_code"))
        if normalize(code).startswith(_TOTAL_WORDS):
            break  # 合计 row: the end of the table (notes and signatures follow)
        if not any(
            cell_text(v) for k, v in fields.items() if k not in ("project_code", "level1", "level2")
        ):
            continue  # no indicator and nothing reported: not a progress row
        if code:
            last_code = code
        elif last_code:
            fields["project_code"] = last_code  # merged cell of the 监控表
        records.append(_Record(fields, row.source))
    return records


def _yaml_records(path: Path) -> list[_Record]:
    import yaml

    class _LineLoader(yaml.SafeLoader):
        pass

    def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
        mapping = loader.construct_mapping(node, deep=True)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping

    _LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    where = SourceRef(file=path.name)
    limits = default_limits()
    check_file_size(path.stat().st_size, limits.max_file_bytes, where)
    try:
        loader = _LineLoader(path.read_text(encoding="utf-8"))
        try:
            node = loader.get_single_node()
            if node is not None:
                check_yaml_nodes(node, limits, where)  # aliases expanded: no "billion laughs"
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except UnicodeDecodeError as exc:
        raise InputError("YAML 文件应为 UTF-8 编码", where) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError(f"YAML 格式错误: {exc}", SourceRef(file=path.name, line=line)) from exc
    except RecursionError as exc:
        raise InputError("YAML 嵌套层次过深, 无法读取", where) from exc
    except (ValueError, OverflowError) as exc:  # a scalar PyYAML cannot convert
        # (a date such as 2023-13-45, an integer of more than 4300 digits)
        raise InputError(f"YAML 中有无法读取的值: {str(exc)[:120]}", where) from exc
    if isinstance(data, Mapping):
        for key in ("progress", "rows", "indicators", "指标进度"):
            if key in data:
                data = data[key]
                break
    if not isinstance(data, list):
        raise InputError("YAML 应为指标进度的列表 (或含 progress: 列表)", SourceRef(file=path.name))
    records = []
    columns = progress_columns(())
    for item in data:
        if not isinstance(item, Mapping):
            raise InputError(f"YAML 列表项应为键值表, 现为 {item!r}", SourceRef(file=path.name))
        line = item.get("__line__")
        keys = [k for k in item if k != "__line__"]
        found = map_header([str(k) for k in keys], columns)
        fields: dict[str, Any] = {name: item[keys[i]] for name, i in found.items()}
        # any other key may be a deviation kind (经费保障: …)
        for k in keys:
            if k not in (keys[i] for i in found.values()):
                fields[f"{_KIND_PREFIX}{k}"] = item[k]
        records.append(_Record(fields, SourceRef(file=path.name, line=line)))
    return records


# --- matching ----------------------------------------------------------------------------


def _text(v: Any) -> str:
    """A YAML/cell value as text: numbers exact, dates ISO, booleans 是/否."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float):
        text = repr(v)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(v, datetime | date):
        return v.isoformat()[:10]
    return str(v).strip()


def _entered_forecast(text: str) -> str | None:
    """The unit's own 全年预计完成值, or None for a blank or system-computed cell."""
    if not text or normalize(text).endswith(normalize(COMPUTED_FORECAST_MARK)):
        return None
    return text


_REASON_SPLIT = re.compile(r"[;\n]+")


def _parse_reasons(text: str, kinds: Sequence[str]) -> dict[str, str]:
    """``经费保障: 资金未到位; 其他: …`` → by kind; unprefixed text goes to the last kind."""
    out: dict[str, str] = {}
    for part in _REASON_SPLIT.split(fold_punctuation(text)):
        part = part.strip()
        if not part:
            continue
        kind = kinds[-1]
        for k in kinds:
            if normalize(part).startswith(normalize(k)):
                rest = part[len(k) :].lstrip(" :")
                kind, part = k, rest or part
                break
        out[kind] = f"{out[kind]}; {part}" if kind in out else part
    return out


def parse_likelihood(value: Any, rules: MonitorRules) -> int | None:
    """完成可能性: ``1``, ``1 确定能``, ``确定能`` → 1. ``None`` if not recognised."""
    text = normalize(_text(value))
    if not text:
        return None
    m = re.match(r"^([0-9]{1,9})", text)
    codes = dict(rules.likelihood)
    if m and int(m.group(1)) in codes:
        return int(m.group(1))
    for code, label in sorted(rules.likelihood, key=lambda cl: -len(cl[1])):
        if normalize(label) in text:
            return code
    return None


def parse_rectification(value: Any, rules: MonitorRules) -> bool | None:
    """是否需要整改: 是/否, 需要/不需要, true/false."""
    if isinstance(value, bool):
        return value
    text = normalize(_text(value)).lower()
    if text in rules.rectification_yes:
        return True
    if text in rules.rectification_no:
        return False
    return None


def _find_indicator(project: Project, fields: Mapping[str, Any]) -> tuple[int | None, str | None]:
    """(index, None) or (None, why not) for a row's indicator in ``project``."""
    ident = _text(fields.get("indicator_id"))
    name = _text(fields.get("indicator"))
    if ident:
        for i, ind in enumerate(project.indicators):
            if ind.id is not None and ind.id == ident:
                return i, None
        if re.fullmatch(r"[0-9]{1,9}", ident) and 1 <= int(ident) <= len(project.indicators):
            return int(ident) - 1, None
        return (
            None,
            f"指标序号 {ident} 不在项目 {project.label} 中 (共 {len(project.indicators)} 项)",
        )
    key = normalize(name)
    hits = [
        i for i, ind in enumerate(project.indicators) if ind.level3 and normalize(ind.level3) == key
    ]
    if len(hits) > 1:
        from jixiao.domain.profile import category_key

        for level in ("level2", "level1"):
            want = category_key(_text(fields.get(level)))
            if want:
                narrowed = [
                    i for i in hits if category_key(getattr(project.indicators[i], level)) == want
                ]
                if narrowed:
                    hits = narrowed
    if len(hits) == 1:
        return hits[0], None
    if not hits:
        return None, f"指标 {name!r} 不在项目 {project.label} 的三级指标中"
    return (
        None,
        f"指标 {name!r} 在项目 {project.label} 中出现 {len(hits)} 次, 请填写二级指标或指标序号",
    )


def match_progress(
    records: Sequence[_Record], plan: Plan, rules: MonitorRules, *, file: str | None = None
) -> ProgressData:
    """Match progress records to the plan's projects and indicators."""
    data = ProgressData(file=file)
    projects = {normalize(p.code): p for p in plan.projects if p.code}
    for rec in records:
        f = rec.fields
        src = rec.source
        code_text = _text(f.get("project_code"))
        if not code_text:
            data.issues.append(ProgressIssue("项目编码为空, 此行未使用", src))
            continue
        project = projects.get(normalize(code_text))
        if project is None or project.code is None:
            data.issues.append(ProgressIssue(f"项目编码 {code_text} 不在计划中, 此行未使用", src))
            continue
        name = _text(f.get("indicator"))
        if not name and not _text(f.get("indicator_id")):
            data.issues.append(ProgressIssue("三级指标为空, 此行未使用", src))
            continue
        spending_row = bool(name) and normalize(name) in rules.spending_row_names
        index: int | None = None
        if not spending_row:
            index, why = _find_indicator(project, f)
            if index is None:
                data.issues.append(ProgressIssue(f"{why}, 此行未使用", src))
                continue
        entry = ProgressEntry(project.code, index, source=src)
        entry.value = _text(f.get("value")) or None
        entry.forecast = _entered_forecast(_text(f.get("forecast")))
        entry.unit = _text(f.get("unit")) or None
        entry.remarks = _text(f.get("remarks")) or None
        reasons = f.get("reason")
        if isinstance(reasons, Mapping):
            for k, v in reasons.items():
                if k == "__line__" or not _text(v):
                    continue
                kind = _known_kind(str(k), rules)
                if kind is None:
                    data.issues.append(
                        ProgressIssue(
                            f"偏差原因类别 {k!r} 无法识别"
                            f" (应为 {' / '.join(rules.deviation_kinds)}), 记入其他",
                            src,
                            "warning",
                        )
                    )
                    kind = rules.deviation_kinds[-1]
                entry.reasons[kind] = _text(v)
        elif _text(reasons):
            entry.reasons.update(_parse_reasons(_text(reasons), rules.deviation_kinds))
        for k, v in f.items():
            if k.startswith(_KIND_PREFIX) and _text(v):
                kind = _known_kind(k[len(_KIND_PREFIX) :], rules)
                if kind is not None:
                    entry.reasons[kind] = _text(v)
                else:
                    data.issues.append(
                        ProgressIssue(
                            f"未识别的字段 {k[len(_KIND_PREFIX) :]!r}, 已忽略", src, "warning"
                        )
                    )
        raw_lk = f.get("likelihood")
        if _text(raw_lk):
            entry.likelihood = parse_likelihood(raw_lk, rules)
            if entry.likelihood is None:
                labels = ", ".join(f"{c} {lab}" for c, lab in rules.likelihood)
                data.issues.append(
                    ProgressIssue(
                        f"完成可能性 {_text(raw_lk)!r} 无法识别 (应为 {labels})", src, "warning"
                    )
                )
        raw_rect = f.get("rectification")
        if _text(raw_rect):
            entry.rectification = parse_rectification(raw_rect, rules)
            if entry.rectification is None:
                data.issues.append(
                    ProgressIssue(
                        f"是否需要整改 {_text(raw_rect)!r} 无法识别 (应为 是/否)", src, "warning"
                    )
                )
        if spending_row:
            key_s = project.code
            if key_s in data.spending:
                data.issues.append(
                    ProgressIssue(
                        f"项目 {project.label} 的预算执行行重复 (首次见于 "
                        f"{_where(data.spending[key_s].source)}), 此行未使用",
                        src,
                    )
                )
                continue
            data.spending[key_s] = entry
            continue
        assert index is not None
        key = (project.code, index)
        if key in data.entries:
            data.issues.append(
                ProgressIssue(
                    f"指标 {project.indicators[index].level3} 重复填报 (首次见于 "
                    f"{_where(data.entries[key].source)}), 此行未使用",
                    src,
                )
            )
            continue
        data.entries[key] = entry
    return data


def _where(src: SourceRef | None) -> str:
    return src.describe() if src is not None else "(位置未知)"


def _known_kind(name: str, rules: MonitorRules) -> str | None:
    key = normalize(name)
    for k in rules.deviation_kinds:
        if normalize(k) == key or key == normalize(f"偏差原因{k}"):
            return k
    return None


# --- reading a value against its target ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    """A reported value read against the indicator's target.

    ``kind``: ``number`` (``number`` in the target's unit as written), ``flag`` (是/否),
    ``done`` / ``not_done`` (时效, with ``day`` when a completion date was given), ``grade``
    (定性 wording in ``text``), or ``unreadable`` (``note`` says why).
    """

    kind: str
    text: str
    number: Fraction | None = None
    flag: bool | None = None
    day: date | None = None
    note: str | None = None


def target_amount(target: Target) -> tuple[Decimal | None, str | None]:
    """The target number and unit to compare in: as written, else normalised."""
    if target.value is not None:
        return target.value, target.unit or target.normalized_unit
    if target.normalized_value is not None:
        return target.normalized_value, target.normalized_unit
    return None, target.unit


def _plain_number(text: str) -> Decimal | None:
    t = fold_punctuation(text).replace(",", "").strip()
    try:
        d = Decimal(t)
    except InvalidOperation:
        return None
    return d if number_in_range(d) else None


def read_value(
    raw: str,
    target: Target,
    rules: MonitorRules,
    *,
    unit: str | None = None,
    year: int | None = None,
) -> Reading:
    """Read a reported value (完成值/预计值) as the target's kind and in the target's unit."""
    from jixiao.domain.values import convert_quantity, parse_target

    text = raw.strip()
    key = normalize(text).lower()
    if target.kind is TargetKind.TIME:
        if key in rules.done_words:
            return Reading("done", text)
        if key in rules.not_done_words:
            return Reading("not_done", text)
        parsed = parse_target(text, year=year)
        if parsed.kind is TargetKind.TIME and parsed.deadline is not None:
            return Reading("done", text, day=parsed.deadline)
        return Reading("unreadable", text, note="时效指标请填写 已完成/未完成 或完成日期")
    if target.kind is TargetKind.BOOLEAN:
        parsed = parse_target(text, year=year)
        if parsed.kind is TargetKind.BOOLEAN and parsed.flag is not None:
            return Reading("flag", text, flag=parsed.flag)
        return Reading("unreadable", text, note="是/否指标请填写 是 或 否")
    if target.kind is TargetKind.QUALITATIVE:
        return Reading("grade", text)
    if target.kind is not TargetKind.QUANTITATIVE:
        return Reading("unreadable", text, note="指标值为空, 无法比较")
    t_value, t_unit = target_amount(target)
    number = _plain_number(text)
    value_unit = unit
    if number is None:
        parsed = parse_target(text, year=year)
        if parsed.kind is not TargetKind.QUANTITATIVE or parsed.value is None:
            return Reading("unreadable", text, note=f"完成值 {text!r} 不是数值")
        number = parsed.value
        value_unit = parsed.unit or unit
        if not number_in_range(number):
            return Reading("unreadable", text, note=f"完成值 {text!r} 超出可读的数值范围")
    if value_unit and t_unit and normalize(value_unit) != normalize(t_unit):
        converted = convert_quantity(number, value_unit, t_unit)
        if converted is None:
            return Reading(
                "unreadable", text, note=f"完成值单位 {value_unit} 与指标值单位 {t_unit} 无法换算"
            )
        number = converted
    note = None
    if (
        value_unit is None
        and t_unit is not None
        and normalize(t_unit) == "%"
        and t_value is not None
        and t_value > 1
        and 0 < number <= 1
    ):
        note = f"按百分比小数读取: {text} → {number * 100}%"
        number = number * 100
    return Reading("number", text, number=Fraction(number), note=note)
