# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""API: plans, projects, indicators and findings (目标、项目、指标、审核意见).

Reads need ``VIEW_PLAN``; content writes need ``EDIT_PLAN`` and an editable plan (草稿/已退回),
exactly like the pages — the writes go through the plans app's forms and ``editing`` module
(or, for single indicators, the same steps: plan row lock, state check, project version claim,
core re-parse, audit record).
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.params.functions import Path, Query

from jixiao.web.accounts.permissions import Perm, plans_for, require, role_of
from jixiao.web.api import schemas as s
from jixiao.web.api.errors import ApiFieldError
from jixiao.web.audit.log import changed, record, snapshot
from jixiao.web.audit.models import Action
from jixiao.web.cycle import summaries
from jixiao.web.plans import convert, core, editing, forms, locking
from jixiao.web.plans.models import Indicator, Plan, Project

router = Router(tags=["绩效目标"])

PlanId = Annotated[int, Path(ge=1, le=s.MAX_ID)]
ProjectId = Annotated[int, Path(ge=1, le=s.MAX_ID)]
IndicatorId = Annotated[int, Path(ge=1, le=s.MAX_ID)]
PageNo = Annotated[int, Query(ge=1, le=1_000_000, description="页码, 从 1 开始")]
PageSize = Annotated[int, Query(ge=1, le=200, description="每页条数 (最多 200)")]


def paginate(items: Any, page: int, page_size: int) -> tuple[dict[str, Any], Any]:
    """The page's slice of a queryset or list, and the page metadata."""
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    start = (page - 1) * page_size
    return {"count": count, "page": page, "page_size": page_size}, items[start : start + page_size]


def form_errors(form: Any, root: str = "body") -> ApiFieldError:
    errors: list[tuple[list[str | int], str]] = []
    for field, messages in form.errors.items():
        for m in messages:
            errors.append(([root] if field == "__all__" else [root, field], str(m)))
    return ApiFieldError(errors)


# --- who am I ------------------------------------------------------------------------------


@router.get("/me", response=s.responses(s.MeOut), summary="当前令牌的用户", tags=["账户"])
def me(request: HttpRequest) -> Any:
    user = request.user
    org = getattr(user, "organisation", None)
    from jixiao.web.accounts.models import Role

    role = role_of(user)
    return {
        "username": user.get_username(),
        "full_name": getattr(user, "full_name", ""),
        "role": role,
        "role_label": str(Role(role).label) if role in Role.values else "",
        "organisation": org.name if org is not None else None,
        "organisation_id": org.pk if org is not None else None,
    }


# --- plans ---------------------------------------------------------------------------------


def plan_out(plan: Plan, project_count: int | None = None) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "organisation_id": plan.organisation_id,
        "organisation": plan.organisation.name,
        "year": plan.year,
        "status": plan.status,
        "status_label": plan.status_label,
        "adjusting": plan.adjusting,
        "profile": plan.profile,
        "overall_goal": plan.overall_goal,
        "lock_version": plan.lock_version,
        "updated_at": plan.updated_at,
        "project_count": (project_count if project_count is not None else plan.projects.count()),
    }


def get_plan(request: HttpRequest, plan_id: int, perm: Perm = Perm.VIEW_PLAN) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("organisation__parent"), pk=plan_id)
    require(request.user, perm, plan)
    return plan


@router.get("/plans", response=s.responses(s.PlanPage), summary="绩效目标列表")
def list_plans(
    request: HttpRequest,
    page: PageNo = 1,
    page_size: PageSize = 50,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    status: Annotated[str | None, Query(pattern="^[a-z_]{1,20}$")] = None,
    organisation_id: Annotated[int | None, Query(ge=1, le=s.MAX_ID)] = None,
) -> Any:
    qs = (
        plans_for(request.user)
        .select_related("organisation")
        .annotate(n_projects=Count("projects"))
        .order_by("-year", "organisation__name", "id")
    )
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if organisation_id is not None:
        qs = qs.filter(
            Q(organisation_id=organisation_id) | Q(organisation__parent_id=organisation_id)
        )
    meta, rows = paginate(qs, page, page_size)
    return {**meta, "items": [plan_out(p, p.n_projects) for p in rows]}


@router.get("/plans/{plan_id}", response=s.responses(s.PlanOut), summary="绩效目标")
def get_plan_view(request: HttpRequest, plan_id: PlanId) -> Any:
    return plan_out(get_plan(request, plan_id))


@router.patch("/plans/{plan_id}", response=s.responses(s.PlanOut), summary="修改总体绩效目标")
def patch_plan(request: HttpRequest, plan_id: PlanId, body: s.PlanPatch) -> Any:
    plan = get_plan(request, plan_id, Perm.EDIT_PLAN)
    form = forms.PlanHeaderForm(
        {"overall_goal": body.overall_goal, "lock_version": body.lock_version}
    )
    if not form.is_valid():
        raise form_errors(form)
    editing.save_plan_header(plan, form, request.user)
    plan.refresh_from_db()
    return plan_out(plan)


# --- projects ------------------------------------------------------------------------------


def project_out(p: Project, indicator_count: int | None = None) -> dict[str, Any]:
    return {
        "id": p.pk,
        "plan_id": p.plan_id,
        "position": p.position,
        "code": p.code,
        "name": p.name,
        "budget_amount": s.dec(p.budget_amount),
        "budget_unit": p.budget_unit,
        "purpose": p.purpose,
        "goal": p.goal,
        "long_term_goal": p.long_term_goal,
        "lock_version": p.lock_version,
        "indicator_count": (
            indicator_count if indicator_count is not None else p.indicators.count()
        ),
        "fund_lines": [
            {"source": f.source, "amount": s.dec(f.amount), "unit": f.unit}
            for f in p.fund_lines.all()
        ],
        "checkpoints": [
            {"label": c.label, "month": c.month, "percent": s.dec(c.percent)}
            for c in p.checkpoints.all()
        ],
    }


def get_project(request: HttpRequest, project_id: int, perm: Perm = Perm.VIEW_PLAN) -> Project:
    project = get_object_or_404(
        Project.objects.select_related("plan__organisation__parent"), pk=project_id
    )
    require(request.user, perm, project)
    return project


@router.get("/plans/{plan_id}/projects", response=s.responses(s.ProjectPage), summary="项目列表")
def list_projects(
    request: HttpRequest, plan_id: PlanId, page: PageNo = 1, page_size: PageSize = 50
) -> Any:
    plan = get_plan(request, plan_id)
    qs = (
        plan.projects.order_by("position", "id")
        .annotate(n_indicators=Count("indicators"))
        .prefetch_related("fund_lines", "checkpoints")
    )
    meta, rows = paginate(qs, page, page_size)
    return {**meta, "items": [project_out(p, p.n_indicators) for p in rows]}


def _project_form_data(project: Project, values: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": project.code,
        "name": project.name,
        "budget_amount": s.dec(project.budget_amount) or "",
        "budget_unit": project.budget_unit,
        "purpose": project.purpose,
        "goal": project.goal,
        "long_term_goal": project.long_term_goal,
    }
    for key, value in values.items():
        data[key] = "" if value is None else (f"{value:f}" if key == "budget_amount" else value)
    for prefix in ("funds", "checkpoints", "indicators"):  # funds etc. are left as they are
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def _save_project(
    request: HttpRequest, plan: Plan, project: Project, data: dict[str, Any]
) -> Project:
    form = forms.ProjectForm(data, instance=project, plan=plan)
    funds = forms.FundLineFormSet(data, instance=project, prefix="funds")
    checkpoints = forms.CheckpointFormSet(data, instance=project, prefix="checkpoints")
    indicators = forms.IndicatorFormSet(data, instance=project, prefix="indicators")
    if not all([form.is_valid(), funds.is_valid(), checkpoints.is_valid(), indicators.is_valid()]):
        raise form_errors(form)
    return editing.save_project(plan, form, funds, checkpoints, indicators, request.user)


@router.post(
    "/plans/{plan_id}/projects", response=s.responses(s.ProjectOut, 201), summary="新增项目"
)
def create_project(request: HttpRequest, plan_id: PlanId, body: s.ProjectIn) -> Any:
    plan = get_plan(request, plan_id, Perm.EDIT_PLAN)
    project = Project(plan=plan)
    saved = _save_project(request, plan, project, _project_form_data(project, body.dict()))
    return Status(201, project_out(Project.objects.get(pk=saved.pk)))


@router.get("/projects/{project_id}", response=s.responses(s.ProjectOut), summary="项目")
def get_project_view(request: HttpRequest, project_id: ProjectId) -> Any:
    return project_out(get_project(request, project_id))


@router.patch("/projects/{project_id}", response=s.responses(s.ProjectOut), summary="修改项目")
def patch_project(request: HttpRequest, project_id: ProjectId, body: s.ProjectPatch) -> Any:
    project = get_project(request, project_id, Perm.EDIT_PLAN)
    values = body.dict(exclude_unset=True)
    values.pop("lock_version", None)
    data = _project_form_data(project, values)
    data["lock_version"] = str(body.lock_version)
    _save_project(request, project.plan, project, data)
    return project_out(Project.objects.get(pk=project.pk))


@router.delete("/projects/{project_id}", response={204: None, **s.ERRORS}, summary="删除项目")
def delete_project(request: HttpRequest, project_id: ProjectId) -> Any:
    project = get_project(request, project_id, Perm.EDIT_PLAN)
    editing.delete_project(project, request.user)
    return Status(204, None)


# --- indicators ----------------------------------------------------------------------------


def indicator_out(i: Indicator, plan: Plan) -> dict[str, Any]:
    shown = core.describe_target(convert.target_of(i, plan))
    return {
        "id": i.pk,
        "project_id": i.project_id,
        "position": i.position,
        "level1": i.level1,
        "level2": i.level2,
        "level3": i.level3,
        "description": i.description,
        "target_raw": i.target_raw,
        "parsed": {
            "kind": shown["kind"],
            "kind_label": shown["kind_label"],
            "display": shown["display"],
            "comparator": shown["comparator"],
            "unit": shown["unit"],
            "normalized_value": shown["normalized_value"],
            "normalized_unit": shown["normalized_unit"],
            "deadline": shown["deadline"],
            "notes": shown["notes"],
        },
        "basis": i.basis,
        "weight": s.dec(i.weight),
    }


@router.get(
    "/projects/{project_id}/indicators",
    response=s.responses(s.IndicatorPage),
    summary="项目的绩效指标",
)
def list_indicators(
    request: HttpRequest, project_id: ProjectId, page: PageNo = 1, page_size: PageSize = 50
) -> Any:
    project = get_project(request, project_id)
    meta, rows = paginate(project.indicators.order_by("position", "id"), page, page_size)
    return {**meta, "items": [indicator_out(i, project.plan) for i in rows]}


def _save_indicator(
    request: HttpRequest, project: Project, ind: Indicator, values: dict[str, Any], expected: int
) -> Indicator:
    """Create or update one indicator row: the page's steps for one row (see the module doc)."""
    fields = ("level1", "level2", "level3", "description", "target_raw", "basis", "weight")
    data = {f: getattr(ind, f) for f in fields}
    data.update({k: v for k, v in values.items() if k in fields})
    data = {k: ("" if v is None else v) for k, v in data.items()}
    form = forms.IndicatorForm(data, instance=ind)
    if not form.is_valid():
        raise form_errors(form)
    with transaction.atomic():
        plan = editing.lock_plan(project.plan)
        before = snapshot(Indicator.objects.get(pk=ind.pk)) if ind.pk else None
        locking.claim(Project, project.pk, expected, request.user)
        row = form.save(commit=False)
        row.project = project
        if row.pk is None:
            last = (
                project.indicators.order_by("-position").values_list("position", flat=True).first()
            )
            row.position = 0 if last is None else last + 1
        convert.reparse_target(row, plan)
        row.save()
        after = snapshot(row)
        if before is None:
            record(Action.CREATE, obj=row, after=after, plan_id=plan.pk)
        elif changed(before, after):
            record(Action.UPDATE, obj=row, before=before, after=after, plan_id=plan.pk)
    return row


@router.post(
    "/projects/{project_id}/indicators",
    response=s.responses(s.IndicatorOut, 201),
    summary="新增绩效指标",
)
def create_indicator(request: HttpRequest, project_id: ProjectId, body: s.IndicatorIn) -> Any:
    project = get_project(request, project_id, Perm.EDIT_PLAN)
    values = body.dict()
    expected = values.pop("project_lock_version")
    row = _save_indicator(request, project, Indicator(project=project), values, expected)
    return Status(201, indicator_out(row, project.plan))


def get_indicator(
    request: HttpRequest, indicator_id: int, perm: Perm = Perm.VIEW_PLAN
) -> Indicator:
    ind = get_object_or_404(
        Indicator.objects.select_related("project__plan__organisation__parent"),
        pk=indicator_id,
        project__isnull=False,
    )
    require(request.user, perm, ind.project)
    return ind


@router.get("/indicators/{indicator_id}", response=s.responses(s.IndicatorOut), summary="绩效指标")
def get_indicator_view(request: HttpRequest, indicator_id: IndicatorId) -> Any:
    ind = get_indicator(request, indicator_id)
    assert ind.project is not None
    return indicator_out(ind, ind.project.plan)


@router.patch(
    "/indicators/{indicator_id}", response=s.responses(s.IndicatorOut), summary="修改绩效指标"
)
def patch_indicator(request: HttpRequest, indicator_id: IndicatorId, body: s.IndicatorPatch) -> Any:
    ind = get_indicator(request, indicator_id, Perm.EDIT_PLAN)
    assert ind.project is not None
    values = body.dict(exclude_unset=True)
    expected = values.pop("project_lock_version")
    row = _save_indicator(request, ind.project, ind, values, expected)
    return indicator_out(row, ind.project.plan)


@router.delete(
    "/indicators/{indicator_id}", response={204: None, **s.ERRORS}, summary="删除绩效指标"
)
def delete_indicator(
    request: HttpRequest,
    indicator_id: IndicatorId,
    project_lock_version: Annotated[int, Query(ge=1, le=2**31 - 1)],
) -> Any:
    ind = get_indicator(request, indicator_id, Perm.EDIT_PLAN)
    project = ind.project
    assert project is not None
    with transaction.atomic():
        editing.lock_plan(project.plan)
        locking.claim(Project, project.pk, project_lock_version, request.user)
        record(Action.DELETE, obj=ind, before=snapshot(ind), plan_id=project.plan_id)
        ind.delete()
    return Status(204, None)


# --- findings ------------------------------------------------------------------------------


@router.get(
    "/plans/{plan_id}/findings", response=s.responses(s.FindingPage), summary="自动审核意见"
)
def list_findings(
    request: HttpRequest,
    plan_id: PlanId,
    page: PageNo = 1,
    page_size: PageSize = 50,
    project_id: Annotated[int | None, Query(ge=1, le=s.MAX_ID)] = None,
    severity: Annotated[str | None, Query(pattern="^(error|warning|info)$")] = None,
) -> Any:
    plan = get_plan(request, plan_id)
    summary = summaries.review_summary(plan)
    found = summaries.review_findings(plan)
    rows: list[dict[str, Any]] = []
    if project_id is None:
        rows += [{**f, "project_id": None} for f in found["plan"]]
    for pid, group in found["projects"].items():
        if project_id is not None and int(pid) != project_id:
            continue
        rows += [{**f, "project_id": int(pid)} for f in group["rows"]]
    if severity:
        rows = [f for f in rows if f["severity"] == severity]
    meta, page_rows = paginate(rows, page, page_size)
    return {
        **meta,
        "grade": summary["grade"],
        "grade_reason": summary["grade_reason"],
        "items": [
            {
                "check": f["check"],
                "title": f["title"],
                "severity": f["severity"],
                "severity_label": f["severity_label"],
                "criterion": f["criterion"],
                "message": f["message"],
                "suggestion": f["suggestion"],
                "quoted": f["quoted"],
                "where": f["where"],
                "project_id": f["project_id"],
                "project_code": f["project_code"],
                "row": f["row"],
            }
            for f in page_rows
        ],
    }
