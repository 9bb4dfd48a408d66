"""``jixiao backup`` / ``jixiao restore`` end to end, in separate processes: a database with a row
in every table and two evidence files, backed up, restored into a new empty database (which
the restore migrates first), compared table by table, row by row, and file by file.

On SQLite this runs SQLite → SQLite; with ``DATABASE_URL=postgres://…`` it runs PostgreSQL →
PostgreSQL and SQLite → PostgreSQL (the archive is the same for both databases)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from .conftest import REPO

SCRIPT = Path(__file__).with_name("backup_script.py")
SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SERVER_URL.startswith(("postgres://", "postgresql://"))
PAIRS = (
    [("postgresql", "postgresql"), ("sqlite", "postgresql")]
    if ON_POSTGRES
    else [("sqlite", "sqlite")]
)


class Database:
    """A fresh, empty database of one engine, with its own data directory.

    On PostgreSQL the database is kept between runs (named after its purpose and this run's
    test database) and emptied by recreating its schema: dropping a database forces a
    checkpoint of the whole server, which on a busy machine takes many seconds.
    """

    def __init__(self, engine: str, root: Path):
        self.engine = engine
        self.data_dir = root
        root.mkdir(parents=True, exist_ok=True)
        self.pg_name = ""
        if engine == "postgresql":
            run = os.environ.get("JIXIAO_TEST_DB_NAME", "") or "test"
            self.pg_name = f"jixiao_e2e_{root.name}_{run}"[:63]
            exists = _pg_admin(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.pg_name], fetch=True
            )
            if not exists:
                _pg_admin(f'CREATE DATABASE "{self.pg_name}"')
            self.empty()

    def empty(self) -> None:
        if self.pg_name:
            _pg_admin(
                "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;", db=self.pg_name
            )

    @property
    def env(self) -> dict[str, str]:
        base = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("JIXIAO_", "DJANGO_", "DATABASE_URL"))
        }
        env = {
            **base,
            "DJANGO_SETTINGS_MODULE": "jixiao.web.settings.dev",
            "JIXIAO_DATA_DIR": str(self.data_dir),
        }
        if self.pg_name:
            parts = urlsplit(SERVER_URL)
            env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{self.pg_name}"))
        return env

    def drop(self) -> None:
        self.empty()


def _pg_admin(sql: str, params: Any = None, *, db: str = "", fetch: bool = False) -> Any:
    import psycopg

    url = SERVER_URL
    if db:
        url = urlunsplit(urlsplit(SERVER_URL)._replace(path=f"/{db}"))
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql, params)
        return cursor.fetchall() if fetch else None


@pytest.fixture
def databases(tmp_path: Path) -> Iterator[Any]:
    made: list[Database] = []

    def make(engine: str, name: str) -> Database:
        db = Database(engine, tmp_path / name)
        made.append(db)
        return db

    yield make
    for db in made:
        db.drop()


def _run(args: list[str], db: Database) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=db.env, capture_output=True, text=True, cwd=REPO, timeout=180)


def _jixiao(args: list[str], db: Database) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "jixiao", *args], db)


def _dump(db: Database, command: str, out: Path) -> dict[str, Any]:
    result = _run([sys.executable, str(SCRIPT), command, str(out)], db)
    assert result.returncode == 0, result.stderr[-3000:]
    data: dict[str, Any] = json.loads(out.read_text())
    return data


def _without_backup_records(rows: dict[str, Any]) -> dict[str, Any]:
    copy = dict(rows)
    copy["audit.auditevent"] = [
        r for r in rows["audit.auditevent"] if r["action"] not in ("backup", "restore")
    ]
    return copy


@pytest.mark.parametrize(("source_engine", "target_engine"), PAIRS)
def test_backup_then_restore_into_a_new_database(
    databases: Any, tmp_path: Path, source_engine: str, target_engine: str
) -> None:
    source = databases(source_engine, "source")
    before = _dump(source, "populate", tmp_path / "before.json")
    assert len(before["files"]) == 2
    assert all(before["rows"][t] for t in ("plans.evidence", "plans.reviewrecord", "auth.group"))

    archive = tmp_path / "backup.zip"
    result = _jixiao(["backup", "-o", str(archive)], source)
    assert result.returncode == 0, result.stderr
    assert "已备份" in result.stdout and "2 个文件" in result.stdout

    target = databases(target_engine, "target")
    result = _jixiao(["restore", str(archive)], target)
    assert result.returncode == 0, result.stderr
    assert "已恢复" in result.stdout and "逐表核对校验和一致" in result.stdout
    after = _dump(target, "dump", tmp_path / "after.json")

    restore_events = [r for r in after["rows"]["audit.auditevent"] if r["action"] == "restore"]
    assert len(restore_events) == 1
    assert _without_backup_records(after["rows"]) == _without_backup_records(before["rows"])
    assert after["files"] == before["files"]


def test_cli_errors_are_one_chinese_line(databases: Any, tmp_path: Path) -> None:
    db = databases("sqlite", "db")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"garbage")
    result = _jixiao(["restore", str(broken), "--check"], db)
    assert result.returncode == 2 and "不是有效的 jixiao 备份文件" in result.stderr
    assert "Traceback" not in result.stderr
