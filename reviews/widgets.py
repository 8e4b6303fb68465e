"""A select widget rendered in Python (performance: the scoring page has 23 selects of 21
options in six groups; Django's template-per-option rendering was most of the page's time).

The HTML is the same as Django's ``django/forms/widgets/select.html`` (name, id, attributes,
optgroups, ``selected``), every value escaped by ``format_html``."""

from __future__ import annotations

import html
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


class FastSelect(forms.Select):
    # Set by a field whose choices are fixed and shared (reviews.forms.review.PercentField):
    # the options' cache key, so that the choices are not walked again on every render.
    choices_key: tuple[Any, ...] | None = None

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        key = (
            self.choices_key if self.choices_key is not None else _static_choices_key(self.choices)
        )
        if key is None:
            widget = self.get_context(name, value, attrs)["widget"]
            options = _optgroups_html(widget["optgroups"])
            final_attrs = widget["attrs"]
        else:
            # Django's get_context would build every option's dictionary only to be ignored.
            options = _cached_options_html(self, key, tuple(self.format_value(value)))
            final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(
            f'<select name="{_esc(name)}"{_attrs_html(final_attrs)}>{options}</select>'
        )


def _esc(value: Any) -> str:
    """Django's ``conditional_escape`` without its lazy-argument wrapper (a few hundred values
    a scoring page): safe HTML as it is, anything else through ``html.escape``."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _attrs_html(attrs: dict[str, Any]) -> str:
    """Django's ``flatatt`` (True: the bare name; False and None: left out; else escaped),
    without a ``format_html`` per attribute."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_esc(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
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
        attributes = _attrs_html(self.build_attrs(self.attrs, attrs))
        text = _esc(self.format_value(value) or "")
        return mark_safe(f'<textarea name="{_esc(name)}"{attributes}>\n{text}</textarea>')


def score_rows_html(rows: list[dict[str, Any]], editable: bool) -> SafeString:
    """The item rows of one category of the scoring page (templates/reviews/review_score.html):
    per item its code, name, points and kind, its percentage (a select while editable) with
    the band's text, errors and its comment. Built here rather than by the template engine,
    which spent most of the page's time resolving the 23 rows' variables and tags."""
    score_label = _esc(_("Item score") + pgettext("label", ": "))
    comment_label = _esc(_("Comment"))
    parts = []
    for row in rows:
        item, percent, comment = row["item"], row["percent"], row["comment"]
        percent_id = _esc(percent.id_for_label)
        errors = "".join(
            f'<div class="invalid-feedback d-block">{_esc(error)}</div>' for error in percent.errors
        )
        if editable:
            score = (
                f"{percent}"
                f'<div class="small text-muted mt-1">{score_label}'
                f'<span id="{percent_id}-score">—</span></div>'
            )
            comment_html = (
                f'<label class="form-label small" for="{_esc(comment.id_for_label)}">'
                f"{comment_label}</label>{comment}"
            )
        else:
            value = percent.value()
            shown = f"{_esc(value)}%" if value is not None and value != "" else "—"
            score = f'<div class="fs-5">{shown}</div>'
            comment_html = (
                f'<div class="small">{linebreaksbr(comment.value() or "", autoescape=True) or "—"}'
                "</div>"
            )
        points = _esc(_("%(points)s points") % {"points": item.points})
        parts.append(
            '<div class="row g-2 mb-3 pb-3 border-bottom"><div class="col-md-4">'
            f'<label class="form-label fw-semibold" for="{percent_id}">'
            f"{_esc(item.code)} {_esc(item.name)}</label>"
            f'<div class="small text-muted">{points} · {_esc(item.get_kind_display())}</div>'
            f'</div><div class="col-md-3">{score}{errors}'
            f'<div class="small text-muted mt-1" id="{percent_id}-band">{_esc(row["band"])}</div>'
            f'</div><div class="col-md-5">{comment_html}</div></div>'
        )
    return mark_safe("".join(parts))  # every value escaped above; widgets render escaped
