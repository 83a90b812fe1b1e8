"""The French catalogue is complete, and its words agree with the nouns they
qualify.

French adjectives and past participles take the gender of their noun
(« l'actualité publiée », « l'événement publié »). A sentence whose words
depend on the model it speaks of has that model's English name as its
translation context (pgettext); NOUNS says the gender of each, and the tests
below check every such entry, the model names themselves, and what the admin
shows for each model.
"""

import re
from html import unescape
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.utils import translation

from concertation.admin_phrases import PHRASES
from newsletter.models import News
from tests.factories import YearlyRecordFactory
from tests.forum.factories import EventFactory
from tests.newsletter.factories import (
    NewsFactory,
    SubscriptionFactory,
    issue_with_editions,
)
from tests.resources.factories import ResourceFactory, ThemeFactory

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
OUR_APPS = {"concertation", "organizations", "inventory", "newsletter", "forum"}
OUR_APPS |= {"resources", "opendata", "editions"}

F, M = "feminine", "masculine"

# English name of the noun (a model's verbose_name, or the plural for counts)
# -> French singular, French plural, gender.
NOUNS = {
    "group": ("groupe", "groupes", M),
    "access attempt": ("tentative de connexion", "tentatives de connexion", F),
    "access log": ("connexion", "connexions", F),
    "access failure": ("échec de connexion", "échecs de connexion", M),
    "user": ("utilisateur", "utilisateurs", M),
    "country": ("pays", "pays", M),
    "organization": ("organisation", "organisations", F),
    "focal point": ("point focal", "points focaux", M),
    "national concertation committee": (
        "comité national de concertation",
        "comités nationaux de concertation",
        M,
    ),
    "governance role": ("rôle dans la gouvernance", "rôles dans la gouvernance", M),
    "mutual health organization": ("mutuelle de santé", "mutuelles de santé", F),
    "version of a mutual health organization": (
        "version d'une mutuelle de santé",
        "versions de mutuelles de santé",
        F,
    ),
    "MHO manager": ("gestionnaire de mutuelle", "gestionnaires de mutuelles", M),
    "support-organization delegate": (
        "délégué d'une structure d'appui",
        "délégués de structures d'appui",
        M,
    ),
    "access request": ("demande", "demandes", F),
    "campaign": ("campagne", "campagnes", F),
    "campaign reminder": ("rappel de campagne", "rappels de campagne", M),
    "data files build": (
        "génération des fichiers de données",
        "générations des fichiers de données",
        F,
    ),
    "yearly record": ("fiche annuelle", "fiches annuelles", F),
    "version of a yearly record": (
        "version d'une fiche annuelle",
        "versions de fiches annuelles",
        F,
    ),
    "synthesis row": ("ligne de synthèse", "lignes de synthèse", F),
    "synthesis to rebuild": ("synthèse à recalculer", "synthèse à recalculer", F),
    "newsletter issue": (
        "numéro de la lettre d'information",
        "numéros de la lettre d'information",
        M,
    ),
    "edition": ("édition", "éditions", F),
    "reference figure": ("chiffre de référence", "chiffres de référence", M),
    "news item": ("actualité", "actualités", F),
    "subscription": ("abonnement", "abonnements", M),
    "dispatch": ("envoi", "envois", M),
    "delivery": ("envoi individuel", "envois individuels", M),
    "event": ("événement", "événements", M),
    "forum edition": ("édition du forum", "éditions du forum", F),
    "proceedings document": ("document des actes", "documents des actes", M),
    "theme": ("thème", "thèmes", M),
    "resource": ("ressource", "ressources", F),
    "mail": ("courriel", "courriels", M),
    "record of an edition": ("fiche d'une édition", "fiches d'une édition", F),
    "synthesis row of an edition": (
        "ligne de synthèse d'une édition",
        "lignes de synthèse d'une édition",
        F,
    ),
    "change in an edition": (
        "changement d'une édition",
        "changements d'une édition",
        M,
    ),
}
# Counts of a model's rows: the context is the English plural.
PLURAL_NOUNS = {"deliveries": "delivery", "number of mails": "mail"}
# Contexts that tell two meanings apart, with nothing to agree with.
CONTEXTS_WITHOUT_AGREEMENT = {"year", "care covered", "moderation status", "map figure"}

# Past participles and adjectives that agree: the stem, then é / ée / és / ées.
_STEMS = (
    "publi|rejet|approuv|sélectionn|valid|envoy|cré|modifi|supprim|enregistr|"
    "propos|renvoy|vérifi|confirm|ajout|désabonn|abonn|réserv|annul|termin|"
    "commenc|décid|demand|modér|calcul|génér|transmis|recouvr|pay|reç"
)
PARTICIPLE = re.compile(rf"\b(?:{_STEMS})(é|ée|és|ées|u|ue|us|ues)\b", re.IGNORECASE)
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def entries():
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def disagreements(text: str, gender: str, *, plural: bool | None = None):
    """The agreeing words of ``text`` whose gender (or number) is not that of
    the noun."""
    wrong = []
    for match in PARTICIPLE.finditer(text):
        ending = match.group(1).lower()
        feminine = ending.startswith(("ée", "ue"))
        wrong_number = plural is not None and ending.endswith("s") != plural
        if feminine != (gender == F) or wrong_number:
            wrong.append(match.group(0))
    return wrong


def noun_of_context(context: str):
    """(French singular, plural, gender, is plural) of a context, or None."""
    if context in PLURAL_NOUNS:
        return (*NOUNS[PLURAL_NOUNS[context]], True)
    if context in NOUNS:
        return (*NOUNS[context], False)
    return None


def test_no_entry_is_empty_or_fuzzy():
    unfinished = [
        (entry.msgctxt, entry.msgid)
        for entry in entries()
        if "fuzzy" in entry.flags or not entry.translated()
    ]

    assert unfinished == []


def test_placeholders_are_the_same_in_french():
    wrong = []
    for entry in entries():
        if entry.msgid_plural:
            allowed = (placeholders(entry.msgid), placeholders(entry.msgid_plural))
            for text in entry.msgstr_plural.values():
                if placeholders(text) not in allowed:
                    wrong.append((entry.msgid, text))
        elif placeholders(entry.msgid) != placeholders(entry.msgstr):
            wrong.append((entry.msgid, entry.msgstr))

    assert wrong == []


def test_every_context_names_a_known_noun_or_no_noun():
    unknown = {
        entry.msgctxt
        for entry in entries()
        if entry.msgctxt
        and noun_of_context(entry.msgctxt) is None
        and entry.msgctxt not in CONTEXTS_WITHOUT_AGREEMENT
    }

    assert unknown == set(), "add each context to NOUNS with its French gender"


def test_words_agree_with_the_noun_their_context_names():
    wrong = []
    for entry in entries():
        noun = noun_of_context(entry.msgctxt or "")
        if noun is None:
            continue
        _singular, _plural, gender, plural = noun
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        for text in texts:
            found = disagreements(text, gender, plural=True if plural else None)
            if found:
                wrong.append((entry.msgctxt, entry.msgid, text, found))

    assert wrong == []


def test_words_agree_in_entries_that_name_a_model():
    """Without a context: a model's noun followed closely by an agreeing word
    agrees with it, e.g. « Publier les ressources sélectionnées », « %(count)d
    événement publié »."""
    wrong = []
    for entry in entries():
        if entry.msgctxt:
            continue
        for english, (singular, plural, gender) in NOUNS.items():
            if english.lower() not in entry.msgid.lower():
                continue
            for name, is_plural in ((singular, False), (plural, True)):
                # The noun as the head of its phrase: after an article or a
                # count ("des mutuelles" is a complement of another noun).
                after = re.compile(
                    rf"(?:^|\b(?:les|la|le|un|une|ces|cette|ce|cet)\s+|l'|%\(\w+\)[ds]\s+)"
                    rf"{re.escape(name)}\s+((?:[\w%()']+\s+){{0,2}}?\w+)",
                    re.IGNORECASE,
                )
                for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                    for match in after.finditer(text):
                        number = is_plural if singular != plural else None
                        found = disagreements(match.group(1), gender, plural=number)
                        if found:
                            wrong.append((entry.msgid, text, found))

    assert wrong == []


def our_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        or model in admin.site._registry  # the libraries' models we show
    ]


def test_every_model_name_is_in_french_and_in_the_gender_table():
    translated = {
        (entry.msgctxt, entry.msgid): entry.msgstr
        for entry in entries()
        if not entry.msgid_plural
    }
    wrong = []
    for model in our_models():
        with translation.override("en"):
            english = str(model._meta.verbose_name)
            english_plural = str(model._meta.verbose_name_plural)
        with translation.override("fr"):
            french = str(model._meta.verbose_name)
            french_plural = str(model._meta.verbose_name_plural)
        assert english in NOUNS, f"{model._meta.label}: add {english!r} to NOUNS"
        singular, plural, _gender = NOUNS[english]
        if (french, french_plural) != (singular, plural):
            wrong.append((model._meta.label, french, french_plural))
        if model._meta.app_label in OUR_APPS:
            for name in (english, english_plural):
                if not translated.get((None, name)):
                    wrong.append((model._meta.label, name, "not in the catalogue"))

    assert wrong == []


def test_every_admin_model_has_its_own_sentences():
    registered = {model._meta.label_lower for model in admin.site._registry}

    assert registered <= set(PHRASES)


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        email="secretariat@example.sn", password="not-used-here"
    )
    client.force_login(user)
    return client


@pytest.fixture
def rows(network):
    """A row in the lists the secretariat works with, so that their pages
    show the action menu (Django hides it on an empty list)."""
    issue_with_editions()
    NewsFactory()
    SubscriptionFactory()
    EventFactory()
    ResourceFactory(themes=[ThemeFactory()])
    YearlyRecordFactory()


ACTION_OPTION = re.compile(r'<option value="(\w+)">([^<]*)</option>')
# The admin's own add button (a list may style another link the same way).
ADD_LINK = re.compile(r'<a href="[^"]*/add/[^"]*" class="addlink">\s*([^<]*?)\s*</a>')


@pytest.mark.django_db
def test_admin_lists_speak_of_each_model_with_the_right_gender(superuser_client, rows):
    """The French list page of every model: the actions (« Supprimer les
    actualités sélectionnées ») and the add button (« Ajouter une
    actualité ») agree with the model's noun. An empty list shows no action
    menu: its actions are checked as the admin would list them."""
    menus = 0
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        with translation.override("en"):
            singular, plural, gender = NOUNS[str(opts.verbose_name)]
        url = f"/fr/admin/{opts.app_label}/{opts.model_name}/"
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        html = unescape(response.content.decode())

        actions = dict(ACTION_OPTION.findall(html))
        if actions:
            menus += 1
        else:
            with translation.override("fr"):
                choices = model_admin.get_action_choices(response.wsgi_request, [])
            actions = {name: str(label) for name, label in choices}
        if model_admin.has_delete_permission(response.wsgi_request):
            assert actions["delete_selected"] == f"Supprimer les {plural} " + (
                "sélectionnées" if gender == F else "sélectionnés"
            ), url
        for label in actions.values():
            assert disagreements(label, gender) == [], (url, label)
        add = ADD_LINK.search(html)
        if add:
            article = "une" if gender == F else "un"
            assert add.group(1) == f"Ajouter {article} {singular}", url
            page = unescape(superuser_client.get(f"{url}add/").content.decode())
            assert f"<h1>Ajouter {article} {singular}</h1>" in page, url

    assert menus >= 10  # the lists with rows did show their menu


@pytest.mark.django_db
def test_news_and_event_admin_pages_read_as_a_secretary_expects(superuser_client, rows):
    news = superuser_client.get("/fr/admin/newsletter/news/").content.decode()
    events = superuser_client.get("/fr/admin/forum/event/").content.decode()

    assert ">Supprimer les actualités sélectionnées<" in news
    assert "Ajouter une actualité" in news
    assert ">Supprimer les événements sélectionnés<" in events
    assert "Ajouter un événement" in events
    assert "sélectionnés" not in news and "Ajouter actualité" not in news
    item = News.objects.first()
    change = superuser_client.get(f"/fr/admin/newsletter/news/{item.pk}/change/")
    assert "<h1>Modifier : actualité</h1>" in change.content.decode()
