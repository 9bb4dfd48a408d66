# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jixiao.web.audit"
    label = "audit"
    verbose_name = "审计日志"
