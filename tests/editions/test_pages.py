"""The edition pages: list, detail (a withdrawn edition keeps its page),
changes; their queries are bounded; only the secretariat withdraws."""

import pytest

from editions.models import Edition
from editions.services import edition_publish, edition_withdraw

from .conftest import later_validations

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editions(scenario, secretariat):
    first = edition_publish(year=2024, user=secretariat)
    later_validations(scenario)
    second = edition_publish(year=2024, user=secretariat)
    return first, second


def test_edition_list_shows_each_edition_in_french(client, two_editions):
    response = client.get("/fr/data/editions/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Inventaire des mutuelles de santé — édition 2024" in text
    assert "2024.1" in text and "2024.2" in text
    assert "/fr/data/editions/2024.2/" in text
    # The index links every file of every edition.
    for identifier in ("2024.1", "2024.2"):
        for name in ("inventory.csv", "synthesis.csv", "changes.csv"):
            assert f'href="/data/editions/{identifier}/{name}"' in text
    english = client.get("/en/data/editions/").content.decode()
    assert 'href="/data/editions/2024.1/datapackage.json"' in english


def test_unprefixed_addresses_send_to_the_page_in_the_visitor_language(
    client, two_editions
):
    response = client.get("/data/editions/2024.1/", headers={"accept-language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/en/data/editions/2024.1/"
    assert client.get("/data/editions/").status_code == 302


def test_edition_page_lists_files_with_size_and_sha256(client, two_editions):
    first, _second = two_editions
    text = client.get("/fr/data/editions/2024.1/").content.decode()
    for name, info in first.files.items():
        assert f"/data/editions/2024.1/{name}" in text
        assert info["sha256"] in text
    assert 'Corrigée par l’édition <a href="/fr/data/editions/2024.2/">' in text


def test_withdrawn_edition_keeps_its_page_saying_why(client, two_editions, secretariat):
    first, _second = two_editions
    edition_withdraw(edition=first, user=secretariat, reason="Doublons au Sénégal")
    response = client.get("/fr/data/editions/2024.1/")
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="withdrawn"' in text
    assert "Doublons au Sénégal" in text
    assert client.get("/data/editions/2024.1/inventory.csv").status_code == 200


def test_changes_page_lists_fields_old_and_new(client, two_editions):
    response = client.get("/fr/data/editions/2024.2/changes/?kind=record_changed")
    text = response.content.decode()
    assert response.status_code == 200
    assert "SN-0001" in text and "<code>members</code>" in text
    assert "<del>450</del>" in text and "<ins>500</ins>" in text


def test_edition_pages_have_bounded_queries(
    client, two_editions, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        client.get("/fr/data/editions/")
    with django_assert_max_num_queries(4):
        client.get("/fr/data/editions/2024.2/")
    with django_assert_max_num_queries(6):
        client.get("/fr/data/editions/2024.2/changes/")
    with django_assert_max_num_queries(2):
        client.get("/data/editions/2024.2/inventory.csv")


def test_only_the_secretariat_withdraws_from_the_page(
    client, two_editions, visitor, secretariat
):
    client.force_login(visitor)
    response = client.post(
        "/fr/data/editions/2024.1/withdraw/", {"reason": "Pas d'accord"}
    )
    assert response.status_code == 403
    assert not Edition.objects.get(identifier="2024.1").is_withdrawn
    assert "/withdraw/" not in client.get("/fr/data/editions/2024.1/").content.decode()

    client.force_login(secretariat)
    assert (
        "/fr/data/editions/2024.1/withdraw/"
        in client.get("/fr/data/editions/2024.1/").content.decode()
    )
    client.post("/fr/data/editions/2024.1/withdraw/", {"reason": "Doublons"})
    edition = Edition.objects.get(identifier="2024.1")
    assert edition.is_withdrawn and edition.withdrawn_by == secretariat


def test_feed_announces_each_edition(client, two_editions):
    import feedparser

    response = client.get("/fr/data/editions/feed/")
    feed = feedparser.parse(response.content)
    assert response["Content-Type"].startswith("application/atom+xml")
    assert [entry.link.rsplit("/", 2)[-2] for entry in feed.entries] == [
        "2024.2",
        "2024.1",
    ]
    assert "édition 2024" in feed.entries[0].title


def test_synthesis_and_data_pages_name_the_latest_edition(
    client, scenario, secretariat
):
    assert "editions/2024" not in client.get("/fr/synthesis/").content.decode()
    edition_publish(year=2024, user=secretariat)

    synthesis = client.get("/fr/synthesis/").content.decode()
    assert "Édition 2024.1 de l’inventaire" in synthesis
    assert 'href="/fr/data/editions/2024.1/"' in synthesis
    assert "provisoires" in synthesis
    country = client.get("/fr/synthesis/SN/").content.decode()
    assert 'href="/fr/data/editions/2024.1/"' in country
    data = client.get("/fr/data/").content.decode()
    assert 'href="/data/editions/2024.1/inventory.csv"' in data


def test_a_withdrawn_latest_edition_is_no_longer_announced(
    client, two_editions, secretariat
):
    _first, second = two_editions
    edition_withdraw(edition=second, user=secretariat, reason="Erreur de calcul")
    synthesis = client.get("/fr/synthesis/").content.decode()
    assert 'href="/fr/data/editions/2024.1/"' in synthesis
    assert 'href="/fr/data/editions/2024.2/"' not in synthesis
