# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Self-evaluation pages (绩效自评): entry with a live score, submission, the two reviews
(confirm or adjust the score with a reason) and the 自评表 download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.domain import jsonio
from jixiao.evaluate.report import percent
from jixiao.web.accounts.permissions import Perm, can, require
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action
from jixiao.web.cycle import access, evaluation, inputs
from jixiao.web.cycle.models import (
    EvalDecision,
    EvalStage,
    EvalStatus,
    SelfEvaluation,
)
from jixiao.web.cycle.monitoring import CycleError, FieldError
from jixiao.web.cycle.views_monitoring import temporary_download
from jixiao.web.plans.locking import ConcurrentEditError
from jixiao.web.plans.models import Plan, Project


def _project(request: HttpRequest, pk: int, perm: Perm = Perm.VIEW_PLAN) -> Project:
    project = get_object_or_404(Project.objects.select_related("plan__organisation__parent"), pk=pk)
    require(request.user, perm, project)
    return project


@require_GET
def plan_evaluations(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("organisation__parent"), pk=pk)
    require(request.user, Perm.VIEW_PLAN, plan)
    stored = {e.project_id: e for e in SelfEvaluation.objects.filter(plan=plan)}
    projects = [
        {"p": p, "ev": stored.get(p.pk)}
        for p in plan.projects.order_by("position", "id").only("pk", "code", "name", "plan_id")
    ]
    rollup = None
    if stored:
        ev = evaluation.plan_evaluation(plan)
        d = ev.department
        rollup = {
            "execution_percent": percent(d.execution_rate),
            "score": d.score,
            "grade": d.grade,
            "method": d.method,
            "distribution": d.distribution,
        }
    return render(
        request,
        "cycle/plan_evaluations.html",
        {
            "plan": plan,
            "projects": projects,
            "rollup": rollup,
            "can_fill": access.can_fill(request.user, plan),
            "evaluable": _evaluable(plan),
        },
    )


def _evaluable(plan: Plan) -> str:
    try:
        evaluation.ensure_evaluable(plan)
    except CycleError as exc:
        return str(exc)
    return ""


def _form_context(
    request: HttpRequest,
    project: Project,
    ev: SelfEvaluation | None,
    data: evaluation.ActualsInput,
    result: dict[str, Any],
    errors: dict[str, str] | None = None,
    lock_version: Any = None,
) -> dict[str, Any]:
    plan = project.plan
    indicators = list(project.indicators.order_by("position", "id"))
    by_index = {r["index"]: r for r in result["indicators"]}
    rows = []
    for n, ind in enumerate(indicators):
        r = data.rows.get(ind.pk) or evaluation.RowInput()
        rows.append(
            {
                "ind": ind,
                "prefix": f"row-{ind.pk}",
                "actual": r.actual,
                "score": _text(r.score),
                "explanation": r.explanation,
                "result": by_index.get(n + 1),
            }
        )
    editable = (
        can(request.user, access.FILL, plan)
        and (ev is None or ev.status in evaluation.EDITABLE)
        and not _evaluable(plan)
    )
    return {
        "plan": plan,
        "project": project,
        "ev": ev,
        "data": data,
        "funds": [
            {
                "n": n,
                "source": f.source,
                "initial": _text(f.initial),
                "adjusted": _text(f.adjusted),
                "spent": _text(f.spent),
            }
            for n, f in enumerate([*data.funds, evaluation.FundInput("")])
        ],
        "rows": rows,
        "result": result,
        "errors": errors or {},
        "editable": editable,
        "money_unit": evaluation.money_unit(plan),
        "lock_version": lock_version
        if lock_version is not None
        else (ev.lock_version if ev else 0),
        "reviews": ev.reviews.select_related("reviewer") if ev else [],
        "can_review": {
            "department": ev is not None
            and ev.status == EvalStatus.SUBMITTED
            and can(request.user, Perm.DEPT_REVIEW, plan),
            "finance": ev is not None
            and ev.status == EvalStatus.DEPT_CONFIRMED
            and can(request.user, Perm.FINANCE_REVIEW, plan),
        },
        "evaluable": _evaluable(plan),
    }


def _text(d: Any) -> str:
    """A decimal as people write it (150, not 150.000000); empty for none."""
    from jixiao.domain.money import clean_decimal

    return "" if d is None else f"{clean_decimal(d):f}"


def _initial_input(project: Project) -> evaluation.ActualsInput:
    """A new self-evaluation's form: money rows from the plan's fund lines (年初预算数)."""
    from jixiao.domain.money import Money, MoneyUnit

    unit = MoneyUnit.parse(evaluation.money_unit(project.plan))
    return evaluation.ActualsInput(
        funds=[
            evaluation.FundInput(
                f.source, Money(f.amount, MoneyUnit(f.unit)).to(unit).amount, None, None
            )
            for f in project.fund_lines.order_by("position", "id")
        ]
    )


@require_http_methods(["GET", "POST"])
def evaluation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    ev = SelfEvaluation.objects.filter(project=project).first()
    if request.method == "POST":
        require(request.user, access.FILL, project)
        ids = list(project.indicators.order_by("position", "id").values_list("pk", flat=True))
        data, errors = inputs.actuals_input(request.POST, ids)
        lock = request.POST.get("lock_version", "")
        if not errors:
            try:
                if ev is None:
                    ev = evaluation.start(project, request.user)
                    lock = str(ev.lock_version)
                evaluation.save(ev, data, int(lock) if lock.isdigit() else 0, request.user)
            except FieldError as exc:
                errors = exc.errors
            except CycleError as exc:
                messages.error(request, str(exc))
                return redirect("evaluation_edit", pk=project.pk)
            except ConcurrentEditError as exc:
                messages.error(request, str(exc))
                assert ev is not None
                ev.refresh_from_db()
                result = evaluation.result_dict(project, evaluation.score(project, data))
                ctx = _form_context(
                    request, project, ev, data, result, lock_version=ev.lock_version
                )
                ctx["conflict"] = ev
                return render(request, "cycle/evaluation_form.html", ctx)
            else:
                messages.success(request, "已保存自评。")
                return redirect("evaluation_edit", pk=project.pk)
        messages.error(request, "填报内容有误, 未保存: 请按提示修改。")
        result = evaluation.result_dict(project, evaluation.score(project, data))
        ctx = _form_context(
            request, project, ev, data, result, inputs.by_field(errors), lock_version=lock
        )
        return render(request, "cycle/evaluation_form.html", ctx)
    data = evaluation.stored_input(ev) if ev is not None else _initial_input(project)
    result = evaluation.result_dict(project, evaluation.score(project, data))
    return render(
        request, "cycle/evaluation_form.html", _form_context(request, project, ev, data, result)
    )


@require_POST
def evaluation_live(request: HttpRequest, pk: int) -> HttpResponse:
    """The core's score of the form as typed (nothing saved): total, grade, rows, what is
    still to explain."""
    project = _project(request, pk, access.FILL)
    ids = list(project.indicators.order_by("position", "id").values_list("pk", flat=True))
    data, errors = inputs.actuals_input(request.POST, ids)
    result = evaluation.result_dict(project, evaluation.score(project, data))
    payload = {
        "total": result["total"],
        "grade": result["grade"],
        "grade_rule": result["grade_rule"],
        "execution": result["execution"],
        "indicators": [
            {
                "indicator_id": r["indicator_id"],
                "index": r["index"],
                "weight": r["weight"],
                "score": r["score"],
                "rule_text": r["rule_text"],
                "achieved": r["achieved"],
            }
            for r in result["indicators"]
        ],
        "explanations_missing": result["explanations_missing"],
        "blocking": result["blocking"],
        "can_submit": result["can_submit"] and not errors,
        "input_errors": inputs.by_field(errors),
    }
    # Decimals as exact JSON numbers (jixiao.domain.jsonio), like the findings JSON.
    return HttpResponse(
        jsonio.dumps(payload, indent=None), content_type="application/json; charset=utf-8"
    )


@require_POST
def evaluation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, access.FILL)
    ev = get_object_or_404(SelfEvaluation, project=project)
    lock = request.POST.get("lock_version", "")
    try:
        evaluation.submit(ev, int(lock) if lock.isdigit() else 0, request.user)
    except (CycleError, ConcurrentEditError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已提交自评, 等待部门审核。")
    return redirect("evaluation_edit", pk=project.pk)


@require_http_methods(["GET", "POST"])
def evaluation_review(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    if stage not in EvalStage.values:
        raise Http404
    project = _project(request, pk, access.STAGE_PERM[stage])
    ev = get_object_or_404(SelfEvaluation, project=project)
    errors: dict[str, str] = {}
    if request.method == "POST":
        score_text = request.POST.get("score", "").strip()
        parse_errors: inputs.Errors = []
        adjusted = inputs.parse_decimal(score_text[:40], ("score",), parse_errors)
        lock = request.POST.get("lock_version", "")
        try:
            if parse_errors:
                raise FieldError(parse_errors)
            evaluation.review(
                ev,
                stage,
                request.POST.get("decision", ""),
                adjusted=adjusted,
                reason=request.POST.get("reason", "")[:4000],
                expected=int(lock) if lock.isdigit() else 0,
                user=request.user,
            )
        except FieldError as exc:
            errors = inputs.by_field(exc.errors)
        except (CycleError, ConcurrentEditError) as exc:
            messages.error(request, str(exc))
            return redirect("evaluation_edit", pk=project.pk)
        else:
            messages.success(request, "已记录审核意见。")
            return redirect("evaluation_edit", pk=project.pk)
    elif ev.status != evaluation.STAGE_SOURCE[EvalStage(stage)]:
        messages.error(request, f"自评当前状态为“{EvalStatus(ev.status).label}”, 不在此审核环节。")
        return redirect("evaluation_edit", pk=project.pk)
    result = evaluation.result_dict(project, evaluation.current(ev))
    return render(
        request,
        "cycle/evaluation_review.html",
        {
            "plan": project.plan,
            "project": project,
            "ev": ev,
            "stage": EvalStage(stage),
            "result": result,
            "errors": errors,
            "decisions": EvalDecision.choices,
            "posted": request.POST if request.method == "POST" else {},
            "reviews": ev.reviews.select_related("reviewer"),
        },
    )


@require_GET
def evaluation_export(request: HttpRequest, pk: int) -> FileResponse:
    from jixiao.export.evaluation_xlsx import write_evaluation_xlsx

    plan = get_object_or_404(Plan.objects.select_related("organisation"), pk=pk)
    require(request.user, Perm.VIEW_PLAN, plan)
    ev = evaluation.plan_evaluation(plan)
    handle = temporary_download(lambda path: write_evaluation_xlsx(ev, path))
    record(Action.EXPORT, obj=plan, message="下载自评表")
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{plan.organisation.name}-{plan.year}-绩效自评表.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
