# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""URL map of the web application (see docs/web.md for the page list)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET
from django.views.i18n import set_language

from jixiao.web.audit import views as audit_views
from jixiao.web.plans import views


@require_GET
@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    """A trivial page (for load balancers, and the benchmark's baseline)."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", healthz, name="healthz"),
    path("accounts/", include("jixiao.web.accounts.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/import/", views.plan_import, name="plan_import"),
    path("plans/import/preview/", views.plan_import_preview, name="plan_import_preview"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/findings/", views.plan_findings, name="plan_findings"),
    path("plans/<int:pk>/history/", views.plan_history, name="plan_history"),
    path("plans/<int:pk>/versions/<int:number>/", views.plan_version, name="plan_version"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/review/<str:stage>/", views.plan_review, name="plan_review"),
    path("plans/<int:pk>/adjust/", views.plan_adjust, name="plan_adjust"),
    path("plans/<int:pk>/live-findings/", views.plan_live_findings, name="plan_live_findings"),
    path("plans/<int:pk>/projects/new/", views.project_create, name="project_create"),
    path("plans/<int:pk>/subgoals/new/", views.subgoal_create, name="subgoal_create"),
    path("plans/<int:pk>/measures/new/", views.measure_create, name="measure_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/delete/", views.project_delete, name="project_delete"),
    path("subgoals/<int:pk>/edit/", views.subgoal_edit, name="subgoal_edit"),
    path("subgoals/<int:pk>/delete/", views.subgoal_delete, name="subgoal_delete"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/delete/", views.measure_delete, name="measure_delete"),
    path("measures/<int:pk>/progress/", views.measure_progress, name="measure_progress"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("api/parse-target/", views.api_parse_target, name="api_parse_target"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("audit/export.csv", audit_views.audit_export, name="audit_export"),
    path("", include("jixiao.web.cycle.urls")),
    path("api/v1/", include("jixiao.web.api.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "jixiao.web.plans.views.permission_denied"
