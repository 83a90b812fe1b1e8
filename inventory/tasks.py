from celery import shared_task

from .services.campaigns import campaign_send_reminders


@shared_task(name="inventory.send_campaign_reminders")
def send_campaign_reminders() -> int:
    return campaign_send_reminders()
