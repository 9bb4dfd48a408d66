"""Stored rows ⇄ the domain :class:`jixiao.domain.model.Plan` (the one conversion module).

Every review, snapshot and export starts from :func:`plan_to_domain`, so the core always
judges exactly what is stored. :func:`store_domain_plan` writes a domain plan (from an
import or an old version) into rows. Empty text is ``""`` in the database and ``None`` in the
domain; decimals come back without the database's padding zeros.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from jixiao.domain import jsonio
from jixiao.domain.model import (
    BasisCode,
)
from jixiao.domain.model import Checkpoint as DCheckpoint
from jixiao.domain.model import FundLine as DFundLine
from jixiao.domain.model import Funds as DFunds
from jixiao.domain.model import Indicator as DIndicator
from jixiao.domain.model import Leftover as DLeftover
from jixiao.domain.model import Measure as DMeasure
from jixiao.domain.model import Plan as DPlan
from jixiao.domain.model import Project as DProject
from jixiao.domain.model import SubGoal as DSubGoal
from jixiao.domain.money import Money, MoneyUnit, clean_decimal
from jixiao.domain.target import Target
from jixiao.web.accounts.models import OrgKind
from jixiao.web.plans import core
from jixiao.web.plans.models import (
    Checkpoint,
    FundLine,
    Indicator,
    Leftover,
    Measure,
    Plan,
    Project,
    SubGoal,
)


def _none(v: str | None) -> str | None:
    return v if v else None


def _text(v: str | None) -> str:
    return v or ""


def _dec(v: Decimal | None) -> Decimal | None:
    return clean_decimal(v) if v is not None else None


# --- rows → domain -------------------------------------------------------------------------


def target_of(ind: Indicator, plan: Plan) -> Target:
    """The stored target; re-parsed from its text when no parse was stored."""
    if ind.target:
        return jsonio.target_from_dict(ind.target)
    return core.parse_target(ind.target_raw, ind.level1, ind.level2, plan.year, plan.profile)


def indicator_to_domain(ind: Indicator, plan: Plan) -> DIndicator:
    return DIndicator(
        level1=_none(ind.level1),
        level2=_none(ind.level2),
        level3=_none(ind.level3),
        description=_none(ind.description),
        target=target_of(ind, plan),
        basis=_none(ind.basis),
        basis_code=BasisCode(ind.basis_code) if ind.basis_code else None,
        weight=_dec(ind.weight),
        long_term_target=(
            jsonio.target_from_dict(ind.long_term_target) if ind.long_term_target else None
        ),
        id=_none(ind.ident),
        source=jsonio.source_from_dict(ind.source),
    )


def project_to_domain(
    p: Project,
    plan: Plan,
    *,
    fund_lines: list[FundLine] | None = None,
    checkpoints: list[Checkpoint] | None = None,
    indicators: list[Indicator] | None = None,
) -> DProject:
    """A project row (with its fund lines, checkpoints, indicators) as a domain Project.

    The lists may be given (e.g. unsaved rows from an edit form); by default they are read
    from the database (use prefetching for many projects).
    """
    fund_lines = list(p.fund_lines.all()) if fund_lines is None else fund_lines
    checkpoints = list(p.checkpoints.all()) if checkpoints is None else checkpoints
    indicators = list(p.indicators.all()) if indicators is None else indicators
    total = (
        Money(clean_decimal(p.budget_amount), MoneyUnit(p.budget_unit))
        if p.budget_amount is not None
        else None
    )
    return DProject(
        code=_none(p.code),
        name=_none(p.name),
        department=_none(p.department_name),
        unit=_none(p.unit_name),
        funds=DFunds(
            total=total,
            lines=[
                DFundLine(f.source, Money(clean_decimal(f.amount), MoneyUnit(f.unit)))
                for f in fund_lines
            ],
        ),
        purpose=_none(p.purpose),
        spending_plan=[
            DCheckpoint(label=c.label, month=c.month, percent=clean_decimal(c.percent))
            for c in checkpoints
        ],
        goal=_none(p.goal),
        long_term_goal=_none(p.long_term_goal),
        indicators=[indicator_to_domain(i, plan) for i in indicators],
        source=jsonio.source_from_dict(p.source),
    )


def ordered_projects(plan: Plan) -> list[Project]:
    """The plan's projects in plan order with everything the conversion needs prefetched."""
    return list(
        plan.projects.order_by("position", "id").prefetch_related(
            Prefetch("fund_lines", queryset=FundLine.objects.order_by("position", "id")),
            Prefetch("checkpoints", queryset=Checkpoint.objects.order_by("position", "id")),
            Prefetch("indicators", queryset=Indicator.objects.order_by("position", "id")),
        )
    )


def plan_to_domain(
    plan: Plan,
    *,
    projects: list[Project] | None = None,
    replace: dict[int, DProject] | None = None,
) -> DPlan:
    """The stored plan as a domain Plan. ``replace`` swaps projects (by row id) for unsaved
    versions, e.g. the one being edited, for live findings."""
    projects = ordered_projects(plan) if projects is None else projects
    replace = replace or {}
    org = plan.organisation
    department = org.department
    sub_goals = plan.sub_goals.order_by("position", "id").prefetch_related(
        Prefetch("targets", queryset=Indicator.objects.order_by("position", "id")),
        Prefetch("projects", queryset=Project.objects.order_by("position", "id")),
    )
    return DPlan(
        year=plan.year,
        department=department.name if department is not None else None,
        unit=org.name if org.kind == OrgKind.UNIT else None,
        overall_goal=_none(plan.overall_goal),
        sub_goals=[
            DSubGoal(
                title=g.title,
                goal=_none(g.goal),
                indicators=list(g.indicator_names),
                targets=[indicator_to_domain(i, plan) for i in g.targets.all()],
                project_codes=[p.code for p in g.projects.all() if p.code]
                + list(g.other_project_codes),
                source=jsonio.source_from_dict(g.source),
            )
            for g in sub_goals
        ],
        measures=[
            DMeasure(title=m.title, text=_none(m.text), source=jsonio.source_from_dict(m.source))
            for m in plan.measures.order_by("position", "id")
        ],
        projects=[replace.get(p.pk) or project_to_domain(p, plan) for p in projects],
        leftovers=[
            DLeftover(text=lo.text, reason=lo.reason, source=jsonio.source_from_dict(lo.source))
            for lo in plan.leftovers.order_by("position", "id")
        ],
        source_file=_none(plan.source_file),
    )


def plan_json(plan: Plan) -> str:
    """The stored plan in the interchange JSON (exact decimals): what a version keeps."""
    return jsonio.plan_to_json(plan_to_domain(plan))


def web_extra(plan: Plan) -> dict[str, Any]:
    """What a version keeps beside the interchange JSON: the measures' checklist state."""
    return {
        "measures": [
            {
                "title": m.title,
                "owner": m.owner,
                "status": m.status,
                "due_date": m.due_date.isoformat() if m.due_date else None,
                "evidence": [e.original_name for e in m.evidence.all()],
            }
            for m in plan.measures.order_by("position", "id").prefetch_related("evidence")
        ]
    }


# --- domain → rows -------------------------------------------------------------------------


def set_target(ind: Indicator, target: Target) -> None:
    """Store a parsed target on a row: raw text, interchange JSON and display text."""
    ind.target_raw = target.raw[:300]
    ind.target = jsonio.target_to_dict(target)
    ind.target_display = core.format_target(target)[:300]


def reparse_target(ind: Indicator, plan: Plan) -> Target:
    """Parse the row's 指标值 text with the core (after an edit) and store the result."""
    target = core.parse_target(ind.target_raw, ind.level1, ind.level2, plan.year, plan.profile)
    set_target(ind, target)
    ind.basis_code = core.basis_code(ind.basis, plan.profile)
    return target


def _indicator_row(i: DIndicator, position: int, **parent: Any) -> Indicator:
    row = Indicator(
        position=position,
        level1=_text(i.level1)[:100],
        level2=_text(i.level2)[:100],
        level3=_text(i.level3)[:300],
        description=_text(i.description),
        basis=_text(i.basis)[:300],
        basis_code=i.basis_code.value if i.basis_code else "",
        weight=i.weight,
        long_term_target=(
            jsonio.target_to_dict(i.long_term_target) if i.long_term_target else None
        ),
        ident=_text(i.id)[:100],
        source=jsonio.source_to_dict(i.source),
        **parent,
    )
    set_target(row, i.target)
    return row


def store_domain_plan(plan: Plan, dp: DPlan, *, user: Any = None) -> None:
    """Write ``dp``'s content into ``plan`` (saved, empty of content). Call in a transaction."""
    plan.overall_goal = _text(dp.overall_goal)
    plan.source_file = _text(dp.source_file)[:255]
    plan.save(update_fields=["overall_goal", "source_file"])

    projects = Project.objects.bulk_create(
        [
            Project(
                plan=plan,
                position=n,
                code=_text(p.code)[:50],
                name=_text(p.name)[:300],
                purpose=_text(p.purpose),
                goal=_text(p.goal),
                long_term_goal=_text(p.long_term_goal),
                budget_amount=p.funds.total.amount if p.funds.total else None,
                budget_unit=p.funds.total.unit.value if p.funds.total else MoneyUnit.WAN.value,
                department_name=_text(p.department)[:200],
                unit_name=_text(p.unit)[:200],
                source=jsonio.source_to_dict(p.source),
                updated_by=user,
            )
            for n, p in enumerate(dp.projects)
        ]
    )
    fund_lines: list[FundLine] = []
    checkpoints: list[Checkpoint] = []
    indicators: list[Indicator] = []
    for row, p in zip(projects, dp.projects, strict=True):
        fund_lines += [
            FundLine(
                project=row,
                position=n,
                source=f.source[:100],
                amount=f.amount.amount,
                unit=f.amount.unit.value,
            )
            for n, f in enumerate(p.funds.lines)
        ]
        checkpoints += [
            Checkpoint(
                project=row, position=n, label=c.label[:30], month=c.month, percent=c.percent
            )
            for n, c in enumerate(p.spending_plan)
        ]
        indicators += [_indicator_row(i, n, project=row) for n, i in enumerate(p.indicators)]
    FundLine.objects.bulk_create(fund_lines)
    Checkpoint.objects.bulk_create(checkpoints)

    by_code = {p.code: p for p in projects if p.code}
    for n, g in enumerate(dp.sub_goals):
        sub = SubGoal.objects.create(
            plan=plan,
            position=n,
            title=g.title[:300],
            goal=_text(g.goal),
            indicator_names=list(g.indicators),
            other_project_codes=[c for c in g.project_codes if c not in by_code],
            source=jsonio.source_to_dict(g.source),
            updated_by=user,
        )
        linked = [by_code[c] for c in g.project_codes if c in by_code]
        if linked:
            sub.projects.set(linked)
        indicators += [_indicator_row(i, k, sub_goal=sub) for k, i in enumerate(g.targets)]
    Indicator.objects.bulk_create(indicators)

    Measure.objects.bulk_create(
        [
            Measure(
                plan=plan,
                position=n,
                title=m.title[:300],
                text=_text(m.text),
                source=jsonio.source_to_dict(m.source),
                updated_by=user,
            )
            for n, m in enumerate(dp.measures)
        ]
    )
    Leftover.objects.bulk_create(
        [
            Leftover(
                plan=plan,
                position=n,
                text=lo.text,
                reason=lo.reason[:300],
                source=jsonio.source_to_dict(lo.source),
            )
            for n, lo in enumerate(dp.leftovers)
        ]
    )


def clear_plan_content(plan: Plan) -> None:
    """Delete every project, sub-goal, measure and leftover of a plan (before a re-import)."""
    plan.sub_goals.all().delete()
    plan.projects.all().delete()
    plan.measures.all().delete()
    plan.leftovers.all().delete()
