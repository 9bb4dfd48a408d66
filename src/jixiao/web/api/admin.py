# ruff: noqa: RUF012  (Django admin options are class-level lists by convention)
# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""API tokens in the system admin's site: list every user's tokens, revoke them (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from jixiao.web.admin_site import AdminRoleMixin
from jixiao.web.api.models import ApiToken
from jixiao.web.api.views import _token_view
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action


@admin.register(ApiToken)
class ApiTokenAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # tokens are created by their users (the raw token is shown only to them)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never deleted (the audit log refers to them)

    @admin.action(description="吊销所选令牌")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        n = 0
        for token in queryset.filter(revoked_at__isnull=True):
            before = _token_view(token)
            token.revoke()
            record(
                Action.UPDATE,
                obj=token,
                before=before,
                after=_token_view(token),
                message="管理员吊销接口令牌",
            )
            n += 1
        messages.success(request, f"已吊销 {n} 个令牌。")
