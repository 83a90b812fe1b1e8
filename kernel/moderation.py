"""Moderated items: what registered users propose and the secretariat publishes
or declines (events of the calendar, documents of the library).

One workflow for every such model, written once:

- ``ModeratedItem``, the abstract model: ``status`` (proposed, published,
  rejected), who proposed it, when it was published, who decided and when,
  and the reason given when it was declined;
- ``ModeratedQuerySet``: ``.published()``, ``.proposed()``,
  ``.visible_to(user)``;
- ``may_moderate(user, model)``: the secretariat's power over a model, the
  ``change`` permission of that model (held by the Secretariat group), never
  ``is_staff`` alone, which only opens the admin's door;
- the services ``item_propose``, ``item_publish`` and ``item_decline``; the
  proposer is told by mail when their proposal is published or declined, the
  secretariat when a proposal arrives, each in their own language;
- ``unique_slug``: a free identifier made from a title.

The admin's actions are in ``kernel.moderation_admin``. This module knows no
portal app: the models that use it bring their own fields and pages.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .permissions import has_permission, is_active_user

logger = logging.getLogger(__name__)

# Room left at the end of a slug for "-2", "-3", ...
_SLUG_COUNTER_ROOM = 8


class ModerationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, awaiting review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


# --- who may ------------------------------------------------------------------


def moderate_permission(model) -> str:
    """The permission that lets its holder publish and decline ``model``'s items."""
    opts = model._meta
    return f"{opts.app_label}.change_{opts.model_name}"


def may_moderate(user, model) -> bool:
    """Sees the proposals of ``model`` and publishes or declines them."""
    return has_permission(user, moderate_permission(model))


def may_propose(user) -> bool:
    """Any registered user with an active account may propose an item."""
    return is_active_user(user)


# --- model ----------------------------------------------------------------------


class ModeratedQuerySet(models.QuerySet):
    def published(self):
        """What anyone may see: items the secretariat has published."""
        return self.filter(status=ModerationStatus.PUBLISHED)

    def proposed(self):
        """Proposals waiting for the secretariat."""
        return self.filter(status=ModerationStatus.PROPOSED)

    def visible_to(self, user):
        """Moderators see every item, proposals included; others the published."""
        if may_moderate(user, self.model):
            return self
        return self.published()


class ModeratedItem(models.Model):
    """Fields of an item that goes through moderation.

    A concrete model adds a unique ``slug`` field and may list the slugs its
    URLs use (``RESERVED_SLUGS``), which ``unique_slug`` never hands out.
    """

    Status = ModerationStatus
    RESERVED_SLUGS: frozenset[str] = frozenset()

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ModerationStatus.choices,
        default=ModerationStatus.PROPOSED,
        db_index=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_%(class)ss",
    )
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, editable=False
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderated_%(class)ss",
        editable=False,
    )
    moderated_at = models.DateTimeField(
        _("moderated at"), null=True, blank=True, editable=False
    )
    decline_reason = models.TextField(
        _("reason for declining"),
        blank=True,
        editable=False,
        help_text=_("Sent to the person who proposed the item."),
    )
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, editable=False
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ModerationStatus.values),
                name="%(class)s_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status=ModerationStatus.PUBLISHED)
                | Q(published_at__isnull=False),
                name="%(class)s_published_has_date",
            ),
        ]

    @property
    def is_published(self) -> bool:
        return self.status == ModerationStatus.PUBLISHED


def unique_slug(model, *, title: str, suffix: str = "", fallback: str = "item") -> str:
    """A free identifier for a new ``model`` item, made from its title and an
    optional ``suffix`` ("-2016"): "the-title", then "the-title-2", ...; never
    one of the model's ``RESERVED_SLUGS``."""
    max_length = model._meta.get_field("slug").max_length
    room = max_length - len(suffix) - _SLUG_COUNTER_ROOM
    base = (slugify(title)[:room].strip("-") or fallback) + suffix
    taken = set(
        model._default_manager.filter(slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    taken |= set(getattr(model, "RESERVED_SLUGS", ()))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


# --- services -------------------------------------------------------------------


def item_propose(
    *, item: ModeratedItem, user, save: Callable[[ModeratedItem], None] | None = None
) -> ModeratedItem:
    """Record ``item`` as ``user``'s proposal; the secretariat is told by mail.

    ``save`` writes the item and its related rows in the transaction (by
    default ``item.save()``)."""
    if not may_propose(user):
        raise PermissionDenied
    item.status = ModerationStatus.PROPOSED
    item.proposed_by = user
    item.full_clean()
    with transaction.atomic():
        if save is None:
            item.save()
        else:
            save(item)
        transaction.on_commit(lambda: proposal_received_notify(item=item))
    return item


def _item_decide(*, item: ModeratedItem, user, status: str, reason: str = ""):
    if not may_moderate(user, type(item)):
        raise PermissionDenied
    with transaction.atomic():
        locked = type(item)._default_manager.select_for_update().get(pk=item.pk)
        if locked.status == status:
            return locked
        was_proposal = locked.status == ModerationStatus.PROPOSED
        now = timezone.now()
        locked.status = status
        locked.moderated_by = user
        locked.moderated_at = now
        locked.decline_reason = reason
        if status == ModerationStatus.PUBLISHED:
            locked.published_at = locked.published_at or now
        locked.save(
            update_fields=[
                "status",
                "moderated_by",
                "moderated_at",
                "decline_reason",
                "published_at",
            ]
        )
        if was_proposal and locked.proposed_by_id not in (None, user.pk):
            transaction.on_commit(lambda: proposal_decided_notify(item=locked))
    return locked


def item_publish(*, item: ModeratedItem, user) -> ModeratedItem:
    """Make an item public; only its moderators may. Publishing twice keeps the
    first date and changes nothing."""
    return _item_decide(item=item, user=user, status=ModerationStatus.PUBLISHED)


def item_decline(*, item: ModeratedItem, user, reason: str = "") -> ModeratedItem:
    """Turn a proposal down, or withdraw a published item from the site; only
    its moderators may. The proposer of a proposal is told, with ``reason``."""
    return _item_decide(
        item=item, user=user, status=ModerationStatus.REJECTED, reason=reason.strip()
    )


# --- mail ---------------------------------------------------------------------


def secretariat_members():
    """The active members of the Secretariat group, who review proposals."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=settings.SECRETARIAT_GROUP)
        .distinct()
    )


def _admin_url(item: ModeratedItem) -> str:
    opts = item._meta
    try:
        path = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk]
        )
    except NoReverseMatch:
        return ""
    return settings.SITE_URL + path


def _send(*, user, template: str, item: ModeratedItem) -> bool:
    """One mail in the recipient's language; a mail server that fails is logged
    and does not undo the decision, which is already recorded."""
    with translation.override(user.language):
        context = {
            "user": user,
            "item": item,
            "title": str(item),
            "kind": item._meta.verbose_name,
            "page_url": settings.SITE_URL + item.get_absolute_url(),
            "admin_url": _admin_url(item),
        }
        subject = render_to_string(f"moderation/email/{template}_subject.txt", context)
        body = render_to_string(f"moderation/email/{template}.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [user.email])
    except OSError:  # smtplib's errors included
        logger.exception("Could not mail %s about %s.", user.email, item)
        return False
    return True


def proposal_received_notify(*, item: ModeratedItem) -> int:
    """Tell the secretariat that a proposal waits for them; returns the count."""
    sent = 0
    for member in secretariat_members():
        sent += _send(user=member, template="proposal_received", item=item)
    return sent


def proposal_decided_notify(*, item: ModeratedItem) -> int:
    """Tell the proposer their proposal is published or declined."""
    proposer = item.proposed_by
    if proposer is None or not proposer.is_active:
        return 0
    template = (
        "proposal_published"
        if item.status == ModerationStatus.PUBLISHED
        else "proposal_declined"
    )
    return int(_send(user=proposer, template=template, item=item))
