"""Small example plans for the check catalogue (审核规则示例).

:func:`well_formed_project` is a complete, well-formed target table: no check fires on it.
Every check has an :class:`Example`: a plan built from that table with one defect, on which
the check fires, and a close variant without the defect, on which it does not. The catalogue
page ``docs/checks.md`` shows each example's finding as the review prints it, and the tests
hold every example to what it claims. :func:`row`, :func:`project` and :func:`plan_of` are
the builders used here and in the tests; target values go through the value grammar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from jixiao.domain.model import (
    Checkpoint,
    FundLine,
    Funds,
    Indicator,
    Leftover,
    Plan,
    Project,
    SourceRef,
    SubGoal,
)
from jixiao.domain.money import Money, MoneyUnit
from jixiao.domain.target import Target
from jixiao.domain.values import parse_target

YEAR = 2023


def row(
    level1: str | None,
    level2: str | None,
    level3: str | None,
    value: str | Target | None = None,
    *,
    basis: str | None = "计划标准",
    description: str | None = None,
    weight: str | None = None,
    line: int | None = None,
) -> Indicator:
    """One indicator row; ``value`` is the 指标值 as written (parsed by the value grammar)."""
    if isinstance(value, Target):
        target = value
    else:
        target = parse_target(value, level1=level1, level2=level2, year=YEAR)
    return Indicator(
        level1=level1,
        level2=level2,
        level3=level3,
        description=description if description is not None else level3,
        target=target,
        basis=basis,
        weight=Decimal(weight) if weight is not None else None,
        source=SourceRef(file="示例.txt", line=line) if line is not None else None,
    )


def well_formed_rows() -> list[Indicator]:
    """A complete indicator table: every level 1 and output level 2, measurable values."""
    return [
        row("产出指标", "数量指标", "签约项目", "15个", basis="根据年初工作安排"),
        row("产出指标", "质量指标", "项目验收合格率", "100%"),
        row("产出指标", "时效指标", "完成时间", "2023年底"),
        row("产出指标", "成本指标", "单个展会参展成本", "≤30万元", basis="预算支出标准"),
        row("效益指标", "经济效益指标", "引进项目投资额增长率", "≥10%"),
        row("效益指标", "社会效益指标", "增加就业人数", "2000人"),
        row("满意度指标", "服务对象满意度指标", "投资者满意度", "95%以上", basis="调查问卷"),
    ]


def spending_plan(*points: tuple[str, int, str]) -> list[Checkpoint]:
    """``("3月底", 3, "10")`` … → checkpoints of the spending plan."""
    return [Checkpoint(label, month, Decimal(pct)) for label, month, pct in points]


FULL_PLAN = (("3月底", 3, "10"), ("6月底", 6, "50"), ("10月底", 10, "80"), ("12月底", 12, "100"))


def project(
    code: str = "103001001",
    name: str = "招商费用",
    rows: Iterable[Indicator] | None = None,
    *,
    budget_wan: str | None = "150",
    sources: Iterable[tuple[str, str]] | None = None,
    purpose: str | None = "预算数 150 万元。全部为财政资金。主要用于全区招商引资相关工作。",
    goal: str | None = "完成年度招商引资任务",
    plan: Iterable[tuple[str, int, str]] | None = FULL_PLAN,
) -> Project:
    """A project; by default the well-formed one (150 万元, all 财政拨款)."""
    total = Money(Decimal(budget_wan), MoneyUnit.WAN) if budget_wan is not None else None
    if sources is None:
        lines = [FundLine("财政拨款", total)] if total is not None else []
    else:
        lines = [FundLine(s, Money(Decimal(a), MoneyUnit.WAN)) for s, a in sources]
    return Project(
        code=code,
        name=name,
        funds=Funds(total=total, lines=lines),
        purpose=purpose,
        spending_plan=spending_plan(*(plan or ())),
        goal=goal,
        indicators=list(rows) if rows is not None else well_formed_rows(),
    )


def plan_of(
    *projects: Project,
    sub_goals: Iterable[SubGoal] = (),
    leftovers: Iterable[Leftover] = (),
    year: int | None = YEAR,
) -> Plan:
    """A plan of these projects (a department plan when ``sub_goals`` are given)."""
    return Plan(
        year=year,
        department="示例局",
        projects=list(projects),
        sub_goals=list(sub_goals),
        leftovers=list(leftovers),
    )


def well_formed_project(**kw: object) -> Project:
    """The well-formed project: no check fires on it."""
    return project(**kw)  # type: ignore[arg-type]


def with_row(index: int, new: Indicator | None) -> list[Indicator]:
    """The well-formed rows with row ``index`` (0-based) replaced (or removed if ``None``)."""
    rows = well_formed_rows()
    if new is None:
        del rows[index]
    else:
        rows[index] = new
    return rows


def added(*extra: Indicator) -> list[Indicator]:
    """The well-formed rows plus ``extra`` rows."""
    return [*well_formed_rows(), *extra]


@dataclass(frozen=True)
class Example:
    """A check's example: ``bad()`` makes the check fire, ``good()`` does not."""

    bad: Callable[[], Plan]
    good: Callable[[], Plan]


def _other_project() -> Project:
    """A second, different project (扶持资金) for plan-level examples."""
    return project(
        "103001002",
        "扶持资金",
        [
            row("产出指标", "数量指标", "扶持企业数", "≥20家"),
            row("产出指标", "质量指标", "扶持资金兑现准确率", "100%"),
            row("产出指标", "时效指标", "资金兑现时间", "2023年11月底前"),
            row("产出指标", "成本指标", "单户企业扶持金额", "≤400万元"),
            row("效益指标", "经济效益指标", "受扶持企业营业收入增长率", "≥8%"),
            row("满意度指标", "服务对象满意度指标", "受扶持企业满意度", "≥90%", basis="调查问卷"),
        ],
        budget_wan="8000",
        purpose="预算数 8000 万元。全部为财政资金。主要用于企业扶持资金。",
        goal="兑现企业扶持政策，促进企业发展",
    )


def _sub_goal(
    title: str, names: list[str], targets: list[Indicator], codes: list[str] | None = None
) -> SubGoal:
    return SubGoal(
        title=title,
        goal="组织实施全区招商引资活动。",
        indicators=names,
        targets=targets,
        project_codes=codes or [],
    )


def _p(*projects: Project, **kw: object) -> Callable[[], Plan]:
    return lambda: plan_of(*projects, **kw)  # type: ignore[arg-type]


def _rows(rows: list[Indicator], **kw: object) -> Callable[[], Plan]:
    return lambda: plan_of(project(rows=rows, **kw))  # type: ignore[arg-type]


def examples() -> dict[str, Example]:
    """The example of every check, by check id."""
    good = _p(project())
    copied = [replace(i) for i in well_formed_rows()]
    return {
        # 完整性
        "missing-level1": Example(
            bad=_rows([i for i in well_formed_rows() if i.level1 != "效益指标"]), good=good
        ),
        "missing-satisfaction": Example(bad=_rows(with_row(6, None)), good=good),
        "missing-output-level2": Example(bad=_rows(with_row(2, None)), good=good),
        "empty-indicator-row": Example(
            bad=_rows(added(row("效益指标", "生态效益指标", None, None, basis="工作要求"))),
            good=_rows(added(row("效益指标", "生态效益指标", "项目实施是否破坏生态环境", "否"))),
        ),
        "missing-indicator-name": Example(
            bad=_rows(added(row("效益指标", "社会效益指标", None, "3次", description=None))),
            good=_rows(added(row("效益指标", "社会效益指标", "举办招商推介会", "3次"))),
        ),
        "empty-target": Example(
            bad=_rows(added(row("效益指标", "社会效益指标", "新增就业岗位", None))),
            good=_rows(added(row("效益指标", "社会效益指标", "新增就业岗位", "≥300个"))),
        ),
        "missing-basis": Example(
            bad=_rows(with_row(0, row("产出指标", "数量指标", "签约项目", "15个", basis=None))),
            good=good,
        ),
        "missing-goal": Example(bad=_p(project(goal=None)), good=good),
        "missing-budget": Example(bad=_p(project(budget_wan=None)), good=good),
        "missing-purpose": Example(bad=_p(project(purpose=None)), good=good),
        "missing-spending-plan": Example(bad=_p(project(plan=())), good=good),
        "leftover-content": Example(
            bad=_p(
                project(),
                leftovers=[
                    Leftover(
                        "附件：招商项目清单（略）",
                        SourceRef(file="示例.txt", line=212),
                        "不属于任何表格",
                    )
                ],
            ),
            good=good,
        ),
        # 可衡量性
        "qualitative-in-quantitative": Example(
            bad=_rows(with_row(1, row("产出指标", "质量指标", "项目验收", "符合要求"))),
            good=good,
        ),
        "unitless-value": Example(
            bad=_rows(with_row(0, row("产出指标", "数量指标", "签约项目", "15"))), good=good
        ),
        "vague-wording": Example(
            bad=_rows(added(row("效益指标", "经济效益指标", "促进经济增长", None))),
            good=_rows(added(row("效益指标", "经济效益指标", "促进经济增长", "显著提升"))),
        ),
        "ungraded-qualitative": Example(
            bad=_rows(added(row("效益指标", "社会效益指标", "营商环境", "得到社会认可"))),
            good=_rows(added(row("效益指标", "社会效益指标", "营商环境", "效果明显"))),
        ),
        "suspected-comparator": Example(
            bad=_rows(with_row(1, row("产出指标", "质量指标", "项目验收合格率", "290%"))),
            good=good,
        ),
        # 类型匹配
        "percent-for-statement": Example(
            bad=_rows(added(row("效益指标", "可持续影响指标", "开发区经济稳步发展", "100%"))),
            good=_rows(added(row("效益指标", "可持续影响指标", "开发区经济增长率", "≥6%"))),
        ),
        "date-for-quantity": Example(
            bad=_rows(with_row(0, row("产出指标", "数量指标", "签约项目", "2023年底"))),
            good=good,
        ),
        "cost-not-money": Example(
            bad=_rows(with_row(3, row("产出指标", "成本指标", "参展成本节约率", "≥5%"))),
            good=good,
        ),
        "timeliness-without-time": Example(
            bad=_rows(with_row(2, row("产出指标", "时效指标", "完成时间", "100%"))),
            good=_rows(with_row(2, row("产出指标", "时效指标", "资金兑现及时率", "100%"))),
        ),
        "deadline-outside-year": Example(
            bad=_rows(with_row(2, row("产出指标", "时效指标", "完成时间", "2024年底"))),
            good=good,
        ),
        # 错位指标
        "misplaced-execution-rate": Example(
            bad=_rows(with_row(3, row("产出指标", "成本指标", "预算资金完成率", "90%以上"))),
            good=good,
        ),
        # 一致性
        "spending-plan-decreasing": Example(
            bad=_p(project(plan=(("3月底", 3, "30"), ("6月底", 6, "20"), ("12月底", 12, "100")))),
            good=good,
        ),
        "spending-plan-out-of-range": Example(
            bad=_p(project(plan=(("6月底", 6, "50"), ("12月底", 12, "120")))), good=good
        ),
        "spending-plan-incomplete": Example(
            bad=_p(project(plan=(("6月底", 6, "50"), ("12月底", 12, "90")))), good=good
        ),
        "fund-sources-mismatch": Example(
            bad=_p(project(sources=[("财政拨款", "100"), ("其他资金", "30")])),
            good=_p(project(sources=[("财政拨款", "120"), ("其他资金", "30")])),
        ),
        "purpose-budget-mismatch": Example(
            bad=_p(project(purpose="预算数 200 万元。全部为财政资金。主要用于招商引资。")),
            good=good,
        ),
        # 雷同
        "copied-indicator-set": Example(
            bad=_p(
                project(),
                project(
                    "103001002",
                    "扶持资金",
                    copied,
                    budget_wan="8000",
                    purpose="预算数 8000 万元。主要用于企业扶持资金。",
                ),
            ),
            good=_p(project(), _other_project()),
        ),
        "boilerplate-satisfaction": Example(
            bad=_rows(with_row(6, row("满意度指标", "服务对象满意度指标", "满意度", "≥90%"))),
            good=good,
        ),
        # 比例
        "money-target-ratio": Example(
            bad=_rows(added(row("产出指标", "数量指标", "跨境电商交易额", "26亿元"))),
            good=_rows(added(row("产出指标", "数量指标", "招商活动经费使用额", "≤120万元"))),
        ),
        # 部门整体
        "subgoal-without-indicators": Example(
            bad=_p(project(), sub_goals=[_sub_goal("成品油市场监管到位", [], [])]),
            good=_p(
                project(),
                sub_goals=[
                    _sub_goal(
                        "成品油市场监管到位",
                        ["办理年检案件数"],
                        [row("产出指标", "数量指标", "办理年检案件数", "≥40件")],
                    )
                ],
            ),
        ),
        "subgoal-without-targets": Example(
            bad=_p(
                project(),
                sub_goals=[_sub_goal("成品油市场监管到位", ["办理年检案件数"], [])],
            ),
            good=_p(
                project(),
                sub_goals=[
                    _sub_goal(
                        "成品油市场监管到位",
                        ["办理年检案件数"],
                        [row("产出指标", "数量指标", "办理年检案件数", "≥40件")],
                    )
                ],
            ),
        ),
        "project-not-linked": Example(
            bad=_p(
                project(),
                _other_project(),
                sub_goals=[
                    _sub_goal(
                        "强抓招商引资、促进经济发展",
                        ["签约项目"],
                        [row("产出指标", "数量指标", "签约项目", "15个")],
                        ["103001001"],
                    )
                ],
            ),
            good=_p(
                project(),
                _other_project(),
                sub_goals=[
                    _sub_goal(
                        "强抓招商引资、促进经济发展",
                        ["签约项目"],
                        [row("产出指标", "数量指标", "签约项目", "15个")],
                        ["103001001", "103001002"],
                    )
                ],
            ),
        ),
        # 规范性
        "unknown-category": Example(
            bad=_rows(added(row("效益指标", "数量指标", "带动投资", "≥5亿元"))),
            good=_rows(added(row("效益指标", "经济效益指标", "带动投资", "≥5亿元"))),
        ),
        "weights-sum": Example(
            bad=_rows([replace(i, weight=Decimal(10)) for i in well_formed_rows()]),
            good=_rows(
                [
                    replace(i, weight=Decimal(w))
                    for i, w in zip(well_formed_rows(), (20, 10, 10, 10, 15, 15, 10), strict=True)
                ]
            ),
        ),
    }
