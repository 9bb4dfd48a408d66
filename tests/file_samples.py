"""Shared helpers of the file-ingest tests: the sample files and the seed's tables as grids.

The samples in ``tests/data/files/`` are made by ``scripts/make_test_files.py`` from the
seed's answer key; these helpers say what each reader must find in them, in the terms of
the answer key, so every format is checked against the same expectation.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from answer_key import load_answer_key
from jixiao.ingest.grid import Grid

FILES = Path(__file__).resolve().parent / "data" / "files"

# Every sample of the seed's two project tables, by producer.
SEED_PDFS = ["seed_lo.pdf", "seed_weasy.pdf", "seed_calc.pdf", "seed_radicals.pdf"]
SEED_SHEETS = ["seed_sheets.xlsx", "seed_onesheet.xlsx", "seed.xls"]
SEED_DOCS = ["seed.docx", "seed.html", "seed_gov.html"]
SEED_FILES = SEED_PDFS + SEED_SHEETS + SEED_DOCS
# Samples that also carry the department text (总体目标, 分项目标, 保障措施).
WITH_DEPARTMENT_TEXT = ["seed_lo.pdf", "seed_weasy.pdf", "seed_radicals.pdf", *SEED_DOCS]

HEADER = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]


def key_projects() -> list[dict[str, Any]]:
    return list(load_answer_key()["projects"])


def expected_indicator_rows(project: dict[str, Any]) -> list[list[str]]:
    """The answer key's indicator rows as the six cell texts of the table ('' for null)."""
    return [
        [i[k] or "" for k in ("level1", "level2", "level3", "description", "target", "basis")]
        for i in project["indicators"]
    ]


def header_row_index(grid: Grid) -> int:
    texts = grid.texts()
    for r, row in enumerate(texts):
        if [t for t in row if t][: len(HEADER)] == HEADER:
            return r
    raise AssertionError(f"no indicator header in {grid.source.describe()}")


def indicator_rows(grid: Grid) -> list[list[str]]:
    """The filled texts of the rows below the indicator header (merged cells repeated)."""
    texts = grid.texts()
    return [row[:6] for row in texts[header_row_index(grid) + 1 :]]


def info(grid: Grid) -> dict[str, list[str]]:
    """Rows above the indicator header as label → the distinct texts that follow it."""
    out: dict[str, list[str]] = {}
    for row in grid.rows[: header_row_index(grid)]:
        cells = [c for c in row if c is not None]
        if row[0] is not None and row[0].text:
            out.setdefault(row[0].text, []).extend(c.text for c in cells[1:])
    return out


def expected_info(project: dict[str, Any]) -> dict[str, list[str]]:
    budget = f"{Decimal(project['budget_wan']):f}"
    months = list(project["spending_plan"].items())
    return {
        "项目编码": [project["code"], "预算项目名称", project["name"]],
        "项目资金主要用途": [f"预算数 {budget} 万元。全部为财政资金。{project['purpose']}"],
        "资金支出计划（%）": [m for m, _ in months],
        "绩效目标": [project["goal"]],
    }


def spending_values(grid: Grid) -> list[str]:
    """The row under the spending plan's months (10% 50% …)."""
    texts = grid.texts(filled=False)
    for r, row in enumerate(texts):
        if row and row[0] == "资金支出计划（%）":
            return [t for t in texts[r + 1] if t]
    raise AssertionError("no spending plan row")


def expected_spending(project: dict[str, Any]) -> list[str]:
    return [f"{Decimal(v):f}%" for v in project["spending_plan"].values()]
