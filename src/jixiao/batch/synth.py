"""Synthetic performance documents (合成测试文档) for batch tests and benchmarks.

:func:`generate_document` writes, from a seeded random generator, the flattened text of a
department's 项目支出绩效目标表 — one to five projects, each with its code, name, funds,
spending plan, annual goal and an indicator table of realistic Chinese indicators — in one
of several layouts that text extracted from published documents takes:

``cells``
    one cell per line, the narrow level columns wrapped over lines (``产出`` / ``指标``),
    like the seed document (text copied out of a PDF);
``paragraphs``
    one cell per paragraph, paragraphs separated by blank lines (text copied from Word);
``pipes``
    web pages copied as text: every cell ends with `` |``;
``markdown``
    Markdown-style tables: ``| 一级指标 | 二级指标 | … |``;
``spaces``
    ``pdftotext -layout`` rows: cells separated by runs of spaces;
``tabs``
    rows pasted from a spreadsheet: cells separated by tabs.

Each :class:`SynthDocument` says what it holds (projects, indicators and their target
texts), so a test can check that a batch recovers exactly what was generated. The same
``(seed, index)`` always gives the same document. These documents are test material only:
they are not real published targets, and nothing built from them should be shipped as data.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

__all__ = [
    "LAYOUTS",
    "TABLE_LAYOUTS",
    "SynthDocument",
    "SynthIndicator",
    "SynthProject",
    "generate_corpus",
    "generate_document",
    "write_corpus",
]

LAYOUTS: tuple[str, ...] = ("cells", "paragraphs", "pipes", "markdown", "spaces", "tabs")
# the layouts whose every indicator row the text ingester recovers exactly today; in the
# stream layouts (cells, paragraphs) it finds every project but may split or merge rows
TABLE_LAYOUTS: tuple[str, ...] = ("pipes", "markdown", "spaces", "tabs")


@dataclass(frozen=True, slots=True)
class SynthIndicator:
    """One generated level-3 row: its levels as written, name, description, value and basis."""

    level1: str
    level2: str
    level3: str
    description: str
    value: str
    basis: str


@dataclass(frozen=True, slots=True)
class SynthProject:
    """One generated project (项目支出绩效目标表)."""

    code: str
    name: str
    department: str
    unit: str
    total_wan: Decimal
    fiscal_wan: Decimal
    other_wan: Decimal
    purpose: str
    spending_plan: tuple[tuple[str, int], ...]
    goal: str
    indicators: tuple[SynthIndicator, ...]


@dataclass(frozen=True, slots=True)
class SynthDocument:
    """A generated document: file name, layout, text and what it holds."""

    name: str
    layout: str
    year: int
    department: str
    text: str
    projects: tuple[SynthProject, ...] = field(default_factory=tuple)

    @property
    def n_projects(self) -> int:
        return len(self.projects)

    @property
    def n_indicators(self) -> int:
        return sum(len(p.indicators) for p in self.projects)


# --------------------------------------------------------------------------------------------
# Vocabulary: departments, their projects, and indicators by level 2
# --------------------------------------------------------------------------------------------

Value = Callable[[random.Random, int], str]


def _count(unit: str, lo: int, hi: int, step: int = 1) -> Value:
    def make(rng: random.Random, year: int) -> str:
        n = rng.randrange(lo, hi + 1, step)
        return rng.choice(
            (f"{n}{unit}", f"≥{n}{unit}", f"{n}{unit}以上", f"不少于{n}{unit}", f"≥{n}{unit}")
        )

    return make


def _pct_ge(lo: int, hi: int) -> Value:
    def make(rng: random.Random, year: int) -> str:
        p = rng.randint(lo, hi)
        return rng.choice((f"≥{p}%", f"{p}%以上", f"{p}%", f"不低于{p}%"))

    return make


def _pct_le(lo: int, hi: int) -> Value:
    def make(rng: random.Random, year: int) -> str:
        p = rng.randint(lo, hi)
        return rng.choice((f"≤{p}%", f"{p}%以下", f"不高于{p}%"))

    return make


def _money_le(unit: str, lo: int, hi: int) -> Value:
    def make(rng: random.Random, year: int) -> str:
        n = rng.randint(lo, hi)
        return rng.choice((f"≤{n}{unit}", f"{n}{unit}以内", f"不超过{n}{unit}"))

    return make


def _money_ge(unit: str, lo: int, hi: int) -> Value:
    def make(rng: random.Random, year: int) -> str:
        n = rng.randint(lo, hi)
        return rng.choice((f"≥{n}{unit}", f"{n}{unit}以上", f"{n}{unit}"))

    return make


def _deadline(rng: random.Random, year: int) -> str:
    m = rng.choice((6, 9, 10, 11, 12))
    return rng.choice(
        (f"{year}年{m}月底前", f"{year}年底", f"{year}年{m}月底", f"{year}年12月31日前")
    )


def _yes(rng: random.Random, year: int) -> str:
    return "是"


def _no(rng: random.Random, year: int) -> str:
    return "否"


def _quality_words(rng: random.Random, year: int) -> str:
    return rng.choice(("显著提升", "有效改善", "逐步提高", "明显改善", "持续提升", "稳步提高"))


@dataclass(frozen=True, slots=True)
class _Ind:
    name: str
    description: str
    value: Value


@dataclass(frozen=True, slots=True)
class _Domain:
    departments: tuple[str, ...]
    code: str
    projects: tuple[tuple[str, str, str], ...]  # name, purpose, goal
    quantity: tuple[_Ind, ...]
    quality: tuple[_Ind, ...]
    cost: tuple[_Ind, ...]
    economic: tuple[_Ind, ...]
    social: tuple[_Ind, ...]
    satisfaction: tuple[_Ind, ...]


_TIMELY = (
    _Ind("完成时间", "项目任务完成时间", _deadline),
    _Ind("资金拨付及时率", "资金按规定时限拨付到位的比例", _pct_ge(95, 100)),
    _Ind("项目启动时间", "项目按计划启动的时间", _deadline),
    _Ind("任务完成及时率", "按期完成年度任务的比例", _pct_ge(90, 100)),
)
_ECOLOGY = (
    _Ind("是否破坏生态环境", "项目实施是否对生态环境造成破坏", _no),
    _Ind("环境污染事件发生数", "项目实施中发生的环境污染事件", _count("起", 0, 0)),
    _Ind("节能降耗", "项目实施节约能源和降低消耗的效果", _quality_words),
)
_SUSTAIN = (
    _Ind("长效管理机制", "是否建立长效管理机制", _yes),
    _Ind("政策持续发挥作用年限", "项目效益持续发挥作用的年限", _count("年", 3, 10)),
    _Ind("制度建设完善程度", "相关管理制度健全完善", _quality_words),
)

_DOMAINS: tuple[_Domain, ...] = (
    _Domain(
        departments=("教育局", "教育和体育局"),
        code="205",
        projects=(
            ("学生资助补助经费", "用于发放家庭经济困难学生国家助学金和生活补助",
             "按标准足额发放学生资助资金，保障家庭经济困难学生顺利完成学业"),
            ("校舍维修改造项目", "用于中小学校舍维修、加固和附属设施改造",
             "完成年度校舍维修改造任务，消除校舍安全隐患，改善办学条件"),
            ("教师培训经费", "用于组织中小学教师全员培训和骨干教师研修",
             "提升教师专业能力和教学水平，完成年度教师培训任务"),
            ("义务教育学生营养改善计划", "用于农村义务教育学生营养膳食补助",
             "改善农村义务教育学生营养状况，提高学生健康水平"),
            ("学前教育发展专项资金", "用于普惠性幼儿园建设和运转补助",
             "扩大普惠性学前教育资源，提高学前教育毛入园率"),
        ),
        quantity=(
            _Ind("资助学生人数", "发放助学金覆盖的学生人数", _count("人", 300, 6000, 10)),
            _Ind("维修改造校舍面积", "完成维修改造的校舍建筑面积",
                 _count("平方米", 2000, 30000, 100)),
            _Ind("培训教师人次", "参加培训的中小学教师人次", _count("人次", 200, 3000, 10)),
            _Ind("受益学生人数", "享受营养膳食补助的学生人数", _count("人", 1000, 20000, 50)),
            _Ind("新增学位数", "新增普惠性幼儿园学位数量", _count("个", 90, 1500, 30)),
            _Ind("改造学校数量", "完成改造的学校数量", _count("所", 3, 40)),
        ),
        quality=(
            _Ind("资助资金发放准确率", "资助资金足额准确发放的比例", _pct_ge(98, 100)),
            _Ind("工程验收合格率", "维修改造工程一次性验收合格的比例", _pct_ge(95, 100)),
            _Ind("培训合格率", "参训教师考核合格的比例", _pct_ge(90, 100)),
            _Ind("食品安全事故发生率", "营养餐供应中的食品安全事故", _pct_le(0, 0)),
        ),
        cost=(
            _Ind("生均补助标准", "每生每年补助标准", _money_le("元", 800, 3000)),
            _Ind("人均培训成本", "每名教师培训费用", _money_le("元", 500, 2500)),
            _Ind("项目总成本", "项目实施总成本控制数", _money_le("万元", 50, 900)),
        ),
        economic=(
            _Ind("减轻家庭教育负担", "减轻困难家庭教育支出", _money_ge("万元", 20, 500)),
        ),
        social=(
            _Ind("义务教育巩固率", "九年义务教育巩固率", _pct_ge(95, 100)),
            _Ind("学前教育毛入园率", "学前三年毛入园率", _pct_ge(85, 98)),
            _Ind("教育教学质量", "学校教育教学质量提升情况", _quality_words),
            _Ind("因贫辍学学生人数", "因家庭经济困难辍学的学生人数", _count("人", 0, 0)),
        ),
        satisfaction=(
            _Ind("学生满意度", "受助学生对资助工作的满意度", _pct_ge(85, 98)),
            _Ind("家长满意度", "学生家长对项目实施的满意度", _pct_ge(85, 98)),
            _Ind("参训教师满意度", "参训教师对培训的满意度", _pct_ge(85, 98)),
        ),
    ),
    _Domain(
        departments=("卫生健康委员会", "卫生健康局"),
        code="210",
        projects=(
            ("基本公共卫生服务项目", "用于城乡居民基本公共卫生服务补助",
             "为城乡居民免费提供基本公共卫生服务，提高居民健康水平"),
            ("家庭医生签约服务经费", "用于家庭医生团队签约服务补助",
             "推进家庭医生签约服务，提高重点人群签约覆盖率"),
            ("疾病预防控制专项经费", "用于重大疾病预防控制和应急处置",
             "有效控制重大传染病流行，保障人民群众身体健康"),
            ("基层医疗机构设备购置", "用于乡镇卫生院和村卫生室医疗设备购置",
             "改善基层医疗机构服务条件，提升基层诊疗能力"),
        ),
        quantity=(
            _Ind("建立居民健康档案人数", "规范化电子健康档案建档人数",
                 _count("人", 5000, 90000, 100)),
            _Ind("家庭医生签约人数", "重点人群家庭医生签约人数", _count("人", 2000, 40000, 100)),
            _Ind("购置设备数量", "购置医疗设备台数", _count("台", 10, 300)),
            _Ind("疫苗接种人次", "免疫规划疫苗接种人次", _count("人次", 3000, 60000, 100)),
            _Ind("健康教育讲座次数", "开展健康教育讲座的次数", _count("次", 12, 120)),
        ),
        quality=(
            _Ind("适龄儿童免疫规划疫苗接种率", "适龄儿童免疫规划疫苗接种率", _pct_ge(90, 99)),
            _Ind("高血压患者规范管理率", "高血压患者规范管理的比例", _pct_ge(60, 85)),
            _Ind("设备验收合格率", "购置设备验收合格的比例", _pct_ge(98, 100)),
            _Ind("传染病报告及时率", "法定传染病报告及时率", _pct_ge(95, 100)),
        ),
        cost=(
            _Ind("人均基本公共卫生服务经费补助标准", "人均补助标准", _money_ge("元", 79, 95)),
            _Ind("设备采购成本", "设备采购总成本", _money_le("万元", 100, 2000)),
        ),
        economic=(
            _Ind("减轻群众就医负担", "群众就医费用负担减轻情况", _quality_words),
        ),
        social=(
            _Ind("居民健康素养水平", "居民具备基本健康素养的比例", _pct_ge(20, 35)),
            _Ind("重大传染病暴发流行", "是否发生重大传染病暴发流行", _no),
            _Ind("基层诊疗量占比", "基层医疗机构诊疗量占总诊疗量比例", _pct_ge(50, 70)),
        ),
        satisfaction=(
            _Ind("居民满意度", "城乡居民对基本公共卫生服务的满意度", _pct_ge(80, 95)),
            _Ind("签约居民满意度", "签约居民对家庭医生服务的满意度", _pct_ge(85, 95)),
        ),
    ),
    _Domain(
        departments=("农业农村局",),
        code="213",
        projects=(
            ("高标准农田建设项目", "用于高标准农田建设和田间工程配套",
             "建成高标准农田，提高耕地质量和粮食综合生产能力"),
            ("耕地地力保护补贴", "用于发放耕地地力保护补贴",
             "按时足额发放补贴资金，保护耕地地力，调动农民种粮积极性"),
            ("农村人居环境整治专项", "用于农村生活垃圾和污水治理、厕所改造",
             "改善农村人居环境，建设美丽宜居乡村"),
            ("农业技术推广经费", "用于农业新品种新技术示范推广和农民培训",
             "推广农业主导品种和主推技术，提高农业科技贡献率"),
        ),
        quantity=(
            _Ind("新建高标准农田面积", "年度新建高标准农田面积", _count("亩", 5000, 50000, 500)),
            _Ind("补贴发放面积", "享受耕地地力保护补贴的面积", _count("万亩", 5, 80)),
            _Ind("改造农村户厕数量", "完成改造的农村户用厕所数量", _count("户", 300, 5000, 10)),
            _Ind("培训农民人数", "参加农业技术培训的农民人数", _count("人", 200, 3000, 10)),
            _Ind("示范基地数量", "建设农业科技示范基地数量", _count("个", 2, 30)),
        ),
        quality=(
            _Ind("工程质量达标率", "农田建设工程质量达标比例", _pct_ge(95, 100)),
            _Ind("补贴资金发放准确率", "补贴资金准确发放到户比例", _pct_ge(98, 100)),
            _Ind("农村生活垃圾处理率", "农村生活垃圾得到有效处理的比例", _pct_ge(85, 100)),
        ),
        cost=(
            _Ind("亩均建设成本", "高标准农田亩均投资", _money_le("元", 1500, 3000)),
            _Ind("户厕改造补助标准", "每户厕所改造补助", _money_le("元", 800, 2000)),
        ),
        economic=(
            _Ind("新增粮食产能", "项目区新增粮食生产能力", _count("吨", 500, 8000, 100)),
            _Ind("农民人均增收", "项目区农民人均增收", _money_ge("元", 200, 1500)),
        ),
        social=(
            _Ind("带动农户数", "项目带动受益农户数量", _count("户", 500, 10000, 50)),
            _Ind("农村人居环境", "农村人居环境改善情况", _quality_words),
        ),
        satisfaction=(
            _Ind("受益农户满意度", "受益农户对项目实施的满意度", _pct_ge(85, 95)),
            _Ind("群众满意度", "项目区群众满意度", _pct_ge(80, 95)),
        ),
    ),
    _Domain(
        departments=("交通运输局",),
        code="214",
        projects=(
            ("农村公路养护工程", "用于农村公路日常养护和路面修复",
             "完成农村公路养护任务，保持路况良好，保障群众安全出行"),
            ("城乡公交运营补贴", "用于城乡公交线路运营亏损补贴",
             "保障城乡公交正常运营，方便群众出行"),
            ("危桥改造项目", "用于农村公路危桥加固改造",
             "完成危桥改造任务，消除交通安全隐患"),
        ),
        quantity=(
            _Ind("养护农村公路里程", "年度养护的农村公路里程", _count("公里", 50, 900)),
            _Ind("改造危桥数量", "完成改造的危桥座数", _count("座", 2, 25)),
            _Ind("补贴公交线路条数", "享受运营补贴的公交线路条数", _count("条", 5, 60)),
            _Ind("新增公交站点数量", "新建城乡公交候车亭数量", _count("个", 10, 120)),
        ),
        quality=(
            _Ind("优良路率", "农村公路优良中等路比例", _pct_ge(75, 95)),
            _Ind("工程验收合格率", "改造工程验收合格比例", _pct_ge(98, 100)),
            _Ind("公交准点率", "城乡公交班次准点率", _pct_ge(85, 98)),
        ),
        cost=(
            _Ind("每公里养护成本", "农村公路每公里年养护成本", _money_le("元", 3000, 12000)),
            _Ind("单座危桥改造成本", "每座危桥平均改造成本", _money_le("万元", 30, 300)),
        ),
        economic=(
            _Ind("降低群众出行成本", "群众出行成本降低情况", _quality_words),
        ),
        social=(
            _Ind("建制村通客车率", "具备条件的建制村通客车比例", _pct_ge(98, 100)),
            _Ind("交通安全事故发生数", "因道路原因发生的交通安全事故", _count("起", 0, 0)),
        ),
        satisfaction=(
            _Ind("沿线群众满意度", "沿线群众对道路养护的满意度", _pct_ge(85, 95)),
            _Ind("乘客满意度", "乘客对城乡公交服务的满意度", _pct_ge(85, 95)),
        ),
    ),
    _Domain(
        departments=("民政局",),
        code="208",
        projects=(
            ("城乡最低生活保障资金", "用于发放城乡居民最低生活保障金",
             "保障困难群众基本生活，做到应保尽保"),
            ("特困人员救助供养经费", "用于特困人员基本生活和照料护理",
             "落实特困人员救助供养政策，保障特困人员基本生活"),
            ("居家养老服务补贴", "用于居家养老服务中心运营和服务补贴",
             "完善居家养老服务体系，提升老年人生活质量"),
        ),
        quantity=(
            _Ind("保障低保对象人数", "纳入最低生活保障的人数", _count("人", 500, 15000, 10)),
            _Ind("救助供养特困人员人数", "纳入救助供养的特困人员人数", _count("人", 50, 2000, 10)),
            _Ind("居家养老服务中心数量", "运营的居家养老服务中心数量", _count("个", 3, 60)),
            _Ind("服务老年人人次", "提供居家养老服务的人次", _count("人次", 1000, 30000, 100)),
        ),
        quality=(
            _Ind("低保资金发放准确率", "低保资金准确发放比例", _pct_ge(98, 100)),
            _Ind("动态管理率", "低保对象动态管理比例", _pct_ge(95, 100)),
        ),
        cost=(
            _Ind("城市低保标准", "城市低保月人均保障标准", _money_ge("元", 600, 900)),
            _Ind("人均服务补贴", "每名老年人年服务补贴", _money_le("元", 600, 2400)),
        ),
        economic=(
            _Ind("困难群众收入水平", "困难群众收入水平提高情况", _quality_words),
        ),
        social=(
            _Ind("应保尽保率", "符合条件人员纳入保障比例", _pct_ge(98, 100)),
            _Ind("困难群众基本生活", "困难群众基本生活得到保障", _yes),
        ),
        satisfaction=(
            _Ind("救助对象满意度", "救助对象对救助工作的满意度", _pct_ge(85, 95)),
            _Ind("老年人满意度", "服务对象对居家养老服务的满意度", _pct_ge(85, 95)),
        ),
    ),
    _Domain(
        departments=("文化广电旅游局", "文化和旅游局"),
        code="207",
        projects=(
            ("公共文化服务体系建设", "用于公共图书馆、文化馆免费开放和基层文化活动",
             "推进公共文化设施免费开放，丰富群众文化生活"),
            ("文化惠民演出经费", "用于组织送戏下乡和文化惠民演出",
             "开展文化惠民演出活动，满足群众精神文化需求"),
            ("旅游宣传推广经费", "用于旅游品牌宣传和旅游节会活动",
             "提升本地旅游知名度，促进旅游消费增长"),
        ),
        quantity=(
            _Ind("送戏下乡场次", "组织送戏下乡演出场次", _count("场", 20, 300)),
            _Ind("免费开放场馆数量", "实现免费开放的公共文化场馆数量", _count("个", 3, 30)),
            _Ind("举办文化活动次数", "举办群众文化活动次数", _count("次", 10, 200)),
            _Ind("宣传推广活动次数", "开展旅游宣传推广活动次数", _count("次", 5, 40)),
        ),
        quality=(
            _Ind("演出质量达标率", "演出节目质量达标比例", _pct_ge(90, 100)),
            _Ind("场馆开放时间达标率", "场馆开放时间达到规定标准的比例", _pct_ge(95, 100)),
        ),
        cost=(
            _Ind("每场演出补助标准", "每场演出补助", _money_le("元", 3000, 15000)),
        ),
        economic=(
            _Ind("旅游总收入增长率", "全年旅游总收入增长率", _pct_ge(5, 15)),
            _Ind("接待游客人次", "全年接待游客人次", _count("万人次", 50, 800)),
        ),
        social=(
            _Ind("惠及群众人次", "文化活动惠及群众人次", _count("万人次", 1, 50)),
            _Ind("群众文化生活", "群众精神文化生活丰富程度", _quality_words),
        ),
        satisfaction=(
            _Ind("观众满意度", "观众对文化惠民演出的满意度", _pct_ge(85, 95)),
            _Ind("游客满意度", "游客对旅游服务的满意度", _pct_ge(85, 95)),
        ),
    ),
    _Domain(
        departments=("生态环境局",),
        code="211",
        projects=(
            ("大气污染防治专项资金", "用于大气污染源治理和空气质量监测",
             "改善环境空气质量，完成年度大气污染防治目标任务"),
            ("水污染防治项目", "用于重点流域水环境综合治理",
             "改善重点流域水质，保障饮用水源安全"),
            ("环境监测能力建设", "用于环境监测设备购置和运维",
             "提升环境监测能力，保障监测数据准确可靠"),
        ),
        quantity=(
            _Ind("治理燃煤锅炉数量", "完成治理的燃煤锅炉台数", _count("台", 5, 80)),
            _Ind("新建污水管网长度", "新建配套污水管网长度", _count("公里", 3, 60)),
            _Ind("监测站点数量", "运维的环境空气自动监测站点数量", _count("个", 3, 30)),
            _Ind("执法检查企业数量", "开展环境执法检查的企业数量", _count("家", 50, 600)),
        ),
        quality=(
            _Ind("监测数据有效率", "监测数据有效获取比例", _pct_ge(90, 99)),
            _Ind("污水处理达标率", "污水处理后达标排放比例", _pct_ge(95, 100)),
        ),
        cost=(
            _Ind("项目成本控制数", "项目实施成本控制数", _money_le("万元", 100, 1500)),
        ),
        economic=(
            _Ind("节约治污成本", "节约企业治污成本", _money_ge("万元", 10, 300)),
        ),
        social=(
            _Ind("空气质量优良天数比例", "环境空气质量优良天数比例", _pct_ge(75, 90)),
            _Ind("饮用水源地水质达标率", "集中式饮用水水源地水质达标率", _pct_ge(98, 100)),
        ),
        satisfaction=(
            _Ind("公众对生态环境满意度", "公众对生态环境质量的满意度", _pct_ge(80, 92)),
        ),
    ),
    _Domain(
        departments=("商务局", "商务和投资促进局"),
        code="216",
        projects=(
            ("招商费用", "用于全区招商引资相关工作",
             "完成年度招商引资任务，促进经济发展"),
            ("外贸发展专项资金", "用于支持企业参加境内外展会和开拓国际市场",
             "稳定外贸增长，支持企业开拓国际市场"),
            ("电子商务进农村综合示范", "用于农村电商公共服务体系和物流配送建设",
             "完善农村电子商务服务体系，促进农产品上行"),
            ("成品油市场监管经费", "用于成品油企业年检和市场执法",
             "规范成品油市场秩序，完成成品油企业年检"),
        ),
        quantity=(
            _Ind("签约项目", "全区完成亿元以上签约项目", _count("个", 5, 40)),
            _Ind("组织参展参会企业个数", "组织企业参加境内外展会的数量", _count("家", 10, 150)),
            _Ind("建设村级电商服务站点数", "建成村级电子商务服务站点数量", _count("个", 20, 200)),
            _Ind("办理年检案件数", "办理成品油企业年检案件数", _count("件", 20, 200)),
        ),
        quality=(
            _Ind("项目完成率", "项目完成率", _pct_ge(90, 100)),
            _Ind("站点运营率", "电商服务站点正常运营比例", _pct_ge(80, 95)),
        ),
        cost=(
            _Ind("单个展会补助标准", "每家企业每个展会补助上限", _money_le("万元", 2, 20)),
        ),
        economic=(
            _Ind("跨境电商交易额", "全区完成跨境电商交易额", _money_ge("亿元", 5, 50)),
            _Ind("实际利用外资到位数", "实际利用外资到位数", _count("万美元", 50, 5000, 10)),
            _Ind("农产品网络销售额", "农产品网络零售额", _money_ge("万元", 500, 20000)),
        ),
        social=(
            _Ind("增加就业", "增加就业人数", _count("人", 200, 3000, 10)),
            _Ind("市场秩序", "成品油市场秩序规范程度", _quality_words),
        ),
        satisfaction=(
            _Ind("投资者满意度", "投资者满意度", _pct_ge(85, 98)),
            _Ind("参展企业满意度", "参展企业对服务的满意度", _pct_ge(85, 95)),
        ),
    ),
)

_BASES = ("计划标准", "行业标准", "历史标准", "预算支出标准", "工作要求", "根据年初工作安排",
          "调查问卷", "其他")
_PLANS = (
    (("3月底", 10), ("6月底", 50), ("10月底", 80), ("12月底", 100)),
    (("3月底", 20), ("6月底", 50), ("9月底", 75), ("12月底", 100)),
    (("3月底", 25), ("6月底", 60), ("9月底", 90), ("12月底", 100)),
    (("6月底", 40), ("9月底", 70), ("12月底", 100)),
)
_L1_OUTPUT = "产出指标"
_L1_EFFECT = ("效益指标", "效果指标")
_L1_SATISFACTION = "满意度指标"
_L2 = {
    "quantity": "数量指标",
    "quality": "质量指标",
    "timely": "时效指标",
    "cost": "成本指标",
    "economic": "经济效益指标",
    "social": "社会效益指标",
    "ecology": "生态效益指标",
    "sustain": ("可持续影响指标", "可持续性影响指标"),
    "satisfaction": "服务对象满意度指标",
}


def _pick(rng: random.Random, pool: Sequence[_Ind], lo: int, hi: int,
          used: set[str]) -> list[_Ind]:
    n = min(rng.randint(lo, hi), len(pool))
    chosen = [i for i in rng.sample(list(pool), n) if i.name not in used]
    used.update(i.name for i in chosen)
    return chosen


def _indicators(rng: random.Random, dom: _Domain, year: int) -> tuple[SynthIndicator, ...]:
    effect = rng.choice(_L1_EFFECT)
    sustain_name = _L2["sustain"]
    assert isinstance(sustain_name, tuple)
    sustain = rng.choice(sustain_name)
    used: set[str] = set()
    groups: list[tuple[str, str, list[_Ind]]] = [
        (_L1_OUTPUT, "数量指标", _pick(rng, dom.quantity, 1, 3, used)),
        (_L1_OUTPUT, "质量指标", _pick(rng, dom.quality, 1, 2, used)),
        (_L1_OUTPUT, "时效指标", _pick(rng, _TIMELY, 1, 1, used)),
        (_L1_OUTPUT, "成本指标", _pick(rng, dom.cost, 0, 1, used)),
        (effect, "经济效益指标", _pick(rng, dom.economic, 0, 1, used)),
        (effect, "社会效益指标", _pick(rng, dom.social, 1, 2, used)),
        (effect, "生态效益指标", _pick(rng, _ECOLOGY, 0, 1, used)),
        (effect, sustain, _pick(rng, _SUSTAIN, 0, 1, used)),
        (_L1_SATISFACTION, "服务对象满意度指标", _pick(rng, dom.satisfaction, 1, 1, used)),
    ]
    out: list[SynthIndicator] = []
    for l1, l2, inds in groups:
        for ind in inds:
            out.append(
                SynthIndicator(
                    level1=l1,
                    level2=l2,
                    level3=ind.name,
                    description=ind.description,
                    value=ind.value(rng, year),
                    basis=rng.choice(_BASES),
                )
            )
    return tuple(out)


def _project(rng: random.Random, dom: _Domain, dept: str, year: int, seq: int,
             used_names: set[str]) -> SynthProject:
    choices = [p for p in dom.projects if p[0] not in used_names] or list(dom.projects)
    name, purpose, goal = rng.choice(choices)
    used_names.add(name)
    total = Decimal(rng.choice((rng.randint(5, 300), rng.randint(300, 5000))))
    if rng.random() < 0.7:
        fiscal, other = total, Decimal(0)
    else:
        other = Decimal(rng.randint(1, max(1, int(total) // 3)))
        fiscal = total - other
    region = rng.randint(100, 999)
    code = f"{region}{dom.code}{year % 100:02d}{seq:04d}"
    return SynthProject(
        code=code,
        name=name,
        department=dept,
        unit=dept,
        total_wan=total,
        fiscal_wan=fiscal,
        other_wan=other,
        purpose=purpose,
        spending_plan=rng.choice(_PLANS),
        goal=goal,
        indicators=_indicators(rng, dom, year),
    )


# --------------------------------------------------------------------------------------------
# Layouts: logical rows → text
# --------------------------------------------------------------------------------------------

Row = list[str]


def _header_rows(p: SynthProject) -> list[Row]:
    plan_labels = [label for label, _ in p.spending_plan]
    plan_values = [f"{pct}%" for _, pct in p.spending_plan]
    return [
        ["项目编码", p.code, "项目名称", p.name],
        ["主管部门", p.department, "实施单位", p.unit],
        ["年度资金总额（万元）", f"{p.total_wan}", "其中：财政拨款", f"{p.fiscal_wan}",
         "其他资金", f"{p.other_wan}"],
        ["主要用途", p.purpose],
        ["资金支出计划（%）", *plan_labels],
        ["", *plan_values],
        ["年度绩效目标", p.goal],
    ]


_COLUMNS = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]


def _indicator_rows(p: SynthProject, *, repeat_levels: bool) -> list[Row]:
    rows: list[Row] = []
    prev1: str | None = None
    prev2: str | None = None
    for ind in p.indicators:
        l1 = ind.level1 if repeat_levels or ind.level1 != prev1 else ""
        l2 = ind.level2 if repeat_levels or (ind.level1, ind.level2) != (prev1, prev2) else ""
        prev1, prev2 = ind.level1, ind.level2
        rows.append([l1, l2, ind.level3, ind.description, ind.value, ind.basis])
    return rows


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    return [text[i : i + width] for i in range(0, len(text), width)]


def _render_cells(rng: random.Random, title: str, p: SynthProject) -> list[str]:
    """One cell per line, long cells wrapped (PDF text copied line by line)."""
    width = rng.choice((2, 3, 4))
    out: list[str] = [title]
    for row in _header_rows(p):
        out.extend(cell for cell in row if cell)
    out.extend(_COLUMNS)
    for row in _indicator_rows(p, repeat_levels=False):
        for k, cell in enumerate(row):
            if cell:
                # narrow level columns wrap (产出 / 指标), as in PDF text
                out.extend(_wrap(cell, width) if k < 2 else [cell])
    return out


def _render_paragraphs(rng: random.Random, title: str, p: SynthProject) -> list[str]:
    """One cell per paragraph, paragraphs separated by blank lines (Word text copied)."""
    width = rng.choice((10, 16, 24))
    out: list[str] = [title, ""]
    for row in [*_header_rows(p), _COLUMNS, *_indicator_rows(p, repeat_levels=False)]:
        for cell in row:
            if cell:
                out.extend(_wrap(cell, width))
                out.append("")
    return out


def _render_pipes(rng: random.Random, title: str, p: SynthProject) -> list[str]:
    out = [title]
    for row in [*_header_rows(p), _COLUMNS, *_indicator_rows(p, repeat_levels=True)]:
        out.append(" ".join(f"{c} |" if c else "|" for c in row))
    return out


def _render_markdown(rng: random.Random, title: str, p: SynthProject) -> list[str]:
    out = [title, ""]
    header = _header_rows(p)
    for row in header:
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    out.append("| " + " | ".join(_COLUMNS) + " |")
    for row in _indicator_rows(p, repeat_levels=rng.random() < 0.5):
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    return out


def _render_tabs(rng: random.Random, title: str, p: SynthProject) -> list[str]:
    out = [title]
    for row in [*_header_rows(p), _COLUMNS, *_indicator_rows(p, repeat_levels=True)]:
        out.append("\t".join(row))
    return out


def _cjk_width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)


def _render_spaces(rng: random.Random, title: str, p: SynthProject) -> list[str]:
    """``pdftotext -layout``: columns aligned with runs of spaces."""
    out = [title, ""]
    for row in _header_rows(p):
        out.append("    ".join(c for c in row if c))
    rows = [_COLUMNS, *_indicator_rows(p, repeat_levels=True)]
    widths = [max(_cjk_width(r[k]) for r in rows) + 3 for k in range(len(_COLUMNS))]
    for r in rows:
        line = "".join(c + " " * (widths[k] - _cjk_width(c)) for k, c in enumerate(r))
        out.append(line.rstrip())
    out.append("")
    return out


_RENDER: dict[str, Callable[[random.Random, str, SynthProject], list[str]]] = {
    "cells": _render_cells,
    "paragraphs": _render_paragraphs,
    "pipes": _render_pipes,
    "markdown": _render_markdown,
    "spaces": _render_spaces,
    "tabs": _render_tabs,
}


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------


def generate_document(index: int, *, seed: int = 0, layout: str | None = None,
                      max_projects: int = 5) -> SynthDocument:
    """Document number ``index`` of the corpus ``seed`` (the same arguments, the same text).

    Layouts cycle through :data:`LAYOUTS` by ``index`` unless ``layout`` is given.
    """
    rng = random.Random(f"jixiao-synth:{seed}:{index}")
    chosen = layout or LAYOUTS[index % len(LAYOUTS)]
    if chosen not in _RENDER:
        raise ValueError(f"未知的版式 {chosen!r}: 可选 {', '.join(LAYOUTS)}")
    dom = rng.choice(_DOMAINS)
    dept = rng.choice(dom.departments)
    county = rng.choice(("高新区", "开发区", "东城区", "西湖县", "临江县", "南山区", "北川县",
                         "青石县", "安平县", "长宁区"))
    year = rng.choice((2022, 2023, 2024, 2025))
    department = f"{county}{dept}"
    n = rng.randint(1, max_projects)
    used: set[str] = set()
    projects = tuple(
        _project(rng, dom, department, year, index * 10 + k + 1, used) for k in range(n)
    )
    lines: list[str] = [f"{department}{year}年度项目支出绩效目标"]
    if chosen != "cells":
        lines.append("")
    for k, p in enumerate(projects, 1):
        title = f"{year}年项目支出绩效目标表（{k}）"
        lines.extend(_RENDER[chosen](rng, title, p))
        if chosen != "cells":  # one cell per line: no blank lines at all
            lines.append("")
    name = f"{index:06d}_{chosen}.txt"
    return SynthDocument(
        name=name, layout=chosen, year=year, department=department,
        text="\n".join(lines) + "\n", projects=projects,
    )


def generate_corpus(n: int, *, seed: int = 0, layouts: Sequence[str] | None = None,
                    start: int = 0, max_projects: int = 5) -> Iterator[SynthDocument]:
    """``n`` documents, numbered from ``start``, layouts cycling through ``layouts``."""
    cycle = tuple(layouts) if layouts else LAYOUTS
    for i in range(start, start + n):
        yield generate_document(i, seed=seed, layout=cycle[i % len(cycle)],
                                max_projects=max_projects)


def write_corpus(out_dir: str | Path, n: int, *, seed: int = 0,
                 layouts: Sequence[str] | None = None,
                 max_projects: int = 5) -> list[SynthDocument]:
    """Write ``n`` documents as UTF-8 text files into ``out_dir``; return what they hold."""
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    docs = list(generate_corpus(n, seed=seed, layouts=layouts, max_projects=max_projects))
    for d in docs:
        (root / d.name).write_text(d.text, encoding="utf-8")
    return docs
