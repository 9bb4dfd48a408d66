"""The parts of the text ingester: labels, line splitting, money and codes, prose sections,
and the assembler fed directly with grid rows (as the PDF/Excel/Word readers do)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from jixiao.domain.model import Checkpoint, FundLine, SourceRef
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.profile import load_profile
from jixiao.ingest import assemble, assemble_plan, infer_year
from jixiao.ingest.cells import CellTyper, dice, similarity
from jixiao.ingest.department import SectionKind, section_kind
from jixiao.ingest.funds import (
    fund_source_name,
    parse_amount,
    parse_funds_text,
    parse_spending_plan,
    split_code,
)
from jixiao.ingest.layout import LayoutMode, LineSplitter, detect_mode, split_lines
from jixiao.ingest.text import page_furniture
from jixiao.ingest.vocab import Col, Field, label_key, vocabulary

PROFILE = load_profile()
VOCAB = vocabulary(PROFILE)
TYPER = CellTyper.for_profile(PROFILE)


def wan(x: str) -> Money:
    return Money(Decimal(x), MoneyUnit.WAN)


# --- labels --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "note"),
    [
        ("项目资金\n（万元）", "项目资金", "万元"),
        ("*指标值", "指标值", None),
        ("其中：财政拨款", "财政拨款", None),
        ("资金支出计划（%）", "资金支出计划", "%"),
        ("年度资金总额:", "年度资金总额", None),
        ("一级 指标", "一级指标", None),
    ],
)
def test_label_key(text: str, key: str, note: str | None):
    assert label_key(text) == (key, note)


def test_vocabulary_fields_columns_and_levels():
    assert VOCAB.field("项目编码").field is Field.CODE  # type: ignore[union-attr]
    assert VOCAB.field("预算项目名称").field is Field.NAME  # type: ignore[union-attr]
    assert VOCAB.field("单位(盖章):").field is Field.IGNORED  # type: ignore[union-attr]
    assert VOCAB.column("指标值确定依据").col is Col.BASIS  # type: ignore[union-attr]
    assert VOCAB.column("指标值（长期）").col is Col.LONG  # type: ignore[union-attr]
    assert VOCAB.column("计量单位").col is Col.UNIT  # type: ignore[union-attr]
    assert VOCAB.field("签约项目") is None and VOCAB.column("签约项目") is None
    assert VOCAB.level1("效果指标") and VOCAB.level2("可持续性影响")
    assert VOCAB.level1("产出指标(50分)") and not VOCAB.is_level("投资者满意度")
    # broken words can be re-joined only while they are a prefix of a word
    assert VOCAB.is_prefix("指标值确") and VOCAB.is_prefix("服务对象满意")
    assert not VOCAB.is_prefix("全区完成")


def test_profile_can_add_words(tmp_path):
    f = tmp_path / "p.toml"
    f.write_text('extends = "national"\n[ingest.fields]\ngoal = ["本年度目标任务"]\n', "utf-8")
    vocab = vocabulary(load_profile(f))
    assert vocab.field("本年度目标任务").field is Field.GOAL  # type: ignore[union-attr]


# --- cell typing and similarity ------------------------------------------------------------


def test_cell_typer():
    assert TYPER.value_score("15个") >= 2.5
    assert TYPER.value_score("90%以上") >= 2.5
    assert TYPER.value_score("2023年底") >= 2.0
    assert TYPER.value_score("否") >= 2.0
    assert TYPER.value_score("全区完成亿元以上签约项目") < 0
    assert TYPER.basis_score("工作要求") >= 2.0
    assert TYPER.basis_score("根据年初工作安排") >= 2.5
    assert TYPER.basis_score("调查问卷") >= 2.5
    assert TYPER.basis_score("预算资金完成率") < 1.0
    assert TYPER.is_comparator("≥") and TYPER.is_comparator("正向")
    assert TYPER.is_unit("万元") and TYPER.is_unit("人/次") and not TYPER.is_unit("15个")
    assert TYPER.is_template("(100字以内)")
    assert TYPER.is_tiny_piece("额") and not TYPER.is_tiny_piece("否")


def test_similarity_of_names_and_descriptions():
    assert similarity("跨境电商交易额", "全区完成跨境电商交易额") == 1.0
    assert similarity("签约项目", "全区完成亿元以上签约项目") == 1.0
    assert similarity("根据年初工作安排", "全区完成跨境电商交易额") == 0.0
    # Dice is symmetric and penalises length: 6 of 9 bigrams shared → 2*4/(5+9)
    assert dice("参加展会场次", "组织参加境外展会场次") == pytest.approx(2 * 4 / 14)


# --- lines ---------------------------------------------------------------------------------


def test_split_lines_numbers_lines_and_repairs_radicals():
    lines = split_lines("项⽬名称\r\n\n⻓期目标\x00\n")
    assert [(ln.number, ln.text, ln.blank) for ln in lines] == [
        (1, "项目名称", False),
        (2, "", True),
        (3, "长期目标", False),
        (4, "", True),
    ]


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        (
            "签约项目 全区完成亿元以上签约项目 15个",
            ["签约项目", "全区完成亿元以上签约项目", "15个"],
        ),
        ("预算数 150 万元。全部为财政资金。", ["预算数", "150 万元。全部为财政资金。"]),
        ("产 出 指 标 数量指标 ≥ 95%", ["产出指标", "数量指标", "≥ 95%"]),
        ("一级 指标 二级 指标", ["一级指标", "二级指标"]),
        ("投入目标 (万元) 资金来源", ["投入目标(万元)", "资金来源"]),
        ("资金总额222.45", ["资金总额", "222.45"]),
        ("项目名称：机关食堂运行经费", ["项目名称", "机关食堂运行经费"]),
    ],
)
def test_line_splitting(line: str, cells: list[str]):
    assert LineSplitter(VOCAB, TYPER).split(line) == (cells, False)


def test_pipe_and_tab_rows_keep_positions():
    splitter = LineSplitter(VOCAB, TYPER)
    assert splitter.split("| 项目名称 | 甲 | ||||") == (["项目名称", "甲"], True)
    assert splitter.split(" | 质量指标 | 合格率 | 100%") == (
        ["", "质量指标", "合格率", "100%"],
        True,
    )
    assert splitter.split("\t\t垃圾清运量\t≥3.6万吨") == (["", "", "垃圾清运量", "≥3.6万吨"], True)


def test_layout_modes():
    assert detect_mode(split_lines("a |\nb |\n|\nc |\n")) is LayoutMode.PIPE_END
    assert detect_mode(split_lines("a\n|\nb\n|\nc\n|\nd\n")) is LayoutMode.PIPE_SEPARATED
    text = "项目名称\n\n甲\n\n年度目标\n\n完成一件\n事情\n\n一级指标\n\n产出指标\n"
    assert detect_mode(split_lines(text)) is LayoutMode.PARAGRAPHS
    assert detect_mode(split_lines("项目名称 甲\n一级指标 二级指标\n")) is LayoutMode.LINES


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("— 1 —", True),
        ("- 12 -", True),
        ("第 2 页 共 5 页", True),
        ("3/7", True),
        ("100", False),  # a lone number may be a value
        ("当前位置：首页 > 信息公开", True),
        ("发布时间：2023-04-26", True),
        ("工作要求", False),
        ("资金来源", False),
    ],
)
def test_page_furniture(line: str, furniture: bool):
    assert (page_furniture(line) is not None) is furniture


# --- money, codes, spending plans ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "money"),
    [
        ("150 万元", None, wan("150")),
        ("854万", None, wan("854")),
        ("10000万元", None, wan("10000")),
        ("1,000.00", None, wan("1000.00")),
        ("3,309,840.00", None, Money(Decimal("3309840.00"), MoneyUnit.YUAN)),
        ("3,309,840.00", "元", Money(Decimal("3309840.00"), MoneyUnit.YUAN)),
        ("26亿元", None, Money(Decimal(26), MoneyUnit.YI)),
        ("20", "万元", wan("20")),
        ("约20万元", None, None),
    ],
)
def test_parse_amount(text: str, unit: str | None, money: Money | None):
    assert parse_amount(text, unit) == money


def test_parse_funds_text():
    total, lines, rest = parse_funds_text(
        "150 万元。全部为财政资金。主要用于全区招商引资相关工作。", total_label=True
    )
    assert total == wan("150")
    assert lines == [FundLine("财政拨款", wan("150"))]
    assert rest == ["主要用于全区招商引资相关工作。"]
    total, lines, rest = parse_funds_text(
        "预算数 600 万元。其中财政资金 500 万元，其他资金 100 万元。"
    )
    assert (total, lines, rest) == (
        wan("600"),
        [FundLine("财政拨款", wan("500")), FundLine("其他资金", wan("100"))],
        [],
    )
    # a year is not an amount
    total, _, rest = parse_funds_text("2023年预算数 80 万元")
    assert total == wan("80")


def test_fund_source_names():
    assert fund_source_name("其中：财政拨款", fiscal=True) == "财政拨款"
    assert fund_source_name("财政资金（万元）", fiscal=True) == "财政拨款"
    assert fund_source_name("中央财政资金", fiscal=True) == "中央财政资金"
    assert fund_source_name("其他", fiscal=False) == "其他资金"
    assert fund_source_name("自有资金", fiscal=False) == "自有资金"


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("51000021R000000019951-工资性支出", "51000021R000000019951", "工资性支出"),
        ("[015001]某某县第一中学", "015001", "某某县第一中学"),
        ("(433)乌海市供销合作社联合社(部门)", "433", "乌海市供销合作社联合社(部门)"),
        ("813-某某县教育局", "813", "某某县教育局"),
        ("【042】六安市金安区体育局", "042", "六安市金安区体育局"),
        ("103001001 招商费用", "103001001", "招商费用"),
        ("招商费用", None, "招商费用"),
        ("2025金安国际网球公开赛", None, "2025金安国际网球公开赛"),
    ],
)
def test_split_code(text: str, code: str | None, name: str):
    assert split_code(text) == (code, name)


def test_spending_plan_forms():
    plan, unused = parse_spending_plan(["3月底 6月底 10月底 12月底", "10% 50% 80% 100%"])
    assert unused == []
    assert plan == [
        Checkpoint("3月底", 3, Decimal(10)),
        Checkpoint("6月底", 6, Decimal(50)),
        Checkpoint("10月底", 10, Decimal(80)),
        Checkpoint("12月底", 12, Decimal(100)),
    ]
    paired, _ = parse_spending_plan(["3月底10% 6月底50%"])
    assert [(c.month, c.percent) for c in paired] == [(3, Decimal(10)), (6, Decimal(50))]
    quarters, _ = parse_spending_plan(["一季度 二季度 三季度 四季度", "25 50 75 100"])
    assert [c.month for c in quarters] == [3, 6, 9, 12]
    bad, unused = parse_spending_plan(["3月底 6月底", "10%"])
    assert bad == [] and unused == ["3月底 6月底", "10%"]


# --- prose sections, year ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("总体绩效目标", SectionKind.OVERALL),
        ("部门整体绩效目标", SectionKind.OVERALL),
        ("分项绩效目标", SectionKind.SUB_GOALS),
        ("具体绩效目标", SectionKind.SUB_GOALS),
        ("目标规划及保障措施", SectionKind.MEASURES),
        ("保障措施", SectionKind.MEASURES),
        ("部门职责", SectionKind.OTHER),
    ],
)
def test_section_kinds(title: str, kind: SectionKind):
    assert section_kind(title) is kind


def test_infer_year():
    assert infer_year(["XX局2024年度部门预算", "2023年底"]) == 2024
    assert infer_year(["完成时间 2023年底", "2023年12月31日前", "2022年底"]) == 2023
    assert infer_year(["发布时间：2021年8月18日"]) is None


# --- the assembler fed with grid rows ------------------------------------------------------


@dataclass(frozen=True)
class GridCell:
    """A reader's own cell type: anything with text and source works."""

    text: str
    source: SourceRef


def grid(rows: list[list[str | None]]) -> list[list[GridCell | None]]:
    return [
        [
            None
            if t is None
            else GridCell(t, SourceRef(file="t.xlsx", sheet="表1", row=r, column=c))
            for c, t in enumerate(row, 1)
        ]
        for r, row in enumerate(rows, 1)
    ]


def test_assemble_grid_rows_with_merged_cells():
    rows = grid(
        [
            ["项目名称", "污水处理运行", None, None, None],
            ["项目资金（万元）", "年度资金总额", "300", None, None],
            [None, "其中：财政拨款", "300", None, None],
            ["年度绩效目标", "处理污水1000万吨", None, None, None],
            ["一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据"],
            ["产出指标", "数量指标", "污水处理量", "≥1000万吨", "计划标准"],
            [None, "质量指标", "出水达标率", "100%", "行业标准"],
            ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "调查问卷"],
        ]
    )
    plan = assemble_plan(rows, profile=PROFILE, file="t.xlsx")
    p = plan.projects[0]
    assert p.name == "污水处理运行" and p.goal == "处理污水1000万吨"
    assert p.funds.total == wan("300") and p.funds.lines == [FundLine("财政拨款", wan("300"))]
    assert [(i.level1, i.level2, i.level3, i.target.raw, i.basis) for i in p.indicators] == [
        ("产出指标", "数量指标", "污水处理量", "≥1000万吨", "计划标准"),
        ("产出指标", "质量指标", "出水达标率", "100%", "行业标准"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "调查问卷"),
    ]
    # the grid location of a row is kept
    src = p.indicators[1].source
    assert src is not None and (src.sheet, src.row) == ("表1", 7)
    assert plan.leftovers == []


def test_assemble_reports_placements_for_every_cell():
    rows = grid(
        [
            ["项目名称", "甲"],
            ["项目负责人", "张三"],
            ["一级指标", "三级指标", "指标值"],
            ["产出指标", "培训人数", "100人"],
        ]
    )
    result = assemble(rows, profile=PROFILE, year=2024)
    assert result.year == 2024
    assert [(lo.text, lo.reason) for lo in result.leftovers] == [
        ("张三", "未使用的栏目: 项目负责人")
    ]
    placed = {(p.source.row, p.source.column) for p in result.placements}
    assert {(1, 1), (1, 2), (3, 1), (4, 2), (4, 3)} <= placed
