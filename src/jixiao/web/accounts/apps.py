# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "jixiao.web.accounts"
    label = "accounts"
    verbose_name = "用户与机构"

    def ready(self) -> None:
        from jixiao.web.accounts import signals  # noqa: F401
