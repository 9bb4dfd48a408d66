# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""App configuration of the admin site (kept free of model imports)."""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class JixiaoAdminConfig(AdminConfig):
    default_site = "jixiao.web.admin_site.JixiaoAdminSite"
