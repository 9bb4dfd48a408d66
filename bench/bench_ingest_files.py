"""Benchmark: reading files — PDF tables and a 10,000-row Excel sheet (文件导入).

PDF (issue 7's target: at most 1.5× pdfplumber's own table extraction):

- ``ingest.pdf.read.*``: :func:`jixiao.ingest.pdf.read_pdf` on a sample of the seed's tables
  (grids with locations, tables joined across pages, text outside the tables);
- ``ingest.pdf.parse.*``: :func:`jixiao.ingest.files.parse_document` on the same file, the
  whole way to a Plan (sniffing, reading, table assembly, department text);
- baseline for both: ``pdfplumber.open(...)`` and ``page.extract_tables()`` on every page
  of the same file (what a script using pdfplumber alone would do).

Excel:

- ``ingest.xlsx.read_10k``: :func:`jixiao.ingest.xlsx.read_spreadsheet` on a generated
  sheet of one 10,000-row indicator table (cell texts, merges, locations, read in an
  isolated child process);
- baseline: python-calamine reading the same sheet to Python lists (its raw speed).
- ``ingest.xlsx.parse_10k``: the same file to a Plan (10,000 indicators), same baseline.
"""

from __future__ import annotations

import functools
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from jixiao.ingest.files import parse_document
from jixiao.ingest.pdf import read_pdf
from jixiao.ingest.xlsx import read_spreadsheet
from run import Benchmark

FILES = Path(__file__).resolve().parents[1] / "tests" / "data" / "files"
ROWS = 10_000


def _plumber(path: Path) -> object:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [page.extract_tables() for page in pdf.pages]


def _pdf_benchmarks(name: str) -> list[Benchmark]:
    path = FILES / name
    with_pages = _page_count(path)
    return [
        Benchmark(
            f"ingest.pdf.read.{path.stem}",
            lambda: read_pdf(path),
            lambda: _plumber(path),
            baseline_name="pdfplumber extract_tables",
            units=with_pages,
            unit_name="pages",
        ),
        Benchmark(
            f"ingest.pdf.parse.{path.stem}",
            lambda: parse_document(path),
            lambda: _plumber(path),
            baseline_name="pdfplumber extract_tables",
            units=with_pages,
            unit_name="pages",
        ),
    ]


def _page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


@functools.cache
def _big_sheet() -> Path:
    """A project table whose indicator table has 10,000 rows, level cells merged."""
    from openpyxl import Workbook

    folder = Path(tempfile.mkdtemp(prefix="jixiao_bench_"))
    path = folder / "indicators_10k.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "项目支出绩效目标表"
    ws.append(["项目编码", "103001001", "预算项目名称", "招商费用", "", ""])
    ws.append(["项目资金主要用途", "预算数 150 万元。全部为财政资金。", "", "", "", ""])
    ws.append(["绩效目标", "完成年度招商引资任务", "", "", "", ""])
    ws.append(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])
    top = ws.max_row + 1
    levels = [
        ("产出指标", "数量指标"),
        ("效益指标", "社会效益指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]
    block = ROWS // len(levels)
    for k, (l1, l2) in enumerate(levels):
        first = top + k * block
        for i in range(block):
            ws.append(
                [l1 if i == 0 else None, l2 if i == 0 else None, f"指标{k}-{i}",
                 f"完成第{i}项工作", f"{i % 97 + 1}个", "工作要求"]
            )  # fmt: skip
        ws.merge_cells(start_row=first, start_column=1, end_row=first + block - 1, end_column=1)
        ws.merge_cells(start_row=first, start_column=2, end_row=first + block - 1, end_column=2)
    ws.merge_cells("B1:B1")
    ws.merge_cells("D1:F1")
    wb.save(str(path))
    return path


def _calamine(path: Path) -> object:
    import python_calamine as pc

    wb = pc.CalamineWorkbook.from_path(str(path))
    try:
        sheet = wb.get_sheet_by_index(0)
        return sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges
    finally:
        wb.close()


def _xlsx_benchmarks() -> list[Benchmark]:
    # the sheet is made on first use (the runner's warm-up call), not on import
    return [
        Benchmark(
            "ingest.xlsx.read_10k",
            lambda: read_spreadsheet(_big_sheet()),
            lambda: _calamine(_big_sheet()),
            baseline_name="calamine to_python",
            units=ROWS,
            unit_name="rows",
        ),
        Benchmark(
            "ingest.xlsx.parse_10k",
            lambda: parse_document(_big_sheet()),
            lambda: _calamine(_big_sheet()),
            baseline_name="calamine to_python",
            units=ROWS,
            unit_name="rows",
            repeat=3,
        ),
    ]


BENCHMARKS = [
    *_pdf_benchmarks("seed_lo.pdf"),
    *_pdf_benchmarks("seed_weasy.pdf"),
    *_pdf_benchmarks("seed_calc.pdf"),
    *_xlsx_benchmarks(),
]
