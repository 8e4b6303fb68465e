"""What forms share: the date input and Bootstrap's classes on the widgets."""

from __future__ import annotations

from django import forms


def date_widget() -> forms.DateInput:
    """A browser date picker, the value as ISO (YYYY-MM-DD)."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class BootstrapStyle:
    """``_style()`` gives each widget its Bootstrap class (form-select, form-control); radio
    buttons and check boxes keep theirs. A form calls it at the end of its ``__init__``."""

    def _style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)
