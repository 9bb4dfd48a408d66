# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Login (password, then the second factor when needed), logout, password change, the
second-factor pages and the security admin's page (安全管理).

The login is two steps when the user has a second factor or their role requires one: the
password step only remembers (in the anonymous session, for ``JIXIAO_TOTP_PENDING_MINUTES``)
who passed it; the user is signed in once the code is right. Wrong codes count as failed
logins (same lockout counter as wrong passwords).
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jixiao.web.accounts import lockout, totp
from jixiao.web.accounts.forms import AuthorisationForm, LoginForm, OtpForm
from jixiao.web.accounts.middleware import SECOND_FACTOR_KEY
from jixiao.web.accounts.models import Organisation, OrgKind, Role, User
from jixiao.web.accounts.permissions import Perm, require
from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action, Result

PENDING_KEY = "jixiao_pending_login"
SETUP_SECRET_KEY = "jixiao_totp_setup_secret"


def landing(user: Any) -> str:
    """Where a user goes after login when no ``next`` was asked for."""
    if getattr(user, "effective_role", "") == Role.SECURITY_ADMIN:
        return reverse("security_admin")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing(self.request.user)

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if not totp.needs_second_factor(user):
            return super().form_valid(form)
        # Password step passed: remember who, ask for the code before signing in.
        next_url = self.get_redirect_url() or landing(user)
        self.request.session[PENDING_KEY] = {
            "uid": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": next_url,
        }
        return redirect("otp_verify" if user.totp_enabled else "otp_enrol")


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form: Any) -> Any:
        form.user.must_change_password = False
        response = super().form_valid(form)
        messages.success(self.request, _("口令已修改。其他设备上的登录已失效。"))
        return response


# --- second factor at login ----------------------------------------------------------------


def _pending(request: HttpRequest) -> tuple[dict[str, Any], User] | None:
    data = request.session.get(PENDING_KEY)
    if not isinstance(data, dict):
        return None
    age = time.time() - float(data.get("at", 0))
    user = User.objects.filter(pk=data.get("uid"), is_active=True).first()
    if age > settings.JIXIAO_TOTP_PENDING_MINUTES * 60 or user is None:
        request.session.pop(PENDING_KEY, None)
        return None
    return data, user


def _expired(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("登录已超时或未完成, 请重新输入用户名和口令。"))
    return redirect("login")


def _complete_login(request: HttpRequest, user: User, data: dict[str, Any]) -> HttpResponse:
    request.session.pop(PENDING_KEY, None)
    lockout.reset(user)
    request._jixiao_login_factors = "口令 + 动态口令"
    login(request, user, backend=data["backend"])
    request.session[SECOND_FACTOR_KEY] = True
    return redirect(data["next"])


def _code_failed(request: HttpRequest, user: User, form: OtpForm) -> HttpResponse | None:
    """Count a wrong code like a wrong password; a redirect when it locked the account."""
    locked = lockout.register_failure(user)
    record(
        Action.LOGIN_FAILED,
        obj=user,
        actor=user,
        result=Result.FAILED,
        message="动态口令错误",
        organisation=user.organisation,
    )
    if locked:
        record(
            Action.LOCKED,
            obj=user,
            actor=user,
            result=Result.DENIED,
            message=(
                f"连续 {settings.JIXIAO_LOCKOUT_ATTEMPTS} 次登录失败, "
                f"锁定 {settings.JIXIAO_LOCKOUT_MINUTES} 分钟"
            ),
            organisation=user.organisation,
        )
        request.session.pop(PENDING_KEY, None)
        messages.error(
            request,
            _("该账户因连续登录失败已被锁定, 请 %(m)d 分钟后再试或联系安全管理员。")
            % {"m": settings.JIXIAO_LOCKOUT_MINUTES},
        )
        return redirect("login")
    user.refresh_from_db(fields=["failed_login_count"])
    form.add_error(
        "code",
        _("动态口令错误或已使用过。连续失败 %(n)d 次账户将被锁定。")
        % {"n": settings.JIXIAO_LOCKOUT_ATTEMPTS},
    )
    return None


def _refuse_locked(request: HttpRequest, user: User) -> HttpResponse:
    record(
        Action.LOGIN_FAILED,
        obj=user,
        actor=user,
        result=Result.DENIED,
        message="账户已锁定, 拒绝登录",
        organisation=user.organisation,
    )
    request.session.pop(PENDING_KEY, None)
    messages.error(request, _("该账户已被锁定, 请稍后再试或联系安全管理员。"))
    return redirect("login")


@login_not_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Second step of the login: the code from the user's authenticator app."""
    pending = _pending(request)
    if pending is None:
        return _expired(request)
    data, user = pending
    if not user.totp_enabled:
        return redirect("otp_enrol")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if user.is_locked():
            return _refuse_locked(request, user)
        if totp.verify(user, form.cleaned_data["code"]):
            return _complete_login(request, user, data)
        if (response := _code_failed(request, user, form)) is not None:
            return response
    return render(request, "accounts/otp_verify.html", {"form": form, "who": user})


@login_not_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Enrolment at login, for a user whose role requires a second factor and has none."""
    pending = _pending(request)
    if pending is None:
        return _expired(request)
    data, user = pending
    if user.totp_enabled:
        return redirect("otp_verify")
    secret = data.get("secret") or totp.new_secret()
    if data.get("secret") != secret:
        data["secret"] = secret
        request.session[PENDING_KEY] = data
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if user.is_locked():
            return _refuse_locked(request, user)
        if totp.verify(user, form.cleaned_data["code"], secret=secret):
            _enable(user, secret)
            return _complete_login(request, user, data)
        if (response := _code_failed(request, user, form)) is not None:
            return response
    return render(request, "accounts/otp_setup.html", _setup_context(user, secret, form, True))


def _setup_context(user: User, secret: str, form: OtpForm, at_login: bool) -> dict[str, Any]:
    return {
        "form": form,
        "who": user,
        "secret": totp.grouped(secret),
        "uri": totp.provisioning_uri(user, secret),
        "at_login": at_login,
        "enrolled": False,
        "required": totp.required_for(user),
    }


def _enable(user: User, secret: str) -> None:
    user.totp_secret = secret
    user.totp_enabled_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_enabled_at"])
    record(
        Action.SECURITY,
        obj=user,
        actor=user,
        message="启用双因素认证 (动态口令)",
        organisation=user.organisation,
    )


def reset_second_factor(user: User, by: Any) -> None:
    """An administrator clears a lost second factor; the user enrols again (if required)."""
    user.totp_secret = ""
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.save(update_fields=["totp_secret", "totp_enabled_at", "totp_last_step"])
    record(
        Action.SECURITY,
        obj=user,
        actor=by,
        message="重置双因素认证 (动态口令)",
        organisation=user.organisation,
    )


# --- second factor for a signed-in user ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enable (or, where the role does not require it, disable) the second factor."""
    user: User = request.user
    form = OtpForm(request.POST or None)
    if user.totp_enabled:
        if request.method == "POST" and request.POST.get("action") == "disable":
            if totp.required_for(user):
                messages.error(request, _("您的角色必须使用双因素认证, 不能停用。"))
            elif form.is_valid() and totp.verify(user, form.cleaned_data["code"]):
                reset_second_factor(user, user)
                request.session.pop(SECOND_FACTOR_KEY, None)
                messages.success(request, _("已停用双因素认证。"))
                return redirect("otp_setup")
            else:
                form.add_error("code", _("动态口令错误或已使用过。"))
        context = {"form": form, "who": user, "enrolled": True}
        context["required"] = totp.required_for(user)
        return render(request, "accounts/otp_setup.html", context)
    secret = request.session.get(SETUP_SECRET_KEY) or totp.new_secret()
    request.session[SETUP_SECRET_KEY] = secret
    if request.method == "POST" and form.is_valid():
        if totp.verify(user, form.cleaned_data["code"], secret=secret):
            _enable(user, secret)
            request.session.pop(SETUP_SECRET_KEY, None)
            request.session[SECOND_FACTOR_KEY] = True
            messages.success(request, _("已启用双因素认证: 今后登录时需输入动态口令。"))
            return redirect("otp_setup")
        form.add_error("code", _("动态口令不正确, 请核对手机时间后重试。"))
    return render(request, "accounts/otp_setup.html", _setup_context(user, secret, form, False))


# --- security admin (安全管理员) --------------------------------------------------------------


def _policy() -> list[tuple[str, str]]:
    s = settings
    max_age = s.JIXIAO_PASSWORD_MAX_AGE_DAYS
    roles = sorted(totp.required_roles())
    return [
        (
            _("登录失败锁定"),
            _("%(n)d 分钟内连续失败 %(a)d 次, 锁定 %(m)d 分钟")
            % {
                "n": s.JIXIAO_LOCKOUT_WINDOW_MINUTES,
                "a": s.JIXIAO_LOCKOUT_ATTEMPTS,
                "m": s.JIXIAO_LOCKOUT_MINUTES,
            },
        ),
        (
            _("口令复杂度"),
            _("至少 %(n)d 位, 至少 %(c)d 类字符")
            % {"n": s.JIXIAO_PASSWORD_MIN_LENGTH, "c": s.JIXIAO_PASSWORD_MIN_CLASSES},
        ),
        (_("口令有效期"), _("%(d)d 天") % {"d": max_age} if max_age > 0 else _("不限")),
        (_("空闲超时"), _("%(m)d 分钟") % {"m": s.JIXIAO_SESSION_IDLE_MINUTES}),
        (_("单一会话"), _("是") if s.JIXIAO_SINGLE_SESSION else _("否")),
        (_("须双因素认证的角色"), ", ".join(_role_label(r) for r in roles) or _("无")),
        (_("上传文件上限"), f"{s.JIXIAO_UPLOAD_MAX_MB} MB"),
        (_("审计记录保存期限"), _("%(d)d 天") % {"d": s.JIXIAO_AUDIT_RETENTION_DAYS}),
    ]


def _role_label(value: str) -> str:
    if value in {"all", "*"}:
        return _("全部角色")
    return str(dict(Role.choices).get(value, value))


@require_http_methods(["GET", "POST"])
def security_admin(request: HttpRequest) -> HttpResponse:
    """Roles and organisations (授权), unlocking, second-factor reset: the security admin's
    page. Accounts themselves (names, passwords, active) belong to the system admin."""
    require(request.user, Perm.MANAGE_SECURITY)
    if request.method == "POST":
        _security_action(request)
        return redirect("security_admin")
    users = User.objects.select_related("organisation").order_by("username")
    orgs = Organisation.objects.exclude(kind=OrgKind.BUREAU).select_related("parent")
    return render(
        request,
        "accounts/security.html",
        {
            "users": users,
            "roles": Role.choices,
            "orgs": orgs,
            "policy": _policy(),
            "now": timezone.now(),
            "form": AuthorisationForm(),
        },
    )


def _security_action(request: HttpRequest) -> None:
    action = request.POST.get("action", "")
    form = AuthorisationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请求无效。"))
        return
    target = User.objects.filter(pk=form.cleaned_data["user"]).first()
    if target is None:
        messages.error(request, _("用户不存在。"))
        return
    if target.pk == request.user.pk:
        # Nobody grants themselves anything (三员分立).
        record(Action.DENIED, obj=target, result=Result.DENIED, message="不能修改自己的账户")
        messages.error(request, _("不能修改自己的账户; 请由另一位安全管理员操作。"))
        return
    if action == "unlock":
        lockout.reset(target)
        record(Action.SECURITY, obj=target, message="解除登录锁定")
        messages.success(request, _("已解除 %(u)s 的登录锁定。") % {"u": target.username})
    elif action == "reset_totp":
        reset_second_factor(target, request.user)
        messages.success(request, _("已重置 %(u)s 的双因素认证。") % {"u": target.username})
    elif action == "authorise":
        _authorise(request, target, form.cleaned_data)
    else:
        messages.error(request, _("未知操作。"))


def _authorise(request: HttpRequest, target: User, data: dict[str, Any]) -> None:
    org_id = data.get("organisation")
    org = Organisation.objects.filter(pk=org_id).first() if org_id else None
    if org_id and org is None:
        messages.error(request, _("机构不存在。"))
        return
    target.role = data.get("role") or ""
    target.organisation = org
    try:
        target.clean()
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return
    with transaction.atomic():
        target.save(update_fields=["role", "organisation"])  # audited with before/after
    messages.success(
        request,
        _("已将 %(u)s 的角色设为 %(r)s。")
        % {"u": target.username, "r": target.get_role_display() or "—"},
    )
