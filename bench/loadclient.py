"""The HTTP load client the web benchmarks share: N threads × M GET requests, latencies."""

from __future__ import annotations

import http.client
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol


class Target(Protocol):
    host: str
    port: int
    cookie: str


def get(site: Target, path: str, timeout: float = 60) -> tuple[int, str]:
    """One GET with the site's session cookie: (status, body)."""
    conn = http.client.HTTPConnection(site.host, site.port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Cookie": site.cookie})
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def client(site: Target, path: str, requests: int, timeout: float = 60) -> list[float]:
    """One client's request latencies (seconds); any status but 200 stops the benchmark."""
    latencies = []
    for _ in range(requests):
        t0 = time.perf_counter()
        status, _ = get(site, path, timeout)
        latencies.append(time.perf_counter() - t0)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    return latencies


def concurrent(
    site: Target, path: str, clients: int, requests: int, timeout: float = 60
) -> list[float]:
    """Every request's latency (seconds) of ``clients`` threads × ``requests`` requests."""
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(lambda _: client(site, path, requests, timeout), range(clients)))
    return [x for r in results for x in r]


def p95(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=20, method="inclusive")[-1]
