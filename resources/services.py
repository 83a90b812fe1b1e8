"""Writes of the resource library: proposals by registered users, and the
secretariat's moderation (publish, reject)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import RESERVED_SLUGS, Resource
from .permissions import may_moderate

_SLUG_LENGTH = Resource._meta.get_field("slug").max_length
# Proposal fields copied from the form, with their value when left out.
_PROPOSAL_FIELDS = {
    "type": "",
    "title": "",
    "title_other": "",
    "description_fr": "",
    "description_en": "",
    "language": "",
    "year": None,
    "authors": "",
    "publisher": "",
    "link": "",
}


def resource_slug_for(title: str) -> str:
    """A free identifier made from the title: "the-title", "the-title-2", ..."""
    base = slugify(title)[: _SLUG_LENGTH - 8].strip("-") or "resource"
    taken = set(
        Resource.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    taken |= RESERVED_SLUGS
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def resource_propose(*, user, data: dict) -> Resource:
    """Record a registered user's proposal; the secretariat reviews it.

    ``data`` holds the proposal form's cleaned data (``file`` an uploaded file
    or None; ``countries`` and ``themes`` querysets or lists).
    """
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied
    values = {
        field: empty if data.get(field) is None else data[field]
        for field, empty in _PROPOSAL_FIELDS.items()
    }
    resource = Resource(
        **values,
        slug=resource_slug_for(data.get("title", "")),
        file=data.get("file") or "",
        status=Resource.Status.PROPOSED,
        proposed_by=user,
    )
    resource.full_clean()
    try:
        with transaction.atomic():
            resource.save()
            resource.countries.set(data.get("countries") or [])
            resource.themes.set(data.get("themes") or [])
    except Exception:
        # The file is written before the row: do not leave it behind.
        if resource.file and getattr(resource.file, "_committed", False):
            resource.file.storage.delete(resource.file.name)
        raise
    return resource


def resource_publish(*, resource: Resource, user) -> Resource:
    """Make a resource public; publishing twice keeps the first date."""
    if not may_moderate(user):
        raise PermissionDenied
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        if resource.status != Resource.Status.PUBLISHED:
            resource.status = Resource.Status.PUBLISHED
            resource.published_at = resource.published_at or timezone.now()
            resource.save(update_fields=["status", "published_at"])
    return resource


def resource_reject(*, resource: Resource, user) -> Resource:
    """Turn a proposal down, or withdraw a published resource from the site."""
    if not may_moderate(user):
        raise PermissionDenied
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        if resource.status != Resource.Status.REJECTED:
            resource.status = Resource.Status.REJECTED
            resource.save(update_fields=["status"])
    return resource
