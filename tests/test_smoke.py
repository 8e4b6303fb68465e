import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_speaks_chinese_by_default(client) -> None:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert 'lang="zh-CN"' in response.content.decode()


@pytest.mark.django_db
def test_scoring_scheme_gbt19580_2012_is_loaded_as_data() -> None:
    from django.db.models import Sum

    from awards.models import ScoringItem, ScoringScheme

    scheme = ScoringScheme.objects.get(code="gbt19580-2012")
    items = ScoringItem.objects.filter(category__scheme=scheme)
    assert items.count() == 23
    assert items.aggregate(total=Sum("points"))["total"] == 1000
    assert items.filter(kind="results").aggregate(total=Sum("points"))["total"] == 400
