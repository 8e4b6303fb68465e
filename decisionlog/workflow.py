"""One locking transition function for every workflow (docs/architecture.md, "The transition
pattern"). Each app's ``transition_*`` wraps :func:`transition_state` with its table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.utils.translation import gettext as _

# DomainError lives in common; importing it here keeps `from decisionlog.workflow import
# DomainError` working.
from common.errors import DomainError
from decisionlog.services import record_decision

M = TypeVar("M", bound=models.Model)


class TransitionRefused(DomainError):
    pass


def is_allowed(table: Mapping[str, set[str]], current: str, target: str) -> bool:
    return target in table.get(current, set())


def transition_state(
    obj: M,
    to: str,
    *,
    table: Mapping[str, set[str]],
    actor: AbstractBaseUser | None,
    action: str,
    reason: str = "",
    field: str = "status",
    extra: Mapping[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    actor_label: str = "",
    checkpoint: bool = False,
) -> M:
    """Lock the row, refuse a move not in ``table``, save, and log it in the same transaction.

    Returns the fresh, locked object. Moving to the state it is already in returns it unchanged
    and logs nothing (idempotent: a sweep run twice acts once). ``extra`` sets further fields
    in the same save. ``checkpoint`` signs a checkpoint of the log after the row (R14).
    """
    model = type(obj)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        current = getattr(locked, field)
        if current == to:
            return locked
        if not is_allowed(table, current, to):
            choices = dict(model._meta.get_field(field).choices or [])  # type: ignore[union-attr]
            raise TransitionRefused(
                _("“%(obj)s” cannot move from “%(from)s” to “%(to)s”.")
                % {
                    "obj": locked,
                    "from": choices.get(current, current),
                    "to": choices.get(to, to),
                }
            )
        setattr(locked, field, to)
        update_fields = [field]
        for name, value in (extra or {}).items():
            setattr(locked, name, value)
            update_fields.append(name)
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            update_fields.append("updated_at")
        locked.save(update_fields=update_fields)
        record_decision(
            actor=actor,
            action=action,
            obj=locked,
            from_state=current,
            to_state=to,
            reason=reason,
            data=data,
            actor_label=actor_label,
            checkpoint=checkpoint,
        )
    return locked


def transition_logged(
    obj: M,
    to: str,
    table: Mapping[str, set[str]],
    actor: AbstractBaseUser | None,
    reason: str,
    extra: Mapping[str, Any],
    *,
    action: str,
    **options: Any,
) -> M:
    """:func:`transition_state` with the arguments every ``transition_*`` passes on, in order."""
    return transition_state(
        obj, to, table=table, actor=actor, action=action, reason=reason, extra=extra, **options
    )
