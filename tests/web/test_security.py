"""Web basics: CSRF on every form, escaping of user text, security headers, evidence files,
`check --deploy` clean for the production settings, secrets from the environment only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.web.plans.models import Evidence, Indicator

from .conftest import PASSWORD, REPO, project_form_data

SCRIPT = '<script>alert("x")</script>'


def test_csrf_is_enforced(world: Any, make_plan: Any) -> None:
    plan = make_plan(world.a1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["unit_filler"])
    r = client.post(f"/plans/{plan.pk}/submit/", {"comment": ""})
    assert r.status_code == 403
    plan.refresh_from_db()
    assert plan.status == "draft"
    r = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "unit_filler", "password": PASSWORD}
    )
    assert r.status_code == 403


def test_every_form_page_carries_a_csrf_token(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1)
    client = login("unit_filler")
    project = plan.projects.get()
    for url in (
        f"/plans/{plan.pk}/edit/",
        f"/projects/{project.pk}/edit/",
        f"/plans/{plan.pk}/submit/",
        f"/measures/{plan.measures.get().pk}/progress/",
        "/plans/import/",
        "/plans/new/",
    ):
        page = client.get(url).content.decode()
        forms = page.count('method="post"')
        assert forms >= 2, url  # the page's form and the logout/language forms
        assert page.count('name="csrfmiddlewaretoken"') == forms, url


def test_user_text_is_escaped_everywhere(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1)
    project = plan.projects.get()
    client = login("unit_filler")
    data = project_form_data(
        project, name=SCRIPT, indicators={1: {"level3": SCRIPT, "target_raw": SCRIPT}}
    )
    assert client.post(f"/projects/{project.pk}/edit/", data).status_code == 302
    assert Indicator.objects.filter(level3=SCRIPT).exists()  # stored as written
    pages = [
        f"/plans/{plan.pk}/",
        f"/projects/{project.pk}/",
        f"/projects/{project.pk}/edit/",
        f"/plans/{plan.pk}/findings/",
        f"/plans/{plan.pk}/history/",
    ]
    client.post(f"/plans/{plan.pk}/submit/", {"comment": SCRIPT})
    reviewer = login("dept_reviewer")
    reviewer.post(
        f"/plans/{plan.pk}/review/department/",
        {"decision": "return", "grade": "中", "comment": SCRIPT},
    )
    for url in [*pages, f"/plans/{plan.pk}/versions/3/?against=1"]:
        page = reviewer.get(url).content.decode()
        assert "<script>alert" not in page, url
    assert "&lt;script&gt;alert" in reviewer.get(f"/plans/{plan.pk}/").content.decode()
    auditor = login("auditor")
    assert "<script>alert" not in auditor.get("/audit/").content.decode()
    live = login("unit_filler").post(
        f"/plans/{plan.pk}/live-findings/?project={project.pk}",
        project_form_data(project),
    )
    assert live["Content-Type"].startswith("application/json")


def test_file_name_is_escaped_in_the_import_preview(world: Any, login: Any) -> None:
    client = login("unit_filler")
    f = SimpleUploadedFile("<img src=x onerror=alert(1)>.txt", "随手一句\n".encode())
    client.post("/plans/import/", {"organisation": world.a1.pk, "year": 2023, "file": f})
    page = client.get("/plans/import/preview/").content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in page


def test_security_headers(world: Any, login: Any) -> None:
    r = login("auditor").get("/plans/")
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert "no-store" in r["Cache-Control"]
    cookie = r.cookies.get("sessionid")
    assert cookie is not None and cookie["httponly"]


def test_pages_have_no_inline_script(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1)
    client = login("unit_filler")
    for url in ("/", f"/plans/{plan.pk}/", f"/projects/{plan.projects.get().pk}/edit/"):
        page = client.get(url).content.decode()
        # every <script> loads a file from 'self' (CSP forbids inline code)
        assert page.count("<script") == page.count('<script src="/static/')


def test_evidence_upload_and_download(
    world: Any, make_plan: Any, login: Any, settings: Any
) -> None:
    plan = make_plan(world.a1, status="approved")  # progress may be updated after approval
    measure = plan.measures.get()
    client = login("unit_filler")
    f = SimpleUploadedFile(
        "<b onclick=x>制度.html", b"<script>alert(1)</script>", content_type="text/html"
    )
    r = client.post(
        f"/measures/{measure.pk}/progress/",
        {"owner": "张三", "status": "done", "lock_version": measure.lock_version, "evidence": f},
    )
    assert r.status_code == 302
    evidence = Evidence.objects.get(measure=measure)
    assert evidence.original_name == "<b onclick=x>制度.html" and evidence.size == 25
    # stored under a generated name, outside any public URL
    assert "<" not in evidence.file.name and str(settings.MEDIA_ROOT) in evidence.file.path
    r = login("dept_reviewer").get(f"/evidence/{evidence.pk}/")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/octet-stream"
    assert r["Content-Disposition"].startswith("attachment")
    assert b"".join(r.streaming_content) == b"<script>alert(1)</script>"
    assert login("other_filler").get(f"/evidence/{evidence.pk}/").status_code == 403
    assert (
        "&lt;b onclick=x&gt;制度.html"
        in login("auditor").get(f"/plans/{plan.pk}/").content.decode()
    )


def test_evidence_size_limit(world: Any, make_plan: Any, login: Any, settings: Any) -> None:
    settings.JIXIAO_UPLOAD_MAX_MB = 1
    plan = make_plan(world.a1)
    measure = plan.measures.get()
    f = SimpleUploadedFile("big.pdf", b"x" * (1024 * 1024 + 10))
    r = login("unit_filler").post(
        f"/measures/{measure.pk}/progress/",
        {"status": "done", "lock_version": measure.lock_version, "evidence": f},
    )
    assert r.status_code == 200 and "超过上限 1 MB" in r.content.decode()
    assert not Evidence.objects.exists()


def _manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("JIXIAO_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "jixiao.web", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "jixiao.web.settings.production",
    "JIXIAO_SECRET_KEY": "k3J!x9#Qv2@mZ7$wL5^rT8&yB4*nC6(pD1)fG0_hS3+aE9-uI2=oK7~jX5%qW8",
    "JIXIAO_ALLOWED_HOSTS": "jixiao.example.gov.cn",
}


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {**PRODUCTION_ENV, "JIXIAO_DATA_DIR": str(tmp_path)}
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret(tmp_path: Path) -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "JIXIAO_SECRET_KEY"}
    result = _manage(["check"], {**env, "JIXIAO_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "JIXIAO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("url", "engine", "name"),
    [
        ("postgres://app@db.internal:5432/jixiao", "django.db.backends.postgresql", "jixiao"),
        (
            "sqlite:////srv/jixiao/data.sqlite3",
            "django.db.backends.sqlite3",
            "/srv/jixiao/data.sqlite3",
        ),
    ],
)
def test_database_comes_from_database_url(tmp_path: Path, url: str, engine: str, name: str) -> None:
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("JIXIAO_", "DJANGO_"))},
            "DJANGO_SETTINGS_MODULE": "jixiao.web.settings.dev",
            "DATABASE_URL": url,
            "JIXIAO_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [engine, name], result.stderr


def test_sqlite_by_default_in_the_data_dir(tmp_path: Path) -> None:
    code = "from django.conf import settings as s; print(s.DATABASES['default']['NAME'])"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JIXIAO_", "DJANGO_", "DATABASE_URL"))
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "jixiao.web.settings.dev",
            "JIXIAO_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == str(tmp_path / "jixiao.sqlite3"), result.stderr
