"""Publishing and withdrawing editions, and recording their DOI: the only
writes an edition ever gets (see models.py)."""

import csv
import json
from contextlib import contextmanager
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.models import Campaign, YearlyRecord
from kernel.cache import site_key

from .citation import edition_titles
from .files import (
    INVENTORY_CSV,
    SYNTHESIS_CSV,
    files_write,
    folder_forget,
    folder_freeze,
)
from .models import (
    DOI_RE,
    Edition,
    EditionChange,
    EditionRecord,
    EditionSynthesisRow,
)

BATCH = 2000
LOCK_SECONDS = 60 * 60


def can_publish(user) -> bool:
    return bool(user and user.is_active and user.has_perm("editions.publish_edition"))


def can_withdraw(user) -> bool:
    return bool(user and user.is_active and user.has_perm("editions.withdraw_edition"))


def can_record_doi(user) -> bool:
    return bool(
        user and user.is_active and user.has_perm("editions.record_edition_doi")
    )


def edition_year_check(*, year: int) -> None:
    """An edition closes a year once nothing more is expected for it: its
    campaign has closed, or, for a year without a campaign, the year is over.
    The year must also have validated records."""
    today = timezone.localdate()
    campaign = Campaign.objects.filter(year=year).first()
    if campaign is not None and campaign.closes_on >= today:
        raise ValidationError(
            _("The %(year)s campaign closes on %(day)s: publish its edition after.")
            % {"year": year, "day": campaign.closes_on.isoformat()},
            code="campaign_open",
        )
    if campaign is None and year >= today.year:
        raise ValidationError(
            _("The year %(year)s is not over and has no campaign that closed.")
            % {"year": year},
            code="year_open",
        )
    if not YearlyRecord.objects.public().filter(year=year).exists():
        raise ValidationError(
            _("No validated record of %(year)s: nothing to publish.") % {"year": year},
            code="no_records",
        )


@contextmanager
def _publish_lock():
    key = site_key("editions:publish:lock")
    if not cache.add(key, True, timeout=LOCK_SECONDS):
        raise ValidationError(
            _("Another edition is being published. Try again in a few minutes."),
            code="busy",
        )
    try:
        yield
    finally:
        cache.delete(key)


def _rows(path: Path):
    with path.open(newline="", encoding="utf-8") as stream:
        yield from csv.DictReader(stream)


class _Line:
    text = ""

    def write(self, text: str) -> None:
        self.text = text


def _record_values(edition: Edition, folder: Path):
    """(edition, code, country, year, status, line of CSV) of each record."""
    target = _Line()
    writer = csv.writer(target, lineterminator="")
    with (folder / INVENTORY_CSV).open(newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        position = {name: index for index, name in enumerate(next(reader))}
        code, country = position["mho_code"], position["country_iso2"]
        year, status = position["year"], position["status"]
        for cells in reader:
            writer.writerow(cells)
            yield (
                edition.pk,
                cells[code],
                cells[country],
                int(cells[year]),
                cells[status],
                target.text,
            )


def _copy_rows(model, columns: list[str], values, *, as_json: bool) -> None:
    """On PostgreSQL, COPY the rows in: several times faster than INSERTs."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(name) for name in columns)
    sql = f"COPY {table} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in values:
            last = json.dumps(row[-1], ensure_ascii=False) if as_json else row[-1]
            copy.write_row([*row[:-1], last])


def _snapshot_rows_create(edition: Edition, folder: Path) -> None:
    records = _record_values(edition, folder)
    synthesis = (
        (edition.pk, row["country_iso2"], int(row["year"]), row)
        for row in _rows(folder / SYNTHESIS_CSV)
    )
    if connection.vendor == "postgresql":
        _copy_rows(
            EditionRecord,
            ["edition_id", "mho_code", "country", "year", "status", "line"],
            records,
            as_json=False,
        )
        _copy_rows(
            EditionSynthesisRow,
            ["edition_id", "country", "year", "data"],
            synthesis,
            as_json=True,
        )
        return
    EditionRecord.objects.bulk_create(
        (
            EditionRecord(
                edition=edition,
                mho_code=code,
                country=country,
                year=year,
                status=status,
                line=line,
            )
            for _pk, code, country, year, status, line in records
        ),
        batch_size=BATCH,
    )
    EditionSynthesisRow.objects.bulk_create(
        (
            EditionSynthesisRow(edition=edition, country=country, year=year, data=data)
            for _pk, country, year, data in synthesis
        ),
        batch_size=BATCH,
    )


def edition_publish(*, year: int, user) -> Edition:
    """Freeze every public record and synthesis row as the next edition of
    ``year`` (``2025.1``, then ``2025.2`` which supersedes it, …), with its
    files and its changelog against the latest edition not withdrawn."""
    if not can_publish(user):
        raise PermissionDenied(_("Only the secretariat publishes editions."))
    edition_year_check(year=year)
    with _publish_lock():
        return _publish(year=year, user=user)


def _publish(*, year: int, user) -> Edition:
    current = Edition.objects.current()
    supersedes = current.of_year(year).latest_first().first()
    previous = current.latest_first().first()
    number = (Edition.objects.of_year(year).aggregate(n=Max("number"))["n"] or 0) + 1
    identifier = f"{year}.{number}"
    titles = edition_titles(year)
    published_at = timezone.now()
    written = files_write(
        identifier=identifier,
        title=titles,
        published_at=published_at,
        previous=previous.identifier if previous else None,
    )
    folder = None
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                year=year,
                number=number,
                identifier=identifier,
                title_fr=titles["fr"],
                title_en=titles["en"],
                published_at=published_at,
                published_by=user,
                supersedes=supersedes,
                previous=previous,
                records=written.records,
                mhos=written.mhos,
                has_demo=written.has_demo,
                files=written.files,
                record_columns=written.columns,
            )
            _snapshot_rows_create(edition, written.folder)
            EditionChange.objects.bulk_create(
                (
                    EditionChange(edition=edition, **change.__dict__)
                    for change in written.changes
                ),
                batch_size=BATCH,
            )
            folder = folder_freeze(written, identifier)
    except BaseException:
        folder_forget(folder or written.folder)
        raise
    return edition


def edition_withdraw(*, edition: Edition, user, reason: str) -> Edition:
    """Withdraw an edition: its page stays and says why; its files stay too,
    for whoever cited them."""
    if not can_withdraw(user):
        raise PermissionDenied(_("Only the secretariat withdraws editions."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the edition is withdrawn.")}, code="required"
        )
    if edition.is_withdrawn:
        raise ValidationError(_("This edition is withdrawn already."), code="withdrawn")
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        edition.withdrawn_at = timezone.now()
        edition.withdrawn_by = user
        edition.withdrawal_reason = reason
        edition.save(
            update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"]
        )
    return edition


def edition_doi_record(*, edition: Edition, user, doi: str) -> Edition:
    """Record the DOI a registrar gave the edition; once only."""
    if not can_record_doi(user):
        raise PermissionDenied(_("Only the secretariat records DOIs."))
    doi = (doi or "").strip().removeprefix("https://doi.org/")
    if not DOI_RE.match(doi):
        raise ValidationError(
            {
                "doi": _(
                    "A DOI starts with 10. and a registrant code, e.g. "
                    "10.5281/zenodo.1234567."
                )
            },
            code="invalid",
        )
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.doi:
            raise ValidationError(
                {"doi": _("This edition's DOI is recorded already.")}, code="set"
            )
        if Edition.objects.filter(doi=doi).exists():
            raise ValidationError(
                {"doi": _("Another edition has this DOI.")}, code="unique"
            )
        edition.doi = doi
        edition.save(update_fields=["doi"])
    return edition
