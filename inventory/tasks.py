from celery import shared_task

from .services.campaigns import campaign_send_reminders, reminders_mail
from .services.notifications import NOTIFY_TASK, notification_send


@shared_task(name="inventory.send_campaign_reminders")
def send_campaign_reminders() -> int:
    return campaign_send_reminders()


@shared_task(name=NOTIFY_TASK)
def send_notification(event: str, pk: int) -> int:
    return notification_send(event=event, pk=pk)


@shared_task(name="inventory.send_country_reminders")
def send_country_reminders(reminder_ids: list[int]) -> int:
    return reminders_mail(reminder_ids=reminder_ids)
