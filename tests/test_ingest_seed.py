"""The seed document parses to exactly its answer key (shared/fixtures/…expected.json).

Every field of the key is asserted: overall goal, sub-goals, measures, and per project the
code, name, budget, fund source, purpose, spending plan, goal and each indicator's levels,
name, description, target as written, and basis. Nulls in the key are ``None`` (an empty
target). Then the bookkeeping: every non-blank line of the seed is placed or a leftover.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

import pytest

from answer_key import SEED_TEXT, load_answer_key
from jixiao.domain.model import BasisCode, FundLine, Plan
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.target import Comparator, TargetKind
from jixiao.ingest import TextIngest, ingest_text, parse_file, parse_text


@lru_cache(maxsize=1)
def _seed() -> TextIngest:
    return ingest_text(SEED_TEXT.read_text(encoding="utf-8"), source_name=SEED_TEXT.name)


@pytest.fixture()
def plan() -> Plan:
    return _seed().plan


@pytest.fixture()
def key() -> dict[str, Any]:
    return load_answer_key()


def _nows(s: str | None) -> str | None:
    return None if s is None else re.sub(r"\s+", "", s)


def test_year_comes_from_the_time_targets(plan: Plan):
    # the seed states no year; its 时效 targets say 2023年底
    assert plan.year == 2023


def test_overall_goal(plan: Plan, key: dict[str, Any]):
    assert plan.overall_goal is not None
    assert plan.overall_goal.startswith(key["overall_goal_starts_with"])
    assert plan.overall_goal.endswith(key["overall_goal_ends_with"])
    # joined across its ten lines without inserted spaces
    assert "针对主要职责、重点工作" in plan.overall_goal


def test_sub_goals(plan: Plan, key: dict[str, Any]):
    got = [(g.title, g.goal, g.indicators) for g in plan.sub_goals]
    want = [(g["title"], g["goal"], g["indicators"]) for g in key["sub_goals"]]
    assert got == want
    # the second sub-goal's indicator list wraps over two lines: 合同 / 金额。
    assert plan.sub_goals[1].source is not None
    assert plan.sub_goals[1].source.line_end is not None


def test_measures(plan: Plan, key: dict[str, Any]):
    assert [m.title for m in plan.measures] == key["measures"]
    first = plan.measures[0]
    assert first.text is not None and first.text.startswith("制定完善预算绩效管理制度")
    # (六) continues across a page break (blank lines) in the seed
    sixth = plan.measures[5]
    assert sixth.text is not None and "情况、重大支出决策" in sixth.text
    assert sixth.text.endswith("确保财政资金安全有效。")


def test_projects_header_fields(plan: Plan, key: dict[str, Any]):
    assert len(plan.projects) == len(key["projects"]) == 2
    for got, want in zip(plan.projects, key["projects"], strict=True):
        assert got.code == want["code"]
        assert got.name == want["name"]
        assert got.funds.total == Money(Decimal(want["budget_wan"]), MoneyUnit.WAN)
        assert got.funds.lines == [
            FundLine("财政拨款", Money(Decimal(want["fiscal_wan"]), MoneyUnit.WAN))
        ]
        assert got.purpose == want["purpose"]
        assert {c.label: c.percent for c in got.spending_plan} == {
            k: Decimal(v) for k, v in want["spending_plan"].items()
        }
        assert [c.month for c in got.spending_plan] == [3, 6, 10, 12]
        assert got.goal == want["goal"]


def test_every_indicator_field(plan: Plan, key: dict[str, Any]):
    total = 0
    for got_p, want_p in zip(plan.projects, key["projects"], strict=True):
        assert len(got_p.indicators) == len(want_p["indicators"])
        for got, want in zip(got_p.indicators, want_p["indicators"], strict=True):
            total += 1
            where = f"{got_p.code} {want['level3']}"
            assert got.level1 == want["level1"], where
            assert got.level2 == want["level2"], where
            assert got.level3 == want["level3"], where
            assert got.description == want["description"], where
            assert got.basis == want["basis"], where
            if want["target"] is None:
                assert got.target.is_empty, where
                assert got.target.raw == "", where
            else:
                assert _nows(got.target.raw) == want["target"], where
    assert total == 19


def test_targets_are_parsed_by_the_value_grammar(plan: Plan):
    first = plan.projects[0].indicators
    assert first[0].target.kind is TargetKind.QUANTITATIVE
    assert first[0].target.value == Decimal(15) and first[0].target.unit == "个"
    assert first[1].target.normalized_unit == "元"
    assert first[1].target.normalized_value == Decimal(2_600_000_000)  # 26亿元 in 元
    deadline = first[3].target
    assert deadline.kind is TargetKind.TIME and deadline.deadline == date(2023, 12, 31)
    assert first[4].target.comparator is Comparator.GE  # 90%以上
    ecology = plan.projects[1].indicators[6].target
    assert ecology.kind is TargetKind.BOOLEAN and ecology.flag is False  # 否


def test_basis_codes(plan: Plan):
    codes = [i.basis_code for i in plan.projects[0].indicators]
    assert codes[0] is BasisCode.PLAN  # 根据年初工作安排
    assert codes[1] is BasisCode.PLAN  # 工作要求
    assert codes[-1] is BasisCode.OTHER  # 调查问卷


def test_indicator_sources_point_at_their_lines(plan: Plan):
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    first = plan.projects[0].indicators
    # 签约项目 row: its row line, and 根据年初 / 工作安排 after it
    s = first[0].source
    assert s is not None and s.file == SEED_TEXT.name
    assert lines[s.line - 1].startswith("签约项目")
    assert s.line_end is not None and lines[s.line_end - 1] == "工作安排"
    # 跨境电商交易额: the broken name before its row line
    s2 = first[1].source
    assert s2 is not None and lines[s2.line - 1] == "跨境电商交易"
    assert s2.line_end is not None and lines[s2.line_end - 1].startswith("全区完成跨境电商交易额")
    # the empty 生态效益指标 row holds only its basis
    s3 = first[7].source
    assert s3 is not None and lines[s3.line - 1] == "工作要求"


def test_every_line_is_placed_or_left_over():
    result = _seed()
    text = SEED_TEXT.read_text(encoding="utf-8")
    placed: set[int] = set()
    for p in result.placements:
        assert p.source.line is not None
        placed.update(range(p.source.line, (p.source.line_end or p.source.line) + 1))
    left: set[int] = set()
    for lo in result.plan.leftovers:
        if lo.source and lo.source.line:
            left.update(range(lo.source.line, (lo.source.line_end or lo.source.line) + 1))
    missing = [
        (n, line)
        for n, line in enumerate(text.splitlines(), start=1)
        if line.strip() and n not in placed and n not in left
    ]
    assert missing == []
    # and the seed needs no leftovers at all: everything has a place
    assert result.plan.leftovers == []


def test_indicator_placements_lie_inside_the_indicator_source():
    result = _seed()
    plan = result.plan
    for project in plan.projects:
        assert project.source is not None and project.source.line is not None
        for ind in project.indicators:
            assert ind.source is not None
            lo = ind.source.line
            hi = ind.source.line_end or lo
            assert lo is not None and hi is not None
            assert project.source.line <= lo <= hi <= (project.source.line_end or hi)


def test_parse_text_and_parse_file_agree(tmp_path):
    text = SEED_TEXT.read_text(encoding="utf-8")
    f = tmp_path / "seed.txt"
    f.write_bytes(text.encode("gb18030"))  # a GBK file is detected and decoded
    from_file = parse_file(f)
    from_text = parse_text(text, source_name="seed.txt")
    assert from_file.source_file == "seed.txt"
    assert [p.code for p in from_file.projects] == ["103001001", "103001002"]
    assert [i.level3 for i in from_file.projects[1].indicators] == [
        i.level3 for i in from_text.projects[1].indicators
    ]


def test_parsed_targets_equal_those_built_from_the_answer_key(plan: Plan):
    """The review, monitoring and evaluation tests use the key's plan; the parsed plan must
    give them the same targets, basis codes, funds and spending plan."""
    from answer_key import plan_from_answer_key

    expected = plan_from_answer_key(year=2023)
    for got_p, want_p in zip(plan.projects, expected.projects, strict=True):
        assert got_p.funds.total == want_p.funds.total
        assert got_p.funds.lines == want_p.funds.lines
        assert got_p.spending_plan == want_p.spending_plan
        for got, want in zip(got_p.indicators, want_p.indicators, strict=True):
            assert got.target == want.target, got.level3
            assert got.basis_code == want.basis_code, got.level3
