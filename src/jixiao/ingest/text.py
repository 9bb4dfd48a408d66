"""Reading the text of a published performance document (文本绩效目标的解析).

:func:`parse_text` turns text extracted from a PDF, a Word file or a web page into a
:class:`~jixiao.domain.model.Plan`:

1. lines are numbered and CJK radicals repaired (⽬ → 目); page numbers (``— 1 —``,
   ``第1页 共3页``) and web-site furniture (当前位置, 发布时间, 打印本页 …) go to the
   leftovers with their reason;
2. the plan year is taken from what the document states (``2023年度``, ``2023年部门预算``)
   or, failing that, from its time targets (``2023年底``);
3. department prose (总体绩效目标, 分项绩效目标, 保障措施) is read by
   :mod:`jixiao.ingest.department`;
4. the remaining lines are split into cells by :mod:`jixiao.ingest.layout` and assembled
   into projects and indicators by :mod:`jixiao.ingest.assemble`.

Every non-empty line ends up placed (``source`` line numbers on what it became, and
:attr:`TextIngest.placements`) or in ``Plan.leftovers`` with its line number and a reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.domain.errors import InputError
from jixiao.domain.model import Leftover, Plan, SourceRef
from jixiao.domain.profile import RuleProfile
from jixiao.ingest.assemble import Placement, assemble, infer_year
from jixiao.ingest.cells import CellTyper, normalize
from jixiao.ingest.department import HEADING, ITEM, parse_department
from jixiao.ingest.layout import (
    LayoutMode,
    LineSplitter,
    TextLine,
    detect_mode,
    rows_from_lines,
    split_lines,
    uses_wide_gaps,
)
from jixiao.ingest.tabular import detect_encoding
from jixiao.ingest.vocab import Vocabulary, default_profile, vocabulary

__all__ = ["TEXT_SUFFIXES", "TextIngest", "ingest_text", "parse_file", "parse_text", "read_text"]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})

_FOOTER = re.compile(
    r"^(?:[-—–－―_~～\s]*\d{1,4}[-—–－―_~～\s]*"
    r"|[-—–－―\s]*第\s*\d{1,4}\s*页\s*(?:[,，/、]?\s*共\s*\d{1,4}\s*页)?[-—–－―\s]*"
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)
_SITE = re.compile(
    r"版权所有|主办单位|承办单位|网站标识码|ICP备|公网安备|网站地图|联系我们|扫一扫|打印本页|"
    r"关闭窗口|【打印】|【关闭】|字体[:：]?\s*[【\[]?大|字号[:：]|浏览次数|访问量|^发布时间|"
    r"^发布日期|^信息来源|^来源[:：]|责任编辑|分享到|当前位置|当前的位置|您的位置|您现在的位置|^首页\s*[>＞»]|返回顶部|无障碍|"
    r"^索引号|^发文机关|^主题分类|^成文日期|^发布机构|^时效性|上一篇|下一篇|相关链接|"
    r"附件下载|技术支持|视力保护色|^【?字体|大\s*中\s*小|^-\s*(?:索引号|发布机构|文号|发布日期|时效性)|"
    r"^文号[:：]|^作者[:：]|^点击[:：]|^阅读[:：]|保存本页|收藏本页|^TOP$|^\[?打印\]?$|"
    r"全文预览已结束|下载本文档|版权说明"
)


@dataclass(slots=True)
class TextIngest:
    """The plan read from a text, where each line went, and the layout that was found."""

    plan: Plan
    placements: list[Placement] = field(default_factory=list)
    mode: LayoutMode = LayoutMode.LINES


def page_furniture(text: str) -> str | None:
    """Why a line is page furniture rather than content (``None`` if it is content)."""
    s = text.strip()
    if not s or len(s) > 120:
        return None
    if (_FOOTER.match(s) and any(c in s for c in "-—–－―_~～页/")) or (
        _FOOTER.match(s) and ("page" in s.lower())
    ):
        return "页码 (页眉/页脚)"
    if _SITE.search(s):
        return "网页栏目或页面信息"
    return None


def _table_start(lines: Sequence[TextLine], i: int, vocab: Vocabulary) -> bool:
    """Whether ``lines[i]`` starts a table: a title, a label, or a label broken over lines."""
    text = lines[i].text.strip()
    if not text:
        return False
    if vocab.title(text):
        return True
    if HEADING.match(text) or ITEM.match(text):
        return False  # a numbered heading or item of the prose
    first = re.split(r"[\s|｜]+", text, maxsplit=1)[0]
    if first and len(first) <= 16 and not first.endswith(("。", "；", ";")):
        label = vocab.field(first) or vocab.column(first)
        if label is not None and len(label.key) >= 4:
            return len(text) <= 60 or first != text
    if len(normalize(text)) > 6 or not vocab.is_prefix(text):
        return False
    joined = normalize(text)
    k = i + 1
    seen = 0
    while k < len(lines) and seen < 5:
        t = lines[k].text.strip()
        k += 1
        if not t:
            continue
        seen += 1
        tok = re.split(r"[\s|｜]+", t, maxsplit=1)[0]
        if len(normalize(tok)) > 8:
            return False
        joined += normalize(tok)
        if vocab.field(joined) or vocab.column(joined):
            return True
        if not vocab.is_prefix(joined):
            return False
    return False


def _ingest(text: str, *, source_name: str | None, profile: RuleProfile | None) -> TextIngest:
    prof = profile or default_profile()
    vocab = vocabulary(prof)
    typer = CellTyper.for_profile(prof)
    lines = split_lines(text)
    leftovers: list[Leftover] = []
    placements: list[Placement] = []
    content: list[TextLine] = []
    for ln in lines:
        if ln.blank:
            content.append(ln)
            continue
        reason = page_furniture(ln.text)
        if reason is not None:
            leftovers.append(
                Leftover(ln.text.strip(), SourceRef(file=source_name, line=ln.number), reason)
            )
            continue
        content.append(ln)
    year = infer_year(ln.text for ln in content if not ln.blank)
    dept = parse_department(
        content, file=source_name, table_start=lambda i: _table_start(content, i, vocab)
    )
    leftovers.extend(dept.leftovers)
    placements.extend(
        Placement(SourceRef(file=source_name, line=line), where) for line, where in dept.placements
    )
    table_lines = [ln for ln in content if ln.number not in dept.claimed]
    mode = detect_mode(table_lines)
    splitter = LineSplitter(vocab, typer, wide_gaps=uses_wide_gaps(table_lines))
    rows = rows_from_lines(table_lines, mode, splitter, source_name)
    stream = mode is not LayoutMode.LINES
    if not stream and rows:
        multi = sum(1 for r in rows if sum(1 for c in r.cells if c.text.strip()) > 1)
        stream = multi < 0.1 * len(rows)
    asm = assemble(rows, profile=prof, year=year, file=source_name, stream=stream)
    leftovers.extend(asm.leftovers)
    placements.extend(asm.placements)
    plan = Plan(
        year=asm.year if asm.year is not None else year,
        department=asm.department,
        unit=asm.unit,
        overall_goal=dept.overall_goal or asm.overall_goal,
        sub_goals=[*dept.sub_goals, *asm.sub_goals],
        measures=dept.measures,
        projects=asm.projects,
        leftovers=sorted(leftovers, key=lambda lo: (lo.source.line or 0) if lo.source else 0),
        source_file=source_name,
    )
    return TextIngest(plan=plan, placements=placements, mode=mode)


def ingest_text(
    text: str, *, source_name: str | None = None, profile: RuleProfile | None = None
) -> TextIngest:
    """Like :func:`parse_text`, with where each line went (for tracing and tests)."""
    try:
        return _ingest(text, source_name=source_name, profile=profile)
    except InputError:
        raise
    except RecursionError as exc:  # pragma: no cover - defensive: pathological input
        raise InputError("文本结构过于复杂, 无法解析", SourceRef(file=source_name)) from exc


def parse_text(
    text: str, *, source_name: str | None = None, profile: RuleProfile | None = None
) -> Plan:
    """The plan in the text of a published performance document (see module docstring)."""
    return ingest_text(text, source_name=source_name, profile=profile).plan


def read_text(data: bytes, name: str | None = None) -> str:
    """Decode a text file: UTF-8 (with or without BOM) or GB18030/GBK, detected."""
    enc = detect_encoding(data[: 1 << 16])
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        # the head decoded, a later part does not: try the other family before giving up
        for other in ("gb18030", "utf-8"):
            if other != enc:
                try:
                    return data.decode(other)
                except UnicodeDecodeError:
                    pass
        raise InputError(
            f"文件编码错误 ({enc}): 第 {exc.start} 字节无法解码", SourceRef(file=name)
        ) from exc


def parse_file(path: str | Path, profile: RuleProfile | None = None) -> Plan:
    """The plan in a file of any supported kind (text, PDF, Excel, Word, HTML), by content."""
    from jixiao.ingest.files import parse_document

    return parse_document(path, profile)
