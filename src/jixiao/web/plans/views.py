# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Plan pages: thin views over the permission module, the workflow, editing and the core.

Every view starts by fetching its object and calling :func:`permissions.require` with the
permission it needs; the workflow state is checked by :mod:`workflow` (a refused step gives
a message, not a 403).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.domain import jsonio
from jixiao.domain.errors import JixiaoError
from jixiao.domain.model import Project as DProject
from jixiao.web.accounts.models import Organisation
from jixiao.web.accounts.permissions import Perm, can, orgs_for, plans_for, require
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action
from jixiao.web.plans import (
    convert,
    core,
    diffing,
    editing,
    forms,
    importing,
    presenting,
    workflow,
)
from jixiao.web.plans.locking import ConcurrentEditError
from jixiao.web.plans.models import (
    Event,
    Evidence,
    Measure,
    Plan,
    PlanStatus,
    PlanVersion,
    Project,
    Stage,
    SubGoal,
)

# --- helpers -------------------------------------------------------------------------------


def _plan(request: HttpRequest, pk: int, perm: Perm) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("organisation__parent"), pk=pk)
    require(request.user, perm, plan)
    return plan


def _project(request: HttpRequest, pk: int, perm: Perm) -> Project:
    project = get_object_or_404(Project.objects.select_related("plan__organisation__parent"), pk=pk)
    require(request.user, perm, project)
    return project


def _editable_or_redirect(request: HttpRequest, plan: Plan) -> HttpResponse | None:
    if workflow.is_editable(plan):
        return None
    messages.error(request, workflow.why_not_editable(plan))
    return redirect("plan_detail", pk=plan.pk)


def _with_version(request: HttpRequest, current: Any) -> Any:
    """The user's posted data, now based on the current version (after a refused save).

    The page shows the user's own input again; saving it once more (after checking the other
    person's change) overwrites knowingly.
    """
    data = request.POST.copy()
    if current is not None:
        data["lock_version"] = str(current.lock_version)
    return data


def _categories(plan: Plan) -> dict[str, list[str]]:
    cats = core.profile(plan.profile).categories
    level1 = [c.name for c in cats.level1]
    level2 = [l2.name for c in cats.level1 for l2 in c.level2]
    return {"level1": level1, "level2": list(dict.fromkeys(level2))}


def _review(plan: Plan, projects: list[Project] | None = None) -> tuple[Any, list[int]]:
    projects = convert.ordered_projects(plan) if projects is None else projects
    report = core.review(convert.plan_to_domain(plan, projects=projects), plan.profile)
    return report, [p.pk for p in projects]


# --- home and lists ------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible = plans_for(user).select_related("organisation")
    tasks = []
    if orgs_for(user, Perm.DEPT_REVIEW).exists():
        tasks += list(
            plans_for(user, Perm.DEPT_REVIEW)
            .filter(status=PlanStatus.SUBMITTED)
            .select_related("organisation")
        )
    if orgs_for(user, Perm.FINANCE_REVIEW).exists():
        tasks += list(
            plans_for(user, Perm.FINANCE_REVIEW)
            .filter(status=PlanStatus.DEPT_APPROVED)
            .select_related("organisation")
        )
    returned = list(
        plans_for(user, Perm.EDIT_PLAN)
        .filter(status__in=[PlanStatus.RETURNED, PlanStatus.DRAFT])
        .select_related("organisation")
    )
    return render(
        request,
        "plans/home.html",
        {"tasks": tasks, "drafts": returned, "recent": visible.order_by("-updated_at")[:10]},
    )


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = (
        plans_for(request.user)
        .select_related("organisation__parent")
        .annotate(project_count=Count("projects"))
        .order_by("-year", "organisation__parent__name", "organisation__name")
    )
    year = request.GET.get("year", "").strip()
    status = request.GET.get("status", "").strip()
    org = request.GET.get("org", "").strip()
    if year.isdigit():
        plans = plans.filter(year=int(year))
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    if org.isdigit():
        plans = plans.filter(Q(organisation_id=int(org)) | Q(organisation__parent_id=int(org)))
    return render(
        request,
        "plans/list.html",
        {
            "plans": plans,
            "statuses": PlanStatus.choices,
            "orgs": orgs_for(request.user, Perm.VIEW_PLAN).select_related("parent"),
            "filters": {"year": year, "status": status, "org": org},
            "can_create": orgs_for(request.user, Perm.CREATE_PLAN).exists(),
        },
    )


# --- create and import ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    orgs = orgs_for(request.user, Perm.CREATE_PLAN)
    if not orgs.exists():
        require(request.user, Perm.CREATE_PLAN, None)
    form = forms.PlanCreateForm(request.POST or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        org = form.cleaned_data["organisation"]
        require(request.user, Perm.CREATE_PLAN, org)
        with transaction.atomic():
            plan = Plan.objects.create(
                organisation=org,
                year=form.cleaned_data["year"],
                overall_goal=form.cleaned_data["overall_goal"],
                profile=_default_profile(),
                created_by=request.user,
                updated_by=request.user,
            )
            from jixiao.web.audit.log import snapshot

            record(Action.CREATE, obj=plan, after=snapshot(plan))
            workflow.create_version(plan, Event.CREATE, request.user)
        messages.success(request, "已新建绩效目标。")
        return redirect("plan_detail", pk=plan.pk)
    return render(request, "plans/create.html", {"form": form})


def _default_profile() -> str:
    from django.conf import settings

    return str(settings.JIXIAO_PROFILE)


@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    orgs = orgs_for(request.user, Perm.CREATE_PLAN)
    if not orgs.exists():
        require(request.user, Perm.CREATE_PLAN, None)
    form = forms.ImportForm(request.POST or None, request.FILES or None, organisations=orgs)
    if request.method == "POST" and form.is_valid():
        org = form.cleaned_data["organisation"]
        require(request.user, Perm.CREATE_PLAN, org)
        year = form.cleaned_data["year"]
        existing = Plan.objects.filter(organisation=org, year=year).first()
        if existing is not None and not workflow.is_editable(existing):
            form.add_error(None, workflow.why_not_editable(existing))
        else:
            profile = existing.profile if existing else _default_profile()
            try:
                dp = importing.parse_upload(form.cleaned_data["file"], profile)
            except JixiaoError as exc:
                name = form.cleaned_data["file"].name
                form.add_error("file", f"无法读取文件 {name}: {exc}")
            else:
                if dp.year is None:
                    dp.year = year
                importing.stash(
                    request.session, organisation_id=org.pk, year=year, plan=dp, profile=profile
                )
                return redirect("plan_import_preview")
    return render(request, "plans/import.html", {"form": form})


@require_http_methods(["GET", "POST"])
def plan_import_preview(request: HttpRequest) -> HttpResponse:
    data = importing.pending(request.session)
    if data is None:
        messages.info(request, "没有待确认的导入。")
        return redirect("plan_import")
    org = get_object_or_404(Organisation, pk=data["organisation"])
    require(request.user, Perm.CREATE_PLAN, org)
    dp = importing.pending_plan(data)
    if request.method == "POST":
        if request.POST.get("token") != data["token"]:
            messages.error(request, "导入预览已过期 (可能在其他窗口中已确认或取消), 请重新导入。")
            return redirect("plan_import")
        if request.POST.get("action") == "cancel":
            importing.forget(request.session)
            messages.info(request, "已取消导入, 未保存任何内容。")
            return redirect("plan_list")
        try:
            plan = importing.save_import(org, data["year"], dp, request.user, data["profile"])
        except workflow.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("plan_import")
        importing.forget(request.session)
        messages.success(request, f"已导入 {dp.source_file}: {len(dp.projects)} 个项目。")
        return redirect("plan_detail", pk=plan.pk)
    report = core.review(dp, data["profile"])
    existing = Plan.objects.filter(organisation=org, year=data["year"]).first()
    return render(
        request,
        "plans/import_preview.html",
        {
            "dp": dp,
            "org": org,
            "year": data["year"],
            "token": data["token"],
            "summary": importing.summary(dp),
            "existing": existing,
            "findings": presenting.overview(report),
            "projects": [
                {
                    "p": p,
                    "indicators": [
                        {"i": i, "shown": core.describe_target(i.target)} for i in p.indicators
                    ],
                }
                for p in dp.projects
            ],
        },
    )


# --- plan pages ----------------------------------------------------------------------------


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, Perm.VIEW_PLAN)
    user = request.user
    # Plain rows (no model instances, one URL prefix): the page stays quick with 1,000 projects.
    projects = (
        plan.projects.order_by("position", "id")
        .values("pk", "code", "name", "budget_amount", "budget_unit")
        .annotate(indicator_count=Count("indicators"))
    )
    sub_goals = plan.sub_goals.prefetch_related("projects", "targets").order_by("position", "id")
    measures = plan.measures.prefetch_related("evidence").order_by("position", "id")
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "projects": projects,
            "project_url": reverse("project_detail", args=[0]).removesuffix("0/"),
            "sub_goals": sub_goals,
            "measures": measures,
            "leftovers": plan.leftovers.order_by("position", "id"),
            "transitions": workflow.available(plan, user),
            "editable": workflow.is_editable(plan) and can(user, Perm.EDIT_PLAN, plan),
            "can_progress": can(user, Perm.UPDATE_PROGRESS, plan),
            "why_frozen": workflow.why_not_editable(plan),
            "reviews": plan.reviews.select_related("reviewer").order_by("-at")[:5],
            "adjustment": plan.adjustments.filter(status="open").first(),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, Perm.EDIT_PLAN)
    if (redirect_response := _editable_or_redirect(request, plan)) is not None:
        return redirect_response
    initial = {"overall_goal": plan.overall_goal, "lock_version": plan.lock_version}
    form = forms.PlanHeaderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            editing.save_plan_header(plan, form, request.user)
        except ConcurrentEditError as exc:
            messages.error(request, str(exc))
            plan.refresh_from_db()
            form = forms.PlanHeaderForm(_with_version(request, plan))
            form.is_valid()
            return render(
                request, "plans/edit.html", {"plan": plan, "form": form, "conflict": plan}
            )
        except workflow.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("plan_detail", pk=plan.pk)
        messages.success(request, "已保存。")
        return redirect("plan_detail", pk=plan.pk)
    return render(request, "plans/edit.html", {"plan": plan, "form": form})


@require_GET
def plan_findings(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, Perm.VIEW_PLAN)
    report, ids = _review(plan)
    if request.GET.get("format") == "json":
        data = report.to_dict()
        return HttpResponse(jsonio.dumps(data), content_type="application/json; charset=utf-8")
    return render(
        request,
        "plans/findings.html",
        {"plan": plan, "findings": presenting.overview(report, ids)},
    )


@require_GET
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, Perm.VIEW_PLAN)
    return render(
        request,
        "plans/history.html",
        {
            "plan": plan,
            "versions": plan.versions.select_related("actor").order_by("-number"),
            "reviews": plan.reviews.select_related("reviewer", "version").order_by("-at"),
            "adjustments": plan.adjustments.select_related(
                "requested_by", "base_version", "final_version"
            ).order_by("-requested_at"),
        },
    )


@require_GET
def plan_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    plan = _plan(request, pk, Perm.VIEW_PLAN)
    version = get_object_or_404(PlanVersion, plan=plan, number=number)
    if request.GET.get("format") == "json":
        response = HttpResponse(version.snapshot, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="plan-{plan.pk}-v{version.number}.json"'
        )
        return response
    against_number = request.GET.get("against", "")
    if against_number.isdigit():
        against = PlanVersion.objects.filter(plan=plan, number=int(against_number)).first()
    else:
        against = (
            PlanVersion.objects.filter(plan=plan, number__lt=number).order_by("-number").first()
        )
    changes = diffing.diff(against.snapshot_dict(), version.snapshot_dict()) if against else []
    return render(
        request,
        "plans/version.html",
        {
            "plan": plan,
            "version": version,
            "against": against,
            "changes": changes,
            "snapshot": version.snapshot_dict(),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, Perm.SUBMIT_PLAN)
    form = forms.SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.transition(plan, "submit", request.user, comment=form.cleaned_data["comment"])
        except workflow.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已提交部门审核。")
        return redirect("plan_detail", pk=plan.pk)
    if plan.status not in workflow.TRANSITIONS["submit"].sources:
        messages.error(request, f"当前状态为“{plan.status_label}”, 不能提交。")
        return redirect("plan_detail", pk=plan.pk)
    report, ids = _review(plan)
    return render(
        request,
        "plans/submit.html",
        {"plan": plan, "form": form, "findings": presenting.overview(report, ids)},
    )


@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    if stage not in Stage.values:
        raise Http404
    st = Stage(stage)
    plan = _plan(request, pk, workflow.STAGE_PERM[st])
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = workflow.STAGE_TRANSITIONS[st][form.cleaned_data["decision"]]
        try:
            workflow.transition(
                plan,
                name,
                request.user,
                grade=form.cleaned_data["grade"],
                comment=form.cleaned_data["comment"],
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已{workflow.TRANSITIONS[name].label}。")
            return redirect("plan_detail", pk=plan.pk)
    elif plan.status != workflow.STAGE_STATUS[st]:
        messages.error(request, f"当前状态为“{plan.status_label}”, 不在{st.label}环节。")
        return redirect("plan_detail", pk=plan.pk)
    report, ids = _review(plan)
    return render(
        request,
        "plans/review.html",
        {
            "plan": plan,
            "stage": st,
            "form": form,
            "findings": presenting.overview(report, ids),
            "reviews": plan.reviews.select_related("reviewer").order_by("-at"),
            "adjustment": plan.adjustments.filter(status="open").first(),
        },
    )


@require_http_methods(["GET", "POST"])
def plan_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, Perm.REQUEST_ADJUSTMENT)
    form = forms.AdjustForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.transition(plan, "adjust", request.user, reason=form.cleaned_data["reason"])
        except workflow.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已提出调整申请; 修改完成后请再次提交审核。")
            return redirect("plan_detail", pk=plan.pk)
    elif plan.status != PlanStatus.APPROVED:
        messages.error(request, "只有已批复的绩效目标才需要申请调整。")
        return redirect("plan_detail", pk=plan.pk)
    return render(request, "plans/adjust.html", {"plan": plan, "form": form})


# --- projects ------------------------------------------------------------------------------


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, Perm.VIEW_PLAN)
    plan = project.plan
    projects = convert.ordered_projects(plan)
    report, ids = _review(plan, projects)
    index = ids.index(project.pk) + 1
    indicators = list(project.indicators.order_by("position", "id"))
    return render(
        request,
        "plans/project_detail.html",
        {
            "plan": plan,
            "project": project,
            "fund_lines": project.fund_lines.order_by("position", "id"),
            "checkpoints": project.checkpoints.order_by("position", "id"),
            "indicators": [
                {"row": i, "shown": core.describe_target(convert.target_of(i, plan))}
                for i in indicators
            ],
            "findings": presenting.rows(report.project_findings(index), ids),
            "editable": workflow.is_editable(plan) and can(request.user, Perm.EDIT_PLAN, plan),
        },
    )


def _project_forms(request: HttpRequest, plan: Plan, project: Project) -> tuple[Any, Any, Any, Any]:
    data = request.POST if request.method == "POST" else None
    initial = {"lock_version": project.lock_version} if project.pk else None
    form = forms.ProjectForm(data, instance=project, plan=plan, initial=initial)
    funds = forms.FundLineFormSet(data, instance=project, prefix="funds")
    checkpoints = forms.CheckpointFormSet(data, instance=project, prefix="checkpoints")
    indicators = forms.IndicatorFormSet(data, instance=project, prefix="indicators")
    return form, funds, checkpoints, indicators


def _attach_previews(plan: Plan, formset: Any) -> None:
    """The core's reading of each row's 指标值, shown beside the field from the start
    (typing then updates it live through the parse-target API)."""
    for f in formset.forms:
        if f.is_bound:
            raw = f.data.get(f.add_prefix("target_raw"), "")
            level1 = f.data.get(f.add_prefix("level1"), "")
            level2 = f.data.get(f.add_prefix("level2"), "")
        else:
            raw, level1, level2 = f.instance.target_raw, f.instance.level1, f.instance.level2
        if not raw:
            f.preview = ""
            continue
        t = core.parse_target(raw[:300], level1[:100], level2[:100], plan.year, plan.profile)
        shown = core.describe_target(t)
        text = f"{shown['kind_label']}: {shown['display']}"
        if shown["comparator_source"] == "default" and shown["comparator"]:
            text += f" (按类别默认 {shown['comparator']})"
        f.preview = text


def _project_page(
    request: HttpRequest,
    plan: Plan,
    project: Project,
    bundle: tuple[Any, Any, Any, Any],
    **extra: Any,
) -> HttpResponse:
    form, funds, checkpoints, indicators = bundle
    _attach_previews(plan, indicators)
    live_url = reverse("plan_live_findings", args=[plan.pk])
    if project.pk:
        live_url += f"?project={project.pk}"
    return render(
        request,
        "plans/project_form.html",
        {
            "plan": plan,
            "project": project,
            "form": form,
            "funds": funds,
            "checkpoints": checkpoints,
            "indicators": indicators,
            "categories": _categories(plan),
            "live_url": live_url,
            **extra,
        },
    )


def _stale(request: HttpRequest, obj: Any) -> bool:
    """The form was opened at an older version of ``obj`` (someone saved in between)."""
    posted = request.POST.get("lock_version", "")
    return bool(obj.pk) and posted.isdigit() and int(posted) != obj.lock_version


def _project_conflict(request: HttpRequest, plan: Plan, project: Project) -> HttpResponse:
    current = Project.objects.select_related("updated_by").get(pk=project.pk)
    messages.error(request, str(ConcurrentEditError(current)))
    request.POST = _with_version(request, current)
    return _project_page(
        request, plan, current, _project_forms(request, plan, current), conflict=current
    )


def _save_project_page(request: HttpRequest, plan: Plan, project: Project) -> HttpResponse:
    if request.method == "POST" and _stale(request, project):
        return _project_conflict(request, plan, project)
    bundle = _project_forms(request, plan, project)
    form, funds, checkpoints, indicators = bundle
    if request.method == "POST":
        valid = all(
            [form.is_valid(), funds.is_valid(), checkpoints.is_valid(), indicators.is_valid()]
        )
        if valid:
            try:
                saved = editing.save_project(
                    plan, form, funds, checkpoints, indicators, request.user
                )
            except ConcurrentEditError:
                return _project_conflict(request, plan, project)
            except workflow.WorkflowError as exc:
                messages.error(request, str(exc))
                return redirect("plan_detail", pk=plan.pk)
            messages.success(request, f"已保存项目 {saved}。")
            return redirect("project_detail", pk=saved.pk)
    return _project_page(request, plan, project, bundle)


@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, Perm.EDIT_PLAN)
    if (redirect_response := _editable_or_redirect(request, plan)) is not None:
        return redirect_response
    return _save_project_page(request, plan, Project(plan=plan))


@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, Perm.EDIT_PLAN)
    if (redirect_response := _editable_or_redirect(request, project.plan)) is not None:
        return redirect_response
    return _save_project_page(request, project.plan, project)


@require_http_methods(["GET", "POST"])
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, Perm.EDIT_PLAN)
    plan = project.plan
    if (redirect_response := _editable_or_redirect(request, plan)) is not None:
        return redirect_response
    if request.method == "POST":
        try:
            editing.delete_project(project, request.user)
        except workflow.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已删除项目 {project}。")
        return redirect("plan_detail", pk=plan.pk)
    return render(
        request,
        "plans/confirm_delete.html",
        {"plan": plan, "what": f"项目 {project}", "cancel": reverse("project_detail", args=[pk])},
    )


def _domain_project_from_forms(
    plan: Plan, form: Any, funds: Any, checkpoints: Any, indicators: Any
) -> DProject:
    """The project as currently typed (unsaved), for live findings; invalid cells are empty."""
    from decimal import Decimal

    from jixiao.domain.model import BasisCode
    from jixiao.domain.model import Checkpoint as DCheckpoint
    from jixiao.domain.model import FundLine as DFundLine
    from jixiao.domain.model import Funds as DFunds
    from jixiao.domain.model import Indicator as DIndicator
    from jixiao.domain.money import Money, MoneyUnit

    form.is_valid()
    for fs in (funds, checkpoints, indicators):
        fs.is_valid()

    def rows(fs: Any) -> list[dict[str, Any]]:
        out = []
        for f in fs.forms:
            cd = getattr(f, "cleaned_data", {}) or {}
            if not f.has_changed() and f.instance.pk is None:
                continue
            if cd.get("DELETE"):
                continue
            out.append(cd)
        return out

    cd = form.cleaned_data
    total = cd.get("budget_amount")
    unit = MoneyUnit(cd.get("budget_unit") or "万元")
    lines = [
        DFundLine(r["source"], Money(r["amount"], MoneyUnit(r.get("unit") or "万元")))
        for r in rows(funds)
        if r.get("source") and isinstance(r.get("amount"), Decimal)
    ]
    plan_points = [
        DCheckpoint(r["label"], r["month"], r["percent"])
        for r in rows(checkpoints)
        if r.get("label") and r.get("month") and isinstance(r.get("percent"), Decimal)
    ]
    inds = []
    for r in rows(indicators):
        level1, level2 = r.get("level1") or None, r.get("level2") or None
        code = core.basis_code(r.get("basis"), plan.profile)
        inds.append(
            DIndicator(
                level1=level1,
                level2=level2,
                level3=r.get("level3") or None,
                description=r.get("description") or None,
                target=core.parse_target(
                    r.get("target_raw") or "", level1, level2, plan.year, plan.profile
                ),
                basis=r.get("basis") or None,
                basis_code=BasisCode(code) if code else None,
                weight=r.get("weight"),
            )
        )
    return DProject(
        code=cd.get("code") or None,
        name=cd.get("name") or None,
        funds=DFunds(total=Money(total, unit) if isinstance(total, Decimal) else None, lines=lines),
        purpose=cd.get("purpose") or None,
        spending_plan=plan_points,
        goal=cd.get("goal") or None,
        long_term_goal=cd.get("long_term_goal") or None,
        indicators=inds,
    )


@require_POST
def plan_live_findings(request: HttpRequest, pk: int) -> JsonResponse:
    """Findings for the project form as typed (not saved): the core reviews the whole plan
    with this project in place of the stored one."""
    plan = _plan(request, pk, Perm.EDIT_PLAN)
    project_id = request.GET.get("project", "")
    project = Project(plan=plan)
    if project_id.isdigit():
        project = get_object_or_404(Project, pk=int(project_id), plan=plan)
    form, funds, checkpoints, indicators = _project_forms(request, plan, project)
    typed = _domain_project_from_forms(plan, form, funds, checkpoints, indicators)
    projects = convert.ordered_projects(plan)
    if project.pk:
        dp = convert.plan_to_domain(plan, projects=projects, replace={project.pk: typed})
        index = [p.pk for p in projects].index(project.pk) + 1
    else:
        dp = convert.plan_to_domain(plan, projects=projects)
        dp.projects.append(typed)
        index = len(dp.projects)
    report = core.review(dp, plan.profile)
    findings = report.project_findings(index)
    grade = report.project_grade(index)
    return JsonResponse(
        {
            "count": len(findings),
            "counts": presenting.counts(report, findings),
            "grade": grade.grade.value,
            "findings": presenting.rows(findings),
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def api_parse_target(request: HttpRequest) -> JsonResponse:
    """Live value parsing: what the core's grammar reads in a 指标值 as the user types."""
    raw = request.GET.get("raw", "")[:300]
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 1900 < int(year_text) < 2200 else None
    profile_name = request.GET.get("profile") or _default_profile()
    try:
        core.profile(profile_name)
    except ValueError:
        profile_name = _default_profile()
    target = core.parse_target(
        raw,
        request.GET.get("level1", "")[:100] or None,
        request.GET.get("level2", "")[:100] or None,
        year,
        profile_name,
    )
    return JsonResponse(core.describe_target(target), json_dumps_params={"ensure_ascii": False})


# --- sub-goals -----------------------------------------------------------------------------


def _sub_goal_page(request: HttpRequest, plan: Plan, sub: SubGoal) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    initial = {"lock_version": sub.lock_version} if sub.pk else None
    conflict = None
    if request.method == "POST" and _stale(request, sub):
        conflict = SubGoal.objects.select_related("updated_by").get(pk=sub.pk)
        messages.error(request, str(ConcurrentEditError(conflict)))
        data = _with_version(request, conflict)
        sub = conflict
    form = forms.SubGoalForm(data, instance=sub, plan=plan, initial=initial)
    targets = forms.SubGoalTargetFormSet(data, instance=sub, prefix="targets")
    if request.method == "POST" and conflict is None and form.is_valid() and targets.is_valid():
        try:
            editing.save_sub_goal(plan, form, targets, request.user)
        except ConcurrentEditError as exc:
            messages.error(request, str(exc))
            conflict = SubGoal.objects.filter(pk=sub.pk).first()
            data = _with_version(request, conflict)
            form = forms.SubGoalForm(data, instance=sub, plan=plan)
            targets = forms.SubGoalTargetFormSet(data, instance=sub, prefix="targets")
        except workflow.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("plan_detail", pk=plan.pk)
        else:
            messages.success(request, "已保存分项目标。")
            return redirect(reverse("plan_detail", args=[plan.pk]) + "#sub-goals")
    _attach_previews(plan, targets)
    return render(
        request,
        "plans/subgoal_form.html",
        {
            "plan": plan,
            "sub": sub,
            "form": form,
            "targets": targets,
            "categories": _categories(plan),
            "conflict": conflict,
        },
    )


@require_http_methods(["GET", "POST"])
def subgoal_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, Perm.EDIT_PLAN)
    if (redirect_response := _editable_or_redirect(request, plan)) is not None:
        return redirect_response
    return _sub_goal_page(request, plan, SubGoal(plan=plan))


@require_http_methods(["GET", "POST"])
def subgoal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(SubGoal.objects.select_related("plan__organisation"), pk=pk)
    require(request.user, Perm.EDIT_PLAN, sub)
    if (redirect_response := _editable_or_redirect(request, sub.plan)) is not None:
        return redirect_response
    return _sub_goal_page(request, sub.plan, sub)


@require_http_methods(["GET", "POST"])
def subgoal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    sub = get_object_or_404(SubGoal.objects.select_related("plan__organisation"), pk=pk)
    require(request.user, Perm.EDIT_PLAN, sub)
    plan = sub.plan
    if (redirect_response := _editable_or_redirect(request, plan)) is not None:
        return redirect_response
    if request.method == "POST":
        editing.delete_sub_goal(sub, request.user)
        messages.success(request, f"已删除分项目标 {sub.title}。")
        return redirect("plan_detail", pk=plan.pk)
    return render(
        request,
        "plans/confirm_delete.html",
        {
            "plan": plan,
            "what": f"分项目标 {sub.title}",
            "cancel": reverse("plan_detail", args=[plan.pk]),
        },
    )


# --- measures (checklist) ------------------------------------------------------------------


def _measure(request: HttpRequest, pk: int, perm: Perm) -> Measure:
    measure = get_object_or_404(Measure.objects.select_related("plan__organisation"), pk=pk)
    require(request.user, perm, measure)
    return measure


@require_http_methods(["GET", "POST"])
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk, Perm.EDIT_PLAN)
    if (redirect_response := _editable_or_redirect(request, plan)) is not None:
        return redirect_response
    return _measure_page(request, plan, Measure(plan=plan))


@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk, Perm.EDIT_PLAN)
    if (redirect_response := _editable_or_redirect(request, measure.plan)) is not None:
        return redirect_response
    return _measure_page(request, measure.plan, measure)


def _measure_page(request: HttpRequest, plan: Plan, measure: Measure) -> HttpResponse:
    initial = {"lock_version": measure.lock_version} if measure.pk else None
    form = forms.MeasureForm(request.POST or None, instance=measure, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            editing.save_measure(plan, form, request.user)
        except ConcurrentEditError as exc:
            messages.error(request, str(exc))
            conflict = Measure.objects.filter(pk=measure.pk).first()
            form = forms.MeasureForm(_with_version(request, conflict), instance=measure)
        except workflow.WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("plan_detail", pk=plan.pk)
        else:
            messages.success(request, "已保存措施。")
            return redirect(reverse("plan_detail", args=[plan.pk]) + "#measures")
    return render(
        request,
        "plans/measure_form.html",
        {"plan": plan, "measure": measure, "form": form, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
def measure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk, Perm.EDIT_PLAN)
    plan = measure.plan
    if (redirect_response := _editable_or_redirect(request, plan)) is not None:
        return redirect_response
    if request.method == "POST":
        editing.delete_measure(measure, request.user)
        messages.success(request, f"已删除措施 {measure.title}。")
        return redirect("plan_detail", pk=plan.pk)
    return render(
        request,
        "plans/confirm_delete.html",
        {
            "plan": plan,
            "what": f"措施 {measure.title}",
            "cancel": reverse("plan_detail", args=[plan.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def measure_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Checklist progress: owner, status, due date and evidence; allowed in every state."""
    measure = _measure(request, pk, Perm.UPDATE_PROGRESS)
    plan = measure.plan
    initial = {"lock_version": measure.lock_version}
    form = forms.MeasureProgressForm(
        request.POST or None, request.FILES or None, instance=measure, initial=initial
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                editing.save_measure(plan, form, request.user, progress_only=True)
                upload = form.cleaned_data.get("evidence")
                if upload is not None:
                    evidence = Evidence(
                        measure=measure,
                        original_name=upload.name[:255],
                        size=upload.size,
                        content_type=(upload.content_type or "")[:100],
                        uploaded_by=request.user,
                    )
                    evidence.file.save(upload.name, upload, save=False)
                    try:
                        evidence.save()
                        record(
                            Action.UPLOAD,
                            obj=evidence,
                            after={"file": evidence.original_name, "size": evidence.size},
                            organisation=plan.organisation,
                            plan_id=plan.pk,
                        )
                    except BaseException:
                        evidence.file.delete(save=False)  # no file without its row
                        raise
        except ConcurrentEditError as exc:
            messages.error(request, str(exc))
            conflict = Measure.objects.filter(pk=measure.pk).first()
            form = forms.MeasureProgressForm(_with_version(request, conflict), instance=measure)
        else:
            messages.success(request, "已更新措施进展。")
            return redirect(reverse("plan_detail", args=[plan.pk]) + "#measures")
    return render(
        request,
        "plans/measure_progress.html",
        {
            "plan": plan,
            "measure": measure,
            "form": form,
            "evidence": measure.evidence.order_by("uploaded_at"),
            "conflict": conflict,
        },
    )


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(
        Evidence.objects.select_related("measure__plan__organisation"), pk=pk
    )
    require(request.user, Perm.VIEW_PLAN, evidence.measure)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("文件不存在") from exc
    # Always a download, never rendered in the browser (an uploaded HTML file stays inert).
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type="application/octet-stream",
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)
