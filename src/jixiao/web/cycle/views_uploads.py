# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Upload pages of filled-in workbooks: 上传监控表 (a round) and 上传自评表 (a plan).

Upload → preview (nothing written; the preview waits in the session) → 确认导入 (one
transaction through the form's services) or 取消. The permission is the forms' (``access.FILL``
on the plan: the plan's own organisation fills); the state checks are theirs too (an open round;
an approved plan; per project a sheet not yet submitted, a self-evaluation still editable).
See :mod:`jixiao.web.cycle.uploads`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from jixiao.web.accounts.permissions import require
from jixiao.web.cycle import access, evaluation, uploads
from jixiao.web.cycle.models import MonitoringRound, RoundStatus
from jixiao.web.cycle.monitoring import CycleError, FieldError
from jixiao.web.plans.models import Plan


class UploadForm(forms.Form):
    file = forms.FileField(label="文件")

    def __init__(self, *args: Any, label: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = label
        self.fields[
            "file"
        ].help_text = (
            f"Excel 工作簿 (.xlsx / .xls)、CSV 或 YAML; 不超过 {settings.JIXIAO_UPLOAD_MAX_MB} MB"
        )
        self.fields["file"].widget.attrs["accept"] = ",".join(uploads.SUFFIXES)

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        name = uploads.original_name(f)
        limit = settings.JIXIAO_UPLOAD_MAX_MB * 1024 * 1024
        if f.size > limit:
            raise ValidationError(
                f"文件 {name} 大小 {f.size / 1024 / 1024:.1f} MB, "
                f"超过上限 {settings.JIXIAO_UPLOAD_MAX_MB} MB。"
            )
        suffix = Path(name).suffix.lower()
        if suffix not in uploads.SUFFIXES:
            raise ValidationError(
                f"不支持的文件类型 {suffix or '(无扩展名)'}: "
                "请上传 Excel 工作簿 (.xlsx / .xls)、CSV 或 YAML 文件。"
            )
        return f


def _round(request: HttpRequest, pk: int) -> MonitoringRound:
    rnd = get_object_or_404(
        MonitoringRound.objects.select_related("plan__organisation__parent"), pk=pk
    )
    require(request.user, access.FILL, rnd.plan)
    return rnd


def _plan(request: HttpRequest, pk: int) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("organisation__parent"), pk=pk)
    require(request.user, access.FILL, plan)
    return plan


def _counts(preview: dict[str, Any]) -> dict[str, int]:
    projects = preview["projects"]
    issues = preview["issues"]
    return {
        "write": sum(1 for p in projects if p["write"]),
        "skip": sum(1 for p in projects if not p["write"]),
        "errors": sum(1 for i in issues if i["severity"] == "error"),
        "warnings": sum(1 for i in issues if i["severity"] != "error"),
    }


def _done(request: HttpRequest, result: dict[str, Any], file: str) -> None:
    text = f"已导入 {file}: {len(result['written'])} 个项目"
    if result["skipped"]:
        text += f"; 跳过 {len(result['skipped'])} 个项目 (见预览中的原因)"
    messages.success(request, text + "。")


# --- 监控表 -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def progress_upload(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    if rnd.status != RoundStatus.OPEN:
        messages.error(request, "本轮运行监控已结束, 不能再修改填报内容。")
        return redirect("round_detail", pk=rnd.pk)
    form = UploadForm(
        request.POST or None, request.FILES or None, label="填好的监控表 (Excel / CSV / YAML)"
    )
    if request.method == "POST" and form.is_valid():
        try:
            preview = uploads.preview_progress(rnd, form.cleaned_data["file"])
        except uploads.UploadError as exc:
            form.add_error("file", str(exc))
        except CycleError as exc:
            messages.error(request, str(exc))
            return redirect("round_detail", pk=rnd.pk)
        else:
            uploads.stash(request.session, uploads.PROGRESS_KEY, preview)
            return redirect("progress_upload_preview", pk=rnd.pk)
    return render(
        request,
        "cycle/progress_upload.html",
        {
            "round": rnd,
            "plan": rnd.plan,
            "form": form,
            "pending": uploads.pending(request.session, uploads.PROGRESS_KEY, round=rnd.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def progress_upload_preview(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    key = uploads.PROGRESS_KEY
    data = uploads.pending(request.session, key, round=rnd.pk)
    if data is None:
        messages.info(request, "没有待确认的监控表上传, 请先上传文件。")
        return redirect("progress_upload", pk=rnd.pk)
    if request.method == "POST":
        if request.POST.get("token") != data["token"]:
            messages.error(request, "预览已过期 (可能在其他窗口中已确认或取消), 请重新上传。")
            return redirect("progress_upload", pk=rnd.pk)
        action = request.POST.get("action", "")
        if action == "cancel":
            uploads.forget(request.session, key)
            messages.info(request, "已取消, 未导入任何内容。")
            return redirect("round_detail", pk=rnd.pk)
        if action != "confirm":
            raise Http404
        try:
            result = uploads.confirm_progress(rnd, data, request.user)
        except (uploads.StaleUpload, CycleError, FieldError) as exc:
            uploads.forget(request.session, key)
            messages.error(request, f"导入未成功, 未写入任何内容: {exc}")
            return redirect("progress_upload", pk=rnd.pk)
        uploads.forget(request.session, key)
        _done(request, result, data["file"])
        return redirect("round_detail", pk=rnd.pk)
    return render(
        request,
        "cycle/progress_upload_preview.html",
        {"round": rnd, "plan": rnd.plan, "preview": data, "counts": _counts(data)},
    )


# --- 自评表 -------------------------------------------------------------------------------------


def _not_evaluable(plan: Plan) -> str:
    try:
        evaluation.ensure_evaluable(plan)
    except CycleError as exc:
        return str(exc)
    return ""


@require_http_methods(["GET", "POST"])
def evaluation_upload(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    why = _not_evaluable(plan)
    if why:
        messages.error(request, why)
        return redirect("plan_evaluations", pk=plan.pk)
    form = UploadForm(
        request.POST or None, request.FILES or None, label="填好的自评表 (Excel / CSV / YAML)"
    )
    if request.method == "POST" and form.is_valid():
        try:
            preview = uploads.preview_evaluation(plan, form.cleaned_data["file"])
        except uploads.UploadError as exc:
            form.add_error("file", str(exc))
        except CycleError as exc:
            messages.error(request, str(exc))
            return redirect("plan_evaluations", pk=plan.pk)
        else:
            uploads.stash(request.session, uploads.EVALUATION_KEY, preview)
            return redirect("evaluation_upload_preview", pk=plan.pk)
    return render(
        request,
        "cycle/evaluation_upload.html",
        {
            "plan": plan,
            "form": form,
            "pending": uploads.pending(request.session, uploads.EVALUATION_KEY, plan=plan.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def evaluation_upload_preview(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    key = uploads.EVALUATION_KEY
    data = uploads.pending(request.session, key, plan=plan.pk)
    if data is None:
        messages.info(request, "没有待确认的自评表上传, 请先上传文件。")
        return redirect("evaluation_upload", pk=plan.pk)
    if request.method == "POST":
        if request.POST.get("token") != data["token"]:
            messages.error(request, "预览已过期 (可能在其他窗口中已确认或取消), 请重新上传。")
            return redirect("evaluation_upload", pk=plan.pk)
        action = request.POST.get("action", "")
        if action == "cancel":
            uploads.forget(request.session, key)
            messages.info(request, "已取消, 未导入任何内容。")
            return redirect("plan_evaluations", pk=plan.pk)
        if action != "confirm":
            raise Http404
        try:
            result = uploads.confirm_evaluation(plan, data, request.user)
        except (uploads.StaleUpload, CycleError, FieldError) as exc:
            uploads.forget(request.session, key)
            messages.error(request, f"导入未成功, 未写入任何内容: {exc}")
            return redirect("evaluation_upload", pk=plan.pk)
        uploads.forget(request.session, key)
        _done(request, result, data["file"])
        return redirect("plan_evaluations", pk=plan.pk)
    return render(
        request,
        "cycle/evaluation_upload_preview.html",
        {"plan": plan, "preview": data, "counts": _counts(data)},
    )
