# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Accounts and organisations in the admin (system admin role only).

三员分立: the system admin creates accounts, sets names, passwords and whether an account is
active, and keeps the organisation tree; roles and organisations of users (授权) are
assigned by the security admin on the security page (``/accounts/security/``), so they are
read-only here. A password set here must be changed by the user at the next login.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from jixiao.web.accounts import lockout
from jixiao.web.accounts.models import Organisation, User
from jixiao.web.admin_site import AdminRoleMixin
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action


@admin.register(Organisation)
class OrganisationAdmin(AdminRoleMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "code")
    list_filter = ("kind",)
    search_fields = ("name", "code")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # organisations hold plans and audit references: rename, never delete


@admin.register(User)
class UserAdmin(AdminRoleMixin, DjangoUserAdmin):
    list_display = (
        "username",
        "full_name",
        "role",
        "organisation",
        "is_active",
        "locked_until",
        "totp_enabled_at",
    )
    list_filter = ("role", "is_active", "organisation")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("full_name", "email")}),
        ("账户", {"fields": ("is_active", "must_change_password")}),
        ("角色与机构 (由安全管理员分配)", {"fields": ("role", "organisation")}),
        (
            "登录安全",
            {
                "fields": (
                    "failed_login_count",
                    "locked_until",
                    "password_changed_at",
                    "totp_enabled_at",
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
                "fields": ("username", "full_name", "password1", "password2"),
            },
        ),
    )
    readonly_fields = (
        "role",
        "organisation",
        "failed_login_count",
        "locked_until",
        "password_changed_at",
        "totp_enabled_at",
        "last_login",
        "date_joined",
    )
    actions = ("unlock", "reset_second_factor")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # user ids are never reused: deactivate instead (身份标识唯一)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            obj.must_change_password = True  # the administrator knows this password
        super().save_model(request, obj, form, change)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            if user.pk != request.user.pk:
                # Set by an administrator: the user chooses their own at the next login.
                User.objects.filter(pk=user.pk).update(must_change_password=True)
        return response

    @admin.action(description="解除登录锁定")
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            lockout.reset(user)
            record(Action.SECURITY, obj=user, message="解除登录锁定")
        messages.success(request, f"已解除 {queryset.count()} 个账户的锁定。")

    @admin.action(description="重置双因素认证 (用户下次登录时重新绑定)")
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        from jixiao.web.accounts.views import reset_second_factor

        for user in queryset:
            reset_second_factor(user, request.user)
        messages.success(request, f"已重置 {queryset.count()} 个账户的双因素认证。")
