"""Accessibility: the pages pass axe-core in real Chromium.

The French tour opens every page of the URLconf that a person reads: the
public pages, the pages shown after submitting a form (with its errors, and its
outcome), the manager's and the focal point's pages. It fails when a named URL
or a page template of the project was not opened, so a new page cannot escape
the check; the URLs that are not pages (files, feeds, JSON, POST-only actions)
are listed in NOT_PAGES with the reason. The main pages are also checked in
English and on a 360 px wide screen.

A violation of impact "serious" or "critical" fails the test; "moderate" and
"minor" ones are reported as warnings in the test summary.
"""

import warnings
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.test.signals import template_rendered
from django.urls import (
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from editions.services import edition_publish
from forum.models import Event, ForumEdition
from inventory.demo import demo_generate
from inventory.models import Campaign, MHOManagement, MutualHealthOrganization
from newsletter import tokens
from newsletter.models import News
from opendata.exports.build import data_build
from organizations.models import Country, FocalPoint, Organization
from tests.factories import MHOFactory, UserFactory, secretariat_member
from tests.forum.factories import ForumEditionFactory
from tests.inventory.conftest import CAMPAIGN_YEAR, make_mho, make_record
from tests.newsletter.factories import SubscriptionFactory, issue_with_editions
from tests.resources.factories import ResourceFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAILING_IMPACTS = {"serious", "critical"}
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 360, "height": 740}
AXE = Axe()

# Named URLs that are not pages a person reads, or that only answer POST and
# redirect to a page checked elsewhere.
NOT_PAGES = {
    "healthz": "JSON health check",
    "data:home": "redirect to inventory:data_home in the visitor's language",
    "logout": "POST only",
    "data:inventory_filtered": "CSV file",
    "data:inventory_csv": "CSV file",
    "data:inventory_xlsx": "Excel file",
    "data:synthesis_csv": "CSV file",
    "data:organizations_csv": "CSV file",
    "data:datapackage": "JSON file",
    "api:api-root": "JSON",
    "api:country-list": "JSON",
    "api:country-detail": "JSON",
    "api:mho-list": "JSON",
    "api:mho-detail": "JSON",
    "api:record-list": "JSON",
    "api:record-detail": "JSON",
    "api:synthesis-list": "JSON",
    "api:schema": "OpenAPI document",
    "api:docs": "checked on its own, once Swagger UI has drawn it",
    "inventory:template_download": "Excel file",
    "inventory:management_decide": "POST only",
    "inventory:mho_decide": "POST only",
    "inventory:country_remind": "POST only",
    "newsletter:news_feed": "RSS feed",
    "newsletter:edition_pdf": "PDF file",
    "newsletter:subscription_cancel": "POST only",
    "forum:event_calendar": "iCalendar file",
    "forum:event_ical": "iCalendar file",
    "forum:document_download": "redirect to a file",
    "resources:resource_download": "redirect to a file",
    "outreach:country_fact_sheet": "PDF file",
    "outreach:mho_fact_sheet": "PDF file",
    "editions:feed": "Atom feed",
    "editions:citation": "citation file (BibTeX, RIS, JSON)",
    "editions:withdraw": "POST only",
    "edition_files:index": "redirect to editions:index in the visitor's language",
    "edition_files:detail": "redirect to editions:detail in the visitor's language",
    "edition_files:file": "CSV, Excel or JSON file",
}

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Page templates outside the tour: the Django admin's (staff only), the
# Swagger UI page of api:docs and the fact sheets' (PDF files).
NOT_PAGE_TEMPLATES = {
    "admin",
    "simple_history",
    "inventory/api_docs.html",
    "500.html",  # static, shown when the portal itself fails
    # Rendered into the PDF fact sheets, never shown as pages.
    "outreach/country_sheet.html",
    "outreach/mho_sheet.html",
}

# The main pages, checked in English and on a narrow screen too.
MAIN_PAGES = {
    "home",
    "inventory:mho_list",
    "inventory:mho_detail",
    "inventory:synthesis_list",
    "inventory:synthesis_country",
    "organizations:focal_point_list",
    "newsletter:news_list",
    "forum:event_list",
    "resources:resource_list",
    "inventory:data_home",
    "login",
}
NARROW_PAGES = {
    "home",
    "inventory:data_home",
    "inventory:mho_list",
    "inventory:mho_detail",
    "inventory:synthesis_country",
}


def url_names(patterns=None, namespace=""):
    """Every named URL of the project, outside the Django admin."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                inner = f"{pattern.namespace}:" if pattern.namespace else ""
                yield from url_names(pattern.url_patterns, namespace + inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def page_templates() -> set[str]:
    """The project's page templates: not mails, partials (_*) or base.html."""
    names = {
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if "email" not in path.parts and not path.name.startswith("_")
    }
    return {
        name
        for name in names - {"base.html"}
        if name not in NOT_PAGE_TEMPLATES
        and name.split("/")[0] not in NOT_PAGE_TEMPLATES
    }


@dataclass
class Audit:
    """Runs axe-core on each page shown and keeps what it found."""

    base: str
    language: str = "fr"
    failures: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)

    def check(self, page, label: str = "") -> None:
        path = urlsplit(page.url).path
        where = f"{path} {label}".strip()
        with translation.override(self.language):
            try:
                self.names.add(resolve(path).view_name)
            except Resolver404:
                self.names.add("(page not found)")
        expect(page.locator("html")).to_have_attribute("lang", self.language)
        for violation in AXE.run(page).response["violations"]:
            targets = "; ".join(
                " ".join(node["target"]) for node in violation["nodes"][:5]
            )
            line = (
                f"{where}: {violation['id']} ({violation['impact']}) "
                f"{violation['help']} — {targets}"
            )
            if violation["impact"] in FAILING_IMPACTS:
                self.failures.append(line)
            else:
                self.notices.append(line)

    def visit(self, page, path: str, label: str = "") -> None:
        page.goto(f"{self.base}{path}")
        self.check(page, label)

    def assert_clean(self) -> None:
        for line in self.notices:
            warnings.warn(line, stacklevel=2)
        assert self.failures == [], "\n".join(self.failures)


@pytest.fixture
def rendered_templates():
    """Names of the templates rendered, by the live server's thread too."""
    names = set()

    def record(sender, template, context, **kwargs):
        names.add(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


@dataclass
class Portal:
    manager: object
    focal: object
    managed: MutualHealthOrganization
    submitted_record: object
    public_mho: MutualHealthOrganization
    subscription: object
    secretariat: object
    edition: object


@pytest.fixture
def portal(network, settings, tmp_path):
    """The real directory and publications, a little demonstration data, and
    the people of the yearly update with work waiting for each of them."""
    settings.MEDIA_ROOT = tmp_path
    demo_generate(mhos=8, years=3, seed=3)
    today = timezone.localdate()
    Campaign.objects.create(
        year=CAMPAIGN_YEAR,
        opens_on=today - timedelta(days=3),
        closes_on=today + timedelta(days=30),
    )
    senegal = Country.objects.get(iso2="SN")
    managed = make_mho("SN-0042", senegal, name="Mutuelle de santé de Fandène")
    make_record(managed, CAMPAIGN_YEAR - 1)
    manager = UserFactory(email="gestionnaire@example.sn", language="fr")
    MHOManagement.objects.create(user=manager, mho=managed, status="approved")
    reviewed = make_mho("SN-0043", senegal, name="Mutuelle de Ngaye")
    make_record(reviewed, CAMPAIGN_YEAR - 1)
    submitted = make_record(
        reviewed, CAMPAIGN_YEAR, state="submitted", members=700, beneficiaries=2000
    )
    applicant = UserFactory(email="demandeur@example.sn", full_name="Awa Ndiaye")
    MHOManagement.objects.create(user=applicant, mho=reviewed, message="Trésorière")
    MHOFactory(
        code="SN-0044",
        country=senegal,
        name="Mutuelle de Keur Massar",
        approval="pending",
        created_by=applicant,
    )
    focal = UserFactory(email="pf@example.sn", language="fr")
    FocalPoint.objects.get(country=senegal).reviewers.add(focal)

    issue_with_editions(number=42)
    ForumEditionFactory(year=2030, number=99)
    ResourceFactory(
        slug="guide-de-gestion",
        title="Guide de gestion des mutuelles",
        themes=[ThemeFactory(slug="gestion")],
        countries=[senegal],
    )
    data_build()
    secretariat = secretariat_member(email="secretariat@example.sn", language="fr")
    # The year before the campaign's is over and has validated records.
    edition = edition_publish(year=CAMPAIGN_YEAR - 1, user=secretariat)
    return Portal(
        secretariat=secretariat,
        edition=edition,
        manager=manager,
        focal=focal,
        managed=managed,
        submitted_record=submitted,
        public_mho=MutualHealthOrganization.objects.filter(is_demo=True)
        .order_by("code")
        .first(),
        subscription=SubscriptionFactory(
            email="lecteur@example.sn",
            confirmed_at=None,
            confirmation_sent_at=timezone.now(),
        ),
    )


def new_context(browser, language="fr", viewport=DESKTOP):
    """A browser context of a visitor whose browser asks for ``language``."""
    return browser.new_context(
        viewport=viewport, locale={"fr": "fr-FR", "en": "en-GB"}[language]
    )


def signed_in(browser, live_server, user, viewport=DESKTOP):
    """A French browser context carrying the user's session cookie."""
    client = Client()
    client.force_login(user)
    context = new_context(browser, viewport=viewport)
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


def public_pages(portal, language: str) -> list[tuple[str, str]]:
    """(URL name, path) of the pages a visitor reads, one example of each
    detail page, and the lists with filters applied."""
    mho = portal.public_mho
    details = {
        "inventory:mho_detail": [mho.code],
        "inventory:synthesis_country": [mho.country.iso2],
        "long_view:country": [mho.country.iso2],
        "organizations:organization_detail": [
            Organization.objects.order_by("slug").first().slug
        ],
        "newsletter:news_detail": [News.objects.order_by("slug").first().slug],
        "newsletter:issue_detail": [42],
        "forum:event_detail": [Event.objects.order_by("starts_on").first().slug],
        "forum:forum_detail": [ForumEdition.objects.order_by("year").first().year],
        "resources:resource_detail": ["guide-de-gestion"],
        "editions:detail": [portal.edition.identifier],
        "editions:changes": [portal.edition.identifier],
    }
    names = [
        "home",
        "about",
        "inventory:mho_list",
        "inventory:synthesis_list",
        "organizations:focal_point_list",
        "organizations:organization_list",
        "organizations:committee_list",
        "organizations:governance",
        "newsletter:news_list",
        "newsletter:archive",
        "newsletter:subscribe",
        "forum:event_list",
        "forum:forum_list",
        "resources:resource_list",
        "inventory:data_home",
        "editions:index",
        "login",
        "register",
        "password_reset",
        *details,
    ]
    with translation.override(language):
        pages = [(name, reverse(name, args=details.get(name, ()))) for name in names]
        filtered = [
            ("inventory:mho_list", "?q=sant%C3%A9&country=SN&status=functional"),
            ("organizations:organization_list", "?country=SN&kind="),
            ("resources:resource_list", "?q=guide"),
        ]
        pages += [(name, reverse(name) + query) for name, query in filtered]
        changes = reverse("editions:changes", args=[portal.edition.identifier])
        pages.append(("editions:changes", changes + "?kind=added"))
    return pages


def visit_form_outcomes(audit, page, portal):
    """Forms with their errors shown, and the pages reached by submitting them.
    The forms themselves were checked with the public pages."""
    page.goto(f"{audit.base}/fr/account/login/")
    page.locator("input[name=username]").fill("inconnu@example.sn")
    page.locator("input[name=password]").fill("not the password")
    page.locator("main button[type=submit]").click()
    expect(page.locator("main .errorlist")).to_be_visible()
    audit.check(page, "(wrong password)")
    for _attempt in range(2):  # AXES_FAILURE_LIMIT is 3 in this test
        page.locator("input[name=password]").fill("still not the password")
        page.locator("main button[type=submit]").click()
    expect(page.locator("form input[name=password]")).to_have_count(0)
    audit.check(page, "(locked out)")

    page.goto(f"{audit.base}/fr/account/register/")
    page.locator("main button[type=submit]").click()
    expect(page.locator("main .errorlist").first).to_be_visible()
    audit.check(page, "(errors)")
    page.locator("input[name=email]").fill("nouveau@example.sn")
    page.locator("input[name=password1]").fill("une phrase de passe 2024")
    page.locator("input[name=password2]").fill("une phrase de passe 2024")
    page.locator("main button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("nouveau@example.sn")
    audit.check(page, "(registered)")
    audit.visit(page, "/fr/account/verify/not-a-token/")

    page.goto(f"{audit.base}/fr/account/password-reset/")
    page.locator("input[name=email]").fill(portal.manager.email)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{audit.base}/fr/account/password-reset/sent/")
    audit.check(page, "(sent)")
    uid = urlsafe_base64_encode(force_bytes(portal.manager.pk))
    token = default_token_generator.make_token(portal.manager)
    audit.visit(page, f"/fr/account/password-reset/{uid}/{token}/")
    page.locator("input[name=new_password1]").fill("a")
    page.locator("main button[type=submit]").click()
    expect(page.locator("main .errorlist").first).to_be_visible()
    audit.check(page, "(errors)")
    audit.visit(page, f"/fr/account/password-reset/{uid}/not-a-token/", "(invalid)")
    audit.visit(page, "/fr/account/password-reset/done/")

    page.goto(f"{audit.base}/fr/newsletter/subscribe/")
    # Accepted by the browser's own check, refused by the server's.
    page.locator("main input[name=email]").fill("abonne@exemple")
    page.locator("main button[name=subscribe]").click()
    expect(page.locator("main .errorlist").first).to_be_visible()
    audit.check(page, "(errors)")
    page.locator("main input[name=email]").fill("abonne@example.sn")
    page.locator("main button[name=subscribe]").click()
    expect(page.get_by_role("status")).to_contain_text("abonne@example.sn")
    audit.check(page, "(sent)")
    subscription = portal.subscription
    confirm = tokens.confirm_token_make(subscription=subscription)
    audit.visit(page, f"/fr/newsletter/confirm/{confirm}/")
    page.locator("#confirm-button").click()
    expect(page.locator("#confirmed")).to_be_visible()
    audit.check(page, "(confirmed)")
    unsubscribe = tokens.unsubscribe_token_make(subscription=subscription)
    audit.visit(page, f"/fr/newsletter/unsubscribe/{unsubscribe}/")
    page.locator("#unsubscribe-button").click()
    expect(page.locator("#unsubscribed")).to_be_visible()
    audit.check(page, "(unsubscribed)")
    audit.visit(page, "/fr/newsletter/confirm/not-a-token/", "(invalid)")


def submit_empty(audit, page, path):
    """Checks the page with the server's error messages, after submitting its
    form empty (the browser's own check of required fields is turned off)."""
    page.goto(f"{audit.base}{path}")
    form = page.locator("main form.stacked").last
    form.evaluate("form => { form.noValidate = true; }")
    form.locator("button[type=submit]").last.click()
    expect(page.locator("main .errorlist").first).to_be_visible()
    audit.check(page, "(errors)")


def visit_manager_pages(audit, page, portal):
    code, year = portal.managed.code, CAMPAIGN_YEAR
    audit.visit(page, "/fr/my/")
    audit.visit(page, f"/fr/my/{code}/{year}/")
    page.locator("input[name=beneficiaries]").fill("10")
    page.locator("button[name=draft]").click()
    expect(page.locator("main .errorlist").first).to_be_visible()
    audit.check(page, "(errors)")
    page.locator("input[name=beneficiaries]").fill("1500")
    page.locator("input[name=members]").fill("800")
    page.locator("button[name=submit]").click()
    expect(page.locator("#warning-W01")).to_be_visible()
    audit.check(page, "(warnings)")
    page.locator("button[name=draft]").click()
    expect(page.get_by_role("status")).to_be_visible()
    audit.check(page, "(saved)")
    record = portal.managed.records.get(year=year)
    audit.visit(page, f"/fr/records/{record.pk}/history/")
    audit.visit(page, f"/fr/records/{record.pk}/")
    # A year with no campaign open: said before the form.
    audit.visit(page, f"/fr/my/{code}/{year + 1}/", "(no campaign)")
    audit.visit(page, "/fr/review/", "403")  # not a focal point
    submit_empty(audit, page, f"/fr/my/{code}/{year}/upload/")
    for path in ("/fr/my/register/", "/fr/my/request/", "/fr/my/delegation/"):
        submit_empty(audit, page, path)
    submit_empty(audit, page, "/fr/events/propose/")
    submit_empty(audit, page, "/fr/resources/propose/")
    audit.visit(page, "/fr/account/")
    audit.visit(page, "/fr/newsletter/subscription/")


def visit_conflict(audit, page, portal):
    """Another editor saves while the manager edits: the conflict page."""
    code, year = portal.managed.code, CAMPAIGN_YEAR
    page.goto(f"{audit.base}/fr/my/{code}/{year}/")
    record = portal.managed.records.get(year=year)
    record.members = 810
    record.version += 1
    record.save()
    page.locator("input[name=members]").fill("820")
    page.locator("button[name=draft]").click()
    expect(page.locator("#conflict-title")).to_be_visible()
    audit.check(page, "(conflict)")


def visit_focal_pages(audit, page, portal):
    audit.visit(page, "/fr/review/")
    audit.visit(page, "/fr/review/dashboard/SN/")
    audit.visit(page, f"/fr/review/records/{portal.submitted_record.pk}/")
    page.locator("summary", has_text="Renvoyer").click()
    page.locator("button[name=return]").click()
    expect(page.locator("main .errorlist").first).to_be_visible()
    audit.check(page, "(errors)")


def visit_secretariat_pages(audit, page, portal):
    """An edition's page with the form to withdraw it, its error, and the
    withdrawn edition's page."""
    identifier = portal.edition.identifier
    audit.visit(page, f"/fr/data/editions/{identifier}/", "(secretariat)")
    form = page.locator("main form[action$='/withdraw/']")
    form.evaluate("form => { form.noValidate = true; }")
    form.locator("button[type=submit]").click()
    expect(page.locator("main .messages .error")).to_be_visible()
    audit.check(page, "(no reason)")
    form.locator("textarea, input[name=reason]").first.fill("Effectifs en double.")
    form.locator("button[type=submit]").click()
    expect(page.locator("#withdrawn")).to_be_visible()
    audit.check(page, "(withdrawn)")


def test_every_page_in_french_has_no_serious_violation(
    live_server, portal, browser, rendered_templates, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    audit = Audit(live_server.url)
    context = new_context(browser)
    page = context.new_page()
    for _name, path in public_pages(portal, "fr"):
        audit.visit(page, path)
    visit_form_outcomes(audit, page, portal)
    audit.visit(page, "/fr/no-such-page/", "404")
    context.close()
    context = signed_in(browser, live_server, portal.manager)
    page = context.new_page()
    visit_manager_pages(audit, page, portal)
    visit_conflict(audit, page, portal)
    context.close()
    context = signed_in(browser, live_server, portal.focal)
    visit_focal_pages(audit, context.new_page(), portal)
    context.close()
    context = signed_in(browser, live_server, portal.secretariat)
    visit_secretariat_pages(audit, context.new_page(), portal)
    context.close()

    audit.assert_clean()
    names = set(url_names())
    assert set(NOT_PAGES) <= names, "NOT_PAGES names a URL that no longer exists"
    missing = names - set(NOT_PAGES) - audit.names
    assert missing == set(), "add these pages to the tour, or to NOT_PAGES"
    unseen = page_templates() - rendered_templates
    assert unseen == set(), "these page templates were not shown in the tour"


def test_main_pages_in_english_have_no_serious_violation(live_server, portal, browser):
    audit = Audit(live_server.url, language="en")
    context = new_context(browser, "en")
    page = context.new_page()
    for name, path in public_pages(portal, "en"):
        if name in MAIN_PAGES:
            audit.visit(page, path)
    context.close()

    assert audit.names == MAIN_PAGES
    audit.assert_clean()


def test_main_pages_on_a_360_px_screen_have_no_serious_violation(
    live_server, portal, browser
):
    audit = Audit(live_server.url)
    context = new_context(browser, viewport=NARROW)
    page = context.new_page()
    for name, path in public_pages(portal, "fr"):
        if name in NARROW_PAGES:
            audit.visit(page, path)
    context.close()
    context = signed_in(browser, live_server, portal.manager, viewport=NARROW)
    page = context.new_page()
    audit.visit(page, f"/fr/my/{portal.managed.code}/{CAMPAIGN_YEAR}/")
    context.close()

    assert audit.names == NARROW_PAGES | {"inventory:record_edit"}
    audit.assert_clean()


def test_api_documentation_has_no_serious_violation(live_server, db, browser):
    audit = Audit(live_server.url, language="en")
    context = new_context(browser, "en")
    page = context.new_page()
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    audit.check(page)
    context.close()

    assert audit.names == {"api:docs"}
    audit.assert_clean()
