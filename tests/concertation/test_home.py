import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inventory.demo import demo_generate
from opendata.models import SynthesisRow
from tests.forum.factories import EventFactory
from tests.newsletter.factories import NewsFactory, issue_with_editions

pytestmark = pytest.mark.django_db


def test_home_shows_latest_issue_next_events_flash_news_and_figures(client, network):
    demo_generate(mhos=12, years=2, seed=3)
    issue_with_editions(number=77)
    EventFactory(title_fr="Atelier de Thiès sur les unions", title_en="Thiès workshop")
    NewsFactory(is_flash=True, title_fr="Flash : nouvelle loi", title_en="Flash: law")

    html = client.get("/fr/").content.decode()

    assert "Numéro 77" in html
    assert "Atelier de Thiès sur les unions" in html
    assert "Flash : nouvelle loi" in html
    africa = SynthesisRow.objects.filter(country=None).order_by("-year").first()
    assert f"<strong>{africa.mhos_reporting}</strong>" in html
    assert 'id="demo-notice"' in html
    english = client.get("/en/").content.decode()
    assert "Issue 77" in english and "Thiès workshop" in english


def test_home_runs_a_fixed_number_of_queries(client, network):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/fr/").status_code == 200
        return len(context.captured_queries)

    issue_with_editions()
    EventFactory()
    NewsFactory(is_flash=True)
    few = count()
    for _ in range(10):
        issue_with_editions()
        EventFactory()
        NewsFactory(is_flash=True)

    assert count() == few <= 10
