# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""The HTTP API (接口), version 1: ``/api/v1/``; OpenAPI schema at ``/api/v1/openapi.json``.

Token authentication (``Authorization: Bearer jx_…``, tokens from the user's 接口令牌 page),
the same permissions as the pages, paginated lists (``page``, ``page_size``; answers carry
``count``), JSON errors with field locations (see :mod:`jixiao.web.api.errors`). The schema is
committed as ``docs/openapi.json`` (a test checks that it equals the served one).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.parser import Parser

from jixiao.web.api import errors
from jixiao.web.api.auth import TokenAuth
from jixiao.web.api.routes_cycle import router as cycle_router
from jixiao.web.api.routes_plans import router as plans_router

DESCRIPTION = """jixiao 预算绩效管理接口: 绩效目标、项目、指标、审核意见、运行监控与绩效自评。

认证: 在“接口令牌”页面创建令牌, 请求时带上 `Authorization: Bearer <令牌>`。
权限与网页相同 (按角色与所属机构)。列表分页: `page` (从 1 开始), `page_size` (最多 200)。
错误: `{"message": "…", "detail": [{"loc": [...], "msg": "…", "type": "…"}]}`;
修改类请求带 `lock_version` (乐观锁), 版本过期时返回 409。金额、比率、得分均为精确的十进制文本。
"""


class ObjectParser(Parser):
    """JSON request bodies must be objects (every body of this API is one)."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ValueError("请求体应为 JSON 对象")
        return data


api = NinjaAPI(
    title="jixiao API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url=None,
    openapi_url="/openapi.json",
    parser=ObjectParser(),
)
errors.install(api)
api.add_router("", plans_router)
api.add_router("", cycle_router)
