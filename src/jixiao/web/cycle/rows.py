"""Project rows with what :mod:`jixiao.web.plans.convert` needs, prefetched in plan order."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from jixiao.web.plans.models import Checkpoint, FundLine, Indicator, Project


def prefetched(projects: Any) -> list[Project]:
    """``projects`` (a queryset) in plan order with fund lines, checkpoints and indicators."""
    return list(
        projects.order_by("position", "id").prefetch_related(
            Prefetch("fund_lines", queryset=FundLine.objects.order_by("position", "id")),
            Prefetch("checkpoints", queryset=Checkpoint.objects.order_by("position", "id")),
            Prefetch("indicators", queryset=Indicator.objects.order_by("position", "id")),
        )
    )


def one(project: Project) -> Project:
    """A single project row, prefetched."""
    return prefetched(Project.objects.filter(pk=project.pk).select_related("plan"))[0]
