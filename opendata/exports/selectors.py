"""Reads for the /data/ pages: the build being served, the files it made, and
the records behind the inventory list's "download these rows"."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.models import YearlyRecord
from opendata.models.exports import DataBuild

from .citation import Citation
from .dictionary import dictionary


@dataclass(frozen=True)
class Download:
    """One file of the data page and of the download views."""

    name: str  # as built in the data folder, and its URL under /data/
    url_name: str
    content_type: str
    download_name: str  # with {version}, the build's identifier
    description: str
    attachment: bool = True

    @property
    def url(self) -> str:
        return reverse(f"data:{self.url_name}")

    def filename(self, build: DataBuild) -> str:
        return self.download_name.format(version=build.identifier)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
DOWNLOADS = {
    download.name: download
    for download in [
        Download("inventory.csv", "inventory_csv", CSV,
                 "concertation-inventory-{version}.csv",
                 _("Every validated yearly record with its mutual's identity.")),
        Download("inventory.xlsx", "inventory_xlsx", XLSX,
                 "concertation-inventory-{version}.xlsx",
                 _("An Excel workbook: the same records, the mutuals, the "
                   "organizations, the synthesis, the data dictionary and how "
                   "to cite.")),
        Download("synthesis.csv", "synthesis_csv", CSV,
                 "concertation-synthesis-{version}.csv",
                 _("Synthesis per country and year, and for all Africa.")),
        Download("organizations.csv", "organizations_csv", CSV,
                 "concertation-organizations-{version}.csv",
                 _("The organizations the records name by their identifier: "
                   "support organizations, unions, federations and networks.")),
        # Inline, so that tools and browsers read it where it is.
        Download("datapackage.json", "datapackage", "application/json",
                 "concertation-datapackage-{version}.json",
                 _("Description of the files for software (Frictionless Data "
                   "Package)."),
                 attachment=False),
    ]
}  # fmt: skip


def data_latest_build() -> DataBuild | None:
    """The newest build that finished: the one whose files are served."""
    return (
        DataBuild.objects.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .first()
    )


def build_date(build: DataBuild):
    """The date of the data in a build (its start), in the portal's time zone."""
    return timezone.localdate(build.started_at)


def build_citation(build: DataBuild) -> Citation:
    return Citation(
        built_on=build_date(build),
        identifier=build.identifier,
        records=build.records,
        mhos=build.mhos,
        has_demo=build.has_demo,
    )


@dataclass(frozen=True)
class FileLink:
    download: Download
    size: int | None


def data_files(build: DataBuild | None) -> list[FileLink]:
    files = build.files if build else {}
    return [
        FileLink(download, (files.get(name) or {}).get("bytes"))
        for name, download in DOWNLOADS.items()
    ]


def records_of_mho_filter(*, mhos: QuerySet, year: int | None) -> QuerySet:
    """The public records of ``year`` of the MHOs an inventory filter kept:
    the rows the list shows with figures."""
    if year is None:
        return YearlyRecord.objects.none()
    return YearlyRecord.objects.public().filter(
        year=year, mho__in=mhos.order_by().values("pk")
    )


TYPE_LABELS = {
    "string": _("text"),
    "integer": _("whole number"),
    "number": _("decimal number"),
    "boolean": _("true or false"),
    "datetime": _("date and time"),
}
SHEET_TITLES = {
    "records": _("Yearly records: inventory.csv and the records sheet"),
    "mhos": _("Mutuals: the mhos sheet"),
    "organizations": _("Organizations: organizations.csv and the organizations sheet"),
    "synthesis": _("Synthesis: synthesis.csv and the synthesis sheet"),
}


@dataclass(frozen=True)
class DictionaryEntry:
    name: str
    type: str
    unit: str
    definition_fr: str
    definition_en: str


def data_dictionary(language: str) -> list[tuple[str, str, list[DictionaryEntry]]]:
    """(sheet, title, entries) for the data page, units in ``language``."""
    return [
        (
            sheet,
            SHEET_TITLES[sheet],
            [
                DictionaryEntry(
                    name=column.name,
                    type=TYPE_LABELS[column.type],
                    unit=column.unit(language),
                    definition_fr=column.definition_fr,
                    definition_en=column.definition_en,
                )
                for column in columns
            ],
        )
        for sheet, columns in dictionary()
    ]
