from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Synthesis and open data")
    # What public pages show: a change drops the cached pages (kernel.pagecache).
    page_cache_models = ("SynthesisRow",)

    def ready(self):
        # The receivers follow the inventory's change path; the tasks are
        # registered in every process, not only in workers, since the change
        # path queues them by name; the inventory's pages read the public
        # years through inventory.years, which imports nothing of this app.
        from inventory.years import public_years_use

        from . import receivers, tasks  # noqa: F401
        from .selectors_years import public_years

        public_years_use(public_years)
