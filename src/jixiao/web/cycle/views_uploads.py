# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Upload pages of filled-in workbooks: 上传监控表 (a round) and 上传自评表 (a plan).

Upload → preview (nothing written; the preview waits in the session) → 确认导入 (one
transaction through the form's services) or 取消. The permission is the forms' (``access.FILL``
on the plan: the plan's own organisation fills); the state checks are theirs too (an open round;
an approved plan; per project a sheet not yet submitted, a self-evaluation still editable).
See :mod:`jixiao.web.cycle.uploads`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Flow:
    """What differs between the two uploads: the object (a round or a plan) and its pages."""

    key: str  # the session key of the pending preview
    what: str  # 监控表 / 自评表
    label: str  # the file field's label
    upload_url: str
    preview_url: str
    back_url: str  # where a finished or cancelled upload returns
    template: str  # cycle/<template>.html and cycle/<template>_preview.html
    read: Callable[[Any, Any], dict[str, Any]]  # (object, uploaded file) → preview
    confirm: Callable[[Any, dict[str, Any], Any], dict[str, Any]]  # (object, preview, user)
    owner: Callable[[Any], dict[str, int]]  # the preview's owner, as uploads.pending takes it
    context: Callable[[Any], dict[str, Any]]  # the object for the templates


def _upload(request: HttpRequest, flow: _Flow, obj: Any) -> HttpResponse:
    """The upload page: read the file into a preview kept in the session, or say why not."""
    form = UploadForm(request.POST or None, request.FILES or None, label=flow.label)
    if request.method == "POST" and form.is_valid():
        try:
            preview = flow.read(obj, form.cleaned_data["file"])
        except uploads.UploadError as exc:
            form.add_error("file", str(exc))
        except CycleError as exc:
            messages.error(request, str(exc))
            return redirect(flow.back_url, pk=obj.pk)
        else:
            uploads.stash(request.session, flow.key, preview)
            return redirect(flow.preview_url, pk=obj.pk)
    pending = uploads.pending(request.session, flow.key, **flow.owner(obj))
    context = {**flow.context(obj), "form": form, "pending": pending}
    return render(request, f"cycle/{flow.template}.html", context)


def _preview(request: HttpRequest, flow: _Flow, obj: Any) -> HttpResponse:
    """The preview page: show what would be written; 确认导入 writes it, 取消 forgets it."""
    data = uploads.pending(request.session, flow.key, **flow.owner(obj))
    if data is None:
        messages.info(request, f"没有待确认的{flow.what}上传, 请先上传文件。")
        return redirect(flow.upload_url, pk=obj.pk)
    if request.method == "POST":
        if request.POST.get("token") != data["token"]:
            messages.error(request, "预览已过期 (可能在其他窗口中已确认或取消), 请重新上传。")
            return redirect(flow.upload_url, pk=obj.pk)
        action = request.POST.get("action", "")
        if action == "cancel":
            uploads.forget(request.session, flow.key)
            messages.info(request, "已取消, 未导入任何内容。")
            return redirect(flow.back_url, pk=obj.pk)
        if action != "confirm":
            raise Http404
        try:
            result = flow.confirm(obj, data, request.user)
        except (uploads.StaleUpload, CycleError, FieldError) as exc:
            uploads.forget(request.session, flow.key)
            messages.error(request, f"导入未成功, 未写入任何内容: {exc}")
            return redirect(flow.upload_url, pk=obj.pk)
        uploads.forget(request.session, flow.key)
        _done(request, result, data["file"])
        return redirect(flow.back_url, pk=obj.pk)
    context = {**flow.context(obj), "preview": data, "counts": _counts(data)}
    return render(request, f"cycle/{flow.template}_preview.html", context)


# --- 监控表 -------------------------------------------------------------------------------------

_PROGRESS = _Flow(
    key=uploads.PROGRESS_KEY,
    what="监控表",
    label="填好的监控表 (Excel / CSV / YAML)",
    upload_url="progress_upload",
    preview_url="progress_upload_preview",
    back_url="round_detail",
    template="progress_upload",
    read=uploads.preview_progress,
    confirm=uploads.confirm_progress,
    owner=lambda rnd: {"round": rnd.pk},
    context=lambda rnd: {"round": rnd, "plan": rnd.plan},
)


@require_http_methods(["GET", "POST"])
def progress_upload(request: HttpRequest, pk: int) -> HttpResponse:
    rnd = _round(request, pk)
    if rnd.status != RoundStatus.OPEN:
        messages.error(request, "本轮运行监控已结束, 不能再修改填报内容。")
        return redirect("round_detail", pk=rnd.pk)
    return _upload(request, _PROGRESS, rnd)


@require_http_methods(["GET", "POST"])
def progress_upload_preview(request: HttpRequest, pk: int) -> HttpResponse:
    return _preview(request, _PROGRESS, _round(request, pk))


# --- 自评表 -------------------------------------------------------------------------------------

_EVALUATION = _Flow(
    key=uploads.EVALUATION_KEY,
    what="自评表",
    label="填好的自评表 (Excel / CSV / YAML)",
    upload_url="evaluation_upload",
    preview_url="evaluation_upload_preview",
    back_url="plan_evaluations",
    template="evaluation_upload",
    read=uploads.preview_evaluation,
    confirm=uploads.confirm_evaluation,
    owner=lambda plan: {"plan": plan.pk},
    context=lambda plan: {"plan": plan},
)


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
    return _upload(request, _EVALUATION, plan)


@require_http_methods(["GET", "POST"])
def evaluation_upload_preview(request: HttpRequest, pk: int) -> HttpResponse:
    return _preview(request, _EVALUATION, _plan(request, pk))
