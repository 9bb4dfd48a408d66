"""File readers (PDF, Excel, Word, HTML): the seed's tables as grids, with locations.

Every sample of the seed's two 项目支出绩效目标表 (PDF from LibreOffice Writer, LibreOffice
Calc and WeasyPrint, one with CJK radicals in its text layer; .xlsx from openpyxl and from
LibreOffice, .xls; .docx; two web pages) must give the same two grids: the project rows
as the answer key states them, merged level cells spanning their rows, wrapped cell text
joined, tables cut by page breaks joined back, and every cell saying where it was.
"""

from __future__ import annotations

import pytest

from answer_key import load_answer_key
from file_samples import (
    FILES,
    SEED_DOCS,
    SEED_FILES,
    SEED_PDFS,
    SEED_SHEETS,
    WITH_DEPARTMENT_TEXT,
    expected_indicator_rows,
    expected_info,
    expected_spending,
    header_row_index,
    indicator_rows,
    info,
    key_projects,
    spending_values,
)
from jixiao.domain.text import normalize
from jixiao.ingest.files import read_document
from jixiao.ingest.grid import Document, Grid

_CACHE: dict[str, Document] = {}


def read(name: str) -> Document:
    if name not in _CACHE:
        _CACHE[name] = read_document(FILES / name)[1]
    return _CACHE[name]


def project_grids(name: str) -> list[Grid]:
    """The grids holding an indicator header (one per project)."""
    out = []
    for g in read(name).grids:
        try:
            header_row_index(g)
        except AssertionError:
            continue
        out.append(g)
    return out


@pytest.mark.parametrize("name", SEED_FILES)
def test_every_format_gives_the_seed_indicator_rows(name: str) -> None:
    grids = project_grids(name)
    projects = key_projects()
    assert len(grids) == len(projects) == 2
    for grid, project in zip(grids, projects, strict=True):
        assert indicator_rows(grid) == expected_indicator_rows(project)


@pytest.mark.parametrize("name", SEED_FILES)
def test_every_format_gives_the_project_rows(name: str) -> None:
    for grid, project in zip(project_grids(name), key_projects(), strict=True):
        assert info(grid) == expected_info(project)
        assert spending_values(grid) == expected_spending(project)


@pytest.mark.parametrize("name", SEED_FILES)
def test_merged_level_cells_span_their_rows(name: str) -> None:
    grid = project_grids(name)[0]
    start = header_row_index(grid) + 1
    first = grid.rows[start]
    # 产出指标 spans the five output rows, 数量指标 the two quantity rows
    assert first[0] is not None and first[0].text == "产出指标"
    assert first[0].rowspan == 5
    assert first[1] is not None and first[1].text == "数量指标" and first[1].rowspan == 2
    assert all(grid.rows[start + k][0] is None for k in range(1, 5))  # covered, not repeated
    # the spending plan label spans its two rows; the goal spans five columns
    for row in grid.rows[:start]:
        cell = row[0]
        assert cell is not None or row is grid.rows[3]
    goal_row = next(r for r in grid.rows if r[0] is not None and r[0].text == "绩效目标")
    assert goal_row[1] is not None and goal_row[1].colspan == 5


@pytest.mark.parametrize("name", SEED_PDFS)
def test_pdf_cells_carry_file_page_table_row_column(name: str) -> None:
    grids = project_grids(name)
    for grid in grids:
        for cell in grid.cells():
            src = cell.source
            assert src.file == name
            assert src.page is not None and src.page >= 1
            assert src.table is not None and src.row is not None and src.column is not None
        assert grid.source.page is not None
    # the first project's 签约项目 cell: the first data row of the table, column 3
    first = grids[0].rows[header_row_index(grids[0]) + 1][2]
    assert first is not None and first.text == "签约项目"
    assert first.source.column == 3
    assert "第" in first.source.describe() and "页" in first.source.describe()


def test_pdf_cell_location_is_its_page_part() -> None:
    """seed_lo.pdf: project 1's table starts on page 2 and continues on page 3."""
    grid = project_grids("seed_lo.pdf")[0]
    assert grid.continued_from == [2, 3]
    start = header_row_index(grid) + 1
    first = grid.rows[start][2]
    quality = grid.rows[start + 2][2]  # 项目完成率
    assert first is not None and first.source.page == 2
    assert quality is not None and quality.text == "项目完成率" and quality.source.page == 3
    # page 3 begins with the rest of the row the break split (元以上签约项目 | 作安排),
    # then 跨境电商交易额, then 项目完成率
    assert quality.source.row == 3


def test_pdf_row_split_by_the_page_break_is_put_back_together() -> None:
    """LibreOffice lets a row break across pages: 全区完成亿 | 元以上签约项目 and
    根据年初工 | 作安排 become whole cells again, and the level cells that start in the
    split row span the rows of the next page."""
    import pdfplumber

    with pdfplumber.open(str(FILES / "seed_lo.pdf")) as pdf:
        bottom = pdf.pages[1].find_tables()[-1].extract()[-1]
        top = pdf.pages[2].find_tables()[0].extract()[0]
    assert bottom[3] == "全区完成亿" and top[3] == "元以上签约\n项目"
    assert bottom[5] == "根据年初工" and top[5] == "作安排"
    grid = project_grids("seed_lo.pdf")[0]
    start = header_row_index(grid) + 1
    assert [c.text if c else None for c in grid.rows[start]] == [
        "产出指标", "数量指标", "签约项目", "全区完成亿元以上签约项目", "15个", "根据年初工作安排",
    ]  # fmt: skip
    level1, level2 = grid.rows[start][0], grid.rows[start][1]
    assert level1 is not None and level1.rowspan == 5
    assert level2 is not None and level2.rowspan == 2
    assert level1.source.page == 2


def test_pdf_merge_starting_on_the_last_row_of_a_page_continues() -> None:
    """seed_lo.pdf project 2: 效果指标 starts on the last row of page 3 and goes on over
    three rows of page 4, where its part is an empty merged cell."""
    grid = project_grids("seed_lo.pdf")[1]
    cell = next(c for c in grid.cells() if c.text == "效果指标")
    assert cell.source.page == 3 and cell.rowspan == 4
    assert indicator_rows(grid)[7][0] == "效果指标"


def test_pdf_header_repeated_on_the_next_page_is_dropped() -> None:
    """WeasyPrint repeats the table head (thead) on every page the table runs onto."""
    for grid in project_grids("seed_weasy.pdf"):
        assert len(grid.continued_from) == 2
        headers = [row for row in grid.texts() if row[:2] == ["一级指标", "二级指标"]]
        assert len(headers) == 1


def test_pdf_with_radicals_in_its_text_layer_reads_as_ideographs() -> None:
    raw = (FILES / "seed_radicals.pdf").read_bytes()
    assert raw.startswith(b"%PDF")
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(FILES / "seed_radicals.pdf"))
    layer = doc[1].get_textpage().get_text_range()
    doc.close()
    assert "\u2f6c" in layer  # ⽬ KANGXI RADICAL EYE is really in the text layer
    text = "".join(b.text for b in read("seed_radicals.pdf").texts)
    cells = "".join(c.text for g in read("seed_radicals.pdf").grids for c in g.cells())
    assert "\u2f6c" not in text + cells and "\u2ed3" not in text + cells
    assert "项目编码" in cells and "稳固外贸增长" in text  # 目 and 长 repaired


@pytest.mark.parametrize("name", WITH_DEPARTMENT_TEXT)
def test_text_around_the_tables_is_kept_in_order(name: str) -> None:
    doc = read(name)
    key = load_answer_key()
    text = "\n".join(b.text for b in doc.texts)
    flat = normalize(text)
    assert normalize(key["overall_goal_starts_with"]) in flat
    for goal in key["sub_goals"]:
        assert normalize(goal["title"]) in flat
    for measure in key["measures"]:
        assert normalize(measure) in flat
    # the department text comes before the first table
    first_grid = next(i for i, b in enumerate(doc.blocks) if isinstance(b, Grid))
    before = normalize("".join(b.text for b in doc.blocks[:first_grid] if not isinstance(b, Grid)))
    assert normalize(key["measures"][0]) in before


def test_pdf_text_blocks_carry_their_page() -> None:
    doc = read("seed_lo.pdf")
    pages = [b.source.page or 0 for b in doc.texts]
    assert pages[0] == 1 and all(pages)
    assert pages == sorted(pages)


@pytest.mark.parametrize("name", SEED_SHEETS)
def test_sheet_cells_carry_sheet_and_cell(name: str) -> None:
    grids = project_grids(name)
    for grid in grids:
        for cell in grid.cells():
            assert cell.source.sheet and cell.source.page is None
            if cell.text:
                assert cell.source.cell
            else:  # an empty cell says its row (one shared location per row)
                assert cell.source.row is not None
    first = grids[0]
    code = first.rows[0][1]
    assert code is not None and code.text == "103001001"
    assert code.source.cell == ("B1" if name == "seed_sheets.xlsx" else "B3")
    described = code.source.describe()
    assert f"{code.source.sheet}!{code.source.cell}" in described


def test_one_project_per_sheet_and_several_per_sheet() -> None:
    per_sheet = project_grids("seed_sheets.xlsx")
    assert [g.source.sheet for g in per_sheet] == ["招商费用", "扶持资金"]
    together = project_grids("seed_onesheet.xlsx")
    assert {g.source.sheet for g in together} == {"项目支出绩效目标表"}
    assert [g.source.cell for g in together] == ["A3:F18", "A20:F34"]
    # the title above the tables is text, not a table
    titles = [b.text for b in read("seed_onesheet.xlsx").texts]
    assert titles == ["2023年项目支出绩效目标表"]


def test_xlsx_percent_format_and_formulas_are_read_as_shown() -> None:
    """seed_onesheet.xlsx stores the spending plan as 0.1 … in a 0% format, 12月底 as
    =MIN(1,E8+0.2), and 2023年底 as =CONCATENATE("2023","年底") (values cached by LibreOffice)."""
    import zipfile

    with zipfile.ZipFile(FILES / "seed_onesheet.xlsx") as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f" in sheet and "MIN(1," in sheet and "CONCATENATE(" in sheet
    grid = project_grids("seed_onesheet.xlsx")[0]
    assert spending_values(grid) == ["10%", "50%", "80%", "100%"]
    assert indicator_rows(grid)[3][4] == "2023年底"


@pytest.mark.parametrize("name", SEED_DOCS)
def test_word_and_html_cells_carry_table_row_column(name: str) -> None:
    grids = project_grids(name)
    assert [g.source.table for g in grids] == [1, 2]
    cell = grids[1].rows[header_row_index(grids[1]) + 1][4]
    assert cell is not None and cell.text == "70万美元"
    assert (cell.source.table, cell.source.row, cell.source.column) == (2, 7, 5)


def test_docx_merged_cells_are_not_repeated() -> None:
    """python-docx lists a merged cell once per grid position; the reader lists it once."""
    import docx

    table = docx.Document(str(FILES / "seed.docx")).tables[0]
    repeated = [c.text for c in table.rows[6].cells]
    assert repeated[0] == "产出指标" and table.rows[7].cells[0].text == "产出指标"
    grid = project_grids("seed.docx")[0]
    texts = [c.text for c in grid.cells()]
    assert texts.count("产出指标") == 1
    assert texts.count("完成年度招商引资任务") == 1


def test_html_source_line_breaks_between_chinese_characters_vanish() -> None:
    raw = (FILES / "seed_gov.html").read_bytes().decode("gb18030")
    assert "跨境电商交易\n" in raw and "charset=gb2312" in raw
    rows = indicator_rows(project_grids("seed_gov.html")[0])
    assert rows[1][2] == "跨境电商交易额"
    texts = [b.text for b in read("seed_gov.html").texts]
    assert texts[0] == "首页 > 信息公开 > 预决算公开"  # site boilerplate kept as text
    assert texts[-1].startswith("主办单位")


def test_text_file_is_one_block() -> None:
    from answer_key import SEED_TEXT

    sniffed, doc = read_document(SEED_TEXT)
    assert sniffed.kind == "text"
    assert len(doc.blocks) == 1 and doc.texts[0].text.startswith(" 一、总体绩效目标")
