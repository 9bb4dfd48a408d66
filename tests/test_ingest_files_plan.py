"""Every file format of the seed parses to the answer key (shared/fixtures/…expected.json).

``parse_document`` on each sample — PDF from LibreOffice Writer, LibreOffice Calc and
WeasyPrint (one with CJK radicals in its text layer), Excel .xlsx (one project per sheet;
both in one sheet with percent formats and formulas) and .xls, Word .docx, two web pages
(one a GB2312 government page) and the plain text seed — must give the same two projects
and 19 indicators as the answer key, every indicator carrying where its row is (page and
row of a PDF table, sheet and cell of a spreadsheet, table and row of a Word/HTML table).
Samples with the department text must also give its goal, sub-goals and measures.
"""

from __future__ import annotations

import re
import tempfile
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from answer_key import SEED_TEXT, load_answer_key
from file_samples import FILES, SEED_DOCS, SEED_FILES, SEED_PDFS, SEED_SHEETS, WITH_DEPARTMENT_TEXT
from jixiao.domain.model import FundLine, Measure, Plan, SubGoal
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.profile import RuleProfile, load_profile
from jixiao.ingest.files import parse_document

# The seed's tables write the purpose label in one cell, 项目资金主要用途 (the text seed has
# it broken over two lines, 项目资金 / 主要用途, which the text ingester joins). Until the
# default vocabulary (jixiao.ingest.vocab, owned by the text ingester) lists the one-cell
# spelling, the tests add it the way a user would: a profile's [ingest.fields].
_PROFILE_TOML = """
extends = "national"
name = "seed-files"
[ingest.fields]
purpose = ["项目资金主要用途"]
"""


@cache
def profile() -> RuleProfile:
    folder = Path(tempfile.mkdtemp(prefix="jixiao_profile_"))
    path = folder / "seed-files.toml"
    path.write_text(_PROFILE_TOML, encoding="utf-8")
    return load_profile(path)


@cache
def plan_of(name: str) -> Plan:
    return parse_document(SEED_TEXT if name == "seed.txt" else FILES / name, profile())


def _nows(s: str | None) -> str | None:
    return None if s is None else re.sub(r"\s+", "", s)


def compare_projects(plan: Plan, key: dict[str, Any]) -> list[str]:
    """Differences between the plan's projects and the answer key's (empty when equal)."""
    diffs: list[str] = []
    if len(plan.projects) != len(key["projects"]):
        return [f"{len(plan.projects)} projects, want {len(key['projects'])}"]
    for got, want in zip(plan.projects, key["projects"], strict=True):
        label = want["code"]
        checks = [
            ("code", got.code, want["code"]),
            ("name", got.name, want["name"]),
            ("budget", got.funds.total, Money(Decimal(want["budget_wan"]), MoneyUnit.WAN)),
            (
                "fund lines",
                got.funds.lines,
                [FundLine("财政拨款", Money(Decimal(want["fiscal_wan"]), MoneyUnit.WAN))],
            ),
            ("purpose", got.purpose, want["purpose"]),
            (
                "spending plan",
                {c.label: c.percent for c in got.spending_plan},
                {k: Decimal(v) for k, v in want["spending_plan"].items()},
            ),
            ("goal", got.goal, want["goal"]),
            ("indicator count", len(got.indicators), len(want["indicators"])),
        ]
        diffs += [f"{label} {what}: {a!r} != {b!r}" for what, a, b in checks if a != b]
        for gi, wi in zip(got.indicators, want["indicators"], strict=False):
            g = (gi.level1, gi.level2, gi.level3, gi.description, _nows(gi.target.raw) or None,
                 gi.basis)  # fmt: skip
            w = (wi["level1"], wi["level2"], wi["level3"], wi["description"], wi["target"],
                 wi["basis"])  # fmt: skip
            if g != w:
                diffs.append(f"{label} indicator {g} != {w}")
    return diffs


def compare_department(plan: Plan, key: dict[str, Any]) -> list[str]:
    diffs: list[str] = []
    goal = plan.overall_goal or ""
    if not goal.startswith(key["overall_goal_starts_with"]):
        diffs.append(f"overall goal starts {goal[:20]!r}")
    if not goal.endswith(key["overall_goal_ends_with"]):
        diffs.append(f"overall goal ends {goal[-20:]!r}")
    got = [(g.title, g.goal, g.indicators) for g in plan.sub_goals]
    want = [(g["title"], g["goal"], g["indicators"]) for g in key["sub_goals"]]
    if got != want:
        diffs.append(f"sub-goals {got} != {want}")
    titles = [m.title for m in plan.measures]
    if titles != key["measures"]:
        diffs.append(f"measures {titles} != {key['measures']}")
    return diffs


@pytest.mark.parametrize("name", [*SEED_FILES, "seed.txt"])
def test_projects_and_indicators_match_the_answer_key(name: str) -> None:
    assert compare_projects(plan_of(name), load_answer_key()) == []


@pytest.mark.parametrize("name", [*WITH_DEPARTMENT_TEXT, "seed.txt"])
def test_department_text_matches_the_answer_key(name: str) -> None:
    assert compare_department(plan_of(name), load_answer_key()) == []


def test_the_comparison_helper_sees_a_difference() -> None:
    """The helper the tests rely on must notice a wrong value, a wrong level, a lost row."""
    key = load_answer_key()
    plan = parse_document(FILES / "seed.docx", profile())
    assert compare_projects(plan, key) == []
    plan.projects[0].indicators[2].level2 = "数量指标"
    plan.projects[1].indicators.pop()
    plan.projects[1].goal = "别的目标"
    diffs = compare_projects(plan, key)
    assert any("indicator" in d and "数量指标" in d for d in diffs)
    assert any("indicator count" in d for d in diffs)
    assert any("goal" in d for d in diffs)


@pytest.mark.parametrize("name", SEED_PDFS)
def test_pdf_indicators_carry_page_table_and_row(name: str) -> None:
    for project in plan_of(name).projects:
        for ind in project.indicators:
            src = ind.source
            assert src is not None and src.file == name
            assert src.page is not None and src.table is not None and src.row is not None
    # the first indicator of the first project: on the page its table starts on
    first = plan_of(name).projects[0].indicators[0]
    assert first.source is not None
    assert "页" in first.source.describe() and "表1" in first.source.describe()


def test_pdf_indicator_after_the_page_break_is_on_the_next_page() -> None:
    """seed_lo.pdf: project 1's table runs from page 2 onto page 3."""
    inds = plan_of("seed_lo.pdf").projects[0].indicators
    pages = [i.source.page or 0 for i in inds if i.source is not None]
    assert pages[0] == 2 and pages[-1] == 3
    assert pages == sorted(pages)
    assert inds[2].source is not None and (inds[2].source.page, inds[2].source.row) == (3, 3)


@pytest.mark.parametrize("name", SEED_SHEETS)
def test_sheet_indicators_carry_sheet_and_cell(name: str) -> None:
    plan = plan_of(name)
    for project in plan.projects:
        for ind in project.indicators:
            assert ind.source is not None and ind.source.sheet and ind.source.cell
    first = plan.projects[0].indicators[0].source
    assert first is not None
    # 签约项目 is in column C of the first indicator row (row 7, or row 9 under the title)
    assert first.cell == ("C7" if name == "seed_sheets.xlsx" else "C9")
    second = plan.projects[1].indicators[0].source
    assert second is not None
    if name == "seed_sheets.xlsx":
        assert (second.sheet, second.cell) == ("扶持资金", "C7")
    else:
        assert second.cell == "C26"


@pytest.mark.parametrize("name", SEED_DOCS)
def test_word_and_html_indicators_carry_table_and_row(name: str) -> None:
    plan = plan_of(name)
    for number, project in enumerate(plan.projects, start=1):
        rows = [i.source.row for i in project.indicators if i.source is not None]
        assert {i.source.table for i in project.indicators if i.source} == {number}
        assert rows == list(range(7, 7 + len(project.indicators)))


@pytest.mark.parametrize("name", WITH_DEPARTMENT_TEXT)
def test_department_parts_point_into_the_file(name: str) -> None:
    plan = plan_of(name)
    items: list[SubGoal | Measure] = [*plan.sub_goals, *plan.measures]
    for item in items:
        src = item.source
        assert src is not None and src.file == name
        if name.endswith(".pdf"):
            assert src.page is not None and src.line is not None
        else:
            assert src.line is not None  # paragraph (Word) or HTML source line
    if name == "seed.docx":
        assert plan.measures[0].source is not None
        assert plan.measures[0].source.line == 20  # the 20th paragraph of the document


def test_radical_pdf_parses_like_the_others() -> None:
    a = plan_of("seed_radicals.pdf")
    b = plan_of("seed_weasy.pdf")
    assert [(p.code, p.name, p.goal) for p in a.projects] == [
        (p.code, p.name, p.goal) for p in b.projects
    ]
    assert a.sub_goals[1].title == "持续优化服务、稳固外贸增长"  # 长 written as ⻓ in the PDF


def test_pdf_without_ruling_lines_goes_to_the_text_ingester() -> None:
    from jixiao.ingest.files import read_document

    _sniffed, document = read_document(FILES / "seed_noborder.pdf")
    assert document.grids == []  # no ruled tables: every page is text
    plan = parse_document(FILES / "seed_noborder.pdf", profile())
    assert [p.code for p in plan.projects] == ["103001001", "103001002"]
    assert [m.title for m in plan.measures] == load_answer_key()["measures"]
    assert all(i.source is not None and i.source.page for p in plan.projects for i in p.indicators)
