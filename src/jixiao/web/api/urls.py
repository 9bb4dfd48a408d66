# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""URLs of the HTTP API (``/api/v1/…``) and of the token page (``/api/tokens/``).

The API authenticates with tokens, not the session: its views are exempt from the site's
login requirement (``LoginRequiredMiddleware``) and answer 401 themselves.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver

from jixiao.web.api.api import api


def _public(patterns: list[Any]) -> list[Any]:
    for p in patterns:
        if isinstance(p, URLResolver):
            _public(p.url_patterns)
        elif isinstance(p, URLPattern):
            p.callback.login_required = False
    return patterns


_patterns, _app, _namespace = api.urls
urlpatterns: list[URLPattern | URLResolver] = _public(list(_patterns))
app_name = _namespace  # the include() namespace ninja reverses ("api")
