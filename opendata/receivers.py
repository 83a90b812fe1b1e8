"""The open data follows the inventory: the receiver of the one signal of the
inventory's change path (see ``inventory.services.changes``)."""

from django.dispatch import receiver

from inventory.services.changes import published_data_changed

from .services.refresh import published_data_follow


@receiver(published_data_changed, dispatch_uid="opendata.published_data_follow")
def _published_data_changed(sender, *, pairs, countries, now, **kwargs):
    published_data_follow(pairs=pairs, countries=countries, now=now)
