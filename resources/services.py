"""Writes of the resource library: a registered user's proposal. The
secretariat publishes or declines it with ``kernel.moderation.item_publish``
and ``item_decline``, as every moderated item."""

from kernel.moderation import item_propose, unique_slug

from .models import Resource

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


def resource_propose(*, user, data: dict) -> Resource:
    """Record a registered user's proposal; the secretariat reviews it.

    ``data`` holds the proposal form's cleaned data (``file`` an uploaded file
    or None; ``countries`` and ``themes`` querysets or lists).
    """
    values = {
        field: empty if data.get(field) is None else data[field]
        for field, empty in _PROPOSAL_FIELDS.items()
    }
    resource = Resource(
        **values,
        slug=unique_slug(Resource, title=data.get("title", ""), fallback="resource"),
        file=data.get("file") or "",
    )

    def save(resource: Resource) -> None:
        resource.save()
        resource.countries.set(data.get("countries") or [])
        resource.themes.set(data.get("themes") or [])

    try:
        return item_propose(item=resource, user=user, save=save)
    except Exception:
        # The file is written before the row: do not leave it behind.
        if resource.file and getattr(resource.file, "_committed", False):
            resource.file.storage.delete(resource.file.name)
        raise
