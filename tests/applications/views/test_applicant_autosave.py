"""The dossier saves itself as the user types (applications:autosave), and no save overwrites
a colleague's silently: every save carries the revision its page was loaded with."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import ApplicationFactory, OrganisationFactory, RoundFactory, applicant_user

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")


def english(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def draft():
    application = ApplicationFactory(
        round=RoundFactory(), main_products="", quality_summary="", self_assessment=""
    )
    return application


def form_data(revision: int, **values) -> dict:
    data = {"revision": revision, "main_products": "", "quality_summary": "", "self_assessment": ""}
    data.update(values)
    return data


def test_edit_page_carries_the_revision_and_the_autosave_trigger(draft) -> None:
    user = applicant_user(draft.organisation)
    html = english(user).get(reverse("applications:edit", args=[draft.pk])).content.decode()
    assert '<input type="hidden" name="revision" value="0" id="id_revision">' in html
    assert f'hx-post="{reverse("applications:autosave", args=[draft.pk])}"' in html
    assert 'hx-trigger="input delay:2s"' in html
    assert "Your changes save themselves as you type." in html


def test_autosave_stores_the_text_and_returns_the_new_revision_and_beijing_time(draft) -> None:
    user = applicant_user(draft.organisation)
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        response = english(user).post(
            reverse("applications:autosave", args=[draft.pk]),
            form_data(0, main_products="稀土永磁"),
            HTTP_HX_REQUEST="true",
        )
    html = response.content.decode()
    shown = moment.astimezone(BEIJING).strftime("%H:%M:%S")
    assert response.status_code == 200
    assert f"Saved at {shown} (Beijing time)." in html
    assert (
        '<input type="hidden" name="revision" value="1" id="id_revision" hx-swap-oob="true">'
        in html
    )
    draft.refresh_from_db()
    assert (draft.main_products, draft.dossier_revision, draft.last_saved_by) == (
        "稀土永磁",
        1,
        user,
    )


def test_later_page_shows_when_and_by_whom_the_last_autosave_was(draft) -> None:
    """Nothing is lost when the browser closes: the next visit opens the autosaved text."""
    user = applicant_user(draft.organisation)
    client = english(user)
    client.post(
        reverse("applications:autosave", args=[draft.pk]), form_data(0, main_products="草稿")
    )
    page = english(user).get(reverse("applications:edit", args=[draft.pk]))
    assert page.context["form"]["main_products"].value() == "草稿"
    assert f"by {user}." in page.content.decode()
    assert page.context["form"]["revision"].value() == 1


def test_two_colleagues_the_later_save_is_refused_and_shows_the_others_change(draft) -> None:
    colleague_a = applicant_user(draft.organisation)
    colleague_b = applicant_user(draft.organisation)
    url = reverse("applications:edit", args=[draft.pk])
    client_a, client_b = english(colleague_a), english(colleague_b)
    revision_a = client_a.get(url).context["form"]["revision"].value()
    revision_b = client_b.get(url).context["form"]["revision"].value()
    assert revision_a == revision_b == 0
    saved = client_a.post(url, form_data(revision_a, main_products="A 写的产品"))
    assert saved.status_code == 302

    refused = client_b.post(url, form_data(revision_b, main_products="B 写的产品"))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert f"Not saved: {colleague_a} saved this dossier at " in html
    assert refused.context["conflict_rows"] == [
        {"name": "main_products", "label": "Main products or services", "value": "A 写的产品"}
    ]
    # B's unsaved text is kept in the form; the revision is now A's, so B's next save is a
    # deliberate one.
    assert refused.context["form"]["main_products"].value() == "B 写的产品"
    assert refused.context["form"]["revision"].value() == "1"
    draft.refresh_from_db()
    assert (draft.main_products, draft.dossier_revision) == ("A 写的产品", 1)

    again = client_b.post(url, form_data(1, main_products="B 写的产品"))
    assert again.status_code == 302
    draft.refresh_from_db()
    assert (draft.main_products, draft.dossier_revision) == ("B 写的产品", 2)


def test_autosave_after_a_colleagues_save_is_refused_and_keeps_the_stored_text(draft) -> None:
    colleague_a = applicant_user(draft.organisation)
    colleague_b = applicant_user(draft.organisation)
    url = reverse("applications:autosave", args=[draft.pk])
    english(colleague_a).post(url, form_data(0, main_products="A"))
    response = english(colleague_b).post(url, form_data(0, main_products="B"))
    html = response.content.decode()
    assert f"Not saved: {colleague_a} saved this dossier at " in html
    assert "Press Save to see their changes beside yours." in html
    assert "hx-swap-oob" not in html
    draft.refresh_from_db()
    assert (draft.main_products, draft.dossier_revision) == ("A", 1)


def test_autosave_by_another_organisation_is_404(draft) -> None:
    outsider = applicant_user(OrganisationFactory())
    response = english(outsider).post(
        reverse("applications:autosave", args=[draft.pk]), form_data(0, main_products="篡改")
    )
    assert response.status_code == 404
    draft.refresh_from_db()
    assert (draft.main_products, draft.dossier_revision) == ("", 0)


def test_autosave_after_the_deadline_is_refused_r1(draft) -> None:
    user = applicant_user(draft.organisation)
    with time_machine.travel(draft.round.applications_close_at + timedelta(seconds=1)):
        response = english(user).post(
            reverse("applications:autosave", args=[draft.pk]), form_data(0, main_products="迟到")
        )
    assert response.status_code == 200
    assert "The application window closed on " in response.content.decode()
    draft.refresh_from_db()
    assert (draft.main_products, draft.dossier_revision) == ("", 0)


def test_autosave_without_the_revision_saves_nothing(draft) -> None:
    user = applicant_user(draft.organisation)
    response = english(user).post(
        reverse("applications:autosave", args=[draft.pk]), {"main_products": "无版本号"}
    )
    assert "Not saved automatically" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.main_products, draft.dossier_revision) == ("", 0)
