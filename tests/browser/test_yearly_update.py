import pytest
from playwright.sync_api import expect

from inventory.models import YearlyRecord
from organizations.models import FocalPoint
from tests.factories import UserFactory
from tests.inventory.conftest import CAMPAIGN_YEAR, make_mho, make_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse 42"


@pytest.fixture
def people(network):
    from datetime import timedelta

    from django.utils import timezone

    from inventory.models import Campaign, MHOManagement
    from organizations.models import Country

    today = timezone.localdate()
    Campaign.objects.create(
        year=CAMPAIGN_YEAR,
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=30),
    )
    senegal = Country.objects.get(iso2="SN")
    mho = make_mho("SN-0042", senegal, name="Mutuelle de santé de Fandène")
    make_record(mho, CAMPAIGN_YEAR - 1)
    manager = UserFactory(email="gestionnaire@example.sn", language="fr")
    MHOManagement.objects.create(user=manager, mho=mho, status="approved")
    focal = UserFactory(email="pf@example.sn", language="fr")
    FocalPoint.objects.get(country=senegal).reviewers.add(focal)
    return {"mho": mho, "manager": manager, "focal": focal}


def log_in(page, base, email, lands="/fr/account/"):
    page.goto(f"{base}/fr/account/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    expect(page).to_have_url(f"{base}{lands}")


def test_manager_submits_with_a_warning_and_the_focal_point_validates(
    live_server, people, browser, tmp_path
):
    base = live_server.url
    manager = browser.new_context(viewport={"width": 360, "height": 740})
    page = manager.new_page()
    log_in(page, base, "gestionnaire@example.sn", lands="/fr/my/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Mes mutuelles")
    page.locator(f"a[href='/fr/my/SN-0042/{CAMPAIGN_YEAR}/']").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("input[name=members]")).to_have_value("400")
    page.locator("input[name=members]").fill("800")
    page.locator("button[name=submit]").click()

    warning = page.locator("#warning-W01")
    expect(warning).to_contain_text("Plus de 50")
    expect(page.get_by_text("Vérifiez ces chiffres avant de soumettre")).to_be_visible()
    page.locator("#id_confirm_warnings").check()
    page.locator("button[name=submit]").click()
    expect(page.locator(".messages")).to_contain_text("transmis")
    # The read-only record: what was submitted, as the focal point receives it.
    record = YearlyRecord.objects.get(mho=people["mho"], year=CAMPAIGN_YEAR)
    expect(page).to_have_url(f"{base}/fr/records/{record.pk}/")
    expect(page.locator(".record-status")).to_contain_text("Soumise")
    expect(page.locator("#figure-members + dd")).to_have_text("800")
    expect(page.locator("#figure-contributions_expected + dd")).to_have_text(
        "2\u202f400\u202f000\u00a0XOF"
    )
    expect(page.locator(".history")).to_contain_text("Soumise au point focal")
    page.screenshot(path=str(tmp_path / "record-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("#figure-members")).to_be_visible()
    manager.close()

    focal = browser.new_context()
    page = focal.new_page()
    log_in(page, base, "pf@example.sn")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Vérification"
    ).click()
    page.get_by_role("link", name="Mutuelle de santé de Fandène").click()
    page.locator("summary", has_text="Valider").click()
    page.locator("button[name=validate]").click()
    expect(page.locator(".messages")).to_contain_text("validé")
    focal.close()

    record = YearlyRecord.objects.get(mho=people["mho"], year=CAMPAIGN_YEAR)
    assert record.state == "validated" and record.members == 800

    visitor = browser.new_context()
    page = visitor.new_page()
    page.goto(f"{base}/fr/inventory/SN-0042/")
    row = page.locator("tr", has_text=str(CAMPAIGN_YEAR)).first
    expect(row).to_contain_text("800")
    visitor.close()
