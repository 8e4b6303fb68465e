"""Art. 17: the consultation letter (征求意见函) per department as an editable .docx, reached
from the office's application list."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from applications.models import Consultation
from tests.awards.helpers import (
    eligibility_round,
    in_english,  # noqa: F401  (autouse: messages in English)
    other_programme_office,
    submitted_application,
)
from tests.factories import OrganisationFactory, department, office_user
from tests.official_format import gbt9704_problems

pytestmark = pytest.mark.django_db


def _consult(application, dept, due: date | None = None) -> Consultation:  # type: ignore[no-untyped-def]
    return Consultation.objects.create(
        application=application,
        department=dept,
        question="近三年是否有重大税收违法失信记录？",
        due_on=due,
        sent_by=office_user(),
    )


def test_letter_names_the_department_the_deadline_and_every_organisation(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    tax = department("tax")
    due = timezone.localdate() + timedelta(days=10)
    a = submitted_application(
        round, organisation=OrganisationFactory(name="赣州稀土新材料有限公司")
    )
    b = submitted_application(round, organisation=OrganisationFactory(name="南康家具有限公司"))
    _consult(a, tax, due)
    _consult(b, tax, due + timedelta(days=3))
    other = submitted_application(round, organisation=OrganisationFactory(name="其他部门的组织"))
    _consult(other, department("ecology"))
    client.force_login(office_user())
    list_page = client.get(reverse("applications:office_list", args=[round.pk])).content.decode()
    url = reverse("applications:consultation_letter", args=[round.pk, tax.pk])
    assert url in list_page
    response = client.get(url)
    assert response.status_code == 200
    assert gbt9704_problems(response.content) == []
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"{tax.name}：" in text
    assert f"于{due.year}年{due.month}月{due.day}日前" in text
    assert "共2家" in text
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["序号", "组织名称", "统一社会信用代码", "所在县（市、区）", "征求事项"]
    assert [r[1] for r in rows[1:]] == ["南康家具有限公司", "赣州稀土新材料有限公司"]
    assert rows[1][2] == b.organisation.credit_code


def test_list_flags_overdue_replies(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    _consult(
        submitted_application(round), department("tax"), timezone.localdate() - timedelta(days=1)
    )
    client.force_login(office_user())
    response = client.get(reverse("applications:office_list", args=[round.pk]))
    (row,) = response.context["departments"]
    assert (row["organisations"], row["pending"]) == (1, 1)
    assert "overdue" in response.content.decode()


def test_another_programmes_office_gets_404(client) -> None:  # type: ignore[no-untyped-def]
    round = eligibility_round()
    tax = department("tax")
    _consult(submitted_application(round), tax)
    client.force_login(other_programme_office())
    url = reverse("applications:consultation_letter", args=[round.pk, tax.pk])
    assert client.get(url).status_code == 404
