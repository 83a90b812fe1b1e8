"""RSS feed of the news, one per language (/fr/news/feed/, /en/news/feed/)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import selectors


def _language() -> str:
    return (get_language() or "fr")[:2]


class NewsFeed(Feed):
    # Django gives the feed the active language when ``language`` is unset.
    def title(self):
        return _("Concertation news")

    def description(self):
        return _(
            "News of the network of actors who develop mutual health "
            "organizations in Africa."
        )

    def link(self):
        return reverse("newsletter:news_list")

    def feed_url(self):
        return reverse("newsletter:news_feed")

    def items(self):
        return selectors.news_feed(language=_language())

    def item_title(self, item):
        return item.title_in(_language())

    def item_description(self, item):
        return item.body_html_in(_language())

    def item_pubdate(self, item):
        return item.published_at

    def item_link(self, item):
        return item.get_absolute_url()
