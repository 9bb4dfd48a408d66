"""Settings shared by every environment. Every tunable value can be set from the environment.

安全相关的默认值参照等保2.0 三级应用要求 (见 docs/web.md): 登录失败锁定、口令复杂度、
会话空闲超时、CSRF、安全响应头、审计日志只增不改。
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url

WEB_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"环境变量 {name} 应为整数, 实际为 {raw!r}") from exc


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


# --- paths -----------------------------------------------------------------------------------
DATA_DIR = Path(env_str("JIXIAO_DATA_DIR", "var")).resolve()
MEDIA_ROOT = Path(env_str("JIXIAO_MEDIA_ROOT", str(DATA_DIR / "media")))
STATIC_ROOT = Path(env_str("JIXIAO_STATIC_ROOT", str(DATA_DIR / "static")))

# --- core ------------------------------------------------------------------------------------
SECRET_KEY = os.environ.get("JIXIAO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("JIXIAO_ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "jixiao.web.apps.JixiaoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "jixiao.web.accounts",
    "jixiao.web.audit",
    "jixiao.web.plans",
    "jixiao.web.cycle",
    "jixiao.web.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jixiao.web.middleware.SecurityHeadersMiddleware",
    "jixiao.web.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jixiao.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jixiao.web.audit.middleware.AuditContextMiddleware",
    "jixiao.web.accounts.middleware.IdleTimeoutMiddleware",
    "jixiao.web.accounts.middleware.SecondFactorMiddleware",
    "jixiao.web.accounts.middleware.SingleSessionMiddleware",
    "jixiao.web.accounts.middleware.PasswordExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jixiao.web.accounts.context.roles",
            ],
        },
    },
]

# --- database --------------------------------------------------------------------------------
DATABASES: dict[str, Any] = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{DATA_DIR / 'jixiao.sqlite3'}",
        conn_max_age=env_int("JIXIAO_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions: concurrent readers never wait, writers queue.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- authentication (身份鉴别) -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = ["jixiao.web.accounts.lockout.LockoutBackend"]

JIXIAO_PASSWORD_MIN_LENGTH = env_int("JIXIAO_PASSWORD_MIN_LENGTH", 10)
JIXIAO_PASSWORD_MIN_CLASSES = env_int("JIXIAO_PASSWORD_MIN_CLASSES", 3)
JIXIAO_PASSWORD_MAX_AGE_DAYS = env_int("JIXIAO_PASSWORD_MAX_AGE_DAYS", 90)  # 0: never expires
JIXIAO_LOCKOUT_ATTEMPTS = env_int("JIXIAO_LOCKOUT_ATTEMPTS", 5)
JIXIAO_LOCKOUT_WINDOW_MINUTES = env_int("JIXIAO_LOCKOUT_WINDOW_MINUTES", 15)
JIXIAO_LOCKOUT_MINUTES = env_int("JIXIAO_LOCKOUT_MINUTES", 15)
JIXIAO_SESSION_IDLE_MINUTES = env_int("JIXIAO_SESSION_IDLE_MINUTES", 30)
# One active session per user (资源控制): a new login ends the user's other sessions.
JIXIAO_SINGLE_SESSION = env_bool("JIXIAO_SINGLE_SESSION", False)
# Second factor (双因素认证, TOTP as in RFC 6238): anyone may enrol; the roles listed here
# must (comma-separated role values, or "all"). The production settings require it for the
# reviewer and administrator roles.
JIXIAO_TOTP_REQUIRED_ROLES = env_list("JIXIAO_TOTP_REQUIRED_ROLES", [])
JIXIAO_TOTP_ISSUER = env_str("JIXIAO_TOTP_ISSUER", "jixiao")
# How long the password step stays valid while the user types the code (minutes).
JIXIAO_TOTP_PENDING_MINUTES = env_int("JIXIAO_TOTP_PENDING_MINUTES", 5)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": JIXIAO_PASSWORD_MIN_LENGTH},
    },
    {
        "NAME": "jixiao.web.accounts.validators.CharacterClassesValidator",
        "OPTIONS": {"min_classes": JIXIAO_PASSWORD_MIN_CLASSES},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- sessions: idle expiry (会话空闲超时) --------------------------------------------------------
# The idle limit is enforced by jixiao.web.accounts.middleware.IdleTimeoutMiddleware, which
# also renews the session (at most once a minute) so its server-side expiry slides with use.
SESSION_COOKIE_AGE = JIXIAO_SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "jixiao.web.middleware.csrf_failure"

# --- security headers ------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
JIXIAO_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# --- uploads and request size (资源控制) ------------------------------------------------------
JIXIAO_UPLOAD_MAX_MB = env_int("JIXIAO_UPLOAD_MAX_MB", 10)
# Whole request bodies larger than this are refused with 413 before Django reads them
# (jixiao.web.middleware.RequestSizeLimitMiddleware); leaves room for the form around a file.
JIXIAO_REQUEST_MAX_MB = env_int("JIXIAO_REQUEST_MAX_MB", JIXIAO_UPLOAD_MAX_MB + 2)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # non-file form data
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000  # a project with many indicator rows
FILE_UPLOAD_PERMISSIONS = 0o640
MEDIA_URL = "/media/"  # never served directly: evidence files go through a permission check

# --- audit -----------------------------------------------------------------------------------
# Audit records are kept at least this long (网络安全法 art. 21: at least six months); only
# `jixiao manage purge_audit` removes older records, and never younger ones.
JIXIAO_AUDIT_RETENTION_MIN_DAYS = 180
JIXIAO_AUDIT_RETENTION_DAYS = env_int("JIXIAO_AUDIT_RETENTION_DAYS", 180)
if JIXIAO_AUDIT_RETENTION_DAYS < JIXIAO_AUDIT_RETENTION_MIN_DAYS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"JIXIAO_AUDIT_RETENTION_DAYS={JIXIAO_AUDIT_RETENTION_DAYS}: 审计记录至少保存 "
        f"{JIXIAO_AUDIT_RETENTION_MIN_DAYS} 天 (网络安全法第二十一条)"
    )

# --- backups (数据备份恢复) ---------------------------------------------------------------------
# Where `jixiao backup` writes when no -o is given; copy the archives off this machine.
JIXIAO_BACKUP_DIR = Path(env_str("JIXIAO_BACKUP_DIR", str(DATA_DIR / "backups")))

# --- rule profile ----------------------------------------------------------------------------
JIXIAO_PROFILE = env_str("JIXIAO_PROFILE", "national")

# --- i18n: Chinese by default, English switchable ---------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [WEB_DIR / "locale"]
TIME_ZONE = env_str("JIXIAO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- static files (no CDN) -------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_DIR / "static"]

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("JIXIAO_LOG_LEVEL", "WARNING")},
}
