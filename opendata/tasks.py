"""Thin Celery wrappers around the open-data services. Their names are those
they had when the inventory held the synthesis: queued messages and beat's
schedule keep working."""

from celery import shared_task

from .exports.schedule import data_build_if_stale
from .services.refresh import synthesis_refresh_dirty


@shared_task(name="inventory.rebuild_synthesis")
def rebuild_synthesis() -> int:
    """Rebuild the (country, year) rows marked dirty, then queue the files'
    build; also the periodic sweep."""
    return synthesis_refresh_dirty()


@shared_task(name="inventory.build_data_files", time_limit=1800, soft_time_limit=1700)
def build_data_files():
    """Build the open-data files when the data changed since the last build;
    queued again for later when a build started less than a minute ago."""
    build = data_build_if_stale()
    return build.pk if build else None
