"""The block "The inventory in figures" of Concertation Mail: the current
figures until the edition is sent, then the figures as sent, for good."""

import re

import pytest
from django.core import mail

from newsletter import services
from newsletter.models import Edition
from opendata.services.synthesis import synthesis_rebuild
from tests.factories import CountryFactory, MHOFactory, YearlyRecordFactory

from .factories import SubscriptionFactory, issue_with_editions

pytestmark = pytest.mark.django_db

BLOCK = re.compile(r'<(div|section) id="inventory-figures".*?</\1>', re.S)


def block_of(html: str) -> str:
    found = BLOCK.search(html)
    assert found, "no figures block"
    return found.group(0)


def text_block_of(body: str) -> str:
    start = body.index("L'inventaire en chiffres")
    return body[start : body.index("\n", body.index("Télécharger les données"))]


def record(country, year, **figures):
    return YearlyRecordFactory(
        mho=MHOFactory(country=country, founded_year=2000), year=year, **figures
    )


@pytest.fixture
def countries():
    senegal = CountryFactory(iso2="SN", name_fr="Sénégal", name_en="Senegal")
    mali = CountryFactory(iso2="ML", name_fr="Mali", name_en="Mali")
    record(senegal, 2022, members=12_345, beneficiaries=40_000)
    record(mali, 2022, members=500, beneficiaries=1_500)
    synthesis_rebuild()
    return {"SN": senegal, "ML": mali}


@pytest.fixture
def issue(countries):
    issue = issue_with_editions()
    issue.editions.update(include_figures=True)
    return issue


def archive_block(client, issue, language="fr") -> str:
    response = client.get(f"/{language}/newsletter/{issue.number}/")
    assert response.status_code == 200
    return block_of(response.content.decode())


def test_preview_shows_the_current_figures_with_their_source(issue):
    rendered = services.issue_preview(issue=issue, language="fr")
    block = block_of(rendered.html)
    assert "L'inventaire en chiffres" in block or "L&#x27;inventaire" in block
    assert "Sénégal" in block and "12\u202f345" in block.replace("\xa0", "\u202f")
    assert "Données en direct" in block
    assert "/data/" in block and "/fr/synthesis/SN/" in block
    assert "L'inventaire en chiffres" in rendered.text
    assert Edition.objects.get(issue=issue, language="fr").figures is None


def test_an_edition_without_the_option_has_no_block(countries):
    issue = issue_with_editions()
    rendered = services.issue_preview(issue=issue, language="fr")
    assert 'id="inventory-figures"' not in rendered.html
    assert "inventaire en chiffres" not in rendered.text


def test_figures_of_a_sent_issue_stay_as_sent_after_the_data_change(
    client, issue, countries
):
    SubscriptionFactory.create_batch(2, language="fr")
    dispatch = services.dispatch_create(issue=issue, language="fr")
    services.dispatch_send_all(dispatch_id=dispatch.pk)
    assert len(mail.outbox) == 2
    sent_html = block_of(mail.outbox[0].alternatives[0].content)
    sent_text = text_block_of(mail.outbox[0].body)
    archived = archive_block(client, issue)
    stored = Edition.objects.get(issue=issue, language="fr").figures
    assert "13\u202f000" not in archived.replace("\xa0", "\u202f")

    # The data change: a new validated record, the synthesis rebuilt.
    record(countries["SN"], 2022, members=655, beneficiaries=2_000)
    synthesis_rebuild()
    # An issue not sent yet shows the new figures...
    other = issue_with_editions()
    other.editions.update(include_figures=True)
    live = block_of(services.issue_preview(issue=other, language="fr").html)
    assert "13\u202f000" in live.replace("\xa0", "\u202f")

    # ...the sent one keeps what subscribers received.
    assert archive_block(client, issue) == archived
    edition = Edition.objects.get(issue=issue, language="fr")
    assert edition.figures == stored
    again = services.issue_preview(issue=issue, language="fr")
    assert block_of(again.html) == sent_html
    assert text_block_of(again.text) == sent_text
    # A later dispatch (new subscribers) sends the same block.
    SubscriptionFactory(language="fr")
    services.dispatch_send_all(
        dispatch_id=services.dispatch_create(issue=issue, language="fr").pk
    )
    assert len(mail.outbox) == 3
    assert block_of(mail.outbox[2].alternatives[0].content) == sent_html


def test_secretary_opts_in_on_the_edition_and_the_admin_preview_shows_the_block(
    client, countries
):
    from tests.factories import secretariat_member

    client.force_login(secretariat_member(email="secretariat@example.sn"))
    issue = issue_with_editions()
    page = client.get(f"/fr/admin/newsletter/issue/{issue.pk}/change/")
    assert page.status_code == 200
    assert 'name="editions-0-include_figures"' in page.content.decode()
    assert "nclure «\u00a0L&#x27;inventaire en chiffres\u00a0»" in page.content.decode()

    preview = f"/fr/admin/newsletter/issue/{issue.pk}/preview/fr/"
    assert 'id="inventory-figures"' not in client.get(preview).content.decode()
    issue.editions.update(include_figures=True)
    shown = client.get(preview).content.decode()
    assert 'id="inventory-figures"' in shown and "Sénégal" in shown


def test_block_comes_from_the_latest_edition_of_the_inventory(issue, countries):
    from django.core.cache import cache

    from editions.services import edition_publish
    from kernel.cache import site_key
    from opendata.exports.build import build_keys
    from tests.factories import secretariat_member

    keys = [*build_keys(), site_key("editions:publish:lock")]
    cache.delete_many(keys)
    edition = edition_publish(year=2022, user=secretariat_member())
    cache.delete_many(keys)
    record(countries["SN"], 2022, members=655, beneficiaries=2_000)
    synthesis_rebuild()

    block = block_of(services.issue_preview(issue=issue, language="fr").html)
    assert f"Édition {edition.identifier} de l’inventaire" in block
    assert f"édition {edition.identifier}" in block  # its citation
    # The edition's figures, not those validated since.
    assert "12\u202f345" in block.replace("\xa0", "\u202f")
    assert "13\u202f000" not in block.replace("\xa0", "\u202f")


def test_unsaved_preview_of_the_desk_shows_the_block_when_ticked(client, countries):
    from tests.factories import secretariat_member

    client.force_login(secretariat_member(email="secretariat@example.sn"))
    form = {
        "number": "64",
        "date": "2026-12-01",
        "editions-TOTAL_FORMS": "1",
        "editions-INITIAL_FORMS": "0",
        "editions-MIN_NUM_FORMS": "1",
        "editions-MAX_NUM_FORMS": "2",
        "editions-0-language": "fr",
        "editions-0-title": "Les unions de mutuelles",
        "editions-0-body": "## Éditorial",
    }
    url = "/fr/admin/newsletter/issue/desk/preview/"
    (plain,) = client.post(url, form).context["previews"]
    assert 'id="inventory-figures"' not in plain["mail_html"] + plain["page_html"]

    (ticked,) = client.post(url, {**form, "editions-0-include_figures": "on"}).context[
        "previews"
    ]
    for html in (ticked["mail_html"], ticked["page_html"]):
        assert "Sénégal" in block_of(html)
    assert "L'inventaire en chiffres" in ticked["mail_text"]
