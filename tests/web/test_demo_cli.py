"""`jixiao serve --demo` and `jixiao manage`: demo users per role, the seed imported."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from jixiao.web.accounts.models import Role, User
from jixiao.web.demo import DEMO_PASSWORD, DEMO_USERS, create_demo
from jixiao.web.plans.models import Plan

from .conftest import REPO, SEED


def test_create_demo_imports_the_seed(db: Any, settings: Any) -> None:
    settings.DEBUG = True
    result = create_demo(SEED)
    assert {u.role for u in result.users} == set(Role)
    for du in DEMO_USERS:
        user = User.objects.get(username=du.username)
        assert user.check_password(DEMO_PASSWORD) and user.role == du.role
    plan = Plan.objects.get(pk=result.plan_id)
    assert (plan.organisation.name, plan.year, plan.status) == ("开发区商务局", 2023, "draft")
    assert list(plan.projects.values_list("code", flat=True)) == ["103001001", "103001002"]
    # a second run changes nothing but the passwords
    again = create_demo(SEED)
    assert again.plan_id == result.plan_id and Plan.objects.count() == 1


def test_demo_refused_in_production_settings(db: Any, settings: Any) -> None:
    import pytest

    settings.DEBUG = False
    with pytest.raises(RuntimeError, match="演示数据只能在开发设置下创建"):
        create_demo(SEED)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIXIAO_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    return {**env, "JIXIAO_DATA_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}


def test_serve_demo_starts_a_working_site(tmp_path: Path) -> None:
    port = _free_port()
    jixiao = [sys.executable, "-m", "jixiao"]
    proc = subprocess.Popen(
        [*jixiao, "serve", "--demo", "--port", str(port)],
        env=_env(tmp_path),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        body = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2) as r:
                    body = r.read().decode()
                    break
            except OSError:
                time.sleep(0.3)
        assert body == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as r:
            assert "登录" in r.read().decode()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        output, _ = proc.communicate(timeout=30)
    for du in DEMO_USERS:
        assert du.username in output
    assert DEMO_PASSWORD in output
    assert "已导入 000_bf5cb89b1d3e99b6.txt: 2 个项目" in output
    assert (tmp_path / "jixiao.sqlite3").is_file()


def test_manage_passes_through(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jixiao", "manage", "check"],
        env=_env(tmp_path),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_serve_with_missing_seed_file_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jixiao", "serve", "--demo", "--seed", str(tmp_path / "no.txt")],
        env=_env(tmp_path),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "文件不存在" in result.stderr and "Traceback" not in result.stderr
