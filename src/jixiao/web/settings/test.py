"""Test settings: fast password hashing, a temporary data dir; ``DATABASE_URL`` is honoured.

SQLite by default (pytest-django creates an in-memory test database); with
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/test`` the suite runs on PostgreSQL and
pytest-django creates ``test_test``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from jixiao.web.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
_TMP = Path(tempfile.mkdtemp(prefix="jixiao-test-"))
DATA_DIR = _TMP
MEDIA_ROOT = _TMP / "media"
STATIC_ROOT = _TMP / "static"
JIXIAO_BACKUP_DIR = _TMP / "backups"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["NAME"] = str(_TMP / "jixiao.sqlite3")  # noqa: F405
    # A file, not Django's shared in-memory database: the live server's threads then get real
    # SQLite locking (WAL, busy timeout) instead of "database table is locked" errors.
    DATABASES["default"]["TEST"] = {"NAME": str(_TMP / "test_jixiao.sqlite3")}  # noqa: F405
else:
    # Several test runs may share one PostgreSQL server: JIXIAO_TEST_DB_NAME names this run's
    # test database (default: pytest-django's ``test_<name>``).
    _name = os.environ.get("JIXIAO_TEST_DB_NAME", "")
    if _name:
        DATABASES["default"]["TEST"] = {"NAME": _name}  # noqa: F405
