from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditionsConfig(AppConfig):
    name = "editions"
    verbose_name = _("Editions of the inventory")
    # Publishing or withdrawing an edition changes the public pages, and so
    # does a reference figure (the long series of the synthesis).
    page_cache_models = ("Edition", "ReferenceFigure")

    def ready(self):
        # The public pages show the latest edition's figures by default.
        from opendata.frozen import frozen_reader_register

        from .selectors import edition_latest_figures

        frozen_reader_register(edition_latest_figures)
