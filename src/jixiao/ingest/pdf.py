"""PDF reader: ruled tables cell by cell, text outside tables, tables joined across pages.

读取 PDF: 有框线的表格按单元格读取 (pdfplumber 的表格几何), 表格以外的文字和没有框线的
页面用 pypdfium2 快速取文字 (交给文本解析器)。

How a PDF becomes blocks (:mod:`jixiao.ingest.grid`):

1. pypdfium2 opens the file (a password-protected or damaged file is refused here with a
   clear error), reads every page's text and whether the page draws any lines at all.
   A document with no text on any page is a scan: refused, saying OCR is needed.
2. Pages that draw lines go to pdfplumber, whose table finder turns ruling lines into
   cells. Each cell's box gives its row and column span against the table's column and
   row edges, so a merged cell (合并单元格) is one cell spanning several rows or columns,
   and the positions it covers are empty (``None``) in the grid.
3. A table continuing on the next page (跨页表格) — the last thing on one page, the first
   on the next, same left and right edges — is joined: a header row repeated on the new
   page is dropped, a merged cell cut by the page break is extended, and a row split by
   the page break (its text continues in the first row of the next page) is put back
   together, judged from the geometry: the cut cells' last line fills the column.
4. Text outside the tables (above, between, below, beside) becomes text blocks with the
   page number; pages without tables become one text block each.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from jixiao.domain.errors import InputError
from jixiao.domain.model import Leftover, SourceRef
from jixiao.domain.text import fix_radicals
from jixiao.ingest.grid import (
    Block,
    Document,
    Grid,
    GridCell,
    TextBlock,
    clean_cell_text,
    header_key,
)
from jixiao.ingest.limits import IngestLimits, check_pdf_pages, default_limits

__all__ = ["PdfPageText", "read_pdf"]

# pdfminer reports damaged streams through logging; without a handler of the application's
# own they would be printed to the user's terminal by logging's last resort.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

_EDGE_TOLERANCE = 2.0  # points: edges closer than this are the same ruling line
_FOOTER = re.compile(r"^[\s\-—–_·•.第页共/|\d]{1,16}$")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\u00ad]")


@dataclass(frozen=True, slots=True)
class PdfPageText:
    """What pypdfium2 says about one page: its text, size and whether it draws lines."""

    number: int  # 1-based
    text: str
    width: float
    height: float
    left: float
    top: float  # the page box's top y in PDF user space
    has_paths: bool
    has_images: bool


class _Char(NamedTuple):
    """A character drawn on the page (pdfplumber's coordinates: top grows downwards)."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str


@dataclass(slots=True)
class _PCell:
    """A cell found by pdfplumber: its box (x0, top, x1, bottom) and text as extracted."""

    bbox: tuple[float, float, float, float]
    text: str
    page: int


@dataclass(slots=True)
class _Part:
    """One page's piece of a table, before it is turned into a :class:`Grid`."""

    page: int
    bbox: tuple[float, float, float, float]
    cells: list[_PCell]
    chars: list[_Char]  # the page's characters (shared by the page's parts)


@dataclass(slots=True)
class _TableBlock:
    parts: list[_Part] = field(default_factory=list)

    @property
    def first(self) -> _Part:
        return self.parts[0]

    @property
    def last(self) -> _Part:
        return self.parts[-1]


_PageItem = tuple[float, "_TableBlock | TextBlock"]


def _clean_page_text(text: str) -> str:
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return fix_radicals(text).strip()


def _open_pdfium(path: Path, name: str) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == 4 or "password" in str(exc).lower():
            raise InputError(
                "PDF 文件已加密 (需要打开密码), 请提供未加密的文件", SourceRef(file=name)
            ) from exc
        raise InputError(
            "PDF 文件已损坏或不完整, 无法打开 (可能下载未完成)", SourceRef(file=name)
        ) from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"无法打开 PDF 文件: {exc}", SourceRef(file=name)) from exc


def page_texts(doc: Any, name: str) -> list[PdfPageText]:
    """Every page's text and drawing summary, via pypdfium2 (fast)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pages: list[PdfPageText] = []
    for i in range(len(doc)):
        try:
            page = doc[i]
            textpage = page.get_textpage()
            text = _clean_page_text(textpage.get_text_range())
            left, _bottom, right, top = page.get_mediabox()
            height = page.get_height()
            has_paths = _has_object(page, pdfium_c.FPDF_PAGEOBJ_PATH)
            has_images = _has_object(page, pdfium_c.FPDF_PAGEOBJ_IMAGE)
            textpage.close()
            page.close()
        except pdfium.PdfiumError as exc:
            raise InputError(
                f"PDF 第{i + 1}页已损坏, 无法读取", SourceRef(file=name, page=i + 1)
            ) from exc
        pages.append(
            PdfPageText(i + 1, text, right - left, height, left, top, has_paths, has_images)
        )
    return pages


def _has_object(page: Any, kind: int) -> bool:
    return any(True for _ in page.get_objects(filter=[kind], max_depth=3))


def read_pdf(
    path: str | Path, *, name: str | None = None, limits: IngestLimits | None = None
) -> Document:
    """The blocks of a PDF in reading order: grids for ruled tables, text for the rest.

    Raises :class:`InputError` for encrypted, damaged, empty and scanned (image-only) files,
    and for a PDF with more pages than ``[ingest] max_pdf_pages``. A page that is only an
    image inside a document with text is reported in ``notes``.
    """
    p = Path(path)
    file_name = name or p.name
    doc = _open_pdfium(p, file_name)
    try:
        check_pdf_pages(len(doc), limits or default_limits(), SourceRef(file=file_name))
        return _read(p, doc, file_name)
    finally:
        doc.close()


def _read(p: Path, doc: Any, file_name: str) -> Document:
    pages = page_texts(doc, file_name)
    if not pages:
        raise InputError("PDF 文件没有页面", SourceRef(file=file_name))
    if not any(pg.text for pg in pages):
        if any(pg.has_images for pg in pages):
            raise InputError(
                "PDF 没有文字层, 看来是扫描件 (只有图片): 请先做文字识别 (OCR) "
                "或提供由 Word/Excel 直接导出的 PDF",
                SourceRef(file=file_name),
            )
        raise InputError("PDF 中没有任何文字", SourceRef(file=file_name))
    notes = [
        Leftover(
            "",
            SourceRef(file=file_name, page=pg.number),
            "此页只有图片, 没有文字层 (扫描页, 需文字识别)",
        )
        for pg in pages
        if not pg.text and pg.has_images
    ]
    ruled = [pg for pg in pages if pg.has_paths and pg.text]
    items_by_page = _read_ruled_pages(p, doc, file_name, ruled) if ruled else {}
    blocks: list[_TableBlock | TextBlock] = []
    for pg in pages:
        items = items_by_page.get(pg.number)
        if items is None:
            if pg.text:
                blocks.append(TextBlock(pg.text, SourceRef(file=file_name, page=pg.number)))
            continue
        _append_page(blocks, [item for _top, item in sorted(items, key=lambda t: t[0])])
    return Document(_finish(blocks, file_name), notes)


def _read_ruled_pages(
    path: Path, doc: Any, name: str, pages: Sequence[PdfPageText]
) -> dict[int, list[_PageItem]]:
    import pdfplumber

    out: dict[int, list[_PageItem]] = {}
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many types for broken files
        raise InputError(f"PDF 文件无法解析表格: {exc}", SourceRef(file=name)) from exc
    with pdf:
        try:
            plumber_pages = len(pdf.pages)
        except Exception as exc:  # a page tree pdfminer cannot follow
            raise InputError(f"PDF 文件无法解析表格: {exc}", SourceRef(file=name)) from exc
        for info in pages:
            if info.number > plumber_pages:
                # a damaged page tree: pdfminer finds fewer pages than pdfium; such a page
                # keeps its text (read by pdfium) and is not searched for tables
                continue
            try:
                page = pdf.pages[info.number - 1]
                tables = _find_tables(page)
                chars = _page_chars(page) if tables else []
                found = [_part_of(t, info.number, page, chars) for t in tables]
                page.close()  # pdfplumber's cached objects of the page are no longer needed
            except InputError:
                raise
            except Exception as exc:  # a damaged content stream on this page
                raise InputError(
                    f"PDF 第{info.number}页无法解析: {exc}", SourceRef(file=name, page=info.number)
                ) from exc
            parts = [t for t in found if t is not None]
            if parts:
                out[info.number] = _page_items(doc, name, info, parts)
    return out


def _find_tables(page: Any) -> list[Any]:
    """pdfplumber's tables, with the ends of the page's vertical rules closed.

    A table cut by a page break is often drawn open at the cut (the producer omits the
    border below the last row or above the first): a horizontal line is added where the
    vertical rules end, so the cut cells are still found.
    """
    vertical = [e for e in page.edges if e["orientation"] == "v"]
    if not vertical:
        return list(page.find_tables())
    top = min(e["top"] for e in vertical)
    bottom = max(e["bottom"] for e in vertical)
    return list(page.find_tables({"explicit_horizontal_lines": [top, bottom]}))


def _page_chars(page: Any) -> list[_Char]:
    """The page's characters as small tuples (pdfplumber's dicts are large)."""
    return [_Char(c["x0"], c["x1"], c["top"], c["bottom"], c.get("text") or "") for c in page.chars]


def _part_of(table: Any, page_no: int, page: Any, chars: list[_Char]) -> _Part | None:
    cells: list[_PCell] = []
    for row, texts in zip(table.rows, table.extract(), strict=True):
        for bbox, text in zip(row.cells, texts, strict=True):
            if bbox is not None:
                cells.append(_PCell(tuple(bbox), text or "", page_no))
    if len(cells) < 2:
        return None  # a framed paragraph, not a table: its text stays page text

    return _Part(page_no, tuple(table.bbox), cells, chars)


def _page_items(doc: Any, name: str, info: PdfPageText, parts: list[_Part]) -> list[_PageItem]:
    """Tables on one page plus the text above, between, below and beside them."""
    items: list[_PageItem] = [(part.bbox[1], _TableBlock([part])) for part in parts]
    regions: list[tuple[float, float, float, float]] = []  # x0, top, x1, bottom (plumber)
    ordered = sorted(parts, key=lambda t: t.bbox[1])
    y = 0.0
    for part in ordered:
        x0, top, x1, bottom = part.bbox
        if top > y:
            regions.append((0.0, y, info.width, top))
        regions.append((0.0, top, x0, bottom))
        regions.append((x1, top, info.width, bottom))
        y = max(y, bottom)
    regions.append((0.0, y, info.width, info.height))
    texts = _bounded_texts(doc, info, regions)
    for (x0, top, _x1, _bottom), text in zip(regions, texts, strict=True):
        if text:
            items.append(
                (top + x0 / 10000, TextBlock(text, SourceRef(file=name, page=info.number)))
            )
    return items


def _bounded_texts(
    doc: Any, info: PdfPageText, regions: list[tuple[float, float, float, float]]
) -> list[str]:
    page = doc[info.number - 1]
    textpage = page.get_textpage()
    out = []
    for x0, top, x1, bottom in regions:
        if bottom - top < 1 or x1 - x0 < 1:
            out.append("")
            continue
        text = textpage.get_text_bounded(
            left=info.left + x0,
            bottom=info.top - bottom,
            right=info.left + x1,
            top=info.top - top,
        )
        out.append(_clean_page_text(text))
    textpage.close()
    page.close()
    return out


def _append_page(
    blocks: list[_TableBlock | TextBlock], items: list[_TableBlock | TextBlock]
) -> None:
    """Add one page's items, joining its first table to the previous page's last table."""
    if items and blocks:
        first_table_at = next(
            (i for i, it in enumerate(items) if isinstance(it, _TableBlock)), None
        )
        prev_at = next(
            (i for i in range(len(blocks) - 1, -1, -1) if isinstance(blocks[i], _TableBlock)),
            None,
        )
        if first_table_at is not None and prev_at is not None:
            before = items[:first_table_at]
            between = blocks[prev_at + 1 :]
            prev = blocks[prev_at]
            cur = items[first_table_at]
            assert isinstance(prev, _TableBlock) and isinstance(cur, _TableBlock)
            if (
                all(_is_furniture(b) for b in (*between, *before))
                and prev.last.page + 1 == cur.first.page
                and _continues(prev, cur)
            ):
                prev.parts.extend(cur.parts)
                items = items[:first_table_at] + items[first_table_at + 1 :]
    blocks.extend(items)


def _is_furniture(block: _TableBlock | TextBlock) -> bool:
    """Page numbers and similar running text between two parts of a table (页码)."""
    return isinstance(block, TextBlock) and all(
        _FOOTER.match(line) for line in block.text.splitlines() if line.strip()
    )


def _continues(prev: _TableBlock, cur: _TableBlock) -> bool:
    """Whether ``cur`` (top of a page) continues ``prev`` (bottom of the previous page)."""
    a, b = prev.last.bbox, cur.first.bbox
    if abs(a[0] - b[0]) > _EDGE_TOLERANCE * 2 or abs(a[2] - b[2]) > _EDGE_TOLERANCE * 2:
        return False
    first_prev = _first_row_texts(prev.first)
    first_cur = _first_row_texts(cur.first)
    if first_cur == first_prev:
        return True  # the table's head repeated on the new page
    # a new table of the same kind starts with the same label (项目编码 …) but other values
    return not (first_prev and first_cur and first_prev[0] and first_prev[0] == first_cur[0])


def _first_row_texts(part: _Part) -> list[str]:
    top = min(c.bbox[1] for c in part.cells)
    row = sorted(
        (c for c in part.cells if abs(c.bbox[1] - top) < _EDGE_TOLERANCE), key=lambda c: c.bbox[0]
    )
    return [clean_cell_text(c.text) for c in row]


# ---------------------------------------------------------------- grids


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _EDGE_TOLERANCE:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    best = 0
    for i, e in enumerate(edges):
        if abs(e - v) < abs(edges[best] - v):
            best = i
    return best


@dataclass(slots=True)
class _Slot:
    """A grid position being built: the origin cell text/box, spans, source."""

    text: str
    source: SourceRef
    rowspan: int
    colspan: int
    cell: _PCell | None


def _finish(blocks: list[_TableBlock | TextBlock], name: str) -> list[Block]:
    out: list[Block] = []
    number = 0
    for b in blocks:
        if isinstance(b, TextBlock):
            if b.text:
                out.append(b)
            continue
        number += 1
        out.append(_grid_of(b, name, number))
    return out


def _grid_of(table: _TableBlock, name: str, number: int) -> Grid:
    xs = _cluster([x for part in table.parts for c in part.cells for x in (c.bbox[0], c.bbox[2])])
    rows: list[list[_Slot | None]] = []
    part_rows: list[tuple[int, int]] = []  # (first row index, row count) per part
    for part in table.parts:
        ys = _cluster([y for c in part.cells for y in (c.bbox[1], c.bbox[3])])
        first = len(rows)
        n_rows = max(len(ys) - 1, 1)
        matrix: list[list[_Slot | None]] = [[None] * max(len(xs) - 1, 1) for _ in range(n_rows)]
        for cell in part.cells:
            r0, r1 = _index(ys, cell.bbox[1]), _index(ys, cell.bbox[3])
            c0, c1 = _index(xs, cell.bbox[0]), _index(xs, cell.bbox[2])
            if r1 <= r0 or c1 <= c0 or r0 >= n_rows or c0 >= len(matrix[0]):
                continue
            src = SourceRef(file=name, page=part.page, table=number, row=r0 + 1, column=c0 + 1)
            matrix[r0][c0] = _Slot(clean_cell_text(cell.text), src, r1 - r0, c1 - c0, cell)
        _recover_orphans(matrix, xs, ys, part, name, number)
        rows.extend(matrix)
        part_rows.append((first, n_rows))
    for k in range(1, len(table.parts)):
        start = part_rows[k][0]
        removed = _join_at(rows, start, table.parts[k - 1], table.parts[k], table)
        if removed:
            part_rows = [(f - removed if f > start else f, n) for f, n in part_rows]
    grid_rows: list[list[GridCell | None]] = [
        [GridCell(s.text, s.source, s.rowspan, s.colspan) if s is not None else None for s in row]
        for row in rows
    ]
    pages = sorted({part.page for part in table.parts})
    return Grid(
        grid_rows,
        SourceRef(file=name, page=table.first.page, table=number),
        continued_from=pages if len(pages) > 1 else [],
    )


def _recover_orphans(
    matrix: list[list[_Slot | None]],
    xs: list[float],
    ys: list[float],
    part: _Part,
    name: str,
    number: int,
) -> None:
    """Positions no cell covers (a border the producer did not draw): read their text.

    Each vertical run of uncovered positions in a column becomes one cell holding the
    characters drawn there, so no text inside a table is lost.
    """
    if not matrix:
        return
    covered = [[False] * len(matrix[0]) for _ in matrix]
    for r, row in enumerate(matrix):
        for c, slot in enumerate(row):
            if slot is None:
                continue
            for dr in range(slot.rowspan):
                for dc in range(slot.colspan):
                    if r + dr < len(matrix) and c + dc < len(row):
                        covered[r + dr][c + dc] = True
    for c in range(len(matrix[0])):
        r = 0
        while r < len(matrix):
            if covered[r][c]:
                r += 1
                continue
            end = r
            while end < len(matrix) and not covered[end][c]:
                end += 1
            box = (xs[c], ys[r], xs[c + 1], ys[end])
            cell = _PCell(box, _text_in(part.chars, box), part.page)
            if cell.text:
                src = SourceRef(file=name, page=part.page, table=number, row=r + 1, column=c + 1)
                matrix[r][c] = _Slot(clean_cell_text(cell.text), src, end - r, 1, cell)
            r = end


def _text_in(chars: list[_Char], box: tuple[float, float, float, float]) -> str:
    x0, top, x1, bottom = box
    lines: list[list[_Char]] = []
    inside = sorted(
        (
            ch
            for ch in chars
            if x0 <= (ch.x0 + ch.x1) / 2 <= x1 and top <= (ch.top + ch.bottom) / 2 <= bottom
        ),
        key=lambda ch: (ch.top, ch.x0),
    )
    for ch in inside:
        if lines and abs(ch.top - lines[-1][0].top) <= max(1.0, (ch.bottom - ch.top) / 2):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return "\n".join(
        "".join(ch.text for ch in sorted(line, key=lambda ch: ch.x0)) for line in lines
    ).strip()


def _origin(rows: list[list[_Slot | None]], r: int, c: int) -> tuple[int, int, _Slot] | None:
    """The slot covering position (r, c) and its own position, or None."""
    for rr in range(r, -1, -1):
        for cc in range(c, -1, -1):
            s = rows[rr][cc] if cc < len(rows[rr]) else None
            if s is not None and rr + s.rowspan > r and cc + s.colspan > c:
                return rr, cc, s
    return None


def _drop_row(rows: list[list[_Slot | None]], r: int) -> None:
    """Remove row ``r``, shrinking merges that cover it and moving merges that start in it."""
    width = len(rows[r])
    for c in range(width):
        found = _origin(rows, r, c)
        if found is None:
            continue
        rr, cc, slot = found
        if cc != c:
            continue
        if rr < r:
            slot.rowspan -= 1
        elif slot.rowspan > 1 and r + 1 < len(rows):
            slot.rowspan -= 1
            rows[r + 1][c] = slot
    del rows[r]


def _join_at(
    rows: list[list[_Slot | None]], start: int, prev: _Part, cur: _Part, table: _TableBlock
) -> int:
    """Join the part starting at row ``start`` to the rows above it; return rows removed."""
    removed = 0
    head_keys = {
        header_key(_as_cells(row))
        for row in rows[:start]
        if not any(ch.isdigit() for s in row if s is not None for ch in s.text)
    }
    head_keys.discard(())
    while start < len(rows) and header_key(_as_cells(rows[start])) in head_keys:
        _drop_row(rows, start)
        removed += 1
    if start >= len(rows) or start == 0:
        return removed
    last = start - 1
    # a merged cell cut by the page break: empty cells under it continue it
    for c, slot in enumerate(rows[start]):
        if slot is None or slot.text:
            continue
        found = _origin(rows, last, c)
        if found is None:
            continue
        _rr, cc, above = found
        # a merge is evident from either side: the cell above spans rows, or the empty
        # cell spans rows itself (an empty merged cell at the top of a page part)
        if cc == c and above.colspan == slot.colspan and (above.rowspan > 1 or slot.rowspan > 1):
            above.rowspan += slot.rowspan
            rows[start][c] = None
    if _is_split_row(rows, start, table):
        # every cell of the split row joins the cell above it: its text is appended, and a
        # merge that starts in the split row extends the cell above over its other rows
        for c, slot in enumerate(rows[start]):
            if slot is None:
                continue
            found = _origin(rows, last, c)
            if found is None or found[1] != c or found[2].colspan != slot.colspan:
                continue  # an empty cell with no partner (checked by _is_split_row)
            above = found[2]
            if slot.text:
                above.text = clean_cell_text(above.text + "\n" + slot.text)
            above.rowspan += slot.rowspan
            rows[start][c] = None
        _drop_row(rows, start)
        removed += 1
    return removed


def _as_cells(row: list[_Slot | None]) -> list[GridCell | None]:
    return [GridCell(s.text, s.source) if s is not None else None for s in row]


def _is_split_row(rows: list[list[_Slot | None]], start: int, table: _TableBlock) -> bool:
    """Whether the first row of a page part is the rest of the row above (跨页断行).

    Every non-empty cell of the row must sit under a cell of the previous row (not under
    a merge from further up) that is either empty (its whole text went to the next page)
    or whose last line fills the column: a line that could not have held one more
    character, judged against the widest wrapped line in that column. The previous row
    must also have text the new row does not continue (an incomplete row, not a new one).
    """
    last = start - 1
    candidates: list[tuple[_Slot, _Slot]] = []
    seen: set[int] = set()
    for c, slot in enumerate(rows[start]):
        if slot is None or not slot.text:
            continue
        found = _origin(rows, last, c)
        if found is None:
            return False
        rr, cc, above = found
        if rr != last or cc != c or above.cell is None or slot.cell is None:
            return False
        candidates.append((above, slot))
        seen.add(id(above))
    if not candidates:
        return False
    incomplete = any(
        s is not None and s.text and id(s) not in seen and s.rowspan == 1 for s in rows[last]
    )
    if not incomplete:
        return False
    for above, below in candidates:
        assert above.cell is not None and below.cell is not None
        if above.text and not _fills_column(above.cell, below.cell, table):
            return False
    return True


def _lines(cell: _PCell, chars: list[_Char]) -> list[tuple[float, float, float]]:
    """The text lines of a cell as (top, x0, x1), top to bottom."""
    x0, top, x1, bottom = cell.bbox
    inside = [
        ch
        for ch in chars
        if x0 <= (ch.x0 + ch.x1) / 2 <= x1
        and top <= (ch.top + ch.bottom) / 2 <= bottom
        and ch.text.strip()
    ]
    inside.sort(key=lambda ch: (ch.top, ch.x0))
    lines: list[list[_Char]] = []
    for ch in inside:
        if lines and abs(ch.top - lines[-1][0].top) <= max(1.0, (ch.bottom - ch.top) / 2):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return [(ln[0].top, min(c.x0 for c in ln), max(c.x1 for c in ln)) for ln in lines]


def _fills_column(above: _PCell, below: _PCell, table: _TableBlock) -> bool:
    parts = {part.page: part for part in table.parts}

    def chars_of(page: int) -> list[_Char]:
        return parts[page].chars

    above_lines = _lines(above, chars_of(above.page))
    below_lines = _lines(below, chars_of(below.page))
    if not above_lines or not below_lines:
        return False
    below_chars = [
        ch
        for ch in chars_of(below.page)
        if below.bbox[0] <= ch.x0
        and ch.x1 <= below.bbox[2]
        and below.bbox[1] <= ch.top
        and ch.bottom <= below.bbox[3]
        and ch.text.strip()
    ]
    if not below_chars:
        return False
    first = min(below_chars, key=lambda ch: (round(ch.top), ch.x0))
    next_width = first.x1 - first.x0
    # capacity of the column: the widest line that was wrapped (not the last of its cell)
    capacity = 0.0
    for part in table.parts:
        for cell in part.cells:
            if (
                abs(cell.bbox[0] - above.bbox[0]) > _EDGE_TOLERANCE
                or abs(cell.bbox[2] - above.bbox[2]) > _EDGE_TOLERANCE
            ):
                continue
            lines = _lines(cell, chars_of(part.page))
            for _top, x0, x1 in lines[:-1]:
                capacity = max(capacity, x1 - x0)
    if capacity <= 0:
        return False
    _top, x0, x1 = above_lines[-1]
    return bool((x1 - x0) + next_width > capacity + 0.5)
