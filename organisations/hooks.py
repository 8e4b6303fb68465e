"""The moments of organisations the apps above it take part in (connected in their
``registrations.py``)."""

from __future__ import annotations

from common.hooks import Hook

# A registration named a user name that is taken. Nothing was created and the visitor sees the
# same answer as for a free name, so the page does not tell whether an account (the office's,
# an expert's) exists; the handler tells the owner of the address given instead (notifications
# e-mails it). Sent inside the registration's transaction with (address, user name).
registration_name_taken: Hook[[str, str]] = Hook("organisations.registration_name_taken")
