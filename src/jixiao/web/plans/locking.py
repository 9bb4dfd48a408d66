"""Optimistic locking (乐观锁): the second of two concurrent saves is refused, nothing is lost.

A form carries the ``lock_version`` the user started from. Saving first moves the row's
version from that number to the next in one conditional UPDATE; if someone saved in between,
no row matches, the save stops with :class:`ConcurrentEditError`, and the view shows the
user's own input again beside a clear message (so nothing typed is lost).
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Model
from django.utils import timezone


class ConcurrentEditError(Exception):
    """Someone else saved the row after this user opened it."""

    def __init__(self, current: Any):
        self.current = current
        who = getattr(getattr(current, "updated_by", None), "display_name", None) or "其他用户"
        when = getattr(current, "updated_at", None)
        at = timezone.localtime(when).strftime("%H:%M:%S") if when else ""
        super().__init__(
            f"保存未成功: {who} 已于 {at} 修改了此内容 (在您打开本页之后)。"
            "您填写的内容仍保留在下方, 尚未保存; 请核对最新内容后再次保存。"
        )


def claim(model: type[Model], pk: Any, expected: int, user: Any) -> int:
    """Move the row from version ``expected`` to the next; the new version number.

    Call inside ``transaction.atomic()``: the UPDATE also locks the row until commit.
    """
    updated = model._default_manager.filter(pk=pk, lock_version=expected).update(
        lock_version=F("lock_version") + 1, updated_by=user, updated_at=timezone.now()
    )
    if updated == 0:
        current = model._default_manager.select_related("updated_by").filter(pk=pk).first()
        raise ConcurrentEditError(current)
    return expected + 1
