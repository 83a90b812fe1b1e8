"""The yearly campaign: reminders to managers who have not submitted.

Beat reminds every country once a week (``campaign_send_reminders``); a focal
point may also remind their country's mutuals from its dashboard
(``campaign_remind_country``). Either way an MHO is reminded at most once in
``REMINDER_INTERVAL``: each reminder is a ``CampaignReminder`` row.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from inventory.models import (
    Campaign,
    CampaignReminder,
    MHOManagement,
    MutualHealthOrganization,
    YearlyRecord,
)
from kernel.queue import enqueue, task_named

from . import notifications

REMINDER_INTERVAL = timedelta(days=7)


def _not_reported(campaign: Campaign):
    submitted = YearlyRecord.objects.filter(
        mho=OuterRef("pk"),
        year=campaign.year,
        state__in=[YearlyRecord.State.SUBMITTED, YearlyRecord.State.VALIDATED],
    )
    return MutualHealthOrganization.objects.approved().exclude(Exists(submitted))


def _reminded_since(now):
    return CampaignReminder.objects.filter(
        mho=OuterRef("pk"), sent_at__gt=now - REMINDER_INTERVAL
    )


def _managed():
    return MHOManagement.objects.filter(
        mho=OuterRef("pk"), status="approved", user__is_active=True
    )


def mhos_to_remind(*, campaign: Campaign, now):
    return (
        _not_reported(campaign)
        .filter(Exists(_managed()))
        .exclude(Exists(_reminded_since(now)))
        .order_by("code")
    )


def campaign_send_reminders(*, now=None) -> int:
    """Mail the managers of every MHO of the open campaign that has not
    submitted, at most once a week per MHO. Returns the number of MHOs."""
    now = now or timezone.now()
    campaign = (
        Campaign.objects.open_on(timezone.localdate(now)).order_by("-year").first()
    )
    if campaign is None:
        return 0
    count = 0
    for mho in mhos_to_remind(campaign=campaign, now=now).iterator():
        sent = notifications.campaign_reminder_send(campaign=campaign, mho=mho)
        CampaignReminder.objects.create(
            campaign=campaign, mho=mho, sent_at=now, recipients=sent
        )
        count += 1
    return count


# --- from a country's dashboard ------------------------------------------------

COUNTRY_REMINDERS_TASK = "inventory.send_country_reminders"


@dataclass(frozen=True)
class CountryReminders:
    """What a focal point's reminder did: MHOs whose managers are mailed, MHOs
    skipped because they were reminded less than a week ago, MHOs with no
    manager to remind."""

    queued: int
    recently_reminded: int
    without_manager: int


def campaign_remind_country(
    *, campaign: Campaign, country, now=None
) -> CountryReminders:
    """Remind the managers of the MHOs of ``country`` that have not reported
    for ``campaign`` (draft, returned or not started), except those reminded
    in the last week. The reminders are recorded now, in one statement, and
    mailed once committed (Celery, or this process without a broker)."""
    now = now or timezone.now()
    waiting = _not_reported(campaign).filter(country=country)
    counts = waiting.aggregate(
        without_manager=Count("pk", filter=~Q(Exists(_managed()))),
        recently=Count(
            "pk", filter=Q(Exists(_managed())) & Q(Exists(_reminded_since(now)))
        ),
    )
    due = mhos_to_remind(campaign=campaign, now=now).filter(country=country)
    with transaction.atomic():
        reminders = CampaignReminder.objects.bulk_create(
            CampaignReminder(campaign=campaign, mho_id=mho_id, sent_at=now)
            for mho_id in due.values_list("pk", flat=True)
        )
        ids = [reminder.pk for reminder in reminders]
        if ids:
            transaction.on_commit(lambda: _queue_reminders(ids))
    return CountryReminders(
        queued=len(ids),
        recently_reminded=counts["recently"],
        without_manager=counts["without_manager"],
    )


REMINDERS_PER_TASK = 100  # a country may have thousands of mutuals


def _queue_reminders(ids: list[int]) -> None:
    task = task_named(COUNTRY_REMINDERS_TASK)
    for start in range(0, len(ids), REMINDERS_PER_TASK):
        batch = ids[start : start + REMINDERS_PER_TASK]
        if task is None or not enqueue(task, batch):
            reminders_mail(reminder_ids=batch)  # no broker: mail them now


def reminders_mail(*, reminder_ids: list[int]) -> int:
    """Mail the reminders recorded by ``campaign_remind_country`` that were
    not mailed yet; returns the number of mails sent."""
    sent = 0
    pending = CampaignReminder.objects.filter(pk__in=reminder_ids, recipients=0)
    for reminder in pending.select_related("campaign", "mho").iterator():
        count = notifications.campaign_reminder_send(
            campaign=reminder.campaign, mho=reminder.mho
        )
        CampaignReminder.objects.filter(pk=reminder.pk).update(recipients=count)
        sent += count
    return sent
