# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Dashboard pages (看板): the department overview and the project page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from jixiao.web.accounts.models import Organisation, OrgKind
from jixiao.web.accounts.permissions import Perm, orgs_for, plans_for, require
from jixiao.web.cycle import dashboard
from jixiao.web.plans.models import Project

PAGE_SIZE = 100  # projects per page of the department overview's table


def _departments(request: HttpRequest) -> list[Organisation]:
    """The departments whose data the user may read (directly or through a unit)."""
    orgs = orgs_for(request.user, Perm.VIEW_PLAN)
    ids = set()
    for kind, pk, parent in orgs.values_list("kind", "pk", "parent_id"):
        ids.add(pk if kind == OrgKind.DEPARTMENT else parent)
    return list(Organisation.objects.filter(pk__in=ids, kind=OrgKind.DEPARTMENT).order_by("name"))


@require_GET
def dashboard_home(request: HttpRequest) -> HttpResponse:
    """The user's department overview, or a choice of departments (finance, auditor)."""
    departments = _departments(request)
    if not departments:
        require(request.user, Perm.VIEW_PLAN, None)  # 403 with an audit record
    mine = getattr(request.user, "organisation", None)
    own = mine.department if mine is not None else None
    if len(departments) == 1 or (own is not None and own in departments):
        target = own if own in departments else departments[0]
        return redirect("dashboard_department", pk=target.pk)
    years = sorted(
        set(plans_for(request.user, Perm.VIEW_PLAN).values_list("year", flat=True)), reverse=True
    )
    return render(
        request, "cycle/dashboard_home.html", {"departments": departments, "years": years}
    )


@require_GET
def dashboard_department(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404(Organisation, pk=pk, kind=OrgKind.DEPARTMENT)
    visible = plans_for(request.user, Perm.VIEW_PLAN).filter(
        Q(organisation=department) | Q(organisation__parent=department)
    )
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    if not years:
        require(request.user, Perm.VIEW_PLAN, department)  # 403 unless the user may read it
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and int(year_text) in years else None
    if year is None:
        year = years[0] if years else 0
    data = dashboard.department_dashboard(request.user, department, year)
    # The project table: worst light first, filtered by light, 100 a page.
    wanted = [x for x in request.GET.getlist("light") if x in dashboard.LIGHT_LABEL]
    rows = [p for p in data["projects"] if not wanted or p["light"] in wanted]
    order = {k: n for n, k in enumerate((*dashboard.LIGHT_ORDER, "unmonitored"))}
    rows.sort(key=lambda p: (order.get(p["light"], 99), p["org"], p["code"] or ""))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    dashboard.attach_evaluations(page.object_list)
    query = "&".join([f"year={year}", *(f"light={w}" for w in wanted)])
    return render(
        request,
        "cycle/dashboard_department.html",
        {
            **data,
            "years": years,
            "light_labels": dashboard.LIGHT_LABEL,
            "page": page,
            "wanted": wanted,
            "query": query,
        },
    )


@require_GET
def dashboard_project(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.select_related("plan__organisation__parent"), pk=pk)
    require(request.user, Perm.VIEW_PLAN, project)
    return render(request, "cycle/dashboard_project.html", dashboard.project_dashboard(project))
