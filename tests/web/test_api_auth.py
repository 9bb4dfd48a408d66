"""API tokens: created on the user's page (shown once, only a hash stored), used as a Bearer
token, revoked by the user or the system admin; every step audited; JSON 401 without one."""

from __future__ import annotations

import re
from typing import Any

import pytest

from jixiao.web.api.models import ApiToken, hash_token
from jixiao.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def create_token(client: Any, name: str = "报表系统") -> str:
    r = client.post("/tokens/", {"action": "create", "name": name})
    assert r.status_code == 200
    m = re.search(r'id="token-value"><code>(jx_[A-Za-z0-9_-]+)</code>', r.content.decode())
    assert m, "the new token is shown once"
    return m.group(1)


def test_token_is_shown_once_and_only_its_hash_is_kept(world: Any, login: Any) -> None:
    client = login("unit_filler")
    raw = create_token(client)
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    assert token.prefix == raw[:10] and token.user == world.users["unit_filler"]
    assert raw not in client.get("/tokens/").content.decode()  # never shown again
    event = AuditEvent.objects.get(object_type="apitoken", action="create")
    assert "key_hash" not in event.after and raw not in str(event.after)

    r = client.get("/api/v1/me", **bearer(raw))
    assert r.status_code == 200
    assert r.json() == {
        "username": "unit_filler",
        "full_name": "unit_filler",
        "role": "filler",
        "role_label": "填报员",
        "organisation": "单位A1",
        "organisation_id": world.a1.pk,
    }
    assert r["Cache-Control"].startswith("no-store") or "no-store" in r["Cache-Control"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_missing_bad_and_revoked_tokens_get_a_json_401(world: Any, login: Any, client: Any) -> None:
    r = client.get("/api/v1/plans")
    assert r.status_code == 401
    assert r.json()["message"].startswith("未认证")
    assert r["WWW-Authenticate"] == "Bearer"
    assert client.get("/api/v1/plans", **bearer("jx_not-a-real-token")).status_code == 401
    # a signed-in session is not enough: the API takes tokens only
    assert login("finance").get("/api/v1/plans").status_code == 401

    owner = login("unit_filler")
    raw = create_token(owner)
    token = ApiToken.objects.get()
    owner.post("/tokens/", {"action": "revoke", "token": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 401
    assert AuditEvent.objects.filter(object_type="apitoken", action="update").count() == 1


def test_a_deactivated_user_s_token_stops_working(world: Any, login: Any, client: Any) -> None:
    raw = create_token(login("unit_filler"))
    user = world.users["unit_filler"]
    user.is_active = False
    user.save()
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 401


def test_users_cannot_revoke_each_other_s_tokens(world: Any, login: Any) -> None:
    create_token(login("unit_filler"))
    token = ApiToken.objects.get()
    r = login("other_filler").post("/tokens/", {"action": "revoke", "token": token.pk})
    assert r.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_system_admin_revokes_tokens_in_the_admin(world: Any, login: Any, client: Any) -> None:
    raw = create_token(login("unit_filler"))
    token = ApiToken.objects.get()
    admin = login("admin")
    page = admin.get("/admin/api/apitoken/").content.decode()
    assert token.prefix in page and raw not in page
    admin.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk], "index": 0},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 401
    event = AuditEvent.objects.filter(object_type="apitoken", action="update").get()
    assert event.actor_username == "admin" and event.message == "管理员吊销接口令牌"
    # other roles have no admin
    assert login("finance").get("/admin/api/apitoken/").status_code == 403


def test_api_actions_are_audited_as_the_token_s_user(world: Any, login: Any, client: Any) -> None:
    from .test_cycle_support import approved_plan

    plan = approved_plan(world.a1)
    raw = create_token(login("finance"))
    r = client.post(
        f"/api/v1/plans/{plan.pk}/monitoring-rounds",
        {"as_of": "2023-07-31"},
        content_type="application/json",
        **bearer(raw),
        REMOTE_ADDR="10.1.2.3",
    )
    assert r.status_code == 201
    event = AuditEvent.objects.get(object_type="monitoringround")
    assert (event.actor_username, event.actor_role, event.ip) == ("finance", "finance", "10.1.2.3")
