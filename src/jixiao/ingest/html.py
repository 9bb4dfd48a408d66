"""Web page reader (.html): data tables with rowspan/colspan, and the text around them.

读取网页 (很多财政局/部门把绩效目标表以网页形式公开): 表格按 HTML 的行列合并规则
(rowspan/colspan) 还原成网格, 表格以外的文字按段落交给文本解析器。

- The encoding is taken from a byte-order mark or the page's ``<meta charset>``; without
  either, UTF-8 is tried and then GB18030 (a superset of the GB2312/GBK that government
  sites often use).
- Layout tables (a table holding other tables, or a single cell holding the whole page)
  are looked through: their content is read as if the table were not there.
- Scripts, styles and elements hidden with ``display:none`` are ignored.
- Text blocks carry the HTML source line (``line``) of their first element; table cells
  carry the table number, row and column.
- Inside text, a line break in the HTML source between two Chinese characters is dropped
  (as browsers render it); other white space collapses to one space.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from jixiao.domain.errors import InputError
from jixiao.domain.model import SourceRef
from jixiao.domain.text import fix_radicals
from jixiao.ingest.grid import Block, Document, Grid, GridCell, TextBlock, clean_cell_text
from jixiao.ingest.limits import IngestLimits, check_sheet_size, default_limits, limit_hint

__all__ = ["decode_html", "read_html", "read_html_text"]

_SKIP = {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg"}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "h1", "h2",
    "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr",
    "form", "fieldset", "address", "figure", "figcaption", "center", "caption", "tr", "td",
    "th", "body", "html",
}  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BREAK = "\u2028"  # stands for an explicit <br>/block break while white space collapses
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_NEWLINE = re.compile(f"(?<=[{_CJK}])[ \t\r\f]*\n\\s*(?=[{_CJK}])")
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")
_MAX_SPAN = 1000


def decode_html(data: bytes) -> str:
    """HTML bytes to text: BOM, then ``<meta charset>``, then UTF-8, then GB18030."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    m = _META_CHARSET.search(data[:4096])
    if m is not None:
        name = m.group(1).decode("ascii", "replace").lower()
        if name in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030"):
            name = "gb18030"
        try:
            codecs.lookup(name)
            return data.decode(name, errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def read_html(
    path: str | Path, *, name: str | None = None, limits: IngestLimits | None = None
) -> Document:
    """Tables and text blocks of a saved web page, in document order.

    A table whose cells (with their row and column spans) cover more positions than
    ``[ingest] max_sheet_cells`` is refused.
    """
    p = Path(path)
    file_name = name or p.name
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件: {exc.strerror or exc}", SourceRef(file=file_name)) from exc
    return read_html_text(decode_html(data), name=file_name, limits=limits)


def read_html_text(
    text: str, *, name: str = "(网页)", limits: IngestLimits | None = None
) -> Document:
    """Like :func:`read_html` for HTML already in memory."""
    import lxml.etree
    import lxml.html

    text = _XML_DECL.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        raise InputError("网页内容为空", SourceRef(file=name))
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"网页无法解析: {exc}", SourceRef(file=name)) from exc
    reader = _Reader(name, limits or default_limits())
    reader.walk(root)
    reader.flush()
    if not reader.blocks:
        raise InputError("网页中没有任何文字或表格", SourceRef(file=name))
    return Document(reader.blocks)


def _tag(el: Any) -> str:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def _hidden(el: Any) -> bool:
    style = el.get("style")
    return (style is not None and _HIDDEN.search(style) is not None) or el.get("hidden") is not None


def _collapse(raw: str) -> str:
    """Browser-like white space: CJK-CJK line breaks vanish, other runs become one space."""
    text = _CJK_NEWLINE.sub("", raw)
    return _SPACES.sub(" ", text).replace(_BREAK, "\n")


class _Reader:
    def __init__(self, name: str, limits: IngestLimits):
        self.name = name
        self.limits = limits
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.line: int | None = None
        self.tables = 0

    # -- text ---------------------------------------------------------------
    def add(self, text: str | None, line: int | None) -> None:
        if text:
            if self.line is None and text.strip():
                self.line = line
            self.buffer.append(text)

    def flush(self) -> None:
        if self.buffer:
            lines = [ln.strip() for ln in _collapse("".join(self.buffer)).split("\n")]
            text = fix_radicals("\n".join(ln for ln in lines if ln))
            if text:
                self.blocks.append(TextBlock(text, SourceRef(file=self.name, line=self.line)))
        self.buffer = []
        self.line = None

    def walk(self, el: Any) -> None:
        self.add(el.text, el.sourceline)
        for child in el:
            tag = _tag(child)
            if not tag or tag in _SKIP or _hidden(child):
                pass
            elif tag == "table":
                self.table(child)
            elif tag == "br":
                self.add(_BREAK, child.sourceline)
            elif tag in _BLOCK:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)
            self.add(child.tail, child.sourceline)

    # -- tables -------------------------------------------------------------
    def table(self, table: Any) -> None:
        rows = _own_rows(table)
        cells = [_own_cells(tr) for tr in rows]
        nested = any(_tag(d) == "table" for d in table.iterdescendants())
        n_cells = sum(len(c) for c in cells)
        if nested or n_cells <= 1:
            # a layout table: read what it holds as ordinary content
            self.flush()
            for caption in table.iterchildren("caption"):
                self.walk(caption)
                self.flush()
            for row in cells:
                for cell in row:
                    self.flush()
                    self.walk(cell)
                    self.flush()
            return
        self.flush()
        for caption in table.iterchildren("caption"):
            self.walk(caption)
            self.flush()
        self.tables += 1
        self.blocks.append(_grid(cells, self.tables, self.name, self.limits))


def _own_rows(table: Any) -> list[Any]:
    rows: list[Any] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in child if _tag(tr) == "tr")
    return rows


def _own_cells(tr: Any) -> list[Any]:
    return [td for td in tr if _tag(td) in ("td", "th") and not _hidden(td)]


def _span(cell: Any, attr: str) -> int:
    raw = (cell.get(attr) or "1").strip()
    m = re.match(r"[0-9]+", raw)
    if m is None:
        return 1
    digits = m.group(0).lstrip("0") or "0"
    return _MAX_SPAN if len(digits) > 6 else max(0, min(int(digits), _MAX_SPAN))


def _cell_text(cell: Any) -> str:
    parts: list[str] = []

    def walk(el: Any) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            tag = _tag(child)
            if tag and tag not in _SKIP and not _hidden(child):
                if tag == "br":
                    parts.append(_BREAK)
                elif tag in _BLOCK:
                    parts.append(_BREAK)
                    walk(child)
                    parts.append(_BREAK)
                else:
                    walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(cell)
    return clean_cell_text(fix_radicals(_collapse("".join(parts))))


def _grid(cells: list[list[Any]], number: int, name: str, limits: IngestLimits) -> Grid:
    """The HTML table algorithm: place cells left to right, skipping positions taken by
    row spans from above; ``rowspan="0"`` runs to the end of the table.

    The positions the cells cover (spans included) are counted as they are placed: a table
    covering more than ``max_sheet_cells`` is refused before it is built.
    """
    n_rows = len(cells)
    where = SourceRef(file=name, table=number)
    covered = 0
    taken: dict[tuple[int, int], bool] = {}
    placed: list[tuple[int, int, int, int, str]] = []
    width = 0
    for r, row in enumerate(cells):
        c = 0
        for cell in row:
            while taken.get((r, c)):
                c += 1
            colspan = _span(cell, "colspan") or 1
            rowspan = _span(cell, "rowspan")
            if rowspan == 0:
                rowspan = n_rows - r
            rowspan = min(rowspan, n_rows - r)
            covered += rowspan * colspan
            if covered > limits.max_sheet_cells:
                check_sheet_size(n_rows, max(width, c + colspan), limits, where, "网页表格")
                raise InputError(
                    f"网页表格的合并单元格覆盖范围过大 (超过 {limits.max_sheet_cells} 个单元格); "
                    + limit_hint("max_sheet_cells"),
                    where,
                )
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, c + dc)] = True
            placed.append((r, c, rowspan, colspan, _cell_text(cell)))
            c += colspan
            width = max(width, c)
    check_sheet_size(n_rows, width, limits, where, "网页表格")
    matrix: list[list[GridCell | None]] = [[None] * width for _ in range(n_rows)]
    for r, c, rowspan, colspan, text in placed:
        src = SourceRef(file=name, table=number, row=r + 1, column=c + 1)
        matrix[r][c] = GridCell(text, src, rowspan, colspan)
    return Grid(matrix, SourceRef(file=name, table=number))
