"""Charts (jixiao.export.charts) and the system package check (jixiao.export.system)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.export import charts, system
from jixiao.export.system import Missing, SystemDependencyError

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    assert svg.startswith("<svg")  # no XML prolog: ready to inline in HTML
    return ET.fromstring(svg)


def test_spending_chart_is_standalone_svg_with_text_as_outlines() -> None:
    svg = charts.spending_chart(
        [(3, Decimal(10)), (6, Decimal(50)), (10, Decimal(80)), (12, Decimal(100))],
        [(6, Decimal("43.5")), (7, Decimal("37.88"))],
        as_of_month=7,
    )
    root = _parse(svg)
    assert root.get("width") == "100%" and root.get("viewBox")
    assert root.findall(f".//{SVG}text") == []  # every label drawn as paths: no font needed
    glyphs = [e.get("id") or "" for e in root.iter(f"{SVG}path")]
    # the CJK glyphs of the title 资金支出进度 were drawn with the Noto CJK font
    assert any("CJK" in g for g in glyphs)
    assert charts.PLAN_COLOUR in svg and charts.ACTUAL_COLOUR in svg and charts.TIME_COLOUR in svg


def test_charts_are_deterministic_and_ids_differ_by_salt() -> None:
    a = charts.lights_chart({"red": 1, "green": 3})
    b = charts.lights_chart({"red": 1, "green": 3})
    assert a == b
    c = charts.lights_chart({"red": 1, "green": 3}, salt="other")
    ids_a = {e.get("id") for e in _parse(a).iter() if e.get("id")}
    ids_c = {e.get("id") for e in _parse(c).iter() if e.get("id")}
    assert len(ids_a) > 10 and ids_a.isdisjoint(ids_c)  # charts in one page never share ids
    # every reference still points at an id of the same chart
    refs = set(re.findall(r'href="#([^"]+)"', a)) | set(re.findall(r"url\(#([^)]+)\)", a))
    assert refs and refs <= ids_a


def test_lights_chart_colours_each_light() -> None:
    svg = charts.lights_chart({"red": 2, "yellow": 1, "green": 10, "blue": 1})
    for key in ("red", "yellow", "green", "blue"):
        assert charts.LIGHT_COLOURS[key] in svg
    assert charts.LIGHT_COLOURS["none"] not in svg


def test_score_chart_draws_grade_lines() -> None:
    svg = charts.score_chart([("甲", Decimal("97.59"), 100), ("乙", Decimal("75.86"), 100)],
                             grade_lines=[("优", 90), ("良", 80), ("中", 60)])
    root = _parse(svg)
    dotted = [e for e in root.iter(f"{SVG}path")
              if "stroke-dasharray" in (e.get("style") or "")]
    assert len(dotted) == 3  # one dotted line per grade threshold
    assert charts.BAR_COLOUR in svg and charts.TRACK_COLOUR in svg


def test_cjk_font_is_found_on_this_machine() -> None:
    path = system.cjk_font_file()
    assert path is not None and path.is_file()
    assert "cjk" in path.name.lower() or "hei" in path.name.lower()
    assert system.missing_pdf_dependencies() == []
    assert charts.cjk_family().startswith("Noto Sans CJK")


def test_missing_packages_give_one_chinese_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(system, "cjk_font_file", lambda: None)
    monkeypatch.setattr(system, "_has_library", lambda names: "pango" in next(iter(names)))
    missing = system.missing_pdf_dependencies()
    assert [m.packages for m in missing] == [("libharfbuzz-subset0",), ("fonts-noto-cjk",)]
    with pytest.raises(SystemDependencyError) as info:
        system.require_pdf_dependencies()
    text = str(info.value)
    assert "中文字体" in text and "HarfBuzz" in text
    assert "apt-get install libharfbuzz-subset0 fonts-noto-cjk" in text
    with pytest.raises(SystemDependencyError, match="绘制图表缺少系统组件: 中文字体"):
        system.require_cjk_font()


def test_describe_missing_lists_each_package_once() -> None:
    text = system.describe_missing([
        Missing("文字排版库 Pango", system.PANGO_PACKAGES),
        Missing("系统库", (*system.PANGO_PACKAGES, "libharfbuzz-subset0")),
    ])
    assert text.endswith(
        "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 "
        "(或运行项目的 scripts/bootstrap)"
    )


def test_font_search_honours_extra_font_dirs(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "wqy-zenhei.ttc").write_bytes(b"not really a font")
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"latin only")
    monkeypatch.setattr(system, "_FONT_DIRS", ())
    monkeypatch.setenv("JIXIAO_FONT_DIRS", str(tmp_path))
    system.cjk_font_files.cache_clear()
    try:
        assert system.cjk_font_files() == (tmp_path / "wqy-zenhei.ttc",)
    finally:
        system.cjk_font_files.cache_clear()
