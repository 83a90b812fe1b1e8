"""Writes of the calendar: a registered user's proposal. The secretariat
publishes or declines it with ``kernel.moderation.item_publish`` and
``item_decline``, as every moderated item."""

from kernel.moderation import item_propose, unique_slug

from .models import Event


def event_slug_for(*, title: str, starts_on) -> str:
    """A free slug made of the title and the year: ``aim-conference-2016``."""
    year = f"-{starts_on.year}" if starts_on else ""
    return unique_slug(Event, title=title, suffix=year, fallback="event")


def event_propose(*, user, data: dict, text_language: str = "fr") -> Event:
    """Record a registered user's event; it waits for the secretariat.

    ``data`` holds the form's cleaned values; ``title``, ``description`` and
    ``organizers_text`` go in the columns of ``text_language``.
    """
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
    )
    return item_propose(item=event, user=user)
