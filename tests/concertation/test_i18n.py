"""The French and English catalogs are complete and compiled."""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalog_has_no_untranslated_or_fuzzy_entry(language):
    catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))

    assert len(catalog) > 100
    assert [entry.msgid for entry in catalog.untranslated_entries()] == []
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_compiled_catalog_matches_its_source(language):
    directory = LOCALE / language / "LC_MESSAGES"
    catalog = polib.pofile(str(directory / "django.po"))
    with open(directory / "django.mo", "rb") as compiled_file:
        compiled = gettext.GNUTranslations(compiled_file)

    stale = []
    for entry in catalog.translated_entries():
        if entry.msgid_plural:
            got = (
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)
                if entry.msgctxt
                else compiled.ngettext(entry.msgid, entry.msgid_plural, 2)
            )
            expected = entry.msgstr_plural[1]
        else:
            got = (
                compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else compiled.gettext(entry.msgid)
            )
            expected = entry.msgstr
        if got != expected:
            stale.append(entry.msgid)
    assert stale == [], "run `make messages` to recompile"


TRANSLATE_TAG = re.compile(r"""{% translate (["'])(.+?)\1""")
GETTEXT_CALL = re.compile(r"""\b_\(\s*"((?:[^"\\]|\\.)+)"\s*\)""")


def test_every_translatable_string_is_in_the_catalog():
    """A string added without `make messages` fails here."""
    known = {
        entry.msgid
        for entry in polib.pofile(str(LOCALE / "fr" / "LC_MESSAGES" / "django.po"))
    }
    base = Path(settings.BASE_DIR)
    found = set()
    for template in (base / "templates").rglob("*"):
        if template.suffix in {".html", ".txt"}:
            found |= {match[1] for match in TRANSLATE_TAG.findall(template.read_text())}
    for module in base.glob("*/*.py"):
        if module.parts[-2] not in {".venv", "tests"}:
            found |= set(GETTEXT_CALL.findall(module.read_text()))

    assert len(found) > 50
    assert sorted(found - known) == []


@pytest.mark.django_db
def test_language_switcher_keeps_the_page_and_its_filters(client):
    response = client.get("/fr/organizations/", {"country": "ML", "kind": "ngo"})
    html = response.content.decode()

    assert 'href="/en/organizations/?country=ML&amp;kind=ngo"' in html
    assert 'hreflang="en"' in html
