"""Generate the file-ingest test documents in ``tests/data/files/`` (生成测试文件).

The seed document's department text and its two 项目支出绩效目标表 are written out as the
kinds of files bureaus publish: Excel (.xlsx from openpyxl and from LibreOffice, .xls),
Word (.docx), web pages (.html, one GB2312 page in a government-site layout) and PDF from
two producers (LibreOffice Writer and Calc, WeasyPrint), one PDF whose text layer carries
CJK radicals (⽬ for 目, ⻓ for 长), one without ruling lines, plus broken samples: corrupt,
encrypted, empty, scanned (image only), mislabelled.

The generated files are committed; CI does not run this script. To regenerate (needs
LibreOffice ``soffice``, WeasyPrint with fonts-noto-cjk, python-docx, openpyxl, Pillow,
pypdfium2 and the shared seed beside the checkout)::

    .venv/bin/python scripts/make_test_files.py

Table layout (6 columns, as the seed's 项目支出绩效目标表)::

    项目编码 | code | 预算项目名称 | name (3 columns)
    项目资金主要用途 | 预算数 … 万元。… (5 columns)
    资金支出计划（%） (2 rows) | 3月底 | 6月底 | 10月底 | 12月底 (2 columns)
                              | 10%   | 50%   | 80%    | 100%
    绩效目标 | goal (5 columns)
    一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据
    level 1 (merged down) | level 2 (merged down) | …
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "files"
SHARED = Path(os.environ.get("JIXIAO_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "000_bf5cb89b1d3e99b6.txt"
KEY = SHARED / "fixtures" / "000_bf5cb89b1d3e99b6.expected.json"

HEADER = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
FONT = "Noto Sans CJK SC"


@dataclass
class Row:
    """One output row: cells as (text, rowspan, colspan); None marks a covered position."""

    cells: list[tuple[str, int, int] | None]


def department_paragraphs() -> list[str]:
    """The seed's department text (sections 一 to 三) re-flowed into paragraphs."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    stripped = [ln.strip() for ln in lines]
    end = len(stripped)
    for i, ln in enumerate(stripped):
        if ln == "项目" and "编码" in [s for s in stripped[i + 1 : i + 4] if s][:1]:
            end = i
            break
    start_para = re.compile(
        r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|绩效(?:目标|指标)：)"
    )
    paragraphs: list[str] = []
    open_paragraph = False
    for ln in stripped[:end]:
        if not ln:
            continue
        if not open_paragraph or start_para.match(ln):
            paragraphs.append(ln)
        else:
            paragraphs[-1] += ln
        # the seed's lines are ~28 characters wide: a shorter line ends its paragraph
        open_paragraph = len(ln) >= 24
    return paragraphs


def _pct(v: Any) -> str:
    return f"{Decimal(v):f}%"


def project_rows(p: dict[str, Any]) -> list[Row]:
    """The 6-column table of one project with its merged cells."""
    budget = f"{Decimal(p['budget_wan']):f}"
    purpose = f"预算数 {budget} 万元。全部为财政资金。{p['purpose']}"
    months = list(p["spending_plan"].items())
    rows = [
        Row([("项目编码", 1, 1), (p["code"], 1, 1), ("预算项目名称", 1, 1), (p["name"], 1, 3)]),
        Row([("项目资金主要用途", 1, 1), (purpose, 1, 5)]),
        Row(
            [("资金支出计划（%）", 2, 1)]
            + [(m, 1, 1) for m, _ in months[:3]]
            + [(months[3][0], 1, 2)]
        ),
        Row([None] + [(_pct(v), 1, 1) for _, v in months[:3]] + [(_pct(months[3][1]), 1, 2)]),
        Row([("绩效目标", 1, 1), (p["goal"], 1, 5)]),
        Row([(h, 1, 1) for h in HEADER]),
    ]
    for r in rows:
        # pad covered positions of colspans with None so every row has 6 positions
        out: list[tuple[str, int, int] | None] = []
        for c in r.cells:
            out.append(c)
            if c is not None and c[2] > 1:
                out.extend([None] * (c[2] - 1))
        assert len(out) == 6, out
        r.cells = out
    indicators = p["indicators"]
    start = len(rows)
    for i, ind in enumerate(indicators):
        cells: list[tuple[str, int, int] | None] = []
        for key, level in (("level1", 1), ("level2", 2)):
            first = (
                i == 0
                or indicators[i - 1][key] != ind[key]
                or (level == 2 and indicators[i - 1]["level1"] != ind["level1"])
            )
            if first:
                span = 1
                while (
                    i + span < len(indicators)
                    and indicators[i + span][key] == ind[key]
                    and indicators[i + span]["level1"] == ind["level1"]
                ):
                    span += 1
                cells.append((ind[key], span, 1))
            else:
                cells.append(None)
        for key in ("level3", "description", "target", "basis"):
            cells.append((ind[key] or "", 1, 1))
        rows.append(Row(cells))
    assert all(len(r.cells) == 6 for r in rows[start:]), "indicator rows have 6 positions"
    return rows


def load() -> tuple[list[str], list[dict[str, Any]]]:
    key = json.loads(KEY.read_text(encoding="utf-8"))
    return department_paragraphs(), key["projects"]


# ---------------------------------------------------------------- HTML


COL_WIDTHS = (12, 14, 20, 28, 12, 14)  # percent of the table width


# Cell texts written with a line break inside: a <br> in the page, or a line break in the
# HTML source between two Chinese characters (which browsers do not show).
BR_WRAPS = {"全区完成亿元以上签约项目": "全区完成亿元以上签约<br>项目"}
SOURCE_WRAPS = {"跨境电商交易额": "跨境电商交易\n      额"}


def html_table(
    rows: list[Row], *, thead_rows: int = 0, cls: str = "t", wraps: dict[str, str] | None = None
) -> str:
    wraps = BR_WRAPS if wraps is None else wraps
    parts = [f'<table class="{cls}">']
    parts.append(
        "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in COL_WIDTHS) + "</colgroup>"
    )
    for i, r in enumerate(rows):
        if thead_rows and i == 0:
            parts.append("<thead>")
        if thead_rows and i == thead_rows:
            parts.append("</thead><tbody>")
        tds = []
        for c in r.cells:
            if c is None:
                continue
            text, rs, cs = c
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            tds.append(f"<td{attrs}>{wraps.get(text, html.escape(text))}</td>")
        parts.append("<tr>" + "".join(tds) + "</tr>")
    if thead_rows:
        parts.append("</tbody>")
    parts.append("</table>")
    return "\n".join(parts)


CSS_RULED = f"""
@page {{ size: A4; margin: 2cm 2cm; }}
body {{ font-family: "{FONT}"; font-size: 10.5pt; }}
table.t {{ border-collapse: collapse; width: 100%; margin: 0 0 1em 0; }}
table.t td {{ border: 0.6pt solid #000; padding: 2pt 3pt; vertical-align: middle; }}
p {{ text-indent: 2em; margin: 0.3em 0; line-height: 1.5; }}
"""
CSS_PLAIN = CSS_RULED.replace("border: 0.6pt solid #000;", "border: none;")


def seed_html(paragraphs: list[str], projects: list[dict[str, Any]], *, css: str) -> str:
    body = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    for p in projects:
        body.append(html_table(project_rows(p)))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>2023年部门预算绩效目标</title><style>{css}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def seed_html_split(paragraphs: list[str], projects: list[dict[str, Any]]) -> str:
    """Per project: an info table, then the indicator table whose header repeats per page."""
    body = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    for p in projects:
        rows = project_rows(p)
        body.append(html_table(rows[:5]).replace('class="t"', 'class="t" style="margin:0"'))
        body.append(html_table(rows[5:], thead_rows=1))
    css = (
        CSS_RULED
        + "table.t { table-layout: fixed; page-break-inside: auto; } tr { break-inside: avoid; }"
        + "table.t td { padding: 4pt 3pt; }"
    ).replace("line-height: 1.5", "line-height: 2.1")  # both tables break across pages
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<style>{css}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def gov_html(paragraphs: list[str], projects: list[dict[str, Any]]) -> bytes:
    """A government-site page: GB2312, layout table, navigation and footer boilerplate."""
    inner = [f"<p style='text-indent:2em'>{html.escape(p)}</p>" for p in paragraphs]
    for p in projects:
        table = html_table(project_rows(p), wraps=SOURCE_WRAPS)
        inner.append(table.replace('class="t"', 'border="1" cellspacing="0"'))
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
        "<title>关于公开2023年部门预算绩效目标的公告</title></head><body>"
        "<div class='nav'>首页 &gt; 信息公开 &gt; 预决算公开</div>"
        "<table width='980' align='center'><tr><td class='main'>"
        "<h1>2023年部门预算绩效目标</h1>" + "\n".join(inner) + "</td></tr></table>"
        "<div class='footer'>主办单位：开发区管委会 版权所有 网站标识码：1300000000</div>"
        "</body></html>"
    )
    return page.encode("gb18030")


# ---------------------------------------------------------------- DOCX


def write_docx(path: Path, paragraphs: list[str], projects: list[dict[str, Any]]) -> None:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for text in paragraphs:
        doc.add_paragraph(text)
    widths = [Cm(1.6), Cm(1.8), Cm(2.6), Cm(4.4), Cm(2.2), Cm(2.3)]
    for n, p in enumerate(projects):
        if n:
            doc.add_paragraph().add_run().add_break(WD_BREAK.LINE)
        rows = project_rows(p)
        table = doc.add_table(rows=len(rows), cols=6)
        table.style = "Table Grid"
        table.autofit = False
        for r, row in enumerate(rows):
            for c, cell in enumerate(row.cells):
                table.cell(r, c).width = widths[c]
                if cell is None:
                    continue
                text = cell[0]
                target = table.cell(r, c)
                if text.startswith("预算数"):
                    # two paragraphs in one cell: a deliberate line break inside the cell
                    first, _, rest = text.partition("全部为")
                    target.text = first
                    target.add_paragraph("全部为" + rest)
                else:
                    target.text = text
        for r, row in enumerate(rows):
            for c, cell in enumerate(row.cells):
                if cell is not None and (cell[1] > 1 or cell[2] > 1):
                    a = table.cell(r, c)
                    b = table.cell(r + cell[1] - 1, c + cell[2] - 1)
                    keep = a.text
                    merged = a.merge(b)
                    # python-docx merge concatenates paragraphs; keep only the origin text
                    for extra in merged.paragraphs[1:]:
                        if not extra.text.strip():
                            extra._element.getparent().remove(extra._element)
                    assert merged.text.strip() == keep.strip() or keep.startswith("预算数")
    doc.save(str(path))


# ---------------------------------------------------------------- XLSX


def write_project_sheet(ws: Any, top: int, p: dict[str, Any], *, numeric_pct: bool) -> int:
    """Write one project table at row ``top`` (1-based); return the next free row.

    With ``numeric_pct`` the spending plan is written as numbers in a percent format and
    two cells as formulas; such a file must be saved again by LibreOffice so that the
    formulas carry their computed values (openpyxl does not compute them).
    """
    from openpyxl.styles import Alignment, Border, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    rows = project_rows(p)
    for r, row in enumerate(rows):
        for c in range(6):
            cell = ws.cell(row=top + r, column=c + 1)
            cell.border = border
            cell.alignment = wrap
        for c, spec in enumerate(row.cells):
            if spec is None:
                continue
            text, rs, cs = spec
            cell = ws.cell(row=top + r, column=c + 1)
            if r == 3 and numeric_pct and text.endswith("%"):
                # spending plan as numbers in percent format; the last one a formula
                cell.value = Decimal(text[:-1]) / 100
                cell.number_format = "0%"
                if c == 4:
                    cell.value = f"=MIN(1,{_col(c - 1)}{top + r}+0.2)"
            elif text == "2023年底" and c == 4 and numeric_pct:
                cell.value = '=CONCATENATE("2023","年底")'  # a formula read as its value
            elif text == "指标值确定依据":
                cell.value = "指标值确\n定依据"  # a line break typed in the cell (Alt+Enter)
            else:
                cell.value = text
            if rs > 1 or cs > 1:
                ws.merge_cells(
                    start_row=top + r,
                    start_column=c + 1,
                    end_row=top + r + rs - 1,
                    end_column=c + cs,
                )
    widths = (12, 12, 18, 28, 12, 14)
    for letter, w in zip("ABCDEF", widths, strict=True):
        ws.column_dimensions[letter].width = w
    for r, row in enumerate(rows):
        lines = 1
        for c, spec in enumerate(row.cells):
            if spec is not None:
                room = sum(widths[c : c + spec[2]])
                typed_breaks = 2 if spec[0] == "指标值确定依据" else 1  # see the Alt+Enter above
                lines = max(lines, -(-len(spec[0]) * 2 // room), typed_breaks)
        ws.row_dimensions[top + r].height = 15 * lines + 2
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    return top + len(rows)


def _col(i: int) -> str:
    return "ABCDEF"[i]


def write_xlsx_sheets(path: Path, projects: list[dict[str, Any]]) -> None:
    """One project per sheet, written by openpyxl (text values only)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for p in projects:
        ws = wb.create_sheet(p["name"])
        write_project_sheet(ws, 1, p, numeric_pct=False)
    wb.save(str(path))


def write_xlsx_onesheet(path: Path, projects: list[dict[str, Any]], *, numeric_pct: bool) -> None:
    """Both projects in one sheet, a blank row between them, after a title row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "项目支出绩效目标表"
    ws.cell(row=1, column=1, value="2023年项目支出绩效目标表")
    ws.merge_cells("A1:F1")
    top = 3
    for p in projects:
        top = write_project_sheet(ws, top, p, numeric_pct=numeric_pct) + 1
    wb.save(str(path))


# ---------------------------------------------------------------- tools


def soffice(src: Path, fmt: str, outdir: Path) -> Path:
    profile = Path(tempfile.mkdtemp(prefix="lo_profile_"))
    try:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    ext = fmt.split(":", 1)[0]
    out = outdir / (src.stem + "." + ext)
    if not out.exists():
        raise SystemExit(f"LibreOffice did not write {out}")
    return out


def weasy(html_text: str, out: Path) -> None:
    from weasyprint import HTML

    HTML(string=html_text).write_pdf(str(out))


def scanned_pdf(src_pdf: Path, out: Path) -> None:
    """Render the first page of a PDF to an image and save it as an image-only PDF."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(src_pdf))
    image = pdf[0].render(scale=1.2).to_pil().convert("L")
    pdf.close()
    image.save(str(out), "PDF", resolution=86.4)


def encrypted_pdf(out: Path, tmp: Path) -> None:
    """A one-line Word document exported by LibreOffice with an open password (jixiao)."""
    from docx import Document

    opts = (
        '{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"jixiao"}}'
    )
    work = tmp / "enc"
    work.mkdir()
    src = work / "encrypted.docx"
    doc = Document()
    doc.add_paragraph("项目编码 103001001")
    doc.save(str(src))
    made = soffice(src, f"pdf:writer_pdf_Export:{opts}", work)
    shutil.move(made, out)


def main() -> int:
    if not SEED.exists() or not KEY.exists():
        print(f"seed or answer key not found under {SHARED}", file=sys.stderr)
        return 1
    if shutil.which("soffice") is None:
        print("LibreOffice (soffice) is needed", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    paragraphs, projects = load()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        # Web pages
        (OUT / "seed.html").write_text(
            seed_html(paragraphs, projects, css=CSS_RULED), encoding="utf-8"
        )
        (OUT / "seed_gov.html").write_bytes(gov_html(paragraphs, projects))
        # Word, and LibreOffice Writer's PDF of it
        write_docx(OUT / "seed.docx", paragraphs, projects)
        shutil.copy(soffice(OUT / "seed.docx", "pdf", tmp), OUT / "seed_lo.pdf")
        # Excel: openpyxl one project per sheet; LibreOffice-saved one sheet with formulas
        write_xlsx_sheets(OUT / "seed_sheets.xlsx", projects)
        write_xlsx_onesheet(tmp / "seed_onesheet.xlsx", projects, numeric_pct=True)
        lo_dir = tmp / "lo"
        lo_dir.mkdir()
        shutil.copy(soffice(tmp / "seed_onesheet.xlsx", "xlsx", lo_dir), OUT / "seed_onesheet.xlsx")
        write_xlsx_onesheet(tmp / "seed_text_pct.xlsx", projects, numeric_pct=False)
        xls = soffice(tmp / "seed_text_pct.xlsx", "xls", tmp)
        shutil.copy(xls, OUT / "seed.xls")
        shutil.copy(soffice(OUT / "seed_onesheet.xlsx", "pdf", tmp), OUT / "seed_calc.pdf")
        # WeasyPrint PDFs: header repeated across the page break; radicals; no ruling lines
        weasy(seed_html_split(paragraphs, projects), OUT / "seed_weasy.pdf")
        radical = (
            seed_html(paragraphs, projects, css=CSS_RULED).replace("目", "⽬").replace("长", "⻓")
        )
        weasy(radical, OUT / "seed_radicals.pdf")
        weasy(seed_html(paragraphs, projects, css=CSS_PLAIN), OUT / "seed_noborder.pdf")
        # Broken samples
        scanned_pdf(OUT / "seed_lo.pdf", OUT / "scanned.pdf")
        encrypted_pdf(OUT / "encrypted.pdf", tmp)
        lo_pdf = (OUT / "seed_lo.pdf").read_bytes()
        (OUT / "truncated.pdf").write_bytes(lo_pdf[: len(lo_pdf) * 2 // 5])
        (OUT / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
        xlsx = (OUT / "seed_sheets.xlsx").read_bytes()
        (OUT / "truncated.xlsx").write_bytes(xlsx[: len(xlsx) // 2])
        docx = bytearray((OUT / "seed.docx").read_bytes())
        mid = len(docx) // 2
        docx[mid : mid + 64] = b"\x00" * 64
        (OUT / "damaged.docx").write_bytes(bytes(docx))
        (OUT / "empty.pdf").write_bytes(b"")
        from openpyxl import Workbook

        Workbook().save(str(OUT / "blank.xlsx"))
        # Mislabelled: read by what they are, or refused saying what they are
        shutil.copy(OUT / "seed_sheets.xlsx", OUT / "really_xlsx.pdf")
        shutil.copy(OUT / "seed.html", OUT / "really_html.xls")
        shutil.copy(OUT / "seed.docx", OUT / "really_docx.xlsx")
        from PIL import Image

        Image.new("RGB", (8, 8), "white").save(str(OUT / "really_png.xlsx"), "PNG")
    for f in sorted(OUT.iterdir()):
        print(f"{f.stat().st_size:>8}  {f.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
