"""The yearly campaign: reminders to managers who have not submitted."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from inventory.models import (
    Campaign,
    CampaignReminder,
    MHOManagement,
    MutualHealthOrganization,
    YearlyRecord,
)

from . import notifications

REMINDER_INTERVAL = timedelta(days=7)


def mhos_to_remind(*, campaign: Campaign, now):
    submitted = YearlyRecord.objects.filter(
        mho=OuterRef("pk"),
        year=campaign.year,
        state__in=[YearlyRecord.State.SUBMITTED, YearlyRecord.State.VALIDATED],
    )
    reminded = CampaignReminder.objects.filter(
        mho=OuterRef("pk"), sent_at__gt=now - REMINDER_INTERVAL
    )
    managed = MHOManagement.objects.filter(
        mho=OuterRef("pk"), status="approved", user__is_active=True
    )
    return (
        MutualHealthOrganization.objects.approved()
        .filter(Exists(managed))
        .exclude(Exists(submitted))
        .exclude(Exists(reminded))
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
