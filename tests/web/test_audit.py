"""The audit log is append-only (application and database), filterable, exportable."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from jixiao.web.audit.log import record
from jixiao.web.audit.models import Action, AppendOnlyError, AuditEvent


@pytest.fixture
def event(world: Any) -> AuditEvent:
    return record(Action.LOGIN, obj=world.users["unit_filler"], actor=world.users["unit_filler"])


def test_saved_record_cannot_be_changed(event: AuditEvent) -> None:
    event.message = "篡改"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.save(update_fields=["message"])
    assert AuditEvent.objects.get(pk=event.pk).message == ""


def test_record_cannot_be_deleted(event: AuditEvent) -> None:
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(message="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["message"])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_database_refuses_update_even_from_raw_sql(event: AuditEvent) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditevent SET message = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).message == ""


def test_database_refuses_delete_on_postgresql_and_app_refuses_everywhere(
    event: AuditEvent,
) -> None:
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_admin_shows_the_log_read_only(world: Any, client: Client, event: AuditEvent) -> None:
    client.force_login(world.users["admin"])
    page = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert page.status_code == 200
    assert 'name="message"' not in page.content.decode()  # no editable field
    r = client.post(f"/admin/audit/auditevent/{event.pk}/change/", {"message": "x"})
    assert r.status_code == 403
    assert client.get(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    assert client.get("/admin/audit/auditevent/add/").status_code == 403


def test_filter_by_user_action_and_plan(world: Any, make_plan: Any, client: Client) -> None:
    plan = make_plan(world.a1)
    record(
        Action.UPDATE, obj=plan, actor=world.users["unit_filler"], before={"a": 1}, after={"a": 2}
    )
    record(Action.LOGIN, obj=world.users["finance"], actor=world.users["finance"])
    client.force_login(world.users["auditor"])
    page = client.get("/audit/", {"user": "unit_filler", "action": "update"}).content.decode()
    assert "unit_filler" in page and "finance" not in page.split("<tbody>")[1]
    page = client.get("/audit/", {"plan": plan.pk}).content.decode()
    assert "单位A1 2023年绩效目标" in page
    page = client.get("/audit/", {"organisation": world.a.pk}).content.decode()
    assert "单位A1 2023年绩效目标" in page  # a department's filter includes its units


def test_csv_export_has_before_and_after(world: Any, make_plan: Any, client: Client) -> None:
    plan = make_plan(world.a1)
    record(
        Action.UPDATE,
        obj=plan,
        actor=world.users["unit_filler"],
        before={"overall_goal": "旧"},
        after={"overall_goal": "新"},
    )
    client.force_login(world.users["auditor"])
    r = client.get("/audit/export.csv", {"action": "update"})
    text = b"".join(r.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["时间", "用户名", "角色", "IP", "事件"]
    assert len(rows) == 2
    assert rows[1][1] == "unit_filler" and rows[1][4] == "修改"
    assert rows[1][12] == '{"overall_goal": "旧"}' and rows[1][13] == '{"overall_goal": "新"}'
    # the export itself is recorded
    assert AuditEvent.objects.filter(action="export", actor_username="auditor").exists()


def test_every_business_change_is_recorded(world: Any, make_plan: Any, login: Any) -> None:
    from .conftest import project_form_data

    plan = make_plan(world.a1)
    project = plan.projects.get()
    client = login("unit_filler")
    client.post(f"/plans/{plan.pk}/edit/", {"lock_version": 1, "overall_goal": "新目标"})
    client.post(
        f"/projects/{project.pk}/edit/",
        project_form_data(project, name="新名", indicators={0: {"target_raw": "20个"}}),
    )
    client.post(f"/plans/{plan.pk}/submit/", {"comment": ""})
    seen = set(AuditEvent.objects.filter(plan_id=plan.pk).values_list("action", "object_type"))
    assert {
        ("update", "plan"),
        ("update", "project"),
        ("update", "indicator"),
        ("transition", "plan"),
    } <= seen


def test_csv_export_neutralises_formulas(world: Any, client: Client) -> None:
    record(Action.LOGIN_FAILED, object_type="user", username="=HYPERLINK(1)", object_repr="=1+1")
    client.force_login(world.users["auditor"])
    r = client.get("/audit/export.csv", {"action": "login_failed"})
    rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(1)" and rows[1][8] == "'=1+1"
