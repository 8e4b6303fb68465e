"""The applicant dashboard's rows of open rounds (applications/_dashboard_applicant.html),
written in Python: fifty rounds open at once through the template language, a csrf_token and
a few variables each, cost more than the rest of the page."""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()
# What html.escape replaces.
_SPECIAL = frozenset("&<>\"'")


def _escaped(value: object) -> str:
    """``value`` as a template writes it: django's conditional_escape without its wrapper for
    lazy strings, which cost most of the rows (``html.escape``, quotes included, as django's)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    text = str(value)
    # Most texts (URLs, titles, dates) have nothing to escape: one look instead of five passes.
    return text if _SPECIAL.isdisjoint(text) else escape(text)


@register.simple_tag(takes_context=True)
def open_round_rows(context: template.Context, ctx: dict[str, Any]) -> SafeString:
    """The ``<li>`` of each open round: its call, deadline and either why the organisation
    cannot apply or the forms to start (and to start as a copy). Every value is escaped as
    the template would; the token field is the csrf_token tag's own."""
    token = CsrfTokenNode().render(context)
    start = _escaped(_("Start an application"))
    copy_label = _escaped(ctx["copy_label"])
    rows = []
    for row in ctx["open_rounds"]:
        html = (
            '<li class="list-group-item d-flex justify-content-between align-items-center'
            ' flex-wrap gap-2">\n'
            f'  <div>\n    <a href="{_escaped(row["call_url"])}">'
            f"{_escaped(row['round'].title)}</a>\n"
            f'    <div class="small text-muted">{_escaped(row["deadline_line"])}</div>\n'
            "  </div>\n"
        )
        if row["refusal"]:
            html += (
                '  <p class="small text-danger mb-0 start-refusal">'
                f"{_escaped(row['refusal'])}</p>\n"
            )
        else:
            html += (
                f'  <form method="post" action="{_escaped(row["start_url"])}">{token}\n'
                f'    <button class="btn btn-primary btn-sm" type="submit">{start}</button>\n'
                "  </form>\n"
            )
            if row.get("copy_url"):
                html += (
                    f'  <form method="post" action="{_escaped(row["copy_url"])}">'
                    f"{token}\n"
                    '    <button class="btn btn-outline-primary btn-sm" type="submit">'
                    f"{copy_label}</button>\n"
                    "  </form>\n"
                )
        rows.append(html + "</li>\n")
    return mark_safe("".join(rows))  # every value escaped above
