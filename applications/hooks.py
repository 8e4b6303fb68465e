"""What the apps above applications add to it, in their ``AppConfig.ready()`` (see each app's
``registrations.py``): applications sits below reviews and grants and cannot call them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpRequest

from accounts.models import User
from accounts.permissions import AnyUser
from applications.models import Application
from common.hooks import Hook, Registry

#: R12: who else may open a dossier, besides its organisation, its recommender, the office and
#: the leading group (reviews: an assigned expert who signed the commitment, with no conflict).
dossier_readers: Registry[Callable[[AnyUser, Application], bool]] = Registry("dossier_readers")

#: R12: the name stamped on the dossier files a reader downloads, given the reader's user id,
#: or None when the user is not such a reader (reviews: the expert's name).
reader_names: Registry[Callable[[int], str | None]] = Registry("reader_names")

#: R8 / Art. 28: the office disqualified an application for fraud (application, actor, reason),
#: inside the disqualification's transaction (grants opens the bar decision).
fraud_found: Hook[[Application, User, str]] = Hook("fraud_found")

#: Sections the apps above add to the office's application page (reviews: the conflicts of
#: interest on record; grants: the bar decision after fraud). Each takes the request, the
#: application and the bound forms a failed POST of the section shows again, and returns the
#: section's template context.
OfficePageSection = Callable[[HttpRequest, Application, Mapping[str, Any]], dict[str, Any]]
office_page_sections: Registry[OfficePageSection] = Registry("office_page_sections")
