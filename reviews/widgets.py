"""A select widget rendered in Python (performance: the scoring page has 23 selects of 21
options in six groups; Django's template-per-option rendering was most of the page's time).

The HTML is the same as Django's ``django/forms/widgets/select.html`` (name, id, attributes,
optgroups, ``selected``), every value escaped by ``format_html``. The scoring page's item rows
and the expert dashboard's task rows are rendered here too, for the same reason."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.db import models
from django.forms import BoundField
from django.forms.utils import flatatt
from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.formats import date_format, localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from applications.enums import ApplicationStatus
from awards.enums import ItemKind
from reviews.enums import ReviewStage, ReviewStatus
from reviews.rules.scoring import SCORING_BANDS


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
    text = str(value)
    # Most values (ids, numbers, names) hold nothing to escape: one search, not five replaces.
    return html.escape(text) if _TO_ESCAPE.search(text) else text


_TO_ESCAPE = re.compile("[&<>\"']")


def _attrs_html(attrs: dict[str, Any]) -> str:
    """Django's ``flatatt`` (True: the bare name; False and None: left out; else escaped),
    without a ``format_html`` per attribute."""
    return "".join(
        [
            f" {name}" if value is True else f' {name}="{_esc(value)}"'
            for name, value in attrs.items()
            if value is not False and value is not None
        ]
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


def field_html(bound: BoundField) -> SafeString:
    """``str(bound)``: for a field of an unbound form that is neither required nor disabled,
    has no help text and no hidden initial (the scoring form's on a fresh page), its widget
    rendered straight with its id and value; Django's ``BoundField.as_widget`` would add no
    other attribute to those (errors, ``required``, ``aria-describedby``) and costs more than
    the widget itself, 61 times a scoring page."""
    field = bound.field
    if (
        bound.form.is_bound
        or field.required
        or field.disabled
        or field.help_text
        or field.localize
        or field.show_hidden_initial
        or "id" in field.widget.attrs
        or not bound.auto_id
    ):
        return mark_safe(str(bound))  # Django's own rendering, escaped
    return field.widget.render(
        bound.html_name, bound.value(), {"id": bound.auto_id}, bound.form.renderer
    )


@functools.lru_cache(maxsize=512)
def _item_head_html(
    percent_id: str, code: str, name: str, points: Any, kind: str, language: str | None
) -> str:
    """An item's label, points and kind on the scoring page: fixed by the scheme, rendered
    once a process and language."""
    points_text = _esc(_("%(points)s points") % {"points": points})
    return (
        '<div class="row g-2 mb-3 pb-3 border-bottom"><div class="col-md-4">'
        f'<label class="form-label fw-semibold" for="{percent_id}">'
        f"{_esc(code)} {_esc(name)}</label>"
        f'<div class="small text-muted">{points_text} · {_esc(_label(ItemKind, kind))}</div>'
    )


def score_rows_html(rows: list[dict[str, Any]], editable: bool) -> SafeString:
    """The item rows of one category of the scoring page (templates/reviews/review_score.html):
    per item its code, name, points and kind, its percentage (a select while editable) with
    the band's text, errors and its comment. Built here rather than by the template engine,
    which spent most of the page's time resolving the 23 rows' variables and tags."""
    score_label = _esc(_("Item score") + pgettext("label", ": "))
    comment_label = _esc(_("Comment"))
    language = translation.get_language()
    parts = []
    for row in rows:
        item, percent, comment = row["item"], row["percent"], row["comment"]
        percent_id = _esc(percent.id_for_label)
        errors = "".join(
            f'<div class="invalid-feedback d-block">{_esc(error)}</div>'
            for error in percent.form.errors.get(percent.name) or ()
        )
        if editable:
            score = (
                f"{field_html(percent)}"
                f'<div class="small text-muted mt-1">{score_label}'
                f'<span id="{percent_id}-score">—</span></div>'
            )
            comment_html = (
                f'<label class="form-label small" for="{_esc(comment.id_for_label)}">'
                f"{comment_label}</label>{field_html(comment)}"
            )
        else:
            value = percent.value()
            shown = f"{_esc(value)}%" if value is not None and value != "" else "—"
            score = f'<div class="fs-5">{shown}</div>'
            comment_html = (
                f'<div class="small">{linebreaksbr(comment.value() or "", autoescape=True) or "—"}'
                "</div>"
            )
        head = _item_head_html(percent_id, item.code, item.name, item.points, item.kind, language)
        parts.append(
            f'{head}</div><div class="col-md-3">{score}{errors}'
            f'<div class="small text-muted mt-1" id="{percent_id}-band">{_esc(row["band"])}</div>'
            f'</div><div class="col-md-5">{comment_html}</div></div>'
        )
    return mark_safe("".join(parts))  # every value escaped above; widgets render escaped


@functools.lru_cache(maxsize=8)
def bands_rows_html(language: str | None) -> SafeString:
    """The rows of the scoring page's table of the six bands of GB/Z 19579: fixed texts,
    rendered once a process and language."""
    return mark_safe(
        "".join(
            f'<tr><td class="text-nowrap">{_esc(band.label)}</td><td>{_esc(band.process)}</td>'
            f"<td>{_esc(band.results)}</td></tr>"
            for band in SCORING_BANDS
        )
    )


def score_sections_html(sections: list[dict[str, Any]], editable: bool) -> SafeString:
    """The scoring page's cards, one a category (templates/reviews/review_score.html): its
    code and name (and English name on an English page), its live score while editable, its
    item rows (:func:`score_rows_html`), its strengths and opportunities for improvement."""
    english = (translation.get_language() or "")[:2] == "en"
    if editable:
        category_score = _esc(_("Category score")) + _esc(pgettext("label", ": "))
    strengths_label = _esc(_("Strengths"))
    opportunities_label = _esc(_("Opportunities for improvement"))
    parts = []
    for section in sections:
        category = section["category"]
        name_en = (
            f' <span class="text-muted small">{_esc(category.name_en)}</span>'
            if category.name_en and english
            else ""
        )
        total = (
            f'<span class="small">{category_score}'
            f'<strong id="category-total-{_esc(category.pk)}">—</strong></span>'
            if editable
            else ""
        )
        feedback = []
        for label, bound in (
            (strengths_label, section["strengths"]),
            (opportunities_label, section["opportunities"]),
        ):
            shown = (
                field_html(bound)
                if editable
                else f'<div class="small">{linebreaksbr(bound.value(), autoescape=True) or "—"}'
                "</div>"
            )
            feedback.append(
                '<div class="col-md-6"><label class="form-label small fw-semibold" '
                f'for="{_esc(bound.id_for_label)}">{label}</label>{shown}</div>'
            )
        parts.append(
            '<section class="card mb-3"><div class="card-header d-flex justify-content-between">'
            f'<h2 class="h6 mb-0">{_esc(category.code)} {_esc(category.name)}{name_en}</h2>'
            f'{total}</div><div class="card-body">{score_rows_html(section["items"], editable)}'
            f'<div class="row g-2">{"".join(feedback)}</div></div></section>'
        )
    return mark_safe("".join(parts))  # every value escaped above; widgets render escaped


@functools.lru_cache(maxsize=16)
def _choice_labels(choices: type[models.TextChoices], language: str | None) -> dict[str, str]:
    """``get_FOO_display`` of a text choice, per language: Django's rebuilds the field's
    choices as a dictionary on every call (a few hundred function calls a row)."""
    return {value: str(label) for value, label in choices.choices}


def _label(choices: type[models.TextChoices], value: str) -> str:
    return _choice_labels(choices, translation.get_language()).get(value, value)


def expert_task_rows_html(tasks: list[Any], led_group_ids: Callable[[], set[int]]) -> SafeString:
    """The rows of one round of the expert's dashboard section
    (templates/reviews/_dashboard_expert.html): per assigned application the organisation, its
    status, the expert's reviews and the next step with its link. Built here rather than by
    the template engine, which spent most of the dashboard's time on the rows' tags.
    ``led_group_ids`` reads the groups the expert leads, called only when a row needs them
    (a review submitted), as the template did."""
    parts = []
    for task in tasks:
        application = task.application
        reviews = (
            "".join(
                f"<div>{_esc(_label(ReviewStage, review.stage))}: "
                f"{_esc(_label(ReviewStatus, review.status))} ({_esc(localize(review.total))})</div>"
                for review in task.reviews
            )
            or "—"
        )
        step = task.next_step
        links = task.links
        dossier = (
            f'<a class="btn btn-sm btn-outline-secondary" href="{_esc(links["dossier"])}">'
            f"{_esc(_('Dossier'))}</a>"
        )
        if step == "sign":
            action = f'<span class="text-muted small">{_esc(_("Sign the commitment first"))}</span>'
        elif step == "declare":
            action = (
                f'<a class="btn btn-sm btn-primary" href="{_esc(links["declare"])}">'
                f"{_esc(_('Declare conflict status'))}</a>"
            )
        elif step == "score":
            what = (
                _("Score the site review")
                if task.stage == "site"
                else _("Score the material review")
            )
            due = ""
            if task.due:
                # blocktrans: the date escaped, the sentence as translated.
                sentence = _("Due on %(date)s (Beijing time)") % {
                    "date": _esc(date_format(task.due.due_on, "Y-m-d"))
                }
                due = f'<div class="small review-due mt-1">{sentence}</div>'
            action = (
                f'<a class="btn btn-sm btn-primary" href="{_esc(links["score"])}">{_esc(what)}</a>'
                f"{due}{dossier}"
            )
        elif step == "submitted":
            consensus = ""
            if task.assignment.group_id in led_group_ids():
                consensus = (
                    f'<a class="btn btn-sm btn-primary consensus-link" '
                    f'href="{_esc(links["consensus"])}">{_esc(_("Record the group consensus"))}</a>'
                )
            action = (
                f'<span class="badge text-bg-success">{_esc(_("Submitted"))}</span>'
                f"{consensus}{dossier}"
            )
        else:
            action = dossier
        parts.append(
            f'<tr class="expert-task" data-application="{_esc(localize(application.pk))}">'
            f"<td>{_esc(application.organisation.name)}</td>"
            f'<td class="small">{_esc(_label(ApplicationStatus, application.status))}</td>'
            f'<td class="small">{reviews}</td>'
            f"<td>{action}</td></tr>"
        )
    return mark_safe("".join(parts))  # every value escaped above
