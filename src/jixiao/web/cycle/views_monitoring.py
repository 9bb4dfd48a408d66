# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Monitoring pages (运行监控): rounds, ledger upload with preview, progress sheets, lights,
rectification requests and the 监控表 download.

Every view fetches its object, asks the permission module (through :mod:`access`) and hands
the work to :mod:`monitoring`; a step the state refuses gives a message, an out-of-scope
request a 403 (with an audit record).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.domain.errors import InputError
from jixiao.domain.money import MoneyUnit
from jixiao.web.accounts.permissions import Perm, can, plans_for, require
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action
from jixiao.web.cycle import access, inputs, monitoring, summaries
from jixiao.web.cycle.models import (
    LedgerStatus,
    LedgerUpload,
    MonitoringRound,
    ProjectProgress,
    Rectification,
    RectificationStatus,
    RoundStatus,
)
from jixiao.web.plans.locking import ConcurrentEditError
from jixiao.web.plans.models import Plan, Project

LIGHT_FILTERS = ("red", "yellow", "green", "blue", "none")
PAGE_SIZE = 100  # projects per page of the lights overview


def temporary_download(write: Any) -> Any:
    """Write a workbook with ``write(path)`` to a temporary file; an open handle to it.

    The file is unlinked at once: the open handle keeps its data until the response is sent.
    """
    import os

    fd, name = tempfile.mkstemp(prefix="jixiao-", suffix=".xlsx")
    os.close(fd)
    try:
        write(Path(name))
        return Path(name).open("rb")
    finally:
        os.unlink(name)


# --- helpers -------------------------------------------------------------------------------


def _plan(request: HttpRequest, pk: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("organisation__parent"), pk=pk)
    require(request.user, Perm.VIEW_PLAN, plan)
    return plan


def _round(request: HttpRequest, pk: int) -> MonitoringRound:
    rnd = get_object_or_404(
        MonitoringRound.objects.select_related("plan__organisation__parent"), pk=pk
    )
    require(request.user, Perm.VIEW_PLAN, rnd.plan)
    return rnd


def _profile_name(plans: list[Plan]) -> str:
    """The rule profile for figures shown across plans: the plans' (the first), else the site's."""
    return plans[0].profile if plans else str(settings.JIXIAO_PROFILE)


def _lights_wanted(request: HttpRequest) -> list[str]:
    wanted = [x for x in request.GET.getlist("light") if x in LIGHT_FILTERS]
    for part in request.GET.get("lights", "").split(","):
        if part in LIGHT_FILTERS and part not in wanted:
            wanted.append(part)
    return wanted


class RoundForm(forms.Form):
    as_of = forms.DateField(label="数据截止日期", widget=forms.DateInput(attrs={"type": "date"}))
    deadline = forms.DateField(
        label="填报截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LedgerForm(forms.Form):
    file = forms.FileField(label="支付台账 (CSV / XLSX / XLS)")
    amount_unit = forms.ChoiceField(
        label="金额单位 (表头未注明时)",
        required=False,
        choices=[("", "按表头或默认 (元)")] + [(u.value, u.value) for u in MoneyUnit],
    )

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        limit = settings.JIXIAO_UPLOAD_MAX_MB * 1024 * 1024
        if f.size > limit:
            raise ValidationError(
                f"文件 {f.name} 大小 {f.size / 1024 / 1024:.1f} MB, "
                f"超过上限 {settings.JIXIAO_UPLOAD_MAX_MB} MB。"
            )
        suffix = Path(f.name).suffix.lower()
        if suffix not in (".csv", ".txt", ".xlsx", ".xls", ".xlsm"):
            raise ValidationError(
                f"不支持的文件类型 {suffix or '(无扩展名)'}: 请上传 CSV 或 Excel 文件。"
            )
        return f


class RectificationForm(forms.Form):
    request = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(
        label="整改期限", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


# --- overview ------------------------------------------------------------------------------


@require_GET
def monitoring_home(request: HttpRequest) -> HttpResponse:
    """Every visible project's lights in the latest round of its plan; filter red/yellow."""
    from jixiao.web.cycle.dashboard import latest_rounds

    plans = plans_for(request.user, Perm.VIEW_PLAN).select_related("organisation")
    year_text = request.GET.get("year", "").strip()
    years = sorted(set(plans.values_list("year", flat=True)), reverse=True)
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    if year is None and years:
        year = years[0]
    if year is not None:
        plans = plans.filter(year=year)
    plan_list = list(plans.order_by("organisation__name"))
    rounds = latest_rounds(plan_list)
    wanted = _lights_wanted(request)
    rows = []
    counts = dict.fromkeys(LIGHT_FILTERS, 0)
    for plan in plan_list:
        rnd = rounds.get(plan.pk)
        if rnd is None:
            continue
        s = summaries.round_summary(rnd)
        for p in s["projects"]:
            counts[p["light"]] = counts.get(p["light"], 0) + 1
            if wanted and p["light"] not in wanted:
                continue
            rows.append({"plan": plan, "round": rnd, **p})
    organisable = {p.pk for p in plan_list if access.can_organise(request.user, p)}
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join([f"year={year or ''}", *(f"light={w}" for w in wanted)])
    return render(
        request,
        "cycle/monitoring_home.html",
        {
            "rows": page.object_list,
            "page": page,
            "query": query,
            "counts": counts,
            "wanted": wanted,
            "year": year,
            "years": years,
            "plans": plan_list,
            "rounds": rounds,
            "organisable": organisable,
            "wan_places": monitoring.rules_for(_profile_name(plan_list)).wan_places,
            "light_labels": summaries.LIGHT_LABELS,
        },
    )


@require_GET
def plan_rounds(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    return render(
        request,
        "cycle/plan_rounds.html",
        {
            "plan": plan,
            "rounds": plan.monitoring_rounds.order_by("-as_of"),
            "can_organise": access.can_organise(request.user, plan),
        },
    )


@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.select_related("organisation__parent"), pk=pk)
    access.require_organise(request.user, plan)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rnd = monitoring.open_round(
                plan,
                as_of=form.cleaned_data["as_of"],
                deadline=form.cleaned_data["deadline"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except monitoring.FieldError as exc:
            for loc, message in exc.errors:
                form.add_error(str(loc[0]) if loc and str(loc[0]) in form.fields else None, message)
        except monitoring.CycleError as exc:
            messages.error(request, str(exc))
            return redirect("plan_rounds", pk=plan.pk)
        else:
            messages.success(request, f"已开启运行监控 (数据截至 {rnd.as_of})。")
            return redirect("round_detail", pk=rnd.pk)
    elif request.method == "GET":
        try:
            monitoring.ensure_monitorable(plan)
        except monitoring.CycleError as exc:
            messages.error(request, str(exc))
            return redirect("plan_rounds", pk=plan.pk)
        form = RoundForm(initial={"as_of": date(plan.year, 6, 30)})
    return render(request, "cycle/round_form.html", {"plan": plan, "form": form})


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    plan = rnd.plan
    summary = summaries.round_summary(rnd)
    wanted = _lights_wanted(request)
    projects = [p for p in summary["projects"] if not wanted or p["light"] in wanted]
    sheets = {
        s["project_id"]: s
        for s in ProjectProgress.objects.filter(round=rnd).values(
            "project_id", "submitted_at", "updated_at"
        )
    }
    for p in projects:
        p["sheet"] = sheets.get(p["id"])
    organiser = access.can_organise(request.user, plan)
    return render(
        request,
        "cycle/round_detail.html",
        {
            "plan": plan,
            "round": rnd,
            "summary": summary,
            "projects": projects,
            "wanted": wanted,
            "light_labels": summaries.LIGHT_LABELS,
            "ledger": monitoring.active_ledger(rnd),
            "pending": LedgerUpload.objects.filter(round=rnd, status=LedgerStatus.PENDING).first(),
            "can_fill": access.can_fill(request.user, plan),
            "can_organise": organiser,
            "rect_form": RectificationForm() if organiser else None,
            "rectifications": rnd.rectifications.select_related("project", "requested_by"),
            "is_open": rnd.status == RoundStatus.OPEN,
            "wan_places": monitoring.rules_for(plan.profile).wan_places,
        },
    )


@require_POST
def round_status(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_object_or_404(MonitoringRound.objects.select_related("plan__organisation"), pk=pk)
    access.require_organise(request.user, rnd.plan)
    status = request.POST.get("status", "")
    lock = request.POST.get("lock_version", "")
    try:
        monitoring.set_round_status(rnd, status, int(lock) if lock.isdigit() else 0, request.user)
    except (ConcurrentEditError, monitoring.FieldError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, "已结束本轮监控。" if status == "closed" else "已重新开启本轮监控。"
        )
    return redirect("round_detail", pk=rnd.pk)


# --- ledger --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def ledger_upload(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_object_or_404(MonitoringRound.objects.select_related("plan__organisation"), pk=pk)
    require(request.user, access.FILL, rnd.plan)
    form = LedgerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = monitoring.preview_ledger(
                rnd,
                form.cleaned_data["file"],
                request.user,
                amount_unit=form.cleaned_data["amount_unit"] or None,
            )
        except InputError as exc:
            form.add_error("file", f"无法读取文件 {form.cleaned_data['file'].name}: {exc}")
        except monitoring.CycleError as exc:
            messages.error(request, str(exc))
            return redirect("round_detail", pk=rnd.pk)
        else:
            return redirect("ledger_preview", pk=upload.pk)
    return render(
        request, "cycle/ledger_upload.html", {"round": rnd, "plan": rnd.plan, "form": form}
    )


@require_http_methods(["GET", "POST"])
def ledger_preview(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(
        LedgerUpload.objects.select_related("round__plan__organisation", "uploaded_by"), pk=pk
    )
    rnd = upload.round
    if request.method == "POST":
        require(request.user, access.FILL, rnd.plan)
        action = request.POST.get("action", "")
        try:
            if action == "confirm":
                monitoring.confirm_ledger(upload, request.user)
                messages.success(request, f"已采用支付台账 {upload.original_name}。")
            elif action == "cancel":
                monitoring.cancel_ledger(upload, request.user)
                messages.info(request, "已取消, 未采用此台账。")
            else:
                raise Http404
        except monitoring.CycleError as exc:
            messages.error(request, str(exc))
        return redirect("round_detail", pk=rnd.pk)
    require(request.user, Perm.VIEW_PLAN, rnd.plan)
    summary = upload.summary or {}
    names = dict(rnd.plan.projects.values_list("code", "name"))
    spending = [
        {
            "code": code,
            "name": names.get(code, ""),
            "rows": s["rows"],
            "yuan": sum((monitoring._dec(m) for m in s["by_month"]), monitoring._dec(0)),
            "refunds": s["refunds"],
        }
        for code, s in (upload.aggregate or {}).items()
    ]
    issues = summary.get("issues", [])
    return render(
        request,
        "cycle/ledger_preview.html",
        {
            "round": rnd,
            "plan": rnd.plan,
            "upload": upload,
            "spending": spending,
            "issues": issues,
            "errors": [i for i in issues if i["severity"] == "error"],
            "counts": summary.get("issue_counts", {}),
            "unknown": summary.get("unknown_codes", []),
            "can_decide": upload.status == LedgerStatus.PENDING
            and access.can_fill(request.user, rnd.plan),
        },
    )


# --- progress sheets -----------------------------------------------------------------------


def _sheet_context(
    request: HttpRequest,
    rnd: MonitoringRound,
    project: Project,
    sheet: ProjectProgress | None,
    posted: Any = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    plan = rnd.plan
    kinds = monitoring.deviation_kinds(plan)
    report = monitoring.project_report(rnd, project)
    data = monitoring.report_dict(report)["projects"][0]
    indicators = list(project.indicators.order_by("position", "id"))
    stored = {}
    if sheet is not None:
        stored = {r.indicator_id: r for r in sheet.rows.all()}
    statuses = {i["index"]: i for i in data["indicators"]}

    def val(name: str, default: Any) -> Any:
        if posted is not None:
            return posted.get(name, "")
        return "" if default is None else default

    rows = []
    for n, ind in enumerate(indicators):
        r = stored.get(ind.pk)
        prefix = f"row-{ind.pk}"
        rows.append(
            {
                "ind": ind,
                "prefix": prefix,
                "status": statuses.get(n + 1),
                "value": val(f"{prefix}-value", r.value if r else ""),
                "forecast": val(f"{prefix}-forecast", r.forecast if r else ""),
                "unit": val(f"{prefix}-unit", r.unit if r else ""),
                "likelihood": str(val(f"{prefix}-likelihood", r.likelihood if r else "")),
                "rectification": _flag_text(
                    val(f"{prefix}-rectification", r.rectification if r else None)
                ),
                "remarks": val(f"{prefix}-remarks", r.remarks if r else ""),
                "reasons": [
                    {
                        "kind": k,
                        "name": f"{prefix}-reason-{i}",
                        "value": val(
                            f"{prefix}-reason-{i}", (r.reasons or {}).get(k, "") if r else ""
                        ),
                    }
                    for i, k in enumerate(kinds)
                ],
            }
        )
    spending = {
        "reasons": [
            {
                "kind": k,
                "name": f"sp-reason-{i}",
                "value": val(f"sp-reason-{i}", (sheet.reasons or {}).get(k, "") if sheet else ""),
            }
            for i, k in enumerate(kinds)
        ],
        "likelihood": str(val("sp-likelihood", sheet.likelihood if sheet else "")),
        "rectification": _flag_text(
            val("sp-rectification", sheet.rectification if sheet else None)
        ),
        "remarks": val("sp-remarks", sheet.remarks if sheet else ""),
    }
    return {
        "plan": plan,
        "round": rnd,
        "project": project,
        "sheet": sheet,
        "data": data,
        "rows": rows,
        "spending": spending,
        "kinds": kinds,
        "likelihoods": monitoring.likelihood_choices(plan),
        "errors": errors or {},
        "can_fill": access.can_fill(request.user, plan) and rnd.status == RoundStatus.OPEN,
        "lock_version": (
            posted.get("lock_version")
            if posted is not None
            else (sheet.lock_version if sheet else 1)
        ),
        "rectifications": rnd.rectifications.filter(project=project),
        "wan_places": monitoring.rules_for(plan.profile).wan_places,
    }


def _flag_text(v: Any) -> str:
    if v is True or v == "yes":
        return "yes"
    if v is False or v == "no":
        return "no"
    return ""


@require_http_methods(["GET", "POST"])
def sheet_edit(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    project = get_object_or_404(Project, pk=project_pk, plan=rnd.plan)
    sheet = ProjectProgress.objects.filter(round=rnd, project=project).first()
    if request.method == "POST":
        require(request.user, access.FILL, rnd.plan)
        if rnd.status != RoundStatus.OPEN:
            messages.error(request, "本轮运行监控已结束, 不能再修改填报内容。")
            return redirect("round_detail", pk=rnd.pk)
        ids = list(project.indicators.order_by("position", "id").values_list("pk", flat=True))
        data, errors = inputs.sheet_input(request.POST, ids, monitoring.deviation_kinds(rnd.plan))
        lock = request.POST.get("lock_version", "")
        if not errors:
            if sheet is None:
                sheet = monitoring.sheet_for(rnd, project)
            was_submitted = sheet.submitted_at is not None
            try:
                monitoring.save_sheet(sheet, data, int(lock) if lock.isdigit() else 0, request.user)
            except monitoring.FieldError as exc:
                errors = exc.errors
            except ConcurrentEditError as exc:
                messages.error(request, str(exc))
                sheet.refresh_from_db()
                posted = request.POST.copy()
                posted["lock_version"] = str(sheet.lock_version)
                ctx = _sheet_context(request, rnd, project, sheet, posted)
                ctx["conflict"] = sheet
                return render(request, "cycle/sheet.html", ctx)
            else:
                messages.success(request, "已保存监控填报。")
                if was_submitted and sheet.submitted_at is None:
                    messages.warning(request, "监控表已修改, 原提交已撤回, 请核对后重新提交。")
                return redirect("sheet_edit", pk=rnd.pk, project_pk=project.pk)
        messages.error(request, "填报内容有误, 未保存: 请按提示修改。")
        ctx = _sheet_context(request, rnd, project, sheet, request.POST, inputs.by_field(errors))
        return render(request, "cycle/sheet.html", ctx, status=200)
    return render(request, "cycle/sheet.html", _sheet_context(request, rnd, project, sheet))


@require_POST
def sheet_submit(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    rnd = get_object_or_404(MonitoringRound.objects.select_related("plan__organisation"), pk=pk)
    require(request.user, access.FILL, rnd.plan)
    project = get_object_or_404(Project, pk=project_pk, plan=rnd.plan)
    sheet = monitoring.sheet_for(rnd, project)
    lock = request.POST.get("lock_version", "")
    try:
        monitoring.submit_sheet(sheet, int(lock) if lock.isdigit() else 0, request.user)
    except (monitoring.CycleError, ConcurrentEditError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已提交监控填报。")
    return redirect("sheet_edit", pk=rnd.pk, project_pk=project.pk)


# --- 监控表 ------------------------------------------------------------------------------------


@require_GET
def round_export(request: HttpRequest, pk: int) -> FileResponse:
    from jixiao.export.monitoring_xlsx import write_monitoring_xlsx

    rnd = _round(request, pk)
    report, _ = monitoring.round_report(rnd)
    handle = temporary_download(lambda path: write_monitoring_xlsx(report, path))
    record(Action.EXPORT, obj=rnd, message="下载监控表")
    name = f"{rnd.plan.organisation.name}-{rnd.as_of:%Y%m%d}-运行监控表.xlsx"
    return FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# --- rectification -------------------------------------------------------------------------


@require_POST
def rectification_request(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = get_object_or_404(MonitoringRound.objects.select_related("plan__organisation"), pk=pk)
    access.require_organise(request.user, rnd.plan)
    form = RectificationForm(request.POST)
    ids = [int(x) for x in request.POST.getlist("project") if x.isdigit() and len(x) < 19]
    projects = list(Project.objects.filter(plan=rnd.plan, pk__in=ids))
    if not projects:
        messages.error(request, "请先勾选要求整改的项目。")
        return redirect("round_detail", pk=rnd.pk)
    if not form.is_valid():
        messages.error(request, "请填写整改要求。")
        return redirect("round_detail", pk=rnd.pk)
    lights = {p["id"]: p["light"] for p in summaries.round_summary(rnd)["projects"]}
    monitoring.request_rectification(
        rnd,
        projects,
        request=form.cleaned_data["request"],
        due_date=form.cleaned_data["due_date"],
        lights=lights,
        user=request.user,
    )
    messages.success(request, f"已向 {len(projects)} 个项目发出整改要求。")
    return redirect(reverse("round_detail", args=[rnd.pk]) + "#rectifications")


@require_http_methods(["GET", "POST"])
def rectification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    r = get_object_or_404(
        Rectification.objects.select_related("round__plan__organisation", "project"), pk=pk
    )
    plan = r.round.plan
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "answer":
                require(request.user, access.FILL, plan)
                monitoring.answer_rectification(
                    r, request.POST.get("response", "")[:4000], request.user
                )
                messages.success(request, "已提交整改情况。")
            elif action == "close":
                access.require_organise(request.user, plan)
                monitoring.close_rectification(r, request.user)
                messages.success(request, "已办结。")
            else:
                raise Http404
        except (monitoring.CycleError, monitoring.FieldError) as exc:
            messages.error(request, str(exc))
        return redirect("rectification_detail", pk=r.pk)
    require(request.user, Perm.VIEW_PLAN, plan)
    return render(
        request,
        "cycle/rectification.html",
        {
            "r": r,
            "plan": plan,
            "round": r.round,
            "can_answer": can(request.user, access.FILL, plan)
            and r.status != RectificationStatus.CLOSED,
            "can_close": access.can_organise(request.user, plan)
            and r.status != RectificationStatus.CLOSED,
        },
    )
