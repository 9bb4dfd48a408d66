# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Accounts and organisations in the admin (system admin role only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from jixiao.web.accounts import lockout
from jixiao.web.accounts.models import Organisation, User
from jixiao.web.admin_site import AdminRoleMixin


@admin.register(Organisation)
class OrganisationAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "code")
    list_filter = ("kind",)
    search_fields = ("name", "code")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # organisations hold plans and audit references: rename, never delete


@admin.register(User)
class UserAdmin(AdminRoleMixin, DjangoUserAdmin):
    list_display = ("username", "full_name", "role", "organisation", "is_active", "locked_until")
    list_filter = ("role", "is_active", "organisation")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "email")}),
        ("角色与机构", {"fields": ("role", "organisation", "is_active", "is_staff")}),
        (
            "登录安全",
            {
                "fields": (
                    "failed_login_count",
                    "locked_until",
                    "password_changed_at",
                    "last_login",
                    "date_joined",
                )
            },
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "full_name",
                    "role",
                    "organisation",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = (
        "failed_login_count",
        "locked_until",
        "password_changed_at",
        "last_login",
        "date_joined",
    )
    actions = ("unlock",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # user ids are never reused: deactivate instead (身份标识唯一)

    @admin.action(description="解除登录锁定")
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            lockout.reset(user)
        messages.success(request, f"已解除 {queryset.count()} 个账户的锁定。")
