"""applications:register: an organisation and its first user, in one public form."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

from accounts.models import User
from organisations.models import Division, Organisation
from tests.factories import OrganisationFactory, make_credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    """English, chosen with the language cookie as a user would (Accept-Language is ignored)."""
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return english


def form_data(**overrides):
    data = {
        "name": "赣州南康家具产业集团有限公司",
        "credit_code": make_credit_code(),
        "legal_representative": "王建国",
        "address": "江西省赣州市南康区家具大道1号",
        "division": Division.objects.get(name="南康区").pk,
        "founded_on": "2005-03-15",
        "industry_section": "C",
        "industry_class": "C2110 木质家具制造",
        "ownership": "private",
        "size": "medium",
        "staff_count": "460",
        "contact_name": "陈晓",
        "contact_phone": "13907970000",
        "contact_email": "chenxiao@nkjj.example.cn",
        "username": "nkjiaju",
        "password1": "Furniture-Capital-2031",
        "password2": "Furniture-Capital-2031",
        "privacy_accepted": "on",
    }
    data.update(overrides)
    return data


def test_register_page_is_public_and_shows_the_sector_bucket_of_each_section(client) -> None:
    response = client.get(reverse("applications:register"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "C Manufacturing → Manufacturing" in body
    assert "L Leasing and business services → Service (incl. medical, education)" in body
    assert "Personal Information Protection Law" in body
    divisions = response.context["form"].fields["division"].queryset
    assert divisions.count() == 20
    assert [d.name for d in divisions][:2] == ["章贡区", "南康区"]


def test_register_creates_the_account_and_asks_to_confirm_the_e_mail(client) -> None:
    data = form_data()
    response = client.post(reverse("applications:register"), data)
    assert response.status_code == 200
    assertTemplateUsed(response, "organisations/registration_sent.html")
    assert "An e-mail has been sent to chenxiao@nkjj.example.cn" in response.content.decode()
    organisation = Organisation.objects.get(credit_code=data["credit_code"])
    user = User.objects.get(username="nkjiaju")
    assert user.organisation_membership.organisation == organisation
    # Not logged in: the page is the same whether the account was created or not.
    assert "_auth_user_id" not in client.session


def test_wrong_check_character_says_so(client) -> None:
    code = make_credit_code()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    response = client.post(reverse("applications:register"), form_data(credit_code=wrong))
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"] == [
        "The check character of this unified social credit code is wrong (GB 32100): "
        "please check the code on the business licence."
    ]
    assert Organisation.objects.count() == 0
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "91360700MA3",
            "A unified social credit code has 18 characters; this one has 11.",
        ),
        (
            "91360700MA35G4XH1900",
            "A unified social credit code has 18 characters; this one has 20.",
        ),
        ("91360700MA35G4XHI9", "“I” cannot appear in a unified social credit code."),
    ],
)
def test_malformed_code_says_exactly_what_is_wrong(client, code, message) -> None:
    response = client.post(reverse("applications:register"), form_data(credit_code=code))
    assert response.context["form"].errors["credit_code"] == [message]
    assert Organisation.objects.count() == 0


def test_second_registration_of_the_same_code_is_refused_without_naming_its_users(
    client,
) -> None:
    existing = OrganisationFactory()
    User.objects.create_user(username="zhangsan_secret", password="x").save()
    response = client.post(
        reverse("applications:register"), form_data(credit_code=existing.credit_code.lower())
    )
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"] == [
        "This organisation already has an account on the portal. Ask the colleague who "
        "registered it to help you, or contact the award office."
    ]
    assert "zhangsan_secret" not in response.content.decode()
    assert Organisation.objects.count() == 1
    assert User.objects.filter(username="nkjiaju").exists() is False


def test_privacy_notice_must_be_accepted(client) -> None:
    data = form_data()
    del data["privacy_accepted"]
    response = client.post(reverse("applications:register"), data)
    assert response.context["form"].errors["privacy_accepted"] == [
        "Please read and accept the privacy notice."
    ]
    assert Organisation.objects.count() == 0


def test_password_is_checked_by_django_validators(client) -> None:
    response = client.post(
        reverse("applications:register"), form_data(password1="nkjiaju1", password2="nkjiaju1")
    )
    assert (
        "The password is too similar to the username."
        in response.context["form"].errors["password1"]
    )
    assert User.objects.count() == 0


def test_passwords_must_match(client) -> None:
    response = client.post(
        reverse("applications:register"), form_data(password2="Something-Else-2031")
    )
    assert response.context["form"].errors["password2"] == ["The two passwords differ."]


def test_taken_user_name_is_not_said_on_the_page_and_creates_nothing(
    client, django_capture_on_commit_callbacks
) -> None:
    User.objects.create_user(username="NKJiaju", password="x")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:register"), form_data())
    assert response.status_code == 200
    assertTemplateUsed(response, "organisations/registration_sent.html")
    assert "taken" not in response.content.decode()
    assert Organisation.objects.count() == 0
    assert User.objects.count() == 1
    [message] = mail.outbox
    assert message.to == ["chenxiao@nkjj.example.cn"]
    assert "“nkjiaju”" in message.body and "already in use" in message.body
