"""No page scrolls sideways, on a 360 px phone or a 1280 px screen.

The walk opens, in real Chromium and in French, every page of the URLconf
that a visitor, a mutual's manager, a country's focal point or the
secretariat (its desk's start page and lists) can read, at both widths. The
pages and their sample arguments come from the URLconf: each named URL is
tried with the sample values of its arguments (by the arguments' names) as
each of these people until one answers with an HTML page, so a new page is
walked without being listed here; a named URL that no one can read fails the
test, unless NOT_PAGES (of the accessibility tour) says why it is no page or
TOKEN_PAGES builds its address.

A page fails when the document is wider than the window, or when an element
reaches beyond the window's edges outside a labelled, scrollable table region
(``role="region"`` with ``aria-label`` or ``aria-labelledby``). Wide tables in
those regions keep their first column in view while scrolled.
"""

import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from forum.models import Event, ForumEdition
from newsletter import tokens
from newsletter.models import News
from organizations.models import Organization
from resources.models import Resource
from tests.browser.test_accessibility import NOT_PAGES, portal  # noqa: F401
from tests.inventory.conftest import CAMPAIGN_YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1280)
HEIGHT = 800

# Named URLs whose address holds a token made for one person.
TOKEN_PAGES = {
    "verify_email",
    "password_reset_confirm",
    "newsletter:confirm",
    "newsletter:unsubscribe",
}

# What a page reaches beyond the window, outside a labelled table region:
# the document's width, then the elements (at most a few per page).
OVERFLOW_SCRIPT = r"""
() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const reported = [];
  const scrolled = document.documentElement.scrollWidth;
  if (scrolled > width) found.push(`document ${scrolled}px wide`);
  const regions = "[role=region][aria-label], [role=region][aria-labelledby]";
  const name = (element) => {
    let text = element.tagName.toLowerCase();
    if (element.id) text += "#" + element.id;
    if (element.classList.length) text += "." + [...element.classList].join(".");
    const words = (element.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return words ? `${text} "${words}"` : text;
  };
  // The part of the box that shows: ancestors that hide their overflow, or
  // are clipped (visually hidden), cut it.
  const shown = (element, box) => {
    let [left, right] = [box.left, box.right];
    for (let outer = element.parentElement; outer; outer = outer.parentElement) {
      const style = getComputedStyle(outer);
      const hides = ["hidden", "clip"].includes(style.overflowX)
        || style.clip !== "auto" || style.clipPath !== "none";
      if (!hides) continue;
      const frame = outer.getBoundingClientRect();
      [left, right] = [Math.max(left, frame.left), Math.min(right, frame.right)];
    }
    return right > left && (right > width + 1 || left < -1);
  };
  for (const element of document.body.querySelectorAll("*")) {
    if (element.closest(regions)) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right <= width + 1 && box.left >= -1) continue;
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.position === "fixed") continue;
    // The skip link waits off screen until it has the focus.
    if (element.matches(".skip:not(:focus)")) continue;
    if (!shown(element, box)) continue;
    // Inside an element reaching beyond the window already reported.
    if (reported.some((outer) => outer.contains(element))) continue;
    reported.push(element);
    const [left, right] = [Math.round(box.left), Math.round(box.right)];
    found.push(`${name(element)} from ${left} to ${right}px`);
    if (found.length > 6) break;
  }
  return found;
}
"""

# The first column of each labelled table region stays in view when the
# region is scrolled to its end.
STICKY_SCRIPT = """
() => {
  const found = [];
  for (const region of document.querySelectorAll(".table-scroll[role=region]")) {
    const table = region.querySelector("table");
    if (!table || region.scrollWidth <= region.clientWidth + 1) continue;
    const cell = table.querySelector("tbody tr > :first-child");
    if (!cell) continue;
    region.scrollLeft = region.scrollWidth;
    const box = cell.getBoundingClientRect();
    const frame = region.getBoundingClientRect();
    if (box.left < frame.left - 1) {
      found.push(`first column of ${region.getAttribute("aria-labelledby")
        || region.getAttribute("aria-label")} scrolls out of view`);
    }
    region.scrollLeft = 0;
  }
  return found;
}
"""


def url_names(patterns=None, namespace=""):
    """(name, argument names) of every named URL, the desk's lists included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from url_names(pattern.url_patterns, namespace + inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern_arguments(pattern)


def pattern_arguments(pattern) -> tuple[str, ...]:
    route = pattern.pattern
    converters = getattr(route, "converters", None)
    if converters is not None and converters:
        return tuple(converters)
    regex = route.regex
    return tuple(regex.groupindex)


def desk_page(name: str) -> bool:
    """The desk's start page and its lists; its forms are Django's own."""
    return name == "admin:index" or name.endswith("_changelist")


def sample_values(people) -> dict[str, list]:
    """Values to try for each argument name, most likely first."""
    managed_record = people.managed.records.order_by("-year").first()
    return {
        "code": [people.public_mho.code, people.managed.code],
        "iso2": ["SN", people.public_mho.country.iso2],
        "year": [
            CAMPAIGN_YEAR,
            CAMPAIGN_YEAR - 1,
            ForumEdition.objects.order_by("year").first().year,
        ],
        "pk": [people.submitted_record.pk, managed_record.pk],
        "identifier": [people.edition.identifier],
        "number": [42],
        "slug": [
            Organization.objects.order_by("slug").first().slug,
            News.objects.order_by("slug").first().slug,
            Event.objects.order_by("starts_on").first().slug,
            Resource.objects.order_by("slug").first().slug,
        ],
    }


def token_paths(people) -> dict[str, str]:
    uid = urlsafe_base64_encode(force_bytes(people.manager.pk))
    token = default_token_generator.make_token(people.manager)
    subscription = people.subscription
    return {
        "verify_email": reverse("verify_email", args=["not-a-token"]),
        "password_reset_confirm": reverse("password_reset_confirm", args=[uid, token]),
        "newsletter:confirm": reverse(
            "newsletter:confirm",
            args=[tokens.confirm_token_make(subscription=subscription)],
        ),
        "newsletter:unsubscribe": reverse(
            "newsletter:unsubscribe",
            args=[tokens.unsubscribe_token_make(subscription=subscription)],
        ),
    }


def is_page(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith(
        "text/html"
    )


def candidate_paths(name, arguments, values):
    """The addresses to try for a named URL, with its sample arguments."""
    pools = [values.get(argument, []) for argument in arguments]
    for combination in itertools.islice(itertools.product(*pools), 12):
        yield reverse(name, kwargs=dict(zip(arguments, combination, strict=True)))


@dataclass
class Walk:
    """The pages to open, as whom, found by asking the portal itself."""

    pages: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    unread: set[str] = field(default_factory=set)


def plan_walk(people) -> Walk:
    clients = {"visitor": Client()}
    for role, user in (
        ("manager", people.manager),
        ("focal point", people.focal),
        ("secretariat", people.secretariat),
    ):
        clients[role] = Client()
        clients[role].force_login(user)
    walk = Walk(pages={role: [] for role in clients})
    values = sample_values(people)
    with translation.override("fr"):
        tokens_made = token_paths(people)
        for name, arguments in sorted(set(url_names())):
            if name in NOT_PAGES or name.split(":")[-1] in NOT_PAGES:
                continue
            if name.startswith("admin:") and not desk_page(name):
                continue
            if name in TOKEN_PAGES:
                walk.pages["visitor"].append((name, tokens_made[name]))
                continue
            roles = ["secretariat"] if name.startswith("admin:") else list(clients)
            read = read_as(walk, clients, roles, name, arguments, values)
            # Some of the desk's lists are the superusers' alone.
            if not read and not name.startswith("admin:"):
                walk.unread.add(name)
    return walk


def read_as(walk, clients, roles, name, arguments, values) -> bool:
    """Records the first address of the page that one of ``roles`` can read,
    as the first of them who can: one walk of each page."""
    for role in roles:
        for path in candidate_paths(name, arguments, values):
            if is_page(clients[role].get(path)):
                walk.pages[role].append((name, path))
                return True
    return False


def signed_in_context(browser, live_server, user, width):
    context = browser.new_context(
        viewport={"width": width, "height": HEIGHT}, locale="fr-FR"
    )
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


def test_no_page_scrolls_sideways_at_360_or_1280_px(
    live_server,
    portal,  # noqa: F811 (the accessibility tour's people and pages)
    browser,
):
    walk = plan_walk(portal)
    assert walk.unread == set(), (
        "no one could read these pages: give sample_values for their arguments, "
        "or list them in NOT_PAGES with the reason"
    )
    users = {
        "visitor": None,
        "manager": portal.manager,
        "focal point": portal.focal,
        "secretariat": portal.secretariat,
    }
    shots = os.environ.get("LAYOUT_SCREENSHOTS")
    failures, opened = [], 0
    for role, pages in walk.pages.items():
        context = signed_in_context(browser, live_server, users[role], WIDTHS[0])
        page = context.new_page()
        page.set_default_timeout(15_000)
        for name, path in pages:
            page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
            page.goto(f"{live_server.url}{path}", wait_until="load")
            # Each width lays the same page out again, as a turned phone does.
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                opened += 1
                found = page.evaluate(OVERFLOW_SCRIPT) + page.evaluate(STICKY_SCRIPT)
                failures += [
                    f"{width}px {role} {path} ({name}): {line}" for line in found
                ]
                if shots:
                    target = Path(shots) / f"{width}-{name.replace(':', '-')}.png"
                    page.screenshot(path=str(target), full_page=True)
        context.close()

    assert failures == [], "\n".join(failures)
    walked = {name for pages in walk.pages.values() for name, _path in pages}
    assert {"home", "inventory:record_edit", "inventory:record_review"} <= walked
    assert "admin:index" in walked
    assert opened == 2 * sum(len(pages) for pages in walk.pages.values())


# Each card of a table marked .stack: how it is laid out, and the label shown
# before each value (the cell's data-label, written by the CSS).
CARDS_SCRIPT = """
(caption) => {
  const region = document.querySelector(`[aria-labelledby="${caption}"]`);
  const table = region.querySelector("table");
  const cells = [...table.querySelectorAll("tbody td")];
  return {
    stack: table.classList.contains("stack"),
    display: getComputedStyle(table).display,
    row: getComputedStyle(table.querySelector("tbody tr")).display,
    head: table.querySelector("thead").getBoundingClientRect().height,
    scrolls: region.scrollWidth > region.clientWidth + 1,
    cells: cells.length,
    labels: cells.filter((cell) => {
      const shown = getComputedStyle(cell, "::before").content;
      return cell.dataset.label && shown === JSON.stringify(cell.dataset.label);
    }).length,
  };
}
"""


def test_the_mho_page_and_the_synthesis_show_cards_on_a_phone(
    live_server,
    portal,  # noqa: F811 (the accessibility tour's people and pages)
    browser,
):
    tables = {
        "/fr/synthesis/": ["synthesis-caption", "campaign-caption"],
        "/fr/synthesis/SN/": ["indicators-caption"],
        f"/fr/inventory/{portal.public_mho.code}/": [
            "figures-caption",
            "indicators-caption",
        ],
    }
    context = signed_in_context(browser, live_server, None, WIDTHS[0])
    page = context.new_page()
    for path, captions in tables.items():
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        page.goto(f"{live_server.url}{path}", wait_until="load")
        for caption in captions:
            phone = page.evaluate(CARDS_SCRIPT, caption)
            # A card per row, its header hidden, each value after its label,
            # nothing to scroll sideways.
            assert phone["stack"] and phone["cells"] > 0, (path, caption)
            assert (phone["display"], phone["row"]) == ("block", "block"), path
            assert phone["head"] <= 1 and not phone["scrolls"], (path, caption)
            assert phone["labels"] == phone["cells"], (path, caption, phone)
        page.set_viewport_size({"width": WIDTHS[1], "height": HEIGHT})
        for caption in captions:
            screen = page.evaluate(CARDS_SCRIPT, caption)
            # On a screen, the table as it was: its header and rows.
            assert (screen["display"], screen["row"]) == ("table", "table-row"), path
            assert screen["head"] > 10, (path, caption)
    context.close()
