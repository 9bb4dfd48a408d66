# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""API: monitoring rounds (运行监控) and self-evaluation (绩效自评).

The same services and permissions as the pages (:mod:`jixiao.web.cycle.monitoring`,
:mod:`jixiao.web.cycle.evaluation`, :mod:`jixiao.web.cycle.access`): every light, rate and
score comes from the core; every change is audited; edits carry ``lock_version``.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Status, UploadedFile
from ninja.params.functions import Path, Query

from jixiao.web.accounts.permissions import Perm, require
from jixiao.web.api import schemas as s
from jixiao.web.api.errors import ApiFieldError, body_errors
from jixiao.web.api.routes_plans import (
    PageNo,
    PageSize,
    PlanId,
    ProjectId,
    get_plan,
    get_project,
    paginate,
)
from jixiao.web.cycle import access, evaluation, monitoring, summaries
from jixiao.web.cycle.models import (
    EvalStatus,
    LedgerStatus,
    LedgerUpload,
    MonitoringRound,
    ProjectProgress,
    Rectification,
    SelfEvaluation,
)
from jixiao.web.plans.models import Project

router = Router(tags=["运行监控与绩效自评"])

RoundId = Annotated[int, Path(ge=1, le=s.MAX_ID)]
LedgerId = Annotated[int, Path(ge=1, le=s.MAX_ID)]


# --- rounds --------------------------------------------------------------------------------


def round_out(rnd: MonitoringRound) -> dict[str, Any]:
    ledger = monitoring.active_ledger(rnd)
    return {
        "id": rnd.pk,
        "plan_id": rnd.plan_id,
        "as_of": rnd.as_of,
        "deadline": rnd.deadline,
        "status": rnd.status,
        "note": rnd.note,
        "lock_version": rnd.lock_version,
        "ledger_id": ledger.pk if ledger else None,
        "ledger_file": ledger.original_name if ledger else None,
    }


def get_round(request: HttpRequest, round_id: int) -> MonitoringRound:
    rnd = get_object_or_404(
        MonitoringRound.objects.select_related("plan__organisation__parent"), pk=round_id
    )
    require(request.user, Perm.VIEW_PLAN, rnd.plan)
    return rnd


def _service_errors(exc: monitoring.FieldError) -> ApiFieldError:
    return body_errors(exc)


@router.get(
    "/plans/{plan_id}/monitoring-rounds", response=s.responses(s.RoundPage), summary="监控轮次"
)
def list_rounds(
    request: HttpRequest, plan_id: PlanId, page: PageNo = 1, page_size: PageSize = 50
) -> Any:
    plan = get_plan(request, plan_id)
    meta, rows = paginate(plan.monitoring_rounds.order_by("-as_of", "-id"), page, page_size)
    return {**meta, "items": [round_out(r) for r in rows]}


@router.post(
    "/plans/{plan_id}/monitoring-rounds",
    response=s.responses(s.RoundOut, 201),
    summary="开启运行监控",
)
def create_round(request: HttpRequest, plan_id: PlanId, body: s.RoundIn) -> Any:
    plan = get_plan(request, plan_id)
    access.require_organise(request.user, plan)
    try:
        rnd = monitoring.open_round(
            plan, as_of=body.as_of, deadline=body.deadline, note=body.note, user=request.user
        )
    except monitoring.FieldError as exc:
        raise _service_errors(exc) from exc
    return Status(201, round_out(rnd))


def _totals(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "budget_wan": s.dec(d.get("budget_wan")),
        "adjusted_budget_wan": s.dec(d.get("adjusted_budget_wan")),
        "spent_wan": s.dec(d.get("spent_wan")),
        "execution_rate": s.dec(d.get("execution_rate")),
        "time_progress": s.dec(d.get("time_progress")),
        "planned_progress": s.dec(d.get("planned_progress")),
        "light": d["light"],
        "light_label": d["light_label"],
    }


@router.get(
    "/monitoring-rounds/{round_id}",
    response=s.responses(s.RoundSummaryOut),
    summary="监控轮次与合计",
)
def get_round_view(request: HttpRequest, round_id: RoundId) -> Any:
    rnd = get_round(request, round_id)
    summary = summaries.round_summary(rnd)
    return {
        "round": round_out(rnd),
        "as_of": rnd.as_of,
        "time_progress": s.dec(summary["time_progress"]),
        "department": _totals(summary["department"]),
        "counts": summary["counts"],
        "needs_reason": summary["needs_reason"],
        "missing_progress": summary["missing_progress"],
    }


@router.post(
    "/monitoring-rounds/{round_id}/status",
    response=s.responses(s.RoundOut),
    summary="结束或重新开启监控轮次",
)
def set_round_status(request: HttpRequest, round_id: RoundId, body: s.RoundStatusIn) -> Any:
    rnd = get_round(request, round_id)
    access.require_organise(request.user, rnd.plan)
    monitoring.set_round_status(rnd, body.status, body.lock_version, request.user)
    rnd.refresh_from_db()
    return round_out(rnd)


@router.get(
    "/monitoring-rounds/{round_id}/projects",
    response=s.responses(s.ProjectLightPage),
    summary="各项目预警灯",
)
def list_round_projects(
    request: HttpRequest,
    round_id: RoundId,
    page: PageNo = 1,
    page_size: PageSize = 50,
    light: Annotated[
        list[str] | None, Query(description="只列这些灯色: red, yellow, green, blue, none")
    ] = None,
) -> Any:
    rnd = get_round(request, round_id)
    rows = summaries.round_summary(rnd)["projects"]
    if light:
        rows = [p for p in rows if p["light"] in set(light)]
    meta, page_rows = paginate(rows, page, page_size)
    return {
        **meta,
        "items": [
            {
                "project_id": p["id"],
                "code": p["code"],
                "name": p["name"],
                "light": p["light"],
                "light_label": p["light_label"],
                "adjusted_budget_wan": s.dec(p["adjusted_budget_wan"]),
                "spent_wan": s.dec(p["spent_wan"]),
                "execution_rate": s.dec(p["execution_rate"]),
                "time_progress": s.dec(p["time_progress"]),
                "planned_progress": s.dec(p["planned_progress"]),
                "spending_light": p["spending_light"],
                "spending_reason": p["spending_reason"],
                "indicator_lights": p["indicator_lights"],
                "needs_reason": p["needs_reason"],
                "missing": p["missing"],
            }
            for p in page_rows
        ],
    }


# --- sheets --------------------------------------------------------------------------------


def sheet_out(rnd: MonitoringRound, project: Project) -> dict[str, Any]:
    sheet = ProjectProgress.objects.filter(round=rnd, project=project).first()
    data = monitoring.report_dict(monitoring.project_report(rnd, project))["projects"][0]
    stored = {r.indicator_id: r for r in sheet.rows.all()} if sheet else {}
    statuses = {i["index"]: i for i in data["indicators"]}
    rows = []
    for n, ind in enumerate(project.indicators.order_by("position", "id")):
        st = statuses.get(n + 1)
        r = stored.get(ind.pk)
        rows.append(
            {
                "indicator_id": ind.pk,
                "index": n + 1,
                "level3": ind.level3 or None,
                "target": ind.target_raw or None,
                "value": r.value if r else None,
                "forecast": r.forecast if r else None,
                "unit": r.unit if r else None,
                "reasons": dict(r.reasons or {}) if r else {},
                "likelihood": r.likelihood if r else None,
                "rectification": r.rectification if r else None,
                "remarks": r.remarks if r else None,
                "light": st["light"] if st else "none",
                "light_label": st["label"] if st else "无",
                "light_reason": st["reason"] if st else "空行, 不评灯",
                "needs_reason": bool(st and st["needs_reason"]),
            }
        )
    return {
        "round_id": rnd.pk,
        "project_id": project.pk,
        "lock_version": sheet.lock_version if sheet else 0,
        "submitted_at": sheet.submitted_at if sheet else None,
        "light": data["light"],
        "light_label": data["light_label"],
        "spending": _totals(
            {
                **data,
                "light": data["spending_light"]["light"],
                "light_label": data["spending_light"]["label"],
            }
        ),
        "spending_reason": data["spending_light"]["reason"],
        "spending_reasons": dict(sheet.reasons or {}) if sheet else {},
        "likelihood": sheet.likelihood if sheet else None,
        "rectification": sheet.rectification if sheet else None,
        "remarks": sheet.remarks if sheet else "",
        "rows": rows,
    }


def _round_project(
    request: HttpRequest, round_id: int, project_id: int
) -> tuple[MonitoringRound, Project]:
    rnd = get_round(request, round_id)
    project = get_object_or_404(Project, pk=project_id, plan=rnd.plan)
    return rnd, project


@router.get(
    "/monitoring-rounds/{round_id}/projects/{project_id}",
    response=s.responses(s.SheetOut),
    summary="项目监控填报与预警",
)
def get_sheet(request: HttpRequest, round_id: RoundId, project_id: ProjectId) -> Any:
    rnd, project = _round_project(request, round_id, project_id)
    return sheet_out(rnd, project)


@router.put(
    "/monitoring-rounds/{round_id}/projects/{project_id}",
    response=s.responses(s.SheetOut),
    summary="保存项目监控填报",
)
def put_sheet(
    request: HttpRequest, round_id: RoundId, project_id: ProjectId, body: s.SheetIn
) -> Any:
    rnd, project = _round_project(request, round_id, project_id)
    require(request.user, access.FILL, rnd.plan)
    rows: dict[int, monitoring.EntryInput] = {}
    where: dict[Any, list[str | int]] = {}
    for n, r in enumerate(body.rows):
        if r.indicator_id in rows:
            raise ApiFieldError([(["body", "rows", n, "indicator_id"], "指标重复")])
        rows[r.indicator_id] = monitoring.EntryInput(
            value=r.value,
            forecast=r.forecast,
            unit=r.unit,
            reasons=dict(r.reasons),
            likelihood=r.likelihood,
            rectification=r.rectification,
            remarks=r.remarks,
        )
        where[("rows", r.indicator_id)] = ["rows", n]
    sp = body.spending
    data = monitoring.SheetInput(
        spending=monitoring.EntryInput(
            reasons=dict(sp.reasons),
            likelihood=sp.likelihood,
            rectification=sp.rectification,
            remarks=sp.remarks,
        ),
        rows=rows,
    )
    monitoring.ensure_open(rnd)
    indicators = list(project.indicators.order_by("position", "id"))
    errors = monitoring.validate_sheet(rnd.plan, indicators, data)
    if errors:  # checked before a first save creates the sheet
        raise body_errors(monitoring.FieldError(errors), where)
    existing = ProjectProgress.objects.filter(round=rnd, project=project).first()
    if existing is None and body.lock_version not in (0, 1):
        from jixiao.web.plans.locking import ConcurrentEditError

        raise ConcurrentEditError(None)
    sheet = existing or monitoring.sheet_for(rnd, project)
    expected = sheet.lock_version if existing is None else body.lock_version
    try:
        monitoring.save_sheet(sheet, data, expected, request.user)
    except monitoring.FieldError as exc:
        raise body_errors(exc, where) from exc
    return sheet_out(rnd, project)


@router.post(
    "/monitoring-rounds/{round_id}/projects/{project_id}/submit",
    response=s.responses(s.SheetOut),
    summary="提交项目监控填报",
)
def submit_sheet(
    request: HttpRequest, round_id: RoundId, project_id: ProjectId, body: s.SubmitIn
) -> Any:
    rnd, project = _round_project(request, round_id, project_id)
    require(request.user, access.FILL, rnd.plan)
    sheet = monitoring.sheet_for(rnd, project)
    monitoring.submit_sheet(sheet, body.lock_version, request.user)
    return sheet_out(rnd, project)


# --- ledger --------------------------------------------------------------------------------


def ledger_out(upload: LedgerUpload) -> dict[str, Any]:
    summary = upload.summary or {}
    return {
        "id": upload.pk,
        "round_id": upload.round_id,
        "status": upload.status,
        "file": upload.original_name,
        "amount_unit": upload.amount_unit,
        "rows_read": upload.rows_read,
        "rows_counted": upload.rows_counted,
        "total_yuan": s.dec(upload.total_yuan) or "0",
        "issue_counts": summary.get("issue_counts", {}),
        "issues": [
            {
                "row": i["row"],
                "kind": i["kind"],
                "label": i["label"],
                "severity": i["severity"],
                "counted": i["counted"],
                "message": i["message"],
                "where": i["where"],
            }
            for i in summary.get("issues", [])
        ],
    }


@router.post(
    "/monitoring-rounds/{round_id}/ledger",
    response=s.responses(s.LedgerOut, 201),
    summary="上传支付台账 (先预览, 再确认)",
)
def upload_ledger(
    request: HttpRequest,
    round_id: RoundId,
    file: File[UploadedFile],
    amount_unit: Form[str] = "",
) -> Any:
    rnd = get_round(request, round_id)
    require(request.user, access.FILL, rnd.plan)
    if amount_unit and amount_unit not in ("元", "万元", "亿元"):
        raise ApiFieldError([(["body", "amount_unit"], "金额单位应为 元、万元 或 亿元")])
    limit = settings.JIXIAO_UPLOAD_MAX_MB * 1024 * 1024
    if (file.size or 0) > limit:
        raise ApiFieldError(
            [(["body", "file"], f"文件超过上限 {settings.JIXIAO_UPLOAD_MAX_MB} MB")]
        )
    upload = monitoring.preview_ledger(rnd, file, request.user, amount_unit=amount_unit or None)
    return Status(201, ledger_out(upload))


@router.get("/ledgers/{ledger_id}", response=s.responses(s.LedgerOut), summary="支付台账预览")
def get_ledger(request: HttpRequest, ledger_id: LedgerId) -> Any:
    upload = get_object_or_404(
        LedgerUpload.objects.select_related("round__plan__organisation"), pk=ledger_id
    )
    require(request.user, Perm.VIEW_PLAN, upload.round.plan)
    return ledger_out(upload)


@router.post(
    "/ledgers/{ledger_id}/decision",
    response=s.responses(s.LedgerOut),
    summary="确认采用或取消支付台账",
)
def decide_ledger(request: HttpRequest, ledger_id: LedgerId, body: s.LedgerDecisionIn) -> Any:
    upload = get_object_or_404(
        LedgerUpload.objects.select_related("round__plan__organisation"), pk=ledger_id
    )
    require(request.user, access.FILL, upload.round.plan)
    if upload.status != LedgerStatus.PENDING:
        raise monitoring.CycleError("此台账已确认或已取消, 请重新上传。")
    if body.action == "confirm":
        monitoring.confirm_ledger(upload, request.user)
    else:
        monitoring.cancel_ledger(upload, request.user)
    upload.refresh_from_db()
    return ledger_out(upload)


# --- rectification -------------------------------------------------------------------------


def rectification_out(r: Rectification) -> dict[str, Any]:
    return {
        "id": r.pk,
        "round_id": r.round_id,
        "project_id": r.project_id,
        "light": r.light,
        "request": r.request,
        "due_date": r.due_date,
        "status": r.status,
        "response": r.response,
    }


@router.get(
    "/monitoring-rounds/{round_id}/rectifications",
    response=s.responses(s.RectificationPage),
    summary="整改要求",
)
def list_rectifications(
    request: HttpRequest, round_id: RoundId, page: PageNo = 1, page_size: PageSize = 50
) -> Any:
    rnd = get_round(request, round_id)
    meta, rows = paginate(rnd.rectifications.order_by("-requested_at", "-id"), page, page_size)
    return {**meta, "items": [rectification_out(r) for r in rows]}


@router.post(
    "/monitoring-rounds/{round_id}/rectifications",
    response=s.responses(list[s.RectificationOut], 201),
    summary="要求整改",
)
def create_rectifications(request: HttpRequest, round_id: RoundId, body: s.RectificationIn) -> Any:
    rnd = get_round(request, round_id)
    access.require_organise(request.user, rnd.plan)
    projects = list(Project.objects.filter(plan=rnd.plan, pk__in=body.project_ids))
    found = {p.pk for p in projects}
    missing = [n for n, pid in enumerate(body.project_ids) if pid not in found]
    if missing:
        raise ApiFieldError([(["body", "project_ids", n], "项目不属于此绩效目标") for n in missing])
    lights = {p["id"]: p["light"] for p in summaries.round_summary(rnd)["projects"]}
    try:
        made = monitoring.request_rectification(
            rnd,
            projects,
            request=body.request,
            due_date=body.due_date,
            lights=lights,
            user=request.user,
        )
    except monitoring.FieldError as exc:
        raise body_errors(exc) from exc
    return Status(201, [rectification_out(r) for r in made])


# --- self-evaluation -----------------------------------------------------------------------


def _explanation(e: dict[str, Any]) -> dict[str, Any]:
    return {k: e[k] for k in ("kind", "kind_text", "subject", "row", "reason")}


def _issue(i: dict[str, Any]) -> dict[str, Any]:
    return {k: i[k] for k in ("code", "severity", "message", "row", "text")}


def score_out(result: dict[str, Any]) -> dict[str, Any]:
    ex = result["execution"]
    return {
        "total": s.dec(result["total"]) or "0",
        "grade": result["grade"],
        "grade_rule": result["grade_rule"],
        "execution_rate": s.dec(ex["rate_percent"]),
        "execution_score": s.dec(ex["score"]) or "0",
        "execution_points": s.dec(ex["points"]) or "0",
        "indicators": [
            {
                "indicator_id": r["indicator_id"],
                "index": r["index"],
                "level3": r["level3"],
                "target": r["target"],
                "actual": r["actual"],
                "weight": s.dec(r["weight"]) or "0",
                "score": s.dec(r["score"]) or "0",
                "rule": r["rule"],
                "rule_text": r["rule_text"],
                "achieved": r["achieved"],
            }
            for r in result["indicators"]
        ],
        "explanations_missing": [_explanation(e) for e in result["explanations_missing"]],
        "blocking": [_issue(i) for i in result["blocking"]],
        "issues": [_issue(i) for i in result["issues"]],
        "can_submit": result["can_submit"],
    }


def evaluation_out(project: Project) -> dict[str, Any]:
    ev = SelfEvaluation.objects.filter(project=project).first()
    data = evaluation.stored_input(ev) if ev is not None else evaluation.ActualsInput()
    result = evaluation.result_dict(project, evaluation.score(project, data))
    return {
        "id": ev.pk if ev else None,
        "project_id": project.pk,
        "status": ev.status if ev else "",
        "status_label": str(EvalStatus(ev.status).label) if ev else "未开始",
        "lock_version": ev.lock_version if ev else 0,
        "outcome": ev.outcome if ev else "",
        "execution_reason": ev.execution_reason if ev else "",
        "funds": [
            {
                "source": f.source,
                "initial": s.dec(f.initial),
                "adjusted": s.dec(f.adjusted),
                "spent": s.dec(f.spent),
                "unit": f.unit,
            }
            for f in (ev.funds.order_by("position", "id") if ev else [])
        ],
        "rows": [
            {
                "indicator_id": r.indicator_id,
                "actual": r.actual,
                "score": s.dec(r.score),
                "explanation": r.explanation,
            }
            for r in (ev.indicators.order_by("indicator__position", "indicator_id") if ev else [])
        ],
        "computed_total": s.dec(ev.computed_total) if ev else None,
        "computed_grade": ev.computed_grade if ev else "",
        "final_total": s.dec(ev.final_total) if ev else None,
        "final_grade": ev.final_grade if ev else "",
        "result": score_out(result),
        "reviews": [
            {
                "stage": rv.stage,
                "decision": rv.decision,
                "total": s.dec(rv.total),
                "grade": rv.grade,
                "reason": rv.reason,
                "reviewer": rv.reviewer.get_username() if rv.reviewer else None,
                "at": rv.at,
            }
            for rv in (ev.reviews.select_related("reviewer") if ev else [])
        ],
    }


@router.get(
    "/plans/{plan_id}/evaluations", response=s.responses(s.EvaluationPage), summary="项目自评列表"
)
def list_evaluations(
    request: HttpRequest, plan_id: PlanId, page: PageNo = 1, page_size: PageSize = 50
) -> Any:
    plan = get_plan(request, plan_id)
    meta, rows = paginate(plan.projects.order_by("position", "id"), page, page_size)
    evs = {e.project_id: e for e in SelfEvaluation.objects.filter(project__in=[p.pk for p in rows])}
    return {
        **meta,
        "items": [
            {
                "project_id": p.pk,
                "code": p.code,
                "name": p.name,
                "status": evs[p.pk].status if p.pk in evs else "",
                "computed_total": s.dec(evs[p.pk].computed_total) if p.pk in evs else None,
                "computed_grade": evs[p.pk].computed_grade if p.pk in evs else "",
                "final_total": s.dec(evs[p.pk].final_total) if p.pk in evs else None,
                "final_grade": evs[p.pk].final_grade if p.pk in evs else "",
            }
            for p in rows
        ],
    }


@router.get(
    "/projects/{project_id}/evaluation", response=s.responses(s.EvaluationOut), summary="项目自评"
)
def get_evaluation(request: HttpRequest, project_id: ProjectId) -> Any:
    return evaluation_out(get_project(request, project_id))


def _actuals(
    project: Project, body: s.ActualsIn
) -> tuple[evaluation.ActualsInput, dict[Any, list[str | int]]]:
    rows: dict[int, evaluation.RowInput] = {}
    where: dict[Any, list[str | int]] = {}
    for n, r in enumerate(body.rows):
        if r.indicator_id in rows:
            raise ApiFieldError([(["body", "rows", n, "indicator_id"], "指标重复")])
        rows[r.indicator_id] = evaluation.RowInput(r.actual, r.score, r.explanation)
        where[("rows", r.indicator_id)] = ["rows", n]
    data = evaluation.ActualsInput(
        outcome=body.outcome,
        execution_reason=body.execution_reason,
        funds=[evaluation.FundInput(f.source, f.initial, f.adjusted, f.spent) for f in body.funds],
        rows=rows,
    )
    errors = evaluation.validate(project, data)
    if errors:
        raise body_errors(monitoring.FieldError(errors), where)
    return data, where


@router.put(
    "/projects/{project_id}/evaluation",
    response=s.responses(s.EvaluationOut),
    summary="保存项目自评",
)
def put_evaluation(request: HttpRequest, project_id: ProjectId, body: s.ActualsIn) -> Any:
    project = get_project(request, project_id, access.FILL)
    data, where = _actuals(project, body)
    ev = SelfEvaluation.objects.filter(project=project).first()
    expected = body.lock_version
    if ev is None:
        if expected not in (0, 1):
            from jixiao.web.plans.locking import ConcurrentEditError

            raise ConcurrentEditError(None)
        ev = evaluation.start(project, request.user)
        expected = ev.lock_version
    try:
        evaluation.save(ev, data, expected, request.user)
    except monitoring.FieldError as exc:
        raise body_errors(exc, where) from exc
    return evaluation_out(project)


@router.post(
    "/projects/{project_id}/evaluation/score",
    response=s.responses(s.ScoreOut),
    summary="按输入实时计算自评得分 (不保存)",
)
def score_evaluation(request: HttpRequest, project_id: ProjectId, body: s.ActualsIn) -> Any:
    project = get_project(request, project_id, access.FILL)
    data, _ = _actuals(project, body)
    return score_out(evaluation.result_dict(project, evaluation.score(project, data)))


@router.post(
    "/projects/{project_id}/evaluation/submit",
    response=s.responses(s.EvaluationOut),
    summary="提交项目自评",
)
def submit_evaluation(request: HttpRequest, project_id: ProjectId, body: s.SubmitIn) -> Any:
    project = get_project(request, project_id, access.FILL)
    ev = get_object_or_404(SelfEvaluation, project=project)
    evaluation.submit(ev, body.lock_version, request.user)
    return evaluation_out(project)


@router.post(
    "/projects/{project_id}/evaluation/review",
    response=s.responses(s.EvaluationOut),
    summary="审核项目自评 (确认、调整得分或退回)",
)
def review_evaluation(request: HttpRequest, project_id: ProjectId, body: s.ReviewIn) -> Any:
    project = get_project(request, project_id, access.STAGE_PERM[body.stage])
    ev = get_object_or_404(SelfEvaluation, project=project)
    try:
        evaluation.review(
            ev,
            body.stage,
            body.decision,
            adjusted=body.score,
            reason=body.reason,
            expected=body.lock_version,
            user=request.user,
        )
    except monitoring.FieldError as exc:
        raise body_errors(exc) from exc
    return evaluation_out(project)
