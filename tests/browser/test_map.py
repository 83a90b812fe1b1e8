"""The map of the network in real Chromium, in French, on a 360 px phone and a
1280 px screen: no serious accessibility violation whichever figure shades
it, nothing wider than the screen, a link per country that leads to its page,
and at most 30 KiB compressed as the browser has it."""

import gzip

import pytest
from playwright.sync_api import expect

from inventory.demo import demo_generate
from tests.browser.test_accessibility import DESKTOP, NARROW, Audit, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/fr/", "/fr/synthesis/"]
FIGURES = ["reporting", "completeness", "penetration"]


@pytest.fixture
def figures(network):
    demo_generate(mhos=60, years=3, seed=3)


@pytest.mark.parametrize("viewport", [NARROW, DESKTOP], ids=["360px", "1280px"])
def test_the_map_passes_axe_and_fits_the_screen(
    live_server, figures, browser, viewport, tmp_path
):
    audit = Audit(live_server.url)
    context = new_context(browser, viewport=viewport)
    page = context.new_page()
    for path in PAGES:
        for figure in FIGURES:
            audit.visit(page, f"{path}?map={figure}#map", label=figure)
            svg = page.locator("svg.network-map")
            expect(svg).to_be_visible()
            box = svg.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{path}?map={figure} is {overflow} px too wide"
            markup = svg.evaluate("element => element.outerHTML")
            assert len(gzip.compress(markup.encode())) <= 30 * 1024
        page.locator("#map").screenshot(
            path=tmp_path / f"map-{path.strip('/').replace('/', '-')}.png"
        )
    context.close()

    audit.assert_clean()


def test_each_shaded_country_is_named_and_leads_to_its_page(
    live_server, figures, browser
):
    context = new_context(browser, viewport=NARROW)
    page = context.new_page()
    page.goto(f"{live_server.url}/fr/?map=completeness")
    links = page.locator("svg.network-map a")
    assert links.count() >= 10
    for index in range(links.count()):
        link = links.nth(index)
        assert link.get_attribute("href").startswith("/fr/synthesis/")
        title = link.locator("title").text_content()
        assert " — Taux de complétude\u00a0: " in title
        assert link.locator("path, circle").count() >= 1
    # Every shaded shape is inside a link; the grey ones are hidden.
    shaded = page.locator(
        "svg.network-map :is(path, circle):is(.m0, .m1, .m2, .m3, .m4, .mn)"
    )
    assert shaded.count() == page.locator("svg.network-map a :is(path, circle)").count()

    senegal = page.locator('svg.network-map a[href="/fr/synthesis/SN/"]')
    expect(senegal.locator("title")).to_contain_text("Sénégal")
    senegal.click()
    expect(page).to_have_url(f"{live_server.url}/fr/synthesis/SN/")
    context.close()
