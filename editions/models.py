"""Editions: frozen, citable releases of the inventory.

An edition keeps, for good, the public records and synthesis rows as they
were when the secretariat published it (as the rows of its CSV files, one
JSON object per row), the changes since the edition before it, and the SHA-256
of each of its files. Nothing of an edition is ever edited or deleted: only
its withdrawal (with a reason) and its DOI (once) are ever written after
publication. ``save`` and ``delete`` refuse the rest here, and on PostgreSQL
triggers refuse it in the database too (migration 0002).
"""

import csv
import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

IDENTIFIER_RE = re.compile(r"^(?P<year>[0-9]{4})\.(?P<number>[1-9][0-9]{0,2})$")
DOI_RE = re.compile(r"^10\.[0-9]{4,9}/\S+$")
# The only columns written after publication.
WITHDRAWAL_FIELDS = ("withdrawn_at", "withdrawn_by", "withdrawal_reason")
DOI_FIELDS = ("doi",)


class FrozenError(Exception):
    """An edition, or a row of one, was about to be changed or deleted."""


class EditionQuerySet(models.QuerySet):
    def current(self):
        """Editions not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def latest_first(self):
        return self.order_by("-published_at", "-pk")

    def of_year(self, year: int):
        return self.filter(year=year)


class Edition(models.Model):
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("The campaign year the edition closes.")
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        help_text=_(
            "1 for the first edition of a year, 2 for its first correction, and so on."
        ),
    )
    identifier = models.CharField(_("identifier"), max_length=12, unique=True)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
        help_text=_("The edition of the same year that this one corrects."),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compared with"),
        help_text=_("The edition its changes are counted against."),
    )
    records = models.PositiveIntegerField(_("validated yearly records"))
    mhos = models.PositiveIntegerField(_("MHOs"))
    has_demo = models.BooleanField(_("includes demonstration data"), default=False)
    files = models.JSONField(
        _("files"),
        help_text=_("For each file name: its size in bytes and SHA-256 hash."),
    )
    record_columns = models.JSONField(
        _("columns of the records"),
        default=list,
        help_text=_("The header of the edition's inventory.csv."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        null=True,
        blank=True,
        unique=True,
        help_text=_(
            "The DOI a registrar gave the edition's files, e.g. "
            "10.5281/zenodo.1234567. It can be recorded only once."
        ),
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("publish_edition", _("Can publish an edition")),
            ("withdraw_edition", _("Can withdraw an edition")),
            ("record_edition_doi", _("Can record the DOI of an edition")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"], name="edition_year_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="edition_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | (Q(withdrawn_by__isnull=False) & ~Q(withdrawal_reason="")),
                name="edition_withdrawal_has_author_and_reason",
            ),
        ]

    def __str__(self):
        return self.identifier

    def save(self, *args, update_fields=None, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            allowed = {*WITHDRAWAL_FIELDS, *DOI_FIELDS}
            if update_fields is None or not set(update_fields) <= allowed:
                raise FrozenError(f"edition {self.identifier} is frozen")
            stored = Edition.objects.filter(pk=self.pk).values("doi", "withdrawn_at")
            stored = stored.get()
            if "doi" in update_fields and stored["doi"] not in (None, self.doi):
                raise FrozenError(f"the DOI of edition {self.identifier} is set")
            if set(update_fields) & set(WITHDRAWAL_FIELDS) and stored["withdrawn_at"]:
                raise FrozenError(f"edition {self.identifier} is withdrawn already")
        super().save(*args, update_fields=update_fields, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError(f"edition {self.identifier} cannot be deleted")

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def title(self, language: str) -> str:
        return self.title_fr if language == "fr" else self.title_en

    def file(self, name: str) -> dict | None:
        return self.files.get(name)


class _FrozenRow(models.Model):
    """A row written once, with its edition, and never again."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise FrozenError("a row of an edition is frozen")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("a row of an edition cannot be deleted")


class EditionRecord(_FrozenRow):
    """A public yearly record as the edition's inventory.csv holds it: its key
    columns, and the whole row as its line of CSV (the edition's
    ``record_columns`` name the cells). A line takes a third of the room of
    the same cells as a JSON object, which counts at 20 editions of 400,000
    records."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="record_rows"
    )
    mho_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, blank=True)
    is_demo = models.BooleanField(default=False)
    line = models.TextField()

    class Meta:
        verbose_name = _("record of an edition")
        verbose_name_plural = _("records of an edition")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "mho_code", "year"],
                name="editionrecord_edition_mho_year_unique",
            )
        ]
        indexes = [models.Index(fields=["edition", "country", "year"])]

    def __str__(self):
        return f"{self.edition_id}: {self.mho_code} {self.year}"

    def cells(self, columns: list[str]) -> dict[str, str]:
        return dict(zip(columns, next(csv.reader([self.line])), strict=True))


class EditionSynthesisRow(_FrozenRow):
    """A row of the edition's synthesis.csv; ``country`` is empty for Africa."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="synthesis_rows"
    )
    country = models.CharField(max_length=2, blank=True)
    year = models.PositiveSmallIntegerField()
    data = models.JSONField()

    class Meta:
        verbose_name = _("synthesis row of an edition")
        verbose_name_plural = _("synthesis rows of an edition")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "country", "year"],
                name="editionsynthesisrow_edition_country_year_unique",
            )
        ]

    def __str__(self):
        return f"{self.edition_id}: {self.country or 'Africa'} {self.year}"


class ChangeKind(models.TextChoices):
    MHO_ADDED = "mho_added", _("MHO added")
    MHO_REMOVED = "mho_removed", _("MHO removed")
    RECORD_ADDED = "record_added", _("record added")
    RECORD_CHANGED = "record_changed", _("record changed")
    RECORD_WITHDRAWN = "record_withdrawn", _("record withdrawn")
    SYNTHESIS_CHANGED = "synthesis_changed", _("synthesis cell changed")


class EditionChange(_FrozenRow):
    """One line of an edition's changelog against the edition before it: an
    MHO, a record, or a field of a record or synthesis row (old → new, as the
    cells of the CSV files)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="changes"
    )
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    mho_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    field = models.CharField(max_length=60, blank=True)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)

    class Meta:
        verbose_name = _("change in an edition")
        verbose_name_plural = _("changes in an edition")
        ordering = ["pk"]
        indexes = [models.Index(fields=["edition", "kind"])]

    def __str__(self):
        return f"{self.edition_id}: {self.kind} {self.mho_code or self.country}"


# The published figures of the years before the portal, in a module of their own.
from .reference_figures import ReferenceFigure, ReferenceIndicator  # noqa: E402, F401
