"""``makemessages`` that also extracts ``_lazy("...")``.

Some modules import ``gettext_lazy as _lazy`` beside ``gettext as _`` (a module-level table of
labels next to messages built at request time). xgettext knows ``gettext_lazy`` and ``_`` but not
that alias, so without this keyword those strings never reach the catalogue and stay English.
"""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=_lazy"]
