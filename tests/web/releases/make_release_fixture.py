"""Write the database fixtures of a release: a populated database at that release's schema,
as SQL for SQLite and for PostgreSQL, for ``tests/web/test_migrations.py`` (upgrade test).

Run it once when a release is made, from that release's code, and commit the two files:

    python tests/web/releases/make_release_fixture.py 0.1.0 [--apps accounts audit plans]

``--apps`` limits the schema to those apps (and what they depend on): the 0.1.0 fixture was
written before the monitoring/evaluation and API apps had settled, so it holds the accounts,
audit and plans tables, and the upgrade test also creates the others from their migrations.
PostgreSQL: the server of ``DATABASE_URL`` (default postgres://postgres@127.0.0.1:5432/test)
gets a temporary database; ``pg_dump`` and ``psql`` must be installed.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]

POPULATE = r"""
import sys
sys.path.insert(0, {tests!r})
import django
django.setup()
from django.core.management import call_command
for app in {apps!r}:
    call_command("migrate", app, verbosity=0)
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.auth.management import create_permissions
from django.apps import apps as global_apps
from web.conftest import build_world, small_plan
from jixiao.web.plans.convert import store_domain_plan
from jixiao.web.plans.models import Evidence, Plan
from jixiao.web.plans import workflow
world = build_world()
u = world.users
plan = Plan.objects.create(organisation=world.a1, year=2023)
store_domain_plan(plan, small_plan(projects=3))
workflow.create_version(plan, "import", None)
workflow.transition(plan, "submit", u["unit_filler"], comment="提交")
workflow.transition(plan, "dept_return", u["dept_reviewer"], grade="中", comment="请修改 <b>x</b>")
workflow.transition(plan, "submit", u["unit_filler"])
workflow.transition(plan, "dept_approve", u["dept_reviewer"], grade="良")
workflow.transition(plan, "finance_approve", u["finance"], grade="优")
Evidence.objects.create(
    measure=plan.measures.get(), file="evidence/1/fixture", original_name="佐证.pdf", size=3
)
other = Plan.objects.create(organisation=world.b, year=2024)
store_domain_plan(other, small_plan(code_prefix="B", projects=1, year=2024))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("release")
    parser.add_argument("--apps", nargs="+", default=["accounts", "audit", "plans"])
    args = parser.parse_args()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("JIXIAO_", "DJANGO_"))}
    base_env["DJANGO_SETTINGS_MODULE"] = "jixiao.web.settings.dev"
    code = POPULATE.format(tests=str(REPO / "tests"), apps=args.apps)
    with tempfile.TemporaryDirectory() as tmp:
        # SQLite
        env = {**base_env, "JIXIAO_DATA_DIR": tmp}
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=REPO)
        conn = sqlite3.connect(Path(tmp) / "jixiao.sqlite3")
        sql = "\n".join(conn.iterdump()) + "\n"
        conn.close()
        (HERE / f"{args.release}.sqlite.sql").write_text(sql, encoding="utf-8")
        # PostgreSQL
        server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
        name = f"jixiao_release_{secrets.token_hex(4)}"
        url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
        subprocess.run(["psql", server, "-qc", f'CREATE DATABASE "{name}"'], check=True)
        try:
            env = {**base_env, "JIXIAO_DATA_DIR": tmp, "DATABASE_URL": url}
            subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=REPO)
            dump = subprocess.run(
                ["pg_dump", "--no-owner", "--no-privileges", "--no-comments", "--inserts", url],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            (HERE / f"{args.release}.postgresql.sql").write_text(dump, encoding="utf-8")
        finally:
            subprocess.run(["psql", server, "-qc", f'DROP DATABASE "{name}" WITH (FORCE)'])
    print(f"written: {args.release}.sqlite.sql, {args.release}.postgresql.sql")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
