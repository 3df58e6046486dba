"""makemessages that also extracts `_l(...)`: the project imports gettext_lazy as `_l` where a
module needs both the lazy and the immediate form, and xgettext knows only the standard names."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
