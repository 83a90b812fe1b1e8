"""How to cite an edition, in French and English: the text, BibTeX, RIS and
CSL-JSON, and its metadata as DataCite JSON (schema 4.5) for a DOI registrar.

Each gives the edition's identifier, its publication date and its stable
address; once the secretariat has recorded the DOI the registrar gave, every
form gives it too. Like the live files' citation, both languages are written
here rather than through the catalogs: they are data, cited as written.
"""

import json
import re

from opendata.exports.citation import LICENSE, PUBLISHER

from .files import FILE_NAMES, edition_address
from .models import Edition

TITLE = {
    "fr": "Inventaire des mutuelles de santé — édition {year}",
    "en": "Inventory of mutual health organizations — {year} edition",
}
_TEXT = {
    "fr": "{publisher} ({year}). {title} [jeu de données], édition {identifier}, "
    "publiée le {date}. {where}. Licence CC BY 4.0.",
    "en": "{publisher} ({year}). {title} [data set], edition {identifier}, "
    "published on {date}. {where}. Licence CC BY 4.0.",
}


KIND = {"fr": "Jeu de données", "en": "Data set"}


def edition_titles(year: int) -> dict[str, str]:
    return {language: text.format(year=year) for language, text in TITLE.items()}


def _language(language: str) -> str:
    return "fr" if language == "fr" else "en"


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


class EditionCitation:
    """Every form of the citation of one edition."""

    def __init__(self, edition: Edition):
        self.edition = edition
        self.address = edition_address(edition.identifier)
        self.published_on = edition.published_at.date()

    @property
    def key(self) -> str:
        return "concertation_inventory_" + re.sub(r"\W", "_", self.edition.identifier)

    def text(self, language: str) -> str:
        language = _language(language)
        doi = self.edition.doi
        where = f"{self.address}. https://doi.org/{doi}" if doi else self.address
        return _TEXT[language].format(
            publisher=PUBLISHER[language],
            year=self.published_on.year,
            title=self.edition.title(language),
            identifier=self.edition.identifier,
            date=self.published_on.isoformat(),
            where=where,
        )

    def bibtex(self, language: str = "en") -> str:
        language = _language(language)
        lines = [
            f"@misc{{{self.key},",
            f"  author = {{{{{PUBLISHER[language]}}}}},",
            f"  title = {{{{{self.edition.title(language)}}}}},",
            f"  year = {{{self.published_on.year}}},",
            f"  date = {{{self.published_on.isoformat()}}},",
            f"  version = {{{self.edition.identifier}}},",
            f"  howpublished = {{{KIND[language]}}},",
            f"  url = {{{self.address}}},",
        ]
        if self.edition.doi:
            lines.append(f"  doi = {{{self.edition.doi}}},")
        lines.append(f"  note = {{{LICENSE['title']}}},")
        lines.append("}")
        return "\n".join(lines)

    def ris(self, language: str = "en") -> str:
        language = _language(language)
        tags = [
            ("TY", "DATA"),
            ("AU", PUBLISHER[language]),
            ("TI", self.edition.title(language)),
            ("PY", str(self.published_on.year)),
            ("DA", self.published_on.strftime("%Y/%m/%d")),
            ("ET", self.edition.identifier),
            ("PB", PUBLISHER[language]),
            ("LA", language),
            ("UR", self.address),
        ]
        if self.edition.doi:
            tags.append(("DO", self.edition.doi))
        tags.append(("ER", ""))
        return "".join(f"{tag}  - {value}".rstrip() + "\r\n" for tag, value in tags)

    def csl(self, language: str = "en") -> dict:
        language = _language(language)
        item = {
            "id": self.key,
            "type": "dataset",
            "title": self.edition.title(language),
            "author": [{"literal": PUBLISHER[language]}],
            "publisher": PUBLISHER[language],
            "issued": {"date-parts": [list(self.published_on.timetuple()[:3])]},
            "version": self.edition.identifier,
            "URL": self.address,
            "language": language,
        }
        if self.edition.doi:
            item["DOI"] = self.edition.doi
        return item

    def csl_json(self, language: str = "en") -> str:
        return json.dumps([self.csl(language)], ensure_ascii=False, indent=2)

    def datacite(self) -> dict:
        """The edition's metadata in DataCite JSON, schema 4.5."""
        edition = self.edition
        metadata = {
            "schemaVersion": "http://datacite.org/schema/kernel-4",
            "url": self.address,
            "types": {
                "resourceTypeGeneral": "Dataset",
                "resourceType": "Inventory of mutual health organizations",
            },
            "creators": [{"name": PUBLISHER["fr"], "nameType": "Organizational"}],
            "titles": [
                {"title": edition.title_fr, "lang": "fr"},
                {"title": edition.title_en, "lang": "en"},
            ],
            "publisher": {"name": PUBLISHER["fr"], "lang": "fr"},
            "publicationYear": str(self.published_on.year),
            "dates": [{"date": self.published_on.isoformat(), "dateType": "Issued"}],
            "language": "fr",
            "version": edition.identifier,
            "alternateIdentifiers": [
                {"alternateIdentifier": self.address, "alternateIdentifierType": "URL"}
            ],
            "rightsList": [
                {
                    "rights": LICENSE["title"],
                    "rightsUri": LICENSE["path"],
                    "rightsIdentifier": "cc-by-4.0",
                    "rightsIdentifierScheme": "SPDX",
                }
            ],
            "formats": [
                "text/csv",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/json",
            ],
            "sizes": [
                f"{edition.records} records",
                *(
                    f"{name}: {edition.files[name]['bytes']} bytes"
                    for name in FILE_NAMES
                    if name in edition.files
                ),
            ],
            "descriptions": [
                {
                    "description": "Mutual health organizations in Africa known "
                    "to the Concertation network and their yearly figures "
                    "validated by the country focal points, with per-country "
                    f"synthesis tables, frozen as edition {edition.identifier}.",
                    "descriptionType": "Abstract",
                    "lang": "en",
                }
            ],
        }
        if edition.doi:
            metadata["doi"] = edition.doi
        if edition.withdrawn_at:
            metadata["dates"].append(
                {
                    "date": edition.withdrawn_at.date().isoformat(),
                    "dateType": "Withdrawn",
                    "dateInformation": edition.withdrawal_reason,
                }
            )
        related = self._related()
        if related:
            metadata["relatedIdentifiers"] = related
        return metadata

    def _related(self) -> list[dict]:
        related = []
        supersedes = self.edition.supersedes
        if supersedes is not None:
            related.append(
                {
                    "relatedIdentifier": supersedes.doi
                    or edition_address(supersedes.identifier),
                    "relatedIdentifierType": "DOI" if supersedes.doi else "URL",
                    "relationType": "Obsoletes",
                }
            )
        return related
