"""支付台账 (treasury payments ledger) reader: spending by project and month, with every issue.

A ledger is a CSV (UTF-8 or GBK) or spreadsheet with one payment a row. The header names
the columns in English or Chinese (``date,project_code,amount`` or
``支付日期,项目编码,支付金额(元)``; optional ``资金来源``/``fund_source`` and
``摘要``/``备注``/``note``). The amount unit comes from the header brackets
(``支付金额(万元)``), the ``amount_unit`` argument (``--amount-unit``), or the profile's
``[monitor.ledger] default_amount_unit`` (元), in that order; a header and an argument that
disagree are an error. Title rows above the header are skipped and reported.

Nothing is skipped silently. Every row that is not counted, or is counted but unusual, gives
a :class:`LedgerIssue` with its row number: bad dates and amounts, empty or unknown project
codes, rows after the as-of date or outside the plan year, duplicate rows (identical in every
cell; excluded by default, see ``[monitor.ledger] duplicates``) and refunds (negative
amounts: legal, counted, reported). Only the first ``max_listed_issues`` of each kind are
listed; all are counted.

The file is streamed once; memory does not grow with the number of rows except for the
duplicate check, which keeps one hash per counted row (``duplicates = "off"`` turns it off).
Amounts are Decimal in 元.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path

from jixiao.domain.errors import InputError
from jixiao.domain.model import SourceRef
from jixiao.domain.money import MoneyUnit
from jixiao.domain.text import fold_punctuation, normalize
from jixiao.ingest.limits import number_in_range
from jixiao.ingest.tabular import (
    Cell,
    Row,
    cell_text,
    column_letter,
    header_unit,
    iter_rows,
    map_header,
)
from jixiao.monitor.rules import MonitorRules

LEDGER_COLUMNS: dict[str, list[str]] = {
    "date": ["支付日期", "日期", "付款日期", "支付时间", "pay_date", "payment_date", "交易日期"],
    "project_code": ["项目编码", "项目代码", "项目编号", "pro_code", "code"],
    "amount": ["支付金额", "金额", "付款金额", "支出金额", "pay_amt", "amt"],
    "fund_source": ["资金来源", "资金性质", "fund", "source"],
    "note": ["摘要", "备注", "用途", "notes", "remark", "remarks"],
    "voucher": ["凭证号", "支付凭证号", "流水号", "voucher", "voucher_no"],
}
REQUIRED = ("date", "project_code", "amount")


class IssueKind(StrEnum):
    """Kinds of ledger issues (台账问题类型)."""

    BAD_DATE = "bad_date"
    BAD_AMOUNT = "bad_amount"
    MISSING_CODE = "missing_code"
    UNKNOWN_PROJECT = "unknown_project"
    OTHER_YEAR = "other_year"
    AFTER_AS_OF = "after_as_of"
    DUPLICATE = "duplicate"
    REFUND = "refund"
    BLANK_ROW = "blank_row"
    TITLE_ROW = "title_row"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def severity(self) -> str:
        """``error`` (row not usable), ``warning`` (check it) or ``info``."""
        return _KIND_SEVERITY[self]


_KIND_LABELS = {
    IssueKind.BAD_DATE: "日期无效",
    IssueKind.BAD_AMOUNT: "金额无效",
    IssueKind.MISSING_CODE: "项目编码为空",
    IssueKind.UNKNOWN_PROJECT: "项目编码不在计划中",
    IssueKind.OTHER_YEAR: "不属于计划年度",
    IssueKind.AFTER_AS_OF: "晚于截止日期",
    IssueKind.DUPLICATE: "重复行",
    IssueKind.REFUND: "退款 (负数金额)",
    IssueKind.BLANK_ROW: "空行",
    IssueKind.TITLE_ROW: "表头前的标题行",
}
_KIND_SEVERITY = {
    IssueKind.BAD_DATE: "error",
    IssueKind.BAD_AMOUNT: "error",
    IssueKind.MISSING_CODE: "error",
    IssueKind.UNKNOWN_PROJECT: "error",
    IssueKind.OTHER_YEAR: "warning",
    IssueKind.AFTER_AS_OF: "info",
    IssueKind.DUPLICATE: "warning",
    IssueKind.REFUND: "info",
    IssueKind.BLANK_ROW: "info",
    IssueKind.TITLE_ROW: "info",
}


@dataclass(frozen=True, slots=True)
class LedgerIssue:
    """One ledger row that was excluded or needs a look, with its row number and reason."""

    row: int
    kind: IssueKind
    message: str
    counted: bool
    source: SourceRef
    project_code: str | None = None
    amount_yuan: Decimal | None = None

    def describe(self) -> str:
        return f"{self.source.describe()}: {self.message}"


@dataclass(slots=True)
class ProjectSpending:
    """A project's counted payments: by month (index 0 = January), by fund source, refunds."""

    code: str
    by_month: list[Decimal] = field(default_factory=lambda: [Decimal(0)] * 12)
    by_source: dict[str, Decimal] = field(default_factory=dict)
    rows: int = 0
    refunds: int = 0
    refunds_yuan: Decimal = Decimal(0)

    @property
    def total_yuan(self) -> Decimal:
        return sum(self.by_month, Decimal(0))

    def cumulative_yuan(self, month: int) -> Decimal:
        """Spending from January to the end of ``month`` (1..12)."""
        return sum(self.by_month[:month], Decimal(0))


@dataclass(slots=True)
class UnknownCode:
    """Payments booked to a code that is not in the plan (not counted)."""

    code: str
    rows: int = 0
    yuan: Decimal = Decimal(0)
    first_row: int = 0


@dataclass(slots=True)
class LedgerResult:
    """What a ledger gave: spending by project, and every issue found on the way."""

    file: str
    amount_unit: MoneyUnit
    unit_source: str  # "header" | "option" | "default"
    header_row: int
    as_of: date
    year: int
    by_project: dict[str, ProjectSpending]
    issues: list[LedgerIssue] = field(default_factory=list)
    issue_counts: dict[IssueKind, int] = field(default_factory=dict)
    excluded_yuan: dict[IssueKind, Decimal] = field(default_factory=dict)
    unknown_codes: dict[str, UnknownCode] = field(default_factory=dict)
    rows_read: int = 0  # data rows after the header, blank rows included
    rows_counted: int = 0

    @property
    def total_yuan(self) -> Decimal:
        return sum((p.total_yuan for p in self.by_project.values()), Decimal(0))

    @property
    def rows_excluded(self) -> int:
        return sum(n for k, n in self.issue_counts.items() if not _counted_kind(k))

    @property
    def errors(self) -> list[LedgerIssue]:
        return [i for i in self.issues if i.kind.severity == "error"]

    def count(self, kind: IssueKind) -> int:
        return self.issue_counts.get(kind, 0)

    def spending(self, code: str) -> ProjectSpending:
        """The project's spending (empty when the ledger has no row for it)."""
        return self.by_project.get(code) or ProjectSpending(code)


def _counted_kind(kind: IssueKind) -> bool:
    return kind is IssueKind.REFUND


# --- cell readers ------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = date(1899, 12, 30)
_AMOUNT_JUNK = str.maketrans("", "", ",，  ¥￥元")
_CACHE_LIMIT = 50_000


def parse_date(cell: Cell) -> date | None:
    """A date cell: a date/datetime, ``2023-07-31``, ``2023/7/31``, ``2023年7月31日``,
    ``20230731``, an optional time after the date, or an Excel serial number."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, int | float):
        if 19000101 <= cell <= 29991231 and float(cell).is_integer():
            return parse_date(str(int(cell)))
        if 1 <= cell < 2958466:  # Excel serial day numbers (1900 date system)
            return _EXCEL_EPOCH + timedelta(days=int(cell))
        return None
    text = fold_punctuation(str(cell)).strip()
    m = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_amount(cell: Cell) -> Decimal | None:
    """An amount cell as Decimal: ``1234.50``, ``1,234.50``, ``¥1234``, ``(100.00)`` = −100."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, int):
        d = Decimal(cell)
        return d if number_in_range(d) else None
    if isinstance(cell, float):
        d = Decimal(repr(cell))
        return d if number_in_range(d) else None
    if not isinstance(cell, str):
        return None
    try:
        d = Decimal(cell)
    except InvalidOperation:
        text = fold_punctuation(cell).translate(_AMOUNT_JUNK).strip()
        negative = text.startswith("(") and text.endswith(")")
        if negative:
            text = text[1:-1]
        try:
            d = Decimal(text)
        except InvalidOperation:
            return None
        if negative:
            d = -d
    return d if number_in_range(d) else None


# --- header ------------------------------------------------------------------------------


def find_header(
    rows: Iterator[Row],
    columns: Mapping[str, list[str]],
    required: tuple[str, ...],
    search_rows: int,
    file: str,
    what: str,
) -> tuple[Row, dict[str, int], list[Row]]:
    """The header row among the first ``search_rows`` rows, its field → column map, and the
    rows before it (title rows). :class:`InputError` naming the missing columns otherwise."""
    skipped: list[Row] = []
    best: tuple[int, Row | None, list[str]] = (-1, None, [])
    for row in rows:
        found = map_header(row.cells, columns)
        missing = [f for f in required if f not in found]
        if not missing:
            return row, found, skipped
        if len(found) > best[0]:
            best = (len(found), row, missing)
        skipped.append(row)
        if len(skipped) >= search_rows:
            break
    names = "; ".join(f"{f} ({' / '.join(columns[f][:2])})" for f in required)
    if best[1] is None:
        raise InputError(f"{what}为空, 需要表头: {names}", SourceRef(file=file))
    missing_names = ", ".join(f"{f} ({columns[f][0]})" for f in best[2])
    raise InputError(
        f"找不到{what}表头 (前 {search_rows} 行): 缺少列 {missing_names}; 需要: {names}",
        SourceRef(file=file, row=best[1].number),
    )


def _resolve_unit(
    header: Row, column: int, option: MoneyUnit | None, default: MoneyUnit, file: str, what: str
) -> tuple[MoneyUnit, str]:
    written = header_unit(header.cells, column)
    unit: MoneyUnit | None = None
    if written:
        try:
            unit = MoneyUnit.parse(written)
        except ValueError as exc:
            raise InputError(
                f"{what}金额列的单位 {written!r} 无法识别 (应为 元 / 万元 / 亿元)",
                SourceRef(
                    file=file, row=header.number, cell=f"{column_letter(column)}{header.number}"
                ),
            ) from exc
    if unit is not None and option is not None and unit is not option:
        raise InputError(
            f"{what}表头写明金额单位为 {unit.value}, 与指定的 --amount-unit {option.value} 不一致",
            SourceRef(file=file, row=header.number, cell=f"{column_letter(column)}{header.number}"),
        )
    if unit is not None:
        return unit, "header"
    if option is not None:
        return option, "option"
    return default, "default"


# --- aggregation -------------------------------------------------------------------------


def read_ledger(
    path: str | Path,
    *,
    project_codes: Iterable[str],
    as_of: date,
    rules: MonitorRules,
    year: int | None = None,
    amount_unit: MoneyUnit | None = None,
) -> LedgerResult:
    """Read a payments ledger file (CSV/XLSX) once and aggregate it (see the module doc)."""
    p = Path(path)
    return aggregate_ledger(
        iter_rows(p),
        file=p.name,
        project_codes=project_codes,
        as_of=as_of,
        rules=rules,
        year=year,
        amount_unit=amount_unit,
    )


def aggregate_ledger(
    rows: Iterable[Row],
    *,
    file: str,
    project_codes: Iterable[str],
    as_of: date,
    rules: MonitorRules,
    year: int | None = None,
    amount_unit: MoneyUnit | None = None,
) -> LedgerResult:
    """Aggregate ledger rows (header first) into spending by project and month."""
    year = as_of.year if year is None else year
    it = iter(rows)
    header, cols, titles = find_header(
        it, LEDGER_COLUMNS, REQUIRED, rules.header_search_rows, file, "支付台账"
    )
    unit, unit_source = _resolve_unit(
        header, cols["amount"], amount_unit, rules.ledger_default_unit, file, "支付台账"
    )
    factor = unit.factor
    codes = {c: c for c in project_codes if c}
    by_norm = {normalize(c): c for c in codes}
    result = LedgerResult(
        file=file,
        amount_unit=unit,
        unit_source=unit_source,
        header_row=header.number,
        as_of=as_of,
        year=year,
        by_project={c: ProjectSpending(c) for c in codes},
    )
    issues = result.issues
    counts = result.issue_counts
    excluded = result.excluded_yuan
    limit = rules.max_listed_issues
    dup_mode = rules.ledger_duplicates
    seen: dict[int, int] = {}
    zero = Decimal(0)

    counted_kinds = {IssueKind.REFUND} | ({IssueKind.DUPLICATE} if dup_mode == "keep" else set())

    def report(
        row: Row,
        kind: IssueKind,
        template: str,
        *args: object,
        code: str | None = None,
        yuan: Decimal | None = None,
        column: int | None = None,
    ) -> None:
        """Count an issue; list it (message formatted) only while under the limit."""
        n = counts.get(kind, 0) + 1
        counts[kind] = n
        counted = kind in counted_kinds
        if yuan is not None and not counted:
            excluded[kind] = excluded.get(kind, zero) + yuan
        if n <= limit:
            src = row.source
            if column is not None:
                src = SourceRef(
                    file=src.file,
                    sheet=src.sheet,
                    row=src.row,
                    cell=f"{column_letter(column)}{row.number}",
                )
            message = template.format(*args) if args else template
            issues.append(LedgerIssue(row.number, kind, message, counted, src, code, yuan))

    for t in titles:
        if any(c not in (None, "") for c in t.cells):
            report(t, IssueKind.TITLE_ROW, "表头 (第{}行) 之前的内容, 未计入", header.number)

    di, ci, ai = cols["date"], cols["project_code"], cols["amount"]
    si = cols.get("fund_source")
    width = max(di, ci, ai, si if si is not None else 0) + 1
    # caches: raw date cell → (date, month index) or None; raw code → project code or None
    date_cache: dict[Cell, tuple[date, int] | None] = {}
    code_cache: dict[str, str | None] = {}
    year_start = date(year, 1, 1)
    spend = result.by_project
    rows_read = 0
    rows_counted = 0
    check_dups = dup_mode != "off"
    keep_dups = dup_mode == "keep"

    for row in it:
        rows_read += 1
        cells = row.cells
        if len(cells) < width:
            if not any(c not in (None, "") for c in cells):
                report(row, IssueKind.BLANK_ROW, "空行")
                continue
            cells = cells + (None,) * (width - len(cells))
        elif not any(cells) and all(c is None or c == "" for c in cells):
            report(row, IssueKind.BLANK_ROW, "空行")
            continue
        # amount (fast path: a plain number as text)
        raw_amount = cells[ai]
        amount: Decimal | None
        if raw_amount.__class__ is str:
            try:
                amount = Decimal(raw_amount)
                if not number_in_range(amount):
                    amount = None
            except InvalidOperation:
                amount = parse_amount(raw_amount)
        else:
            amount = parse_amount(raw_amount)
        if amount is None:
            shown = cell_text(raw_amount)
            report(
                row,
                IssueKind.BAD_AMOUNT,
                "金额无效: {!r}, 未计入" if shown else "金额为空, 未计入",
                *((shown,) if shown else ()),
                column=ai,
            )
            continue
        yuan = amount * factor if factor != 1 else amount
        # date
        raw_date = cells[di]
        try:
            dm = date_cache[raw_date]
        except KeyError:
            parsed = parse_date(raw_date)
            dm = (parsed, parsed.month - 1) if parsed is not None else None
            if len(date_cache) < _CACHE_LIMIT:
                date_cache[raw_date] = dm
        if dm is None:
            shown = cell_text(raw_date)
            report(
                row,
                IssueKind.BAD_DATE,
                "日期无效: {!r}, 未计入" if shown else "日期为空, 未计入",
                *((shown,) if shown else ()),
                yuan=yuan,
                column=di,
            )
            continue
        d = dm[0]
        # project code
        raw_code = cells[ci]
        text = raw_code.strip() if raw_code.__class__ is str else cell_text(raw_code)
        code = codes.get(text)
        if code is None:
            if not text:
                report(row, IssueKind.MISSING_CODE, "项目编码为空, 未计入", yuan=yuan, column=ci)
                continue
            if text in code_cache:
                code = code_cache[text]
            else:
                code = by_norm.get(normalize(text))
                if len(code_cache) < _CACHE_LIMIT:
                    code_cache[text] = code
            if code is None:
                unk = result.unknown_codes.get(text)
                if unk is None:
                    unk = result.unknown_codes[text] = UnknownCode(text, first_row=row.number)
                unk.rows += 1
                unk.yuan += yuan
                report(
                    row,
                    IssueKind.UNKNOWN_PROJECT,
                    "项目编码 {} 不在计划中, 未计入",
                    text,
                    code=text,
                    yuan=yuan,
                    column=ci,
                )
                continue
        # period
        if d > as_of:
            report(
                row,
                IssueKind.AFTER_AS_OF,
                "支付日期 {} 晚于截止日期 {}, 未计入",
                d,
                as_of,
                code=code,
                yuan=yuan,
                column=di,
            )
            continue
        if d < year_start:
            report(
                row,
                IssueKind.OTHER_YEAR,
                "支付日期 {} 不在 {} 年度, 未计入",
                d,
                year,
                code=code,
                yuan=yuan,
                column=di,
            )
            continue
        # duplicates: one hash per counted row (a 64-bit hash of the cells)
        if check_dups:
            n = row.number
            first = seen.setdefault(hash(cells), n)
            if first != n:
                report(
                    row,
                    IssueKind.DUPLICATE,
                    "与第{}行完全相同, {}",
                    first,
                    "已计入" if keep_dups else "未计入",
                    code=code,
                    yuan=yuan,
                )
                if not keep_dups:
                    continue
        # count it
        ps = spend[code]
        ps.by_month[dm[1]] += yuan
        ps.rows += 1
        rows_counted += 1
        if si is not None:
            raw_source = cells[si]
            src_name = (
                raw_source.strip() if raw_source.__class__ is str else cell_text(raw_source)
            ) or "(未注明)"
            ps.by_source[src_name] = ps.by_source.get(src_name, zero) + yuan
        if yuan < 0:
            ps.refunds += 1
            ps.refunds_yuan += yuan
            report(
                row,
                IssueKind.REFUND,
                "退款 {}{}, 已冲减支出",
                amount,
                unit.value,
                code=code,
                yuan=yuan,
            )
    result.rows_read = rows_read
    result.rows_counted = rows_counted
    return result
