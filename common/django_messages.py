"""Django's own messages that our catalogue translates again, in the formal register.

Django's Simplified Chinese catalogue addresses the user as 你 ("你的密码…") and reads
"这个字段是必填项"; the portal writes 您 and official Chinese. Our catalogue comes first
(``LOCALE_PATHS``), so an entry there for one of Django's msgids replaces Django's. Listing
the msgids here keeps them in the catalogue when ``makemessages`` runs over the tree (an
entry no source names would be dropped as obsolete); nothing reads this tuple.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_MESSAGES = (
    gettext_noop("This field is required."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
)
