from celery import shared_task

from .services.campaigns import campaign_send_reminders


@shared_task(name="inventory.send_campaign_reminders")
def send_campaign_reminders() -> int:
    return campaign_send_reminders()


@shared_task(name="inventory.rebuild_synthesis")
def rebuild_synthesis() -> int:
    """Rebuild the (country, year) rows marked dirty; also the periodic sweep."""
    from .services.synthesis import synthesis_rebuild_dirty

    return synthesis_rebuild_dirty()
