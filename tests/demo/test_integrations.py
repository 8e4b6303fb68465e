"""The provincial system's webhook subscription loads on the demo, the office sees it on its
page, and twice is once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from demo.integrations import PROVINCE_SYSTEM, load_integrations_demo
from demo.rounds import load_demo
from webhooks.models import WebhookSubscription

pytestmark = pytest.mark.django_db


def test_integrations_demo_loads_once_and_the_office_sees_the_subscription() -> None:
    load_demo()
    message = load_integrations_demo()
    assert "loaded" in message, message
    subscription = WebhookSubscription.objects.get()
    assert (subscription.name, subscription.programme.slug) == (PROVINCE_SYSTEM, "ganzhou-mayor")
    assert load_integrations_demo() == "Integrations demo already loaded."
    client = Client()
    client.force_login(User.objects.get(username="office"))
    page = client.get(reverse("webhooks:subscription_list")).content.decode()
    assert PROVINCE_SYSTEM in page
    client.force_login(User.objects.get(username="zg_office"))
    assert PROVINCE_SYSTEM not in client.get(reverse("webhooks:subscription_list")).content.decode()
