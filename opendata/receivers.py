"""The open data follows the inventory and the directory.

- ``published_data_changed``, the one signal of the inventory's change path
  (see ``inventory.services.changes``): the synthesis and the files follow.
- Saves of organizations and countries, and changes of an MHO's support
  organizations: only the files show them (the directory imports nothing
  above it, so the files listen). The page cache follows its own signals
  (``kernel.pagecache``).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from inventory.models import MutualHealthOrganization
from inventory.services.changes import published_data_changed
from organizations.models import Country, Organization

from .services.refresh import directory_changed, published_data_follow


@receiver(published_data_changed, dispatch_uid="opendata.published_data_follow")
def _published_data_changed(sender, *, pairs, countries, now, **kwargs):
    published_data_follow(pairs=pairs, countries=countries, now=now)


@receiver(post_save, sender=Organization)
@receiver(post_delete, sender=Organization)
@receiver(post_save, sender=Country)
def _directory_saved(sender, **kwargs):
    directory_changed()


@receiver(m2m_changed, sender=MutualHealthOrganization.support_organizations.through)
@receiver(m2m_changed, sender=Organization.countries.through)
def _directory_links_changed(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        directory_changed()
