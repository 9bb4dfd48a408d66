"""The readers' rules one by one, on small inputs written in the test (读取规则).

Grids and wrapped text; HTML spans, layout tables, hidden parts and encodings; Word merges
written as Word writes them; spreadsheet values (dates, percents, formula errors, hidden
sheets); the PDF page-joining rules on hand-made table parts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jixiao.domain.model import SourceRef
from jixiao.ingest.grid import Grid, GridCell, clean_cell_text, join_wrapped_lines
from jixiao.ingest.html import decode_html, read_html_text
from jixiao.ingest.pdf import _Part, _PCell
from jixiao.ingest.xlsx import cell_value_text, read_spreadsheet

# ---------------------------------------------------------------- grid


def test_wrapped_lines_join_without_spaces_between_chinese() -> None:
    assert join_wrapped_lines("跨境电商交易\n额") == "跨境电商交易额"
    assert join_wrapped_lines("预算数 150\n万元。") == "预算数 150万元。"
    assert join_wrapped_lines("Total\namount") == "Total amount"
    assert join_wrapped_lines("  指标值确\r\n定依据  ") == "指标值确定依据"
    assert join_wrapped_lines("\n\n") == ""


def test_clean_cell_text_repairs_radicals_only() -> None:
    # ⽬ (U+2F6C) and ⻓ (U+2ED3) become 目 and 长; full-width punctuation stays as written
    assert clean_cell_text("项\u2f6c（增\u2ed3）") == "项目（增长）"
    assert clean_cell_text(None) == ""


def _cell(text: str, row: int, col: int, rowspan: int = 1, colspan: int = 1) -> GridCell:
    return GridCell(text, SourceRef(file="t", row=row, column=col), rowspan, colspan)


def test_filled_repeats_merged_cells_over_what_they_cover() -> None:
    a = _cell("产出指标", 1, 1, rowspan=2)
    b = _cell("目标", 1, 2, colspan=2)
    grid = Grid([[a, b, None], [None, _cell("x", 2, 2), _cell("y", 2, 3)]], SourceRef(file="t"))
    assert grid.texts() == [["产出指标", "目标", "目标"], ["产出指标", "x", "y"]]
    assert grid.texts(filled=False) == [["产出指标", "目标", ""], ["", "x", "y"]]
    assert [c.text for c in grid.cells()] == ["产出指标", "目标", "x", "y"]
    assert (grid.width, grid.height) == (3, 2)


# ---------------------------------------------------------------- HTML


def test_html_rowspan_colspan_and_rowspan_zero() -> None:
    doc = read_html_text(
        """<table>
        <tr><th rowspan="0">产出指标</th><td colspan="2">数量指标</td></tr>
        <tr><td>签约项目</td><td>15个</td></tr>
        <tr><td>项目完成率</td><td>100%</td></tr>
        </table>""",
        name="t.html",
    )
    (grid,) = doc.grids
    assert grid.texts() == [
        ["产出指标", "数量指标", "数量指标"],
        ["产出指标", "签约项目", "15个"],
        ["产出指标", "项目完成率", "100%"],
    ]
    first = grid.rows[0][0]
    assert first is not None and first.rowspan == 3
    cell = grid.rows[2][2]
    assert cell is not None and (cell.source.table, cell.source.row, cell.source.column) == (
        1,
        3,
        3,
    )


def test_html_layout_tables_are_looked_through() -> None:
    doc = read_html_text(
        """<html><body><table width="980"><tr><td>
        <p>（一）完善制度建设。制定制度。</p>
        <table border="1"><tr><td>一级指标</td><td>二级指标</td></tr>
        <tr><td>产出指标</td><td>数量指标</td></tr></table>
        </td></tr></table>
        <table><tr><td>只有一个单元格的版式表格</td></tr></table>
        <div style="display:none">隐藏的文字</div><script>var x = "<td>";</script>
        </body></html>""",
        name="t.html",
    )
    assert [type(b).__name__ for b in doc.blocks] == ["TextBlock", "Grid", "TextBlock"]
    assert doc.texts[0].text == "（一）完善制度建设。制定制度。"
    assert doc.texts[1].text == "只有一个单元格的版式表格"
    assert doc.grids[0].source.table == 1
    assert "隐藏" not in "".join(b.text for b in doc.texts)


def test_html_br_breaks_text_blocks_and_source_lines_are_kept() -> None:
    doc = read_html_text("<p>第一行<br>第二行</p>\n\n<p>第三\n  段</p>", name="t.html")
    assert [b.text for b in doc.texts] == ["第一行\n第二行", "第三段"]
    assert [b.source.line for b in doc.texts] == [1, 3]


def test_html_encodings() -> None:
    page = "<html><head><meta charset='gb2312'></head><body><p>项目编码</p></body></html>"
    assert decode_html(page.encode("gb18030")) == page
    assert decode_html("<p>绩效</p>".encode("gbk")) == "<p>绩效</p>"  # no charset: GB18030 guess
    assert decode_html(b"\xef\xbb\xbf<p>\xe7\xbb\xa9</p>") == "<p>绩</p>"  # UTF-8 BOM
    assert decode_html("<p>绩</p>".encode("utf-16")) == "<p>绩</p>"


def test_html_with_nothing_in_it() -> None:
    from jixiao.domain.errors import InputError

    with pytest.raises(InputError, match="没有任何文字或表格"):
        read_html_text("<html><body><script>x()</script></body></html>", name="t.html")


# ---------------------------------------------------------------- Word


def test_docx_merges_written_as_word_writes_them(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("一、总体绩效目标")
    t = d.add_table(rows=4, cols=3)
    texts = [
        ["一级指标", "二级指标", "三级指标"],
        ["产出指标", "数量指标", "签约项目"],
        ["", "", "跨境电商交易额"],
        ["", "质量指标", "项目完成率"],
    ]
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            if text:
                t.cell(r, c).text = text
    t.cell(1, 0).merge(t.cell(3, 0))  # 产出指标 over three rows
    t.cell(1, 1).merge(t.cell(2, 1))  # 数量指标 over two rows
    d.add_paragraph("（一）完善制度建设。")
    path = tmp_path / "t.docx"
    d.save(str(path))

    from jixiao.ingest.docx import read_docx

    doc = read_docx(path)
    assert [type(b).__name__ for b in doc.blocks] == ["TextBlock", "Grid", "TextBlock"]
    grid = doc.grids[0]
    level1 = grid.rows[1][0]
    assert level1 is not None and level1.text == "产出指标" and level1.rowspan == 3
    assert grid.rows[2][0] is None and grid.rows[3][0] is None
    level2 = grid.rows[1][1]
    assert level2 is not None and level2.rowspan == 2
    assert grid.texts()[3] == ["产出指标", "质量指标", "项目完成率"]
    assert [b.source.line for b in doc.texts] == [1, 2]  # paragraph numbers


# ---------------------------------------------------------------- spreadsheets


def test_cell_values_as_shown() -> None:
    assert cell_value_text(150.0) == "150"
    assert cell_value_text(0.1, percent=True) == "10%"
    assert cell_value_text(0.955, percent=True) == "95.5%"
    assert cell_value_text(3309840.5) == "3309840.5"
    assert cell_value_text(dt.date(2023, 12, 31)) == "2023-12-31"
    assert cell_value_text(dt.datetime(2023, 6, 30, 0, 0)) == "2023-06-30"
    assert cell_value_text(dt.datetime(2023, 6, 30, 8, 30)) == "2023-06-30 08:30:00"
    assert cell_value_text(True) == "TRUE"
    assert cell_value_text(" 跨境电商交易\n额 ") == "跨境电商交易额"
    assert cell_value_text(float("nan")) == ""


def test_xlsx_dates_errors_hidden_sheets_and_percent(tmp_path: Path) -> None:
    """A date cell reads as a date, a percent format as a percentage, a formula error as
    empty; a hidden sheet (drop-down lists) is not read but noted."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "目标表"
    ws.append(["完成时间", dt.date(2023, 12, 31), "满意度", 0.95])
    ws["D1"].number_format = "0%"
    ws.append(["一级指标", "二级指标", "指标值"])
    ws.append(["产出指标", "数量指标", "#REF!"])
    ws.merge_cells("A2:A3")
    hidden = wb.create_sheet("代码表")
    hidden.append(["下拉选项", "定量"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "t.xlsx"
    wb.save(str(path))

    doc = read_spreadsheet(path)
    (grid,) = doc.grids
    assert grid.texts()[0] == ["完成时间", "2023-12-31", "满意度", "95%"]
    assert grid.texts()[2] == ["一级指标", "数量指标", "", ""]  # the merge carried down
    reasons = [(n.source.sheet if n.source else None, n.reason) for n in doc.notes]
    assert reasons == [("代码表", "隐藏的工作表, 未读取")]


def test_isolation_turns_a_crash_into_an_input_error() -> None:
    import os

    from jixiao.domain.errors import InputError
    from jixiao.ingest.xlsx import isolated

    assert isolated(sum, [1, 2, 3], where=SourceRef(file="x")) == 6
    with pytest.raises(InputError, match="已损坏"):
        isolated(os.abort, where=SourceRef(file="x.xls"))
    with pytest.raises(InputError, match="ZeroDivisionError"):
        isolated(lambda: 1 / 0, where=SourceRef(file="x.xls"))


# ---------------------------------------------------------------- PDF page joining


def _part(page: int, rows: list[list[str]], x0: float = 50, x1: float = 550) -> _Part:

    width = (x1 - x0) / len(rows[0])
    cells = [
        _PCell((x0 + c * width, 100 + r * 20, x0 + (c + 1) * width, 120 + r * 20), text, page)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]
    return _Part(page, (x0, 100, x1, 100 + 20 * len(rows)), cells, [])


def test_pdf_tables_join_only_when_they_continue() -> None:
    from jixiao.ingest.pdf import _continues, _TableBlock

    head = _TableBlock([_part(1, [["项目编码", "103001001"], ["一级指标", "二级指标"]])])
    same_head = _TableBlock([_part(2, [["项目编码", "103001001"], ["产出指标", "数量指标"]])])
    new_table = _TableBlock([_part(2, [["项目编码", "103001002"], ["一级指标", "二级指标"]])])
    body = _TableBlock([_part(2, [["", "质量指标"], ["", "时效指标"]])])
    narrower = _TableBlock([_part(2, [["", "质量指标"]], x0=80)])
    assert _continues(head, same_head)  # the head repeated on the new page
    assert not _continues(head, new_table)  # the next project's table
    assert _continues(head, body)
    assert not _continues(head, narrower)  # another table: other edges
    # an empty first cell is no label: two parts both starting empty still join
    empty_first = _TableBlock([_part(1, [["", "质量指标"], ["", "时效指标"]])])
    assert _continues(empty_first, body)


def test_pdf_repeated_header_row_is_dropped_when_joining() -> None:
    from jixiao.ingest.pdf import _grid_of, _TableBlock

    table = _TableBlock(
        [
            _part(1, [["一级指标", "二级指标"], ["产出指标", "数量指标"]]),
            _part(2, [["一级指标", "二级指标"], ["效果指标", "社会效益指标"]]),
        ]
    )
    grid = _grid_of(table, "t.pdf", 1)
    assert grid.texts() == [["一级指标", "二级指标"], ["产出指标", "数量指标"],
                            ["效果指标", "社会效益指标"]]  # fmt: skip
    assert grid.continued_from == [1, 2]
    last = grid.rows[2][1]
    assert last is not None and (last.source.page, last.source.row) == (2, 2)
