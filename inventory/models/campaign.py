"""The yearly update campaign opened by the secretariat."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .mho import MutualHealthOrganization


class CampaignQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def current(self):
        """The open campaign today, or None."""
        return self.open_on(timezone.localdate()).order_by("-year").first()


class Campaign(models.Model):
    year = models.PositiveSmallIntegerField(
        _("year reported"),
        unique=True,
        help_text=_("The year whose figures the mutuals report."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="campaign_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return str(self.year)

    @property
    def is_open(self) -> bool:
        return self.opens_on <= timezone.localdate() <= self.closes_on


class CampaignReminder(models.Model):
    """A reminder mailed to an MHO's managers; at most one a week per MHO."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="reminders"
    )
    mho = models.ForeignKey(
        MutualHealthOrganization, on_delete=models.CASCADE, related_name="reminders"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("campaign reminder")
        verbose_name_plural = _("campaign reminders")
        indexes = [models.Index(fields=["mho", "sent_at"])]

    def __str__(self):
        return f"{self.campaign} {self.mho.code} {self.sent_at:%Y-%m-%d}"
