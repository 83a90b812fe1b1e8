from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcertationConfig(AppConfig):
    name = "concertation"
    verbose_name = _("Portal and accounts")

    def ready(self):
        from . import lookups, pagecache

        lookups.register()
        pagecache.connect_signals()
