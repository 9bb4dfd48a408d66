# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""JSON errors of the API: ``{"message": "…", "detail": [{"loc": [...], "msg": …, "type": …}]}``.

``message`` is one Chinese sentence; ``detail`` lists input problems with their location in the
request (``["body", "rows", 2, "value"]``, ``["query", "page"]``, ``["path", "plan_id"]``).
Status codes: 400 unreadable request, 401 no or bad token, 403 not allowed (and audited), 404
not found or not visible, 409 the state or a concurrent change refuses the step (optimistic
lock), 422 input problems.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from jixiao.domain.errors import InputError
from jixiao.web.cycle.monitoring import CycleError, FieldError
from jixiao.web.plans.locking import ConcurrentEditError
from jixiao.web.plans.workflow import WorkflowError


class ApiFieldError(Exception):
    """Input problems with their locations in the request (→ 422)."""

    def __init__(self, errors: list[tuple[list[str | int], str]], message: str = "请求数据有误"):
        self.errors = errors
        self.message = message
        super().__init__(message)


def body_errors(
    exc: FieldError, mapping: dict[Any, list[str | int]] | None = None, root: str = "body"
) -> ApiFieldError:
    """A service's :class:`FieldError` with its locations inside the request body.

    ``mapping`` translates a service location's second part (e.g. an indicator id) into the
    path of that item in the request (e.g. ``["rows", 2]``).
    """
    out: list[tuple[list[str | int], str]] = []
    for loc, message in exc.errors:
        parts: list[str | int] = list(loc)
        if mapping is not None and len(parts) >= 2 and (parts[0], parts[1]) in mapping:
            parts = [*mapping[(parts[0], parts[1])], *parts[2:]]
        out.append(([root, *parts], message))
    return ApiFieldError(out)


def _item(loc: Any, msg: str, typ: str) -> dict[str, Any]:
    return {
        "loc": [x if isinstance(x, int) else str(x) for x in (loc or [])],
        "msg": msg,
        "type": typ,
    }


def _request_loc(loc: Any) -> list[Any]:
    """ninja names a body by its parameter (``["body", "body", "x"]``): keep ``["body", "x"]``."""
    parts = list(loc or [])
    if len(parts) >= 2 and parts[0] == "body" and parts[1] == "body":
        del parts[1]
    return parts


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, message: str, detail: Any = ()) -> HttpResponse:
        response = api.create_response(
            request, {"message": message, "detail": list(detail)}, status=status
        )
        response["Cache-Control"] = "no-store"
        return response

    @api.exception_handler(ValidationError)
    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = [
            _item(_request_loc(e.get("loc")), str(e.get("msg", "")), str(e.get("type", "")))
            for e in exc.errors
        ]
        return respond(request, 422, "请求数据有误", detail)

    @api.exception_handler(ApiFieldError)
    def field_error(request: HttpRequest, exc: ApiFieldError) -> HttpResponse:
        return respond(
            request, 422, exc.message, [_item(loc, m, "value_error") for loc, m in exc.errors]
        )

    @api.exception_handler(InputError)
    def input_error(request: HttpRequest, exc: InputError) -> HttpResponse:
        return respond(request, 422, str(exc), [_item(["body", "file"], str(exc), "input_error")])

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(
            request, 401, "未认证: 请在 Authorization 头中提供有效的接口令牌 (Bearer)"
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(PermissionDenied)
    def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, 403, str(exc) or "无权限")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, "不存在或无权查看")

    @api.exception_handler(ConcurrentEditError)
    def conflict(request: HttpRequest, exc: ConcurrentEditError) -> HttpResponse:
        return respond(
            request, 409, str(exc), [_item(["body", "lock_version"], "版本已过期", "conflict")]
        )

    @api.exception_handler(WorkflowError)
    def workflow(request: HttpRequest, exc: WorkflowError) -> HttpResponse:
        return respond(request, 409, str(exc))

    @api.exception_handler(CycleError)
    def cycle(request: HttpRequest, exc: CycleError) -> HttpResponse:
        return respond(request, 409, str(exc))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            return respond(request, 400, "请求体无法解析: 应为 JSON 对象")
        return respond(request, exc.status_code, exc.message)
