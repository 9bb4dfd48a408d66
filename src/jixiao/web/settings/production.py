"""Production settings: HTTPS only, secrets and hosts from the environment (fails fast without).

Required: ``JIXIAO_SECRET_KEY`` (≥ 50 random characters), ``JIXIAO_ALLOWED_HOSTS``; usually
``DATABASE_URL`` (PostgreSQL). Optional: ``JIXIAO_CSRF_TRUSTED_ORIGINS``,
``JIXIAO_BEHIND_PROXY=1`` (trust ``X-Forwarded-Proto`` from the reverse proxy),
``JIXIAO_HSTS_SECONDS`` (default one year), ``JIXIAO_TOTP_REQUIRED_ROLES`` (default: the
reviewer and administrator roles must use a second factor).
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from jixiao.web.settings.base import *  # noqa: F403
from jixiao.web.settings.base import env_bool, env_int, env_list

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("生产环境必须通过环境变量 JIXIAO_SECRET_KEY 提供密钥")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("生产环境必须通过环境变量 JIXIAO_ALLOWED_HOSTS 指定主机名")

SECURE_SSL_REDIRECT = env_bool("JIXIAO_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("JIXIAO_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# "__Host-" cookies: HTTPS only, this host only, path "/" (no subdomain can set or read them).
SESSION_COOKIE_NAME = "__Host-jixiao-session"
CSRF_COOKIE_NAME = "__Host-jixiao-csrf"
# 等保2.0 三级: two factors for the roles that approve budgets or administer the system.
JIXIAO_TOTP_REQUIRED_ROLES = env_list(
    "JIXIAO_TOTP_REQUIRED_ROLES",
    ["admin", "security_admin", "auditor", "finance", "dept_reviewer"],
)
CSRF_TRUSTED_ORIGINS = env_list("JIXIAO_CSRF_TRUSTED_ORIGINS", [])
if env_bool("JIXIAO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
