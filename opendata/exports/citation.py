"""How to cite the open data, and its licence: the same words on the /data/
page, in the citation sheet of inventory.xlsx and in datapackage.json.

The files are bilingual, so both languages are written here rather than
through the translation catalogs (like the data dictionary).
"""

import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse

PUBLISHER = {
    "en": "Concertation between actors in the development of mutual health "
    "organizations in Africa",
    "fr": "Concertation entre les acteurs du développement des mutuelles de santé "
    "en Afrique",
}
TITLE = {
    "en": "Inventory of mutual health organizations in Africa",
    "fr": "Inventaire des mutuelles de santé en Afrique",
}
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
_TEXT = {
    "en": "{publisher} ({year}). {title} [data set], version {version} "
    "(built on {date}), {records} validated yearly records of {mhos} mutuals. "
    "{url}. Licence CC BY 4.0.",
    "fr": "{publisher} ({year}). {title} [jeu de données], version {version} "
    "(construite le {date}), {records} enregistrements annuels validés de "
    "{mhos} mutuelles. {url}. Licence CC BY 4.0.",
}
_DEMO = {
    "en": "These files include demonstration data (is_demo = true): generated "
    "to test the portal, not real figures. Leave them out of any analysis.",
    "fr": "Ces fichiers contiennent des données de démonstration (is_demo = "
    "true) : générées pour tester le portail, ce ne sont pas des chiffres "
    "réels. Ne les utilisez pas dans vos analyses.",
}


def data_page_url() -> str:
    return settings.SITE_URL + reverse("data:home")


@dataclass(frozen=True)
class Citation:
    """The citation of one build of the files; ``identifier`` is the build's
    (see opendata.exports.build), its version in every citation."""

    built_on: date
    identifier: str
    records: int
    mhos: int
    has_demo: bool = False

    publisher_en = PUBLISHER["en"]
    title_en = TITLE["en"]

    @property
    def url(self) -> str:
        return data_page_url()

    def text(self, language: str) -> str:
        language = "fr" if language == "fr" else "en"
        separator = "\u00a0" if language == "fr" else ","
        return _TEXT[language].format(
            publisher=PUBLISHER[language],
            year=self.built_on.year,
            title=TITLE[language],
            version=self.identifier,
            date=self.built_on.isoformat(),
            records=f"{self.records:,}".replace(",", separator),
            mhos=f"{self.mhos:,}".replace(",", separator),
            url=self.url,
        )

    @property
    def bibtex_key(self) -> str:
        """Letters, digits and underscores only: every BibTeX tool reads it."""
        return "concertation_inventory_" + re.sub(r"\W", "_", self.identifier)

    def bibtex(self) -> str:
        key = self.bibtex_key
        return (
            f"@misc{{{key},\n"
            f"  author = {{{{{PUBLISHER['en']}}}}},\n"
            f"  title = {{Inventory of mutual health organizations in {{Africa}}}},\n"
            f"  year = {{{self.built_on.year}}},\n"
            f"  version = {{{self.identifier}}},\n"
            f"  note = {{Data set, {self.records} validated yearly records of "
            f"{self.mhos} mutuals. Licence CC BY 4.0}},\n"
            f"  url = {{{self.url}}},\n"
            f"}}"
        )

    def demo_notice(self, language: str) -> str:
        return _DEMO["fr" if language == "fr" else "en"] if self.has_demo else ""

    def lines(self) -> list[tuple[str, str]]:
        """(label, text) rows of the citation sheet."""
        lines = [
            ("Citation (English)", self.text("en")),
            ("Citation (français)", self.text("fr")),
            ("BibTeX", self.bibtex()),
            ("Licence", f"{LICENSE['title']} ({LICENSE['name']}): {LICENSE['path']}"),
            ("Version", self.identifier),
            ("Built on / construit le", self.built_on.isoformat()),
            ("Records / enregistrements", str(self.records)),
            ("Data dictionary / dictionnaire", self.url),
        ]
        if self.has_demo:
            lines.insert(0, ("Demonstration data", self.demo_notice("en")))
            lines.insert(1, ("Données de démonstration", self.demo_notice("fr")))
        return lines
