"""datapackage.json: the Frictionless Data Package describing the files, so
that tools (frictionless, pandas users, data portals) read them with the right
types. https://specs.frictionlessdata.io/data-package/"""

import json
from datetime import datetime

from .citation import LICENSE, PUBLISHER, TITLE, Citation
from .columns import MHO_COLUMNS, RECORD_COLUMNS, Column
from .columns_organizations import ORGANIZATION_COLUMNS
from .columns_synthesis import SYNTHESIS_COLUMNS

CSV_DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def schema_field(column: Column) -> dict:
    field = {
        "name": column.name,
        "type": column.type,
        "description": column.definition_en,
        "description_fr": column.definition_fr,
    }
    if column.unit_en:
        field["unit"] = column.unit_en
    if column.type == "boolean":
        field.update(trueValues=["true"], falseValues=["false"])
    if column.choices:
        field["constraints"] = {"enum": list(column.choices)}
    return field


def _schema(columns: list[Column], **extra) -> dict:
    return {
        "fields": [schema_field(column) for column in columns],
        "missingValues": [""],
        **extra,
    }


def _sheet_dialect(sheet: str) -> dict:
    """A sheet of the workbook, said the way of the Table Dialect of Data
    Package v2 (sheetName) and the way frictionless-py reads (excel.sheet)."""
    return {"header": True, "sheetName": sheet, "excel": {"sheet": sheet}}


# The records and the MHOs name their network by its directory identifier.
NETWORK_KEY = {
    "fields": "network",
    "reference": {"resource": "organizations", "fields": "organization_slug"},
}


def _resource(name: str, path: str, files: dict, **extra) -> dict:
    info = files[path]
    file_format = path.rsplit(".", 1)[1]
    resource = {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "format": file_format,
        "mediatype": MEDIA_TYPES[file_format],
        "bytes": info["bytes"],
        "hash": f"sha256:{info['sha256']}",
    }
    if file_format == "csv":
        resource["encoding"] = "utf-8"
    return {**resource, **extra}


def datapackage(*, citation: Citation, built_at: datetime, files: dict) -> dict:
    """The package of a build; ``files`` maps each file name to its ``bytes``
    and ``sha256``."""
    description = (
        "Mutual health organizations (MHOs) in Africa known to the Concertation "
        "network and their yearly figures validated by the country focal "
        "points, with per-country synthesis tables. Free to reuse on condition "
        "of citing the source: " + citation.text("en")
    )
    if citation.has_demo:
        description += " " + citation.demo_notice("en")
    return {
        "profile": "tabular-data-package",
        "name": "concertation-mho-inventory",
        "title": TITLE["en"],
        "title_fr": TITLE["fr"],
        "description": description,
        "homepage": citation.url,
        "version": citation.identifier,
        "created": built_at.isoformat(timespec="seconds"),
        "licenses": [LICENSE],
        "contributors": [{"title": PUBLISHER["en"], "role": "publisher"}],
        "citation": {
            "en": citation.text("en"),
            "fr": citation.text("fr"),
            "bibtex": citation.bibtex(),
        },
        "includes_demo_data": citation.has_demo,
        "resources": _resources(files),
    }


def _resources(files: dict) -> list[dict]:
    return [
        _resource(
            "inventory",
            "inventory.csv",
            files,
            title="Validated yearly records with their MHO's identity",
            dialect=CSV_DIALECT,
            schema=_schema(
                RECORD_COLUMNS,
                primaryKey=["mho_code", "year"],
                foreignKeys=[NETWORK_KEY],
            ),
        ),
        _resource(
            "synthesis",
            "synthesis.csv",
            files,
            title="Synthesis per country and year, and for all Africa",
            dialect=CSV_DIALECT,
            schema=_schema(SYNTHESIS_COLUMNS),
        ),
        _resource(
            "organizations",
            "organizations.csv",
            files,
            title="Directory of the organizations the records name: support "
            "organizations, unions, federations and networks",
            dialect=CSV_DIALECT,
            schema=_schema(ORGANIZATION_COLUMNS, primaryKey=["organization_slug"]),
        ),
        _resource(
            "inventory-workbook",
            "inventory.xlsx",
            files,
            title="The same records in a workbook",
            description="Sheets: records (described here, the columns of "
            "inventory.csv), mhos (the resource mhos), organizations (the "
            "columns of organizations.csv), synthesis (the columns of "
            "synthesis.csv), dictionary, citation.",
            dialect=_sheet_dialect("records"),
            schema=_schema(RECORD_COLUMNS),
        ),
        _resource(
            "mhos",
            "inventory.xlsx",
            files,
            title="Approved MHOs with the span of their validated records "
            "(the mhos sheet of the workbook)",
            dialect=_sheet_dialect("mhos"),
            schema=_schema(
                MHO_COLUMNS, primaryKey=["mho_code"], foreignKeys=[NETWORK_KEY]
            ),
        ),
    ]


def datapackage_bytes(package: dict) -> bytes:
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode()
