from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("MHO inventory")
    # What public pages show: a change drops the cached pages (kernel.pagecache).
    # Yearly records are not here: the change path decides by their state.
    page_cache_models = ("MutualHealthOrganization", "Campaign")

    def ready(self):
        # The tasks are registered in every process, not only in workers: the
        # change path queues them by name.
        from . import tasks  # noqa: F401
