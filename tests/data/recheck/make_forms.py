"""Write the spreadsheet and web-page copies of a hand-made form (run from the repository root).

``national_inflated.txt`` (tab-separated) becomes ``national_inflated.xlsx`` (one sheet,
level-1 cells merged down their rows, as published workbooks do) and
``national_inflated.html`` (a table with rowspan). Both must recheck exactly like the text.

    .venv/bin/python tests/data/recheck/make_forms.py
"""

from __future__ import annotations

import html
from pathlib import Path

HERE = Path(__file__).parent


def rows() -> list[list[str]]:
    text = (HERE / "national_inflated.txt").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip()]


def merges(table: list[list[str]]) -> dict[int, int]:
    """Row index → rowspan of its level-1 cell (the rows below with an empty first cell)."""
    spans: dict[int, int] = {}
    for i, row in enumerate(table):
        if row[0].startswith(("产出指标", "效益指标", "满意度指标")):
            n = 1
            while i + n < len(table) and table[i + n][0] == "" and len(table[i + n]) > 3:
                n += 1
            spans[i] = n
    return spans


def write_xlsx(table: list[list[str]], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "自评表"
    for r, row in enumerate(table, start=1):
        for c, value in enumerate(row, start=1):
            if value == "":
                continue
            try:
                number: float | str = float(value) if value.replace(".", "", 1).isdigit() else value
            except ValueError:
                number = value
            ws.cell(row=r, column=c, value=number)
    for i, n in merges(table).items():
        if n > 1:
            ws.merge_cells(start_row=i + 1, start_column=1, end_row=i + n, end_column=1)
    wb.save(path)


def write_html(table: list[list[str]], path: Path) -> None:
    spans = merges(table)
    covered = {i + k for i, n in spans.items() for k in range(1, n)}
    out = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8"><title>自评表</title></head>',
           "<body><table border=\"1\">"]
    for i, row in enumerate(table):
        cells = []
        for c, value in enumerate(row):
            if c == 0 and i in covered:
                continue
            span = f' rowspan="{spans[i]}"' if c == 0 and spans.get(i, 1) > 1 else ""
            cells.append(f"<td{span}>{html.escape(value)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table></body></html>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    table = rows()
    write_xlsx(table, HERE / "national_inflated.xlsx")
    write_html(table, HERE / "national_inflated.html")
