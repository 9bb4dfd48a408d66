# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""URLs of monitoring, self-evaluation and dashboards (filled by web part 2)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
