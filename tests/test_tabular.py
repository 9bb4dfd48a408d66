from datetime import date
from pathlib import Path

import openpyxl
import pytest

from jixiao.domain.errors import InputError
from jixiao.ingest.tabular import (
    cell_text,
    column_letter,
    detect_encoding,
    header_unit,
    iter_rows,
    map_header,
)

ALIASES = {"date": ["支付日期"], "project_code": ["项目编码"], "amount": ["支付金额", "金额"]}


def test_column_letters():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_gbk_csv_is_detected_and_read(tmp_path: Path):
    f = tmp_path / "ledger.csv"
    f.write_bytes("支付日期,项目编码,支付金额(元)\n2023-01-05,103001001,1000.50\n".encode("gbk"))
    assert detect_encoding(f.read_bytes()) == "gb18030"
    rows = list(iter_rows(f))
    assert rows[0].cells == ("支付日期", "项目编码", "支付金额(元)")
    assert rows[1].number == 2 and rows[1].cells[2] == "1000.50"
    assert rows[1].source.row == 2 and rows[1].source.file == "ledger.csv"


def test_utf8_bom_csv(tmp_path: Path):
    f = tmp_path / "a.csv"
    f.write_bytes("\ufeffdate,project_code,amount\n".encode())
    assert next(iter(iter_rows(f))).cells == ("date", "project_code", "amount")


def test_header_mapping_ignores_units_and_width():
    header = ("支付日期", "项目编码 ", "支付金额（万元）", "备注")
    cols = map_header(header, ALIASES)
    assert cols == {"date": 0, "project_code": 1, "amount": 2}
    assert header_unit(header, 2) == "万元"
    assert header_unit(header, 0) is None


def test_xlsx_rows_carry_sheet_and_values(tmp_path: Path):
    f = tmp_path / "ledger.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "支付"
    ws.append(["支付日期", "项目编码", "支付金额"])
    ws.append([date(2023, 2, 1), "103001002", 20])
    ws["D2"] = "=C2*2"
    wb.save(f)
    rows = list(iter_rows(f))
    assert rows[1].source.sheet == "支付" and rows[1].number == 2
    assert cell_text(rows[1].cells[0]).startswith("2023-02-01")
    assert cell_text(rows[1].cells[2]) == "20"


def test_missing_and_corrupt_files(tmp_path: Path):
    with pytest.raises(InputError, match="文件不存在"):
        list(iter_rows(tmp_path / "none.csv"))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="无法读取电子表格"):
        list(iter_rows(bad))
