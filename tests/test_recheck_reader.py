"""The published-form reader: layouts, labels split over lines, and no crash on any input."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.recheck.form import number, percent
from jixiao.recheck.reader import read_forms_text

D = Decimal
DATA = Path(__file__).parent / "data" / "recheck"
INFLATED = (DATA / "national_inflated.txt").read_text(encoding="utf-8")


def test_number_and_percent_cells() -> None:
    assert number("89.974") == D("89.974") and number("1,234.5") == D("1234.5")
    assert number("8分") == D(8) and number("≥50个") is None and number("/") is None
    assert percent("86%") == D(86) and percent("100.00%") == D("100.00")
    assert percent("0.98") == D("98.00") and percent("95") == D(95)


def test_one_line_layout_matches_cells_by_what_they_look_like() -> None:
    # the whole table on one line, empty cells gone (as the 棠溪镇 page gives it)
    text = (
        "项目支出绩效自评表 (2023年度) 项目名称 样例项目 项目资金 (万元) 年初预算数 全年预算数 "
        "全年执行数 分值 执行率 得分 年度资金总额: 50 50 45 10 90% 9 一级指标 二级指标 三级指标 "
        "年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施 产出指标(50分) 数量指标 "
        "培训人数 ≥100人 90人 50 45 部分学员未到课，下年加强组织。 满意度指标(10分) "
        "满意度指标 学员满意度 ≥90% 95% 10 10 总分 100 64"
    )
    (form,) = read_forms_text(text, "oneline.txt")
    assert form.year == 2023 and form.project == "样例项目"
    total = form.total_row
    assert total is not None and (total.initial, total.spent, total.rate, total.score) == (
        "50", "45", "90%", "9",
    )  # fmt: skip
    first, second = form.indicators
    assert (first.target, first.actual, first.weight, first.score) == ("≥100人", "90人", "50", "45")
    assert first.explanation == "部分学员未到课，下年加强组织。"
    assert second.level1 == "满意度指标" and second.level3 == "学员满意度"
    assert (form.total_points, form.total) == ("100", "64")


def test_labels_split_over_paragraphs_are_joined() -> None:
    text = "\n\n".join(
        ["项目支出绩效自评表", "项目名称", "样例", "年初", "预算数", "全年", "预算数", "全年",
         "执行数", "分值", "执行率", "得分", "年度资金总额", "10", "10", "10", "10", "100%", "10",
         "一级指标", "二级指标", "三级指标", "年度", "指标值", "实际", "完成值", "分值", "得分",
         "偏差原因分析及改进措施", "效益指标", "经济效益", "指标", "增收户数", "≥10户", "12户",
         "30", "30", " ", "总分", "40"]
    )
    (form,) = read_forms_text(text, "p.txt")
    assert form.money_columns == ["initial", "adjusted", "spent", "points", "rate", "score"]
    (row,) = form.indicators
    assert row.level2 == "经济效益指标" and row.level3 == "增收户数" and row.score == "30"


def test_several_forms_in_one_file() -> None:
    twice = INFLATED + "\n" + INFLATED.replace("社区养老服务补助(复核样例)", "第二个项目")
    forms = read_forms_text(twice, "two.txt")
    assert [f.project for f in forms] == ["社区养老服务补助(复核样例)", "第二个项目"]
    assert [f.number for f in forms] == [1, 2]
    assert all(len(f.indicators) == 7 for f in forms)


def test_text_without_a_form_gives_nothing() -> None:
    assert read_forms_text("这是一段与绩效无关的文字。\n第二行。", "x.txt") == []


_VOCAB = [
    "年度资金总额", "其中:财政拨款", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
    "得分", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "产出指标(50分)",
    "数量指标", "满意度指标", "总分", "合计", "评价等级", "优", "≥90%", "95%", "10", "9.5",
    "0", "/", "|", "\t", " ", "\n", "\n\n", "达成年度指标", "项目名称", "自评表", "注:",
    "……", "指标1", "(30分)", "100100", "20100%", "≥", "%", "万元",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_VOCAB), st.text(max_size=6)), max_size=80))
def test_no_input_makes_the_reader_or_the_recheck_crash(parts: list[str]) -> None:
    from jixiao.recheck.engine import recheck_form

    text = "".join(parts)
    for form in read_forms_text(text, "fuzz.txt"):
        result = recheck_form(form)
        assert result.status in {"ok", "discrepancies", "unfilled", "incomplete"}


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=len(INFLATED)), st.integers(min_value=0, max_value=40))
def test_cut_or_damaged_real_layout_never_crashes(cut: int, drop: int) -> None:
    """A hand-made form cut anywhere, with a slice removed: read and recheck what is there."""
    from jixiao.recheck.engine import recheck_form

    text = INFLATED[:cut] + INFLATED[cut + drop :] if drop else INFLATED[:cut]
    for form in read_forms_text(text, "cut.txt"):
        result = recheck_form(form)
        if cut < len(INFLATED) // 2 and form.indicators == []:
            assert result.rows == []
