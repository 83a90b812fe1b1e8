"""datapackage.json: the Frictionless Data Package describing the files, so
that tools (frictionless, pandas users, data portals) read them with the right
types. https://specs.frictionlessdata.io/data-package/"""

import json
from datetime import datetime

from .citation import LICENSE, PUBLISHER, TITLE, Citation
from .columns import RECORD_COLUMNS, Column
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
        "version": citation.built_on.isoformat(),
        "created": built_at.isoformat(timespec="seconds"),
        "licenses": [LICENSE],
        "contributors": [{"title": PUBLISHER["en"], "role": "publisher"}],
        "citation": {
            "en": citation.text("en"),
            "fr": citation.text("fr"),
            "bibtex": citation.bibtex(),
        },
        "includes_demo_data": citation.has_demo,
        "resources": [
            _resource(
                "inventory",
                "inventory.csv",
                files,
                title="Validated yearly records with their MHO's identity",
                dialect=CSV_DIALECT,
                schema=_schema(RECORD_COLUMNS, primaryKey=["mho_code", "year"]),
            ),
            _resource(
                "inventory-workbook",
                "inventory.xlsx",
                files,
                title="The same records in a workbook",
                description="Sheets: records (described here, the columns of "
                "inventory.csv), mhos, synthesis, dictionary, citation.",
                dialect={"sheet": "records", "header": True},
                schema=_schema(RECORD_COLUMNS),
            ),
            _resource(
                "synthesis",
                "synthesis.csv",
                files,
                title="Synthesis per country and year, and for all Africa",
                dialect=CSV_DIALECT,
                schema=_schema(SYNTHESIS_COLUMNS),
            ),
        ],
    }


def datapackage_bytes(package: dict) -> bytes:
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode()
