"""Shared layout helpers for the official Excel tables (表格版式公用件).

Titles, label cells, bordered merged blocks, wrapped text, column widths, row heights for
wrapped Chinese text, A4 print set-up with repeated header rows, signature lines (填报人 /
审核人 / 日期) and data validation on entry columns. The target tables
(:mod:`jixiao.export.targets_xlsx`, :mod:`jixiao.export.department_xlsx`) use them; the
monitoring and self-evaluation tables may too, so that every table prints the same way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from copy import copy
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from jixiao.domain.money import Money, MoneyUnit
from jixiao.export.figures import number

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "宋体"
"""The face named in the cells; Excel/WPS substitute a local CJK face where it is missing."""

TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
SUBTITLE_FONT = Font(name=FONT_NAME, size=11)
LABEL_FONT = Font(name=FONT_NAME, size=10, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=10)
LINK_FONT = Font(name=FONT_NAME, size=10, color="0563C1", underline="single")
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
NO_BORDER = Border()
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=False)
TEXT_FORMAT = "@"
"""Number format for codes: 项目编码 stays text, leading zeros and all."""

LINE_HEIGHT_PT = Decimal("14.25")
"""Height of one line of 10-point CJK text in Excel (points)."""

_INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")


def sheet_title(name: str, taken: Iterable[str]) -> str:
    """A worksheet title from a name: no ``[]:*?/\\``, at most 31 characters, unique."""
    base = _INVALID_TITLE.sub("_", name).strip("' ") or "Sheet"
    base = base[:31]
    used = {t.casefold() for t in taken}
    title, n = base, 2
    while title.casefold() in used:
        suffix = f"({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    return title


def text_width(text: str) -> int:
    """Display width in Excel column units: a CJK character counts 2, others 1."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def wrapped_height(text: str | None, width: float, *, minimum_lines: int = 1) -> float:
    """Row height (points) that shows ``text`` wrapped in a cell ``width`` units wide."""
    if not text:
        return float(LINE_HEIGHT_PT * minimum_lines)
    usable = max(width - 1.5, 1.0)
    lines = 0
    for part in str(text).split("\n"):
        lines += max(1, math.ceil(text_width(part) / usable))
    return float(LINE_HEIGHT_PT * max(lines, minimum_lines)) + 3.0


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    """Column widths from column A on."""
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w


def put(
    ws: Worksheet,
    row: int,
    col: int,
    value: Any,
    *,
    font: Font = BODY_FONT,
    align: Alignment = CENTER,
    border: Border = BORDER,
    fill: PatternFill | None = None,
    number_format: str | None = None,
) -> None:
    """Write one cell with the table's style."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    style(cell, font=font, align=align, border=border, fill=fill, number_format=number_format)


def style(
    cell: Any,
    *,
    font: Font = BODY_FONT,
    align: Alignment = CENTER,
    border: Border = BORDER,
    fill: PatternFill | None = None,
    number_format: str | None = None,
) -> None:
    """Give a cell a style combination, fast.

    openpyxl hashes every style object on every assignment, which dominates the time of a
    large table; the first cell of each combination is styled the normal way and its style
    record is then copied to the others (the workbook keeps the cache and holds the style
    objects, so their identities stay valid).
    """
    wb = cell.parent.parent
    cache: dict[tuple[int, int, int, int, str | None], tuple[Any, ...]] | None = getattr(
        wb, "_jixiao_styles", None)
    if cache is None:
        cache = {}
        wb._jixiao_styles = cache
    key = (id(font), id(align), id(border), id(fill), number_format)
    hit = cache.get(key)
    if hit is not None:
        cell._style = copy(hit[-1])
        return
    cell.font = font
    cell.alignment = align
    cell.border = border
    if fill is not None:
        cell.fill = fill
    if number_format is not None:
        cell.number_format = number_format
    cache[key] = (font, align, border, fill, copy(cell._style))


def merge(ws: Worksheet, row: int, col: int, last_row: int, last_col: int) -> None:
    """Merge a block whose cells already carry their borders (no border re-computation)."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.merge import MergedCellRange

    ref = f"{get_column_letter(col)}{row}:{get_column_letter(last_col)}{last_row}"
    ws.merged_cells.add(MergedCellRange(ws, ref))
    cells = ws._cells
    for r in range(row, last_row + 1):
        for c in range(col, last_col + 1):
            if (r, c) == (row, col):
                continue
            merged = MergedCell(ws, row=r, column=c)
            old = cells.get((r, c))
            if old is not None:
                merged._style = copy(old._style)
            cells[(r, c)] = merged


def block(
    ws: Worksheet,
    row: int,
    col: int,
    last_row: int,
    last_col: int,
    value: Any,
    *,
    font: Font = BODY_FONT,
    align: Alignment = CENTER,
    border: Border = BORDER,
    fill: PatternFill | None = None,
    number_format: str | None = None,
) -> None:
    """Write ``value`` into a merged block, drawing the border round every cell of it."""
    put(ws, row, col, value, font=font, align=align, border=border, fill=fill,
        number_format=number_format)
    if (row, col) == (last_row, last_col):
        return
    for r in range(row, last_row + 1):
        for c in range(col, last_col + 1):
            if (r, c) != (row, col):
                style(ws.cell(row=r, column=c), font=font, align=align, border=border,
                      fill=fill)
    merge(ws, row, col, last_row, last_col)


def label(ws: Worksheet, row: int, col: int, text: str, last_row: int | None = None,
          last_col: int | None = None) -> None:
    """A grey bold label cell (项目编码, 年度绩效目标 …), merged when a range is given."""
    block(ws, row, col, last_row or row, last_col or col, text, font=LABEL_FONT, align=CENTER,
          fill=LABEL_FILL)


def title_rows(ws: Worksheet, title: str, subtitle: str | None, ncols: int) -> int:
    """The title (row 1) and an optional subtitle (row 2); returns the next free row."""
    block(ws, 1, 1, 1, ncols, title, font=TITLE_FONT, align=CENTER, border=NO_BORDER)
    ws.row_dimensions[1].height = 30
    row = 2
    if subtitle:
        block(ws, 2, 1, 2, ncols, subtitle, font=SUBTITLE_FONT, align=CENTER, border=NO_BORDER)
        row = 3
    return row


def unit_row(ws: Worksheet, row: int, ncols: int, left: str | None = None,
             unit: MoneyUnit = MoneyUnit.WAN) -> None:
    """``填报单位：…`` on the left and ``单位：万元`` on the right of one row."""
    if left:
        block(ws, row, 1, row, max(ncols - 2, 1), left, font=SUBTITLE_FONT, align=LEFT,
              border=NO_BORDER)
    block(ws, row, max(ncols - 1, 1), row, ncols, f"单位：{unit.value}", font=SUBTITLE_FONT,
          align=RIGHT, border=NO_BORDER)


def signature_row(ws: Worksheet, row: int, ncols: int,
                  labels: Sequence[str] = ("填报人：", "审核人：", "填报日期：")) -> None:
    """The signature line under a table: labels spread evenly over the width, no borders."""
    span = max(ncols // len(labels), 1)
    for i, text in enumerate(labels):
        first = 1 + i * span
        last = ncols if i == len(labels) - 1 else first + span - 1
        block(ws, row, first, row, last, text, font=SUBTITLE_FONT, align=LEFT, border=NO_BORDER)
    ws.row_dimensions[row].height = 24


def print_setup(ws: Worksheet, *, landscape: bool, header_rows: tuple[int, int] | None,
                last_row: int, ncols: int) -> None:
    """A4, fit all columns on the page width, repeat the table header on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    if header_rows is not None:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    ws.print_area = f"A1:{get_column_letter(ncols)}{last_row}"


def list_validation(
    ws: Worksheet,
    cells: str,
    choices: Sequence[str],
    *,
    title: str,
    prompt: str,
    strict: bool = True,
) -> DataValidation:
    """A drop-down list on ``cells`` (``"E15:E60"``). ``strict=False`` only warns (free text
    such as 效果指标 or 根据年初工作安排 stays allowed)."""
    formula = '"' + ",".join(choices) + '"'
    if len(formula) > 257:
        raise ValueError(f"下拉列表过长 ({len(formula)} 字符, Excel 上限 255): {title}")
    dv = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorStyle="stop" if strict else "warning",
        promptTitle=title[:32],
        prompt=prompt[:255],
        errorTitle=title[:32],
        error=("请从下拉列表中选择: " if strict else "不在常用取值中, 仍要使用吗? 常用: ")
        + "、".join(choices),
    )
    for ref in cells.split():
        dv.add(ref)
    ws.add_data_validation(dv)
    return dv


def decimal_validation(
    ws: Worksheet,
    cells: str,
    *,
    title: str,
    prompt: str,
    minimum: Decimal | int = 0,
    maximum: Decimal | int | None = None,
) -> DataValidation:
    """A number check on ``cells``: at least ``minimum`` (and at most ``maximum``)."""
    if maximum is None:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual",
                            formula1=str(minimum))
        error = f"请输入不小于 {minimum} 的数字"
    else:
        dv = DataValidation(type="decimal", operator="between", formula1=str(minimum),
                            formula2=str(maximum))
        error = f"请输入 {minimum} 到 {maximum} 之间的数字"
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.showInputMessage = True
    dv.errorStyle = "stop"
    dv.promptTitle = title[:32]
    dv.prompt = prompt[:255]
    dv.errorTitle = title[:32]
    dv.error = error
    for ref in cells.split():
        dv.add(ref)
    ws.add_data_validation(dv)
    return dv


def wan(m: Money | None) -> Decimal | int | None:
    """An amount in 万元 for a numeric cell (the tables' unit row says 单位：万元)."""
    if m is None:
        return None
    return number(m.to(MoneyUnit.WAN).amount)


__all__ = ["number"]


def new_workbook() -> Workbook:
    """An empty workbook (the default sheet removed)."""
    from openpyxl import Workbook

    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    return wb
