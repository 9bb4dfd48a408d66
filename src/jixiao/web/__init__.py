"""The jixiao web application (Django): stores plans, users, workflow and audit; calls the core.

网页端：保存计划、用户、流程和审计日志；每一条规则都由核心包 (jixiao.ingest / review /
domain.values) 计算，网页端只负责存储、展示和流转。

Settings live in :mod:`jixiao.web.settings` (``base``, ``dev``, ``test``, ``production``);
the apps are split by concern: ``accounts`` (users, roles, organisation tree, lockout),
``plans`` (plans, projects, indicators, sub-goals, measures, import, workflow, versions)
and ``audit`` (the append-only audit log).
"""

from __future__ import annotations

import os

DEFAULT_SETTINGS = "jixiao.web.settings.dev"


def setup(settings_module: str | None = None) -> None:
    """Configure and set up Django once (settings from the environment or ``settings_module``)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module or DEFAULT_SETTINGS)
    django.setup()
