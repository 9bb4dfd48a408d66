"""Spreadsheet reader (.xlsx, .xls, .ods): sheets to grids with sheet and cell locations.

读取 Excel 工作簿: 用 python-calamine 读取单元格的值 (公式取计算结果, 日期取日期),
合并单元格取自工作簿的合并区域; 每个单元格带有工作表名和单元格地址 (如 ``B7``)。

Every non-empty cell carries its sheet and address (``项目表!C9``); the empty cells of a
row share one location naming the sheet and row (a large sparse sheet would otherwise
need an object per empty cell). A sheet is cut into tables at blank rows that no merged
cell crosses, so a sheet holding several projects one below the other gives one grid per
project; a part of a sheet whose rows hold at most one value each (a title, a note such
as 填报说明) becomes text.

Cell values become text as a person sees them: whole numbers without ``.0``, dates as
``2023-12-31``, and in .xlsx files numbers in a percent format as percentages (``0.1`` shown
as ``10%`` is read as ``10%``; the format is looked up in the workbook's styles, which
calamine does not report). In .xls files a percent format cannot be seen and the fraction
is read as written in the cell. A formula is read as the value last computed and saved
with the file (Excel, WPS and LibreOffice save it; a file written by a program that does
not compute formulas has none, and such a cell reads as empty); a formula error (#REF!)
reads as empty.
"""

from __future__ import annotations

import contextlib
import gc
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from jixiao.domain.errors import InputError
from jixiao.domain.model import Leftover, SourceRef
from jixiao.domain.money import clean_decimal
from jixiao.domain.text import fix_radicals
from jixiao.ingest.grid import Block, Document, Grid, GridCell, TextBlock, join_wrapped_lines
from jixiao.ingest.limits import (
    IngestLimits,
    check_sheet_size,
    check_zip,
    default_limits,
    library_panic,
    run_isolated,
)
from jixiao.ingest.tabular import column_letter

__all__ = ["cell_value_text", "isolated", "read_spreadsheet"]


def cell_value_text(value: Any, *, percent: bool = False) -> str:
    """A cell value as the text a person sees (整数不带 .0, 日期 ISO, 百分比格式 → ``10%``)."""
    if type(value) is str:
        if "\n" in value or "\r" in value:
            return join_wrapped_lines(fix_radicals(value))
        return fix_radicals(value.strip())
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            return ""
        try:
            d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            return str(value)
        if percent:
            d = d * 100
        text = f"{clean_decimal(d):f}"  # 150.00 → 150, 1E+2 → 100, 1E+308 whole
        return text + "%" if percent else text
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return join_wrapped_lines(fix_radicals(str(value)))


@dataclass(slots=True)
class _SheetData:
    """One worksheet as loaded: its cell texts and merged ranges (picklable, compact)."""

    name: str
    hidden: bool
    texts: str  # rows joined by _ROW_SEP, cells by _CELL_SEP
    merges: list[tuple[tuple[int, int], tuple[int, int]]]


_ROW_SEP = "\x1e"
_CELL_SEP = "\x1f"
_SEPARATORS = str.maketrans({_ROW_SEP: " ", _CELL_SEP: " "})


def _load(
    path: str, xls: bool, wanted: list[str] | None, limits: IngestLimits | None = None
) -> list[_SheetData]:
    """Read the workbook with calamine: every wanted worksheet's cell texts and merges.

    Runs in a child process where possible (:func:`isolated`): calamine builds a dense
    block for each sheet, so a damaged file naming a far-away cell can ask for gigabytes.
    A panic of calamine on a damaged file (a ``BaseException``) becomes an InputError.
    """
    try:
        return _load_book(path, xls, wanted, limits)
    except BaseException as exc:
        if library_panic(exc):
            raise InputError(
                f"Excel 文件已损坏或格式异常, 无法读取 ({str(exc)[:120]})",
                SourceRef(file=Path(path).name),
            ) from exc
        raise


def _load_book(
    path: str, xls: bool, wanted: list[str] | None, limits: IngestLimits | None
) -> list[_SheetData]:
    import python_calamine as pc

    name = Path(path).name
    try:
        wb = pc.CalamineWorkbook.from_path(path)
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise InputError(_open_error(exc), SourceRef(file=name)) from exc
    percent_cells = {} if xls else _percent_cells(Path(path))
    out: list[_SheetData] = []
    try:
        metas = list(wb.sheets_metadata)
        names = [m.name for m in metas]
        if wanted is not None:
            missing = [w for w in wanted if w not in names]
            if missing:
                raise InputError(
                    f"找不到工作表 {', '.join(missing)}; 现有: {', '.join(names)}",
                    SourceRef(file=name),
                )
        for meta in metas:
            if wanted is not None and meta.name not in wanted:
                continue
            if str(meta.typ).split(".")[-1] != "WorkSheet":
                continue
            hidden = str(meta.visible).split(".")[-1] != "Visible"
            if hidden and wanted is None:
                out.append(_SheetData(meta.name, True, "", []))
                continue
            try:
                ws = wb.get_sheet_by_name(meta.name)
                if limits is not None:  # the cells are laid out from A1 to the last one
                    end_row, end_col = ws.end or (-1, -1)
                    check_sheet_size(
                        end_row + 1, end_col + 1, limits, SourceRef(file=name, sheet=meta.name)
                    )
                rows = ws.to_python(skip_empty_area=False)
                merges = list(ws.merged_cell_ranges or [])
            except InputError:
                raise
            except Exception as exc:
                raise InputError(
                    f"工作表无法读取: {exc}", SourceRef(file=name, sheet=meta.name)
                ) from exc
            percent = percent_cells.get(meta.name, set())
            lines: list[str] = []
            for r, row in enumerate(rows):
                cells = [
                    cell_value_text(v, percent=(r, c) in percent) if v != "" else ""
                    for c, v in enumerate(row)
                ]
                line = _CELL_SEP.join(cells)
                if line.count(_CELL_SEP) != len(cells) - 1 or _ROW_SEP in line:
                    line = _CELL_SEP.join(t.translate(_SEPARATORS) for t in cells)
                lines.append(line)
            out.append(_SheetData(meta.name, hidden, _ROW_SEP.join(lines), merges))
    finally:
        wb.close()
    return out


def read_spreadsheet(
    path: str | Path,
    *,
    name: str | None = None,
    sheets: Iterable[str] | None = None,
    limits: IngestLimits | None = None,
) -> Document:
    """All visible worksheets (or the named ones) as grids and text blocks, in sheet order.

    A ZIP workbook (.xlsx/.ods) is inspected first (:func:`jixiao.ingest.limits.check_zip`:
    zip bombs, worksheet ranges over ``max_sheet_rows``/``max_sheet_cells``); the cells are
    then read in a child process with the ``child_memory_mb``/``child_timeout_s`` limits.
    """
    p = Path(path)
    file_name = name or p.name
    where = SourceRef(file=file_name)
    lim = limits or default_limits()
    wanted = list(sheets) if sheets is not None else None
    xls = _is_xls(p)
    if not xls:
        check_zip(p, lim, where, "电子表格")
    loaded = run_isolated(_load, str(p), xls, wanted, lim, where=where, limits=lim, what="电子表格")
    blocks: list[Block] = []
    notes: list[Leftover] = []
    for sheet in loaded:
        if sheet.hidden and wanted is None:
            notes.append(
                Leftover(
                    sheet.name, SourceRef(file=file_name, sheet=sheet.name), "隐藏的工作表, 未读取"
                )
            )
            continue
        texts = (
            [line.split(_CELL_SEP) for line in sheet.texts.split(_ROW_SEP)] if sheet.texts else []
        )
        with _paused_gc():  # tens of thousands of small acyclic objects: no cycles to find
            blocks.extend(_sheet_blocks(texts, sheet.merges, file_name, sheet.name))
    if not blocks:
        raise InputError("工作簿中没有任何内容 (所有工作表都是空的)", SourceRef(file=file_name))
    return Document(blocks, notes)


@contextlib.contextmanager
def _paused_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _is_xls(p: Path) -> bool:
    with p.open("rb") as fh:
        return fh.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _open_error(exc: Exception) -> str:
    text = str(exc)
    low = text.lower()
    if "password" in low or "encrypt" in low:
        return "Excel 文件已加密 (设置了打开密码), 请去掉密码后再导入"
    return f"Excel 文件已损坏或格式不对, 无法打开 ({text[:120]})"


def _sheet_blocks(
    texts: list[list[str]],
    merges: list[tuple[tuple[int, int], tuple[int, int]]],
    file_name: str,
    sheet: str,
) -> list[Block]:
    """Cut one sheet into grids (and text) at blank rows that no merged cell crosses."""
    height = len(texts)
    width = max((len(r) for r in texts), default=0)
    if not height or not width:
        return []
    for row in texts:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    span: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    crossing = [False] * (height + 1)
    for (r0, c0), (r1, c1) in merges:
        if r0 >= height or c0 >= width or r1 < r0 or c1 < c0:
            continue
        r1, c1 = min(r1, height - 1), min(c1, width - 1)
        span[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        for r in range(r0, r1 + 1):
            if r > r0:
                crossing[r] = True
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))
    letters = [column_letter(c) for c in range(width)]
    blank = [not any(row) for row in texts]
    blocks: list[Block] = []
    r = 0
    while r < height:
        if blank[r]:
            r += 1
            continue
        end = r + 1
        while end < height and (not blank[end] or crossing[end]):
            end += 1
        blocks.extend(_segment(texts, r, end, width, span, covered, letters, file_name, sheet))
        r = end
    return blocks


def _segment(
    texts: list[list[str]],
    r0: int,
    r1: int,
    width: int,
    span: dict[tuple[int, int], tuple[int, int]],
    covered: set[tuple[int, int]],
    letters: list[str],
    file_name: str,
    sheet: str,
) -> list[Block]:
    """Rows ``r0``..``r1 - 1`` of a sheet as one grid, or as text when each row has one value."""
    firsts: list[int] = []
    lasts: list[int] = []
    counts: list[int] = []
    for r in range(r0, r1):
        idx = [c for c, t in enumerate(texts[r]) if t]
        if idx:
            firsts.append(idx[0])
            lasts.append(idx[-1])
        counts.append(len(idx))
    c0 = min(firsts)
    c1 = max(lasts)
    for (r, c), (_rs, cs) in span.items():
        if r0 <= r < r1 and c0 <= c <= c1:
            c1 = max(c1, c + cs - 1)
    if all(n <= 1 for n in counts):
        # a title or a note: one value per row
        out: list[Block] = []
        for r in range(r0, r1):
            for c in range(c0, c1 + 1):
                if texts[r][c]:
                    ref = SourceRef(file=file_name, sheet=sheet, cell=f"{letters[c]}{r + 1}")
                    out.append(TextBlock(texts[r][c], ref))
        return out
    merged_rows: dict[int, list[int]] = {}
    for r, c in covered:
        if r0 <= r < r1:
            merged_rows.setdefault(r, []).append(c)
    for r, c in span:
        if r0 <= r < r1:
            merged_rows.setdefault(r, []).append(c)
    grid_rows: list[list[GridCell | None]] = []
    columns = range(c0, c1 + 1)
    for r in range(r0, r1):
        row = texts[r]
        number = str(r + 1)
        special = merged_rows.get(r)
        empty: GridCell | None = None  # one shared cell for the row's empty positions
        row_cells: list[GridCell | None] = []
        append = row_cells.append
        for c in columns:
            if special is not None and c in special:
                if (r, c) in covered:
                    append(None)
                    continue
                rs, cs = span[(r, c)]
                ref = SourceRef(file=file_name, sheet=sheet, cell=letters[c] + number)
                append(GridCell(row[c], ref, min(rs, r1 - r), min(cs, c1 - c + 1)))
                continue
            text = row[c]
            if text:
                append(
                    GridCell(text, SourceRef(file=file_name, sheet=sheet, cell=letters[c] + number))
                )
            else:
                if empty is None:
                    empty = GridCell("", SourceRef(file=file_name, sheet=sheet, row=r + 1))
                append(empty)
        grid_rows.append(row_cells)
    ref = SourceRef(file=file_name, sheet=sheet, cell=f"{letters[c0]}{r0 + 1}:{letters[c1]}{r1}")
    return [Grid(grid_rows, ref)]


# ---------------------------------------------------------------- percent formats (.xlsx)

_XF = re.compile(rb"<(?:\w+:)?xf\b([^>]*?)/?>")
_NUMFMT = re.compile(rb"<(?:\w+:)?numFmt\b[^>]*?numFmtId=\"(\d+)\"[^>]*?formatCode=\"([^\"]*)\"")
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_ATTR_NUMFMT = re.compile(rb"numFmtId=\"(\d+)\"")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_ATTR = re.compile(rb"([\w:]+)=\"([^\"]*)\"")
_REL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_CELL_STYLE = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]+)(\d+)\"[^>]*?\bs=\"(\d+)\"")
_CELL_STYLE_REV = re.compile(rb"<(?:\w+:)?c\b[^>]*?\bs=\"(\d+)\"[^>]*?\br=\"([A-Z]+)(\d+)\"")
_BUILTIN_PERCENT = {9, 10}


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


def _percent_cells(path: Path) -> dict[str, set[tuple[int, int]]]:
    """Cells (row, col, 0-based) of each sheet whose number format is a percentage.

    Read straight from the .xlsx parts with regular expressions (fast, and only when the
    workbook has a percent style at all). Any problem gives an empty answer: formats are a
    refinement, the values are still read by calamine.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/styles.xml" not in names or "xl/workbook.xml" not in names:
                return {}
            styles = zf.read("xl/styles.xml")
            custom = {
                int(i): code
                for i, code in _NUMFMT.findall(styles)
                if b"%" in code.replace(b'"%"', b"").replace(b"\\%", b"")
            }
            block = _CELL_XFS.search(styles)
            if block is None:
                return {}
            percent_styles: set[bytes] = set()
            for i, m in enumerate(_XF.finditer(block.group(0))):
                fmt = _ATTR_NUMFMT.search(m.group(1))
                if fmt is not None:
                    fid = int(fmt.group(1))
                    if fid in _BUILTIN_PERCENT or fid in custom:
                        percent_styles.add(str(i).encode())
            if not percent_styles:
                return {}
            rels = {
                dict(_ATTR.findall(m.group(1))).get(b"Id"): dict(_ATTR.findall(m.group(1))).get(
                    b"Target"
                )
                for m in _REL.finditer(zf.read("xl/_rels/workbook.xml.rels"))
            }
            out: dict[str, set[tuple[int, int]]] = {}
            for m in _SHEET.finditer(zf.read("xl/workbook.xml")):
                attrs = dict(_ATTR.findall(m.group(1)))
                sheet_name = attrs.get(b"name", b"").decode("utf-8")
                rid = next((v for k, v in attrs.items() if k.endswith(b":id")), None)
                target = rels.get(rid)
                if not target:
                    continue
                t = target.decode("utf-8").lstrip("/")
                part = t if t.startswith("xl/") else f"xl/{t}"
                if part not in names:
                    continue
                data = zf.read(part)
                cells: set[tuple[int, int]] = set()
                for col, row, style in _CELL_STYLE.findall(data):
                    if style in percent_styles:
                        cells.add((int(row) - 1, _column_index(col)))
                for style, col, row in _CELL_STYLE_REV.findall(data):
                    if style in percent_styles:
                        cells.add((int(row) - 1, _column_index(col)))
                out[_unescape(sheet_name)] = cells
            return out
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError):
        return {}


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


# ---------------------------------------------------------------- isolation


def isolated(fn: Callable[..., Any], *args: Any, where: SourceRef) -> Any:
    """Run ``fn(*args)`` in a forked child with a memory limit; return its result.

    A native library that aborts or exhausts memory on a damaged file then costs only
    the child: the caller gets an :class:`InputError`. Without ``os.fork`` (Windows) or
    with ``JIXIAO_ISOLATE=0`` the function runs in this process. (The limits are the
    profile's ``[ingest] child_memory_mb`` / ``child_timeout_s``; see
    :func:`jixiao.ingest.limits.run_isolated`.)
    """
    return run_isolated(fn, *args, where=where, what="电子表格")
