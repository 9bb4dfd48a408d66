"""The API's OpenAPI schema: the committed copy equals the served one, and the API behaves as
the schema says under schema-driven testing (schemathesis, a bounded number of examples).

Regenerate the committed copy after changing the API::

    JIXIAO_WRITE_OPENAPI=1 .venv/bin/python -m pytest tests/web/test_api_schema.py -k committed
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from .conftest import REPO, build_world
from .test_cycle_support import approved_plan, confirm_ledger, open_round

COMMITTED = REPO / "docs" / "openapi.json"

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def test_committed_schema_equals_the_served_one(client: Any) -> None:
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    served = r.json()
    if os.environ.get("JIXIAO_WRITE_OPENAPI") == "1":
        COMMITTED.write_text(json.dumps(served, ensure_ascii=False, indent=2) + "\n", "utf-8")
    committed = json.loads(Path(COMMITTED).read_text("utf-8"))
    assert committed == served, "docs/openapi.json is out of date (see this module's doc)"
    assert served["info"]["title"] == "jixiao API"
    assert served["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    # every operation documents its JSON errors
    for path, ops in served["paths"].items():
        for method, op in ops.items():
            assert {"401", "403", "404", "422"} <= set(op["responses"]), (method, path)


@pytest.fixture(scope="module")
def token(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """A world with an approved plan (monitored, with a self-evaluation) and a filler's token,
    built once for the module (each test's own changes are rolled back after it)."""
    from django.db import transaction

    from jixiao.web.api.models import ApiToken
    from jixiao.web.cycle import evaluation

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = build_world()
            plan = approved_plan(world.a1, projects=2)
            finance = world.users["finance"]
            rnd = open_round(plan, finance)
            confirm_ledger(rnd, finance, [("2023-03-01", "P001", "100000")])
            first = plan.projects.order_by("position").first()
            evaluation.start(first, world.users["unit_filler"])
            _, raw = ApiToken.issue(world.users["unit_filler"], "schemathesis")
            yield raw
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def in_process(db: Any) -> Iterator[None]:
    """Call the WSGI application inside the test's transaction, as Django's test client does:
    the request signals must not close the test's database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@pytest.mark.django_db
def test_api_conforms_to_its_schema(case: Any, token: str, in_process: None) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    response = case.call(headers=headers)
    # Every built-in check except "schema-valid data must be accepted": the API's rules (the
    # value grammar, the plan year, workflow states, lock versions) go beyond what JSON
    # Schema can say, and such a request is answered 409/422 with the field's location.
    case.validate_response(response, headers=headers, excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500
