"""Public pages of the newsletter and news, the RSS feeds, and the
subscription page of registered users."""

import datetime
from pathlib import Path

import feedparser
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from newsletter.models import Subscription
from tests.factories import UserFactory

from .factories import EditionFactory, IssueFactory, NewsFactory, issue_with_editions

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def test_archive_groups_issues_by_year_in_the_pages_language(client):
    issue_with_editions(number=1, date=datetime.date(1999, 9, 1))
    issue_with_editions(number=20, date=datetime.date(2008, 1, 1))
    only_french = IssueFactory(number=21, date=datetime.date(2008, 5, 1))
    EditionFactory(issue=only_french, language="fr", title="Seulement en français")
    issue_with_editions(number=22, is_published=False)

    french = client.get("/fr/newsletter/").content.decode()
    english = client.get("/en/newsletter/").content.decode()

    assert '<html lang="fr">' in french
    assert french.index('id="year-2008"') < french.index('id="year-1999"')
    assert "Numéro 20" in french and "Issue 20" not in french
    assert "Issue 20" in english and "Numéro 20" not in english
    assert "Seulement en français" in english  # the other edition, marked
    assert "Numéro 22" not in french and "Issue 22" not in english
    assert 'action="/fr/newsletter/subscribe/"' in french


def test_issue_page_shows_the_edition_and_links_to_the_other_one(client):
    issue_with_editions(number=30)

    french = client.get("/fr/newsletter/30/").content.decode()
    english = client.get("/en/newsletter/30/").content.decode()

    assert "<h1>Numéro 30</h1>" in french
    assert "<strong>mutuelles de santé</strong>" in french
    assert 'href="/en/newsletter/30/" hreflang="en"' in french
    assert "<h1>Issue 30</h1>" in english
    assert 'href="/fr/newsletter/30/" hreflang="fr"' in english


def test_issue_with_one_edition_shows_it_with_a_notice(client):
    EditionFactory(issue=IssueFactory(number=31), language="fr", title="Unique")

    english = client.get("/en/newsletter/31/").content.decode()

    assert "<h1>Unique</h1>" in english and 'class="notice"' in english
    assert 'id="other-edition"' not in english


def test_unpublished_or_unknown_issue_is_not_found(client):
    issue_with_editions(number=32, is_published=False)

    assert client.get("/fr/newsletter/32/").status_code == 404
    assert client.get("/fr/newsletter/999/").status_code == 404


def test_news_list_is_paginated_and_hides_drafts_and_future_items(client):
    NewsFactory.create_batch(21)
    NewsFactory(slug="draft", title_fr="Brouillon", published_at=None)
    NewsFactory(
        slug="later",
        title_fr="Plus tard",
        published_at=timezone.now() + datetime.timedelta(days=2),
    )

    first = client.get("/fr/news/")
    second = client.get("/fr/news/", {"page": 2})

    assert len(first.context["page"]) == 20 and len(second.context["page"]) == 1
    html = first.content.decode() + second.content.decode()
    assert "Brouillon" not in html and "Plus tard" not in html
    assert client.get("/fr/news/draft/").status_code == 404
    assert client.get("/fr/news/later/").status_code == 404


def test_news_page_renders_markdown_in_the_pages_language(client):
    NewsFactory(
        slug="atelier", body_fr="Un **atelier** à Dakar.", body_en="A *workshop*."
    )

    french = client.get("/fr/news/atelier/").content.decode()
    english = client.get("/en/news/atelier/").content.decode()

    assert "Un <strong>atelier</strong> à Dakar." in french
    assert "A <em>workshop</em>." in english


def test_news_slug_feed_is_reserved():
    news = NewsFactory.build(slug="feed")

    # In English whatever language an earlier test left active.
    with translation.override("en"), pytest.raises(Exception, match="reserved"):
        news.full_clean()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_rss_feed_parses_and_lists_the_published_news_of_its_language(client, language):
    call_command("loaddata", Path(settings.BASE_DIR) / "fixtures/newsletter.json")
    call_command("loaddata", Path(settings.BASE_DIR) / "fixtures/newsletter.json")
    NewsFactory(slug="fr-only", title_fr="Seulement en français", title_en="")
    NewsFactory(slug="en-only", title_fr="", title_en="English only")
    NewsFactory(slug="draft", title_fr="Brouillon", title_en="Draft", published_at=None)

    response = client.get(f"/{language}/news/feed/")
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert feed.bozo == 0
    assert feed.feed.language == language
    titles = [entry.title for entry in feed.entries]
    links = [entry.link for entry in feed.entries]
    if language == "fr":
        assert (
            "Togo : le CNCMUT achève à Tsévié sa tournée de sensibilisation" in titles
        )
        assert "Seulement en français" in titles and "English only" not in titles
    else:
        assert "Togo: CNCMUT ends its awareness tour in Tsévié" in titles
        assert "English only" in titles and "Seulement en français" not in titles
    assert "Brouillon" not in titles and "Draft" not in titles
    assert len(titles) == 4
    assert all(f"/{language}/news/" in link for link in links)
    entry = next(e for e in feed.entries if "Dakar" in e.title)
    assert "<strong>" in entry.summary


def test_news_fixture_loads_once_by_natural_key():
    path = Path(settings.BASE_DIR) / "fixtures/newsletter.json"
    call_command("loaddata", path)
    call_command("loaddata", path)

    from newsletter.models import News

    assert News.objects.count() == 3


def grow(n):
    for _ in range(n):
        issue_with_editions()
        NewsFactory()


@pytest.mark.parametrize(
    "url", ["/fr/newsletter/", "/en/newsletter/", "/fr/news/", "/en/news/"]
)
def test_list_pages_run_a_fixed_number_of_queries(client, url):
    grow(2)
    few = count_queries(client, url)
    grow(25)
    many = count_queries(client, url)

    assert few == many
    assert many <= 3


def test_detail_pages_run_a_fixed_number_of_queries(client):
    grow(2)
    issue = issue_with_editions(number=500)
    news = NewsFactory(slug="one")

    issue_queries = count_queries(client, issue.get_absolute_url())
    news_queries = count_queries(client, f"/fr/news/{news.slug}/")
    feed_queries = count_queries(client, "/fr/news/feed/")
    grow(25)

    assert count_queries(client, issue.get_absolute_url()) == issue_queries <= 2
    assert count_queries(client, f"/fr/news/{news.slug}/") == news_queries <= 1
    assert count_queries(client, "/fr/news/feed/") == feed_queries <= 1


def test_subscription_page_needs_a_login(client):
    response = client.get("/fr/newsletter/subscription/")

    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_registered_user_subscribes_at_once_and_chooses_flash_news(client):
    user = UserFactory(email="Awa@Example.sn", language="en")
    client.force_login(user)

    page = client.get("/en/newsletter/subscription/")
    saved = client.post(
        "/en/newsletter/subscription/", {"language": "fr", "flash_news": "on"}
    )

    assert page.context["form"].initial["language"] == "en"
    assert saved.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.email == "awa@example.sn"
    assert subscription.user == user and subscription.is_active
    assert subscription.language == "fr" and subscription.flash_news


def test_registered_user_takes_over_an_existing_subscription_and_leaves(client):
    user = UserFactory(email="kofi@example.gh")
    Subscription.objects.create(email="kofi@example.gh", language="en")
    client.force_login(user)

    client.post("/fr/newsletter/subscription/", {"language": "en"})
    client.post("/fr/newsletter/subscription/cancel/")

    subscription = Subscription.objects.get()
    assert subscription.user == user
    assert subscription.unsubscribed_at is not None


def test_subscription_form_refuses_a_bad_address(client):
    response = client.post(
        "/fr/newsletter/subscribe/", {"email": "not an address", "language": "fr"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert not Subscription.objects.exists()
