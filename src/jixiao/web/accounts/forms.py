# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Login form: a clear message for a locked account and the attempts left."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from jixiao.web.accounts.models import User


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_l("用户名"), max_length=150, widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(
        label=_l("口令"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError:
            username = self.cleaned_data.get("username")
            user = User.objects.filter(username=username).first() if username else None
            if user is not None and user.is_locked():
                raise forms.ValidationError(
                    _("该账户因连续登录失败已被锁定, 请 %(m)d 分钟后再试或联系系统管理员。")
                    % {"m": settings.JIXIAO_LOCKOUT_MINUTES},
                    code="locked",
                ) from None
            raise forms.ValidationError(
                _("用户名或口令错误。连续失败 %(n)d 次账户将被锁定 %(m)d 分钟。")
                % {"n": settings.JIXIAO_LOCKOUT_ATTEMPTS, "m": settings.JIXIAO_LOCKOUT_MINUTES},
                code="invalid_login",
            ) from None


class OtpForm(forms.Form):
    """One six-digit code from the user's authenticator app (动态口令)."""

    code = forms.CharField(
        label=_l("动态口令"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "narrow",
            }
        ),
        help_text=_l("身份验证器应用 (如 Microsoft Authenticator、FreeOTP) 显示的 6 位数字"),
    )


class AuthorisationForm(forms.Form):
    """The security admin's form for one user: role and organisation (授权)."""

    user = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_l("角色"), required=False)
    organisation = forms.IntegerField(label=_l("所属机构"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        from jixiao.web.accounts.models import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "—"), *Role.choices]
