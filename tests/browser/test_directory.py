import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_switches_language_filters_by_country_and_finds_mali(
    live_server, network, page
):
    page.goto(f"{live_server.url}/fr/focal-points/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Points focaux nationaux")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/en/focal-points/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Country focal points")

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Organizations"
    ).click()
    page.get_by_label("Country").select_option(label="Mali")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(f"{live_server.url}/en/organizations/?q=&country=ML&kind=")
    results = page.locator("ul.cards > li")
    expect(results).to_have_count(1)

    results.get_by_role("link").first.click()
    page.get_by_role("link", name="Mali").click()
    mali = page.locator("#fp-ml")
    expect(mali).to_be_in_viewport()
    expect(mali).to_contain_text("Djikine BABASSA")
    expect(mali).to_contain_text("utm@afibone.net")
    expect(mali).to_contain_text("+223 32 21 33 49")
