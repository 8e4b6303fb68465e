"""Models that moved from one app to another keep the label they were logged under.

The log is append-only (R14), so rows written before a move still name the old app
(``reviews.ExpertProfile``). The app that now holds the model registers its former label in
its ``AppConfig.ready()``; reads of an object's history and the state labels ask here.
"""

from __future__ import annotations

from django.db.models import Model

_former: dict[str, set[str]] = {}
_current: dict[str, str] = {}


def register_former_label(label: str, former_label: str) -> None:
    """``label`` (``experts.ExpertProfile``) was logged as ``former_label`` before its move."""
    _former.setdefault(label, set()).add(former_label)
    _current[former_label] = label


def labels_of(model: type[Model] | Model) -> list[str]:
    """Every label the log may hold for rows of this model: today's first."""
    label = model._meta.label
    return [label, *sorted(_former.get(label, ()))]


def current_label(label: str) -> str:
    """Today's label for a label found in the log."""
    return _current.get(label, label)
