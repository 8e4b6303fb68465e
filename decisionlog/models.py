"""The decision log (R14): who decided what, when and why. Append-only, hash-chained.

Three layers keep it so:

* Python: the model and its queryset refuse save() of an existing row, update() and delete().
* The database: triggers installed by migration 0004 refuse UPDATE and DELETE of
  ``decisionlog_decisionlogentry`` on PostgreSQL and SQLite, and TRUNCATE on PostgreSQL. They
  have no switch or setting that lets a statement through: only a role allowed to alter the
  table (its owner or a superuser) can drop or disable them. The test harness does exactly
  that, in the flush's own transaction, and nowhere else (``tests/decisionlog/harness.py``).
  Whoever can alter the table can also rewrite it, which is what the hash chain detects.
  On SQLite a migration that rebuilds this table (AlterField, AddConstraint...) drops the
  triggers: re-create them in the same migration (tests/decisionlog catches it).
* The hash chain (``decisionlog.chain``): ``record_decision`` fills ``prev_hash`` and
  ``row_hash`` in the same transaction, appends serialised (PostgreSQL advisory lock), and a
  unique ``prev_hash`` makes a fork impossible. ``manage.py verify_decision_log`` recomputes
  the chain and names the first broken row.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.measures import cite_rule_ids
from decisionlog.labels import action_label, actor_label, state_label


class DecisionLogIsAppendOnly(Exception):
    """Raised when code tries to change or delete a logged decision (R14: nothing is deleted)."""


class DecisionLogQuerySet(models.QuerySet["DecisionLogEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise DecisionLogIsAppendOnly("decision log rows cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise DecisionLogIsAppendOnly("decision log rows cannot be deleted")


class DecisionLogEntry(models.Model):
    # Set by record_decision (not auto_now_add, which would overwrite it) so that the hash covers
    # exactly the stored value, microseconds included.
    created_at = models.DateTimeField(
        _("time"), default=timezone.now, editable=False, db_index=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Who acted when no user did: "system" for the beat sweep, "public" for a visitor.
    actor_label = models.CharField(_("actor label"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=300)
    round_id = models.BigIntegerField(_("round"), null=True, blank=True, db_index=True)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    # The hash chain (hex SHA-256, see decisionlog.chain).
    prev_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    row_hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = DecisionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision log entry")
        verbose_name_plural = _("decision log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        constraints = [
            # Each row extends exactly one predecessor: two appends can never fork the chain.
            models.UniqueConstraint(fields=["prev_hash"], name="decisionlog_chain_no_fork"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise DecisionLogIsAppendOnly("decision log rows cannot be updated")
        if not self.row_hash:
            raise DecisionLogIsAppendOnly(
                "decision log rows are appended by decisionlog.services.record_decision"
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise DecisionLogIsAppendOnly("decision log rows cannot be deleted")

    @property
    def actor_display(self) -> str:
        if self.actor_id:
            return str(self.actor)
        return actor_label(self.actor_label or "system")

    @property
    def kind(self) -> str:
        return self.action.partition(".")[0]

    @property
    def action_display(self) -> str:
        return action_label(self.action)

    @property
    def reason_display(self) -> str:
        """The reason as written, except that a rule id older rows carry ("(R9)") reads as
        the article it stands for (the stored row, hash-chained, is never changed)."""
        return cite_rule_ids(self.reason)

    @property
    def from_state_display(self) -> str:
        return state_label(self.kind, self.from_state, self.object_type)

    @property
    def to_state_display(self) -> str:
        return state_label(self.kind, self.to_state, self.object_type)


class CheckpointQuerySet(models.QuerySet["DecisionLogCheckpoint"]):
    def update(self, **kwargs: Any) -> int:
        raise DecisionLogIsAppendOnly("decision log checkpoints cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise DecisionLogIsAppendOnly("decision log checkpoints cannot be deleted")


class DecisionLogCheckpoint(models.Model):
    """A signed statement "the chain's row ``row_id`` had hash ``row_hash``" (R14,
    docs/security.md): signed with an Ed25519 key kept outside the database
    (``decisionlog.anchor``), so whoever can rewrite the database and recompute every hash
    still cannot make a checkpoint agree. ``segment`` lists the ids and hashes of the rows it
    covers (those after the previous checkpoint), so that verify can name the first row that
    disagrees. Written only by ``decisionlog.checkpoints``; never changed."""

    signed_at = models.DateTimeField(_("signed at"), editable=False)
    row_id = models.BigIntegerField(_("last row"), editable=False)
    row_hash = models.CharField(_("hash"), max_length=64, editable=False)
    rows = models.BigIntegerField(_("rows"), editable=False)
    reason = models.CharField(_("reason"), max_length=80, editable=False)
    round_id = models.BigIntegerField(_("round"), null=True, blank=True, editable=False)
    segment = models.JSONField(_("rows covered"), default=list, editable=False)
    key_id = models.CharField(_("key id"), max_length=16, editable=False)
    signature = models.CharField(_("signature"), max_length=128, editable=False)

    objects = CheckpointQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision log checkpoint")
        verbose_name_plural = _("decision log checkpoints")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.signed_at:%Y-%m-%d %H:%M} {self.reason} #{self.row_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise DecisionLogIsAppendOnly("decision log checkpoints cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise DecisionLogIsAppendOnly("decision log checkpoints cannot be deleted")
