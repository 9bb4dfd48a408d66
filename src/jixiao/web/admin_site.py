# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""The Django admin, open to the system admin role only (accounts and organisation tree).

三员分立: the admin manages accounts and organisations; business data (plans) is not
registered here, and the audit log is shown read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class JixiaoAdminSite(admin.AdminSite):
    site_header = "jixiao 绩效 · 系统管理"
    site_title = "jixiao 系统管理"
    index_title = "用户与机构"

    def has_permission(self, request: HttpRequest) -> bool:
        from jixiao.web.accounts.permissions import Perm, can

        return bool(can(request.user, Perm.MANAGE_ACCOUNTS))

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # One login page for the whole site, with lockout and audit.
        if request.user.is_authenticated:
            raise PermissionDenied("系统管理仅限系统管理员")
        return redirect_to_login(request.GET.get("next", request.get_full_path()))

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            # Signed in without the admin role: a plain 403, not a loop through the login page.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied("系统管理仅限系统管理员")
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, view)


class AdminRoleMixin:
    """Model admin permissions from the role, not from Django's per-model permission rows."""

    read_only = False

    def _is_admin(self, request: HttpRequest) -> bool:
        from jixiao.web.accounts.permissions import Perm, can

        return bool(can(request.user, Perm.MANAGE_ACCOUNTS))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_admin(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return not self.read_only and self._is_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and self._is_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.read_only and self._is_admin(request)
