"""French number formats: digits grouped by a narrow no-break space
(9 500 000), as French typography writes them, rather than Django's
no-break space."""

from django.conf.locale.fr.formats import *  # noqa: F403

THOUSAND_SEPARATOR = "\u202f"
