"""Migrations: nothing left to generate; every migration applies forward from an empty
database and unapplies back to zero (and forward again); and a populated database at an
earlier release's schema (``tests/web/releases/*.sql``, written by ``make_release_fixture.py``
when the release was made) upgrades with ``migrate`` without losing a row.

Each database here is a new one (a temporary SQLite file, or a temporary PostgreSQL
database when ``DATABASE_URL`` names a PostgreSQL server), used by a separate process."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from .conftest import REPO
from .test_backup_cli import ON_POSTGRES, Database

RELEASES = Path(__file__).with_name("releases")
ENGINE = "postgresql" if ON_POSTGRES else "sqlite"

FORWARD_BACK_FORWARD = r"""
import json, django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

def triggers():
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            c.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return sorted(r[0] for r in c.fetchall())

def state():
    ex = MigrationExecutor(connection)
    return {
        "applied": sorted(map(list, ex.loader.applied_migrations)),
        "all": sorted(map(list, ex.loader.graph.nodes)),
        "tables": sorted(connection.introspection.table_names()),
        "triggers": triggers(),
    }

out = {"empty": state()}
call_command("migrate", verbosity=0)
out["forward"] = state()
ex = MigrationExecutor(connection)
ex.migrate([(app, None) for app in sorted({key[0] for key in ex.loader.graph.nodes})])
out["zero"] = state()
call_command("migrate", verbosity=0)
out["again"] = state()
from jixiao.web.audit.models import AuditEvent
AuditEvent.objects.create(action="create", message="x")
try:
    with connection.cursor() as c:
        c.execute("UPDATE audit_auditevent SET message = 'changed'")
    out["update_refused"] = False
except Exception as exc:
    out["update_refused"] = "append-only" in str(exc)
print(json.dumps(out))
"""

UPGRADED = r"""
import json, django
django.setup()
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
call_command("migrate", verbosity=0)
ex = MigrationExecutor(connection)
counts = {}
for model in apps.get_models(include_auto_created=True):
    counts[model._meta.label_lower] = model._base_manager.count()  # every column is read
    list(model._base_manager.order_by("pk")[:5])
from jixiao.web.accounts.models import User
from jixiao.web.plans.models import Plan
from jixiao.web.plans.convert import plan_to_domain
plan = Plan.objects.get(organisation__name="单位A1")
print(json.dumps({
    "pending": len(ex.migration_plan(ex.loader.graph.leaf_nodes())),
    "counts": counts,
    "status": plan.status,
    "projects": len(plan_to_domain(plan).projects),
    "roles": sorted(User.objects.values_list("role", flat=True)),
    "must_change": sorted(set(User.objects.values_list("must_change_password", flat=True))),
}))
"""


def test_models_and_migrations_agree(db: Any) -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()


def _python(code: str, db: Database) -> Any:
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=db.env,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def fresh_db(tmp_path: Path) -> Any:
    db = Database(ENGINE, tmp_path / "db")
    yield db
    db.drop()


def test_migrations_apply_from_empty_unapply_to_zero_and_apply_again(fresh_db: Any) -> None:
    out = _python(FORWARD_BACK_FORWARD, fresh_db)
    assert out["empty"]["applied"] == [] and out["empty"]["tables"] == []
    assert out["forward"]["applied"] == out["forward"]["all"]  # every migration, once
    tables = out["forward"]["tables"]
    for table in ("accounts_user", "audit_auditevent", "plans_plan", "plans_indicator"):
        assert table in tables
    assert out["forward"]["triggers"]  # the audit log's append-only trigger
    # back to zero: no application table and no trigger is left, only Django's bookkeeping
    assert out["zero"]["applied"] == []
    assert out["zero"]["tables"] == ["django_migrations"]
    assert out["zero"]["triggers"] == []
    assert out["again"] == out["forward"]
    assert out["update_refused"] is True


def _load_release(sql_file: Path, db: Database) -> None:
    if db.engine == "sqlite":
        db.data_dir.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(db.data_dir / "jixiao.sqlite3")
        conn.executescript(sql_file.read_text(encoding="utf-8"))
        conn.close()
        return
    result = subprocess.run(
        ["psql", "-v", "ON_ERROR_STOP=1", "-q", "-f", str(sql_file), db.env["DATABASE_URL"]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]


RELEASE_FILES = sorted(RELEASES.glob(f"*.{ENGINE}.sql"))


def test_there_is_a_fixture_of_the_previous_release() -> None:
    assert [p.name for p in RELEASE_FILES] == [f"0.1.0.{ENGINE}.sql"]


@pytest.mark.parametrize("sql_file", RELEASE_FILES, ids=lambda p: p.name)
def test_a_database_of_an_earlier_release_upgrades(sql_file: Path, fresh_db: Any) -> None:
    _load_release(sql_file, fresh_db)
    out = _python(UPGRADED, fresh_db)
    assert out["pending"] == 0
    counts = out["counts"]
    # what the fixture holds (tests/web/releases/make_release_fixture.py), all still there
    assert counts["accounts.user"] == 7 and counts["accounts.organisation"] == 6
    assert counts["plans.plan"] == 2 and counts["plans.project"] == 4
    assert counts["plans.indicator"] == 12 and counts["plans.evidence"] == 1
    assert counts["plans.planversion"] == 6 and counts["plans.reviewrecord"] == 3
    assert counts["audit.auditevent"] == 18
    assert out["status"] == "approved" and out["projects"] == 3
    assert out["roles"] == sorted(
        ["admin", "finance", "dept_reviewer", "filler", "filler", "filler", "auditor"]
    )
    assert out["must_change"] == [False]  # the column added later got its default
    assert os.path.getsize(sql_file) > 10_000
