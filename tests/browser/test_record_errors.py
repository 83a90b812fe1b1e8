"""A manager's failed submission on a 360 px phone, in French: the page opens
on the error summary, in the viewport and focused, and each of its links
moves the focus to its field. The same at 1280 px."""

import pytest
from playwright.sync_api import expect

from inventory.models import YearlyRecord
from tests.inventory.conftest import CAMPAIGN_YEAR

from .test_yearly_update import log_in, people  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _in_viewport(page, selector) -> bool:
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= size["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"]
    )


def _opens_on_the_summary(page, summary):
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text("La fiche n'est pas enregistrée")
    expect(summary).to_be_focused()
    assert _in_viewport(page, "#error-summary"), summary.bounding_box()


@pytest.mark.parametrize("width", [360, 1280])
def test_failed_submit_opens_on_the_error_summary(
    live_server,
    people,  # noqa: F811
    browser,
    tmp_path,
    width,  # noqa: F811
):
    base = live_server.url
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, base, "gestionnaire@example.sn")
    page.goto(f"{base}/fr/my/SN-0042/{CAMPAIGN_YEAR}/")
    expect(page.locator("#id_members_previous")).to_contain_text(
        f"{CAMPAIGN_YEAR - 1}\u00a0: 400"
    )
    page.locator("input[name=reserves]").fill("9 500 000,50")
    page.locator("button[name=submit]").click()

    summary = page.locator("#error-summary")
    _opens_on_the_summary(page, summary)
    page.screenshot(path=tmp_path / f"error-summary-{width}.png", full_page=False)
    summary.locator("a[href='#id_reserves']").click()
    expect(page.locator("#id_reserves")).to_be_focused()
    assert _in_viewport(page, "#id_reserves")
    expect(page.locator("#id_reserves_error")).to_contain_text("décimales")

    page.locator("#id_reserves").fill("9 500 000")
    page.locator("input[name=beneficiaries]").fill("100")
    page.locator("button[name=submit]").click()

    _opens_on_the_summary(page, summary)
    field = page.locator("#id_beneficiaries")
    expect(field).to_have_attribute("aria-invalid", "true")
    described = field.get_attribute("aria-describedby").split()
    assert "id_beneficiaries_error" in described
    expect(page.locator("#id_beneficiaries_error")).to_contain_text("bénéficiaires")
    summary.locator("a[href='#id_beneficiaries']").click()
    expect(field).to_be_focused()
    assert _in_viewport(page, "#id_beneficiaries")
    page.screenshot(path=tmp_path / f"error-field-{width}.png", full_page=False)
    context.close()

    assert not YearlyRecord.objects.filter(year=CAMPAIGN_YEAR).exists()
