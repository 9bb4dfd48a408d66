"""Web benchmark: a department page listing 1,000 projects under 20 concurrent clients.

A live server (Django's threaded WSGI server on 127.0.0.1, SQLite in a temporary directory)
serves a department plan with 1,000 projects × 10 indicators to 20 client threads, each
making a bounded number of requests with a signed-in session. The baseline is a trivial page
(``/healthz/``) asked the same way in the same run, through the same middleware (session,
authentication, audit context, security headers).

``python bench/run.py web`` reports the batch time as a ratio to the trivial batch;
``python bench/bench_web.py`` also prints p50/p95 latency per page and the p95 ratio.
Setup (database, 1,000 projects, server) happens on first use, not at import.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import loadclient  # noqa: E402
from run import Benchmark  # noqa: E402

CLIENTS = 20
REQUESTS_PER_CLIENT = 5
PROJECTS = 1_000
INDICATORS_PER_PROJECT = 10


class Site:
    """Where the benchmark server listens and the signed-in session cookie."""

    # (not a dataclass: bench/run.py loads this file without registering it as a module)
    def __init__(self, host: str, port: int, cookie: str, department_page: str):
        self.host = host
        self.port = port
        self.cookie = cookie
        self.department_page = department_page
        self.trivial_page = "/healthz/"


_site: Site | None = None


def _big_plan() -> Any:
    from jixiao.domain.model import FundLine, Funds, Indicator, Plan, Project
    from jixiao.domain.money import Money, MoneyUnit
    from jixiao.domain.target import Target

    projects = []
    for n in range(PROJECTS):
        indicators = [
            Indicator(
                "产出指标",
                "数量指标",
                f"指标{k}",
                target=Target.empty(),
                basis="工作要求",
            )
            for k in range(INDICATORS_PER_PROJECT)
        ]
        money = Money(Decimal(100 + n), MoneyUnit.WAN)
        projects.append(
            Project(
                code=f"1030{n:05d}",
                name=f"项目{n}",
                funds=Funds(total=money, lines=[FundLine("财政拨款", money)]),
                indicators=indicators,
            )
        )
    return Plan(year=2023, overall_goal="总体目标", projects=projects)


def _setup() -> Site:
    global _site
    if _site is not None:
        return _site
    tmp = tempfile.mkdtemp(prefix="jixiao-bench-web-")
    os.environ["JIXIAO_DATA_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.test import Client

    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    call_command("migrate", verbosity=0)

    from jixiao.web.accounts.models import Organisation, OrgKind, Role, User
    from jixiao.web.plans.convert import store_domain_plan
    from jixiao.web.plans.models import Plan

    bureau = Organisation.objects.create(name="财政局", kind=OrgKind.BUREAU)
    dept = Organisation.objects.create(name="商务局", kind=OrgKind.DEPARTMENT, parent=bureau)
    user = User.objects.create(username="bench", role=Role.AUDITOR)
    plan = Plan.objects.create(organisation=dept, year=2023)
    store_domain_plan(plan, _big_plan())

    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    class Server(ThreadedWSGIServer):
        # Django's development server listens with a backlog of 10; 20 clients connecting at
        # once would then wait for TCP's one-second SYN retry (production servers use more).
        request_queue_size = 128

    server = Server(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _site = Site("127.0.0.1", server.server_address[1], cookie, f"/plans/{plan.pk}/")
    # check both pages once (a benchmark of error pages would be worthless)
    for path, needle in (
        (_site.department_page, "1030" + f"{PROJECTS - 1:05d}"),
        ("/healthz/", "ok"),
    ):
        status, body = _get(_site, path)
        if status != 200 or needle not in body:
            raise RuntimeError(f"bench setup: {path} answered {status}")
    return _site


def _get(site: Site, path: str) -> tuple[int, str]:
    return loadclient.get(site, path, 60)


def concurrent_batch(path: str) -> list[float]:
    """Every request's latency (seconds): CLIENTS threads × REQUESTS_PER_CLIENT requests."""
    return loadclient.concurrent(_setup(), path, CLIENTS, REQUESTS_PER_CLIENT, 60)


p95 = loadclient.p95


def department_batch() -> object:
    return concurrent_batch(_setup().department_page)


def trivial_batch() -> object:
    return concurrent_batch(_setup().trivial_page)


BENCHMARKS = [
    Benchmark(
        name="web: department page, 1,000 projects, 20 concurrent clients",
        subject=department_batch,
        baseline=trivial_batch,
        baseline_name="trivial page, same clients",
        units=CLIENTS * REQUESTS_PER_CLIENT,
        unit_name="requests",
        repeat=3,
    )
]


def main() -> int:
    site = _setup()
    concurrent_batch(site.trivial_page)  # warm-up
    concurrent_batch(site.department_page)
    trivial = concurrent_batch(site.trivial_page)
    department = concurrent_batch(site.department_page)
    for name, lat in (("trivial page", trivial), ("department page (1,000 projects)", department)):
        print(
            f"{name}: p50 {statistics.median(lat) * 1e3:.1f} ms, p95 {p95(lat) * 1e3:.1f} ms "
            f"({len(lat)} requests, {CLIENTS} clients)"
        )
    print(f"p95 ratio department/trivial: {p95(department) / p95(trivial):.1f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
