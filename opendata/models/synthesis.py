"""Per-country and Africa-wide synthesis of the validated yearly records,
rebuilt from the records by SQL aggregation (see services/synthesis.py).

Each ratio of ``indicators.RATIOS`` is stored as three fields (numerator,
denominator and the number of MHOs that reported both) and read as a property
of its name; both are added below from the table, not written out here."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inventory.indicator_table import RATIOS
from organizations.models import Country


def mhos_known_in(founded: list[tuple[int | None, int]], year: int) -> int:
    """MHOs known in ``year``, from (founding year, number of approved MHOs)
    pairs: those founded by that year or whose founding year is unknown."""
    return sum(n for founded_year, n in founded if founded_year is None
               or founded_year <= year)  # fmt: skip


def _sum(label):
    return models.PositiveBigIntegerField(label, null=True, blank=True)


def _mhos(label):
    return models.PositiveIntegerField(label, default=0)


class SynthesisRow(models.Model):
    """Aggregates of one country (or all Africa when ``country`` is empty) for
    one year. Every year the synthesis covers (a year with validated records)
    has a row for each country with known MHOs, reports or not. Money is summed
    only over records in the country's main currency of that year, and never
    across countries: Africa-wide money is empty."""

    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="synthesis_rows",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    mhos_known = models.PositiveIntegerField(_("MHOs known"), default=0)
    mhos_reporting = models.PositiveIntegerField(_("MHOs reporting"), default=0)
    mhos_functional = models.PositiveIntegerField(_("functional"), default=0)
    mhos_difficulty = models.PositiveIntegerField(_("in difficulty"), default=0)
    mhos_starting = models.PositiveIntegerField(_("starting up"), default=0)
    mhos_project = models.PositiveIntegerField(_("in project"), default=0)
    mhos_inactive = models.PositiveIntegerField(_("inactive"), default=0)
    members = models.PositiveBigIntegerField(_("members"), default=0)
    beneficiaries = models.PositiveBigIntegerField(_("beneficiaries"), default=0)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    money_records = models.PositiveIntegerField(
        _("records in the main currency"), default=0
    )
    contributions_expected = models.PositiveBigIntegerField(
        _("contributions expected"), null=True, blank=True
    )
    contributions_collected = models.PositiveBigIntegerField(
        _("contributions collected"), null=True, blank=True
    )
    benefits_paid = models.PositiveBigIntegerField(
        _("benefits paid"), null=True, blank=True
    )
    operating_costs = models.PositiveBigIntegerField(
        _("operating costs"), null=True, blank=True
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"), auto_now=True)

    class Meta:
        db_table = "inventory_synthesisrow"  # created when it belonged to inventory
        verbose_name = _("synthesis row")
        verbose_name_plural = _("synthesis rows")
        ordering = ["year", "country__iso2"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "year"], name="synthesis_one_row_per_country_year"
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(country__isnull=True),
                name="synthesis_one_africa_row_per_year",
            ),
        ]

    def __str__(self):
        return f"{self.country.iso2 if self.country_id else 'Africa'} {self.year}"

    @property
    def completeness(self):
        if not self.mhos_known:
            return None
        return self.mhos_reporting / self.mhos_known


# Each ratio: its three stored fields and its property (see indicators.py).
for _ratio in RATIOS:
    _numerator, _denominator, _mhos_label = _ratio.field_labels
    SynthesisRow.add_to_class(_ratio.numerator, _sum(_numerator))
    SynthesisRow.add_to_class(_ratio.denominator, _sum(_denominator))
    SynthesisRow.add_to_class(_ratio.mhos, _mhos(_mhos_label))
    setattr(SynthesisRow, _ratio.name, property(_ratio.of))


class DirtySynthesis(models.Model):
    """A (country, year) whose synthesis must be rebuilt. Written in the same
    transaction as the record change, so no change is ever missed."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "inventory_dirtysynthesis"  # created when it belonged to inventory
        verbose_name = _("synthesis to rebuild")
        verbose_name_plural = _("synthesis to rebuild")
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="dirty_unique"),
        ]

    def __str__(self):
        return f"{self.country_id} {self.year}"
