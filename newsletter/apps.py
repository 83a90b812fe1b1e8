from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter and news")
    # What public pages show: a change drops the cached pages (kernel.pagecache).
    page_cache_models = ("Issue", "Edition", "News")
