"""Publishing from the admin (a button) and from the command line: the
secretariat only. The admin shows editions read-only, the DOI writable once."""

import pytest
from django.core.management import CommandError, call_command

from editions.models import Edition
from editions.services import edition_publish

pytestmark = pytest.mark.django_db


def test_admin_button_publishes_for_the_secretariat(client, scenario, secretariat):
    client.force_login(secretariat)
    listing = client.get("/fr/admin/editions/edition/").content.decode()
    assert "/fr/admin/editions/edition/publish/" in listing
    response = client.post("/fr/admin/editions/edition/publish/", {"year": 2024})
    assert response.status_code == 302
    assert Edition.objects.get().identifier == "2024.1"


def test_admin_publish_is_refused_to_other_staff(client, scenario):
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    response = client.post("/fr/admin/editions/edition/publish/", {"year": 2024})
    assert response.status_code == 403
    assert not Edition.objects.exists()


def test_admin_shows_an_open_campaign_as_a_form_error(
    client, scenario, secretariat, closed_2024
):
    closed_2024.closes_on = "2999-01-01"
    closed_2024.save()
    client.force_login(secretariat)
    response = client.post("/fr/admin/editions/edition/publish/", {"year": 2024})
    assert response.status_code == 200
    assert "2999-01-01" in response.content.decode()
    assert not Edition.objects.exists()


def test_admin_records_the_doi_once_and_nothing_else(client, scenario, secretariat):
    edition = edition_publish(year=2024, user=secretariat)
    client.force_login(secretariat)
    url = f"/fr/admin/editions/edition/{edition.pk}/change/"
    form = client.get(url).content.decode()
    assert 'name="doi"' in form and 'name="title_en"' not in form
    refused = client.post(url, {"doi": "not a doi"})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    client.post(url, {"doi": "10.5281/zenodo.42", "title_en": "Changed"})
    edition.refresh_from_db()
    assert edition.doi == "10.5281/zenodo.42"
    assert edition.title_en.startswith("Inventory")
    assert 'name="doi"' not in client.get(url).content.decode()
    assert (
        client.post(f"/fr/admin/editions/edition/{edition.pk}/delete/").status_code
        == 403
    )


def test_command_publishes_as_a_secretariat_member(scenario, secretariat, visitor):
    with pytest.raises(CommandError):
        call_command("publish_edition", "2024", "--as", visitor.email)
    assert not Edition.objects.exists()
    call_command("publish_edition", "2024", "--as", secretariat.email)
    assert Edition.objects.get().identifier == "2024.1"


def test_demo_edition_is_published_once_as_the_demo_secretariat(scenario):
    from concertation.demo_accounts import demo_email
    from tests.factories import secretariat_member

    secretariat_member(email=demo_email("secretariat"))
    call_command("publish_edition", "--demo")
    call_command("publish_edition", "--demo")
    # No demonstration record to correct: no second edition.
    assert list(Edition.objects.values_list("identifier", flat=True)) == ["2024.1"]


def test_data_page_links_to_the_editions(client, scenario):
    text = client.get("/fr/data/").content.decode()
    assert 'href="/fr/data/editions/"' in text


def test_demo_editions_have_a_changelog_of_the_demo_corrections(scenario):
    """With demonstration records, ``--demo`` publishes 2024.1, corrects a
    few demo records through the record write, and publishes 2024.2, which
    supersedes 2024.1 and lists those corrections."""
    from concertation.demo_accounts import demo_email
    from editions.models import EditionChange
    from inventory.models import MutualHealthOrganization, YearlyRecord
    from tests.factories import MHOFactory, secretariat_member

    MutualHealthOrganization.objects.update(is_demo=True)
    MHOFactory(code="ML-0009", country=scenario["mali"], is_demo=True)
    secretariat_member(email=demo_email("secretariat"))
    call_command("publish_edition", "--demo")
    first, second = Edition.objects.order_by("pk")
    assert (first.identifier, second.identifier) == ("2024.1", "2024.2")
    assert second.supersedes == first and second.previous == first
    assert first.has_demo and second.has_demo
    changes = EditionChange.objects.filter(edition=second)
    changed = changes.filter(kind="record_changed")
    # ML-0001, SN-0001, SN-0002: members and beneficiaries; ML-0009 is new;
    # the fourth record in code order does not exist (three MHOs have 2024).
    assert sorted(set(changed.values_list("mho_code", "field"))) == [
        ("ML-0001", "beneficiaries"),
        ("ML-0001", "members"),
        ("SN-0001", "beneficiaries"),
        ("SN-0001", "members"),
        ("SN-0002", "beneficiaries"),
        ("SN-0002", "members"),
    ]
    assert list(
        changes.filter(kind="mho_added").values_list("mho_code", flat=True)
    ) == ["ML-0009"]
    assert changes.filter(kind="synthesis_changed", country="SN", field="members")
    bamako = YearlyRecord.objects.get(mho__code="ML-0001", year=2024)
    assert bamako.members == 312 and bamako.version == 2
    assert bamako.history.first().history_change_reason.startswith("Demonstration")
    call_command("publish_edition", "--demo")
    assert Edition.objects.count() == 2
