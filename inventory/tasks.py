from celery import shared_task
from django.conf import settings

from .services.campaigns import campaign_send_reminders


@shared_task(name="inventory.send_campaign_reminders")
def send_campaign_reminders() -> int:
    return campaign_send_reminders()


@shared_task(name="inventory.rebuild_synthesis")
def rebuild_synthesis() -> int:
    """Rebuild the (country, year) rows marked dirty; also the periodic sweep."""
    from concertation.tasks import enqueue

    from .exports.build import data_mark_stale
    from .services.synthesis import synthesis_rebuild_dirty

    rebuilt = synthesis_rebuild_dirty()
    if rebuilt:
        # The files follow the data; the countdown gathers a burst of changes.
        data_mark_stale()
        enqueue(build_data_files, countdown=settings.DATA_BUILD_COUNTDOWN)
    return rebuilt


@shared_task(name="inventory.build_data_files", time_limit=1800, soft_time_limit=1700)
def build_data_files():
    """Build the open-data files when the data changed since the last build."""
    from .exports.build import data_build_if_stale

    build = data_build_if_stale()
    return build.pk if build else None
