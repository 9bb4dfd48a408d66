# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""The audit log pages (auditor and system admin): filter, page through, export as CSV."""

from __future__ import annotations

import csv
from datetime import datetime, time
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from jixiao.web.accounts.models import Organisation
from jixiao.web.accounts.permissions import Perm, require
from jixiao.web.audit import exporting
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action, AuditEvent, Result


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.ChoiceField(
        label=_("事件"), required=False, choices=[("", "全部"), *Action.choices]
    )
    result = forms.ChoiceField(
        label=_("结果"), required=False, choices=[("", "全部"), *Result.choices]
    )
    user = forms.CharField(label=_("用户名"), required=False, max_length=150)
    object_type = forms.CharField(label=_("对象类型"), required=False, max_length=40)
    organisation = forms.ModelChoiceField(
        label=_("机构"), required=False, queryset=Organisation.objects.all()
    )
    plan = forms.IntegerField(label=_("计划编号"), required=False, min_value=1)
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.all().order_by("-at", "-id")
    if form.is_valid():
        d: dict[str, Any] = form.cleaned_data
        tz = timezone.get_current_timezone()
        if d["date_from"]:
            events = events.filter(at__gte=datetime.combine(d["date_from"], time.min, tz))
        if d["date_to"]:
            events = events.filter(at__lte=datetime.combine(d["date_to"], time.max, tz))
        if d["action"]:
            events = events.filter(action=d["action"])
        if d["result"]:
            events = events.filter(result=d["result"])
        if d["user"]:
            events = events.filter(actor_username=d["user"])
        if d["object_type"]:
            events = events.filter(object_type=d["object_type"])
        if d["organisation"]:
            org = d["organisation"]
            events = events.filter(Q(organisation=org) | Q(organisation__in=org.children.all()))
        if d["plan"]:
            events = events.filter(plan_id=d["plan"])
        if d["q"]:
            events = events.filter(Q(object_repr__icontains=d["q"]) | Q(message__icontains=d["q"]))
    return form, events


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_AUDIT)
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered log as CSV (UTF-8 with BOM, opens in Excel); the export itself is audited."""
    require(request.user, Perm.VIEW_AUDIT)
    _, events = _filtered(request)
    record(
        Action.EXPORT, object_type="auditevent", message=f"导出审计日志: {request.GET.urlencode()}"
    )
    writer = csv.writer(_Echo())

    def lines() -> Any:
        for n, cells in enumerate(exporting.rows(events.iterator(chunk_size=1000))):
            yield ("\ufeff" if n == 0 else "") + writer.writerow(cells)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response
