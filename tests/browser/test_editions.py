"""The secretariat publishes an edition from the admin; a visitor, on a phone
and on a desktop, in French, finds it, downloads its files and cites it."""

import hashlib

import pytest
from playwright.sync_api import expect

from editions.models import Edition
from tests.browser.test_yearly_update import PASSWORD
from tests.editions.conftest import closed_2024, data_root, scenario  # noqa: F401
from tests.factories import secretariat_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .map(e => e.tagName + '.' + e.className).slice(0, 8)"""


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(WIDER_THAN_THE_SCREEN)
    assert width <= page.viewport_size["width"], wide


def test_secretariat_publishes_and_a_visitor_downloads_and_cites(
    live_server,
    scenario,  # noqa: F811 (the editions' scenario, imported above)
    browser,
    tmp_path,
):
    base = live_server.url
    secretariat_member(email="secretariat@example.org", language="fr")
    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    page = staff.new_page()
    page.goto(f"{base}/fr/admin/login/?next=/fr/admin/editions/edition/")
    page.locator("input[name=username]").fill("secretariat@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.get_by_role("link", name="Publier une édition").click()
    page.locator("input[name=year]").fill("2024")
    page.get_by_role("button", name="Publier").or_(
        page.locator("input[type=submit][value=Publier]")
    ).click()
    expect(page.locator(".messagelist")).to_contain_text("2024.1")
    staff.close()
    edition = Edition.objects.get()

    for width, height in ((360, 740), (1280, 900)):
        visitor = browser.new_context(
            viewport={"width": width, "height": height},
            accept_downloads=True,
            locale="fr-FR",
        )
        page = visitor.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{base}/fr/synthesis/")
        # The synthesis shows the edition by default, and says so.
        source = page.locator("#figures-source")
        expect(source).to_contain_text("Édition 2024.1 de l’inventaire")
        notice = page.locator(".figures-source").bounding_box()
        assert notice["x"] + notice["width"] <= width
        # The live figures are one click away, marked provisional.
        source.get_by_role("link", name="Voir les données en direct").click()
        expect(page).to_have_url(f"{base}/fr/synthesis/?live=1")
        expect(source).to_contain_text("Données en direct, provisoires")
        source.get_by_role("link", name="Revenir à l’édition 2024.1").click()
        expect(source).to_contain_text("Édition 2024.1 de l’inventaire")
        page.goto(f"{base}/data/editions/")
        expect(page).to_have_url(f"{base}/fr/data/editions/")
        page.get_by_role("link", name="édition 2024").click()
        expect(page.locator("h1")).to_contain_text(
            "Inventaire des mutuelles de santé — édition 2024"
        )
        expect(page.locator("blockquote")).to_contain_text("édition 2024.1")
        expect(page.locator("blockquote")).to_contain_text("/data/editions/2024.1/")
        _no_sideways_scroll(page)
        page.screenshot(path=tmp_path / f"edition-{width}.png", full_page=True)

        with page.expect_download() as download_info:
            page.get_by_role("link", name="inventory.csv", exact=True).click()
        download = download_info.value
        saved = tmp_path / f"{width}-{download.suggested_filename}"
        download.save_as(saved)
        assert download.suggested_filename == "concertation-inventory-2024.1.csv"
        digest = hashlib.sha256(saved.read_bytes()).hexdigest()
        assert digest == edition.files["inventory.csv"]["sha256"]
        expect(page.get_by_text(digest)).to_be_visible()
        visitor.close()
