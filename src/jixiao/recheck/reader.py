"""Reading published self-evaluation forms (读取已公开的绩效自评表) from text and files.

A published 自评表 reaches us as a table (Excel, Word, a web page, a PDF — read into grids by
:func:`jixiao.ingest.files.read_document`) or as the text a web page or PDF gives when copied:
cells one per paragraph, cells ending in ``|``, cells separated by tabs or spaces, or a
whole table on one line. Every layout is turned into one stream of :class:`Token` — a cell's
text with its location, its grid row and column when the layout keeps them, and whether
empty cells were kept (``positional``) — and one parser reads the stream by the form's
structure, never by the wording of a particular form:

* the money block: column labels (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 and
  their variants 调整后预算数, 预算执行数, 权重, 预算数(A) …) followed by fund rows
  (年度资金总额, 其中: 财政拨款, 上年结转资金, 其他资金; 总额, 财政资金 … from the profile);
* 年度总体目标: 预期目标 and 实际完成情况;
* the indicator table: its header (一级/二级/三级指标, 年度指标值 or 指标性质/指标值/度量单位,
  实际完成值, 分值/权重, 得分, 偏差原因分析及改进措施 — in whatever order the form prints
  them), level-1/level-2 headings recognised from the profile's categories (with the
  points printed beside them, 产出指标(50分)), then one row per 三级指标;
* 总分 (or 合计) and 评价等级.

Where a layout loses the empty cells (a whole table on one line), the cells of an indicator
row are matched to the columns by what they look like (a percentage is never a 分值, a
grade word is an actual, 得分 ≤ 分值). A file may hold several forms; a cut-off copy gives
what it contains and lists what is missing. The reader never raises on a form's content.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jixiao.domain.model import SourceRef
from jixiao.domain.profile import RuleProfile, load_profile
from jixiao.domain.text import normalize
from jixiao.evaluate.settings import EvaluateSettings, FundSettings
from jixiao.ingest.grid import Document, Grid, TextBlock
from jixiao.ingest.layout import LayoutMode, detect_mode, join_pieces, split_lines
from jixiao.recheck.form import (
    BLANKS,
    IndicatorRow,
    MoneyRow,
    PublishedForm,
    is_blank,
    number,
)

__all__ = [
    "Token",
    "read_forms",
    "read_forms_document",
    "read_forms_text",
    "tokens_from_grids",
    "tokens_from_text",
]


@dataclass(frozen=True, slots=True)
class Token:
    """One cell of the form in reading order.

    ``row``/``col`` are set when the layout keeps rows and columns (a grid, a tab- or
    pipe-separated line); ``positional`` says empty cells were kept (an empty cell is a token
    with empty text); ``line_start`` marks the first cell of a text line.
    """

    text: str
    source: SourceRef
    positional: bool = False
    row: int | None = None
    col: int | None = None
    line_start: bool = False
    glued: bool = False  # cut out of a cell whose separators were lost

    @property
    def key(self) -> str:
        return _key(self.text)

    @property
    def empty(self) -> bool:
        return not self.text.strip()


# --------------------------------------------------------------------------------------------
# Vocabulary of the form's structure (header labels), matched on normalised text
# --------------------------------------------------------------------------------------------

_PAREN_TAIL = re.compile(r"(?:\([^()]*\))+$")


def _key(text: str) -> str:
    return normalize(text).rstrip(":")


def _bare(key: str) -> str:
    """A label without a trailing parenthesised note: 全年预算数(A) → 全年预算数."""
    bare = _PAREN_TAIL.sub("", key)
    return bare or key


_MONEY_ONLY: dict[str, str] = {
    "年初预算数": "initial",
    "年初预算": "initial",
    "年初数": "initial",
    "年初批复数": "initial",
    "年初预算金额": "initial",
    "全年预算数": "adjusted",
    "全年预算": "adjusted",
    "调整后预算数": "adjusted",
    "调整后预算": "adjusted",
    "预算数": "adjusted",
    "全年执行数": "spent",
    "全年执行": "spent",
    "预算执行数": "spent",
    "执行数": "spent",
    "实际支出数": "spent",
    "实际执行数": "spent",
    "执行率": "rate",
    "预算执行率": "rate",
    "全年执行率": "rate",
}
_MONEY_SHARED: dict[str, str] = {
    "分值": "points",
    "权重": "points",
    "得分": "score",
    "原因": "reason",
    "执行率偏低原因": "reason",
}
_IND_HEADER: dict[str, str] = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "level3",
    "指标性质": "comparator",
    "度量单位": "unit",
    "计量单位": "unit",
    "指标值": "target",
    "年度指标值": "target",
    "年初目标值": "target",
    "年度目标值": "target",
    "目标值": "target",
    "预期指标值": "target",
    "实际完成值": "actual",
    "完成值": "actual",
    "全年实际值": "actual",
    "全年完成值": "actual",
    "实际值": "actual",
    "实际完成情况值": "actual",
    "分值": "weight",
    "权重": "weight",
    "指标分值": "weight",
    "得分": "score",
    "自评得分": "score",
    "偏差原因分析及改进措施": "reason",
    "偏差原因分析": "reason",
    "未完成原因分析": "reason",
    "未完成原因及拟采取的改进措施": "reason",
    "原因分析及改进措施": "reason",
    "备注": "reason",
    "计分规则": "rule",  # forms written by ``jixiao evaluate``
}
_IND_START = {"一级指标", "二级指标", "三级指标"}
_GOAL_LABELS = {
    "年度总体目标",
    "年度总体目标完成情况",
    "总体目标",
    "项目年度目标",
    "年度目标",
    "总体目标完成情况",
}
_GOAL_EXPECTED = {"预期目标", "年初设定目标"}
_GOAL_SUB = {
    "预期目标",
    "实际完成情况",
    "年初设定目标",
    "年度总体目标完成情况综述",
    "年度目标完成情况",
    "完成情况",
    "实际完成目标",
}
_SECTIONS = {
    "项目资金",
    "资金情况",
    "预算执行情况",
    "预算资金执行情况",
    "绩效指标",
    "年度绩效指标",
    "年度绩效指标完成情况",
    "项目基本情况",
    "年度预算数",
    "资金来源",
    "项目实施内容及过程概述",
    "项目年度目标完成情况",
    "年度绩效目标",
}
_TERMINATORS = {
    "评价结论",
    "存在问题",
    "改进措施",
    "项目负责人",
    "财务负责人",
    "填报人",
    "偏差大或目标未完成原因分析",
    "改进措施及结果应用方案",
    "自评结论",
    "主要问题及改进措施",
}
_TOTAL_LABELS = {"总分", "合计", "总计", "自评总分", "综合得分"}
_GRADE_LABELS = {"评价等级", "自评等级", "绩效等级", "等级", "自评结果", "评价结果"}
_GRADES = {"优", "良", "中", "差", "优秀", "良好", "合格", "不合格", "较差", "一般"}
_HEAD_LABELS = {
    "项目名称": "project",
    "项目编码": "code",
    "主管部门": "department",
    "实施单位": "unit_name",
    "项目实施单位": "unit_name",
    "实施单位(盖章)": "unit_name",
    "项目单位": "unit_name",
}
_EXTRA_FUND_TOTALS = ("年度资金总额", "年度财政资金总额", "资金总额", "总额", "合计")

_YEAR = re.compile(r"(20\d{2})\s*年度")
_POINTS = re.compile(r"\((\d+(?:\.\d+)?)分\)")
_GROUP_MARK = re.compile(r"^(.*?)\(?(\d+(?:\.\d+)?)分\)?$")
_ROW_STARTER = re.compile(r"^(?:指标\d+|……|…|\.\.\.)")
_NUMBER = re.compile(r"^[+-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:分)?$")
_PERCENT = re.compile(r"^[+-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)%$")
_COMPARATORS = {"≥", "≤", "=", ">", "<", ">=", "<=", "≧", "≦", "正向", "反向", "定性", "定量"}
_REASON_START = ("因", "由于", "受", "暂无", "主要", "原因", "已", "尚", "部分", "资金")
_UNIT_TOKENS = {
    "%", "万元", "元", "亿元", "个", "人", "次", "天", "分", "项", "家", "户", "米", "亩", "公里",
    "人次", "场", "所", "台", "套", "份", "篇", "期", "年", "月", "日", "小时", "吨", "平方米",
}  # fmt: skip


def _cls(tok: Token) -> str:
    """What a value cell looks like: ``empty``, ``blank`` (/ - 无), ``number``, ``percent``,
    ``text``."""
    t = tok.text.strip()
    if not t:
        return "empty"
    if t in BLANKS:
        return "blank"
    k = tok.key
    if _NUMBER.match(k):
        return "number"
    if _PERCENT.match(k):
        return "percent"
    return "text"


# --------------------------------------------------------------------------------------------
# Layouts → tokens
# --------------------------------------------------------------------------------------------


def tokens_from_grids(grids: Sequence[Grid]) -> list[Token]:
    """The cells of tables, row by row; covered positions of merged cells are left out."""
    out: list[Token] = []
    row_id = 0
    for grid in grids:
        for cells in grid.rows:
            row_id += 1
            for c, cell in enumerate(cells):
                if cell is None:
                    continue
                out.append(Token(cell.text, cell.source, True, row_id, c))
    return out


def _ref(file: str | None, line: int, last: int | None = None) -> SourceRef:
    return SourceRef(file=file, line=line, line_end=last if last and last != line else None)


_WS_ONLY = re.compile(r"^[ \t\u00a0\u3000\u2002\u2003\u200b]+$")


def _raw_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n|\u2028|\u2029|\x85", text)


def _paragraph_tokens(text: str, file: str | None) -> list[Token]:
    """One cell per paragraph; a line of spaces alone (``&nbsp;``) is an empty cell."""
    raw = _raw_lines(text)
    lines = split_lines(text)
    positional = sum(1 for r in raw if _WS_ONLY.match(r)) >= 3
    out: list[Token] = []
    pending: list[tuple[int, str]] = []

    def flush() -> None:
        if pending:
            body = join_pieces([p for _, p in pending])
            out.append(Token(body, _ref(file, pending[0][0], pending[-1][0]), positional))
            pending.clear()

    for ln, r in zip(lines, raw, strict=False):
        if ln.blank:
            flush()
            if positional and _WS_ONLY.match(r):
                out.append(Token("", _ref(file, ln.number), True))
            continue
        pending.append((ln.number, ln.text.strip()))
    flush()
    return out


def _pipe_end_tokens(text: str, file: str | None) -> list[Token]:
    """Cells ending in `` |`` (a copied web table); a lone ``|`` is an empty cell."""
    out: list[Token] = []
    pending: list[tuple[int, str]] = []
    for ln in split_lines(text):
        if ln.blank:
            continue
        t = ln.text.strip()
        if t and not t.replace("|", "").replace("｜", "").strip():
            if pending:
                out.append(
                    Token(
                        join_pieces([p for _, p in pending]),
                        _ref(file, pending[0][0], ln.number),
                        True,
                    )
                )
                pending = []
                continue
            out.extend(Token("", _ref(file, ln.number), True) for _ in range(t.count("|") or 1))
            continue
        if t[-1] in "|｜":
            parts = [p.strip() for p in re.split(r"[|｜]", t)][:-1]
            first = pending[0][0] if pending else ln.number
            if pending and parts:
                parts[0] = join_pieces([*(p for _, p in pending), parts[0]])
            pending = []
            for p in parts:
                out.append(Token(" ".join(p.split()), _ref(file, first, ln.number), True))
            continue
        pending.append((ln.number, t))
    if pending:
        out.append(
            Token(join_pieces([p for _, p in pending]), _ref(file, pending[0][0], pending[-1][0]))
        )
    return out


_GLUE_COMPARATOR = {"≥", "≤", "=", ">", "<", ">=", "<=", "＝"}


def _merge_words(words: list[str]) -> list[str]:
    """Re-join pieces a space split: ``150`` + ``万元``, ``≥`` + ``90%``."""
    out: list[str] = []
    for w in words:
        if out:
            prev = out[-1]
            if normalize(prev) in _GLUE_COMPARATOR and w[:1].isdigit():
                out[-1] = prev + w
                continue
            if _NUMBER.match(normalize(prev)) and normalize(w) in _UNIT_TOKENS - {"分"}:
                out[-1] = prev + w
                continue
        out.append(w)
    return out


def _line_tokens(text: str, file: str | None) -> list[Token]:
    """Lines of cells: tab- or pipe-separated lines keep their columns; other lines are
    split at white space (runs of spaces, or single spaces when nothing else separates)."""
    out: list[Token] = []
    for ln in split_lines(text):
        if ln.blank:
            continue
        s = ln.text.strip()
        ref = _ref(file, ln.number)
        if "\t" in s or ("|" in s.strip("|｜ ") or "｜" in s.strip("|｜ ")):
            if "\t" in s:
                s = ln.text.lstrip(" \u3000").rstrip()  # leading tabs are empty cells
            parts = [p.strip() for p in re.split(r"\t|[|｜]", s)]
            if s[0] in "|｜":
                parts = parts[1:]
            if s[-1] in "|｜":
                parts = parts[:-1]
            for c, p in enumerate(parts):
                out.append(Token(" ".join(p.split()), ref, True, ln.number, c, c == 0))
            continue
        words = _merge_words(s.split())
        for n, w in enumerate(words):
            out.append(Token(w, ref, False, None, None, n == 0))
    return out


def tokens_from_text(text: str, file: str | None = None) -> list[Token]:
    """The cells of a form copied as text, whatever its layout (see the module docstring)."""
    mode = detect_mode(split_lines(text))
    if mode is LayoutMode.PIPE_END:
        return _pipe_end_tokens(text, file)
    if mode is LayoutMode.PARAGRAPHS or _mostly_paragraphs(text):
        return _paragraph_tokens(text, file)
    return _line_tokens(text, file)


def _mostly_paragraphs(text: str) -> bool:
    """A page copied with every cell as its own paragraph and ``&nbsp;`` for empty cells."""
    raw = _raw_lines(text)
    ws = sum(1 for r in raw if _WS_ONLY.match(r))
    filled = [r for r in raw if r.strip()]
    if ws < 5 or not filled:
        return False
    spaced = sum(1 for r in filled if re.search(r"\S\s+\S", r.strip()))
    return spaced <= 0.1 * len(filled)


# --------------------------------------------------------------------------------------------
# Joining labels a line break split (年初 / 预算数, 经济效益 / 指标)
# --------------------------------------------------------------------------------------------


class _Vocab:
    """What the parser recognises, built once per profile."""

    def __init__(self, profile: RuleProfile):
        self.profile = profile
        self.cats = profile.categories
        try:
            settings = EvaluateSettings.from_profile(profile)
            funds = settings.funds
        except Exception:  # a profile without [evaluate] still reads forms
            funds = FundSettings()
        self.funds = funds
        national = FundSettings()
        self._fund_keys: dict[str, tuple[str, bool]] = {}
        for fs in (funds, national):
            for src in (fs.total_label, *fs.sources):
                names = (src, *((fs.aliases or {}).get(src, ())))
                for n in names:
                    canon = funds.canonical(n)
                    self._fund_keys.setdefault(_key(n), (canon, funds.is_total(n)))
        for n in _EXTRA_FUND_TOTALS:
            self._fund_keys.setdefault(_key(n), (funds.total_label, True))
        self._labels: set[str] = set()
        self._labels.update(_MONEY_ONLY, _MONEY_SHARED, _IND_HEADER, _GOAL_LABELS, _GOAL_SUB)
        self._labels.update(_SECTIONS, _TERMINATORS, _TOTAL_LABELS, _HEAD_LABELS)
        self._labels.update(self._fund_keys)

    def glue_words(self) -> list[str]:
        """Labels that may be cut out of a cell where separators were lost."""
        words = set(_MONEY_ONLY) | {"分值", "得分", "权重"} | set(_GOAL_LABELS) | set(_GOAL_SUB)
        words |= {k for k in _IND_HEADER if len(k) >= 3} | {"未完成原因及拟采取的改进措施"}
        words |= set(_TERMINATORS) | {"总分", "项目名称", "主管部门", "实施单位", "绩效指标"}
        words |= {"资金情况", "项目资金", "其中:本年财政拨款", "其中:当年财政拨款", "年度资金总额",
                  "上年结转资金", "其他资金", "其中:财政资金"}
        for l1 in self.cats.level1:
            words.add(l1.name)
            for l2 in l1.level2:
                words.add(l2.name)
        words.discard("")
        return [w for w in words if len(w) >= 2]

    def fund(self, key: str) -> tuple[str, bool] | None:
        """(canonical source, is total) for a fund row label."""
        k = key
        if k.startswith("其中:"):
            k2 = k[len("其中:") :]
            return self._fund_keys.get(k) or self._fund_keys.get(k2)
        return self._fund_keys.get(k) or self._fund_keys.get(_bare(k))

    def is_label(self, key: str) -> bool:
        if not key:
            return False
        if key in self._labels or _bare(key) in self._labels:
            return True
        return self.level(key, None) is not None

    def level(self, key: str, current: str | None) -> tuple[int, str, Decimal | None] | None:
        """(1 or 2, canonical level-1 name, points) when a cell is a level heading."""
        if not key or len(key) > 24:
            return None
        pts: Decimal | None = None
        m = _GROUP_MARK.match(key)
        name = key
        if m and ("分" in key):
            pts = Decimal(m.group(2))
            name = m.group(1).rstrip("(")
            if not name:
                return (1, current or "", pts)
        l1 = self.cats.find_level1(name)
        l2 = self.cats.find_level2(name, current)
        cur = self.cats.find_level1(current) if current else None
        if l2 is not None and cur is not None and l2 in cur.level2 and pts is None:
            return (2, cur.name, None)
        if l1 is not None:
            return (1, l1.name, pts)
        if l2 is not None:
            parent = self.cats.parent_of(name)
            return (2, parent.name if parent else (current or ""), None)
        return None


def _join_split_labels(tokens: list[Token], vocab: _Vocab) -> list[Token]:
    """Cells whose label a line break cut in two (年初 / 预算数) joined again (text layouts)."""
    out: list[Token] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        joined = None
        if tok.row is None and not tok.empty and len(tok.key) <= 10:
            for span in (3, 2):
                if i + span > n:
                    continue
                parts = tokens[i : i + span]
                if any(p.empty or p.row is not None or len(p.key) > 12 for p in parts):
                    continue
                if any(_cls(p) in ("number", "percent") for p in parts):
                    continue
                key = "".join(p.key for p in parts)
                if vocab.is_label(key) and not (
                    vocab.is_label(parts[-1].key) and vocab.is_label(parts[0].key)
                    and vocab.level(key, None) is None
                ):
                    joined = Token(
                        "".join(p.text.strip() for p in parts),
                        _span(parts[0].source, parts[-1].source),
                        tok.positional,
                        None,
                        None,
                        tok.line_start,
                    )
                    i += span
                    break
        if joined is not None:
            out.append(joined)
            continue
        out.append(tok)
        i += 1
    return out


_UNIT_START = (
    "%", "万元", "元", "亿元", "个", "人", "次", "天", "项", "家", "户", "米", "厘米", "亩",
    "公里", "场", "所", "台", "套", "份", "篇", "期", "年", "月", "日", "小时", "吨", "平方米",
    "分", "辆", "座", "处", "条", "名", "批", "只", "头", "株", "册", "件", "块", "间", "栋",
)  # fmt: skip
_CUT = re.compile(
    r"(?<=[\u3400-\u9fff)）])(?=[≥≤=<>＝]|[0-9])"  # 名称 | 10, 名称 | ≥50
    r"|(?<=[0-9%])(?=[≥≤<>＝])"  # 10 | ≥50
    r"|(?<=%)(?=[0-9\u3400-\u9fff])"  # 100% | 10, 100% | 名称
)


def _split_values(piece: str) -> list[str]:
    """``安装坡面水标尺10≥266米≥266米10`` → 名称, 10, ≥266米, ≥266米, 10."""
    parts = [p for p in _CUT.split(piece) if p]
    out: list[str] = []
    for p in parts:
        m = re.match(r"^([≥≤=<>＝]?[0-9][0-9.,]*)(.*)$", p)
        if m and m.group(2):
            rest = m.group(2)
            unit = next((u for u in sorted(_UNIT_START, key=len, reverse=True)
                         if rest.startswith(u)), None)
            if unit is not None:
                out.append(m.group(1) + unit)
                if rest[len(unit):]:
                    out.append(rest[len(unit):])
                continue
            out.extend([m.group(1), rest])
            continue
        out.append(p)
    return out


_LABEL_TAIL = re.compile(r"[(（]\d+(?:\.\d+)?分[)）]|[(（][A-Z/]{1,5}[)）]|[:：]")


def _unglue(tokens: list[Token], vocab: _Vocab) -> list[Token]:
    """Long cells where a copy lost every separator (``…资金情况(万元)全年预算数(A)…``):
    cut at the form's labels, then between names and numbers."""
    if not any(len(t.text) > 60 and " " not in t.text.strip() for t in tokens):
        return tokens
    words = sorted(vocab.glue_words(), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in words)) if words else None
    out: list[Token] = []
    for tok in tokens:
        text = tok.text.strip()
        if len(text) <= 60 or " " in text or pattern is None:
            out.append(tok)
            continue
        pieces: list[str] = []
        pos = 0
        for m in pattern.finditer(text):
            if m.start() > pos:
                pieces.extend(_split_values(text[pos : m.start()]))
            word = m.group(0)
            tail = _LABEL_TAIL.match(text, m.end())
            if tail:
                word += tail.group(0)
                pos = tail.end()
            else:
                pos = m.end()
            pieces.append(word)
        if pos < len(text):
            pieces.extend(_split_values(text[pos:]))
        for n, p in enumerate(pieces):
            if p.strip(":： "):
                out.append(
                    Token(p, tok.source, False, None, None, tok.line_start and n == 0, True)
                )
    return out


def _span(a: SourceRef, b: SourceRef) -> SourceRef:
    if a.line is not None and b.line is not None and b.line != a.line:
        return SourceRef(file=a.file, line=a.line, line_end=b.line_end or b.line)
    return a


# --------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _State:
    form: PublishedForm
    money_cols: list[tuple[str, int | None]] = field(default_factory=list)
    ind_cols: list[tuple[str, int | None]] = field(default_factory=list)
    level1: str | None = None
    level2: str | None = None
    group_points: Decimal | None = None
    keys: list[str] = field(default_factory=list)
    header_cols: list[tuple[str, int | None]] = field(default_factory=list)
    saw_ind_header: bool = False
    saw_total: bool = False


class _Parser:
    def __init__(self, tokens: list[Token], vocab: _Vocab, file: str | None):
        self.t = tokens
        self.v = vocab
        self.file = file
        self.i = 0
        self.forms: list[PublishedForm] = []
        self.s = self._new_state(1)

    def _new_state(self, number: int) -> _State:
        return _State(PublishedForm(file=self.file, number=number))

    # ---- driving -------------------------------------------------------------------------

    def run(self) -> list[PublishedForm]:
        n = len(self.t)
        guard = 0
        while self.i < n:
            before = self.i
            self._step()
            if self.i <= before:  # never stall
                self.i = before + 1
            guard += 1
            if guard > 4 * n + 10:
                break
        self._finish()
        return [f for f in self.forms if not f.is_empty]

    def _finish(self) -> None:
        s = self.s
        f = s.form
        f.text = "".join(s.keys)
        if not f.is_empty:
            if not f.money:
                f.missing.append("资金情况 (年初预算数/全年预算数/全年执行数)")
            if not s.saw_ind_header:
                f.missing.append("绩效指标表表头 (一级/二级/三级指标…)")
            elif not f.indicators:
                f.missing.append("绩效指标行")
            if not s.saw_total:
                f.missing.append("总分")
            cut = [r for r in f.indicators if r.cut_off]
            for r in cut:
                f.missing.append(f"第{r.index}个指标“{r.label}”的部分单元格 (表格在此截断)")
            self.forms.append(f)

    def _start_new_form_if_needed(self) -> None:
        f = self.s.form
        if f.indicators or f.money:
            self._finish()
            self.s = self._new_state(len(self.forms) + 1)

    def _peek(self, j: int) -> Token | None:
        return self.t[j] if 0 <= j < len(self.t) else None

    def _next_filled(self, j: int, limit: int = 4) -> int | None:
        for k in range(j, min(len(self.t), j + limit)):
            if not self.t[k].empty:
                return k
        return None

    def _step(self) -> None:
        tok = self.t[self.i]
        s = self.s
        key = tok.key
        if key:
            s.keys.append(key)
        if tok.empty:
            self.i += 1
            return
        bare = _bare(key)
        f = s.form
        # title, year, head labels
        if "自评表" in key and len(key) <= 60:
            self._start_new_form_if_needed()
            self.s.form.title = tok.text.strip()
            self.s.form.where = tok.source
            self._year(key)
            self.s.keys.append(key)
            self.i += 1
            return
        if f.year is None and _YEAR.search(key) and len(key) <= 20:
            self._year(key)
        if bare in _HEAD_LABELS or key in _HEAD_LABELS:
            attr = _HEAD_LABELS.get(key) or _HEAD_LABELS[bare]
            if attr == "project" and (f.indicators or f.money):
                self._start_new_form_if_needed()
            j = self._next_filled(self.i + 1)
            if j is not None and not self.v.is_label(self.t[j].key):
                setattr(self.s.form, attr, self.t[j].text.strip())
                if self.s.form.where is None:
                    self.s.form.where = tok.source
                self.s.keys.append(self.t[j].key)
                self.i = j + 1
                return
            self.i += 1
            return
        if "万元" in key and ("资金" in key or "预算" in key):
            f.money_unit = "万元"
        elif "(元)" in key and "资金" in key:
            f.money_unit = "元"
        # money block
        if bare in _MONEY_ONLY and not (bare == "预算数" and s.money_cols and s.ind_cols):
            self._money_header()
            return
        fund = self.v.fund(key)
        if fund is not None and s.money_cols and not self._in_indicator_rows():
            self._money_row(tok, fund)
            return
        if fund is not None and not s.money_cols and fund[1] and not s.saw_ind_header:
            # a money row without a header we could read: keep its label, values in order
            self._money_row(tok, fund)
            return
        # goal
        if bare in _GOAL_LABELS or key in _GOAL_LABELS:
            self._goal()
            return
        # points printed in section headings
        if bare in _SECTIONS or _bare(key.rstrip("0123456789.")) in _SECTIONS or (
            key.startswith("年度绩效目标")
        ):
            self._section_points(key)
            self.i += 1
            return
        # indicator header
        if bare in _IND_START or (bare in _IND_HEADER and not s.saw_ind_header and s.money_cols
                                  and bare in {"年度指标值", "实际完成值", "年初目标值"}):
            self._indicator_header()
            return
        # total, grade, terminators
        if bare in _TOTAL_LABELS or key.startswith("总分"):
            self._total(tok)
            return
        if bare in _GRADE_LABELS or any(key.startswith(g + ":") for g in _GRADE_LABELS):
            self._grade(tok)
            return
        if bare in _TERMINATORS or key.startswith(("注:", "备注:")) or key == "注":
            s.level1 = s.level2 = None
            s.ind_cols = [] if s.saw_total else s.ind_cols
            self.i += 1
            if key.startswith(("注:", "备注:")) or key == "注":
                self._skip_notes()
            return
        # indicator rows
        if s.ind_cols:
            self._indicator_row()
            return
        self.i += 1

    def _skip_notes(self) -> None:
        """Notes under the table (注: 1. 一级指标分值统一设置为…) are not rows."""
        while self.i < len(self.t):
            tok = self.t[self.i]
            key = tok.key
            if "自评表" in key or _bare(key) in _HEAD_LABELS:
                return
            self.s.keys.append(key)
            self.i += 1

    def _in_indicator_rows(self) -> bool:
        return bool(self.s.ind_cols) and bool(self.s.form.indicators)

    def _year(self, key: str) -> None:
        m = _YEAR.search(key)
        if m and self.s.form.year is None:
            self.s.form.year = int(m.group(1))

    def _section_points(self, key: str) -> None:
        m = _POINTS.search(key)
        if not m:
            return
        pts = Decimal(m.group(1))
        f = self.s.form
        if key.startswith("绩效指标") or key.startswith("年度绩效指标"):
            f.indicator_points = pts
        elif "执行" in key or "资金" in key:
            f.execution_points = pts
        f.labels.append(key)

    # ---- money ---------------------------------------------------------------------------

    def _money_header(self) -> None:
        s = self.s
        cols: list[tuple[str, int | None]] = []
        j = self.i
        while j < len(self.t):
            tok = self.t[j]
            key = tok.key
            bare = _bare(key)
            if tok.empty:
                j += 1
                continue
            kind = _MONEY_ONLY.get(bare) or (_MONEY_SHARED.get(bare) if cols else None)
            if kind is None and cols and bare.startswith("得分"):
                kind = "score"
            if kind is None:
                if bare in _SECTIONS or "万元" in key:
                    j += 1
                    continue
                break
            if kind not in (k for k, _ in cols):
                cols.append((kind, tok.col))
                s.form.labels.append(key)
            m = _POINTS.search(key)
            if m and kind in ("score", "points", "rate"):
                s.form.execution_points = Decimal(m.group(1))
            elif kind == "score" and re.search(r"(\d+)分\*执行率", key):
                hit = re.search(r"(\d+)分\*执行率", key)
                if hit:
                    s.form.execution_points = Decimal(hit.group(1))
            s.keys.append(key)
            j += 1
        s.money_cols = cols
        s.form.money_columns = [k for k, _ in cols]
        self.i = j

    def _money_row(self, label: Token, fund: tuple[str, bool]) -> None:
        s = self.s
        row = MoneyRow(label.text.strip(), fund[0], fund[1], where=label.source)
        cols = s.money_cols or [
            ("initial", None), ("adjusted", None), ("spent", None),
            ("points", None), ("rate", None), ("score", None),
        ]  # fmt: skip
        vals: list[Token] = []
        j = self.i + 1
        same_row = label.row
        has_reason = any(k == "reason" for k, _ in cols)
        while j < len(self.t) and len(vals) < len(cols):
            tok = self.t[j]
            if same_row is not None and tok.row != same_row:
                break
            c = _cls(tok)
            if c == "text":
                if self.v.is_label(tok.key) or self.v.fund(tok.key) is not None:
                    break
                if not (has_reason and (tok.positional or same_row is not None)):
                    break
                if "自评表" in tok.key:
                    break
            if c == "empty" and not tok.positional:
                j += 1
                continue
            vals.append(tok)
            j += 1
        if same_row is not None:
            while j < len(self.t) and self.t[j].row == same_row:
                j += 1
        self.i = j
        assigned = _assign_money(vals, cols, label.positional or same_row is not None)
        row.glued = label.glued or any(v.glued for v in vals)
        row.complete = len(assigned) >= len(cols) or label.positional or same_row is not None
        for kind, tok in assigned.items():
            text = tok.text.strip()
            setattr(row, kind, text or None)
            row.cells[kind] = tok.source
            s.keys.append(tok.key)
        s.form.money.append(row)

    # ---- goal ----------------------------------------------------------------------------

    def _goal(self) -> None:
        j = self.i + 1
        found: list[Token] = []
        sub_cols: dict[int, str] = {}  # grid column of 预期目标 / 实际完成情况
        sub_rows: set[int] = set()
        while j < len(self.t) and len(found) < 2:
            tok = self.t[j]
            key = tok.key
            if tok.empty:
                j += 1
                continue
            bare = _bare(key)
            if bare in _GOAL_SUB or key in _GOAL_SUB:
                if tok.row is not None and tok.col is not None:
                    sub_cols[tok.col] = "goal" if bare in _GOAL_EXPECTED else "outcome"
                    sub_rows.add(tok.row)
                j += 1
                continue
            if found and len(sub_cols) == 2 and len(sub_rows) == 1 and tok.row != found[0].row:
                break  # side-by-side headings: the texts are the one row below them
            if self.v.is_label(key) or _bare(key) in _IND_START or "自评表" in key:
                break
            found.append(tok)
            self.s.keys.append(key)
            j += 1
        texts = [t.text.strip() for t in found]
        placed = [sub_cols.get(t.col) if t.col is not None else None for t in found]
        if len(set(sub_cols.values())) == 2 and all(placed) and len(set(placed)) == len(placed):
            # a grid: each text under its heading (an empty 预期目标 leaves only the outcome)
            for kind, text in zip(placed, texts, strict=True):
                setattr(self.s.form, kind or "goal", text)
        else:
            if texts:
                self.s.form.goal = texts[0]
            if len(texts) > 1:
                self.s.form.outcome = texts[1]
        self.i = j

    # ---- indicators ----------------------------------------------------------------------

    def _indicator_header(self) -> None:
        s = self.s
        cols: list[tuple[str, int | None]] = []
        j = self.i
        seen_level3 = False
        while j < len(self.t):
            tok = self.t[j]
            key = tok.key
            if tok.empty:
                j += 1
                continue
            bare = _bare(key)
            kind = _IND_HEADER.get(bare) or _IND_HEADER.get(key)
            if kind is None and (bare.startswith("偏差原因") or bare.startswith("未完成原因")):
                kind = "reason"
            if kind is None and bare.startswith("得分"):
                kind = "score"
            if kind is None:
                if bare in _SECTIONS:
                    j += 1
                    continue
                break
            s.form.labels.append(key)
            s.keys.append(key)
            if kind == "level3":
                seen_level3 = True
            if kind not in (k for k, _ in cols):
                cols.append((kind, tok.col))
            j += 1
        kinds = [k for k, _ in cols]
        if "comparator" in kinds:
            cols = [("value" if k == "target" else k, c) for k, c in cols]
        body = [(k, c) for k, c in cols if k not in ("level1", "level2", "level3")]
        s.form.indicator_columns = [k for k, _ in cols]
        s.ind_cols = body or [
            ("target", None), ("actual", None), ("weight", None), ("score", None),
            ("reason", None),
        ]  # fmt: skip
        s.header_cols = cols
        s.saw_ind_header = True
        if not seen_level3 and "target" not in kinds and "value" not in kinds:
            s.form.notes.append(
                "绩效指标表表头不完整, 按常见列序 (年度指标值/实际完成值/分值/得分) 读取"
            )
        self.i = j

    def _hard_stop(self, tok: Token) -> bool:
        key = tok.key
        if not key:
            return False
        bare = _bare(key)
        if _ROW_STARTER.match(key):
            return True
        if bare in _TOTAL_LABELS or key.startswith("总分") or bare in _TERMINATORS:
            return True
        if key.startswith(("注:", "备注:")) or "自评表" in key:
            return True
        if bare in _GRADE_LABELS or bare in _MONEY_ONLY or bare in _IND_START:
            return True
        if bare in _SECTIONS or bare in _GOAL_LABELS or bare in _HEAD_LABELS:
            return True
        if self.v.fund(key) is not None and _cls(tok) == "text" and len(key) <= 10:
            return True
        return self.v.level(key, self.s.level1) is not None

    def _grid_row(self, tok: Token) -> bool:
        """A row of a grid (or tab/pipe line) read by the columns of the header above it."""
        s = self.s
        col_kind = {c: k for k, c in s.header_cols if c is not None}
        j = self.i
        cells: list[Token] = []
        while j < len(self.t) and self.t[j].row == tok.row:
            cells.append(self.t[j])
            j += 1
        by_kind: dict[str, Token] = {}
        for c in cells:
            kind = col_kind.get(c.col) if c.col is not None else None
            if kind is not None and kind not in by_kind:
                by_kind[kind] = c
        if "level3" not in by_kind:
            return False
        self.i = j
        l1 = by_kind.pop("level1", None)
        if l1 is not None and not l1.empty:
            lv = self.v.level(l1.key, s.level1)
            if lv is not None and lv[0] == 1:
                if lv[1]:
                    s.level1 = lv[1]
                s.level2 = None
                if lv[2] is not None:
                    s.group_points = lv[2]
                    s.form.group_points[lv[1] or "?"] = lv[2]
            else:
                s.level1 = l1.text.strip()
                s.level2 = None
        l2 = by_kind.pop("level2", None)
        if l2 is not None and not l2.empty:
            s.level2 = l2.text.strip()
            if s.level1 is None:
                lv = self.v.level(l2.key, None)
                if lv is not None and lv[1]:
                    s.level1 = lv[1]
        name_tok = by_kind.pop("level3")
        filled = {k: v.text.strip() for k, v in by_kind.items() if v.text.strip()}
        name = name_tok.text.strip()
        if not name and not any(not is_blank(v) for v in filled.values()):
            return True
        if _is_placeholder_row(name, filled):
            return True
        for c in cells:
            s.keys.append(c.key)
        cut = j >= len(self.t) and not filled.get("score")
        refs = {k: v.source for k, v in by_kind.items()}
        refs["level3"] = name_tok.source
        self._add_row(
            name or f"第{len(s.form.indicators) + 1}个指标",
            filled,
            name_tok,
            cut,
            any(c.glued for c in cells),
            refs,
        )
        return True

    def _add_row(
        self,
        name: str,
        filled: dict[str, str],
        tok: Token,
        cut_off: bool,
        glued: bool,
        refs: dict[str, SourceRef] | None = None,
    ) -> None:
        s = self.s
        row = IndicatorRow(
            index=len(s.form.indicators) + 1,
            level1=s.level1,
            level2=s.level2,
            level3=name,
            target=filled.get("target"),
            actual=filled.get("actual"),
            weight=filled.get("weight"),
            score=filled.get("score"),
            explanation=filled.get("reason"),
            comparator=filled.get("comparator"),
            value=filled.get("value"),
            unit=filled.get("unit"),
            group_points=s.form.group_points.get(s.level1 or "", s.group_points),
            where=tok.source,
            cut_off=cut_off,
            glued=glued,
            rule=filled.get("rule"),
            cells=refs or {},
        )
        if row.comparator is not None or row.value is not None:
            row.target = "".join(p for p in (row.comparator, row.value, row.unit) if p) or None
        s.form.indicators.append(row)

    def _indicator_row(self) -> None:
        s = self.s
        tok = self.t[self.i]
        key = tok.key
        has_cols = any(c is not None for _, c in s.header_cols)
        if tok.row is not None and has_cols and self._grid_row(tok):
            return
        lvl = self.v.level(key, s.level1)
        if lvl is not None and _cls(tok) == "text":
            which, l1name, pts = lvl
            if which == 1:
                if l1name:
                    s.level1 = l1name
                s.level2 = None
                if pts is not None:
                    s.group_points = pts
                    if l1name:
                        s.form.group_points[l1name] = pts
                    else:
                        s.form.group_points.setdefault("?", pts)
                elif l1name and l1name not in s.form.group_points:
                    s.group_points = None
            else:
                if l1name and l1name != s.level1:
                    s.level1 = l1name
                    pending = s.form.group_points.pop("?", None)
                    if pending is not None:
                        s.form.group_points[l1name] = pending
                        s.group_points = pending
                s.level2 = tok.text.strip()
            self.i += 1
            return
        if _bare(key) in _SECTIONS:
            self.i += 1
            return
        # a row: its name, then its cells
        cols = s.ind_cols
        header_cols = s.header_cols
        j = self.i + 1
        vals: list[Token] = []
        reason_tok: Token | None = None
        by_col = tok.row is not None and any(c is not None for _, c in header_cols)
        if tok.row is not None:
            while j < len(self.t) and self.t[j].row == tok.row:
                vals.append(self.t[j])
                j += 1
        elif tok.positional:
            while j < len(self.t) and len(vals) < len(cols):
                u = self.t[j]
                if not u.empty and self._hard_stop(u):
                    break
                vals.append(u)
                j += 1
        else:
            core = [k for k, _ in cols if k != "reason"]
            while j < len(self.t):
                u = self.t[j]
                if u.empty:
                    j += 1
                    continue
                if self._hard_stop(u):
                    break
                c = _cls(u)
                if len(vals) >= len(core):
                    if "reason" in (k for k, _ in cols) and c == "text" and _reason_like(u):
                        reason_tok = u
                        j += 1
                    break
                if c == "text" and len(vals) >= 2 and all(
                    _cls(x) in ("number", "blank") for x in vals[-2:]
                ) and _numeric_tail(core):
                    if "reason" in (k for k, _ in cols) and _reason_like(u):
                        reason_tok = u
                        j += 1
                    break
                vals.append(u)
                j += 1
        self.i = j
        name = tok.text.strip()
        if by_col:
            cells = _by_column(tok, vals, header_cols)
        else:
            cells = _assign_row(vals, cols, tok.positional or tok.row is not None,
                                s.group_points)
        if reason_tok is not None:
            cells["reason"] = reason_tok
        filled = {k: v.text.strip() for k, v in cells.items() if v is not None and v.text.strip()}
        level3 = filled.pop("level3", None) or name
        if by_col and "level1" in filled:
            lv = self.v.level(_key(filled["level1"]), s.level1)
            if lv is not None and lv[1]:
                s.level1 = lv[1]
        if by_col and "level2" in filled:
            s.level2 = filled["level2"]
        filled.pop("level1", None)
        filled.pop("level2", None)
        if _is_placeholder_row(level3, filled):
            return
        for v in cells.values():
            if v is not None:
                s.keys.append(v.key)
        core_n = len([k for k, _ in cols if k != "reason"])
        got = len([v for v in vals if not v.empty])
        cut_off = self.i >= len(self.t) and got < core_n and not filled.get("score")
        refs = {k: v.source for k, v in cells.items() if v is not None}
        refs.setdefault("level3", tok.source)
        self._add_row(level3, filled, tok, cut_off, tok.glued or any(v.glued for v in vals), refs)

    # ---- total and grade -----------------------------------------------------------------

    def _total(self, tok: Token) -> None:
        s = self.s
        key = tok.key
        glued = key[2:] if key.startswith("总分") else ""
        vals: list[Token] = []
        j = self.i + 1
        if glued and _NUMBER.match(glued.lstrip(":")):
            vals.append(Token(glued.lstrip(":"), tok.source))
        while j < len(self.t) and len([v for v in vals if not v.empty]) < 3:
            u = self.t[j]
            if tok.row is not None and u.row != tok.row:
                break
            c = _cls(u)
            if c == "text" or c == "percent":
                break
            if c == "empty" and not u.positional:
                j += 1
                continue
            vals.append(u)
            j += 1
        self.i = j
        nums = [v for v in vals if _cls(v) == "number"]
        if not s.form.indicators and not s.form.money and not nums:
            return  # a heading "总分:" above the form
        cols = {k: c for k, c in s.header_cols if c is not None}
        if tok.row is not None and "score" in cols:
            row = [u for u in self.t if u.row == tok.row]
            s.saw_total = True
            s.ind_cols = []
            s.level1 = s.level2 = None
            for u in row:
                if u.col == cols.get("weight") and _cls(u) == "number":
                    s.form.total_points = u.text.strip()
                if u.col == cols["score"] and not u.empty:
                    s.form.total = u.text.strip()
            while self.i < len(self.t) and self.t[self.i].row == tok.row:
                self.i += 1
            return
        s.saw_total = True
        s.ind_cols = []
        s.level1 = s.level2 = None
        if not nums:
            return
        filled = [v for v in vals if not v.empty]
        if len(nums) >= 2:
            s.form.total_points = nums[0].text.strip()
            s.form.total = nums[-1].text.strip()
        elif (tok.positional or tok.row is not None) and vals and vals[0] is nums[0] and (
            len(vals) > 1 and all(v.empty or _cls(v) == "blank" for v in vals[1:])
        ) and _bare(key) != "总分":
            s.form.total_points = nums[0].text.strip()
        elif filled and filled[0] is nums[0]:
            s.form.total = nums[0].text.strip()
        for v in vals:
            s.keys.append(v.key)

    def _grade(self, tok: Token) -> None:
        key = tok.key
        for g in _GRADE_LABELS:
            if key.startswith(g + ":") and key[len(g) + 1 :] in _GRADES:
                self.s.form.grade = key[len(g) + 1 :]
                self.i += 1
                return
        j = self._next_filled(self.i + 1)
        if j is not None and self.t[j].key in _GRADES:
            self.s.form.grade = self.t[j].text.strip()
            self.i = j + 1
            return
        self.i += 1


# --------------------------------------------------------------------------------------------
# Matching cells to columns
# --------------------------------------------------------------------------------------------


def _reason_like(tok: Token) -> bool:
    t = tok.text.strip()
    if any(p in t for p in "。；;，,"):
        return True
    return t.startswith(_REASON_START) and len(t) >= 4


def _numeric_tail(core: Sequence[str]) -> bool:
    """Whether the last two core columns take numbers only (分值, 得分)."""
    return len(core) >= 2 and core[-1] in ("weight", "score") and core[-2] in ("weight", "score")


def _is_placeholder_row(name: str, filled: dict[str, str]) -> bool:
    """Template rows left as printed (指标2, ……) and rows with nothing in them."""
    values = [v for k, v in filled.items() if not is_blank(v)]
    key = normalize(name)
    if not values and ((_ROW_STARTER.match(key) and len(key) <= 4) or key in BLANKS):
        return True
    return bool(not values and re.fullmatch(r"指标\d+[:]?[/]?", key))


def _assign_money(
    vals: list[Token], cols: list[tuple[str, int | None]], positional: bool
) -> dict[str, Token]:
    kinds = [k for k, _ in cols]
    if positional or len(vals) >= len(kinds):
        return dict(zip(kinds, vals, strict=False))
    out: dict[str, Token] = {}
    rest = list(vals)
    if "rate" in kinds:
        for v in rest:
            if _cls(v) == "percent":
                out["rate"] = v
                rest.remove(v)
                break
    money = [k for k in kinds if k in ("initial", "adjusted", "spent")]
    for k in money:
        if rest:
            out[k] = rest.pop(0)
    others = [k for k in kinds if k not in money and k not in out]
    if len(rest) < len(others) and "rate" in others:
        others.remove("rate")
    for k, v in zip(others, rest, strict=False):
        out[k] = v
    return out


def _by_column(
    name: Token, vals: list[Token], header: list[tuple[str, int | None]]
) -> dict[str, Token | None]:
    """Cells of a grid row by the column of the header label above them."""
    col_kind = {c: k for k, c in header if c is not None}
    out: dict[str, Token | None] = {}
    for tok in (name, *vals):
        kind = col_kind.get(tok.col) if tok.col is not None else None
        if kind is not None and kind not in out:
            out[kind] = tok
    if "level3" not in out and name.col not in col_kind:
        out["level3"] = name
    return out


_TEXT_OK = {"target", "actual", "reason", "value", "comparator", "unit"}


def _fit(tok: Token, kind: str, cap: Decimal | None) -> float | None:
    """How well a cell fits a column (None: it cannot be in that column)."""
    c = _cls(tok)
    key = tok.key
    if kind in ("weight", "score"):
        if c == "number":
            value = number(tok.text)
            if value is None or value < 0 or (cap is not None and value > cap):
                return None
            return 2.0
        if c in ("blank", "empty"):
            return 0.2
        return None
    if kind == "comparator":
        return 2.0 if key in _COMPARATORS else (0.2 if c in ("blank", "empty") else None)
    if kind == "unit":
        if c == "text" and len(key) <= 5 and not any(ch.isdigit() for ch in key):
            return 1.5
        return 0.2 if c in ("blank", "empty") else None
    if kind == "value":
        return 2.0 if c in ("number", "percent") else (0.2 if c in ("blank", "empty") else 0.5)
    if kind == "target":
        if c == "percent" or key[:1] in "≥≤=<>":
            return 1.5
        return 1.0
    if kind == "actual":
        if "达成" in key or "完成" in key:
            return 1.5
        return 1.0
    if kind == "reason":
        if c == "text" and _reason_like(tok):
            return 1.5
        return 0.1 if c != "text" else 0.8
    return 0.5


def _assign_row(
    vals: list[Token],
    cols: list[tuple[str, int | None]],
    positional: bool,
    cap: Decimal | None,
) -> dict[str, Token | None]:
    """Cells to columns: in order when empty cells were kept, else the best order-keeping fit."""
    kinds = [k for k, _ in cols]
    if positional:
        return dict(zip(kinds, vals, strict=False))
    vals = [v for v in vals if not v.empty]
    core = [k for k in kinds if k != "reason"]
    if len(vals) == len(core):
        return dict(zip(core, vals, strict=False))
    if len(vals) > len(kinds):
        vals = vals[: len(kinds)]
    if len(vals) == len(kinds):
        return dict(zip(kinds, vals, strict=False))
    best: tuple[float, tuple[int, ...]] | None = None
    for combo in itertools.combinations(range(len(kinds)), len(vals)):
        total = 0.0
        ok = True
        for v, ci in zip(vals, combo, strict=True):
            f = _fit(v, kinds[ci], cap)
            if f is None:
                ok = False
                break
            total += f
        if not ok:
            continue
        chosen = {kinds[ci]: v for v, ci in zip(vals, combo, strict=True)}
        w, sc = chosen.get("weight"), chosen.get("score")
        if w is not None and sc is not None:
            wv, sv = number(w.text), number(sc.text)
            if wv is not None and sv is not None:
                total += 1.0 if sv <= wv else -2.0
        if "reason" in chosen and kinds.index("reason") < len(kinds) - 1:
            total -= 0.5
        if best is None or total > best[0] + 1e-9:
            best = (total, combo)
    if best is None:
        return dict(zip(kinds, vals, strict=False))
    return {kinds[ci]: v for v, ci in zip(vals, best[1], strict=True)}


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def _profile(profile: RuleProfile | str | Path | None) -> RuleProfile:
    return profile if isinstance(profile, RuleProfile) else load_profile(profile)


def read_forms_tokens(
    tokens: list[Token], file: str | None = None, profile: RuleProfile | str | None = None
) -> list[PublishedForm]:
    """The forms in a stream of cells (see :func:`tokens_from_text`, :func:`tokens_from_grids`)."""
    vocab = _Vocab(_profile(profile))
    forms = _Parser(_join_split_labels(tokens, vocab), vocab, file).run()
    if any(f.indicators for f in forms):
        return forms
    # nothing found: perhaps a copy that lost its cell separators; cut long cells at labels
    unglued = _unglue(tokens, vocab)
    if unglued is tokens:
        return forms
    again = _Parser(_join_split_labels(unglued, vocab), vocab, file).run()
    found = sum(len(f.indicators) for f in again)
    return again if found else forms


def read_forms_text(
    text: str, file: str | None = None, profile: RuleProfile | str | None = None
) -> list[PublishedForm]:
    """The published self-evaluation forms in a text (a page or PDF copied as text)."""
    return read_forms_tokens(tokens_from_text(text, file), file, profile)


def read_forms_document(
    document: Document, file: str | None = None, profile: RuleProfile | str | None = None
) -> list[PublishedForm]:
    """The forms in a document read by :func:`jixiao.ingest.files.read_document`: its tables
    as grids, the text around them (titles, year) as text, in reading order."""
    tokens: list[Token] = []
    pending: list[Grid] = []
    for block in document.blocks:
        if isinstance(block, TextBlock):
            if pending:
                tokens.extend(tokens_from_grids(pending))
                pending = []
            if block.text.strip():
                found = tokens_from_text(block.text, file)
                tokens.extend(_relocate(t, block.source) for t in found)
        else:
            pending.append(block)
    if pending:
        tokens.extend(tokens_from_grids(pending))
    return read_forms_tokens(tokens, file, profile)


def _relocate(tok: Token, where: SourceRef) -> Token:
    return Token(tok.text, where, tok.positional, tok.row, tok.col, tok.line_start, tok.glued)


def read_forms(
    path: str | Path, profile: RuleProfile | str | None = None
) -> list[PublishedForm]:
    """The published self-evaluation forms in a file of any kind the ingesters read.

    Raises :class:`~jixiao.domain.errors.InputError` only when the file itself cannot be
    read (missing, damaged, too large); a form that is incomplete is returned with its
    ``missing`` list.
    """
    from jixiao.ingest.files import read_document
    from jixiao.ingest.sniff import FileKind

    rp = _profile(profile)
    p = Path(path)
    sniffed, document = read_document(p, profile=rp)
    if sniffed.kind is FileKind.TEXT:
        return read_forms_text(document.texts[0].text, p.name, rp)
    return read_forms_document(document, p.name, rp)
