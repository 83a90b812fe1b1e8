from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter and news")
    # What public pages show: a change drops the cached pages (kernel.pagecache).
    page_cache_models = ("Issue", "Edition", "News")

    def ready(self):
        # The services queue the dispatch task by name (kernel.queue.task_named):
        # it must be registered in every process, not only in a Celery worker
        # whose autodiscovery imported the tasks modules.
        from . import tasks  # noqa: F401
