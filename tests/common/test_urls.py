"""common.urls.id_urls: the same URLs as ``reverse``, the pattern reversed once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from common.urls import id_urls


@pytest.mark.parametrize("pk", [1, 7, 10, 987, 2_000_000])
def test_one_id_gives_reverses_url(pk: int) -> None:
    assert id_urls("applications:start")(pk) == reverse("applications:start", args=[pk])
    assert id_urls("awards:call_detail")(pk) == reverse("awards:call_detail", args=[pk])


def test_two_ids_keep_their_places() -> None:
    url = id_urls("applications:start_copy", 2)
    assert url(3, 40) == reverse("applications:start_copy", args=[3, 40])
    assert url(40, 3) == reverse("applications:start_copy", args=[40, 3])


def test_the_wrong_number_of_ids_is_refused() -> None:
    with pytest.raises(TypeError):
        id_urls("applications:start_copy", 2)(3)


def test_a_fixed_tail_follows_the_id() -> None:
    url = id_urls("reviews:score", tail=("material",))
    assert url(12) == reverse("reviews:score", args=[12, "material"])
