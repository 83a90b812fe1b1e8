"""A dispatch sends one issue edition (or one flash news item) to the active
subscribers of one language, through one Delivery row per recipient.

Delivery states: ``pending`` → ``sending`` (claimed by a worker, ``claim`` set;
``attempt_at`` set just before the SMTP transaction) → ``sent`` or ``failed``.
See newsletter/services/dispatch.py for the exactly-once reasoning.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .issues import Issue, Language
from .news import News
from .subscriptions import Subscription


def default_batch_size() -> int:
    return settings.NEWSLETTER_BATCH_SIZE


def default_rate_per_minute() -> int:
    return settings.NEWSLETTER_RATE_PER_MINUTE


class DispatchQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(finished_at__isnull=True)

    def with_progress(self):
        """Delivery counts per state, in the same query as the dispatches."""
        counts = {
            f"{state}_count": models.Count(
                "deliveries", filter=Q(deliveries__status=state)
            )
            for state in Delivery.Status.values
        }
        return self.annotate(**counts)


class Dispatch(models.Model):
    issue = models.ForeignKey(
        Issue,
        verbose_name=_("issue"),
        related_name="dispatches",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    news = models.ForeignKey(
        News,
        verbose_name=_("flash news"),
        related_name="dispatches",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    batch_size = models.PositiveIntegerField(
        _("batch size"), default=default_batch_size
    )
    rate_per_minute = models.PositiveIntegerField(
        _("mails per minute"), default=default_rate_per_minute
    )
    next_batch_at = models.DateTimeField(
        _("next batch not before"),
        null=True,
        blank=True,
        help_text=_("Paces the batches and keeps one worker on a dispatch at a time."),
    )

    objects = DispatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(issue__isnull=False, news__isnull=True)
                | Q(issue__isnull=True, news__isnull=False),
                name="dispatch_issue_or_news",
            ),
            models.UniqueConstraint(
                fields=["issue", "language"],
                condition=Q(issue__isnull=False),
                name="dispatch_one_per_issue_language",
            ),
            models.UniqueConstraint(
                fields=["news", "language"],
                condition=Q(news__isnull=False),
                name="dispatch_one_per_news_language",
            ),
            models.CheckConstraint(
                condition=Q(batch_size__gte=1) & Q(rate_per_minute__gte=1),
                name="dispatch_positive_pace",
            ),
        ]

    def __str__(self):
        subject = self.issue if self.issue_id else self.news
        return f"{subject} → {self.get_language_display()}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("delivery", "Pending")
        SENDING = "sending", pgettext_lazy("delivery", "Sending")
        SENT = "sent", pgettext_lazy("delivery", "Sent")
        FAILED = "failed", pgettext_lazy("delivery", "Failed")

    dispatch = models.ForeignKey(
        Dispatch,
        verbose_name=_("dispatch"),
        related_name="deliveries",
        on_delete=models.CASCADE,
    )
    subscription = models.ForeignKey(
        Subscription,
        verbose_name=_("subscription"),
        related_name="deliveries",
        on_delete=models.CASCADE,
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    claim = models.UUIDField(
        pgettext_lazy("delivery", "claimed by batch"), null=True, blank=True
    )
    claimed_at = models.DateTimeField(
        pgettext_lazy("delivery", "claimed"), null=True, blank=True
    )
    attempt_at = models.DateTimeField(
        _("SMTP attempt started"),
        null=True,
        blank=True,
        help_text=_("Set just before the mail is handed to the SMTP server."),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(
        pgettext_lazy("delivery", "sent"), null=True, blank=True
    )
    error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["dispatch", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispatch", "subscription"], name="delivery_once_per_dispatch"
            ),
        ]
        indexes = [
            models.Index(fields=["dispatch", "status"], name="delivery_queue"),
        ]

    def __str__(self):
        return f"{self.dispatch_id}/{self.subscription_id} {self.status}"
