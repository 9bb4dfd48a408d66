"""Identity (身份鉴别): lockout after repeated failures, password policy, idle expiry, password
expiry, and audit records of logins, failures and permission changes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from jixiao.web.accounts.models import Role, User
from jixiao.web.accounts.validators import character_classes
from jixiao.web.audit.models import AuditEvent

from .conftest import PASSWORD


def _login(client: Client, username: str, password: str) -> Any:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_and_logout_are_audited(world: Any, client: Client) -> None:
    r = _login(client, "unit_filler", PASSWORD)
    assert r.status_code == 302
    client.post("/accounts/logout/")
    actions = list(
        AuditEvent.objects.filter(actor_username="unit_filler")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["login", "logout"]
    login = AuditEvent.objects.get(action="login")
    assert login.ip == "127.0.0.1" and login.organisation == world.a1


def test_five_failures_lock_the_account(world: Any, client: Client, settings: Any) -> None:
    assert settings.JIXIAO_LOCKOUT_ATTEMPTS == 5
    for n in range(1, 5):
        r = _login(client, "unit_filler", "wrong")
        assert "用户名或口令错误" in r.content.decode()
        assert User.objects.get(username="unit_filler").failed_login_count == n
    r = _login(client, "unit_filler", "wrong")
    user = User.objects.get(username="unit_filler")
    assert user.is_locked()
    assert "已被锁定" in r.content.decode()
    # while locked, even the right password is refused
    r = _login(client, "unit_filler", PASSWORD)
    assert r.status_code == 200 and "已被锁定" in r.content.decode()
    assert "_auth_user_id" not in client.session
    events = AuditEvent.objects.filter(actor_username="unit_filler")
    assert events.filter(action="login_failed", result="failed").count() == 5
    assert events.filter(action="locked").count() == 1
    assert events.filter(action="login_failed", result="denied").count() == 1


def test_lock_expires(world: Any, client: Client) -> None:
    user = world.users["unit_filler"]
    user.locked_until = timezone.now() - timedelta(seconds=1)
    user.save()
    assert _login(client, "unit_filler", PASSWORD).status_code == 302


def test_failures_outside_the_window_start_a_new_count(world: Any, client: Client) -> None:
    user = world.users["unit_filler"]
    user.failed_login_count = 4
    user.first_failed_login_at = timezone.now() - timedelta(minutes=16)
    user.save()
    _login(client, "unit_filler", "wrong")
    user.refresh_from_db()
    assert user.failed_login_count == 1 and not user.is_locked()


def test_success_resets_the_count(world: Any, client: Client) -> None:
    _login(client, "unit_filler", "wrong")
    _login(client, "unit_filler", PASSWORD)
    assert User.objects.get(username="unit_filler").failed_login_count == 0


def test_unknown_user_failure_is_audited_without_revealing(world: Any, client: Client) -> None:
    r = _login(client, "nobody", "x")
    page = r.content.decode()
    assert "用户名或口令错误" in page
    event = AuditEvent.objects.get(action="login_failed")
    assert (event.actor_username, event.message) == ("nobody", "用户名不存在")


def test_admin_login_path_is_also_locked(world: Any, client: Client) -> None:
    user = world.users["admin"]
    user.locked_until = timezone.now() + timedelta(minutes=10)
    user.save()
    assert not client.login(username="admin", password=PASSWORD)


def test_admin_can_unlock(world: Any, client: Client) -> None:
    locked = world.users["unit_filler"]
    locked.locked_until = timezone.now() + timedelta(minutes=10)
    locked.save()
    client.force_login(world.users["admin"])
    r = client.post(
        "/admin/accounts/user/",
        {"action": "unlock", "_selected_action": [locked.pk]},
    )
    assert r.status_code == 302
    locked.refresh_from_db()
    assert not locked.is_locked()


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Short1!", False),  # too short
        ("alllowercaseletters", False),  # one class
        ("lowercase123456", False),  # two classes
        ("Lowercase123456", True),  # three classes
        ("Jixiao-Demo-2023!", True),
    ],
)
def test_password_policy(db: Any, password: str, ok: bool) -> None:
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_character_classes() -> None:
    assert character_classes("abc") == 1
    assert character_classes("aB3") == 3
    assert character_classes("aB3!") == 4


def test_idle_session_expires(world: Any, client: Client, settings: Any) -> None:
    client.force_login(world.users["auditor"])
    assert client.get("/").status_code == 200
    session = client.session
    session["jixiao_last_seen"] = session["jixiao_last_seen"] - (
        settings.JIXIAO_SESSION_IDLE_MINUTES * 60 + 1
    )
    session.save()
    r = client.get("/plans/")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    assert client.get("/plans/").status_code == 302  # really signed out
    event = AuditEvent.objects.get(action="logout")
    assert event.message == "空闲超时"


def test_session_expiry_slides_with_use(world: Any, client: Client, settings: Any) -> None:
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == settings.JIXIAO_SESSION_IDLE_MINUTES * 60 == 1800
    client.force_login(world.users["auditor"])
    client.get("/")
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    # a request within a minute does not rewrite the session
    client.get("/plans/")
    assert Session.objects.get(session_key=key).expire_date == first
    # after more than a minute of use the server-side expiry moves on
    session = client.session
    session["jixiao_last_seen"] -= 61
    session.save()
    saved = Session.objects.get(session_key=key).expire_date
    client.get("/plans/")
    assert Session.objects.get(session_key=key).expire_date > saved


def test_expired_password_must_be_changed(world: Any, client: Client) -> None:
    user = world.users["auditor"]
    User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    client.force_login(user)
    r = client.get("/plans/")
    assert r.status_code == 302 and r["Location"] == "/accounts/password/"
    r = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Another-Passw0rd",
            "new_password2": "Another-Passw0rd",
        },
    )
    assert r.status_code == 302
    assert client.get("/plans/").status_code == 200
    assert AuditEvent.objects.filter(action="password", object_id=str(user.pk)).exists()


def test_password_change_ends_other_sessions(world: Any) -> None:
    one, two = Client(), Client()
    user = world.users["auditor"]
    one.force_login(user)
    two.force_login(user)
    one.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Another-Passw0rd",
            "new_password2": "Another-Passw0rd",
        },
    )
    assert one.get("/plans/").status_code == 200
    assert two.get("/plans/").status_code == 302  # 剩余信息保护: the other session is gone


def test_role_change_is_audited_with_before_and_after(world: Any) -> None:
    user = world.users["unit_filler"]
    user.role = Role.AUDITOR
    user.organisation = None
    user.save()
    event = AuditEvent.objects.get(action="permission")
    assert event.before["role"] == "filler" and event.after["role"] == "auditor"
    assert event.before["organisation_id"] == world.a1.pk and event.after["organisation_id"] is None


def test_role_needs_matching_organisation(world: Any) -> None:
    user = User(username="x", role=Role.DEPT_REVIEWER, organisation=world.a1)
    with pytest.raises(ValidationError):
        user.full_clean()
    user = User(username="y", role=Role.FILLER, organisation=None)
    with pytest.raises(ValidationError):
        user.full_clean()


def test_admin_site_is_for_the_system_admin_only(world: Any, client: Client) -> None:
    client.force_login(world.users["admin"])
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/audit/auditevent/").status_code == 200
    # business data is not in the admin at all (三员分立)
    assert client.get("/admin/plans/plan/").status_code == 404
    client.force_login(world.users["finance"])
    assert client.get("/admin/accounts/user/").status_code == 403


def test_admin_cannot_delete_users(world: Any, client: Client) -> None:
    client.force_login(world.users["admin"])
    target = world.users["auditor"]
    r = client.post(f"/admin/accounts/user/{target.pk}/delete/", {"post": "yes"})
    assert r.status_code == 403
    assert User.objects.filter(pk=target.pk).exists()
