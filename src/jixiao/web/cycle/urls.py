# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""URLs of monitoring, self-evaluation and dashboards (see docs/web-cycle.md)."""

from django.urls import URLPattern, path

from jixiao.web.api import views as api_views
from jixiao.web.cycle import views_dashboard as d
from jixiao.web.cycle import views_evaluation as e
from jixiao.web.cycle import views_monitoring as m
from jixiao.web.cycle import views_uploads as u

urlpatterns: list[URLPattern] = [
    # 运行监控
    path("monitoring/", m.monitoring_home, name="monitoring_home"),
    path("plans/<int:pk>/monitoring/", m.plan_rounds, name="plan_rounds"),
    path("plans/<int:pk>/monitoring/new/", m.round_create, name="round_create"),
    path("monitoring/<int:pk>/", m.round_detail, name="round_detail"),
    path("monitoring/<int:pk>/status/", m.round_status, name="round_status"),
    path("monitoring/<int:pk>/ledger/", m.ledger_upload, name="ledger_upload"),
    path("monitoring/<int:pk>/export.xlsx", m.round_export, name="round_export"),
    path("monitoring/<int:pk>/upload/", u.progress_upload, name="progress_upload"),
    path(
        "monitoring/<int:pk>/upload/preview/",
        u.progress_upload_preview,
        name="progress_upload_preview",
    ),
    path(
        "monitoring/<int:pk>/rectifications/",
        m.rectification_request,
        name="rectification_request",
    ),
    path("monitoring/<int:pk>/projects/<int:project_pk>/", m.sheet_edit, name="sheet_edit"),
    path(
        "monitoring/<int:pk>/projects/<int:project_pk>/submit/",
        m.sheet_submit,
        name="sheet_submit",
    ),
    path("ledgers/<int:pk>/", m.ledger_preview, name="ledger_preview"),
    path("rectifications/<int:pk>/", m.rectification_detail, name="rectification_detail"),
    # 绩效自评
    path("plans/<int:pk>/evaluation/", e.plan_evaluations, name="plan_evaluations"),
    path("plans/<int:pk>/evaluation/export.xlsx", e.evaluation_export, name="evaluation_export"),
    path("plans/<int:pk>/evaluation/upload/", u.evaluation_upload, name="evaluation_upload"),
    path(
        "plans/<int:pk>/evaluation/upload/preview/",
        u.evaluation_upload_preview,
        name="evaluation_upload_preview",
    ),
    path("projects/<int:pk>/evaluation/", e.evaluation_edit, name="evaluation_edit"),
    path("projects/<int:pk>/evaluation/live/", e.evaluation_live, name="evaluation_live"),
    path("projects/<int:pk>/evaluation/submit/", e.evaluation_submit, name="evaluation_submit"),
    path(
        "projects/<int:pk>/evaluation/review/<str:stage>/",
        e.evaluation_review,
        name="evaluation_review",
    ),
    # 看板
    path("dashboard/", d.dashboard_home, name="dashboard_home"),
    path("dashboard/departments/<int:pk>/", d.dashboard_department, name="dashboard_department"),
    path("dashboard/projects/<int:pk>/", d.dashboard_project, name="dashboard_project"),
    # 接口令牌 (the API's tokens; the API itself is at /api/v1/)
    path("tokens/", api_views.token_list, name="api_tokens"),
]
