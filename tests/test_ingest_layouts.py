"""Every layout the text ingester reads, each with a small document in tests/data/ingest/.

Three documents follow real published tables (abridged, names kept where public):

- ``pipe_end_cells.txt``: 六安市金安区体育局 2025 项目支出绩效目标表, a web page copied as
  text with every cell ending in `` |`` —
  https://www.ja.gov.cn/public/6602051/25929172.html
- ``pipe_rows_department.txt``: 岳阳楼区价格认证鉴定中心 2023 年度整体绩效目标表, pipe
  rows with runs of empty cells and cells shifted left —
  http://monopolymediamarketing.com/21487/21535/21748/21750/21907/content_2062100.html
  (a mirror of a 岳阳楼区 government page)
- ``spaced_rows_split_columns.txt``: 乌海市供销社 再生资源回收市场管理经费项目绩效目标表,
  space-separated rows repeating the level path, 指标性质/目标值/计量单位 columns —
  http://gxs.wuhai.gov.cn/whsgxshzslhs/1096934/sjtj/1341823/index.html
- ``glued.txt``: 甘肃省 省级部门预算项目支出绩效目标表 extracted with no separators at all —
  http://bigxun.com/view/1667741699571552258

The others are written for one layout each; the expected results are asserted in full.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.domain.model import BasisCode, FundLine, Plan
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.target import Comparator, TargetKind
from jixiao.ingest import TextIngest, ingest_text, parse_text
from jixiao.ingest.layout import _RULING, LayoutMode

DATA = Path(__file__).parent / "data" / "ingest"


def read(name: str) -> TextIngest:
    return ingest_text((DATA / name).read_text(encoding="utf-8"), source_name=name)


def rows(plan: Plan, project: int = 0) -> list[tuple[str | None, str | None, str | None, str]]:
    return [(i.level1, i.level2, i.level3, i.target.raw) for i in plan.projects[project].indicators]


def reasons(plan: Plan) -> list[tuple[int | None, str]]:
    return [(lo.source.line if lo.source else None, lo.reason) for lo in plan.leftovers]


def wan(amount: str) -> Money:
    return Money(Decimal(amount), MoneyUnit.WAN)


def assert_all_lines_accounted(result: TextIngest, name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    placed: set[int] = set()
    for p in result.placements:
        assert p.source.line is not None
        placed.update(range(p.source.line, (p.source.line_end or p.source.line) + 1))
    left: set[int] = set()
    for lo in result.plan.leftovers:
        if lo.source and lo.source.line:
            left.update(range(lo.source.line, (lo.source.line_end or lo.source.line) + 1))
    missing = [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if line.replace("|", "").strip()
        and not _RULING.match(line)  # ruling lines are drawing, not content
        and n not in placed
        and n not in left
    ]
    assert missing == [], f"{name}: lines neither placed nor left over: {missing}"


ALL_DOCS = sorted(p.name for p in DATA.glob("*.txt"))


@pytest.mark.parametrize("name", ALL_DOCS)
def test_no_line_is_silently_dropped(name: str):
    assert_all_lines_accounted(read(name), name)


# --- one cell per line / paragraph / lone pipe / pipe-terminated ---------------------------


def test_one_cell_per_line():
    result = read("one_cell_per_line.txt")
    plan = result.plan
    p = plan.projects[0]
    assert (p.code, p.name, p.department) == (
        "21000024T000000012345",
        "社区养老服务补贴",
        "某市民政局",
    )
    assert p.funds.total == wan("854")  # written 854万
    assert p.funds.lines == [FundLine("财政拨款", wan("854"))]
    assert p.goal == "为辖区80岁以上老人发放养老服务补贴，提升老年人生活质量。"
    assert rows(plan) == [
        ("产出指标", "数量指标", "补贴发放人数", "≥3200人"),
        ("产出指标", "数量指标", "补贴发放月数", "12个月"),
        ("产出指标", "质量指标", "补贴发放准确率", "100%"),
        ("产出指标", "时效指标", "补贴按月发放", "每月10日前"),
        ("产出指标", "成本指标", "人均补贴标准", "200元/月"),
        ("效益指标", "社会效益指标", "老年人生活质量", "有效提升"),
        ("满意度指标", "服务对象满意度指标", "老年人满意度", "≥95%"),
    ]
    assert plan.leftovers == []


PARAGRAPH_ROWS = [
    ("产出指标", "数量指标", "集中供水工程改造", "改造集中供水工程处数", "12处", "计划标准"),
    ("产出指标", "数量指标", "新增受益人口", "新增农村供水受益人口", "≥1.5万人", "计划标准"),
    ("产出指标", "质量指标", "工程验收合格率", "竣工验收合格的工程占比", "100%", "行业标准"),
    ("产出指标", "时效指标", "工程完工时间", "全部工程完工时间", "2024年11月底前", "计划标准"),
    ("产出指标", "成本指标", "单处工程平均造价", "单处工程平均投资额", "≤833万元", "预算支出标准"),
    ("效益指标", "社会效益指标", "农村自来水普及率", "农村自来水普及率", "≥95%", "历史标准"),
    ("效益指标", "可持续影响指标", "工程设计使用年限", "工程设计使用年限", "≥20年", "行业标准"),
    ("满意度指标", "服务对象满意度指标", "受益群众满意度", "受益群众满意度", "≥90%", "调查问卷"),
]


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("paragraphs.txt", LayoutMode.PARAGRAPHS),
        ("lone_pipe_separated.txt", LayoutMode.PIPE_SEPARATED),
    ],
)
def test_one_cell_per_paragraph_and_lone_pipe(name: str, mode: LayoutMode):
    result = read(name)
    assert result.mode is mode
    plan = result.plan
    p = plan.projects[0]
    assert (p.code, p.name, p.unit) == (
        "510100-2024-0007",
        "农村饮水安全巩固提升工程",
        "某县水务局",
    )
    assert p.funds.total == wan("10000")
    assert p.funds.lines == [FundLine("财政拨款", wan("8000")), FundLine("其他资金", wan("2000"))]
    # a goal wrapped over three lines inside its cell is joined
    assert p.goal == "完成12处集中供水工程改造，新增受益人口1.5万人，农村自来水普及率达到95%以上。"
    got = [
        (i.level1, i.level2, i.level3, i.description, i.target.raw, i.basis) for i in p.indicators
    ]
    assert got == PARAGRAPH_ROWS
    assert p.indicators[4].basis_code is BasisCode.BUDGET
    assert plan.year == 2024  # from the deadline 2024年11月底前
    assert plan.leftovers == []


def test_cells_ending_with_a_pipe_two_projects_and_site_furniture():
    result = read("pipe_end_cells.txt")
    assert result.mode is LayoutMode.PIPE_END
    plan = result.plan
    assert plan.year == 2025  # (2025年度)
    assert [p.name for p in plan.projects] == [
        "2025金安国际网球公开赛(国际系列赛事)",
        "安徽省常规赛费用",
    ]
    p = plan.projects[0]
    assert p.department == "六安市金安区体育局"  # [042] code removed
    assert p.unit == "六安市金安区体育局"
    assert p.funds.total == wan("1000.00")  # the unit comes from 项目资金（万元）
    assert p.funds.lines == [
        FundLine("财政拨款", wan("1000.00")),
        FundLine("其他资金", wan("0.00")),
    ]
    assert p.goal == "打造金安国际网球公开赛等一系列的品牌赛事,提升六安城市的知名度和美誉度。"
    assert len(p.indicators) == 11
    # merged level cells given once; a level 2 with the same name as its level 1
    assert rows(plan)[1] == ("产出指标", "数量指标", "打造品牌赛事种类", "1种")
    assert rows(plan)[-1] == ("满意度指标", "满意度指标", "群众满意度", "≥95%")
    # a cell wrapped over two lines before its closing pipe
    assert p.indicators[9].level3 == "打造金安国际网球公开赛等系列品牌赛事"
    assert p.indicators[9].target.raw == "影响可持续"
    assert rows(plan, 1) == [
        ("产出指标", "数量指标", "承办赛事场次", "≥6场"),
        ("产出指标", "时效指标", "完成时间", "2025年12月31日前"),
        ("满意度指标", "满意度指标", "参赛队伍满意度", "≥90%"),
    ]
    assert reasons(plan) == [
        (1, "网页栏目或页面信息"),
        (2, "网页栏目或页面信息"),
        (3, "网页栏目或页面信息"),
        (19, "未使用的栏目: 项目来源"),
        (21, "未使用的栏目: 项目期"),
        (123, "网页栏目或页面信息"),
    ]


# --- pipe rows, spreadsheet rows, merged cells, shifted cells ------------------------------


def test_pipe_rows_of_a_department_table():
    plan = read("pipe_rows_department.txt").plan
    assert plan.projects == []
    assert plan.department == "岳阳楼区价格认证鉴定中心"
    assert plan.overall_goal == "做好涉案、价格认定工作。"
    assert len(plan.sub_goals) == 1
    goal = plan.sub_goals[0]
    assert goal.title == "岳阳楼区价格认证鉴定中心2023年度整体绩效目标表"
    got = [(i.level1, i.level2, i.level3, i.target.raw, i.description) for i in goal.targets]
    assert got == [
        (
            "产出指标",
            "数量指标",
            "业务工作支出安排金额",
            "28.8 万元",
            "该指标主要考察业务工作支出安排情况",
        ),
        (
            "产出指标",
            "质量指标",
            "业务工作支出到位率",
            "100 %",
            "该指标主要考察业务工作支出安排到位情况",
        ),
        (
            "产出指标",
            "时效指标",
            "工作安排时间",
            "定性 按月安排",
            "该指标主要考察业务工作支出安排时间",
        ),
        (
            "效益指标",
            "社会效益指标",
            "保证单位正常运转",
            "定性 应保尽保",
            "该指标主要考察单位运转需要保障范围应保尽保",
        ),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "95 %", "该指标主要考察群众满意情况"),
    ]
    # split 指标值 / 计量单位 columns are read by the value grammar's column form
    money = goal.targets[0].target
    assert money.value == Decimal("28.8") and money.normalized_value == Decimal(288000)
    assert goal.targets[2].target.kind is TargetKind.QUALITATIVE
    # the scoring column is not part of the model: kept as leftovers, row by row
    assert reasons(plan)[2:] == [
        (n, f"未使用的列: 评分标准 ({name})")
        for n, name in zip(range(9, 14), goal.indicators, strict=True)
    ]


def test_space_separated_rows_with_split_comparator_value_unit():
    plan = read("spaced_rows_split_columns.txt").plan
    assert plan.year == 2021
    p = plan.projects[0]
    assert p.name == "再生资源回收市场管理经费"
    assert p.department == "乌海市供销合作社联合社(部门)"  # (433) code removed
    assert p.unit == "乌海市供销合作社联合社"
    assert p.funds.total == wan("3")
    assert p.funds.lines == [FundLine("财政拨款", wan("3")), FundLine("其他资金", wan("0"))]
    levels = [(i.level1, i.level2, i.level3) for i in p.indicators]
    assert levels[4] == ("产出指标", "成本指标", "出差总成本")
    assert levels[-1] == ("满意度指标", "服务对象满意度指标", "服务对象满意度")
    assert [i.weight for i in p.indicators] == [Decimal(x) for x in (4, 4, 4, 10, 4, 4, 20, 10, 10)]
    cost = p.indicators[4].target
    assert cost.comparator is Comparator.LE and cost.value == Decimal(1) and cost.unit == "万元"
    share = p.indicators[6].target
    assert share.comparator is Comparator.GE and share.value == Decimal(90) and share.unit == "%"
    assert reasons(plan) == [
        (1, "网页栏目或页面信息"),
        (3, "网页栏目或页面信息"),
        (7, "未使用的栏目: 项目类别"),
        (8, "未使用的栏目: 归口科室"),
    ]


def test_tab_rows_with_merged_level_cells_only_on_the_first_row():
    plan = read("tab_merged_levels.txt").plan
    p = plan.projects[0]
    assert p.code == "[015001]-0031"
    assert p.unit == "某区城市管理局"
    # 3,309,840.00 with a (元) label: money in 元
    assert p.funds.total == Money(Decimal("3309840.00"), MoneyUnit.YUAN)
    assert [(i.level1, i.level2, i.level3) for i in p.indicators] == [
        ("产出指标", "数量指标", "保洁道路面积"),
        ("产出指标", "数量指标", "垃圾清运量"),
        ("产出指标", "质量指标", "道路保洁达标率"),
        ("产出指标", "时效指标", "垃圾日产日清率"),
        ("效益指标", "社会效益指标", "城区环境卫生状况"),
        ("效益指标", "社会效益指标", "群众投诉办结率"),
        ("满意度指标", "服务对象满意度指标", "市民满意度"),
    ]
    assert [i.basis for i in p.indicators] == [
        "计划标准",
        "历史标准",
        "行业标准",
        "行业标准",
        "其他",
        "计划标准",
        "调查问卷",
    ]
    # each indicator points at its own line (not at the line of its merged level cell)
    assert [i.source.line for i in p.indicators if i.source] == list(range(8, 15))


def test_space_separated_rows_where_empty_cells_shift_the_rest_left():
    plan = read("spaced_shifted.txt").plan
    p = plan.projects[0]
    # "预算数 150 万元，其中财政拨款 150 万元。" in one cell
    assert p.funds.total == wan("150")
    assert p.funds.lines == [FundLine("财政拨款", wan("150"))]
    got = [(i.level3, i.description, i.target.raw, i.basis) for i in p.indicators]
    assert got == [
        ("补助机构数量", "补助基层医疗卫生机构个数", "12个", "计划标准"),
        ("补助资金足额拨付率", None, "100%", "计划标准"),  # no description
        ("资金拨付时间", "资金拨付完成时间", "2024年6月底前", None),  # no basis
        ("机构平均补助", "每个机构平均补助金额", "≤12.5万元", "预算支出标准"),
        ("基层诊疗服务能力", None, "显著提升", "历史标准"),
        ("患者满意度", "患者满意度", "≥90%", "调查问卷"),
    ]
    assert p.indicators[2].target.deadline == date(2024, 6, 30)


# --- glued text, flattened PDF text --------------------------------------------------------


def test_glued_text_with_no_separators():
    plan = read("glued.txt").plan
    assert plan.year == 2023
    p = plan.projects[0]
    assert p.name == "博物馆纪念馆市级免费开放补助资金"  # 二级项目名称
    assert p.department == "嘉峪关市文化和旅游局"
    assert p.funds.total == wan("222.45")  # 资金总额222.45
    assert p.goal == "进一步提高博物馆纪念馆运行效率和免费开放服务水平"
    assert rows(plan) == [
        ("产出指标", "数量指标", "免费开放天数", "=300天"),
        ("产出指标", "质量指标", "博物馆绩效考核指标完成率", "=100百分比"),
        ("产出指标", "时效指标", "各项工作完成及时率%", "=99百分比"),
        ("成本指标", "经济成本指标", "资金使用效率", "二100百分比"),
        ("效益指标", "社会效益指标", "免费开放接待观众人数", "=30000人次"),
        ("满意度指标", "服务对象满意度指标", "观众满意度%", "=99百分比"),
    ]
    # "=" read as 二: the grammar reads it as "=" and says so
    damaged = p.indicators[3].target
    assert damaged.comparator is Comparator.EQ and damaged.value == Decimal(100)
    assert damaged.notes
    assert reasons(plan) == [
        (1, "一级项目名称 (上级项目), 未使用"),
        (1, "未使用的栏目: 项目类型"),
        (1, "未使用的栏目: 项目总投资"),
    ]


def test_flattened_pdf_text_with_broken_cells():
    plan = read("flattened_pdf.txt").plan
    p = plan.projects[0]
    assert p.name == "城市道路维修养护"
    assert p.goal == "完成主次干道维修养护，确保道路完好率达到95%以上，保障市民安全出行。"
    assert p.funds.lines == [FundLine("财政拨款", wan("1200")), FundLine("其他资金", wan("0"))]
    assert rows(plan) == [
        ("产出指标", "数量指标", "维修道路面积", "≥12万平方米"),
        ("产出指标", "数量指标", "更换破损路缘石", "≥3000米"),
        ("产出指标", "质量指标", "道路完好率", "≥95%"),
        ("产出指标", "时效指标", "维修养护及时率", "≥98%"),
        # "每平方米维修" / "成本": the bare 成本 ends the name, it is no level name here
        ("产出指标", "成本指标", "每平方米维修成本", "≤100元"),
        ("效益指标", "社会效益指标", "道路通行状况", "明显改善"),
        ("满意度指标", "服务对象满意度指标", "市民满意度", "≥90%"),
    ]
    assert reasons(plan) == [(1, "表格之外的内容"), (55, "页码 (页眉/页脚)")]


# --- column variants -----------------------------------------------------------------------


def test_annual_and_long_term_columns_side_by_side_and_in_two_tables():
    plan = read("long_and_annual.txt").plan
    first, second = plan.projects
    assert first.funds.total == wan("1250.50")  # 1,250.50 (万元 by the label)
    # a row of labels followed by a row of values
    assert first.long_term_goal == "到2027年累计建成高标准农田5万亩"
    assert first.goal == "2024年新建高标准农田1万亩"
    got = [
        (i.level3, i.target.raw, i.long_term_target.raw if i.long_term_target else None)
        for i in first.indicators
    ]
    assert got == [
        ("新建高标准农田面积", "≥1万亩", "≥5万亩"),
        ("工程验收合格率", "100%", "100%"),
        ("年度建设任务完成时间", "2024年12月底前", "2027年底前"),
        ("亩均粮食产能提高", "≥50公斤", "≥100公斤"),
        ("工程设施使用年限", "", "≥15年"),  # no annual value: empty, never dropped
        ("项目区农户满意度", "≥90%", "≥95%"),
    ]
    # 长期绩效指标 table, then 年度绩效指标 table: matched by name
    got2 = [
        (i.level3, i.target.raw, i.long_term_target.raw if i.long_term_target else None)
        for i in second.indicators
    ]
    assert got2 == [
        ("补贴发放面积", "≥8万亩", "≥40万亩"),
        ("补贴发放时间", "2024年6月底前", None),
        ("耕地地力", "", "稳步提升"),  # only a long-term value
    ]


def test_table_without_level_columns():
    plan = read("no_levels.txt").plan
    p = plan.projects[0]
    assert (p.name, p.funds.total, p.goal) == (
        "机关食堂运行经费",
        wan("10000"),
        "保障机关食堂正常运行。",
    )
    assert rows(plan) == [
        (None, None, "就餐人数", "≥800人"),
        (None, None, "食品安全事故", "0起"),
        (None, None, "就餐人员满意度", "≥90%"),
    ]


def test_level_names_with_weights_and_variant_names():
    plan = read("weights_variants.txt").plan
    p = plan.projects[0]
    assert [(i.level1, i.level2) for i in p.indicators] == [
        ("预期产出指标(50分)", "数量指标"),
        ("预期产出指标(50分)", "质量指标"),
        ("成本指标(0-20)分", "经济成本指标"),
        ("预期效益指标", "社会效益指标"),
        ("预期效益指标", "社会公众或服务对象满意度指标"),
        ("预期效益指标", "可持续影响指标"),
    ]
    # weights from the 分值 column, and from a note in the name
    assert [i.weight for i in p.indicators] == [Decimal(x) for x in (20, 15, 15, 20, 10, 20)]
    assert p.indicators[5].level3 == "项目持续发挥效益年限(20分)"
    # the level names are found in the profile's catalogue despite the weight notes
    from jixiao.domain.profile import load_profile

    cats = load_profile().categories
    assert cats.find_level1(p.indicators[0].level1).name == "产出指标"
    assert cats.find_level1(p.indicators[2].level1).name == "成本指标"
    assert (
        cats.find_level2(p.indicators[4].level2, p.indicators[4].level1).name
        == "服务对象满意度指标"
    )


# --- money, codes, extraction damage, furniture, templates, truncation ---------------------


def test_codes_fused_with_names_and_money_in_yuan():
    plan = read("codes_money.txt").plan
    p = plan.projects[0]
    assert p.code == "51000021R000000019951"
    assert p.name == "工资性支出"
    assert p.department == "某某县教育局"  # 813-某某县教育局
    assert p.unit == "某某县第一中学"  # [015001]某某县第一中学
    # 单位：元 stated for the document
    assert p.funds.total == Money(Decimal("3309840.00"), MoneyUnit.YUAN)
    assert p.funds.total is not None and p.funds.total.to(MoneyUnit.WAN) == wan("330.984")


def test_radicals_and_damaged_comparators():
    plan = read("radicals_damage.txt").plan
    p = plan.projects[0]
    assert p.name == "图书馆长期免费开放"  # ⽬ ⻓ repaired
    assert p.funds.total == wan("20")
    assert p.goal == "保障图书馆全年免费开放。"
    assert [(i.level1, i.level2) for i in p.indicators][:3] == [
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("产出指标", "成本指标"),
    ]
    suspect = p.indicators[1].target  # 290%: "≥" read as "2"
    assert suspect.raw == "290%" and any("≥" in n for n in suspect.notes)
    er = p.indicators[2].target  # 二100%: "=" read as "二"
    assert er.comparator is Comparator.EQ and er.value == Decimal(100)


def test_page_footers_and_site_boilerplate_go_to_the_leftovers():
    plan = read("footers_boilerplate.txt").plan
    assert plan.year == 2024
    assert rows(plan) == [
        ("产出指标", "数量指标", "日常养护里程", "≥300公里"),
        ("产出指标", "质量指标", "优良路率", "≥85%"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
    ]
    got = reasons(plan)
    assert got == [
        (1, "网页栏目或页面信息"),
        (2, "网页栏目或页面信息"),
        (3, "网页栏目或页面信息"),
        (10, "页码 (页眉/页脚)"),
        (12, "页码 (页眉/页脚)"),
        (14, "页码 (页眉/页脚)"),
        (15, "网页栏目或页面信息"),
        (16, "网页栏目或页面信息"),
        (17, "网页栏目或页面信息"),
        (18, "网页栏目或页面信息"),
    ]


def test_template_instructions_count_as_empty():
    plan = read("template_instructions.txt").plan
    p = plan.projects[0]
    assert p.goal is None
    assert p.funds.total == wan("300")
    assert p.indicators[1].target.is_empty
    assert p.indicators[1].target.raw == "(请填写)"
    assert reasons(plan) == [(3, "年度绩效目标: 填表说明或空白, 视为未填写")]


def test_document_cut_off_in_the_middle_of_the_table():
    plan = read("cut_off.txt").plan
    p = plan.projects[0]
    assert [i.level3 for i in p.indicators] == ["改造学校数量", "设施验收合格率", "改造完成"]
    assert p.indicators[-1].target.is_empty
    assert reasons(plan) == [(7, "文档可能在指标表中途结束: 最后一行没有指标值")]


def test_cut_off_before_the_indicator_table():
    text = (
        "项目名称 校园安全设施改造\n年度资金总额 260 万元\n"
        "年度绩效目标 完成15所学校安防设施改造。\n"
    )
    plan = parse_text(text)
    assert plan.projects[0].indicators == []
    assert [lo.reason for lo in plan.leftovers] == ["文档在项目表中途结束: 未见绩效指标表"]


def test_several_projects_in_one_wide_table():
    plan = read("wide_table.txt").plan
    assert [(p.code, p.name) for p in plan.projects] == [
        ("101001", "道路清扫保洁"),
        ("101002", "公厕运行维护"),
    ]
    assert [i.level3 for i in plan.projects[0].indicators] == [
        "清扫面积",
        "保洁达标率",
        "市民满意度",
    ]
    assert [i.level3 for i in plan.projects[1].indicators] == ["维护公厕数量", "如厕环境"]
    assert plan.year == 2024


def test_department_prose_with_other_numbering():
    plan = read("department_prose.txt").plan
    assert (
        plan.overall_goal == "围绕乡村振兴战略，稳定粮食生产，推进农业产业发展，改善农村人居环境。"
    )
    assert [(g.title, g.goal, g.indicators) for g in plan.sub_goals] == [
        ("稳定粮食生产", "粮食播种面积稳定在30万亩以上。", ["粮食播种面积", "粮食总产量"]),
        ("改善农村人居环境", "完成10个村人居环境整治。", ["整治村庄数量"]),
    ]
    assert [(m.title, m.text) for m in plan.measures] == [
        ("加强组织领导", "成立工作专班，明确责任分工。"),
        ("强化资金监管", "确保专款专用，提高资金使用效益，严格执行资金管理办法。"),
    ]
    # the project after the prose is read as a table, with its own goal
    assert plan.projects[0].name == "粮食生产扶持"
    assert plan.projects[0].goal == "粮食播种面积稳定在30万亩以上。"


def test_inline_money_forms():
    plan = parse_text(
        "项目名称 甲\n资金总额 150 万元\n财政拨款 854万\n其他资金 10000万元\n"
        "一级指标 二级指标 三级指标 指标值\n产出指标 数量指标 培训人次 ≥200人次\n"
    )
    p = plan.projects[0]
    assert p.funds.total == wan("150")
    assert p.funds.lines == [FundLine("财政拨款", wan("854")), FundLine("其他资金", wan("10000"))]


def test_a_second_total_that_disagrees_is_kept_as_a_leftover():
    plan = parse_text("项目名称 甲\n资金总额 150\n预算数 160\n")
    assert plan.projects[0].funds.total == wan("150")
    assert any("160" in lo.text and "不同" in lo.reason for lo in plan.leftovers)


def test_seed_style_pdf_text_from_another_department():
    """The seed's template with other quirks: a description wrapped after its row, a basis
    broken between the row line and the next line, a repeated header after a page break,
    fund sources in the purpose sentence, a spending plan at the end of each quarter."""
    plan = read("flattened_pdf_seed_style.txt").plan
    assert plan.year == 2024
    p = plan.projects[0]
    assert (p.code, p.name) == ("203004001", "外贸发展专项")
    assert p.funds.total == wan("600")
    assert p.funds.lines == [FundLine("财政拨款", wan("500")), FundLine("其他资金", wan("100"))]
    assert p.purpose == "主要用于支持企业参加境外展会和开拓国际市场。"
    assert [(c.month, c.percent) for c in p.spending_plan] == [
        (3, Decimal(20)),
        (6, Decimal(45)),
        (9, Decimal(75)),
        (12, Decimal(100)),
    ]
    assert p.goal == "组织企业参加境外展会，稳定外贸基本盘，全年进出口总额保持增长。"
    got = [(i.level2, i.level3, i.description, i.target.raw, i.basis) for i in p.indicators]
    assert got == [
        ("数量指标", "参展企业", "组织参加境外展会的企业家数", "15家", "计划标准"),
        ("数量指标", "参加展会场次", "组织参加境外展会场次", "20场", "根据上年度实际完成情况"),
        ("质量指标", "参展补助兑现率", "参展补助资金兑现率", "100%", "工作要求"),
        ("时效指标", "补助兑现时间", "补助资金兑现完成时间", "2024年12月底前", "工作要求"),
        ("经济效益指标", "进出口总额增长", "全区进出口总额同比增长", "≥5%", "历史标准"),
        ("社会效益指标", "外贸主体培育", "新增有进出口实绩企业", "", "工作要求"),
        ("服务对象满意度指标", "企业满意度", "参展企业满意度", "≥90%", "调查问卷"),
    ]
    assert [i.level1 for i in p.indicators] == ["产出指标"] * 4 + ["效果指标"] * 2 + ["满意度指标"]
    assert reasons(plan) == [(59, "页码 (页眉/页脚)")]


def test_wrapped_names_and_descriptions_around_row_lines():
    """Pieces of cells before and after the row lines find the row they complete."""
    text = (
        "项目名称 甲\n"
        "一级指标 二级指标 三级指标 绩效指标描述 指标值 指标值确定依据\n"
        "产出指标 数量指标 培训人次 全年完成培训500人次 计划标准\n"  # no value
        "开发区经济稳\n步发展\n"  # the next row's name, wrapped, before it
        "15% 工作要求\n"
        "开发区经济稳步发展\n"  # that row's description, after it
        "项目实施对周边\n环境的影响\n"  # the name of the next row
        "项目实施对周边环境影响程度 无明显影响 工作要求\n"  # a short qualitative value
    )
    result = ingest_text(text)
    got = [
        (i.level3, i.description, i.target.raw, i.basis) for i in result.plan.projects[0].indicators
    ]
    assert got == [
        ("培训人次", "全年完成培训500人次", "", "计划标准"),
        ("开发区经济稳步发展", "开发区经济稳步发展", "15%", "工作要求"),
        ("项目实施对周边环境的影响", "项目实施对周边环境影响程度", "无明显影响", "工作要求"),
    ]
    assert result.plan.leftovers == []


def test_pdftotext_layout_columns_separated_by_runs_of_spaces():
    """``pdftotext -layout``: cells are separated by several spaces, words inside a cell by
    one (``150 万元``, ``≥120 万平方米``); two cells within one space are still told apart."""
    plan = read("pdftotext_layout.txt").plan
    p = plan.projects[0]
    assert (p.name, p.department) == ("城市绿化养护", "某市城市管理局")
    assert p.funds.total == wan("150")
    assert p.funds.lines == [FundLine("财政拨款", wan("150"))]
    assert [(i.level1, i.level2, i.level3, i.target.raw, i.basis) for i in p.indicators] == [
        ("产出指标", "数量指标", "养护绿地面积", "≥120 万平方米", "计划标准"),
        ("产出指标", "质量指标", "绿化成活率", "≥95%", "行业标准"),
        ("效益指标", "生态效益指标", "城市绿化覆盖率", "≥42%", "历史标准"),
        ("满意度指标", "服务对象满意度指标", "市民满意度", "≥90%", "调查问卷"),
    ]
    assert p.indicators[0].target.normalized_value == Decimal(1_200_000)
    assert plan.leftovers == []


def test_markdown_and_text_grid_tables():
    """A plan pasted as Markdown (``|---|`` under the header) and as a text grid (``+---+``
    borders, ``+===+`` under the header): the ruling lines are drawing, not cells; they
    neither become an indicator nor stick to the cell above them."""
    r = read("markdown_table.txt")
    plan = r.plan
    assert plan.year == 2024
    (p,) = plan.projects
    assert (p.code, p.name, p.department, p.unit) == (
        "51010024001",
        "社区养老服务补助",
        "某区民政局",
        "某区民政局",
    )
    assert p.funds.total == Money(Decimal(320), MoneyUnit.WAN)
    assert [(f.source, f.amount.amount) for f in p.funds.lines] == [
        ("财政拨款", Decimal(300)),
        ("其他资金", Decimal(20)),
    ]
    assert p.goal == "为辖区 60 岁以上老人提供助餐、助浴等居家养老服务。"
    assert [(i.level1, i.level2, i.level3, i.target.raw) for i in p.indicators] == [
        ("产出指标", "数量指标", "服务老人人次", "≥12000人次"),
        ("产出指标", "质量指标", "服务合格率", "≥95%"),
        ("产出指标", "时效指标", "完成时间", "2024年12月底前"),
        ("效益指标", "社会效益指标", "老人生活质量", "明显提升"),
        ("满意度指标", "服务对象满意度指标", "老人满意度", "≥90%"),
    ]
    assert [i.source.line for i in p.indicators if i.source] == [15, 16, 17, 18, 19]
    assert p.indicators[0].target.kind is TargetKind.QUANTITATIVE
    assert p.indicators[0].target.comparator is Comparator.GE
    # the "#" heading marker is dropped: the title is read as the other layouts' titles are
    assert plan.leftovers == []
