from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Events and forums")
    # What public pages show: a change drops the cached pages (kernel.pagecache).
    page_cache_models = ("Event", "ForumEdition", "ProceedingsDocument")
