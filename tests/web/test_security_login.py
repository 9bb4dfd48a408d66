"""Identity (身份鉴别) and residual information (剩余信息保护): configurable lockout, password
policy and age, a password set by an administrator, sessions ended at logout, one active
session per user, and the TOTP second factor (enrolment, login, lockout, replay, reset)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from jixiao.web.accounts import totp
from jixiao.web.accounts.models import User
from jixiao.web.audit.models import AuditEvent

from .conftest import PASSWORD


def _login(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


def _code(user: User, offset_steps: int = 0) -> str:
    user.refresh_from_db()
    step = int(time.time() // totp.STEP_SECONDS) + offset_steps
    return totp.code_at(user.totp_secret, step)


def _enrol(user: User) -> str:
    secret = totp.new_secret()
    user.totp_secret = secret
    user.totp_enabled_at = timezone.now()
    user.save()
    return secret


# --- lockout and password policy -------------------------------------------------------------


def test_lockout_follows_the_settings(world: Any, client: Client, settings: Any) -> None:
    settings.JIXIAO_LOCKOUT_ATTEMPTS = 3
    settings.JIXIAO_LOCKOUT_MINUTES = 60
    for _ in range(2):
        assert (
            "连续失败 3 次账户将被锁定 60 分钟" in _login(client, "auditor", "x").content.decode()
        )
    page = _login(client, "auditor", "x").content.decode()
    assert "已被锁定" in page and "60 分钟" in page
    user = User.objects.get(username="auditor")
    assert user.locked_until is not None
    assert timedelta(minutes=59) < user.locked_until - timezone.now() <= timedelta(minutes=60)
    assert _login(client, "auditor").status_code == 200  # right password, still locked


def test_password_change_enforces_the_policy(world: Any, client: Client, settings: Any) -> None:
    client.force_login(world.users["auditor"])
    weak = {"old_password": PASSWORD, "new_password1": "abcdefghij", "new_password2": "abcdefghij"}
    page = client.post("/accounts/password/", weak).content.decode()
    assert "至少须包含大写字母、小写字母、数字、符号中的 3 类" in page
    short = {"old_password": PASSWORD, "new_password1": "Ab1!x", "new_password2": "Ab1!x"}
    assert client.post("/accounts/password/", short).status_code == 200
    assert User.objects.get(username="auditor").check_password(PASSWORD)


def test_password_age_zero_means_never(world: Any, client: Client, settings: Any) -> None:
    settings.JIXIAO_PASSWORD_MAX_AGE_DAYS = 0
    user = world.users["auditor"]
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(3650))
    client.force_login(user)
    assert client.get("/plans/").status_code == 200


def test_password_set_by_an_administrator_must_be_changed(world: Any, client: Client) -> None:
    admin = Client()
    admin.force_login(world.users["admin"])
    target = world.users["auditor"]
    r = admin.post(
        f"/admin/accounts/user/{target.pk}/password/",
        {
            "password1": "Admin-Set-Passw0rd",
            "password2": "Admin-Set-Passw0rd",
            "usable_password": "true",
        },
    )
    assert r.status_code == 302
    target.refresh_from_db()
    assert target.must_change_password
    assert _login(client, "auditor", "Admin-Set-Passw0rd").status_code == 302
    r = client.get("/plans/")
    assert r.status_code == 302 and r["Location"] == "/accounts/password/"
    client.post(
        "/accounts/password/",
        {
            "old_password": "Admin-Set-Passw0rd",
            "new_password1": "Own-Choice-Passw0rd",
            "new_password2": "Own-Choice-Passw0rd",
        },
    )
    target.refresh_from_db()
    assert not target.must_change_password
    assert client.get("/plans/").status_code == 200


def test_new_accounts_from_the_admin_must_change_their_password(world: Any) -> None:
    admin = Client()
    admin.force_login(world.users["admin"])
    r = admin.post(
        "/admin/accounts/user/add/",
        {
            "username": "newbie",
            "full_name": "新用户",
            "password1": "First-Passw0rd!",
            "password2": "First-Passw0rd!",
            "usable_password": "true",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    user = User.objects.get(username="newbie")
    assert user.must_change_password and user.role == "" and user.organisation is None


# --- sessions --------------------------------------------------------------------------------


def test_logout_destroys_the_session(world: Any, client: Client) -> None:
    _login(client, "auditor")
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    replay = Client()
    replay.cookies["sessionid"] = key  # the old cookie is worth nothing now
    assert replay.get("/plans/").status_code == 302


def test_login_changes_the_session_key(world: Any, client: Client) -> None:
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    _login(client, "auditor")
    assert client.session.session_key != before  # no session fixation


def test_password_change_keeps_this_session_and_ends_the_others(world: Any) -> None:
    one, two = Client(), Client()
    _login(one, "auditor")
    _login(two, "auditor")
    old_key = one.session.session_key
    one.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "N3w-Passw0rd!",
            "new_password2": "N3w-Passw0rd!",
        },
    )
    assert one.get("/plans/").status_code == 200
    assert one.session.session_key != old_key  # cycled on change
    assert two.get("/plans/").status_code == 302


def test_one_active_session_per_user(world: Any, settings: Any) -> None:
    settings.JIXIAO_SINGLE_SESSION = True
    first, second = Client(), Client()
    _login(first, "finance")
    assert first.get("/plans/").status_code == 200
    _login(second, "finance")
    assert second.get("/plans/").status_code == 200
    r = first.get("/plans/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    assert first.get("/plans/").status_code == 302  # really ended
    assert second.get("/plans/").status_code == 200
    event = AuditEvent.objects.filter(action="logout").latest("id")
    assert event.actor_username == "finance" and event.message == "已在其他位置登录"


def test_sessions_may_coexist_when_not_limited(world: Any, settings: Any) -> None:
    assert settings.JIXIAO_SINGLE_SESSION is False
    first, second = Client(), Client()
    _login(first, "finance")
    _login(second, "finance")
    assert first.get("/plans/").status_code == 200 and second.get("/plans/").status_code == 200


# --- second factor (TOTP) --------------------------------------------------------------------


def test_enrolled_user_needs_the_code(world: Any, client: Client) -> None:
    user = world.users["finance"]
    _enrol(user)
    r = _login(client, "finance")
    assert r.status_code == 302 and r["Location"] == "/accounts/otp/verify/"
    assert client.get("/plans/").status_code == 302  # not signed in yet
    r = client.post("/accounts/otp/verify/", {"code": _code(user)})
    assert r.status_code == 302 and r["Location"] == "/"
    assert client.get("/plans/").status_code == 200
    login = AuditEvent.objects.filter(action="login", actor_username="finance").latest("id")
    assert login.message == "口令 + 动态口令"


def test_a_code_is_accepted_once_and_within_one_step_of_drift(world: Any) -> None:
    user = world.users["finance"]
    _enrol(user)
    assert totp.verify(user, _code(user, -1))
    assert not totp.verify(user, _code(user, -1))  # replay of the same code
    assert totp.verify(user, _code(user, 0))
    assert not totp.verify(user, _code(user, -1))  # an older step after a newer one
    assert not totp.verify(user, _code(user, 2))  # too far ahead
    assert not totp.verify(user, "12345") and not totp.verify(user, "abcdef")


def test_wrong_codes_count_towards_the_lockout(world: Any, client: Client, settings: Any) -> None:
    user = world.users["finance"]
    _enrol(user)
    wrong = f"{(int(_code(user)) + 1) % 1_000_000:06d}"
    for n in range(1, settings.JIXIAO_LOCKOUT_ATTEMPTS):
        _login(client, "finance")
        page = client.post("/accounts/otp/verify/", {"code": wrong}).content.decode()
        assert "动态口令错误" in page
        assert User.objects.get(pk=user.pk).failed_login_count == n
    r = client.post("/accounts/otp/verify/", {"code": wrong})
    assert r.status_code == 302 and r["Location"] == "/accounts/login/"
    assert User.objects.get(pk=user.pk).is_locked()
    assert AuditEvent.objects.filter(actor_username="finance", action="locked").count() == 1
    failures = AuditEvent.objects.filter(actor_username="finance", action="login_failed")
    assert set(failures.values_list("message", flat=True)) == {"动态口令错误"}
    # the right password and code do not help while locked
    _login(client, "finance")
    assert client.get("/plans/").status_code == 302


def test_the_password_step_expires(world: Any, client: Client, settings: Any) -> None:
    _enrol(world.users["finance"])
    _login(client, "finance")
    session = client.session
    session["jixiao_pending_login"]["at"] -= settings.JIXIAO_TOTP_PENDING_MINUTES * 60 + 1
    session.save()
    r = client.post("/accounts/otp/verify/", {"code": _code(world.users["finance"])})
    assert r.status_code == 302 and r["Location"] == "/accounts/login/"
    assert client.get("/plans/").status_code == 302


def test_required_role_enrols_at_login(world: Any, client: Client, settings: Any) -> None:
    settings.JIXIAO_TOTP_REQUIRED_ROLES = ["dept_reviewer", "admin"]
    r = _login(client, "dept_reviewer")
    assert r["Location"] == "/accounts/otp/enrol/"
    page = client.get("/accounts/otp/enrol/").content.decode()
    secret = client.session["jixiao_pending_login"]["secret"]
    assert totp.grouped(secret) in page and "otpauth://totp/" in page
    assert "issuer=jixiao" in page
    step = int(time.time() // totp.STEP_SECONDS)
    r = client.post("/accounts/otp/enrol/", {"code": totp.code_at(secret, step)})
    assert r.status_code == 302
    user = User.objects.get(username="dept_reviewer")
    assert user.totp_enabled and user.totp_secret == secret
    assert client.get("/plans/").status_code == 200
    assert AuditEvent.objects.filter(action="security", object_id=str(user.pk)).exists()
    # roles not listed sign in with the password alone
    other = Client()
    assert _login(other, "unit_filler")["Location"] == "/"


def test_sessions_without_the_second_factor_are_ended(world: Any, settings: Any) -> None:
    client = Client()
    client.force_login(world.users["finance"])  # signed in before the rule
    assert client.get("/plans/").status_code == 200
    settings.JIXIAO_TOTP_REQUIRED_ROLES = ["finance"]
    r = client.get("/plans/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(action="logout", message="未通过双因素认证").exists()


def test_voluntary_enrolment_and_disabling(world: Any, client: Client) -> None:
    user = world.users["unit_filler"]
    client.force_login(user)
    page = client.get("/accounts/otp/").content.decode()
    secret = client.session["jixiao_totp_setup_secret"]
    assert totp.grouped(secret) in page
    wrong = client.post("/accounts/otp/", {"action": "enable", "code": "000000"})
    assert "动态口令不正确" in wrong.content.decode() or totp.code_at(secret, 0) == "000000"
    step = int(time.time() // totp.STEP_SECONDS)
    client.post("/accounts/otp/", {"action": "enable", "code": totp.code_at(secret, step)})
    user.refresh_from_db()
    assert user.totp_enabled
    assert client.get("/plans/").status_code == 200  # this session passed the second factor
    r = client.post("/accounts/otp/", {"action": "disable", "code": _code(user, 1)})
    assert r.status_code == 302
    user.refresh_from_db()
    assert not user.totp_enabled


def test_required_second_factor_cannot_be_disabled(world: Any, client: Client, settings: Any):
    settings.JIXIAO_TOTP_REQUIRED_ROLES = ["finance"]
    user = world.users["finance"]
    _enrol(user)
    _login(client, "finance")
    client.post("/accounts/otp/verify/", {"code": _code(user)})
    page = client.post("/accounts/otp/", {"action": "disable", "code": _code(user, 1)})
    assert "不能停用" in page.content.decode()
    user.refresh_from_db()
    assert user.totp_enabled


@pytest.mark.parametrize("by", ["admin", "security_admin"])
def test_lost_second_factor_is_reset_by_an_administrator(
    world: Any, client: Client, by: str
) -> None:
    from .test_security_roles import security_admin

    user = world.users["finance"]
    _enrol(user)
    operator = Client()
    if by == "admin":
        operator.force_login(world.users["admin"])
        r = operator.post(
            "/admin/accounts/user/",
            {"action": "reset_second_factor", "_selected_action": [user.pk]},
        )
    else:
        operator.force_login(security_admin(world))
        r = operator.post("/accounts/security/", {"action": "reset_totp", "user": user.pk})
    assert r.status_code == 302
    user.refresh_from_db()
    assert not user.totp_enabled and user.totp_secret == ""
    event = AuditEvent.objects.get(action="security", message__startswith="重置双因素认证")
    assert event.object_id == str(user.pk)
    assert _login(client, "finance")["Location"] == "/"  # password alone again (not required)


def test_totp_secret_never_reaches_the_audit_log(world: Any) -> None:
    from jixiao.web.audit.log import snapshot

    user = world.users["finance"]
    secret = _enrol(user)
    assert "totp_secret" not in (snapshot(user) or {})
    assert not AuditEvent.objects.filter(after__icontains=secret).exists()
