"""The expert's waiting work in the work queue: the commitment to sign per round (R12), the
conflict statements to declare and the reviews to score, with the stage's due date. Built on
``expert_tasks`` (the dashboard's own reading), in a fixed number of queries."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from accounts.workqueue import WorkItem
from reviews.enums import ReviewStage
from reviews.selectors.review import expert_tasks, review_deadlines


def expert_items(user: User) -> list[WorkItem]:
    tasks = expert_tasks(user)
    if not tasks:
        return []
    today = timezone.localdate()
    deadlines = review_deadlines(list({t.application.round_id for t in tasks}))
    items: list[WorkItem] = []
    must_sign: set[int] = set()
    for task in tasks:
        application = task.application
        round = application.round
        if task.next_step == "sign":
            if round.pk not in must_sign:
                must_sign.add(round.pk)
                items.append(
                    WorkItem(
                        role=Role.EXPERT,
                        what=_(
                            "%(round)s: sign the confidentiality commitment before you see"
                            " the dossiers assigned to you (Art. 31)."
                        )
                        % {"round": round.title},
                        on_whom=_("You"),
                        url=reverse("awards:sign_commitment", args=[round.pk]),
                        action=_("Sign the commitment"),
                        programme=round.programme.name,
                    )
                )
        elif task.next_step == "declare":
            items.append(
                WorkItem(
                    role=Role.EXPERT,
                    what=_("%(organisation)s: declare whether you have a conflict of interest.")
                    % {"organisation": application.organisation.name},
                    on_whom=_("You"),
                    url=reverse("reviews:declare", args=[application.pk]),
                    action=_("Declare"),
                    programme=round.programme.name,
                    since=timezone.localdate(task.assignment.assigned_at),
                )
            )
        elif task.next_step == "score":
            deadline = deadlines.get((round.pk, task.stage))
            due = deadline.due_on if deadline else None
            what = (
                _("%(organisation)s: score the site review.")
                if task.stage == ReviewStage.SITE
                else _("%(organisation)s: score the material review.")
            ) % {"organisation": application.organisation.name}
            items.append(
                WorkItem(
                    role=Role.EXPERT,
                    what=what,
                    on_whom=_("You"),
                    url=reverse("reviews:score", args=[application.pk, task.stage]),
                    action=_("Enter the scores"),
                    programme=round.programme.name,
                    until=due,
                    overdue=bool(due and due < today),
                )
            )
    return items
