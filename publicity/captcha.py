"""The captcha a visitor solves on a public form without a login: the objection form (Art. 21,
publicity.forms.publicity.ObjectionForm) and the incident report (R11 / Art. 33,
sanctions.forms.incidents.PublicIncidentForm). django-simple-captcha draws the characters as an
image served by the portal itself (no outside service: intranets are offline), offers them as
speech when ``CAPTCHA_FLITE_PATH`` names the flite program, keeps each challenge in its own table
and lets one answer be tried once; every showing of the form draws a new challenge."""

from __future__ import annotations

from typing import Any

from captcha.fields import CaptchaField as LibraryCaptchaField
from captcha.fields import CaptchaTextInput
from django.utils.translation import gettext_lazy as _

WRONG_ANSWER = _("The characters typed do not match the image; please type those of the new one.")


class CaptchaWidget(CaptchaTextInput):
    """The image (a link to its spoken form when audio is on), then the answer box."""

    # In the app's own templates folder: the form renderer looks there, not in templates/.
    template_name = "publicity/widgets/captcha.html"


class CaptchaField(LibraryCaptchaField):
    """The visitor's reading of the characters in the image."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Characters in the image"))
        kwargs.setdefault(
            "help_text", _("Not case sensitive. A new image is drawn each time the page is shown.")
        )
        kwargs.setdefault(
            "error_messages",
            {"invalid": WRONG_ANSWER, "required": WRONG_ANSWER, "incomplete": WRONG_ANSWER},
        )
        kwargs.setdefault("widget", CaptchaWidget(attrs={"class": "form-control"}))
        super().__init__(**kwargs)
