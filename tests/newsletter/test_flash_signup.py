"""The public sign-up form offers flash news too: the choice is confirmed
from the mail like the rest, then flash news reach the address."""

import re

import pytest
from pytest_django.asserts import assertContains

from newsletter import services
from newsletter.models import Subscription

from .factories import NewsFactory, SubscriptionFactory
from .test_mail_flow import TEST_SERVER, confirm_link, path_of

pytestmark = pytest.mark.django_db


def subscribe(client, email, language, *, flash_news):
    data = {"email": email, "language": language}
    if flash_news:
        data["flash_news"] = "on"
    return client.post(f"/{language}/newsletter/subscribe/", data)


def publish_flash(captured, **fields):
    news = NewsFactory(published_at=None, is_flash=True, **fields)
    with captured(execute=True):
        services.news_publish(news=news)
    return news


@pytest.mark.parametrize("url", ["/fr/newsletter/", "/fr/newsletter/subscribe/"])
def test_public_sign_up_form_offers_flash_news_unticked(client, url):
    response = client.get(url)

    assertContains(
        response,
        '<input type="checkbox" name="flash_news" id="id_flash_news"'
        ' aria-describedby="id_flash_news_helptext">',
        html=True,
    )
    html = response.content.decode()
    # The box inside its label, so a tap on the words ticks it.
    assert re.search(
        r'<label for="id_flash_news"><input type="checkbox" name="flash_news"[^>]*>'
        r"\s*M&#x27;envoyer aussi les flash infos</label>",
        html,
    )


def test_visitor_who_ticks_flash_news_confirms_and_receives_them(
    client, smtp_server, smtp_handler, django_capture_on_commit_callbacks
):
    assert subscribe(client, "awa@example.sn", "fr", flash_news=True).status_code == 200
    (confirmation,) = smtp_handler.to("awa@example.sn")
    assert "flash infos seront aussi envoyées" in confirmation.text
    # Nothing is granted before the link is opened.
    assert not Subscription.objects.get().flash_news
    link = confirm_link(smtp_handler, "awa@example.sn")

    page = client.get(link).content.decode()
    assert "Flash infos : oui" in page
    done = client.post(link).content.decode()
    assert "Vous recevrez aussi les flash infos" in done
    news = publish_flash(django_capture_on_commit_callbacks, title_fr="Loi votée")

    subscription = Subscription.objects.get()
    assert subscription.is_active and subscription.flash_news
    assert subscription.user is None
    flash = smtp_handler.to("awa@example.sn")[-1]
    assert news.title_fr in flash.message["Subject"]
    assert flash.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_visitor_who_leaves_flash_news_unticked_receives_none(
    client, smtp_server, smtp_handler, django_capture_on_commit_callbacks
):
    subscribe(client, "kofi@example.gh", "en", flash_news=False)
    (confirmation,) = smtp_handler.to("kofi@example.gh")
    assert "Flash news will be sent" not in confirmation.text
    link = confirm_link(smtp_handler, "kofi@example.gh")
    assert "You will not receive flash news." in client.post(link).content.decode()

    publish_flash(django_capture_on_commit_callbacks)

    assert len(smtp_handler.to("kofi@example.gh")) == 1  # the confirmation only


def test_adding_flash_news_to_an_active_address_waits_for_its_confirmation(
    client, smtp_server, smtp_handler, django_capture_on_commit_callbacks
):
    SubscriptionFactory(email="moussa@example.ml", language="fr", flash_news=False)

    subscribe(client, "moussa@example.ml", "fr", flash_news=True)
    publish_flash(django_capture_on_commit_callbacks)

    # A stranger typing the address changes nothing: only a confirmation goes.
    (confirmation,) = smtp_handler.to("moussa@example.ml")
    assert "confirm" in confirmation.message["Subject"].lower()
    assert not Subscription.objects.get().flash_news
    link = path_of(confirmation.links()[0], TEST_SERVER)
    assert client.post(link).status_code == 200
    assert Subscription.objects.get().flash_news


def test_active_address_asking_again_for_the_same_choices_gets_no_mail(
    client, smtp_server, smtp_handler
):
    SubscriptionFactory(email="awa@example.sn", language="fr", flash_news=True)

    subscribe(client, "awa@example.sn", "fr", flash_news=True)

    assert len(smtp_handler) == 0
