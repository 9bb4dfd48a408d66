"""The department report (jixiao.export.report): HTML sections, escaping, and the seed's PDF.

The PDF is checked as a reader would: its text (pypdfium2) holds the project names and
figures, every font it uses is embedded and the CJK one is Noto Sans CJK, the table of
contents points at the right pages, every page but the cover carries its number, and page 1
renders to a PNG that is not blank.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from answer_key import plan_from_answer_key
from jixiao.domain.model import Indicator, Plan, Project
from jixiao.domain.values import parse_target
from jixiao.evaluate.actuals import read_actuals
from jixiao.evaluate.engine import evaluate_plan
from jixiao.export.report import ReportOptions, render_html, report_context, write_pdf
from jixiao.monitor import run_monitor
from jixiao.review.engine import review_plan

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "seed"
OPTIONS = ReportOptions(generated=date(2024, 3, 1))


def _seed() -> Plan:
    plan = plan_from_answer_key()
    plan.department = "某开发区商务局"
    return plan


def _results(plan: Plan) -> dict[str, Any]:
    return {
        "review": review_plan(plan),
        "monitoring": run_monitor(plan, payments=EXAMPLES / "payments.csv",
                                  as_of=date(2023, 7, 31)),
        "evaluation": evaluate_plan(plan, read_actuals(EXAMPLES / "actuals.yaml")),
    }


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan = _seed()
    path = tmp_path_factory.mktemp("report") / "seed.pdf"
    write_pdf(path, plan, options=OPTIONS, **_results(plan))
    return path


def _texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def _fonts(path: Path) -> dict[str, bool]:
    """Base font name → embedded, for every font used by a text object."""
    pdf = pdfium.PdfDocument(path)
    fonts: dict[str, bool] = {}
    try:
        for page in pdf:
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=5):
                font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
                size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
                buf = (pdfium_c.c_char * size)()
                pdfium_c.FPDFFont_GetBaseFontName(font, buf, size)
                name = bytes(buf).rstrip(b"\0").decode("latin-1")
                fonts[name] = bool(pdfium_c.FPDFFont_GetIsEmbedded(font))
    finally:
        pdf.close()
    return fonts


def test_seed_pdf_text_has_project_names_and_figures(seed_pdf: Path) -> None:
    text = "".join(_texts(seed_pdf))
    flat = re.sub(r"\s+", "", text)
    for expected in ("招商费用", "扶持资金", "103001001", "103001002", "某开发区商务局",
                     "2023年度预算绩效报告", "目标审核", "运行监控", "绩效自评",
                     "全区完成亿元以上签约项目", "26亿元", "95%以上", "投资者满意度"):
        assert expected in flat, expected
    # money in 万元: 150 and 8000 per project, 8150 for the department
    assert re.search(r"103001001招商费用150", flat)
    assert re.search(r"103001002扶持资金8000", flat)
    assert "8150" in flat
    # monitoring as of 2023-07-31: 7/12 time progress, 3087 万元 spent = 37.88% of 8150
    assert "58.33%" in flat and "37.88%" in flat
    # self-evaluation of the demo actuals: 97.59 (优) and 75.86 (中)
    assert "97.59" in flat and "75.86" in flat


def test_seed_pdf_embeds_a_cjk_font(seed_pdf: Path) -> None:
    fonts = _fonts(seed_pdf)
    assert fonts, "no text objects found"
    assert all(fonts.values()), f"fonts not embedded: {fonts}"
    cjk = [name for name in fonts if "CJK" in name]
    assert cjk and any("Noto-Sans-CJK-SC" in name for name in cjk), fonts
    assert all(re.match(r"^[A-Z]{6}\+", name) for name in cjk)  # subset prefix: a subset


def test_seed_pdf_pages_are_numbered_and_the_toc_points_at_them(seed_pdf: Path) -> None:
    pages = _texts(seed_pdf)
    total = len(pages)
    assert total >= 8
    assert "页，共" not in pages[0]  # the cover carries no page number
    for n, text in enumerate(pages[1:], 2):
        assert f"第 {n} 页，共 {total} 页" in text, n
    toc = pages[1]
    assert "目录" in toc
    for title in ("一、概况", "二、项目绩效目标", "三、目标审核", "四、运行监控", "五、绩效自评"):
        m = re.search(re.escape(title) + r"[.\s…]*?(\d+)\s*$", toc, re.M)
        assert m, title
        page = int(m.group(1))
        assert title in pages[page - 1], (title, page)  # the section starts on that page


def test_seed_pdf_page_one_renders_to_a_png(seed_pdf: Path, tmp_path: Path) -> None:
    pdf = pdfium.PdfDocument(seed_pdf)
    try:
        page = pdf[0]
        width, height = page.get_size()
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        image = page.render(scale=1).to_pil().convert("L")
    finally:
        pdf.close()
    png = tmp_path / "page1.png"
    image.save(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    hist = image.histogram()
    dark = sum(hist[:128])
    assert dark > 2000  # the title, the figures table: real ink, not a blank page
    assert dark < image.width * image.height * 0.2  # and not a black page either
    # text was drawn as glyphs, not as .notdef boxes: the title row has many dark runs
    title_band = image.crop((0, int(height * 0.25), image.width, int(height * 0.32)))
    assert sum(title_band.histogram()[:128]) > 500


def test_sections_appear_only_with_their_data() -> None:
    plan = _seed()
    html = render_html(plan, options=ReportOptions(charts=False))
    assert 'id="overview"' in html and 'id="targets"' in html
    for section in ("review", "monitoring", "evaluation"):
        assert f'id="{section}"' not in html
    html = render_html(plan, review=review_plan(plan), options=ReportOptions(charts=False))
    assert 'id="review"' in html and 'id="monitoring"' not in html
    assert "三、目标审核" in html


def test_html_is_standalone_with_inline_charts() -> None:
    plan = _seed()
    results = _results(plan)
    html = render_html(plan, monitoring=results["monitoring"], options=OPTIONS)
    assert "<style>" in html
    assert "<link" not in html and "<script" not in html and "src=" not in html
    # department chart + one per project + lights chart
    assert html.count("<svg") == 4
    assert "@page" in html and "target-counter(attr(href), page)" in html
    assert '"Noto Sans CJK SC"' in html  # the font list is CSS, not HTML-escaped


def test_user_text_is_escaped() -> None:
    bad = "<script>alert(1)</script>"
    plan = Plan(year=2023, department="局&所", projects=[
        Project("X", bad, goal="目标 <b>粗</b>",
                indicators=[Indicator("产出指标", "数量指标", bad, None, parse_target("≥1个"))]),
    ])
    html = render_html(plan, options=ReportOptions(charts=False))
    assert bad not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "目标 &lt;b&gt;粗&lt;/b&gt;" in html
    assert "局&amp;所" in html


def test_indicator_table_merges_categories_with_rowspans() -> None:
    ctx = report_context(_seed(), options=ReportOptions(charts=False))
    rows = ctx["plan"]["projects"][0]["indicators"]
    assert [r["l1_span"] for r in rows] == [5, 0, 0, 0, 0, 4, 0, 0, 0, 1]
    assert [r["l2_span"] for r in rows] == [2, 0, 1, 1, 1, 1, 1, 1, 1, 1]
    assert [r["empty"] for r in rows].count(True) == 3
    assert ctx["plan"]["budget"] == {"total": "8150", "fiscal": "8150", "other": "—"}
    html = render_html(_seed(), options=ReportOptions(charts=False))
    assert '<td class="c" rowspan="5">产出指标</td>' in html



def test_plan_chart_weights_projects_with_different_checkpoints(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A: 100 万元, 6月底 50%, 12月底 100%; B: 300 万元, 3月底 30%, 12月底 100%.

    Linear between checkpoints, at the end of June: A 50%, B 30 + (100 − 30) × 3/9 = 53.33%;
    money-weighted (100 × 50 + 300 × 53.33) / 400 = 52.5%.
    """
    from decimal import Decimal

    from jixiao.domain.model import Checkpoint, Funds
    from jixiao.domain.money import Money
    from jixiao.export import report as report_module

    a = Project("A", "甲", funds=Funds(Money(Decimal(100))), spending_plan=[
        Checkpoint("6月底", 6, Decimal(50)), Checkpoint("12月底", 12, Decimal(100))])
    b = Project("B", "乙", funds=Funds(Money(Decimal(300))), spending_plan=[
        Checkpoint("3月底", 3, Decimal(30)), Checkpoint("12月底", 12, Decimal(100))])
    seen: dict[str, Any] = {}

    def fake_chart(points: Any, *args: Any, **kwargs: Any) -> str:
        seen["points"] = list(points)
        return "<svg/>"

    monkeypatch.setattr("jixiao.export.charts.spending_chart", fake_chart)
    assert report_module._plan_chart(Plan(projects=[a, b]), "linear") == "<svg/>"
    points = dict(seen["points"])
    assert points[0] == 0
    assert points[6] == Decimal("52.5")
    assert points[12] == 100
