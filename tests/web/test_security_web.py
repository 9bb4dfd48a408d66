"""Web basics, checked over the whole site rather than page by page:

- CSRF: every URL of the site refuses a POST without the token (walked from the URL map, so
  pages added later are covered), and every POST form on every page carries the token;
- escaping: script injected through indicator names, targets, comments, reasons, measure
  titles, file names, organisation and user names never appears unescaped on any page
  reachable by following links, for each role;
- security headers on every page; request size limit (413) with a Chinese message;
- production settings: HTTPS redirect, HSTS, secure ``__Host-`` cookies; ``check --deploy``
  really fails on a weak secret.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from jixiao.web.plans import workflow
from jixiao.web.plans.models import Evidence, Leftover

from .backup_world import table_rows
from .conftest import REPO
from .test_security_roles import security_admin

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
RAW = ("<script>alert(1)", "<img src=x onerror=alert(1)>")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

# --- the URL map -----------------------------------------------------------------------------

_CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*(?:\([^()]*\)[^()]*)*)\)")


def _sample_route(route: str, samples: dict[str, str]) -> str:
    def sub(m: re.Match[str]) -> str:
        conv = m.group("conv") or "str"
        if m.group("name") in samples:
            return samples[m.group("name")]
        return "1" if conv == "int" else "x"

    return _CONVERTER.sub(sub, route)


def _sample_regex(regex: str, samples: dict[str, str]) -> str:
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")

    def sub(m: re.Match[str]) -> str:
        name, body = m.group("name"), m.group("body")
        if name in samples:
            return samples[name]
        if "\\d" in body:
            return "1"
        alternatives = body.split("|")
        return alternatives[0] if len(alternatives) > 1 else "x"

    text = _GROUP.sub(sub, text)
    return text.replace("\\", "")


def site_paths(samples: dict[str, str] | None = None) -> list[str]:
    """One concrete path for every URL pattern of the site (admin and API included)."""
    samples = samples or {}
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            pattern = p.pattern
            route = getattr(pattern, "_route", None)
            part = (
                _sample_route(str(route), samples)
                if route is not None
                else _sample_regex(pattern.regex.pattern, samples)
            )
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + part)
            elif isinstance(p, URLPattern):
                found.append("/" + prefix + part)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def test_every_url_refuses_a_post_without_csrf_token(world: Any, make_plan: Any) -> None:
    plan = make_plan(world.a1)
    paths = site_paths({"pk": str(plan.pk), "number": "1", "stage": "department"})
    assert len(paths) > 40 and "/plans/1/submit/".replace("1", str(plan.pk)) in paths
    clients = {}
    for prefix, key in (("/admin/", "admin"), ("/audit/", "auditor"), ("/", "unit_filler")):
        clients[prefix] = Client(enforce_csrf_checks=True)
        clients[prefix].force_login(world.users[key])
    before = table_rows()
    refused, unexpected = 0, []
    for path in paths:
        client = next(c for p, c in clients.items() if path.startswith(p))
        r = client.post(path, {"name": "x", "overall_goal": "x", "comment": "x"})
        body = r.content.decode(errors="replace")
        if path.startswith("/api/"):
            ok = r.status_code in (401, 403, 404, 405)  # token or no session write at all
        else:
            ok = r.status_code == 403 and "安全校验未通过" in body
        refused += ok
        if not ok:
            unexpected.append(f"{path}: {r.status_code}")
    assert unexpected == [], "\n".join(unexpected)
    after = table_rows()
    for label in ("audit.auditevent", "sessions.session"):
        before.pop(label, None), after.pop(label, None)
    assert after == before
    assert refused == len(paths)


def test_csrf_failure_page_is_chinese_and_protected(world: Any) -> None:
    r = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x"})
    assert r.status_code == 403
    page = r.content.decode()
    assert "安全校验未通过" in page and "刷新" in page
    assert "frame-ancestors 'none'" in r["Content-Security-Policy"]


# --- crawling the site -------------------------------------------------------------------------

_HREF = re.compile(r'href="(/[^"]*)"')
_FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
SKIP = ("/accounts/logout/", "/static/", "/evidence/", "/media/", "/i18n/", "/admin/logout/")
SKIP_PARTS = ("format=json", "export", "/delete/", "/password/", "against=")


def crawl(client: Client, start: list[str], limit: int) -> dict[str, Any]:
    """GET pages reachable from ``start`` by same-site links (at most ``limit``)."""
    seen: dict[str, Any] = {}
    queue = deque(start)
    while queue and len(seen) < limit:
        url = urldefrag(queue.popleft())[0].replace("&amp;", "&")
        if url in seen or url.startswith(SKIP) or any(s in url for s in SKIP_PARTS):
            continue
        r = client.get(url)
        seen[url] = r
        if r.status_code == 200 and r["Content-Type"].startswith("text/html"):
            queue.extend(_HREF.findall(r.content.decode()))
    return seen


def _inject(world: Any, make_plan: Any) -> Any:
    """Script through every kind of user text, by the forms where a form exists."""
    from jixiao.web.accounts.models import Organisation

    users = world.users
    Organisation.objects.filter(pk=world.a2.pk).update(name=f"单位{BREAKOUT}")
    for key in ("unit_filler", "dept_reviewer"):
        type(users[key]).objects.filter(pk=users[key].pk).update(full_name=f"张{SCRIPT}")
    plan = make_plan(world.a1)
    plan.overall_goal = SCRIPT + BREAKOUT
    plan.save()
    project = plan.projects.get()
    project.name = f"项目{SCRIPT}"
    project.purpose = BREAKOUT
    project.save()
    for n, ind in enumerate(project.indicators.all()):
        ind.level3 = f"指标{n}{SCRIPT}"
        ind.target_raw = f"≥{n}{BREAKOUT}"
        ind.description = BREAKOUT
        ind.basis = SCRIPT
        ind.save()
    sub = plan.sub_goals.get()
    sub.title = f"分项{SCRIPT}"
    sub.indicator_names = [SCRIPT]
    sub.save()
    measure = plan.measures.get()
    measure.title = f"措施{SCRIPT}"
    measure.text = BREAKOUT
    measure.save()
    Leftover.objects.create(plan=plan, text=SCRIPT, reason=BREAKOUT)
    filler = Client()
    filler.force_login(users["unit_filler"])
    upload = SimpleUploadedFile(f"{BREAKOUT}.pdf", b"%PDF", content_type="application/pdf")
    r = filler.post(
        f"/measures/{measure.pk}/progress/",
        {
            "owner": SCRIPT,
            "status": "done",
            "lock_version": measure.lock_version,
            "evidence": upload,
        },
    )
    assert r.status_code == 302
    assert Evidence.objects.get(measure=measure).original_name == f"{BREAKOUT}.pdf"
    assert filler.post(f"/plans/{plan.pk}/submit/", {"comment": SCRIPT}).status_code == 302
    reviewer = Client()
    reviewer.force_login(users["dept_reviewer"])
    r = reviewer.post(
        f"/plans/{plan.pk}/review/department/",
        {"decision": "return", "grade": "中", "comment": BREAKOUT + SCRIPT},
    )
    assert r.status_code == 302
    approved = make_plan(world.a1, status="approved", year=2024)
    workflow.transition(approved, "adjust", users["unit_filler"], reason=SCRIPT + BREAKOUT)
    return plan


ROLES = ["unit_filler", "dept_reviewer", "finance", "auditor", "admin", "security_admin"]


@pytest.mark.parametrize("role", ROLES)
def test_user_text_is_escaped_on_every_page(
    world: Any, make_plan: Any, role: str, settings: Any
) -> None:
    plan = _inject(world, make_plan)
    user = security_admin(world) if role == "security_admin" else world.users[role]
    client = Client()
    client.force_login(user)
    start = ["/", "/plans/", f"/plans/{plan.pk}/", f"/plans/{plan.pk}/history/", "/audit/"]
    if role == "admin":
        start += [
            "/admin/accounts/user/",
            "/admin/accounts/organisation/",
            "/admin/audit/auditevent/",
        ]
    if role == "security_admin":
        start += ["/accounts/security/"]
    pages = crawl(client, start, limit=70)
    html = {u: r for u, r in pages.items() if r["Content-Type"].startswith("text/html")}
    assert len(html) >= (1 if role == "security_admin" else 4), sorted(pages)
    shown = 0
    for url, r in pages.items():
        # headers on every response, whatever its type
        assert r["X-Content-Type-Options"] == "nosniff", url
        assert r["X-Frame-Options"] == "DENY", url
        assert r["Referrer-Policy"] == "same-origin", url
        csp = r["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, url
        assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], url
        if url not in html:
            continue
        body = r.content.decode()
        for raw in RAW:
            assert raw not in body, (url, raw)
        for form in _FORM.findall(body):
            if re.search(r'method="post"', form, re.I):
                assert 'name="csrfmiddlewaretoken"' in form, (url, form[:200])
        shown += ESCAPED in body or "&lt;img src=x onerror=alert(1)&gt;" in body
    assert shown >= 1  # the text was shown (escaped), not merely absent


# --- request size ----------------------------------------------------------------------------


def test_oversized_requests_are_refused_before_reading(world: Any, make_plan: Any, login: Any):
    plan = make_plan(world.a1)
    client = login("unit_filler")
    r = client.post(
        f"/plans/{plan.pk}/edit/",
        {"overall_goal": "x", "lock_version": 1},
        CONTENT_LENGTH=str(13 * 1024 * 1024),
    )
    assert r.status_code == 413
    page = r.content.decode()
    assert "超过上限 12 MB" in page and "13.0 MB" in page
    assert r["X-Content-Type-Options"] == "nosniff"
    plan.refresh_from_db()
    assert plan.overall_goal == "总体目标"


def test_request_limit_follows_the_setting(
    world: Any, make_plan: Any, login: Any, settings: Any
) -> None:
    settings.JIXIAO_REQUEST_MAX_MB = 1
    measure = make_plan(world.a1).measures.get()
    big = SimpleUploadedFile("big.pdf", b"x" * (1024 * 1024 + 1))
    r = login("unit_filler").post(
        f"/measures/{measure.pk}/progress/",
        {"status": "done", "lock_version": measure.lock_version, "evidence": big},
    )
    assert r.status_code == 413 and "超过上限 1 MB" in r.content.decode()
    assert not Evidence.objects.exists()


def test_too_much_form_data_is_refused(world: Any, make_plan: Any, login: Any) -> None:
    plan = make_plan(world.a1)
    r = login("unit_filler").post(
        f"/plans/{plan.pk}/edit/", {"overall_goal": "x" * 3_000_000, "lock_version": 1}
    )
    assert r.status_code == 400  # DATA_UPLOAD_MAX_MEMORY_SIZE
    plan.refresh_from_db()
    assert plan.overall_goal == "总体目标"


# --- production settings ---------------------------------------------------------------------

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "jixiao.web.settings.production",
    "JIXIAO_SECRET_KEY": "k3J!x9#Qv2@mZ7$wL5^rT8&yB4*nC6(pD1)fG0_hS3+aE9-uI2=oK7~jX5%qW8",
    "JIXIAO_ALLOWED_HOSTS": "jixiao.example.gov.cn",
}
PROBE = r"""
import json, django
django.setup()
from django.conf import settings
from django.test import Client
c = Client()
plain = c.get("/healthz/", HTTP_HOST="jixiao.example.gov.cn")
secure = c.get("/healthz/", HTTP_HOST="jixiao.example.gov.cn", secure=True)
login = c.get("/accounts/login/", HTTP_HOST="jixiao.example.gov.cn", secure=True)
cookie = login.cookies.get(settings.CSRF_COOKIE_NAME)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "hsts": secure.get("Strict-Transport-Security", ""),
    "csrf_cookie": [settings.CSRF_COOKIE_NAME, bool(cookie and cookie["secure"])],
    "session_cookie": [settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE],
    "totp_roles": sorted(settings.JIXIAO_TOTP_REQUIRED_ROLES),
    "secret_from_env": settings.SECRET_KEY == __import__("os").environ["JIXIAO_SECRET_KEY"],
    "debug": settings.DEBUG,
}))
"""


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("JIXIAO_", "DJANGO_"))}
    return {**base, **PRODUCTION, "JIXIAO_DATA_DIR": str(tmp_path), **extra}


def test_production_forces_https_with_hsts_and_secure_cookies(tmp_path: Path) -> None:
    import json

    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["plain"] == [301, "https://jixiao.example.gov.cn/healthz/"]
    assert out["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert out["csrf_cookie"] == ["__Host-jixiao-csrf", True]
    assert out["session_cookie"] == ["__Host-jixiao-session", True]
    assert out["totp_roles"] == sorted(
        ["admin", "security_admin", "auditor", "finance", "dept_reviewer"]
    )
    assert out["secret_from_env"] is True and out["debug"] is False


def test_check_deploy_fails_on_a_weak_secret(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jixiao.web", "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(tmp_path, JIXIAO_SECRET_KEY="short-key"),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr
