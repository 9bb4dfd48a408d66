"""Development and demo settings (``jixiao serve``): DEBUG on, SQLite in ./var by default."""

from __future__ import annotations

from jixiao.web.settings.base import *  # noqa: F403
from jixiao.web.settings.base import env_list

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: F405
ALLOWED_HOSTS = env_list("JIXIAO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
