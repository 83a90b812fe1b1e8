import pytest

from forum.models import Event
from tests.factories import CountryFactory, UserFactory
from tests.forum.factories import EventFactory, ProceedingsDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))


@pytest.mark.parametrize(
    "url",
    [
        "/en/admin/forum/event/",
        "/en/admin/forum/event/?status__exact=proposed",
        "/en/admin/forum/event/add/",
        "/en/admin/forum/forumedition/",
        "/en/admin/forum/forumedition/add/",
        "/en/admin/forum/proceedingsdocument/",
        "/en/admin/forum/proceedingsdocument/add/",
    ],
)
def test_admin_pages_open_for_the_secretariat(client, secretariat, url):
    ProceedingsDocumentFactory()

    assert client.get(url).status_code == 200


def test_admin_change_pages_open(client, secretariat):
    document = ProceedingsDocumentFactory()

    for url in (
        f"/en/admin/forum/event/{document.edition.event.pk}/change/",
        f"/en/admin/forum/forumedition/{document.edition.pk}/change/",
        f"/en/admin/forum/proceedingsdocument/{document.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url


def test_secretariat_adds_an_event_with_its_languages(client, secretariat):
    togo = CountryFactory(iso2="TG", name_fr="Togo", name_en="Togo")

    response = client.post(
        "/en/admin/forum/event/add/",
        {
            "status": "published",
            "slug": "journee-mutualiste-lome",
            "kind": "awareness-day",
            "title_fr": "Journée mutualiste à Lomé",
            "title_en": "",
            "starts_on": "2030-06-01",
            "ends_on": "2030-06-01",
            "date_precision": "day",
            "country": togo.pk,
            "city": "Lomé",
            "languages": ["fr", "en"],
            "organizers_text_fr": "",
            "organizers_text_en": "",
            "description_fr": "",
            "description_en": "",
            "link": "https://example.org/lome",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(slug="journee-mutualiste-lome")
    assert event.languages == "fr,en"
    assert client.get(event.get_absolute_url()).status_code == 200


def test_admin_refuses_a_month_precision_that_does_not_fit_the_dates(
    client, secretariat
):
    event = EventFactory()
    data = {
        "status": "published",
        "slug": event.slug,
        "kind": event.kind,
        "title_fr": event.title_fr,
        "title_en": event.title_en,
        "starts_on": "2030-06-03",
        "ends_on": "2030-06-04",
        "date_precision": "month",
        "city": "",
        "link": "",
    }

    response = client.post(f"/en/admin/forum/event/{event.pk}/change/", data)

    assert response.status_code == 200
    assert "With this precision" in response.content.decode()
    event.refresh_from_db()
    assert event.date_precision == "day"
