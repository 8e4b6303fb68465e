"""A select widget rendered in Python (performance: the scoring page has 23 selects of 21
options in six groups; Django's template-per-option rendering was most of the page's time).

The HTML is the same as Django's ``django/forms/widgets/select.html`` (name, id, attributes,
optgroups, ``selected``), every value escaped by ``format_html``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        key = _static_choices_key(self.choices)
        if key is None:
            options = _optgroups_html(widget["optgroups"])
        else:
            options = _cached_options_html(self, key, tuple(widget["value"]))
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            options,
        )


def _optgroups_html(optgroups: list[Any]) -> SafeString:
    parts = []
    for group_name, options, _index in optgroups:
        rendered = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((option["value"], flatatt(option["attrs"]), option["label"]) for option in options),
        )
        if group_name:
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered))
        else:
            parts.append(rendered)
    return mark_safe("".join(parts))  # built with format_html above


def _static_choices_key(choices: Any) -> tuple[Any, ...] | None:
    """The choices as a hashable key when they are a fixed list of plain values and labels
    (the scoring page's percentages with the scheme's band texts, the same for every item of
    a kind), else None (a model's choices are read from the database)."""
    if not isinstance(choices, list | tuple):
        return None
    key: list[Any] = [translation.get_language()]
    try:
        for value, label in choices:
            if isinstance(label, list | tuple):
                key.append((str(value), tuple((str(v), str(text)) for v, text in label)))
            else:
                key.append((str(value), str(label)))
    except (TypeError, ValueError):  # not (value, label) pairs: render without the cache
        return None
    return tuple(key)


# The options' HTML per set of fixed choices and chosen values: the band texts of GB/Z 19579
# are escaped and joined once per process, not for each of the page's 23 selects.
_OPTIONS: dict[tuple[Any, ...], SafeString] = {}
_OPTIONS_MAX = 512


def _cached_options_html(
    widget: FastSelect, key: tuple[Any, ...], chosen: tuple[str, ...]
) -> SafeString:
    full = (key, chosen)
    html = _OPTIONS.get(full)
    if html is None:
        html = _optgroups_html(widget.optgroups("", list(chosen)))
        if len(_OPTIONS) >= _OPTIONS_MAX:
            _OPTIONS.clear()
        _OPTIONS[full] = html
    return html


class FastTextarea(forms.Textarea):
    """Django's ``django/forms/widgets/textarea.html`` in Python."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            widget["name"],
            flatatt(widget["attrs"]),
            widget["value"] or "",
        )


def use_fast_selects(form: forms.Form) -> None:
    """Swap the plain ``Select`` and ``Textarea`` widgets of a built form for :class:`FastSelect`
    and :class:`FastTextarea` (same attributes and choices)."""
    for field in form.fields.values():
        widget = field.widget
        fast: forms.Widget
        if type(widget) is forms.Select:
            fast = FastSelect(attrs=widget.attrs, choices=widget.choices)
        elif type(widget) is forms.Textarea:
            fast = FastTextarea(attrs=widget.attrs)
        else:
            continue
        fast.is_required = widget.is_required
        field.widget = fast
