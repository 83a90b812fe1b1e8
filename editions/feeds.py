"""An Atom feed of the editions, for researchers who follow the data."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .citation import EditionCitation
from .models import Edition

FEED_SIZE = 50


class EditionFeed(Feed):
    feed_type = Atom1Feed
    title = _("Editions of the inventory of mutual health organizations")
    subtitle = _("Each frozen, citable edition of the inventory, as it is published.")

    def link(self):
        return reverse("editions:index")

    def items(self):
        return Edition.objects.latest_first()[:FEED_SIZE]

    def item_title(self, edition):
        title = f"{edition.identifier} — {edition.title(self.language)}"
        if edition.is_withdrawn:
            title += " (" + str(_("withdrawn")) + ")"
        return title

    def item_description(self, edition):
        return EditionCitation(edition).text(self.language)

    def item_link(self, edition):
        return reverse("editions:detail", args=[edition.identifier])

    def item_pubdate(self, edition):
        return edition.published_at

    def item_updateddate(self, edition):
        return edition.withdrawn_at or edition.published_at

    def __call__(self, request, *args, **kwargs):
        self.language = request.LANGUAGE_CODE
        return super().__call__(request, *args, **kwargs)
