"""A failed save leaves no partial data: an exception forced in the middle of each kind of
write (after some rows were already written) leaves every table exactly as it was, audit
log included. Real transactions here (``transactional_db``), as in production."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.web import backup
from jixiao.web.plans import editing, importing, workflow
from jixiao.web.plans.models import Plan, Project, ReviewRecord

from .backup_world import media_files, table_rows
from .conftest import build_world, project_form_data, small_plan

pytestmark = pytest.mark.django_db(transaction=True)


class Boom(Exception):
    pass


def _rows() -> dict[str, Any]:
    rows = table_rows()
    rows.pop("sessions.session", None)
    return rows


@pytest.fixture
def setup() -> Any:
    from jixiao.web.plans.convert import store_domain_plan

    world = build_world()
    plan = Plan.objects.create(organisation=world.a1, year=2023)
    store_domain_plan(plan, small_plan(projects=2))
    workflow.create_version(plan, "import", None)
    client = Client(raise_request_exception=True)
    client.force_login(world.users["unit_filler"])
    return world, plan, client


def _after_real(monkeypatch: Any, owner: Any, name: str) -> None:
    """Make ``owner.name`` do its real work, then fail."""
    real = getattr(owner, name)

    def failing(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise Boom(name)

    monkeypatch.setattr(owner, name, failing)


def test_project_save_failing_after_the_indicators(setup: Any, monkeypatch: Any) -> None:
    _, plan, client = setup
    project = plan.projects.order_by("position").first()
    data = project_form_data(
        project,
        name="新名称",
        indicators={0: {"target_raw": "≥ 99个"}},
        new_indicators=[
            {"level1": "产出指标", "level2": "数量指标", "level3": "新", "target_raw": "1个"}
        ],
    )
    before = _rows()
    _after_real(monkeypatch, editing, "save_indicators")
    with pytest.raises(Boom):
        client.post(f"/projects/{project.pk}/edit/", data)
    assert _rows() == before  # project, funds, indicators, lock version and audit unchanged


def test_sub_goal_save_failing_midway(setup: Any, monkeypatch: Any) -> None:
    _, plan, client = setup
    sub = plan.sub_goals.get()
    before = _rows()
    _after_real(monkeypatch, editing, "save_indicators")
    data = {
        "title": "改后的分项",
        "goal": "x",
        "indicator_lines": "a\nb",
        "lock_version": sub.lock_version,
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-level1": "产出指标",
        "targets-0-level2": "数量指标",
        "targets-0-level3": "新指标",
        "targets-0-target_raw": "5个",
    }
    with pytest.raises(Boom):
        client.post(f"/subgoals/{sub.pk}/edit/", data)
    assert _rows() == before


def test_workflow_step_failing_after_the_version(setup: Any, monkeypatch: Any) -> None:
    world, plan, _ = setup
    workflow.transition(plan, "submit", world.users["unit_filler"])
    reviewer = Client(raise_request_exception=True)
    reviewer.force_login(world.users["dept_reviewer"])
    before = _rows()

    def failing_create(**kwargs: Any) -> Any:
        raise Boom("review record")

    monkeypatch.setattr(ReviewRecord.objects, "create", failing_create)
    with pytest.raises(Boom):
        reviewer.post(
            f"/plans/{plan.pk}/review/department/", {"decision": "approve", "grade": "优"}
        )
    assert _rows() == before
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_delete_failing_after_the_cascade(setup: Any, monkeypatch: Any) -> None:
    _, plan, client = setup
    project = plan.projects.order_by("position").first()
    before = _rows()
    _after_real(monkeypatch, Project, "delete")
    with pytest.raises(Boom):
        client.post(f"/projects/{project.pk}/delete/")
    assert _rows() == before
    assert project.indicators.count() == 3


def test_import_replacing_a_plan_failing_after_the_clear(
    setup: Any, monkeypatch: Any, seed_text: Any
) -> None:
    world, plan, client = setup
    with seed_text.open("rb") as f:
        upload = SimpleUploadedFile(seed_text.name, f.read())
    r = client.post("/plans/import/", {"organisation": world.a1.pk, "year": 2023, "file": upload})
    assert r.status_code == 302
    token = client.session[importing.SESSION_KEY]["token"]
    before = _rows()
    _after_real(monkeypatch, importing.convert, "store_domain_plan")
    with pytest.raises(Boom):
        client.post("/plans/import/preview/", {"token": token, "action": "confirm"})
    assert _rows() == before  # the old content is still there, nothing of the new
    assert sorted(plan.projects.values_list("code", flat=True)) == ["P001", "P002"]


def test_evidence_upload_failing_after_the_file_is_stored(
    setup: Any, monkeypatch: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    _, plan, client = setup
    measure = plan.measures.get()
    before = _rows()
    from jixiao.web.plans import views

    real_record = views.record

    def failing_record(action: Any, **kwargs: Any) -> Any:
        if action == "upload":
            raise Boom("audit record of the upload")
        return real_record(action, **kwargs)

    monkeypatch.setattr(views, "record", failing_record)
    upload = SimpleUploadedFile("佐证.pdf", b"%PDF-1.4")
    with pytest.raises(Boom):
        client.post(
            f"/measures/{measure.pk}/progress/",
            {
                "owner": "李四",
                "status": "done",
                "lock_version": measure.lock_version,
                "evidence": upload,
            },
        )
    assert _rows() == before  # no Evidence row, measure unchanged, no audit record
    # The file written before the failure is removed with the failed save: nothing orphaned.
    orphans = backup.unreferenced_media()
    assert orphans == [] and media_files() == {}
