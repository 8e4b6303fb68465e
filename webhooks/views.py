"""The office's webhook subscriptions: list, create (the secret shown once), disable; the
delivery log of each, with "send again" for a failed delivery."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import office_programme_ids
from common.views import show_refusal
from notifications.enums import DeliveryState
from webhooks.forms import SubscriptionForm
from webhooks.models import WebhookSubscription
from webhooks.permissions import can_manage_webhooks
from webhooks.selectors import deliveries_of, delivery_for, subscription_for, subscriptions_for
from webhooks.services.queue import resend_delivery
from webhooks.services.subscriptions import create_subscription, disable_subscription

PAGE_SIZE = 50
# The secret of a subscription just created, kept in the session until its page shows it once.
SECRET_SESSION_KEY = "webhooks.new_secret"


def _office_only(request: AuthenticatedHttpRequest) -> None:
    if not can_manage_webhooks(request.user):
        raise Http404(_("No such page."))


def _subscription_or_404(request: AuthenticatedHttpRequest, pk: int) -> WebhookSubscription:
    subscription = subscription_for(request.user, pk)
    if subscription is None:
        raise Http404(_("No such subscription."))
    return subscription


@login_required
def subscription_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _office_only(request)
    page = Paginator(subscriptions_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "webhooks/subscription_list.html", {"page": page})


@login_required
def subscription_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _office_only(request)
    form = SubscriptionForm(request.POST or None, programme_ids=office_programme_ids(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with show_refusal(request, form=form, field="url", show_rule=False):
            subscription, secret = create_subscription(
                data["programme"].pk,
                actor=request.user,
                name=data["name"],
                url=data["url"],
                events=data["events"],
            )
            request.session[SECRET_SESSION_KEY] = {"pk": subscription.pk, "secret": secret}
            messages.success(request, _("The subscription was created."))
            return redirect("webhooks:subscription_detail", pk=subscription.pk)
    return render(request, "webhooks/subscription_create.html", {"form": form})


@login_required
def subscription_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subscription = _subscription_or_404(request, pk)
    secret = ""
    kept = request.session.get(SECRET_SESSION_KEY)
    if isinstance(kept, dict) and kept.get("pk") == subscription.pk:
        # Shown once: the session forgets it as the page is rendered.
        secret = str(kept.get("secret", ""))
        del request.session[SECRET_SESSION_KEY]
    page = Paginator(deliveries_of(subscription), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "webhooks/subscription_detail.html",
        {
            "subscription": subscription,
            "secret": secret,
            "page": page,
            "failed": DeliveryState.FAILED,
        },
    )


@login_required
@require_POST
def subscription_disable(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subscription = _subscription_or_404(request, pk)
    with show_refusal(request, show_rule=False):
        disable_subscription(subscription, actor=request.user)
        messages.success(request, _("The subscription is disabled: nothing more is sent to it."))
    return redirect("webhooks:subscription_detail", pk=subscription.pk)


@login_required
@require_POST
def delivery_resend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    delivery = delivery_for(request.user, pk)
    if delivery is None:
        raise Http404(_("No such delivery."))
    with show_refusal(request, show_rule=False):
        resend_delivery(delivery, actor=request.user)
        messages.success(request, _("The delivery is queued to be sent again."))
    return redirect("webhooks:subscription_detail", pk=delivery.subscription_id)
