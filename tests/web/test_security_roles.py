"""三员分立 (separation of duties): the system admin (accounts), the security admin (roles,
locks, second factors) and the auditor (audit log) are separate roles; none of them can
change business data, nobody can grant themselves anything, every act is audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jixiao.web.accounts.models import Role, User
from jixiao.web.accounts.permissions import POLICY, Perm
from jixiao.web.audit.models import AuditEvent
from jixiao.web.plans.models import Plan

from .backup_world import table_rows
from .conftest import PASSWORD, project_form_data

BUSINESS = {
    Perm.VIEW_PLAN,
    Perm.CREATE_PLAN,
    Perm.EDIT_PLAN,
    Perm.SUBMIT_PLAN,
    Perm.DEPT_REVIEW,
    Perm.FINANCE_REVIEW,
    Perm.REQUEST_ADJUSTMENT,
    Perm.UPDATE_PROGRESS,
}
WRITES = {Perm.CREATE_PLAN, Perm.EDIT_PLAN, Perm.SUBMIT_PLAN, Perm.DEPT_REVIEW}
WRITES |= {Perm.FINANCE_REVIEW, Perm.REQUEST_ADJUSTMENT, Perm.UPDATE_PROGRESS}


def security_admin(world: Any, username: str = "anquan") -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name="安全管理员", role=Role.SECURITY_ADMIN)
        user.set_password(PASSWORD)
        user.save()
    return user


def test_the_policy_separates_the_three_administrators() -> None:
    admin, security, auditor = (POLICY[r] for r in (Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR))
    assert Perm.MANAGE_ACCOUNTS in admin and Perm.MANAGE_SECURITY not in admin
    assert Perm.MANAGE_SECURITY in security and Perm.MANAGE_ACCOUNTS not in security
    assert Perm.VIEW_AUDIT in auditor
    assert not ({Perm.MANAGE_ACCOUNTS, Perm.MANAGE_SECURITY} & set(auditor))
    assert Perm.VIEW_AUDIT not in security  # the security admin is audited, not the auditor
    for perms in (admin, security):
        assert not BUSINESS & set(perms)
    assert not WRITES & set(auditor)  # the auditor reads, never writes


@pytest.mark.parametrize("key", ["admin", "security_admin", "auditor"])
def test_no_administrator_changes_business_data(world: Any, make_plan: Any, key: str) -> None:
    user = security_admin(world) if key == "security_admin" else world.users[key]
    plan = make_plan(world.a1)
    approved = make_plan(world.a2, status="approved", year=2024)
    submitted = make_plan(world.b, status="submitted", year=2025)
    project = plan.projects.get()
    measure = approved.measures.get()
    client = Client()
    client.force_login(user)
    before = table_rows()
    before.pop("audit.auditevent")
    writes = [
        ("/plans/new/", {"organisation": world.a1.pk, "year": 2030, "overall_goal": "x"}),
        (f"/plans/{plan.pk}/edit/", {"overall_goal": "x", "lock_version": plan.lock_version}),
        (f"/projects/{project.pk}/edit/", project_form_data(project, name="x")),
        (f"/projects/{project.pk}/delete/", {}),
        (f"/plans/{plan.pk}/submit/", {"comment": ""}),
        (f"/plans/{submitted.pk}/review/department/", {"decision": "approve", "grade": "优"}),
        (f"/plans/{submitted.pk}/review/finance/", {"decision": "approve", "grade": "优"}),
        (f"/plans/{approved.pk}/adjust/", {"reason": "x"}),
        (
            f"/measures/{measure.pk}/progress/",
            {"owner": "x", "status": "done", "lock_version": measure.lock_version},
        ),
        (f"/plans/{plan.pk}/measures/new/", {"title": "x", "lock_version": 1}),
    ]
    for url, data in writes:
        r = client.post(url, data)
        assert r.status_code in (403, 200) and r.status_code != 302, (key, url, r.status_code)
    after = table_rows()
    after.pop("audit.auditevent")
    assert after == before
    assert Plan.objects.filter(year=2030).count() == 0


def test_security_admin_page_is_for_the_security_admin_only(world: Any) -> None:
    sec = security_admin(world)
    client = Client()
    for key in ("admin", "auditor", "finance", "unit_filler"):
        client.force_login(world.users[key])
        assert client.get("/accounts/security/").status_code == 403, key
    client.force_login(sec)
    page = client.get("/accounts/security/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "5 次, 锁定 15 分钟" in text and "至少 10 位, 至少 3 类字符" in text
    assert "审计记录保存期限" in text and "180 天" in text
    # the security admin sees no business data, no audit log, no Django admin
    for url in ("/plans/", "/audit/", "/admin/"):
        r = client.get(url)
        assert (url, r.status_code) in {("/plans/", 200), ("/audit/", 403), ("/admin/", 403)}
    assert 'href="/plans/' not in client.get("/plans/").content.decode().split("<main>")[1]


def test_security_admin_lands_on_the_security_page(world: Any) -> None:
    security_admin(world)
    client = Client()
    r = client.post("/accounts/login/", {"username": "anquan", "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/accounts/security/"


def test_security_admin_assigns_roles_with_audit(world: Any) -> None:
    client = Client()
    client.force_login(security_admin(world))
    newbie = User.objects.create(username="newbie")
    r = client.post(
        "/accounts/security/",
        {"action": "authorise", "user": newbie.pk, "role": "filler", "organisation": world.a2.pk},
    )
    assert r.status_code == 302
    newbie.refresh_from_db()
    assert (newbie.role, newbie.organisation) == ("filler", world.a2)
    event = AuditEvent.objects.get(action="permission", object_id=str(newbie.pk))
    assert event.actor_username == "anquan"
    assert event.before["role"] == "" and event.after["role"] == "filler"
    assert event.after["organisation_id"] == world.a2.pk
    # a role that needs an organisation of the right level is refused with the reason
    r = client.post(
        "/accounts/security/",
        {"action": "authorise", "user": newbie.pk, "role": "dept_reviewer", "organisation": ""},
        follow=True,
    )
    assert "必须指定所属机构" in r.content.decode()
    newbie.refresh_from_db()
    assert newbie.role == "filler"


def test_nobody_grants_themselves_anything(world: Any) -> None:
    sec = security_admin(world)
    client = Client()
    client.force_login(sec)
    r = client.post(
        "/accounts/security/",
        {"action": "authorise", "user": sec.pk, "role": "finance", "organisation": ""},
        follow=True,
    )
    assert "不能修改自己的账户" in r.content.decode()
    sec.refresh_from_db()
    assert sec.role == Role.SECURITY_ADMIN
    assert AuditEvent.objects.filter(action="denied", actor_username="anquan").exists()


def test_system_admin_cannot_assign_roles(world: Any) -> None:
    admin = Client()
    admin.force_login(world.users["admin"])
    target = world.users["unit_filler"]
    page = admin.get(f"/admin/accounts/user/{target.pk}/change/").content.decode()
    assert 'name="role"' not in page and 'name="organisation"' not in page  # read-only here
    data = {
        "username": target.username,
        "full_name": "改名",
        "email": "",
        "is_active": "on",
        "role": "finance",  # ignored: not a field of this form
        "organisation": "",
    }
    r = admin.post(f"/admin/accounts/user/{target.pk}/change/", data)
    assert r.status_code == 302
    target.refresh_from_db()
    assert (target.full_name, target.role, target.organisation) == ("改名", "filler", world.a1)


def test_security_admin_unlocks_with_audit(world: Any) -> None:
    locked = world.users["finance"]
    locked.locked_until = timezone.now() + timedelta(minutes=10)
    locked.save()
    client = Client()
    client.force_login(security_admin(world))
    page = client.get("/accounts/security/").content.decode()
    assert "已锁定" in page and "解除锁定" in page
    client.post("/accounts/security/", {"action": "unlock", "user": locked.pk})
    locked.refresh_from_db()
    assert not locked.is_locked()
    event = AuditEvent.objects.get(action="security", message="解除登录锁定")
    assert event.actor_username == "anquan" and event.object_id == str(locked.pk)
