"""Chinese by default, English switchable (Django i18n with the shipped locale/en catalogue)."""

from __future__ import annotations

from typing import Any


def test_chinese_by_default(world: Any, login: Any) -> None:
    page = login("auditor").get("/plans/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "绩效目标" in page and "审计日志" in page


def test_switch_to_english_and_back(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a)
    client = login("auditor")
    r = client.post("/i18n/setlang/", {"language": "en", "next": f"/plans/{plan.pk}/"})
    assert r.status_code == 302
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert '<html lang="en">' in page
    for label in (
        "Overall goal",
        "Sub-goals",
        "Management measures",
        "Project targets",
        "Audit log",
        "Sign out",
    ):
        assert label in page, label
    # user text and names from the organisation tree stay as written
    assert "部门A" in page and "总体目标" in page
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/plans/"})
    assert "总体绩效目标" in client.get(f"/plans/{plan.pk}/").content.decode()


def test_login_page_can_switch_language(client: Any, db: Any) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in" in page and "User name" in page
