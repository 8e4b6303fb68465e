"""The scoring page's selects rendered in Python (reviews.widgets.FastSelect): the same HTML as
Django's own widget, and the fixed band texts of GB/Z 19579 rendered once per process and
language rather than for each of the page's selects."""

from __future__ import annotations

import re

from django import forms
from django.utils import translation

from accounts.models import User
from reviews import widgets
from reviews.forms.review import percent_choices
from reviews.widgets import FastSelect


def _both(value: object, kind: str = "process") -> tuple[str, str]:
    choices = percent_choices(kind)
    attrs = {"class": "form-select", "id": "id_percent_1"}
    django = forms.Select(attrs=attrs, choices=choices).render("percent_1", value)
    fast = FastSelect(attrs=attrs, choices=choices).render("percent_1", value)
    return str(django), str(fast)


def test_a_band_select_renders_as_djangos_own_whatever_is_chosen() -> None:
    for value in (None, "", 0, 35, "100"):
        django, fast = _both(value)
        assert fast == re.sub(r">\s+<", "><", django.replace("\n", "")), value


def test_the_band_texts_are_rendered_once_per_kind_language_and_choice() -> None:
    widgets._OPTIONS.clear()
    with translation.override("zh-hans"):
        for _item in range(23):
            _both(40)
        _both(40, kind="results")
        _both(45)
    with translation.override("en"):
        _both(40)
    assert len(widgets._OPTIONS) == 4


def test_a_model_choice_select_is_rendered_afresh() -> None:
    widgets._OPTIONS.clear()
    field = forms.ModelChoiceField(queryset=User.objects.none())
    html = FastSelect(choices=field.choices).render("expert", None)
    assert '<option value="" selected>---------</option>' in str(html)
    assert widgets._OPTIONS == {}


def test_a_fresh_forms_fields_render_as_djangos_own() -> None:
    class Fresh(forms.Form):
        summary = forms.CharField(
            required=False, initial='a <b> & "c"', widget=widgets.FastTextarea(attrs={"rows": 3})
        )
        percent_1 = forms.TypedChoiceField(
            required=False,
            coerce=int,
            choices=percent_choices("process"),
            initial=40,
            widget=FastSelect(attrs={"class": "form-select", "data-points": 50}),
        )

    for form in (Fresh(), Fresh({"summary": "x", "percent_1": "7"})):
        form.is_valid()
        for name in form.fields:
            assert widgets.field_html(form[name]) == str(form[name]), name
