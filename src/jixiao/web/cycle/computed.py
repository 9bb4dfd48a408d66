# mypy: allow-subclassing-any, allow-untyped-decorators, no-warn-return-any
"""Cached results of the core for dashboards and lists (计算结果缓存).

The core's monitoring of a plan with 1,000 projects takes about 0.3 s and its review about
1.3 s: too slow to repeat for every page view of a dashboard. The result is therefore kept in
:class:`~jixiao.web.cycle.models.Computed` with a *fingerprint* of the data it came from, and
recomputed when the fingerprint differs. The fingerprint is the plan's state and version plus
the id of the plan's last relevant change in the audit log: every change of a plan's content or
of its monitoring and evaluation data is recorded there with the plan id, in the same
transaction, so a newer record means newer data. Records that cannot affect a result are left
out of its fingerprint (a progress sheet saved does not invalidate the review, a
self-evaluation does not invalidate the lights); nothing is ever served from a stale entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Max

from jixiao.web.audit.models import Action, AuditEvent
from jixiao.web.cycle.models import Computed
from jixiao.web.plans.models import Plan

CHANGE_ACTIONS = (
    Action.CREATE,
    Action.UPDATE,
    Action.DELETE,
    Action.IMPORT,
    Action.TRANSITION,
    Action.UPLOAD,
)


# Records of these kinds do not change what a kind of result depends on (exclusion lists, so
# that any other change — including kinds added later — always means "recompute").
MONITORING_ONLY = ("monitoringround", "ledgerupload", "projectprogress")
NOT_CONTENT = ("rectification", "selfevaluation", "apitoken", *MONITORING_ONLY)
NOT_MONITORING = ("rectification", "selfevaluation", "apitoken")


def plan_fingerprint(plan: Plan, ignore: tuple[str, ...] = NOT_CONTENT) -> str:
    """The plan's state, version, last update and last recorded change.

    ``ignore`` names audit object types that do not affect the result in question: the
    review ignores monitoring and evaluation records (the default), the monitoring summary
    ignores evaluation and rectification records.
    """
    last = (
        AuditEvent.objects.filter(plan_id=plan.pk, action__in=CHANGE_ACTIONS)
        .exclude(object_type__in=ignore)
        .aggregate(m=Max("id"))["m"]
    )
    updated = plan.updated_at.isoformat() if plan.updated_at else ""
    return f"{plan.status}.{int(plan.adjusting)}.{plan.lock_version}.{updated}.{last or 0}"


def store(plan: Plan, kind: str, fingerprint: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Keep ``payload`` for (plan, kind); returns it as a later read returns it (JSON)."""
    try:
        with transaction.atomic():
            Computed.objects.update_or_create(
                plan=plan, kind=kind, defaults={"fingerprint": fingerprint, "payload": payload}
            )
    except IntegrityError:  # another request stored the same result at the same moment
        pass
    result: dict[str, Any] = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    return result


def cached(
    plan: Plan, kind: str, fingerprint: str, compute: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """The stored payload for (plan, kind) if its fingerprint matches, else ``compute()``'s."""
    hit = (
        Computed.objects.filter(plan=plan, kind=kind, fingerprint=fingerprint)
        .values_list("payload", flat=True)
        .first()
    )
    if hit is not None:
        return dict(hit)
    return store(plan, kind, fingerprint, compute())
