"""Writes of the calendar: proposals by registered users and their moderation."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import Event
from .validators import RESERVED_EVENT_SLUGS

SLUG_LENGTH = 80


def event_slug_for(*, title: str, starts_on) -> str:
    """A free slug made of the title and the year: ``aim-conference-2016``."""
    year = f"-{starts_on.year}" if starts_on else ""
    base = (slugify(title)[: SLUG_LENGTH - 10].strip("-") or "event") + year
    slug, suffix = base, 2
    while slug in RESERVED_EVENT_SLUGS or Event.objects.filter(slug=slug).exists():
        slug = f"{base}-{suffix}"
        suffix += 1
    return slug


@transaction.atomic
def event_propose(*, user, data: dict, text_language: str = "fr") -> Event:
    """Record a registered user's event; it waits for the secretariat.

    ``data`` holds the form's cleaned values; ``title``, ``description`` and
    ``organizers_text`` go in the columns of ``text_language``.
    """
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied
    suffix = "en" if text_language == "en" else "fr"
    fields = {
        "kind": data["kind"],
        "country": data.get("country"),
        "city": data.get("city", ""),
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "link": data.get("link", ""),
    }
    for name in ("title", "description", "organizers_text"):
        fields[f"{name}_{suffix}"] = data.get(name, "")
    fields["languages"] = ",".join(data.get("languages") or [])
    event = Event(
        **fields,
        slug=event_slug_for(title=data.get("title", ""), starts_on=data["starts_on"]),
        date_precision=Event.DatePrecision.DAY,
        status=Event.Status.PROPOSED,
        proposed_by=user,
    )
    event.full_clean()
    event.save()
    return event


def _event_moderate(*, event: Event, user, status: str) -> Event:
    if not Event.objects.moderatable_by(user).filter(pk=event.pk).exists():
        raise PermissionDenied
    event.status = status
    event.moderated_by = user
    event.moderated_at = timezone.now()
    event.full_clean()
    event.save(update_fields=["status", "moderated_by", "moderated_at"])
    return event


@transaction.atomic
def event_publish(*, event: Event, user) -> Event:
    """Put an event in the public calendar; only the secretariat may."""
    return _event_moderate(event=event, user=user, status=Event.Status.PUBLISHED)


@transaction.atomic
def event_reject(*, event: Event, user) -> Event:
    """Keep a proposed event out of the calendar; only the secretariat may."""
    return _event_moderate(event=event, user=user, status=Event.Status.REJECTED)
