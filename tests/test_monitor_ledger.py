"""支付台账 reading: headers, units, encodings, and every issue with its row number."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from jixiao.domain.errors import InputError
from jixiao.domain.money import MoneyUnit
from jixiao.monitor.ledger import (
    IssueKind,
    LedgerResult,
    parse_amount,
    parse_date,
    read_ledger,
)
from jixiao.monitor.rules import MonitorRules, rules_from_profile

RULES = rules_from_profile("national")
CODES = ["103001001", "103001002"]
AS_OF = date(2023, 7, 31)


def _ledger(tmp_path: Path, text: str, name: str = "ledger.csv", encoding: str = "utf-8") -> Path:
    f = tmp_path / name
    f.write_bytes(text.encode(encoding))
    return f


def _read(
    path: Path, *, rules: MonitorRules = RULES, amount_unit: MoneyUnit | None = None
) -> LedgerResult:
    return read_ledger(path, project_codes=CODES, as_of=AS_OF, rules=rules, amount_unit=amount_unit)


def test_english_header_amounts_in_yuan(tmp_path: Path) -> None:
    f = _ledger(
        tmp_path,
        "date,project_code,amount\n"
        "2023-01-05,103001001,1000.50\n"
        "2023-03-31,103001001,2000\n"
        "2023-03-31,103001002,500000\n",
    )
    res = _read(f)
    assert res.amount_unit is MoneyUnit.YUAN and res.unit_source == "default"
    p1 = res.by_project["103001001"]
    # January 1000.50, March 2000 → 3000.50 元
    assert p1.by_month[0] == Decimal("1000.50") and p1.by_month[2] == Decimal(2000)
    assert p1.total_yuan == Decimal("3000.50")
    assert res.by_project["103001002"].total_yuan == Decimal(500000)
    assert res.rows_read == 3 and res.rows_counted == 3 and res.issues == []


def test_chinese_header_gbk_with_fund_source(tmp_path: Path) -> None:
    f = _ledger(
        tmp_path,
        "支付日期,项目编码,支付金额(元),资金来源,摘要\n"
        "2023/2/1,103001001,1500.00,财政拨款,招商差旅费\n"
        '2023年6月30日,103001001,"2,500.00",其他资金,会务费\n',
        encoding="gbk",
    )
    res = _read(f)
    assert res.unit_source == "header" and res.amount_unit is MoneyUnit.YUAN
    p = res.by_project["103001001"]
    assert p.total_yuan == Decimal(4000)  # 1500 + 2500 (thousands separator read)
    assert p.by_source == {"财政拨款": Decimal(1500), "其他资金": Decimal(2500)}


def test_amounts_in_wan_from_header(tmp_path: Path) -> None:
    f = _ledger(tmp_path, "支付日期,项目编码,支付金额(万元)\n2023-04-01,103001002,12.5\n")
    res = _read(f)
    # 12.5 万元 = 125000 元
    assert res.amount_unit is MoneyUnit.WAN
    assert res.by_project["103001002"].total_yuan == Decimal(125000)


def test_amount_unit_option_and_conflict(tmp_path: Path) -> None:
    f = _ledger(tmp_path, "date,project_code,amount\n2023-04-01,103001002,3\n")
    res = _read(f, amount_unit=MoneyUnit.WAN)
    assert res.unit_source == "option" and res.by_project["103001002"].total_yuan == Decimal(30000)
    g = _ledger(tmp_path, "支付日期,项目编码,支付金额(元)\n2023-04-01,103001002,3\n", "g.csv")
    with pytest.raises(InputError, match="不一致") as exc:
        _read(g, amount_unit=MoneyUnit.WAN)
    assert exc.value.source is not None and exc.value.source.cell == "C1"
    h = _ledger(tmp_path, "支付日期,项目编码,支付金额(美元)\n2023-04-01,103001002,3\n", "h.csv")
    with pytest.raises(InputError, match="美元"):
        _read(h)


def test_every_problem_reported_with_its_row_number(tmp_path: Path) -> None:
    f = _ledger(
        tmp_path,
        "支付日期,项目编码,支付金额(元),摘要\n"  # row 1
        "2023-02-30,103001001,100,bad date\n"  # row 2: 30 February
        "2023-03-01,103001001,abc,bad amount\n"  # row 3
        "2023-03-02,999999999,700,unknown\n"  # row 4
        "2023-03-03,,50,no code\n"  # row 5
        "2023-03-04,103001001,300,ok\n"  # row 6
        "2023-03-04,103001001,300,ok\n"  # row 7: duplicate of row 6
        "2023-03-05,103001001,-120.00,退款\n"  # row 8: refund (kept)
        "2023-08-01,103001001,400,after as-of\n"  # row 9
        "2022-12-31,103001001,900,last year\n"  # row 10
        ",,,\n"  # row 11: blank
        "2023-03-06,999999999,1.5,unknown again\n",  # row 12
    )
    res = _read(f)
    by_kind = {i.kind: i for i in res.issues}
    assert (
        by_kind[IssueKind.BAD_DATE].row == 2 and "2023-02-30" in by_kind[IssueKind.BAD_DATE].message
    )
    assert by_kind[IssueKind.BAD_DATE].source.cell == "A2"
    assert (
        by_kind[IssueKind.BAD_AMOUNT].row == 3 and by_kind[IssueKind.BAD_AMOUNT].source.cell == "C3"
    )
    assert [i.row for i in res.issues if i.kind is IssueKind.UNKNOWN_PROJECT] == [4, 12]
    assert by_kind[IssueKind.MISSING_CODE].row == 5
    dup = by_kind[IssueKind.DUPLICATE]
    assert dup.row == 7 and "第6行" in dup.message and not dup.counted
    refund = by_kind[IssueKind.REFUND]
    assert refund.row == 8 and refund.counted and refund.amount_yuan == Decimal("-120.00")
    assert by_kind[IssueKind.AFTER_AS_OF].row == 9
    assert by_kind[IssueKind.OTHER_YEAR].row == 10
    assert by_kind[IssueKind.BLANK_ROW].row == 11
    # counted: row 6 (300) and the refund (−120) → 180 元, all in March
    p = res.by_project["103001001"]
    assert p.total_yuan == Decimal(180) and p.by_month[2] == Decimal(180)
    assert p.refunds == 1 and p.refunds_yuan == Decimal("-120.00")
    assert res.rows_read == 11 and res.rows_counted == 2
    # 11 data rows = 2 counted + 9 excluded; nothing unaccounted for
    assert res.rows_excluded == 9
    assert res.unknown_codes["999999999"].rows == 2
    assert res.unknown_codes["999999999"].yuan == Decimal("701.5")
    assert res.unknown_codes["999999999"].first_row == 4
    assert res.excluded_yuan[IssueKind.AFTER_AS_OF] == Decimal(400)
    assert res.excluded_yuan[IssueKind.DUPLICATE] == Decimal(300)


def test_gbk_ledger_errors_have_row_numbers(tmp_path: Path) -> None:
    f = _ledger(
        tmp_path,
        "支付日期,项目编码,支付金额(元)\n2023-01-05,103001001,100\n二〇二三年,103001001,5\n",
        encoding="gbk",
    )
    res = _read(f)
    assert [(i.row, i.kind) for i in res.issues] == [(3, IssueKind.BAD_DATE)]
    assert "二〇二三年" in res.issues[0].message
    assert res.issues[0].describe().startswith("ledger.csv")


def test_duplicates_kept_or_unchecked_by_profile(tmp_path: Path) -> None:
    text = "date,project_code,amount\n2023-03-04,103001001,300\n2023-03-04,103001001,300\n"
    f = _ledger(tmp_path, text)
    keep = _read(f, rules=replace(RULES, ledger_duplicates="keep"))
    assert keep.by_project["103001001"].total_yuan == 600
    assert keep.count(IssueKind.DUPLICATE) == 1 and keep.issues[0].counted
    off = _read(f, rules=replace(RULES, ledger_duplicates="off"))
    assert off.by_project["103001001"].total_yuan == 600 and off.issues == []
    default = _read(f)
    assert default.by_project["103001001"].total_yuan == 300


def test_title_rows_before_header_are_reported(tmp_path: Path) -> None:
    f = _ledger(
        tmp_path,
        "国库集中支付明细表,,\n导出日期: 2023-08-01,,\n支付日期,项目编码,支付金额(元)\n"
        "2023-05-05,103001002,10\n",
    )
    res = _read(f)
    assert res.header_row == 3
    assert [(i.row, i.kind) for i in res.issues] == [
        (1, IssueKind.TITLE_ROW),
        (2, IssueKind.TITLE_ROW),
    ]
    assert res.by_project["103001002"].total_yuan == 10


def test_missing_columns_is_an_error_naming_them(tmp_path: Path) -> None:
    f = _ledger(tmp_path, "日期,编号,金额\n2023-01-01,1,2\n")
    with pytest.raises(InputError, match="project_code") as exc:
        _read(f)
    assert "项目编码" in str(exc.value)
    empty = _ledger(tmp_path, "", "empty.csv")
    with pytest.raises(InputError, match="为空"):
        _read(empty)


def test_listing_is_capped_but_counts_are_complete(tmp_path: Path) -> None:
    rows = "".join(f"2023-09-{d:02d},103001001,1\n" for d in range(1, 21))
    f = _ledger(tmp_path, "date,project_code,amount\n" + rows)
    res = _read(f, rules=replace(RULES, max_listed_issues=5))
    assert res.count(IssueKind.AFTER_AS_OF) == 20
    assert len(res.issues) == 5 and [i.row for i in res.issues] == [2, 3, 4, 5, 6]
    assert res.excluded_yuan[IssueKind.AFTER_AS_OF] == 20


def test_xlsx_ledger_with_real_dates_and_numbers(tmp_path: Path) -> None:
    f = tmp_path / "ledger.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["支付日期", "项目编码", "支付金额(万元)"])
    ws.append([datetime(2023, 6, 30), "103001001", 12.5])
    ws.append([datetime(2023, 7, 1), 103001002, 100])  # code typed as a number
    ws.append(["2023-07-32", "103001001", 1])
    wb.save(f)
    res = _read(f)
    assert res.by_project["103001001"].by_month[5] == Decimal(125000)
    assert res.by_project["103001002"].total_yuan == Decimal(1000000)
    assert [(i.row, i.kind, i.source.sheet) for i in res.issues] == [
        (4, IssueKind.BAD_DATE, ws.title)
    ]


def test_parse_date_forms() -> None:
    assert parse_date("2023-07-31") == date(2023, 7, 31)
    assert parse_date("2023/7/1") == date(2023, 7, 1)
    assert parse_date("2023.07.01") == date(2023, 7, 1)
    assert parse_date("2023年7月1日") == date(2023, 7, 1)
    assert parse_date("20230701") == date(2023, 7, 1)
    assert parse_date("2023-07-01 10:22:01") == date(2023, 7, 1)
    assert parse_date(20230701) == date(2023, 7, 1)
    assert parse_date(45138.0) == date(2023, 7, 31)  # Excel serial number
    assert (
        parse_date("2023-13-01") is None and parse_date("七月") is None and parse_date(None) is None
    )


def test_parse_amount_forms() -> None:
    assert parse_amount("1,234.50") == Decimal("1234.50")
    assert parse_amount("¥1234") == Decimal(1234)
    assert parse_amount("（100.00）") == Decimal("-100.00")
    assert parse_amount("-20") == Decimal(-20)
    assert parse_amount(12.5) == Decimal("12.5")
    assert parse_amount("NaN") is None and parse_amount("") is None and parse_amount("abc") is None
    assert parse_amount(True) is None
