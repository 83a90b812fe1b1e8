"""Who receives the Concertation Mail and flash news, with their consent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .issues import Language


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Confirmed (double opt-in) and not unsubscribed: the only addresses
        that receive anything besides the confirmation mail."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)

    def for_language(self, language: str):
        return self.filter(language=language)

    def wanting_flash_news(self):
        """Active subscriptions that asked for flash news, except those of a
        deactivated account."""
        return (
            self.active()
            .filter(flash_news=True)
            .filter(models.Q(user__isnull=True) | models.Q(user__is_active=True))
        )


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.FRENCH,
        help_text=_("The edition this address receives."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered user"),
        related_name="newsletter_subscriptions",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    flash_news = models.BooleanField(
        pgettext_lazy("subscription", "flash news"),
        default=False,
        help_text=_("Short notices of events in the sector, mailed when they happen."),
    )
    created_at = models.DateTimeField(
        _("created"), default=timezone.now, editable=False
    )
    confirmation_sent_at = models.DateTimeField(
        _("confirmation mail sent"), null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["email"]
        indexes = [
            models.Index(
                fields=["language", "confirmed_at", "unsubscribed_at"],
                name="subscription_audience",
            ),
        ]

    def __str__(self):
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None
