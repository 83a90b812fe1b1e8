"""What the open-data files must contain, computed from the models directly
(not from opendata.exports), to compare with what pandas and openpyxl read."""

from datetime import UTC

from django.db import models

from inventory.models import YearlyRecord
from inventory.models.record import DATA_FIELDS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value):
    if not value:
        return ""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv(value, field):
    if value is None:
        return ""
    if isinstance(field, models.BooleanField):
        return "true" if value else "false"
    if isinstance(field, models.CharField):
        return csv_text(value)
    return str(value)


def public_records():
    return (
        YearlyRecord.objects.filter(state="validated", mho__approval="approved")
        .select_related("mho__country", "mho__network")
        .prefetch_related("mho__support_organizations")
        .order_by("mho__code", "year")
    )


def _identity(mho) -> dict:
    supporters = sorted(org.slug for org in mho.support_organizations.all())
    return {
        "mho_code": mho.code,
        "mho_name": mho.name,
        "mho_acronym": mho.acronym,
        "country_iso2": mho.country.iso2,
        "country_name_en": mho.country.name_en,
        "country_name_fr": mho.country.name_fr,
        "region": mho.region,
        "locality": mho.locality,
        "area": mho.area,
        "founded_year": mho.founded_year,
        "mho_type": mho.type,
        "membership_basis": mho.membership_basis,
        "legal_status": mho.legal_status,
        "network": mho.network.slug if mho.network else "",
        "support_organizations": "|".join(supporters),
        "is_demo": mho.is_demo,
    }


def record_values(record) -> dict:
    """The typed values of a record's row (as the workbook holds them)."""
    values = _identity(record.mho)
    values["year"] = record.year
    values.update({name: getattr(record, name) for name in DATA_FIELDS})
    values["validated_at"] = record.reviewed_at
    return values


def csv_row(record) -> dict:
    """The row of inventory.csv, every cell as the text pandas reads."""
    row = {}
    for name, value in record_values(record).items():
        if name == "validated_at":
            row[name] = (
                value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""
            )
        elif name in DATA_FIELDS or name == "year":
            row[name] = _csv(value, YearlyRecord._meta.get_field(name))
        elif isinstance(value, bool):
            row[name] = "true" if value else "false"
        elif isinstance(value, str):
            row[name] = csv_text(value)
        else:
            row[name] = "" if value is None else str(value)
    return row


def xlsx_row(record) -> dict:
    """The row of the records sheet: empty text and None are both empty cells,
    times are naive UTC (Excel has no time zones)."""
    row = {}
    for name, value in record_values(record).items():
        if value == "":
            value = None
        elif name == "validated_at" and value is not None:
            value = value.astimezone(UTC).replace(tzinfo=None, microsecond=0)
        row[name] = value
    return row
