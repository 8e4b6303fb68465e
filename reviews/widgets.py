"""A select widget rendered in Python (performance: the scoring page has 23 selects of 21
options in six groups; Django's template-per-option rendering was most of the page's time).

The HTML is the same as Django's ``django/forms/widgets/select.html`` (name, id, attributes,
optgroups, ``selected``), every value escaped by ``format_html``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], flatatt(option["attrs"]), option["label"])
                    for option in options
                ),
            )
            if group_name:
                parts.append(
                    format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
                )
            else:
                parts.append(rendered)
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(parts)),  # built with format_html above
        )


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
