"""The audit log in the admin: read-only (no add, change or delete)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jixiao.web.admin_site import AdminRoleMixin
from jixiao.web.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(AdminRoleMixin, admin.ModelAdmin):  # type: ignore[misc]
    read_only = True
    list_display = ("at", "actor_username", "action", "object_type", "object_repr", "result", "ip")
    list_filter = ("action", "result", "object_type")
    search_fields = ("actor_username", "object_repr", "message")
    date_hierarchy = "at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in AuditEvent._meta.fields]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}  # no bulk delete
