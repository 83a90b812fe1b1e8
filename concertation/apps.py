from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from kernel import lookups, pagecache, search


class ConcertationConfig(AppConfig):
    name = "concertation"
    verbose_name = _("Portal and accounts")

    def ready(self):
        from . import checks  # noqa: F401 (registers itself)
        from .permissions import secretariat_group_on_migrate

        lookups.register()
        search.register()
        pagecache.connect_signals()
        post_migrate.connect(
            secretariat_group_on_migrate,
            sender=self,
            dispatch_uid="concertation.secretariat_group",
        )
