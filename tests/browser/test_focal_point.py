"""Acceptance: a focal point, on a 360 px phone in French, reviews a changed
record (the changes stand out) and reminds the mutuals of the country that
have not reported, through a real SMTP server."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inventory.models import Campaign, MHOManagement
from inventory.services import records
from organizations.models import Country, FocalPoint
from tests.factories import UserFactory
from tests.inventory.conftest import CAMPAIGN_YEAR, make_mho, make_record
from tests.newsletter import smtp

from .test_yearly_update import log_in

smtp_handler = smtp.smtp_handler
smtp_server = smtp.smtp_server
celery_eager = smtp.celery_eager

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def country(network):
    today = timezone.localdate()
    Campaign.objects.create(
        year=CAMPAIGN_YEAR,
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=30),
    )
    senegal = Country.objects.get(iso2="SN")
    changed = make_mho("SN-0042", senegal, name="Mutuelle de santé de Fandène")
    make_record(changed, CAMPAIGN_YEAR - 1)
    silent = make_mho("SN-0043", senegal, name="Mutuelle de Ndiaganiao")
    manager = UserFactory(email="gestionnaire@example.sn", language="fr")
    late = UserFactory(email="retardataire@example.sn", language="fr")
    MHOManagement.objects.create(user=manager, mho=changed, status="approved")
    MHOManagement.objects.create(user=late, mho=silent, status="approved")
    focal = UserFactory(email="pf@example.sn", language="fr")
    FocalPoint.objects.get(country=senegal).reviewers.add(focal)
    record = records.record_for_edit(mho=changed, year=CAMPAIGN_YEAR)
    data = {name: getattr(record, name) for name in ("status", "beneficiaries")}
    records.record_submit(
        record=record,
        user=manager,
        data={**data, "members": 800, "new_members": 420, "renewing_members": 380},
        expected_version=0,
        source="form",
        confirm_warnings=True,
    )
    return record


def screenshot(page, tmp_path, name):
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 740})
        page.screenshot(path=tmp_path / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 740})


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_focal_point_reviews_a_changed_record_then_reminds_the_country(
    live_server,
    page,
    country,
    settings,
    smtp_server,
    smtp_handler,
    celery_eager,
    tmp_path,
):
    settings.SITE_URL = live_server.url
    base = live_server.url
    log_in(page, base, "pf@example.sn")

    page.goto(f"{base}/fr/review/records/{country.pk}/")
    members = page.locator("#row-members")
    expect(members).to_have_class("changed")
    expect(members).to_contain_text("modifié")
    expect(members).to_contain_text("+400 (+100 %)")
    expect(page.locator("#row-beneficiaries")).not_to_have_class("changed")
    expect(page.locator("#confirmed-warnings")).to_contain_text("W01")
    highlight = members.locator("th").evaluate(
        "th => getComputedStyle(th).backgroundColor"
    )
    assert highlight == "rgb(255, 246, 229)"
    assert no_sideways_scroll(page) <= 0
    expect(page.locator("#confirm-validate")).to_be_hidden()
    page.locator("summary", has_text="Valider").click()
    expect(page.locator("#confirm-validate")).to_be_visible()
    screenshot(page, tmp_path, "review")
    page.locator("#confirm-validate").click()
    expect(page.locator(".messages")).to_contain_text("validé")

    page.goto(f"{base}/fr/review/dashboard/SN/")
    expect(page.locator("#campaigns")).to_contain_text("50")  # 1 of 2 reported
    assert no_sideways_scroll(page) <= 0
    page.get_by_role("button", name="Relancer les gestionnaires").click()
    expect(page.locator(".messages")).to_contain_text("1 mutuelle")
    screenshot(page, tmp_path, "dashboard")

    (reminder,) = smtp_handler.to("retardataire@example.sn")
    assert "Mutuelle de Ndiaganiao" in reminder.text
    assert f"{base}/fr/my/SN-0043/{CAMPAIGN_YEAR}/" in reminder.links()
    assert smtp_handler.to("gestionnaire@example.sn")  # the validation's mail
    last_reminder = page.locator("tr[data-code='SN-0043'] td").nth(3)
    expect(last_reminder).not_to_have_text("—")

    page.get_by_role("button", name="Relancer les gestionnaires").click()
    expect(page.locator(".messages")).to_contain_text("moins d’une semaine")
    assert len(smtp_handler.to("retardataire@example.sn")) == 1
