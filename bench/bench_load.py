"""Load test: many clients editing and reading one department's plan at once, for a fixed time.

A live server (Django's threaded WSGI server on 127.0.0.1, the same middleware as in
production: sessions, CSRF, authentication, audit, security headers) serves one unit's plan;
``CLIENTS`` threads, each signed in as its own filler, loop until the time is up, each step
picked at random (seeded): read the department page, a project page or the findings; save
the plan's overall goal (one hot row everybody edits); or save a measure's progress (a few
rows). A save is a real browser round trip: GET the form (lock version and CSRF token), then
POST it. The server either acknowledges it (302) or refuses it because someone saved in
between (the optimistic lock's message, counted as an intended refusal, like HTTP 409).

Checked afterwards, against the database:

- **zero errors**: every response is 200/302, or an intended refusal;
- **zero lost updates**: for every edited row, the acknowledged saves were based on distinct
  versions, the final lock version is the initial one plus the number of acknowledged saves,
  the final value is the last acknowledged save's, and the audit log holds one update per
  acknowledged save whose "before" is the previous save's "after" (nobody overwrote a save
  without having seen it).

The baseline is the trivial page ``/healthz/`` asked by the same clients for the same time
in the same run; the figures are throughput and latency ratios to it.

    python bench/bench_load.py [--clients 16] [--seconds 20]      # full report
    python bench/run.py load                                     # ratio in the harness

``tests/web/test_transactions_load.py`` runs a short version (8 clients, 3 seconds).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from run import Benchmark  # noqa: E402

CLIENTS = 16
SECONDS = 20.0
MEASURES = 3
CONFLICT = "保存未成功"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_LOCK_INPUT = re.compile(r'name="lock_version" value="(\d+)"')


class Target:
    """Where the server listens, the clients' sessions, and what they edit."""

    # (not a dataclass: bench/run.py loads this file without registering it as a module)
    def __init__(
        self,
        host: str,
        port: int,
        cookies: list[str],
        plan: int,
        projects: list[int],
        measures: list[int],
    ):
        self.host = host
        self.port = port
        self.cookies = cookies
        self.plan = plan
        self.projects = projects
        self.measures = measures


class Save:
    """One acknowledged save: the row, the lock version its form was opened at, the value."""

    # (plain classes: bench/run.py loads this file without registering it as a module)
    def __init__(self, row: str, base: int, value: str):
        self.row = row  # "plan:<id>" or "measure:<id>"
        self.base = base
        self.value = value


class LoadReport:
    def __init__(self, seconds: float, clients: int):
        self.seconds = seconds
        self.clients = clients
        self.requests = 0
        self.acknowledged: list[Save] = []
        self.refused = 0
        self.errors: list[str] = []
        self.latency: dict[str, list[float]] = defaultdict(list)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


# --- a minimal browser -----------------------------------------------------------------------


class Browser:
    def __init__(self, target: Target, cookie: str):
        self.target = target
        self.cookies = dict(part.split("=", 1) for part in cookie.split("; "))

    def request(
        self, method: str, path: str, body: dict[str, Any] | None = None
    ) -> tuple[int, str]:
        conn = http.client.HTTPConnection(self.target.host, self.target.port, timeout=120)
        try:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            data = None
            if body is not None:
                data = urlencode(body)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["Referer"] = f"http://{self.target.host}:{self.target.port}{path}"
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            return response.status, response.read().decode("utf-8", errors="replace")
        finally:
            conn.close()


def _timed(report: LoadReport, kind: str, lock: threading.Lock, fn: Any) -> tuple[int, str]:
    t0 = time.perf_counter()
    status, body = fn()
    with lock:
        report.requests += 1
        report.latency[kind].append(time.perf_counter() - t0)
    return status, body


def _client(
    target: Target,
    n: int,
    deadline: float,
    report: LoadReport,
    lock: threading.Lock,
    trivial: bool,
    steps: int | None,
) -> None:
    browser = Browser(target, target.cookies[n])
    rng = random.Random(n)
    step = 0
    while time.perf_counter() < deadline and (steps is None or step < steps):
        step += 1
        try:
            if trivial:
                status, _ = _timed(
                    report, "trivial", lock, lambda: browser.request("GET", "/healthz/")
                )
                if status != 200:
                    with lock:
                        report.errors.append(f"/healthz/: {status}")
                continue
            pick = rng.random()
            if pick < 0.5:
                path = rng.choice(
                    [f"/plans/{target.plan}/", f"/plans/{target.plan}/findings/"]
                    + [f"/projects/{p}/" for p in target.projects]
                )
                status, _ = _timed(report, "read", lock, lambda p=path: browser.request("GET", p))
                if status != 200:
                    with lock:
                        report.errors.append(f"GET {path}: {status}")
                continue
            if pick < 0.75:
                row, form = f"plan:{target.plan}", f"/plans/{target.plan}/edit/"
                field_name, extra = "overall_goal", {}
            else:
                measure = rng.choice(target.measures)
                row, form = f"measure:{measure}", f"/measures/{measure}/progress/"
                field_name, extra = "owner", {"status": "in_progress"}
            value = f"c{n}-s{step}"
            status, page = _timed(report, "form", lock, lambda f=form: browser.request("GET", f))
            token, lock_version = _CSRF_INPUT.search(page), _LOCK_INPUT.search(page)
            if status != 200 or token is None or lock_version is None:
                with lock:
                    report.errors.append(f"GET {form}: {status}")
                continue
            base = int(lock_version.group(1))
            body = {
                "csrfmiddlewaretoken": token.group(1),
                "lock_version": base,
                field_name: value,
                **extra,
            }
            status, page = _timed(
                report, "save", lock, lambda f=form, b=body: browser.request("POST", f, b)
            )
            with lock:
                if status == 302:
                    report.acknowledged.append(Save(row, base, value))
                elif status == 200 and CONFLICT in page:
                    report.refused += 1
                else:
                    report.errors.append(f"POST {form}: {status}")
        except (OSError, http.client.HTTPException) as exc:
            with lock:
                report.errors.append(f"{type(exc).__name__}: {exc}")


def run_load(
    target: Target,
    clients: int,
    seconds: float,
    *,
    trivial: bool = False,
    steps: int | None = None,
) -> LoadReport:
    """Every client loops for ``seconds`` (or ``steps`` steps); the report of all requests."""
    report = LoadReport(seconds=seconds, clients=clients)
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds
    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [
            pool.submit(_client, target, n, deadline, report, lock, trivial, steps)
            for n in range(clients)
        ]
        for f in futures:
            f.result()
    report.seconds = time.perf_counter() - start
    return report


# --- set-up and the lost-update check (need Django configured) ------------------------------


def prepare(clients: int) -> tuple[Target, Any]:
    """Organisations, one filler per client (signed in), a plan with 3 projects and measures;
    a threaded live server. Returns the target and the server (call ``server.shutdown()``)."""
    from django.conf import settings
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.test import Client

    from jixiao.web.accounts.models import Organisation, OrgKind, Role, User
    from jixiao.web.plans.convert import store_domain_plan
    from jixiao.web.plans.models import Measure, Plan

    sys.path.insert(0, str(HERE.parent / "tests"))
    from web.conftest import small_plan

    bureau = Organisation.objects.create(name="负载财政局", kind=OrgKind.BUREAU)
    dept = Organisation.objects.create(name="负载部门", kind=OrgKind.DEPARTMENT, parent=bureau)
    unit = Organisation.objects.create(name="负载单位", kind=OrgKind.UNIT, parent=dept)
    plan = Plan.objects.create(organisation=unit, year=2023)
    store_domain_plan(plan, small_plan(projects=3))
    for k in range(1, MEASURES):
        Measure.objects.create(plan=plan, title=f"措施{k}", position=k)
    cookies = []
    for n in range(clients):
        user = User.objects.create(username=f"load{n}", role=Role.FILLER, organisation=unit)
        client = Client()
        client.force_login(user)
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    class Server(ThreadedWSGIServer):
        request_queue_size = 256
        daemon_threads = True

    server = Server(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    target = Target(
        "127.0.0.1",
        server.server_address[1],
        cookies,
        plan.pk,
        list(plan.projects.values_list("pk", flat=True)),
        list(plan.measures.values_list("pk", flat=True)),
    )
    return target, server


def initial_versions(target: Target) -> dict[str, int]:
    from jixiao.web.plans.models import Measure, Plan

    versions = {f"plan:{target.plan}": Plan.objects.get(pk=target.plan).lock_version}
    for m in Measure.objects.filter(pk__in=target.measures):
        versions[f"measure:{m.pk}"] = m.lock_version
    return versions


def lost_updates(target: Target, report: LoadReport, initial: dict[str, int]) -> list[str]:
    """Every way an acknowledged save could have been lost; empty when none was."""
    from jixiao.web.audit.models import AuditEvent
    from jixiao.web.plans.models import Measure, Plan

    problems: list[str] = []
    by_row: dict[str, list[Save]] = defaultdict(list)
    for s in report.acknowledged:
        by_row[s.row].append(s)
    for row, start in initial.items():
        saves = sorted(by_row.get(row, []), key=lambda s: s.base)
        kind, pk = row.split(":")
        obj: Any = Plan.objects.get(pk=pk) if kind == "plan" else Measure.objects.get(pk=pk)
        field_name = "overall_goal" if kind == "plan" else "owner"
        bases = [s.base for s in saves]
        if len(set(bases)) != len(bases):
            problems.append(f"{row}: two acknowledged saves from the same version")
        if bases != list(range(start, start + len(saves))):
            problems.append(f"{row}: acknowledged saves not one per version: {bases[:10]}")
        if obj.lock_version != start + len(saves):
            problems.append(f"{row}: version {obj.lock_version} ≠ {start} + {len(saves)} saves")
        if saves and getattr(obj, field_name) != saves[-1].value:
            problems.append(f"{row}: final value is not the last acknowledged save's")
        updates = list(
            AuditEvent.objects.filter(action="update", object_type=kind, object_id=pk)
            .order_by("id")
            .values_list("before", "after")
        )
        if len(updates) != len(saves):
            problems.append(f"{row}: {len(updates)} audit updates for {len(saves)} saves")
        for (_, after), save in zip(updates, saves, strict=False):
            if after.get(field_name) != save.value:
                problems.append(f"{row}: audit order differs from the versions")
                break
        for (_, prev_after), (before, _) in itertools.pairwise(updates):
            if before.get(field_name) != prev_after.get(field_name):
                problems.append(f"{row}: a save overwrote a change it had not seen")
                break
    return problems


# --- the benchmark ---------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def summary(load: LoadReport, trivial: LoadReport, problems: list[str]) -> str:
    lines = [
        f"{load.clients} clients, {load.seconds:.0f} s each phase, loopback",
        f"mixed load: {load.requests} requests ({load.per_second:.0f}/s), "
        f"{len(load.acknowledged)} saves acknowledged, {load.refused} refused by the "
        f"optimistic lock (intended), {len(load.errors)} errors, {len(problems)} lost updates",
        f"trivial page: {trivial.requests} requests ({trivial.per_second:.0f}/s), "
        f"{len(trivial.errors)} errors",
        f"throughput ratio trivial/mixed: {trivial.per_second / max(load.per_second, 1e-9):.1f}×",
    ]
    base = p95(trivial.latency["trivial"])
    for kind in ("read", "form", "save"):
        lat = load.latency.get(kind, [])
        if lat:
            lines.append(
                f"  {kind:<5} p50 {statistics.median(lat) * 1e3:6.1f} ms  p95 "
                f"{p95(lat) * 1e3:6.1f} ms  ({p95(lat) / base:.1f}× trivial p95)"
            )
    lines.append(f"  trivial p95 {base * 1e3:.1f} ms")
    lines += [f"ERROR {e}" for e in load.errors[:10]] + [f"LOST {p}" for p in problems]
    return "\n".join(lines)


_state: dict[str, Any] = {}


def _setup_standalone() -> Target:
    if "target" in _state:
        return _state["target"]  # type: ignore[no-any-return]
    tmp = tempfile.mkdtemp(prefix="jixiao-bench-load-")
    os.environ["JIXIAO_DATA_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise SystemExit("bench_load: run it with the SQLite default (it makes its own database)")
    call_command("migrate", verbosity=0)
    target, server = prepare(CLIENTS)
    _state.update(target=target, server=server)
    return target


HARNESS_STEPS = 10  # per client, for bench/run.py (a fixed amount of work, timed)


def _mixed() -> object:
    report = run_load(_setup_standalone(), CLIENTS, 600.0, steps=HARNESS_STEPS)
    if report.errors:
        raise RuntimeError(f"bench_load: {report.errors[:3]}")
    return report


def _trivial() -> object:
    return run_load(_setup_standalone(), CLIENTS, 600.0, trivial=True, steps=HARNESS_STEPS)


BENCHMARKS = [
    Benchmark(
        name=f"load: {CLIENTS} clients × {HARNESS_STEPS} steps editing and reading one plan",
        subject=_mixed,
        baseline=_trivial,
        baseline_name="trivial page, same clients and steps",
        units=CLIENTS * HARNESS_STEPS,
        unit_name="steps",
        repeat=1,
    )
]


def main() -> int:
    global CLIENTS
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=CLIENTS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    args = parser.parse_args()
    CLIENTS = args.clients
    target = _setup_standalone()
    initial = initial_versions(target)
    trivial = run_load(target, args.clients, args.seconds, trivial=True)
    load = run_load(target, args.clients, args.seconds)
    problems = lost_updates(target, load, initial)
    print(summary(load, trivial, problems))
    return 1 if load.errors or trivial.errors or problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
