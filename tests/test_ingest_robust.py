"""No input crashes the text ingester: a Plan or an InputError, never another exception.

Hypothesis generates text from the vocabulary of target tables (labels, level names,
values, bases, pipes, blank lines, broken words) and arbitrary Unicode; the seed is mutated
(lines dropped, shuffled, duplicated, truncated at every 10th line, random bytes); a large
input checks that the algorithm stays roughly linear (no hang). The invariant checked
every time: each non-blank line is placed or left over.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from answer_key import SEED_TEXT
from jixiao.domain.errors import InputError
from jixiao.domain.jsonio import plan_from_json, plan_to_json
from jixiao.domain.model import Plan
from jixiao.ingest import TextIngest, ingest_text, parse_file, parse_text
from jixiao.ingest.text import read_text

_CONTROL = re.compile(r"[\x00-\x1f\x7f\ufeff\ufffe\uffff]")


@lru_cache(maxsize=1)
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


def check(text: str) -> TextIngest:
    """Parse, then check the invariants every result must keep."""
    result = ingest_text(text, source_name="fuzz.txt")
    plan = result.plan
    assert isinstance(plan, Plan)
    placed: set[int] = set()
    for p in result.placements:
        assert p.source.line is not None
        placed.update(range(p.source.line, (p.source.line_end or p.source.line) + 1))
    left: set[int] = set()
    for lo in plan.leftovers:
        if lo.source and lo.source.line:
            left.update(range(lo.source.line, (lo.source.line_end or lo.source.line) + 1))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for n, line in enumerate(lines, 1):
        # control characters are extraction junk, not content
        stripped = _CONTROL.sub("", line).replace("|", "").replace("｜", "").strip()
        if stripped and "\x85" not in text and "\u2028" not in text and "\u2029" not in text:
            assert n in placed or n in left, (n, line)
    for lo in plan.leftovers:
        assert lo.text.strip() and lo.reason
    # the result can always be written and read back
    again = plan_from_json(plan_to_json(plan))
    assert len(again.projects) == len(plan.projects)
    return result


WORDS = [
    "项目名称",
    "项目编码",
    "项目\n\n编码",
    "预算项目名称",
    "主管部门",
    "实施单位",
    "项目资金",
    "（万元）",
    "年度资金总额",
    "其中：财政拨款",
    "其他资金",
    "主要用途",
    "预算数",
    "150 万元。",
    "全部为财政资金。",
    "资金支出\n计划（%）",
    "3月底 6月底 12月底",
    "10% 50% 100%",
    "绩效\n目标",
    "年度绩效目标",
    "长期目标",
    "一级\n指标",
    "二级指\n标",
    "三级指标",
    "绩效指标描述",
    "指标值",
    "指标值确\n定依据",
    "指标性质",
    "度量单位",
    "分值",
    "产出\n指标",
    "产出指标(50分)",
    "数量指标",
    "质量指\n标",
    "时效指标",
    "成本指标",
    "效益指标",
    "效果指标",
    "满意度指标",
    "服务对\n象满意\n度指标",
    "可持续\n性影响",
    "签约项目",
    "全区完成亿元以上签约项目",
    "15个",
    "≥95%",
    "90%以上",
    "2023年底",
    "否",
    "工作要求",
    "根据年初\n\n工作安排",
    "调查问卷",
    "计划标准",
    "|",
    " | ",
    "||||",
    "\t",
    "— 1 —",
    "第1页 共3页",
    "(100字以内)",
    "一、总体绩效目标",
    "二、分项绩效目标",
    "三、保障措施",
    "（一）完善制度建设。",
    "绩效目标：",
    "绩效指标：",
    "项目支出绩效目标表",
    "(2024年度)",
    "51000021R000000019951-工资性支出",
    "[015001]单位",
    "3,309,840.00",
    "二100%",
    "292%",
    "⽬",
    "⻓期",
    "=",
    "≥",
    "\n",
    "\n\n",
    " ",
    "资金总额222.45",
    "正向",
    "≤",
    "万元",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=80))
def test_vocabulary_soup_never_crashes(parts: list[str]):
    check("".join(parts))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(text: str):
    check(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30), st.text(max_size=60))
def test_vocabulary_with_noise_lines(parts: list[str], noise: str):
    check("\n".join([*parts, noise, *parts]))


# --- mutations of the seed -----------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_seed_with_lines_dropped(seed: int):
    rnd = random.Random(seed)
    lines = seed_text().splitlines()
    kept = [ln for ln in lines if rnd.random() > 0.2]
    check("\n".join(kept))


@pytest.mark.parametrize("seed", range(6))
def test_seed_shuffled(seed: int):
    rnd = random.Random(seed)
    lines = seed_text().splitlines()
    rnd.shuffle(lines)
    check("\n".join(lines))


@pytest.mark.parametrize("seed", range(4))
def test_seed_with_lines_duplicated(seed: int):
    rnd = random.Random(seed)
    out: list[str] = []
    for ln in seed_text().splitlines():
        out.append(ln)
        if rnd.random() < 0.25:
            out.append(ln)
    result = check("\n".join(out))
    assert result.plan.projects  # still finds projects


def test_seed_truncated_at_every_tenth_line():
    lines = seed_text().splitlines()
    found_projects = []
    for cut in range(0, len(lines) + 1, 10):
        result = check("\n".join(lines[:cut]))
        found_projects.append(len(result.plan.projects))
    # projects appear as the text grows and are never lost on the way
    assert found_projects == sorted(found_projects)
    assert found_projects[-1] == 2


def test_seed_cut_inside_the_first_table_keeps_the_rows_found():
    lines = seed_text().splitlines()
    cut = next(n for n, ln in enumerate(lines) if ln.startswith("增加就业"))
    plan = check("\n".join(lines[: cut + 1])).plan
    names = [i.level3 for i in plan.projects[0].indicators]
    assert names[:2] == ["签约项目", "跨境电商交易额"]
    assert names[-1] == "增加就业"


@pytest.mark.parametrize("seed", range(6))
def test_seed_with_random_bytes(seed: int, tmp_path):
    rnd = random.Random(seed)
    data = bytearray(seed_text().encode("utf-8"))
    for _ in range(40):
        data[rnd.randrange(len(data))] = rnd.randrange(256)
    f = tmp_path / "damaged.txt"
    f.write_bytes(bytes(data))
    try:
        plan = parse_file(f)
    except InputError as exc:
        # a clear Chinese reason: bad encoding, or (sniffed by content) binary data
        assert "编码" in str(exc) or "二进制" in str(exc)
    else:
        assert isinstance(plan, Plan)


def test_random_binary_is_an_input_error_or_a_plan(tmp_path):
    rnd = random.Random(7)
    f = tmp_path / "noise.txt"
    f.write_bytes(bytes(rnd.randrange(256) for _ in range(4096)))
    try:
        plan = parse_file(f)
    except InputError:
        pass
    else:
        assert isinstance(plan, Plan)


def test_undecodable_bytes_give_a_clear_error():
    with pytest.raises(InputError) as err:
        read_text(b"\xff\xfe\xfd\x80\x81" * 10, "bad.txt")
    assert "编码" in str(err.value)


def test_other_file_types_are_refused_with_a_reason(tmp_path):
    f = tmp_path / "x.pdf"
    f.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError) as err:
        parse_file(f)
    assert ".pdf" in str(err.value)
    with pytest.raises(InputError):
        parse_file(tmp_path / "missing.txt")


def test_empty_and_blank_text():
    assert parse_text("").projects == []
    assert parse_text("\n\n  \n").leftovers == []


def test_one_megabyte_stays_linear():
    text = seed_text() * 120  # about 1.2 MB: 240 projects
    plan = parse_text(text)
    assert len(plan.projects) == 240
    assert all(len(p.indicators) in (9, 10) for p in plan.projects)


@pytest.mark.slow
def test_ten_megabytes_once():
    text = seed_text()
    big = text * (10_000_000 // len(text.encode("utf-8")) + 1)
    plan = parse_text(big)
    assert len(plan.projects) > 2000


def test_parse_file_applies_the_text_length_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_MAX_TEXT_CHARS", "100")
    f = tmp_path / "long.txt"
    f.write_text(seed_text(), encoding="utf-8")
    with pytest.raises(InputError) as err:
        parse_file(f)
    assert "文本过长" in str(err.value) and "long.txt" in str(err.value)
