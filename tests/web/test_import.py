"""Import a document: parse with the core → preview (parsed, leftovers, findings) → confirm
saves in one transaction, cancel saves nothing; bad files give a clear Chinese error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.web.audit.models import AuditEvent
from jixiao.web.plans import importing
from jixiao.web.plans.models import Indicator, Plan, PlanStatus, PlanVersion, Project


def _upload(client: Any, org: Any, path: Path, *, year: int = 2023, name: str | None = None) -> Any:
    f = SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/plain")
    return client.post("/plans/import/", {"organisation": org.pk, "year": year, "file": f})


def test_preview_then_confirm(world: Any, login: Any, seed_text: Path) -> None:
    client = login("dept_filler")
    r = _upload(client, world.a, seed_text)
    assert r.status_code == 302 and r["Location"] == "/plans/import/preview/"
    assert not Plan.objects.exists()  # nothing stored before the user confirms

    page = client.get("/plans/import/preview/").content.decode()
    assert "103001001" in page and "招商费用" in page and "103001002" in page
    assert "2 个项目, 19 条指标, 5 个分项目标, 10 项措施" in page
    assert "预算资金完成率" in page and "≥ 90 %" in page  # parsed value shown beside the raw text
    assert "没有填写指标值" in page  # the core's findings
    token = client.session[importing.SESSION_KEY]["token"]

    r = client.post("/plans/import/preview/", {"token": token, "action": "confirm"})
    plan = Plan.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/plans/{plan.pk}/"
    assert (plan.organisation, plan.year, plan.status) == (world.a, 2023, PlanStatus.DRAFT)
    assert plan.source_file == seed_text.name
    assert list(plan.projects.values_list("code", flat=True)) == ["103001001", "103001002"]
    assert Indicator.objects.filter(project__plan=plan).count() == 19
    assert plan.sub_goals.count() == 5 and plan.measures.count() == 10
    assert PlanVersion.objects.get(plan=plan).event == "import"
    event = AuditEvent.objects.get(action="import")
    assert event.after["projects"] == 2 and event.actor_username == "dept_filler"
    assert importing.SESSION_KEY not in client.session


def test_cancel_saves_nothing(world: Any, login: Any, seed_text: Path) -> None:
    client = login("dept_filler")
    _upload(client, world.a, seed_text)
    token = client.session[importing.SESSION_KEY]["token"]
    r = client.post("/plans/import/preview/", {"token": token, "action": "cancel"})
    assert r.status_code == 302
    assert not Plan.objects.exists() and not Project.objects.exists()
    assert importing.SESSION_KEY not in client.session


def test_stale_preview_token_is_refused(world: Any, login: Any, seed_text: Path) -> None:
    client = login("dept_filler")
    _upload(client, world.a, seed_text)
    r = client.post("/plans/import/preview/", {"token": "old", "action": "confirm"})
    assert r.status_code == 302
    assert not Plan.objects.exists()


def test_failed_save_leaves_no_partial_data(
    world: Any, seed_text: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.web.plans import core, workflow

    dp = core.parse_document(seed_text, "national")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    monkeypatch.setattr(workflow, "create_version", broken)
    with pytest.raises(RuntimeError):
        importing.save_import(world.a, 2023, dp, world.users["dept_filler"], "national")
    assert Plan.objects.count() == 0
    assert Project.objects.count() == 0 and Indicator.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()


def test_import_replaces_an_editable_plan(
    world: Any, make_plan: Any, login: Any, seed_text: Path
) -> None:
    plan = make_plan(world.a)
    client = login("dept_filler")
    _upload(client, world.a, seed_text)
    page = client.get("/plans/import/preview/").content.decode()
    assert "确认后将以本文件的内容替换原有内容" in page
    token = client.session[importing.SESSION_KEY]["token"]
    client.post("/plans/import/preview/", {"token": token, "action": "confirm"})
    plan.refresh_from_db()
    assert list(plan.projects.values_list("code", flat=True)) == ["103001001", "103001002"]
    assert plan.versions.count() == 2  # the replaced content stays in version 1
    event = AuditEvent.objects.get(action="import")
    assert [p["code"] for p in event.before["replaced"]["projects"]] == ["P001"]


def test_import_into_a_plan_under_review_is_refused(
    world: Any, make_plan: Any, login: Any, seed_text: Path
) -> None:
    plan = make_plan(world.a, status=PlanStatus.SUBMITTED)
    r = _upload(login("dept_filler"), world.a, seed_text)
    assert r.status_code == 200
    assert "正在审核中" in r.content.decode()
    assert list(plan.projects.values_list("code", flat=True)) == ["P001"]


def test_unsupported_file_type(world: Any, login: Any, tmp_path: Path) -> None:
    path = tmp_path / "plan.exe"
    path.write_bytes(b"MZ\x00\x00")
    r = _upload(login("dept_filler"), world.a, path)
    assert r.status_code == 200
    assert "文件 plan.exe 的格式 (.exe) 不受支持" in r.content.decode()


def test_file_size_limit(world: Any, login: Any, tmp_path: Path, settings: Any) -> None:
    settings.JIXIAO_UPLOAD_MAX_MB = 1
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * (1024 * 1024 + 1))
    r = _upload(login("dept_filler"), world.a, path)
    assert r.status_code == 200
    assert "超过上限 1 MB" in r.content.decode()
    assert importing.SESSION_KEY not in login("dept_filler").session


def test_unreadable_file_gives_chinese_error(world: Any, login: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe\xfa" * 10 + b"\x81")
    r = _upload(login("dept_filler"), world.a, path)
    assert r.status_code == 200
    page = r.content.decode()
    # sniffed by content: not text in any encoding, so binary data (a clear Chinese reason)
    assert "无法读取文件 bad.txt:" in page
    assert "无法识别的文件格式" in page and "二进制" in page
    assert "Traceback" not in page
    assert not Plan.objects.exists()


def test_leftovers_are_shown_in_the_preview(world: Any, login: Any, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("随手记下的一句话\n", encoding="utf-8")
    client = login("unit_filler")
    _upload(client, world.a1, path)
    page = client.get("/plans/import/preview/").content.decode()
    assert "未能识别的内容" in page and "随手记下的一句话" in page and "第1行" in page


def test_year_from_form_when_document_has_none(world: Any, login: Any, tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("一、总体绩效目标\n\n完成工作。\n", encoding="utf-8")
    client = login("unit_filler")
    _upload(client, world.a1, path, year=2025)
    data = client.session[importing.SESSION_KEY]
    assert data["year"] == 2025
    token = data["token"]
    client.post("/plans/import/preview/", {"token": token, "action": "confirm"})
    assert Plan.objects.get().year == 2025


@pytest.mark.parametrize("sample", ["seed_sheets.xlsx", "seed.docx", "seed_lo.pdf", "seed.html"])
def test_every_document_format_imports(world: Any, login: Any, sample: str) -> None:
    """The import takes every format the ingesters read (here the seed's tables as files)."""
    path = Path(__file__).resolve().parents[1] / "data" / "files" / sample
    client = login("dept_filler")
    r = _upload(client, world.a, path)
    assert r.status_code == 302 and r["Location"] == "/plans/import/preview/"
    page = client.get("/plans/import/preview/").content.decode()
    assert "103001001" in page and "扶持资金" in page
    assert "19 条指标" in page
    assert not Plan.objects.exists()
