"""Run by the data-safety tests in a separate process (its own database, from the environment):

python tests/web/backup_script.py populate OUT.json   # migrate, fill every table, dump
python tests/web/backup_script.py dump OUT.json       # every table and file, as JSON
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))


def main(command: str, out: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from web.backup_world import fill_every_table, media_files, table_rows

    if command == "populate":
        call_command("migrate", verbosity=0)
        from jixiao.web.plans.convert import store_domain_plan
        from jixiao.web.plans.models import Plan
        from jixiao.web.plans.workflow import create_version
        from web.conftest import build_world, small_plan

        def make_plan(org: object, *, projects: int = 1, year: int = 2023) -> Plan:
            plan = Plan.objects.create(organisation=org, year=year)
            store_domain_plan(plan, small_plan(projects=projects, year=year))
            create_version(plan, "import", None)
            return plan

        fill_every_table(build_world(), make_plan)
    data = {"rows": table_rows(), "files": media_files()}
    Path(out).write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, default=str))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
