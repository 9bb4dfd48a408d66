"""Template context: the user's role and what the menus may show."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jixiao.web.accounts.permissions import Perm, has_any, role_of


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_role": role_of(user),
        "menu": {
            "plans": has_any(user, Perm.VIEW_PLAN),
            "create": has_any(user, Perm.CREATE_PLAN),
            "audit": has_any(user, Perm.VIEW_AUDIT),
            "accounts": has_any(user, Perm.MANAGE_ACCOUNTS),
            "security": has_any(user, Perm.MANAGE_SECURITY),
        },
    }
