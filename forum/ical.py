"""The calendar as iCalendar (RFC 5545) text, built with the icalendar package.

Every text property is plain text: Markdown descriptions are rendered and
sanitized, then stripped of tags, so no calendar client receives HTML.

An event known only to the month or the year (the first forums) is one
all-day date, the first day of that month or year, whose title says what is
known: spread over its whole month or year, calendar clients would show it as
a 30- or 366-day event that fills every day.
"""

import re
from collections.abc import Iterable
from datetime import UTC, timedelta
from html import unescape
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from kernel.richtext import markdown_to_html

from .models import Event

PRODUCT_ID = "-//Concertation//Events calendar//EN"
BLANK_LINES = re.compile(r"\n\s*\n+")
LIST_ITEM = re.compile(r"<li\b[^>]*>")
TAG_START = re.compile(r"<(?=[a-zA-Z/!?])")


def plain_text(value: str) -> str:
    """Text without any tag, even one written as entities (``&lt;b&gt;``).

    What strip_tags leaves (a tag cut short, ``<img src=x``) is defused with
    a space: ``< img`` is text to any HTML parser.
    """
    text = strip_tags(unescape(strip_tags(value or "")))
    return TAG_START.sub("< ", text).strip()


def one_line(value: str) -> str:
    """Plain text on one line, for names, titles and places."""
    return " ".join(plain_text(value).split())


def markdown_to_text(text: str) -> str:
    html = LIST_ITEM.sub("- ", markdown_to_html(text)).replace("</p>", "</p>\n")
    return BLANK_LINES.sub("\n\n", plain_text(html))


def event_uid(event: Event) -> str:
    """Stable for the life of the event, whatever is edited, in every language."""
    host = urlsplit(settings.SITE_URL).hostname or "concertation"
    return f"event-{event.pk}@{host}"


def _description(event: Event) -> str:
    parts = []
    if not event.is_dated_exactly:
        parts.append(
            _("Dates: %(dates)s (the exact days are not known).")
            % {"dates": event.date_label}
        )
    parts.append(markdown_to_text(event.description))
    return "\n\n".join(part for part in parts if part)


def _summary(event: Event) -> str:
    title = one_line(event.title)
    if event.is_dated_exactly:
        return title
    return _("%(title)s (%(dates)s, exact date unknown)") % {
        "title": title,
        "dates": event.date_label,
    }


def _vevent(event: Event, *, base_url: str) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", (event.moderated_at or event.created_at).astimezone(UTC))
    vevent.add("dtstart", event.starts_on)
    # All-day events: DTEND is the day after the last day (exclusive).
    last_day = event.ends_on if event.is_dated_exactly else event.starts_on
    vevent.add("dtend", last_day + timedelta(days=1))
    if not event.is_dated_exactly:
        # Not known to take place that day: it must not make anyone look busy.
        vevent.add("transp", "TRANSPARENT")
    vevent.add("summary", _summary(event))
    location = one_line(event.location)
    if location:
        vevent.add("location", location)
    vevent.add("url", base_url + event.get_absolute_url())
    description = _description(event)
    if description:
        vevent.add("description", description)
    vevent.add("categories", [str(event.get_kind_display())])
    return vevent


def calendar_ical(events: Iterable[Event], *, name: str, base_url: str) -> bytes:
    """The calendar of ``events``; their pages are under ``base_url``
    (kernel.links.site_base_url)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(name))
    for event in events:
        calendar.add_component(_vevent(event, base_url=base_url))
    return calendar.to_ical()
