"""Word reader (.docx): tables with merged cells, and the paragraphs around them.

读取 Word 文档: 按文档顺序读出段落和表格。表格的合并单元格按 Word 的记录还原
(横向合并 ``gridSpan``, 纵向合并 ``vMerge``), 每个单元格只出现一次 (python-docx 的
``row.cells`` 会把合并单元格重复列出, 这里直接读表格结构, 不会重复)。

Paragraphs become text blocks whose ``line`` is the paragraph's number in the document
(第N段), for the text ingester's department-level parsing (总体目标, 分项目标, 保障措施).
A table cell's paragraphs are one cell text (joined like wrapped lines); a table nested in
a cell contributes its text to that cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jixiao.domain.errors import InputError
from jixiao.domain.model import SourceRef
from jixiao.domain.text import fix_radicals
from jixiao.ingest.grid import Block, Document, Grid, GridCell, TextBlock, clean_cell_text
from jixiao.ingest.limits import IngestLimits, check_sheet_size, check_zip, default_limits

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    f"{_W}p",
    f"{_W}tbl",
    f"{_W}tr",
    f"{_W}tc",
    f"{_W}sdt",
    f"{_W}sdtContent",
)
_T, _TAB, _BR, _CR = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_VAL = f"{_W}val"
# Word itself allows 63 columns; a span beyond this is damage (as in the HTML reader)
_MAX_SPAN = 1000


def read_docx(
    path: str | Path, *, name: str | None = None, limits: IngestLimits | None = None
) -> Document:
    """Paragraphs and tables of a .docx file in document order.

    The ZIP container is inspected first (:func:`jixiao.ingest.limits.check_zip`): a zip
    bomb is refused before python-docx inflates anything.
    """
    p = Path(path)
    file_name = name or p.name
    lim = limits or default_limits()
    check_zip(p, lim, SourceRef(file=file_name), "Word 文档")
    body = _open_body(p, file_name)
    blocks: list[Block] = []
    counters = {"paragraph": 0, "table": 0}
    try:
        _walk(body, blocks, counters, file_name, lim)
    except (ValueError, TypeError, AttributeError) as exc:
        raise InputError(f"Word 文档结构异常, 无法读取: {exc}", SourceRef(file=file_name)) from exc
    if not blocks:
        raise InputError("Word 文档中没有任何文字或表格", SourceRef(file=file_name))
    return Document(blocks)


def _open_body(p: Path, file_name: str) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(p))
        return document.element.body
    except PackageNotFoundError as exc:
        raise InputError("不是有效的 Word 文档 (.docx)", SourceRef(file=file_name)) from exc
    except Exception as exc:  # zipfile, lxml and KeyError for damaged packages
        raise InputError(
            f"Word 文档已损坏, 无法打开 ({type(exc).__name__}: {str(exc)[:120]})",
            SourceRef(file=file_name),
        ) from exc


def _walk(
    parent: Any,
    blocks: list[Block],
    counters: dict[str, int],
    file_name: str,
    limits: IngestLimits,
) -> None:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _P:
            counters["paragraph"] += 1
            text = fix_radicals(_paragraph_text(child)).strip()
            if text:
                blocks.append(
                    TextBlock(text, SourceRef(file=file_name, line=counters["paragraph"]))
                )
        elif tag == _TBL:
            counters["table"] += 1
            grid = _table(child, counters["table"], file_name, limits)
            if grid is not None:
                blocks.append(grid)
        elif tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                _walk(content, blocks, counters, file_name, limits)


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _TAB:
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    lines: list[str] = []
    for child in tc.iterchildren():
        if child.tag == _P:
            lines.append(_paragraph_text(child))
        elif child.tag == _TBL:  # a nested table: its text, row by row
            for tr in child.iter(_TR):
                cells = [_cell_text(inner) for inner in tr.iterchildren(_TC)]
                lines.append(" ".join(c for c in cells if c))
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                lines.append(_cell_text(content))
    return clean_cell_text("\n".join(lines))


def _int_attr(el: Any, path: str, default: int) -> int:
    """A span attribute (gridSpan, gridBefore): at least 1, at most :data:`_MAX_SPAN`."""
    found = el.find(path)
    if found is None:
        return default
    try:
        return min(max(1, int(found.get(_VAL, default))), _MAX_SPAN)
    except (TypeError, ValueError):
        return default


def _table(tbl: Any, number: int, file_name: str, limits: IngestLimits) -> Grid | None:
    """One Word table as a grid; vertical merges become row spans, never repeated cells."""
    origins: list[list[GridCell | None]] = []
    # per column: (row index, origin) of the last vertical-merge origin seen
    open_merge: dict[int, tuple[int, int]] = {}
    spans: dict[tuple[int, int], list[int]] = {}  # (row, col) → [rowspan, colspan]
    texts: dict[tuple[int, int], str] = {}
    width = 0
    rows = [tr for tr in tbl.iterchildren(_TR)]
    for r, tr in enumerate(rows):
        col = (
            _int_attr(tr, f"{_W}trPr/{_W}gridBefore", 0) if tr.find(f"{_W}trPr") is not None else 0
        )
        for tc in tr.iterchildren(_TC):
            tc_pr = tc.find(f"{_W}tcPr")
            colspan = _int_attr(tc_pr, f"{_W}gridSpan", 1) if tc_pr is not None else 1
            v_merge = tc_pr.find(f"{_W}vMerge") if tc_pr is not None else None
            continues = v_merge is not None and v_merge.get(_VAL, "continue") == "continue"
            if continues and col in open_merge:
                origin = open_merge[col]
                spans[origin][0] = r - origin[0] + 1
                extra = _cell_text(tc)
                if extra:  # text typed into a merged-away cell: keep it with the origin
                    texts[origin] = clean_cell_text(texts[origin] + "\n" + extra)
            else:
                spans[(r, col)] = [1, colspan]
                texts[(r, col)] = _cell_text(tc)
                for k in range(col, col + colspan):
                    open_merge.pop(k, None)
                if v_merge is not None:
                    open_merge[col] = (r, col)
            col += colspan
        width = max(width, col)
    if not spans:
        return None
    check_sheet_size(len(rows), width, limits, SourceRef(file=file_name, table=number), "Word 表格")
    for _ in rows:
        origins.append([None] * width)
    for (r, c), (rowspan, colspan) in spans.items():
        src = SourceRef(file=file_name, table=number, row=r + 1, column=c + 1)
        origins[r][c] = GridCell(texts[(r, c)], src, rowspan, colspan)
    return Grid(origins, SourceRef(file=file_name, table=number))
