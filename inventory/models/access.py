"""Who may edit an MHO's records: its managers and the delegates of the
organizations that support it, once approved."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.limits import MESSAGE_MAX_LENGTH, bounded_text
from organizations.models import Organization

from .mho import MutualHealthOrganization


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", pgettext_lazy("access request", "Approved")
    REJECTED = "rejected", pgettext_lazy("access request", "Rejected")


class AccessRequest(models.Model):
    """What a request to act for an MHO or an organization records."""

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
    )
    message = bounded_text(
        _("message to the reviewer"), max_length=MESSAGE_MAX_LENGTH, blank=True
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        abstract = True


class MHOManagement(AccessRequest):
    """A user who manages one MHO (asked for, then approved by the focal point)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="mho_managements",
    )
    mho = models.ForeignKey(
        MutualHealthOrganization,
        verbose_name=_("mutual health organization"),
        on_delete=models.CASCADE,
        related_name="managements",
    )

    class Meta(AccessRequest.Meta):
        verbose_name = _("MHO manager")
        verbose_name_plural = _("MHO managers")
        constraints = [
            models.UniqueConstraint(fields=["user", "mho"], name="management_unique"),
        ]

    def __str__(self):
        return f"{self.user} → {self.mho.code}"


class SupportDelegation(AccessRequest):
    """A user who acts for a support organization on the MHOs it supports."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="support_delegations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("support organization"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )

    class Meta(AccessRequest.Meta):
        verbose_name = _("support-organization delegate")
        verbose_name_plural = _("support-organization delegates")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="delegation_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.organization}"
