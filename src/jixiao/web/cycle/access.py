"""Who may do what in monitoring and self-evaluation, in terms of the central permission module.

Every decision is made by :mod:`jixiao.web.accounts.permissions` (``can``/``require``); this
module only names which of its permissions each step of the yearly cycle needs:

=====================================================  =========================================
step                                                   permission (scope from the policy table)
=====================================================  =========================================
read rounds, sheets, lights, evaluations, dashboards   ``VIEW_PLAN``
open/close a round, ask for rectification, close it    ``DEPT_REVIEW`` or ``FINANCE_REVIEW``
upload a ledger, enter progress, answer rectification  ``UPDATE_PROGRESS`` (the plan's own
enter actuals, submit a self-evaluation                organisation: the unit fills)
department review of a self-evaluation                 ``DEPT_REVIEW``
finance review of a self-evaluation                    ``FINANCE_REVIEW``
=====================================================  =========================================

Monitoring and self-evaluation data are execution data, not targets: like the measures'
checklist they are entered with ``UPDATE_PROGRESS``, in any plan state the cycle allows.
"""

from __future__ import annotations

from typing import Any

from jixiao.web.accounts.permissions import Perm, can, require

VIEW = Perm.VIEW_PLAN
FILL = Perm.UPDATE_PROGRESS
ORGANISE = (Perm.FINANCE_REVIEW, Perm.DEPT_REVIEW)
STAGE_PERM = {"department": Perm.DEPT_REVIEW, "finance": Perm.FINANCE_REVIEW}


def can_organise(user: Any, obj: Any) -> bool:
    """May ``user`` open monitoring rounds and ask for rectification on ``obj``'s plan?"""
    return any(can(user, p, obj) for p in ORGANISE)


def require_organise(user: Any, obj: Any) -> None:
    if can_organise(user, obj):
        return
    require(user, ORGANISE[0], obj)  # refuses (403) and writes the audit record


def can_fill(user: Any, obj: Any) -> bool:
    return can(user, FILL, obj)
