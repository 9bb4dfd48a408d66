"""Row readers for tabular inputs (CSV, XLSX/XLS) with locations (表格行读取).

Used by every reader of simple tables: the payments ledger, indicator progress, actuals.
CSV is streamed (constant memory) and its encoding detected (UTF-8, UTF-8 with BOM, or
GB18030/GBK as Excel exports from Chinese systems often are). Spreadsheets are read with
python-calamine (formulas as their values, dates as dates). Every row carries a
:class:`~jixiao.domain.model.SourceRef` so that errors can say file, sheet, row and cell.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from jixiao.domain.errors import InputError
from jixiao.domain.model import SourceRef
from jixiao.domain.text import normalize
from jixiao.ingest.limits import (
    IngestLimits,
    check_sheet_size,
    check_zip,
    default_limits,
    library_panic,
    run_isolated,
)

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
_SNIFF_BYTES = 1 << 16

Cell = str | int | float | bool | date | datetime | time | timedelta | None


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its 1-based row number in the file/sheet, the cells, and the location.

    The location is built only when asked for (most rows of a large ledger never are).
    """

    number: int
    cells: tuple[Cell, ...]
    file: str
    sheet: str | None = None

    @property
    def source(self) -> SourceRef:
        return SourceRef(file=self.file, sheet=self.sheet, row=self.number)


def column_letter(index: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def detect_encoding(head: bytes) -> str:
    """``utf-8-sig`` / ``utf-8`` if the bytes decode so, else ``gb18030`` (a GBK superset)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError as exc:
        raise InputError(
            f"无法识别文件编码 (既不是 UTF-8 也不是 GBK), 位于第 {exc.start} 字节附近"
        ) from exc


def is_spreadsheet(path: Path) -> bool:
    """By content: a ZIP (xlsx/ods) or OLE2 (xls) container; by suffix otherwise."""
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"PK\x03\x04") or magic.startswith(b"\xd0\xcf\x11\xe0"):
        return True
    return path.suffix.lower() in SPREADSHEET_SUFFIXES and not magic.strip()


def iter_csv_rows(path: Path, encoding: str | None = None) -> Iterator[Row]:
    """Stream the rows of a CSV file (comma, tab or semicolon separated)."""
    with path.open("rb") as raw:
        head = raw.read(_SNIFF_BYTES)
    enc = encoding or detect_encoding(head)
    sample = head.decode(enc, errors="ignore")
    try:
        dialect: Any = csv.Sniffer().sniff(sample.split("\n", 5)[0] if sample else ",", ",\t;")
    except csv.Error:
        dialect = csv.excel
    name = path.name
    with path.open("r", encoding=enc, newline="") as fh:
        reader = csv.reader(fh, dialect)
        try:
            for n, cells in enumerate(reader, start=1):
                yield Row(n, tuple(cells), name)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"文件编码错误 ({enc}) 在第 {reader.line_num + 1} 行附近", SourceRef(file=name)
            ) from exc
        except csv.Error as exc:
            raise InputError(
                f"CSV 格式错误: {exc}", SourceRef(file=name, row=reader.line_num)
            ) from exc


def _load_sheet(
    path: str, sheet: str | int | None, limits: IngestLimits
) -> tuple[str, int, list[tuple[Cell, ...]]]:
    """One worksheet's name, first row index and rows (run in a child: see below)."""
    try:
        return _read_sheet(path, sheet, limits)
    except BaseException as exc:  # calamine's panic on a damaged file is a BaseException
        if library_panic(exc):
            raise InputError(
                f"无法读取电子表格: 文件已损坏或格式异常 ({str(exc)[:120]})",
                SourceRef(file=Path(path).name),
            ) from exc
        raise


def _read_sheet(
    path: str, sheet: str | int | None, limits: IngestLimits
) -> tuple[str, int, list[tuple[Cell, ...]]]:
    import python_calamine as pc

    name = Path(path).name
    try:
        wb = pc.CalamineWorkbook.from_path(path)
    except Exception as exc:  # calamine raises several types for corrupt files
        raise InputError(f"无法读取电子表格: {exc}", SourceRef(file=name)) from exc
    try:
        if sheet is None:
            ws = wb.get_sheet_by_index(0)
        elif isinstance(sheet, int):
            ws = wb.get_sheet_by_index(sheet)
        else:
            ws = wb.get_sheet_by_name(sheet)
    except Exception as exc:
        raise InputError(
            f"找不到工作表 {sheet!r}; 现有: {', '.join(wb.sheet_names)}", SourceRef(file=name)
        ) from exc
    check_sheet_size(ws.height, ws.width, limits, SourceRef(file=name, sheet=ws.name))
    start = ws.start or (0, 0)
    return ws.name, start[0], [tuple(cells) for cells in ws.iter_rows()]


def iter_sheet_rows(
    path: Path, sheet: str | int | None = None, *, limits: IngestLimits | None = None
) -> Iterator[Row]:
    """Rows of one worksheet (the first by default), formulas as values.

    A ZIP workbook is inspected first (zip bombs, worksheet ranges: see
    :func:`jixiao.ingest.limits.check_zip`), and calamine runs in a child process with the
    ``[ingest]`` memory and time limits: a damaged file naming a far-away cell makes it
    ask for a dense block of gigabytes, which would otherwise abort this process.
    """
    lim = limits or default_limits()
    where = SourceRef(file=path.name)
    with path.open("rb") as fh:
        is_zip = fh.read(4) == b"PK\x03\x04"
    if is_zip:
        check_zip(path, lim, where, "电子表格")
    sheet_name, first, rows = run_isolated(
        _load_sheet, str(path), sheet, lim, where=where, limits=lim, what="电子表格"
    )
    for i, cells in enumerate(rows):
        yield Row(first + i + 1, cells, path.name, sheet_name)


def iter_rows(
    path: str | Path,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    limits: IngestLimits | None = None,
) -> Iterator[Row]:
    """Rows of a CSV or spreadsheet file, whichever the content is.

    CSV is streamed and not limited in size; spreadsheets are checked against the
    ``[ingest]`` limits (``limits``, else the national profile's with the environment).
    """
    p = Path(path)
    if not p.is_file():
        raise InputError("文件不存在", SourceRef(file=str(p)))
    if is_spreadsheet(p):
        return iter_sheet_rows(p, sheet, limits=limits)
    return iter_csv_rows(p, encoding)


def cell_text(value: Cell) -> str:
    """A cell as stripped text (numbers without a spurious ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def map_header(cells: Sequence[Cell], aliases: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """Match header cells to field names by normalised alias; returns field → column index.

    ``aliases`` maps a field name to the header spellings it accepts, e.g.
    ``{"amount": ["amount", "支付金额", "金额(元)"]}``. Matching ignores case, white space,
    full-width/ASCII punctuation and a trailing unit in brackets.
    """
    keys: dict[str, str] = {}
    for field, names in aliases.items():
        for n in (field, *names):
            keys.setdefault(normalize(n).lower(), field)
    found: dict[str, int] = {}
    for idx, cell in enumerate(cells):
        text = normalize(cell_text(cell)).lower()
        if not text:
            continue
        field_name = keys.get(text)
        if field_name is None and "(" in text:
            field_name = keys.get(text.split("(", 1)[0])
        if field_name is not None and field_name not in found:
            found[field_name] = idx
    return found


def header_unit(cells: Sequence[Cell], column: int) -> str | None:
    """The unit written in a header cell's brackets: ``支付金额(万元)`` → ``万元``."""
    if column >= len(cells):
        return None
    text = normalize(cell_text(cells[column]))
    if "(" in text and text.endswith(")"):
        return text[text.index("(") + 1 : -1] or None
    return None


def read_text_table(text: str) -> list[list[str]]:
    """Parse CSV text already in memory (for tests and pasted tables)."""
    return [list(r) for r in csv.reader(io.StringIO(text))]
