"""The tables of a batch dataset (数据集表结构): names, columns, types, meanings.

A batch writes five tables — ``documents``, ``projects``, ``indicators``, ``findings`` and
``leftovers`` — as Parquet files and as CSV, and with ``--recheck`` a sixth, ``recheck`` (one
row per published self-evaluation form, 自评表复核; :data:`OPTIONAL_TABLES`). Every row carries
its provenance: the content hash of the document it came from (``doc_hash``), the file path,
and the place in the file (line, page, table, sheet, cell, row, column, and ``location`` in
words).

Types: ``str``, ``int``, ``bool``, ``float`` (timings only), ``decimal`` (exact: money, target
values; Parquet ``decimal128(38, 10)``, CSV text) and ``date`` (ISO ``2023-12-31``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = [
    "ALL_TABLES",
    "DECIMAL_PRECISION",
    "DECIMAL_SCALE",
    "OPTIONAL_TABLES",
    "RECHECK_TABLE",
    "TABLES",
    "Column",
    "columns",
    "table_names",
]

DECIMAL_PRECISION: Final = 38
DECIMAL_SCALE: Final = 10


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its name, type and what it means (in Chinese, for ``docs/batch.md``)."""

    name: str
    type: str
    doc: str


def _c(name: str, type_: str, doc: str) -> Column:
    return Column(name, type_, doc)


_PROVENANCE: tuple[Column, ...] = (
    _c("doc_hash", "str", "文档内容指纹 (SHA-256, 十六进制)"),
    _c("path", "str", "文件路径 (按输入时的写法)"),
)

_PLACE: tuple[Column, ...] = (
    _c("line", "int", "文本行号 (从 1 起)"),
    _c("line_end", "int", "跨行时的末行号"),
    _c("page", "int", "PDF 页码"),
    _c("table", "int", "页内第几个表"),
    _c("sheet", "str", "工作表名"),
    _c("cell", "str", "单元格 (如 C7)"),
    _c("row", "int", "表格行号"),
    _c("column", "int", "表格列号"),
    _c("location", "str", "位置的中文描述"),
)

TABLES: Final[dict[str, tuple[Column, ...]]] = {
    "documents": (
        *_PROVENANCE,
        _c("file_name", "str", "文件名"),
        _c("size_bytes", "int", "文件大小 (字节)"),
        _c("status", "str", "ok 成功 / error 无法读取或解析 / crash 处理时出现异常"),
        _c("error_kind", "str", "错误类别 (InputError、异常类型名)"),
        _c("error", "str", "错误原因 (中文)"),
        _c("year", "int", "计划年度"),
        _c("department", "str", "部门"),
        _c("unit", "str", "单位"),
        _c("n_projects", "int", "项目数"),
        _c("n_indicators", "int", "三级指标数"),
        _c("n_findings", "int", "审核发现数"),
        _c("n_leftovers", "int", "未能识别的内容条数"),
        _c("grade", "str", "建议审核等级 (优/良/中/差)"),
        _c("profile", "str", "所用规则配置"),
        _c("jixiao_version", "str", "jixiao 版本"),
        _c("run_id", "str", "处理该文档的批次编号"),
        _c("processed_at", "str", "处理完成时间 (UTC, ISO 8601)"),
        _c("elapsed_ms", "float", "处理耗时 (毫秒)"),
        _c("worker", "str", "处理该文档的工作进程 (主机:进程号)"),
    ),
    "projects": (
        *_PROVENANCE,
        _c("project_index", "int", "项目在文档中的序号 (从 1 起)"),
        _c("code", "str", "项目编码"),
        _c("name", "str", "项目名称"),
        _c("department", "str", "主管部门"),
        _c("unit", "str", "实施单位"),
        _c("year", "int", "计划年度"),
        _c("total_amount", "decimal", "年度资金总额 (按原单位)"),
        _c("total_unit", "str", "年度资金总额的单位 (元/万元/亿元)"),
        _c("total_yuan", "decimal", "年度资金总额 (元)"),
        _c("fiscal_yuan", "decimal", "其中财政拨款 (元)"),
        _c("other_yuan", "decimal", "其中其他资金 (元)"),
        _c("fund_sources", "str", "资金来源明细 (原文单位)"),
        _c("purpose", "str", "主要用途"),
        _c("spending_plan", "str", "资金支出计划 (如 3月底 10%; 6月底 50%)"),
        _c("goal", "str", "年度绩效目标"),
        _c("long_term_goal", "str", "长期目标"),
        _c("n_indicators", "int", "三级指标数"),
        _c("grade", "str", "建议审核等级"),
        *_PLACE,
    ),
    "indicators": (
        *_PROVENANCE,
        _c("project_index", "int", "项目序号"),
        _c("project_code", "str", "项目编码"),
        _c("project_name", "str", "项目名称"),
        _c("year", "int", "计划年度"),
        _c("indicator_index", "int", "指标在项目指标表中的序号 (从 1 起)"),
        _c("level1", "str", "一级指标 (原文)"),
        _c("level2", "str", "二级指标 (原文)"),
        _c("level3", "str", "三级指标 (原文)"),
        _c("level1_std", "str", "一级指标 (规则配置中的标准名称)"),
        _c("level2_std", "str", "二级指标 (标准名称)"),
        _c("level3_key", "str", "三级指标名称的匹配形式 (规范化)"),
        _c("description", "str", "绩效指标描述"),
        _c("target_raw", "str", "指标值 (原文)"),
        _c("target_text", "str", "指标值 (规范写法, 如 ≥ 90 %)"),
        _c("kind", "str", "指标值类型: quantitative/time/boolean/qualitative/empty"),
        _c("comparator", "str", "指标性质: ≥ ≤ = > <"),
        _c("comparator_source", "str",
           "指标性质来源: explicit 明写 / default 按类别默认 / suspected"),
        _c("value", "decimal", "数值 (原单位)"),
        _c("unit", "str", "度量单位 (原文)"),
        _c("normalized_value", "decimal", "数值 (基本单位: 金额为元)"),
        _c("normalized_unit", "str", "基本单位"),
        _c("lower", "decimal", "区间下限"),
        _c("upper", "decimal", "区间上限"),
        _c("deadline", "date", "完成时限 (当日或之前)"),
        _c("deadline_month", "int", "未写年份的时限月份"),
        _c("start", "date", "期间起始日"),
        _c("flag", "bool", "是/否 指标的值"),
        _c("grade", "str", "定性指标的等级用语"),
        _c("target_notes", "str", "解析说明"),
        _c("basis", "str", "指标值确定依据 (原文)"),
        _c("basis_code", "str", "指标值确定依据 (标准分类)"),
        _c("weight", "decimal", "分值/权重"),
        *_PLACE,
    ),
    "findings": (
        *_PROVENANCE,
        _c("finding_index", "int", "审核发现在文档中的序号"),
        _c("check", "str", "审核规则编号"),
        _c("title", "str", "审核规则名称"),
        _c("severity", "str", "严重程度: error/warning/info"),
        _c("criterion", "str", "审核内容 (完整性/相关性/…)"),
        _c("project_index", "int", "项目序号 (部门整体为空)"),
        _c("project_code", "str", "项目编码"),
        _c("project_name", "str", "项目名称"),
        _c("sub_goal", "str", "分项目标"),
        _c("indicator_index", "int", "指标序号"),
        _c("level1", "str", "一级指标"),
        _c("level2", "str", "二级指标"),
        _c("level3", "str", "三级指标"),
        _c("field", "str", "所涉栏目"),
        _c("quoted", "str", "所引原文"),
        _c("message", "str", "说明"),
        _c("suggestion", "str", "修改建议"),
        *_PLACE,
    ),
    "leftovers": (
        *_PROVENANCE,
        _c("leftover_index", "int", "序号"),
        _c("text", "str", "未能识别的内容 (原文)"),
        _c("reason", "str", "原因"),
        *_PLACE,
    ),
}


RECHECK_TABLE: Final = "recheck"

#: Types of the re-check summary columns (:data:`jixiao.recheck.summary.SUMMARY_COLUMNS`);
#: the ``n_<reason>`` counts are ``int``, any column not named here is text.
_RECHECK_TYPES: Final[dict[str, str]] = {
    "form": "int",
    "published_total": "decimal",
    "recomputed_total": "decimal",
    "inflation": "decimal",
    "discrepancies": "int",
    "unfilled": "int",
}

_RECHECK_DOCS: Final[dict[str, str]] = {
    "file": "文件名 (复核报告中的写法)",
    "form": "自评表在文件中的序号 (从 1 起)",
    "project": "项目名称",
    "profile": "复核所用规则配置 (按模板自动识别, 或 --recheck-profile 指定)",
    "status": "ok 一致 / discrepancies 有差异 / unfilled 未填完 / incomplete 表格不完整",
    "published_total": "表中总分 (原表所印)",
    "recomputed_total": "按规则复算的总分",
    "inflation": "净虚增分: Σ(表中得分 − 复算得分), 含总分超出各项之和的部分",
    "discrepancies": "差异数",
    "unfilled": "未填项数 (未填实际完成值或得分)",
    "missing": "表中缺失的部分 (截断的表格)",
}


def _recheck_columns() -> tuple[Column, ...]:
    """``doc_hash``, ``path``, the summary columns of ``jixiao recheck --summary-csv`` without
    ``rank`` (a ranking exists only across documents), then the place of the form."""
    from jixiao.recheck.engine import REASONS
    from jixiao.recheck.summary import SUMMARY_COLUMNS

    cols: list[Column] = list(_PROVENANCE)
    for key, heading in SUMMARY_COLUMNS.items():
        if key == "rank":
            continue
        if key.startswith("n_") and key[2:] in REASONS:
            cols.append(_c(key, "int", f"差异原因 {key[2:]} 的次数: {REASONS[key[2:]]}"))
            continue
        cols.append(_c(key, _RECHECK_TYPES.get(key, "str"), _RECHECK_DOCS.get(key, heading)))
    cols.extend(_PLACE)
    return tuple(cols)


#: Tables written only when the batch asked for them (``--recheck``).
OPTIONAL_TABLES: Final[dict[str, tuple[Column, ...]]] = {RECHECK_TABLE: _recheck_columns()}

#: Every table a dataset can hold: the five of every batch, then the optional ones.
ALL_TABLES: Final[dict[str, tuple[Column, ...]]] = {**TABLES, **OPTIONAL_TABLES}


def table_names(*, recheck: bool = False) -> tuple[str, ...]:
    """The tables of a dataset in their fixed order (with ``recheck`` when asked for)."""
    return (*TABLES, RECHECK_TABLE) if recheck else tuple(TABLES)


def columns(table: str) -> tuple[str, ...]:
    """The column names of a table, in order."""
    return tuple(c.name for c in ALL_TABLES[table])
