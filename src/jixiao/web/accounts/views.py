# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Login, logout and password change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from jixiao.web.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> Any:
        response = super().form_valid(form)
        messages.success(self.request, _("口令已修改。其他设备上的登录已失效。"))
        return response
