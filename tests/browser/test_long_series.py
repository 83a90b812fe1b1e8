"""The long series on a 360 px phone, in French: its chart and its table are
on the page, the reference figures told apart, and nothing is wider than the
screen."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from editions.services import edition_publish
from tests.editions.conftest import closed_2024, data_root, scenario  # noqa: F401
from tests.factories import secretariat_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(e => !e.closest('.table-scroll'))
    .map(e => e.tagName + '.' + e.className).slice(0, 8)"""


@pytest.mark.parametrize("path", ["/fr/synthesis/", "/fr/synthesis/SN/over-time/"])
def test_long_series_fits_a_phone_in_french(
    live_server,
    scenario,  # noqa: F811 (the editions' scenario, imported above)
    page,
    path,
    tmp_path,
):
    call_command("loaddata", "reference_figures", verbosity=0)
    edition_publish(year=2024, user=secretariat_member(email="s@example.org"))

    page.goto(f"{live_server.url}{path}")

    section = page.locator("#long-series")
    expect(section.get_by_role("heading", level=2)).to_have_text(
        "La série longue, depuis les premiers inventaires"
    )
    chart = section.locator("figure.chart svg")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] <= 360 and box["height"] > 150
    table = section.locator("table.long-series-table")
    expect(table).to_be_visible()
    expect(table.locator("tr.long-portal").first).to_contain_text("Portail")
    if path == "/fr/synthesis/":
        expect(table.locator("tr.long-reference").first).to_contain_text(
            "Chiffre de référence"
        )
        expect(section.locator("#long-source-1")).to_contain_text("Imagine")
    expect(table.get_by_role("link", name="Édition 2024.1")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, page.evaluate(WIDER_THAN_THE_SCREEN)
    section.screenshot(path=tmp_path / "long-series-360.png")
