"""Hypothesis strategies for structured inputs (结构化输入生成).

Where mutating a sample rarely produces a *valid but unusual* input, these strategies build
one from parts: target values from comparator words, numbers, units and dates; documents
from labels, level names and values; ledgers from header spellings and good and bad cells;
workbooks, Word documents and PDFs written directly as their XML or PDF operators (fast,
and free to say things a real producer never would: a cell at ``XFD1048576``, a span of a
million columns, a table split over pages at every row).
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from hypothesis import strategies as st

from jixiao.fuzz.mutate import INTERESTING_NUMBERS, pack_zip

__all__ = [
    "actuals_docs",
    "documents",
    "docx_files",
    "html_pages",
    "ledgers",
    "pdf_files",
    "plan_jsons",
    "profiles",
    "progress_docs",
    "target_columns",
    "target_values",
    "xlsx_files",
]

COMPARATORS = (
    "≥", "≤", ">", "<", "=", "＞", "＜", "≧", "≦", "＝", ">=", "<=", "大于等于", "小于等于",
    "不低于", "不少于", "不高于", "不超过", "低于", "高于", "达到", "控制在", "约", "以上",
    "以下", "以内", "及以上", "左右", "正向", "反向", "定性", "定量", "区间",
)  # fmt: skip
UNITS = (
    "%", "％", "元", "万元", "亿元", "万", "亿", "个", "人", "人次", "次", "天", "日", "月",
    "年", "家", "户", "项", "份", "平方米", "公里", "km", "㎡", "m²", "万美元", "美元", "‰",
    "分", "台", "套", "所", "场", "个百分点", "元/人", "万元/个", "小时", "工作日",
)  # fmt: skip
TIME_WORDS = (
    "年底", "年末", "年内", "月底", "月末", "季度", "上半年", "下半年", "全年", "当年", "前",
    "之前", "以前", "前完成", "底前", "第一季度", "第四季度", "Q1", "Q4", "H1", "按月", "按季",
    "及时", "当月", "次月", "按期", "截至", "至", "—", "~", "-", "/", ".",
)  # fmt: skip
WORDS = (
    "是", "否", "有", "无", "完成", "未完成", "优", "良", "中", "差", "良好", "较好", "明显提升",
    "有效改善", "达到预期", "满意", "不适用", "无", "—", "/", "N/A", "暂无", "待定",
)  # fmt: skip
CN_NUMBERS = ("一", "二", "十", "百", "千", "万", "亿", "零", "〇", "两", "半", "十二", "二〇二三")


def _numbers() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(-(10**30), 10**30).map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats().map(repr),
        st.sampled_from(INTERESTING_NUMBERS),
        st.lists(st.sampled_from(CN_NUMBERS), min_size=1, max_size=6).map("".join),
        st.integers(1900, 2100).map(str),
        st.integers(0, 99999).map(lambda n: f"{n:,}"),
    )


def _dates() -> st.SearchStrategy[str]:
    parts = st.integers(-5, 10000)
    return st.one_of(
        st.tuples(parts, parts, parts).map(lambda t: f"{t[0]}年{t[1]}月{t[2]}日"),
        st.tuples(parts, parts).map(lambda t: f"{t[0]}年{t[1]}月底前"),
        st.tuples(parts, parts, parts).map(lambda t: f"{t[0]}-{t[1]}-{t[2]}"),
        st.tuples(parts, parts).map(lambda t: f"{t[0]}.{t[1]}"),
        st.integers(-10, 3000000).map(str),  # Excel serial days
        st.dates().map(date.isoformat),
    )


@st.composite
def target_values(draw: st.DrawFn) -> str:
    """One 指标值 as people write them, and as they should not."""
    pieces = st.one_of(
        st.sampled_from(COMPARATORS),
        _numbers(),
        st.sampled_from(UNITS),
        st.sampled_from(TIME_WORDS),
        st.sampled_from(WORDS),
        _dates(),
        st.sampled_from(" \t\u3000，,、；;()（）[]~—-至到且或及"),
        st.text(max_size=4),
    )
    return "".join(draw(st.lists(pieces, min_size=0, max_size=8)))


@st.composite
def target_columns(draw: st.DrawFn) -> tuple[str | None, str | None, str | None]:
    """The split form: (指标性质, 指标值, 度量单位), any of which may be missing."""
    cmp = draw(st.none() | st.sampled_from(COMPARATORS) | target_values())
    value = draw(st.none() | target_values() | _numbers())
    unit = draw(st.none() | st.sampled_from(UNITS) | target_values())
    return cmp, value, unit


# ---------------------------------------------------------------- documents

LABELS = (
    "项目编码", "项目名称", "主管部门", "实施单位", "项目资金", "年度资金总额", "财政拨款",
    "其他资金", "主要用途", "资金支出计划(%)", "年度绩效目标", "长期目标", "绩效指标",
    "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据", "度量单位",
    "指标性质", "分值", "项目负责人", "联系电话", "填报人", "部门(单位)名称", "年度总体绩效目标",
    "总体绩效目标", "分项绩效目标", "保障措施", "项目支出绩效目标表", "部门整体支出绩效目标表",
    "(万元)", "（%）", "第1页", "— 2 —", "当前位置：首页", "3月底", "6月底", "10月底", "12月底",
)  # fmt: skip
LEVELS = (
    "产出指标", "效益指标", "满意度指标", "成本指标", "数量指标", "质量指标", "时效指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标",
    "经济成本指标", "社会成本指标", "生态环境成本指标", "产出指标(50分)", "效益指标（30分）",
)  # fmt: skip
NAMES = (
    "签约项目", "跨境电商交易额", "项目完成率", "完成时间", "预算资金完成率", "促进经济增长",
    "增加就业", "投资者满意度", "招商费用", "扶持资金", "103001001", "103001002", "150", "8000",
    "10%", "50%", "80%", "100%", "2023年", "开发区商务局", "根据工作计划", "计划标准", "历史标准",
)  # fmt: skip


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A performance document's text: rows of label, level, name and value cells."""
    cell = st.one_of(
        st.sampled_from(LABELS),
        st.sampled_from(LEVELS),
        st.sampled_from(NAMES),
        target_values(),
        st.text(max_size=12),
    )
    sep = st.sampled_from((" ", "  ", "   ", "\t", " | ", "|", "｜", "", "\u3000"))
    lines = draw(
        st.lists(
            st.tuples(st.lists(cell, min_size=0, max_size=8), sep, st.booleans()),
            min_size=0,
            max_size=60,
        )
    )
    out = []
    for cells, s, pipe_ends in lines:
        line = s.join(cells)
        out.append(f"|{line}|" if pipe_ends and "|" in s else line)
    return draw(st.sampled_from(("\n", "\r\n", "\r"))).join(out)


# ---------------------------------------------------------------- ledgers and tables

LEDGER_HEADERS = {
    "date": ("支付日期", "日期", "date", "交易日期", "pay_date"),
    "code": ("项目编码", "项目代码", "project_code", "code"),
    "amount": ("支付金额(元)", "支付金额(万元)", "金额", "amount", "支付金额(亿元)", "金额(美元)"),
    "source": ("资金来源", "fund_source"),
    "note": ("摘要", "备注", "note"),
}
CODES = ("103001001", "103001002", "", " 103001001 ", "1030010O1", "999", "１０３００１００１")


def _cell_values() -> st.SearchStrategy[str]:
    return st.one_of(
        _dates(),
        _numbers(),
        st.sampled_from(CODES),
        st.sampled_from(("(100.00)", "¥1,234.50", "1 234", "--", "合计", "", " ", '"', "\n")),
        st.text(max_size=10),
    )


def _csv(rows: Sequence[Sequence[str]], delimiter: str) -> str:
    def quote(v: str) -> str:
        if any(ch in v for ch in (delimiter, '"', "\n", "\r")):
            return '"' + v.replace('"', '""') + '"'
        return v

    return "\r\n".join(delimiter.join(quote(v) for v in r) for r in rows) + "\r\n"


def _encode(text: str, encoding: str) -> bytes:
    return (
        text.encode(encoding, "replace")
        if encoding != "utf-8-sig"
        else (b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass"))
    )


@st.composite
def ledgers(draw: st.DrawFn) -> bytes:
    """A payments ledger CSV: title rows, a header of any spellings, good and bad rows."""
    fields = draw(st.permutations(list(LEDGER_HEADERS)))
    fields = fields[: draw(st.integers(1, len(fields)))]
    header = [draw(st.sampled_from(LEDGER_HEADERS[f])) for f in fields]
    titles = draw(st.lists(st.lists(_cell_values(), max_size=3), max_size=2))
    rows = draw(
        st.lists(st.lists(_cell_values(), min_size=0, max_size=len(fields) + 2), max_size=40)
    )
    delimiter = draw(st.sampled_from((",", ",", "\t", ";")))
    text = _csv([*titles, header, *rows], delimiter)
    return _encode(text, draw(st.sampled_from(("utf-8", "utf-8-sig", "gb18030", "utf-16"))))


def _yaml_scalar() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**20), 10**20),
        st.floats(),
        _cell_values(),
        target_values(),
        st.dates(),
    )


def _yaml(value: Any) -> bytes:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False).encode("utf-8")


PROGRESS_KEYS = (
    "project_code", "indicator", "indicator_id", "level1", "level2", "value", "forecast", "unit",
    "reason", "reasons", "likelihood", "rectification", "remarks", "项目编码", "三级指标",
    "截至目前完成值", "全年预计完成值", "偏差原因", "完成可能性", "是否需要整改", "经费保障",
    "制度保障", "人员保障", "硬件条件保障", "其他",
)  # fmt: skip


@st.composite
def progress_docs(draw: st.DrawFn) -> bytes:
    """Indicator progress as YAML (a list of rows) or as a CSV table."""
    key = st.sampled_from(PROGRESS_KEYS)
    value = st.one_of(
        _yaml_scalar(),
        st.sampled_from(NAMES),
        st.dictionaries(
            st.sampled_from(PROGRESS_KEYS) | st.text(max_size=4), _yaml_scalar(), max_size=3
        ),
        st.lists(_yaml_scalar(), max_size=3),
    )
    rows = draw(st.lists(st.dictionaries(key, value, max_size=8), max_size=12))
    if draw(st.booleans()):
        wrapped: Any = rows if draw(st.booleans()) else {"progress": rows}
        return _yaml(wrapped)
    keys = sorted({k for r in rows for k in r}) or ["项目编码", "三级指标"]
    table = [keys] + [[str(r.get(k, "")) for k in keys] for r in rows]
    return _csv(table, ",").encode("utf-8", "surrogatepass")


ACTUALS_KEYS = (
    "code", "name", "outcome", "execution_reason", "funds", "indicators", "unit", "项目编码",
    "项目名称", "source", "initial", "adjusted", "spent", "level3", "index", "actual", "score",
    "weight", "explanation", "年初预算数", "全年预算数", "全年执行数", "三级指标", "实际完成值",
    "得分", "分值", "序号",
)  # fmt: skip


@st.composite
def actuals_docs(draw: st.DrawFn) -> bytes:
    """Year-end actuals as YAML (``projects:`` with funds and indicators) or a CSV table."""
    scalar = st.one_of(
        _yaml_scalar(), st.sampled_from(("147.6", "147.6万元", "1,476,000元", "20个"))
    )
    item = st.dictionaries(st.sampled_from(ACTUALS_KEYS), scalar, max_size=6)
    project = st.fixed_dictionaries(
        {},
        optional={
            "code": st.sampled_from(CODES) | scalar,
            "name": scalar,
            "unit": st.sampled_from(("元", "万元", "亿元", "美元", "")) | scalar,
            "funds": st.lists(item, max_size=3) | scalar,
            "indicators": st.lists(item, max_size=5) | scalar,
            "outcome": scalar,
        },
    )
    doc = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "year": scalar,
                "unit": st.sampled_from(("元", "万元", "亿元", "斤")) | scalar,
                "projects": st.lists(project, max_size=4) | scalar,
                "note": scalar,
            },
        )
    )
    if draw(st.booleans()):
        return _yaml(doc)
    header = draw(st.lists(st.sampled_from(ACTUALS_KEYS), min_size=1, max_size=8, unique=True))
    rows = draw(st.lists(st.lists(_cell_values(), max_size=len(header)), max_size=15))
    return _csv([header, *rows], ",").encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------- Plan JSON and profiles

PLAN_KEYS = (
    "format", "version", "year", "department", "unit", "source_file", "overall_goal", "sub_goals",
    "measures", "projects", "leftovers", "code", "name", "funds", "total", "lines", "amount",
    "source", "purpose", "spending_plan", "label", "month", "percent", "goal", "indicators",
    "level1", "level2", "level3", "description", "target", "raw", "kind", "comparator",
    "comparator_source", "value", "normalized", "lower", "upper", "deadline", "deadline_month",
    "start", "flag", "grade", "notes", "basis", "basis_code", "weight", "file", "page", "line",
    "title", "text", "reason", "targets", "project_codes", "long_term_target", "id",
)  # fmt: skip


def _json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**40), 10**40),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from(
            (
                "jixiao.plan",
                "quantitative",
                "time",
                "boolean",
                "qualitative",
                "empty",
                "ge",
                "le",
                "eq",
                "default",
                "explicit",
                "万元",
                "元",
                "亿元",
                "2023-12-31",
                "2023-13-01",
                "1e999",
                "NaN",
                "",
            )
        ),
        st.text(max_size=8),
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(PLAN_KEYS) | st.text(max_size=4), children, max_size=6
            )
        ),
        max_leaves=40,
    )


@st.composite
def plan_jsons(draw: st.DrawFn) -> bytes:
    """A Plan JSON document: plan-shaped dictionaries with any values in any field."""
    doc = draw(st.dictionaries(st.sampled_from(PLAN_KEYS), _json_values(), max_size=10))
    if draw(st.booleans()):
        doc["format"] = "jixiao.plan"
    return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode("utf-8")


def toml_dumps(data: Mapping[str, Any]) -> str:
    """A small TOML writer for generated profiles (tables, arrays of tables, scalars)."""

    def scalar(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            if math.isnan(v):
                return "nan"
            if math.isinf(v):
                return "inf" if v > 0 else "-inf"
            return repr(v)
        if isinstance(v, Decimal):
            return str(v)
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, list):
            return "[" + ", ".join(scalar(x) for x in v) + "]"
        if isinstance(v, Mapping):
            return "{" + ", ".join(f"{key(k)} = {scalar(x)}" for k, x in v.items()) + "}"
        text = str(v)
        out = []
        for ch in text:
            if ch in '"\\':
                out.append("\\" + ch)
            elif ord(ch) < 32 or ord(ch) == 127 or 0xD800 <= ord(ch) <= 0xDFFF:
                out.append(f"\\u{ord(ch):04x}" if not 0xD800 <= ord(ch) <= 0xDFFF else "?")
            else:
                out.append(ch)
        return '"' + "".join(out) + '"'

    def key(k: str) -> str:
        return k if k and all(c.isalnum() or c in "_-" for c in k) and k.isascii() else scalar(k)

    lines: list[str] = []

    def table(prefix: str, d: Mapping[str, Any]) -> None:
        nested: list[tuple[str, Any, bool]] = []
        for k, v in d.items():
            if isinstance(v, Mapping):
                nested.append((k, v, False))
            elif isinstance(v, list) and v and all(isinstance(x, Mapping) for x in v):
                nested.append((k, v, True))
            else:
                lines.append(f"{key(k)} = {scalar(v)}")
        for k, v, many in nested:
            name = f"{prefix}.{key(k)}" if prefix else key(k)
            if many:
                for item in v:
                    lines.append(f"[[{name}]]")
                    table(name, item)
            else:
                lines.append(f"[{name}]")
                table(name, v)

    table("", data)
    return "\n".join(lines) + "\n"


PROFILE_KEYS = (
    "name", "title", "extends", "categories", "level1", "level2", "aliases", "expected_kind",
    "default_comparator", "values", "comparator_default", "units", "monitor", "evaluate",
    "ingest", "review", "max_file_mb", "max_pdf_pages", "max_zip_ratio", "child_timeout_s",
    "fields", "columns", "ignore", "words", "true_words", "false_words", "time_words",
)  # fmt: skip


def _toml_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(),
        st.text(max_size=10),
        st.sampled_from(
            (
                "national",
                "sichuan",
                "hubei",
                "ge",
                "le",
                "eq",
                "quantitative",
                "time",
                "any",
                "产出指标",
                "数量指标",
                "万元",
                "%",
                "../national",
                "profile.toml",
                "",
            )
        ),
        st.dates(),
    )
    return st.recursive(
        scalars,
        lambda children: (
            st.lists(scalars, max_size=4)
            | st.lists(
                st.dictionaries(st.sampled_from(PROFILE_KEYS), children, max_size=4), max_size=3
            )
            | st.dictionaries(
                st.sampled_from(PROFILE_KEYS) | st.text(max_size=4), children, max_size=5
            )
        ),
        max_leaves=30,
    )


@st.composite
def profiles(draw: st.DrawFn) -> bytes:
    """A user's profile file: ``extends`` (usually national) and tables of any content."""
    doc: dict[str, Any] = {}
    if draw(st.integers(0, 9)) < 8:
        doc["extends"] = draw(st.sampled_from(("national", "national", "sichuan", "nope")))
    doc.update(draw(st.dictionaries(st.sampled_from(PROFILE_KEYS), _toml_values(), max_size=6)))
    return toml_dumps(doc).encode("utf-8")


# ---------------------------------------------------------------- random-built files
#
# Workbooks, Word documents and web pages have many parts; drawing each from hypothesis
# costs more than reading the file. Their structure is built from one drawn seed with
# :class:`random.Random` (still reproducible: the seed is the hypothesis draw).


def rng_value(rng: random.Random) -> str:
    """A cell text: a label, a level, a name, or a value put together from its parts."""
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(LABELS + LEVELS + NAMES)
    pools: tuple[Sequence[str], ...] = (COMPARATORS, UNITS, TIME_WORDS, WORDS, INTERESTING_NUMBERS)
    parts = []
    for _ in range(rng.randint(0, 4)):
        if rng.random() < 0.4:
            parts.append(
                str(rng.choice((rng.randint(0, 3000), rng.random() * 10 ** rng.randint(0, 12))))
            )
        else:
            parts.append(rng.choice(rng.choice(pools)))
    return "".join(parts)


def _seeded(build: Any) -> st.SearchStrategy[bytes]:
    return st.integers(0, 2**64 - 1).map(lambda seed: build(random.Random(seed)))


def _html(rng: random.Random) -> bytes:
    spans = ("", ' rowspan="2"', ' colspan="3"', ' rowspan="0"', ' colspan="0"',
             ' rowspan="99999"', ' colspan="1000"', ' rowspan="-1"', ' colspan="x"',
             ' style="display:none"', " hidden")  # fmt: skip

    def table(depth: int) -> str:
        body = []
        for _ in range(rng.randint(0, 12)):
            cells = []
            for _ in range(rng.randint(0, 7)):
                inner = escape(rng_value(rng))
                if depth < 3 and rng.randint(0, 30) == 0:
                    inner = table(depth + 1)
                tag = "th" if rng.randint(0, 10) == 0 else "td"
                cells.append(f"<{tag}{rng.choice(spans)}>{inner}</{tag}>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        wrap = rng.choice(("tbody", "thead", ""))
        inner = "".join(body)
        caption = f"<caption>{escape(rng_value(rng))}</caption>" if rng.random() < 0.1 else ""
        return f"<table>{caption}{f'<{wrap}>{inner}</{wrap}>' if wrap else inner}</table>"

    parts = []
    for _ in range(rng.randint(0, 4)):
        kind = rng.randint(0, 4)
        if kind == 0:
            parts.append(table(0))
        elif kind == 1:
            lines = [rng_value(rng) + " " + rng_value(rng) for _ in range(rng.randint(1, 8))]
            parts.append(f"<p>{escape(chr(10).join(lines))}</p>")
        elif kind == 2:
            parts.append("<script>var a = '<table><tr><td>x</td></tr></table>';</script>")
        elif kind == 3:
            parts.append(f"<div>{escape(rng_value(rng))}<br>{escape(rng_value(rng))}</div>")
        else:
            parts.append("<div>" * rng.randint(1, 300))
    charset = rng.choice(("utf-8", "gbk", "gb2312", "big5", "nonsense", "utf-16"))
    head = f'<html><head><meta charset="{charset}"><title>t</title></head>'
    page = f"{head}<body>{''.join(parts)}</body></html>"
    encoding = {"gbk": "gb18030", "gb2312": "gb18030", "big5": "big5"}.get(charset, "utf-8")
    return page.encode(encoding, "replace")


def html_pages() -> st.SearchStrategy[bytes]:
    """A web page with tables (rowspan/colspan, nested, hidden cells) and text around them."""
    return _seeded(_html)


_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{sheets}</Types>'
)
_SHEET_CT = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL_T = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _col(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx_parts(rng: random.Random) -> list[tuple[str, bytes]]:
    """The parts of a generated workbook (see :func:`xlsx_files`)."""
    n_sheets = rng.randint(1, 3)
    strings = [rng_value(rng) for _ in range(rng.randint(0, 20))]
    sheets_xml = []
    for _ in range(n_sheets):
        rows: dict[int, list[str]] = {}
        for _ in range(rng.randint(0, 40)):
            r = rng.choice((rng.randint(0, 40), rng.randint(0, 40), 1048575, 100000))
            c = rng.choice((rng.randint(0, 12), rng.randint(0, 12), 16383, 702))
            t = rng.choice(("s", "inlineStr", "n", "b", "e", "str", "d", ""))
            v = rng.choice((str(rng.randint(-5, 30)), rng_value(rng)))
            style = rng.choice(("", ' s="1"', ' s="2"', ' s="99"'))
            attr = f' r="{_col(c)}{r + 1}"' if rng.randint(0, 20) else ""
            t_attr = f' t="{t}"' if t else ""
            body = f"<is><t>{escape(v)}</t></is>" if t == "inlineStr" else f"<v>{escape(v)}</v>"
            rows.setdefault(r, []).append(f"<c{attr}{t_attr}{style}>{body}</c>")
        merges = [
            (rng.randint(0, 40), rng.randint(0, 12), rng.randint(0, 60), rng.randint(0, 20))
            for _ in range(rng.randint(0, 6))
        ]
        merge_xml = "".join(
            f'<mergeCell ref="{_col(c0)}{r0 + 1}:{_col(c1)}{r1 + 1}"/>' for r0, c0, r1, c1 in merges
        )
        body = "".join(f'<row r="{r + 1}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
        merge_part = f'<mergeCells count="{len(merges)}">{merge_xml}</mergeCells>' if merges else ""
        sheets_xml.append(f"<worksheet {_NS}><sheetData>{body}</sheetData>{merge_part}</worksheet>")
    names = [
        rng.choice(("项目表", "Sheet1", "指标", "a&amp;b", "x" * 40, "表")) + str(i)
        for i in range(n_sheets)
    ]
    hidden = ' state="hidden"'
    states = [rng.choice(("", hidden, "")) for _ in names]
    sheet_elems = "".join(
        f'<sheet name="{n}" sheetId="{i + 1}"{state} r:id="rId{i + 1}"/>'
        for i, (n, state) in enumerate(zip(names, states, strict=True))
    )
    wb = f"<workbook {_NS} {_NS_R}><sheets>{sheet_elems}</sheets></workbook>"
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{_REL_T}worksheet" '
        f'Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(n_sheets)
    )
    wb_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'{rels}<Relationship Id="rIdS" Type="{_REL_T}sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rIdT" Type="{_REL_T}styles" Target="styles.xml"/></Relationships>'
    )
    sst = (
        f'<sst {_NS} count="{len(strings)}">'
        + "".join(f"<si><t>{escape(x)}</t></si>" for x in strings)
        + "</sst>"
    )
    fmt = rng.choice(("0%", "0.00%", '0"%"', "0.0", "yyyy-mm-dd", "@"))
    styles = (
        f'<styleSheet {_NS}><numFmts count="1"><numFmt numFmtId="164" formatCode={quoteattr(fmt)}/>'
        '</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/>'
        "</cellXfs></styleSheet>"
    )
    content_types = _CT.format(sheets="".join(_SHEET_CT.format(n=i + 1) for i in range(n_sheets)))
    entries = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", _RELS),
        ("xl/workbook.xml", wb),
        ("xl/_rels/workbook.xml.rels", wb_rels),
        ("xl/sharedStrings.xml", sst),
        ("xl/styles.xml", styles),
    ] + [(f"xl/worksheets/sheet{i + 1}.xml", x) for i, x in enumerate(sheets_xml)]
    return [(n, b.encode("utf-8", "surrogatepass")) for n, b in entries]


def xlsx_files() -> st.SearchStrategy[bytes]:
    """A workbook written part by part: cells of every type, merges, percent styles, hidden
    sheets, far-away cells, shared strings that do not exist."""
    return _seeded(lambda rng: pack_zip(xlsx_parts(rng)))


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_DOCX_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def docx_body(rng: random.Random) -> str:
    """``word/document.xml`` of a generated Word document (see :func:`docx_files`)."""
    spans = ("1", "2", "3", "0", "-2", "1000000", "x", "", "2147483648")
    merges = ("", "", '<w:vMerge w:val="restart"/>', "<w:vMerge/>", '<w:vMerge w:val="continue"/>')

    def para() -> str:
        extra = rng.choice(("", "<w:tab/>", "<w:br/>", "<w:cr/>"))
        runs = "".join(
            f"<w:r><w:t>{escape(rng_value(rng))}</w:t>{extra}</w:r>"
            for _ in range(rng.randint(0, 3))
        )
        return f"<w:p>{runs}</w:p>"

    def table(depth: int) -> str:
        rows = []
        for _ in range(rng.randint(0, 10)):
            before = ""
            if rng.randint(0, 5) == 0:
                before = f'<w:trPr><w:gridBefore w:val="{rng.choice(spans)}"/></w:trPr>'
            cells = []
            for _ in range(rng.randint(0, 6)):
                props = []
                if rng.randint(0, 3) == 0:
                    props.append(f'<w:gridSpan w:val="{rng.choice(spans)}"/>')
                vm = rng.choice(merges)
                if vm:
                    props.append(vm)
                pr = f"<w:tcPr>{''.join(props)}</w:tcPr>" if props else ""
                inner = para()
                if depth < 3 and rng.randint(0, 20) == 0:
                    inner += table(depth + 1)
                if rng.randint(0, 25) == 0:
                    inner = f"<w:sdt><w:sdtContent>{inner}</w:sdtContent></w:sdt>"
                cells.append(f"<w:tc>{pr}{inner}</w:tc>")
            rows.append(f"<w:tr>{before}{''.join(cells)}</w:tr>")
        return f"<w:tbl>{''.join(rows)}</w:tbl>"

    blocks = [table(0) if rng.random() < 0.5 else para() for _ in range(rng.randint(0, 5))]
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document {_W}><w:body>'
        f"{''.join(blocks)}</w:body></w:document>"
    )


def docx_files() -> st.SearchStrategy[bytes]:
    """A Word document written as its XML: paragraphs and tables with gridSpan, vMerge,
    gridBefore, nested tables and content controls, with spans that do not add up."""

    def build(rng: random.Random) -> bytes:
        entries = [
            ("[Content_Types].xml", _DOCX_CT),
            ("_rels/.rels", _DOCX_RELS),
            ("word/document.xml", docx_body(rng)),
        ]
        return pack_zip([(n, b.encode("utf-8", "surrogatepass")) for n, b in entries])

    return _seeded(build)


# ---------------------------------------------------------------- PDF (hand-written)


def minimal_pdf(pages: Sequence[bytes]) -> bytes:
    """A PDF whose pages draw the given content streams (Helvetica as /F1), uncompressed."""
    objs: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    font = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    for i, content in enumerate(pages):
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources %s >>" % (4 + 2 * i, font)
        )
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _pdf_string(text: str) -> bytes:
    raw = text.encode("latin-1", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


@st.composite
def pdf_files(draw: st.DrawFn) -> bytes:
    """PDFs of ruled tables: grids of lines with text in the cells, merged cells (missing
    inner rules), tables cut by page breaks, repeated headers, stray lines and text."""
    n_pages = draw(st.integers(1, 4))
    word = st.sampled_from(("Level", "Name", "Value", "Basis", "90%", "150", "2023-12-31",
                            "output", "cost", "12", "x", "Total", "1"))  # fmt: skip
    pages = []
    for _ in range(n_pages):
        ops: list[bytes] = [b"0.5 w"]
        x0 = draw(st.sampled_from((50.0, 50.0, 51.5, 40.0)))
        cols = draw(st.lists(st.integers(20, 160), min_size=1, max_size=6))
        xs = [x0]
        for w in cols:
            xs.append(xs[-1] + w)
        top = draw(st.sampled_from((800.0, 780.0, 842.0, 400.0)))
        heights = draw(st.lists(st.integers(8, 60), min_size=1, max_size=14))
        ys = [top]
        for h in heights:
            ys.append(ys[-1] - h)
        open_top = draw(st.booleans())
        open_bottom = draw(st.booleans())
        for i, y in enumerate(ys):
            if (i == 0 and open_top) or (i == len(ys) - 1 and open_bottom):
                continue
            # a horizontal rule, sometimes only part of it (a merged cell below)
            a, b = xs[0], xs[-1]
            if 0 < i < len(ys) - 1 and draw(st.integers(0, 4)) == 0:
                a = xs[draw(st.integers(0, len(xs) - 1))]
            ops.append(b"%.2f %.2f m %.2f %.2f l S" % (a, y, b, y))
        for j, x in enumerate(xs):
            a, b = ys[0], ys[-1]
            if 0 < j < len(xs) - 1 and draw(st.integers(0, 4)) == 0:
                b = ys[draw(st.integers(0, len(ys) - 1))]
            ops.append(b"%.2f %.2f m %.2f %.2f l S" % (x, a, x, b))
        if draw(st.integers(0, 5)) == 0:
            ops.append(
                b"%.2f %.2f %.2f %.2f re f" % tuple(draw(st.floats(-10, 900)) for _ in range(4))
            )
        for r in range(len(ys) - 1):
            for c in range(len(xs) - 1):
                if draw(st.integers(0, 3)) == 0:
                    continue
                lines = draw(st.lists(word, min_size=1, max_size=3))
                for k, t in enumerate(lines):
                    y = ys[r] - 9 - 9 * k
                    ops.append(
                        b"BT /F1 7 Tf %.2f %.2f Td %s Tj ET" % (xs[c] + 2, y, _pdf_string(t))
                    )
        if draw(st.booleans()):
            ops.append(b"BT /F1 9 Tf 280 20 Td (- %d -) Tj ET" % draw(st.integers(0, 99)))
        pages.append(b"\n".join(ops))
    return minimal_pdf(pages)
