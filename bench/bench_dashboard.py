"""Dashboard benchmark: a department with 1,000 projects and 10,000 indicators under 20 clients.

A live server (Django's threaded WSGI server on 127.0.0.1, SQLite in a temporary directory)
serves the department overview (看板) of a department plan with 1,000 projects × 10 indicators,
monitored (a confirmed payments ledger with a payment for every project, progress reported
for every indicator) and self-evaluated (a stored score for every project). 20 client threads
each make a bounded number of requests with a signed-in session. The baseline is the trivial
page ``/healthz/`` asked the same way in the same run, through the same middleware.

The first request after a change computes the core's results (monitoring of 1,000 projects,
review of the plan) and caches them (``cycle.computed``); the benchmark reports that cold
request once, then measures the warm page, which is what users see between changes.

``python bench/run.py dashboard`` reports the batch time as a ratio to the trivial batch;
``python bench/bench_dashboard.py`` prints p50/p95 per page, the p95 ratio and the cold time.
Setup happens on first use, not at import.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
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
    """Where the benchmark server listens, the session cookie and the pages."""

    # (not a dataclass: bench/run.py loads this file without registering it as a module)
    def __init__(self, host: str, port: int, cookie: str, dashboard: str, cold_seconds: float):
        self.host = host
        self.port = port
        self.cookie = cookie
        self.dashboard = dashboard
        self.trivial_page = "/healthz/"
        self.cold_seconds = cold_seconds


_site: Site | None = None


def _big_plan() -> Any:
    from jixiao.domain.model import Checkpoint, FundLine, Funds, Indicator, Plan, Project
    from jixiao.domain.money import Money, MoneyUnit
    from jixiao.domain.values import parse_target

    targets = [
        ("产出指标", "数量指标", "{}个", 10),
        ("产出指标", "质量指标", "{}%以上", 90),
        ("效益指标", "社会效益指标", "{}人", 500),
        ("满意度指标", "服务对象满意度指标", "{}%以上", 95),
    ]
    projects = []
    for n in range(PROJECTS):
        indicators = []
        for k in range(INDICATORS_PER_PROJECT):
            l1, l2, pattern, base = targets[k % len(targets)]
            raw = pattern.format(base + k)
            indicators.append(
                Indicator(
                    l1, l2, f"指标{k}", target=parse_target(raw, level1=l1, level2=l2, year=2023)
                )
            )
        money = Money(Decimal(100 + n), MoneyUnit.WAN)
        projects.append(
            Project(
                code=f"1030{n:05d}",
                name=f"项目{n}",
                funds=Funds(total=money, lines=[FundLine("财政拨款", money)]),
                spending_plan=[
                    Checkpoint("6月底", 6, Decimal(50)),
                    Checkpoint("12月底", 12, Decimal(100)),
                ],
                indicators=indicators,
            )
        )
    return Plan(year=2023, overall_goal="总体目标", projects=projects)


def _populate(plan: Any, user: Any) -> None:
    """A round with a confirmed ledger, progress for every indicator, a score per project."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jixiao.web.cycle import monitoring
    from jixiao.web.cycle.models import IndicatorProgress, ProjectProgress, SelfEvaluation
    from jixiao.web.plans.models import Indicator

    rnd = monitoring.open_round(plan, as_of=date(2023, 7, 31), deadline=None, note="", user=user)
    lines = ["支付日期,项目编码,支付金额(万元)"]
    for n in range(PROJECTS):
        lines.append(f"2023-0{1 + n % 7}-15,1030{n:05d},{(100 + n) * (n % 10) / 10:.2f}")
    upload = SimpleUploadedFile("ledger.csv", ("\n".join(lines) + "\n").encode())
    monitoring.confirm_ledger(monitoring.preview_ledger(rnd, upload, user), user)
    projects = list(plan.projects.order_by("position"))
    sheets = ProjectProgress.objects.bulk_create(
        [ProjectProgress(round=rnd, project=p, updated_by=user) for p in projects]
    )
    sheet_of = {s.project_id: s for s in sheets}
    rows = []
    for ind in Indicator.objects.filter(project__plan=plan).only("pk", "project_id", "position"):
        rows.append(
            IndicatorProgress(
                sheet=sheet_of[ind.project_id],
                indicator_id=ind.pk,
                value=str(5 + ind.position * 3),
                reasons={"其他": "进度说明"} if ind.position % 3 == 0 else {},
            )
        )
    IndicatorProgress.objects.bulk_create(rows, batch_size=2000)
    grades = ["优", "良", "中", "差"]
    SelfEvaluation.objects.bulk_create(
        [
            SelfEvaluation(
                plan=plan,
                project=p,
                status="submitted",
                computed_total=Decimal(95 - (n % 4) * 12),
                computed_grade=grades[n % 4],
                updated_by=user,
            )
            for n, p in enumerate(projects)
        ]
    )


def _setup() -> Site:
    global _site
    if _site is not None:
        return _site
    tmp = tempfile.mkdtemp(prefix="jixiao-bench-dashboard-")
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
    user = User.objects.create(username="bench", role=Role.FINANCE, organisation=bureau)
    plan = Plan.objects.create(organisation=dept, year=2023, status="approved")
    store_domain_plan(plan, _big_plan())
    _populate(plan, user)

    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    class Server(ThreadedWSGIServer):
        request_queue_size = 128  # 20 clients connecting at once (Django's default is 10)

    server = Server(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = f"/dashboard/departments/{dept.pk}/?year=2023"
    site = Site("127.0.0.1", server.server_address[1], cookie, page, 0.0)
    # the cold request computes and caches the core's results; check both pages once
    t0 = time.perf_counter()
    status, body = _get(site, page)
    site.cold_seconds = time.perf_counter() - t0
    if status != 200 or f'id="kpi-projects">{PROJECTS}<' not in body or "chart-lights" not in body:
        raise RuntimeError(f"bench setup: {page} answered {status}")
    status, body = _get(site, "/healthz/")
    if status != 200 or body != "ok":
        raise RuntimeError(f"bench setup: /healthz/ answered {status}")
    _site = site
    return site


def _get(site: Site, path: str) -> tuple[int, str]:
    return loadclient.get(site, path, 120)


def concurrent_batch(path: str) -> list[float]:
    """Every request's latency (seconds): CLIENTS threads × REQUESTS_PER_CLIENT requests."""
    return loadclient.concurrent(_setup(), path, CLIENTS, REQUESTS_PER_CLIENT, 120)


p95 = loadclient.p95


def dashboard_batch() -> object:
    return concurrent_batch(_setup().dashboard)


def trivial_batch() -> object:
    return concurrent_batch(_setup().trivial_page)


BENCHMARKS = [
    Benchmark(
        name="web: department dashboard, 1,000 projects / 10,000 indicators, 20 clients",
        subject=dashboard_batch,
        baseline=trivial_batch,
        baseline_name="trivial page, same clients",
        units=CLIENTS * REQUESTS_PER_CLIENT,
        unit_name="requests",
        repeat=3,
    )
]


def main() -> int:
    site = _setup()
    print(
        "cold dashboard request (computes and caches the core's results): "
        f"{site.cold_seconds:.2f} s"
    )
    concurrent_batch(site.trivial_page)  # warm-up
    concurrent_batch(site.dashboard)
    trivial = concurrent_batch(site.trivial_page)
    dashboard = concurrent_batch(site.dashboard)
    for name, lat in (("trivial page", trivial), ("department dashboard", dashboard)):
        print(
            f"{name}: p50 {statistics.median(lat) * 1e3:.1f} ms, p95 {p95(lat) * 1e3:.1f} ms "
            f"({len(lat)} requests, {CLIENTS} clients)"
        )
    print(f"p95 ratio dashboard/trivial: {p95(dashboard) / p95(trivial):.1f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
