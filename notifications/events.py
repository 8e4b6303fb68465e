"""The message templates, one per event a user must act on or learn about.

Each event's text is the template ``templates/notifications/messages/<key>.txt``: the subject,
a line ``---``, then the body. It is rendered in the recipient's language (Chinese unless the
user chose English) with the context the event gives; ``sample`` is the context the office's
preview uses. Services call ``notifications.services.notify_event(key, ...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    key: str
    label: Promise | str
    audience: Promise | str
    sample: Callable[[], dict[str, Any]]

    @property
    def template_name(self) -> str:
        return f"notifications/messages/{self.key}.txt"


def _org_round() -> dict[str, Any]:
    return {"organisation": "赣州示例电子材料有限公司", "round": "2031年赣州市市长质量奖"}


EVENTS: dict[str, Event] = {
    e.key: e
    for e in [
        Event(
            "call_published",
            _("Call published"),
            _("Recommenders, department liaisons and organisations that applied before"),
            lambda: {"round": "2031年赣州市市长质量奖", "deadline": "2031-06-30 17:00"},
        ),
        Event(
            "supplement_requested",
            _("Supplementary material requested"),
            _("The applicant organisation"),
            lambda: {
                **_org_round(),
                "request": "请补充近三年质量损失率数据。",
                "due": "2031-07-10",
            },
        ),
        Event(
            "eligibility_decision",
            _("Eligibility decision"),
            _("The applicant organisation"),
            lambda: {**_org_round(), "eligible": False, "reason": "近三年发生较大质量事故。"},
        ),
        Event(
            "review_assigned",
            _("Review assignment"),
            _("The assigned expert"),
            _org_round,
        ),
        Event(
            "review_due",
            _("Review due"),
            _("An assigned expert who has not submitted the review"),
            lambda: {**_org_round(), "due": "2031-08-15 17:00"},
        ),
        Event(
            "proposed",
            _("On the proposed list"),
            _("The proposed organisation"),
            _org_round,
        ),
        Event(
            "publicity_opened",
            _("Publicity open"),
            _("The proposed organisations"),
            lambda: {"round": "2031年赣州市市长质量奖", "start": "2031-12-01", "end": "2031-12-10"},
        ),
        Event(
            "publicity_closed",
            _("Publicity closed"),
            _("The proposed organisations and the office"),
            lambda: {"round": "2031年赣州市市长质量奖", "end": "2031-12-10", "objections_open": 1},
        ),
        Event(
            "replacement_publicity",
            _("Added to the proposed list"),
            _("The organisation added to the proposed list"),
            lambda: {**_org_round(), "start": "2031-12-15", "end": "2031-12-24", "reason": "递补"},
        ),
        Event(
            "objection_received",
            _("Objection received"),
            _("The office"),
            lambda: {
                "receipt": "YY20311203-7KQ4XM",
                "organisation": "赣州示例电子材料有限公司",
                "status": _("Received"),
            },
        ),
        Event(
            "objection_receipt",
            _("Objection receipt"),
            _("The objector (by e-mail only)"),
            lambda: {
                "receipt": "YY20311203-7KQ4XM",
                "organisation": "赣州示例电子材料有限公司",
                "status": _("Received"),
                "not_accepted_reason": "",
            },
        ),
        Event(
            "objection_outcome",
            _("Objection outcome"),
            _("The objector (by e-mail only) and the organisation objected to"),
            lambda: {
                "receipt": "YY20311203-7KQ4XM",
                "organisation": "赣州示例电子材料有限公司",
                "outcome": _("Dismissed"),
                "opinion": "经核实，反映问题不属实。",
                "decided_on": "2031-12-08",
            },
        ),
        Event(
            "removed_from_list",
            _("Removed from the proposed list"),
            _("The organisation objected to"),
            lambda: {**_org_round(), "opinion": "经核实，反映问题属实。"},
        ),
        Event(
            "approval",
            _("Approval"),
            _("The winning organisation"),
            lambda: {
                **_org_round(),
                "level": _("Mayor's Quality Award"),
                "year": 2031,
                "document": "赣府字〔2032〕1号",
            },
        ),
        Event(
            "certificate_ready",
            _("Certificate ready"),
            _("The winning organisation"),
            lambda: {**_org_round(), "number": "GZQA-2031-0001", "year": 2031},
        ),
        Event(
            "log_checkpoint",
            _("Decision log checkpoint"),
            _("The programme's office, at each change of a round's stage"),
            lambda: {
                "round": "2031年赣州市市长质量奖",
                "stage": _("Application"),
                "key_id": "3f9a0c1d2e4b5a67",
                "public_key": "-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----",
                "checkpoint": '{"row_id": 1024, "row_hash": "…"}',
            },
        ),
        Event(
            "second_factor_reset",
            _("Two-step verification reset"),
            _("The user whose authenticator was removed"),
            lambda: {"user": "刘建华", "suspended": True},
        ),
        Event(
            "registration_name_taken",
            _("Registration with a user name in use"),
            _("The contact e-mail address given at registration"),
            lambda: {"username": "nkjiaju", "link": "https://portal.example.cn/register/"},
        ),
        Event(
            "custom",
            _("Other message (text written by the service)"),
            _("As the service decides"),
            lambda: {"subject": "示例主题", "body": "示例正文。"},
        ),
    ]
}


def event(key: str) -> Event:
    try:
        return EVENTS[key]
    except KeyError:
        raise LookupError(f"unknown notification event {key!r}") from None
