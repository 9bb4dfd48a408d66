# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""The user's API token page (接口令牌): create (shown once) and revoke; audited."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from jixiao.web.api.models import ApiToken
from jixiao.web.audit.log import record, snapshot
from jixiao.web.audit.models import Action


def _token_view(token: ApiToken) -> dict[str, object]:
    data = snapshot(token) or {}
    data.pop("key_hash", None)  # never copied into the log
    return data


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    raw = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "create":
            name = request.POST.get("name", "").replace("\x00", "").strip()[:100]
            if not name:
                messages.error(request, "请填写令牌用途。")
                return redirect("api_tokens")
            token, raw = ApiToken.issue(request.user, name)
            record(Action.CREATE, obj=token, after=_token_view(token), message="创建接口令牌")
        elif action == "revoke":
            pk = request.POST.get("token", "")
            token = get_object_or_404(
                ApiToken, pk=int(pk) if pk.isdigit() and len(pk) < 19 else 0, user=request.user
            )
            before = _token_view(token)
            token.revoke()
            record(
                Action.UPDATE,
                obj=token,
                before=before,
                after=_token_view(token),
                message="吊销接口令牌",
            )
            messages.success(request, f"已吊销令牌 {token.prefix}…")
            return redirect("api_tokens")
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "api/tokens.html", {"tokens": tokens, "raw": raw})
