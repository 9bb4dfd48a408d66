"""Second factor (双因素认证): time-based one-time passwords (TOTP, RFC 6238) with pyotp.

A user enrols by adding the shared secret to an authenticator app (the page shows it and its
``otpauth://`` URI) and confirming one code; from then on every login asks for a code after
the password. ``JIXIAO_TOTP_REQUIRED_ROLES`` names the roles that must use it (they enrol at
their next login). A code is accepted within one 30-second step of clock drift either way,
and never twice (the last accepted step is stored). Wrong codes count as login failures
(same lockout counter as wrong passwords). An administrator can reset a lost second factor.
"""

from __future__ import annotations

import hmac
import re
import time
from typing import Any

import pyotp
from django.conf import settings
from django.db.models import Q

from jixiao.web.accounts.models import User

STEP_SECONDS = 30
DRIFT_STEPS = 1
_CODE = re.compile(r"^\d{6}$")


def new_secret() -> str:
    """A fresh random shared secret (160 bits, base32)."""
    return pyotp.random_base32(length=32)


def provisioning_uri(user: User, secret: str) -> str:
    """The ``otpauth://totp/…`` URI an authenticator app reads (as text or a QR code)."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(
        name=user.username, issuer_name=str(settings.JIXIAO_TOTP_ISSUER)
    )


def grouped(secret: str) -> str:
    """The secret in groups of four letters, for typing it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def required_roles() -> set[str]:
    return {str(r).strip() for r in settings.JIXIAO_TOTP_REQUIRED_ROLES if str(r).strip()}


def required_for(user: Any) -> bool:
    """Must this user sign in with a second factor (by role, ``JIXIAO_TOTP_REQUIRED_ROLES``)?"""
    roles = required_roles()
    if not roles:
        return False
    return bool({"all", "*"} & roles) or str(user.effective_role) in roles


def needs_second_factor(user: Any) -> bool:
    """Enrolled users always give a code; users whose role requires one must enrol first."""
    return bool(user.totp_enabled) or required_for(user)


def code_at(secret: str, step: int) -> str:
    return str(pyotp.TOTP(secret, interval=STEP_SECONDS).at(step * STEP_SECONDS))


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step (within the allowed drift) whose code is ``code``, or ``None``."""
    code = re.sub(r"\s+", "", code or "")
    if not secret or not _CODE.match(code):
        return None
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    for step in (current, current - DRIFT_STEPS, current + DRIFT_STEPS):
        if hmac.compare_digest(code_at(secret, step), code):
            return step
    return None


def verify(user: User, code: str, *, secret: str | None = None, now: float | None = None) -> bool:
    """Check a code against the user's secret (or ``secret`` while enrolling), once only.

    The accepted step is stored with a conditional UPDATE, so two requests racing with the
    same code cannot both pass (replay protection).
    """
    step = matching_step(secret or user.totp_secret, code, now)
    if step is None:
        return False
    claimed = (
        User.objects.filter(pk=user.pk)
        .filter(Q(totp_last_step__isnull=True) | Q(totp_last_step__lt=step))
        .update(totp_last_step=step)
    )
    if claimed:
        user.totp_last_step = step
    return bool(claimed)
