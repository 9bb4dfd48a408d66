# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Self-evaluation in the web (绩效自评): stored rows ⇄ the core's actuals, scores and grades.

Every score, grade and required explanation comes from
:func:`jixiao.evaluate.evaluate_project` (one project) or :func:`jixiao.evaluate.evaluate_plan`
(the 自评表 of a plan); this module turns what the unit typed into the core's
:class:`~jixiao.evaluate.ProjectActuals` and the result into dicts for pages and the API.

Workflow (自评流程)::

    填报中 ──提交 (all required explanations written)──▶ 待部门审核 ──确认/调整得分──▶ 待财政审核
      ▲                                                  │ 退回            │ 退回
      └─────────────────── 已退回 ◀──────────────────────┴─────────────────┘
                                                   待财政审核 ──确认/调整得分──▶ 已确认

A reviewer confirms the computed score or adjusts it, always with a reason for an adjustment
(and a return); the adjusted score's grade comes from the profile's grade bands
(:func:`jixiao.evaluate.grades.grade_for`). Every save and step is written to the audit log
with before and after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.db import transaction
from django.utils import timezone

from jixiao.domain.money import Money, MoneyUnit
from jixiao.evaluate import (
    EvaluateSettings,
    FundActual,
    IndicatorActual,
    ProjectActuals,
    ProjectEvaluation,
    evaluate_project,
)
from jixiao.evaluate.grades import grade_for, round_score
from jixiao.evaluate.report import project_to_dict
from jixiao.web.audit.log import changed, record, snapshot
from jixiao.web.audit.models import Action
from jixiao.web.cycle import rows
from jixiao.web.cycle.models import (
    EvalDecision,
    EvalStage,
    EvalStatus,
    EvaluationReview,
    FundActualRow,
    IndicatorActualRow,
    SelfEvaluation,
)
from jixiao.web.cycle.monitoring import CycleError, FieldError
from jixiao.web.plans import convert, core, locking
from jixiao.web.plans.models import Plan, PlanStatus, Project

EDITABLE = frozenset({EvalStatus.DRAFT, EvalStatus.RETURNED})
STAGE_SOURCE = {
    EvalStage.DEPARTMENT: EvalStatus.SUBMITTED,
    EvalStage.FINANCE: EvalStatus.DEPT_CONFIRMED,
}
STAGE_TARGET = {
    EvalStage.DEPARTMENT: EvalStatus.DEPT_CONFIRMED,
    EvalStage.FINANCE: EvalStatus.CONFIRMED,
}
# Issues of the core that the unit must fix before submitting (the rest are notes).
BLOCKING_ISSUES = frozenset(
    {
        "actual_missing",
        "unreadable_actual",
        "unit_mismatch",
        "spending_missing",
        "budget_missing",
        "qualitative_band",
    }
)


@lru_cache(maxsize=16)
def settings_for(profile_name: str) -> EvaluateSettings:
    return EvaluateSettings.from_profile(core.profile(profile_name))


def money_unit(plan: Plan) -> str:
    """The unit of the money block (the profile's, 万元 by default)."""
    return MoneyUnit.parse(settings_for(plan.profile).funds.unit).value


def ensure_evaluable(plan: Plan) -> None:
    if plan.status != PlanStatus.APPROVED and not plan.adjusting:
        raise CycleError(f"绩效目标当前状态为“{plan.status_label}”; 批复后才能开展绩效自评。")


def ensure_editable(ev: SelfEvaluation) -> None:
    if ev.status not in EDITABLE:
        raise CycleError(
            f"自评当前状态为“{EvalStatus(ev.status).label}”, 不能修改 (退回后可修改)。"
        )


# --- input ---------------------------------------------------------------------------------


@dataclass
class FundInput:
    source: str
    initial: Decimal | None = None
    adjusted: Decimal | None = None
    spent: Decimal | None = None


@dataclass
class RowInput:
    actual: str = ""
    score: Decimal | None = None
    explanation: str = ""


@dataclass
class ActualsInput:
    """A project's year-end report as typed: money rows, indicator rows by indicator id."""

    outcome: str = ""
    execution_reason: str = ""
    funds: list[FundInput] = field(default_factory=list)
    rows: dict[int, RowInput] = field(default_factory=dict)


def stored_input(ev: SelfEvaluation) -> ActualsInput:
    """What is stored, as an :class:`ActualsInput`."""
    return ActualsInput(
        outcome=ev.outcome,
        execution_reason=ev.execution_reason,
        funds=[
            FundInput(f.source, f.initial, f.adjusted, f.spent)
            for f in ev.funds.order_by("position", "id")
        ],
        rows={
            r.indicator_id: RowInput(r.actual, r.score, r.explanation) for r in ev.indicators.all()
        },
    )


def to_actuals(project: Project, data: ActualsInput, unit: str) -> ProjectActuals:
    """The core's :class:`ProjectActuals` (indicator rows matched by position, 1-based)."""
    mu = MoneyUnit.parse(unit)

    def money(v: Decimal | None) -> Money | None:
        return Money(v, mu) if v is not None else None

    position = {ind.pk: n for n, ind in enumerate(project.indicators.all())}
    indicators = [
        IndicatorActual(
            index=position[ind_id] + 1,
            actual=r.actual.strip() or None,
            score=r.score,
            explanation=r.explanation.strip() or None,
        )
        for ind_id, r in data.rows.items()
        if ind_id in position and (r.actual.strip() or r.score is not None or r.explanation.strip())
    ]
    indicators.sort(key=lambda a: a.index or 0)
    return ProjectActuals(
        code=project.code or None,
        name=project.name or None,
        funds=[
            FundActual(f.source, money(f.initial), money(f.adjusted), money(f.spent))
            for f in data.funds
            if f.source.strip()
        ],
        indicators=indicators,
        outcome=data.outcome.strip() or None,
        execution_reason=data.execution_reason.strip() or None,
    )


def score(project: Project, data: ActualsInput) -> ProjectEvaluation:
    """The core's evaluation of one project with ``data`` (nothing is saved)."""
    plan = project.plan
    row = rows.one(project)
    settings = settings_for(plan.profile)
    return evaluate_project(
        convert.project_to_domain(row, plan),
        to_actuals(row, data, money_unit(plan)),
        settings,
        core.profile(plan.profile),
        plan.year,
    )


def result_dict(project: Project, pe: ProjectEvaluation) -> dict[str, Any]:
    """The core's 自评表 dict for one project, with the indicator row ids added."""
    data = project_to_dict(pe, settings_for(project.plan.profile))
    ids = list(project.indicators.order_by("position", "id").values_list("pk", flat=True))
    for row in data["indicators"]:
        n = int(row["index"]) - 1
        row["indicator_id"] = ids[n] if 0 <= n < len(ids) else None
    data["blocking"] = [
        i for i in data["issues"] if i["severity"] == "error" and i["code"] in BLOCKING_ISSUES
    ]
    data["can_submit"] = not data["explanations_missing"] and not data["blocking"]
    return data


def fits(d: Decimal | None, digits: int, places: int) -> bool:
    """Does ``d`` fit a database column of ``digits`` digits, ``places`` after the point?"""
    if d is None:
        return True
    try:
        q = d.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        return False
    return q == d and len(q.as_tuple().digits) <= digits


def validate(project: Project, data: ActualsInput) -> list[tuple[tuple[str | int, ...], str]]:
    """Plain input checks (the core reports everything else as issues on the result)."""
    errors: list[tuple[tuple[str | int, ...], str]] = []
    ids = set(project.indicators.values_list("pk", flat=True))
    for n, f in enumerate(data.funds):
        if not f.source.strip():
            errors.append((("funds", n, "source"), "请填写资金来源"))
        for name in ("initial", "adjusted", "spent"):
            v = getattr(f, name)
            if v is not None and (not v.is_finite() or v < 0):
                errors.append((("funds", n, name), "金额应为不小于 0 的数"))
            elif not fits(v, 24, 6):  # the column: 18 digits before the point, 6 after
                too_big = "金额超出可保存的范围 (最多 18 位整数、6 位小数)"
                errors.append((("funds", n, name), too_big))
    for ind_id, r in data.rows.items():
        if ind_id not in ids:
            errors.append((("rows", ind_id), f"指标 {ind_id} 不属于此项目"))
        elif r.score is not None and (not r.score.is_finite() or r.score < 0):
            errors.append((("rows", ind_id, "score"), "得分应为不小于 0 的数"))
        elif not fits(r.score, 9, 4):
            too_big = "得分超出可保存的范围 (最多 5 位整数、4 位小数)"
            errors.append((("rows", ind_id, "score"), too_big))
    return errors


# --- stored evaluations ---------------------------------------------------------------------


def view(ev: SelfEvaluation) -> dict[str, Any]:
    """A self-evaluation with its rows, for before/after in the audit log."""
    data = snapshot(ev) or {}
    data["funds"] = [
        {
            "source": f.source,
            "initial": _s(f.initial),
            "adjusted": _s(f.adjusted),
            "spent": _s(f.spent),
            "unit": f.unit,
        }
        for f in ev.funds.order_by("position", "id")
    ]
    data["indicators"] = [
        {
            "indicator": r.indicator_id,
            "actual": r.actual,
            "score": _s(r.score),
            "explanation": r.explanation,
        }
        for r in ev.indicators.order_by("indicator__position", "indicator_id")
    ]
    return data


def _s(d: Decimal | None) -> str | None:
    if d is None:
        return None
    from jixiao.domain.money import clean_decimal

    return f"{clean_decimal(d):f}"


def start(project: Project, user: Any) -> SelfEvaluation:
    """The project's self-evaluation, created (money rows from the plan) on first use."""
    plan = project.plan
    existing = SelfEvaluation.objects.filter(project=project).first()
    if existing is not None:
        return existing
    ensure_evaluable(plan)
    unit = money_unit(plan)
    with transaction.atomic():
        ev, created = SelfEvaluation.objects.get_or_create(
            project=project, defaults={"plan": plan, "updated_by": user}
        )
        if not created:
            return ev
        for n, line in enumerate(project.fund_lines.order_by("position", "id")):
            amount = Money(line.amount, MoneyUnit(line.unit)).to(MoneyUnit.parse(unit)).amount
            FundActualRow.objects.create(
                evaluation=ev, position=n, source=line.source, initial=amount, unit=unit
            )
        record(Action.CREATE, obj=ev, after=view(ev))
    return ev


def _store_result(ev: SelfEvaluation, pe: ProjectEvaluation) -> None:
    ev.computed_total = pe.total
    ev.computed_grade = pe.grade


def save(ev: SelfEvaluation, data: ActualsInput, expected: int, user: Any) -> ProjectEvaluation:
    """Save what the unit typed (draft or returned), with the core's score at this save."""
    ensure_editable(ev)
    project = ev.project
    errors = validate(project, data)
    if errors:
        raise FieldError(errors)
    unit = money_unit(ev.plan)
    pe = score(project, data)
    with transaction.atomic():
        before = view(SelfEvaluation.objects.get(pk=ev.pk))
        ev.lock_version = locking.claim(SelfEvaluation, ev.pk, expected, user)
        ensure_editable(SelfEvaluation.objects.get(pk=ev.pk))
        ev.outcome = data.outcome.strip()
        ev.execution_reason = data.execution_reason.strip()
        _store_result(ev, pe)
        ev.updated_by = user
        ev.save()
        ev.funds.all().delete()
        FundActualRow.objects.bulk_create(
            [
                FundActualRow(
                    evaluation=ev,
                    position=n,
                    source=f.source.strip()[:100],
                    initial=f.initial,
                    adjusted=f.adjusted,
                    spent=f.spent,
                    unit=unit,
                )
                for n, f in enumerate(data.funds)
            ]
        )
        existing = {r.indicator_id: r for r in ev.indicators.all()}
        for ind_id, r in data.rows.items():
            row = existing.get(ind_id) or IndicatorActualRow(evaluation=ev, indicator_id=ind_id)
            row.actual = r.actual.strip()[:200]
            row.score = r.score
            row.explanation = r.explanation.strip()
            row.save()
        after = view(ev)
        if changed(before, after):
            record(Action.UPDATE, obj=ev, before=before, after=after)
    return pe


def current(ev: SelfEvaluation) -> ProjectEvaluation:
    """The core's evaluation of what is stored."""
    return score(ev.project, stored_input(ev))


def submit(ev: SelfEvaluation, expected: int, user: Any) -> ProjectEvaluation:
    """提交: only when every required explanation is written and no blocking issue is left."""
    ensure_editable(ev)
    pe = current(ev)
    data = result_dict(ev.project, pe)
    problems = [
        f"{e['subject']}: {e['kind_text']} ({e['reason']})" for e in data["explanations_missing"]
    ]
    problems += [i["text"] for i in data["blocking"]]
    if problems:
        raise CycleError("提交前请补全: " + "; ".join(problems))
    with transaction.atomic():
        before = view(SelfEvaluation.objects.get(pk=ev.pk))
        ev.lock_version = locking.claim(SelfEvaluation, ev.pk, expected, user)
        ev.status = EvalStatus.SUBMITTED
        ev.submitted_at = timezone.now()
        _store_result(ev, pe)
        ev.final_total = None
        ev.final_grade = ""
        ev.updated_by = user
        ev.save()
        record(Action.TRANSITION, obj=ev, before=before, after=view(ev), message="提交自评")
    return pe


def review(
    ev: SelfEvaluation,
    stage: str,
    decision: str,
    *,
    adjusted: Decimal | None,
    reason: str,
    expected: int,
    user: Any,
) -> EvaluationReview:
    """Confirm the score, adjust it (with a reason) or return the self-evaluation."""
    st = EvalStage(stage)
    if decision not in EvalDecision.values:
        raise FieldError([(("decision",), f"审核意见 {decision!r} 无效")])
    dec = EvalDecision(decision)
    if ev.status != STAGE_SOURCE[st]:
        raise CycleError(f"自评当前状态为“{EvalStatus(ev.status).label}”, 不在{st.label}环节。")
    settings = settings_for(ev.plan.profile)
    reason = reason.strip()
    errors: list[tuple[tuple[str | int, ...], str]] = []
    if dec is not EvalDecision.CONFIRM and not reason:
        errors.append((("reason",), "调整得分或退回时必须填写理由"))
    total_points = settings.total_points
    if dec is EvalDecision.ADJUST:
        if adjusted is None:
            errors.append((("score",), "请填写调整后的得分"))
        elif not adjusted.is_finite() or not Decimal(0) <= adjusted <= total_points:
            errors.append((("score",), f"得分应在 0 到 {total_points} 之间"))
    if errors:
        raise FieldError(errors)
    # The score in force before this review: the previous stage's, else the computed one.
    base_total = ev.final_total if ev.final_total is not None else ev.computed_total
    base_grade = ev.final_grade or ev.computed_grade
    with transaction.atomic():
        before = view(SelfEvaluation.objects.get(pk=ev.pk))
        ev.lock_version = locking.claim(SelfEvaluation, ev.pk, expected, user)
        if dec is EvalDecision.RETURN:
            total, grade = base_total, base_grade
            ev.status = EvalStatus.RETURNED
        else:
            if dec is EvalDecision.ADJUST:
                assert adjusted is not None
                total = round_score(adjusted, settings.rounding)
                grade, _ = grade_for(total, settings.grades)
            else:
                total, grade = base_total, base_grade
            ev.final_total = total
            ev.final_grade = grade
            ev.status = STAGE_TARGET[st]
        ev.updated_by = user
        ev.save()
        rec = EvaluationReview.objects.create(
            evaluation=ev,
            stage=st,
            decision=dec,
            computed_total=ev.computed_total,
            computed_grade=ev.computed_grade,
            total=total,
            grade=grade,
            reason=reason,
            reviewer=user,
        )
        record(
            Action.TRANSITION,
            obj=ev,
            before=before,
            after=view(ev),
            message=f"{st.label}: {dec.label}" + (f" — {reason}" if reason else ""),
        )
    return rec


def plan_evaluation(plan: Plan) -> Any:
    """The core's :class:`~jixiao.evaluate.Evaluation` of the whole plan (for the 自评表)."""
    from jixiao.evaluate import Actuals, evaluate_plan

    projects = convert.ordered_projects(plan)
    stored = {
        ev.project_id: ev
        for ev in SelfEvaluation.objects.filter(plan=plan).prefetch_related("funds", "indicators")
    }
    unit = money_unit(plan)
    actuals = Actuals(year=plan.year, file="网页填报")
    for p in projects:
        ev = stored.get(p.pk)
        if ev is not None:
            actuals.projects.append(to_actuals(p, stored_input(ev), unit))
    dp = convert.plan_to_domain(plan, projects=projects)
    return evaluate_plan(dp, actuals, core.profile(plan.profile))
