"""The Content-Security-Policy holds in real Chromium: no page needs inline script.

Every document Chromium loads reports its CSP violations to a listener that an
init script registers before the page's own scripts run; Chromium's console
messages about the policy are collected too. Each visited page must carry the
policy header and report nothing.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inventory.models import Campaign, MHOManagement, YearlyRecord
from opendata.services.synthesis import synthesis_rebuild
from organizations.models import Country
from tests.factories import UserFactory
from tests.inventory.conftest import CAMPAIGN_YEAR, make_mho, make_record
from tests.newsletter.factories import issue_with_editions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse 42"
DESKTOP = {"width": 1280, "height": 900}

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class PolicyWatcher:
    """Opens pages in one browser context and gathers what the policy blocked."""

    def __init__(self, browser, base):
        self.base = base
        self.context = browser.new_context(viewport=DESKTOP)
        self.context.add_init_script(LISTEN)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.console = []
        self.page.on(
            "console",
            lambda message: (
                self.console.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def visit(self, path):
        """Loads a page; returns what the policy blocked on it."""
        self.console.clear()
        response = self.page.goto(self.base + path)
        assert response.status == 200, (path, response.status)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        self.page.wait_for_load_state("load")
        return self.blocked()

    def blocked(self):
        return self.page.evaluate("window.__cspViolations") + self.console

    def log_in(self, email, lands="/fr/account/"):
        self.page.goto(f"{self.base}/fr/account/login/")
        self.page.locator("input[name=username]").fill(email)
        self.page.locator("input[name=password]").fill(PASSWORD)
        self.page.locator("form.stacked button[type=submit]").click()
        expect(self.page).to_have_url(f"{self.base}{lands}")
        assert self.blocked() == []

    def close(self):
        self.context.close()


@pytest.fixture
def site(network):
    today = timezone.localdate()
    Campaign.objects.create(
        year=CAMPAIGN_YEAR,
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=30),
    )
    senegal = Country.objects.get(iso2="SN")
    mho = make_mho("SN-0042", senegal, name="Mutuelle de santé de Fandène")
    for year in range(CAMPAIGN_YEAR - 3, CAMPAIGN_YEAR):
        make_record(mho, year, members=300 + 50 * (CAMPAIGN_YEAR - year))
    synthesis_rebuild()
    manager = UserFactory(email="gestionnaire@example.sn")
    MHOManagement.objects.create(user=manager, mho=mho, status="approved")
    UserFactory(email="secretariat@example.sn", is_staff=True, is_superuser=True)
    return {"mho": mho, "issue": issue_with_editions()}


PUBLIC_PAGES = [
    "/fr/",
    "/en/",
    "/fr/about/",
    "/fr/inventory/",
    "/fr/inventory/SN-0042/",
    "/fr/synthesis/",
    "/fr/synthesis/SN/",
    "/fr/focal-points/",
    "/fr/organizations/",
    "/fr/committees/",
    "/fr/news/",
    "/fr/events/",
    "/fr/resources/",
    "/fr/forums/",
    "/fr/newsletter/",
    "/fr/data/",
    "/fr/account/login/",
    "/fr/account/register/",
    "/fr/account/password-reset/",
    "/api/docs/",
]


def test_anonymous_pages_and_the_api_docs_need_no_inline_script_or_style(
    live_server, browser, site
):
    watcher = PolicyWatcher(browser, live_server.url)

    blocked = {path: watcher.visit(path) for path in PUBLIC_PAGES}

    assert {path: found for path, found in blocked.items() if found} == {}
    # Swagger UI starts from its script file and lists the API's operations.
    operations = watcher.page.locator(".opblock-summary-path")
    expect(operations.first).to_be_visible()
    paths = {path.replace("\u200b", "") for path in operations.all_inner_texts()}
    assert {"/api/v1/mhos/", "/api/v1/records/", "/api/v1/synthesis/"} <= paths
    assert watcher.blocked() == []
    # The watcher does see what the policy blocks: a script element with inline
    # code, as an injection would add it, does not run and is reported.
    watcher.visit("/fr/about/")
    watcher.page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "document.title = 'injected'";
        document.body.append(script);
    }"""
    )
    expect(watcher.page).not_to_have_title("injected")
    assert any("script-src" in entry for entry in watcher.blocked())
    watcher.close()


def test_the_record_form_and_the_admin_work_under_the_policy(
    live_server, browser, site
):
    manager = PolicyWatcher(browser, live_server.url)
    manager.log_in("gestionnaire@example.sn", lands="/fr/my/")
    assert manager.visit(f"/fr/my/SN-0042/{CAMPAIGN_YEAR}/") == []
    manager.page.locator("input[name=members]").fill("390")
    manager.page.locator("button[name=draft]").click()
    expect(manager.page.locator(".messages")).to_be_visible()
    assert manager.blocked() == []
    assert YearlyRecord.objects.get(mho=site["mho"], year=CAMPAIGN_YEAR).members == 390
    manager.close()

    staff = PolicyWatcher(browser, live_server.url)
    staff.log_in("secretariat@example.sn", lands="/fr/admin/")
    record = YearlyRecord.objects.filter(mho=site["mho"]).first()
    pages = [
        "/fr/admin/",
        "/fr/admin/inventory/yearlyrecord/",
        f"/fr/admin/inventory/yearlyrecord/{record.pk}/change/",
        f"/fr/admin/inventory/yearlyrecord/{record.pk}/history/",
        "/fr/admin/inventory/mutualhealthorganization/",
        f"/fr/admin/inventory/mutualhealthorganization/{site['mho'].pk}/change/",
        "/fr/admin/inventory/mutualhealthorganization/add/",
        "/fr/admin/inventory/yearlyrecord/import/",
        "/fr/admin/inventory/yearlyrecord/export/",
        "/fr/admin/newsletter/news/add/",
        f"/fr/admin/newsletter/issue/{site['issue'].pk}/change/",
        f"/fr/admin/newsletter/issue/{site['issue'].pk}/send/",
        f"/fr/admin/newsletter/issue/{site['issue'].pk}/dispatches/",
        "/fr/admin/axes/accessattempt/",
    ]

    blocked = {path: staff.visit(path) for path in pages}

    assert {path: found for path, found in blocked.items() if found} == {}
    # The admin's own scripts run: the changelist's action bar counts selections.
    staff.visit("/fr/admin/inventory/yearlyrecord/")
    staff.page.locator("#action-toggle").check()
    expect(staff.page.locator(".action-counter")).to_contain_text("4")
    # The export page's "select all" box, wired without an inline handler.
    staff.visit("/fr/admin/inventory/yearlyrecord/export/")
    fields = staff.page.locator(".selectable-field-export-row input[type=checkbox]")
    expect(fields.first).to_be_checked()
    staff.page.locator("#select-all-toggle").uncheck()
    for checkbox in fields.all():
        expect(checkbox).not_to_be_checked()
    # The preview of an unsaved form opens in a tab of its own.
    staff.visit(f"/fr/admin/newsletter/issue/{site['issue'].pk}/change/")
    with staff.context.expect_page() as opened:
        staff.page.locator("#desk-preview").click()
    preview = opened.value
    preview.wait_for_load_state("load")
    expect(preview.locator(".desk-subject").first).to_be_visible()
    assert preview.evaluate("window.__cspViolations") == []
    assert staff.blocked() == []
    staff.close()
