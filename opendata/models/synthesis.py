"""Per-country and Africa-wide synthesis of the validated yearly records,
rebuilt from the records by SQL aggregation (see services/synthesis.py).

Every ratio is stored as its numerator, its denominator and the number of MHOs
they add up: the MHOs that reported both figures (for money, in the country's
main currency of the year). A ratio never divides one MHO's figure by the
figures of others, and says over how many MHOs it is computed."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Country


@dataclass(frozen=True)
class Ratio:
    name: str  # the property of SynthesisRow, and the column of the files
    money: bool = False  # main currency only; none on the Africa-wide row
    minus_one: bool = False  # growth: numerator / denominator − 1

    @property
    def numerator(self) -> str:
        return f"{self.name}_numerator"

    @property
    def denominator(self) -> str:
        return f"{self.name}_denominator"

    @property
    def mhos(self) -> str:
        return f"{self.name}_mhos"

    def of(self, row) -> float | None:
        value = _ratio(getattr(row, self.numerator), getattr(row, self.denominator))
        return value - 1 if value is not None and self.minus_one else value


RATIOS = [
    Ratio("growth", minus_one=True),
    Ratio("retention"),
    Ratio("penetration"),
    Ratio("recovery", money=True),
    Ratio("claims_ratio", money=True),
    Ratio("operating_cost_ratio", money=True),
    Ratio("coverage"),
]
RATIO_BY_NAME = {ratio.name: ratio for ratio in RATIOS}


def mhos_known_in(founded: list[tuple[int | None, int]], year: int) -> int:
    """MHOs known in ``year``, from (founding year, number of approved MHOs)
    pairs: those founded by that year or whose founding year is unknown."""
    return sum(n for founded_year, n in founded if founded_year is None
               or founded_year <= year)  # fmt: skip


def _ratio(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return numerator / denominator


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
    # The ratios: numerator, denominator, MHOs that reported both (RATIOS).
    growth_numerator = _sum(_("member growth: members"))
    growth_denominator = _sum(_("member growth: members the year before"))
    growth_mhos = _mhos(_("member growth: MHOs"))
    retention_numerator = _sum(_("retention: renewing members"))
    retention_denominator = _sum(_("retention: members the year before"))
    retention_mhos = _mhos(_("retention: MHOs"))
    penetration_numerator = _sum(_("penetration: beneficiaries"))
    penetration_denominator = _sum(_("penetration: target population"))
    penetration_mhos = _mhos(_("penetration: MHOs"))
    recovery_numerator = _sum(_("recovery: contributions collected"))
    recovery_denominator = _sum(_("recovery: contributions expected"))
    recovery_mhos = _mhos(_("recovery: MHOs"))
    claims_ratio_numerator = _sum(_("claims ratio: benefits paid"))
    claims_ratio_denominator = _sum(_("claims ratio: contributions collected"))
    claims_ratio_mhos = _mhos(_("claims ratio: MHOs"))
    operating_cost_ratio_numerator = _sum(_("operating cost ratio: operating costs"))
    operating_cost_ratio_denominator = _sum(
        _("operating cost ratio: contributions collected")
    )
    operating_cost_ratio_mhos = _mhos(_("operating cost ratio: MHOs"))
    coverage_numerator = _sum(_("coverage: beneficiaries"))
    coverage_denominator = _sum(_("coverage: population"))
    coverage_mhos = _mhos(_("coverage: MHOs"))
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
    def growth(self):
        return RATIO_BY_NAME["growth"].of(self)

    @property
    def retention(self):
        return RATIO_BY_NAME["retention"].of(self)

    @property
    def penetration(self):
        return RATIO_BY_NAME["penetration"].of(self)

    @property
    def recovery(self):
        return RATIO_BY_NAME["recovery"].of(self)

    @property
    def claims_ratio(self):
        return RATIO_BY_NAME["claims_ratio"].of(self)

    @property
    def operating_cost_ratio(self):
        return RATIO_BY_NAME["operating_cost_ratio"].of(self)

    @property
    def coverage(self):
        return RATIO_BY_NAME["coverage"].of(self)

    @property
    def completeness(self):
        return _ratio(self.mhos_reporting, self.mhos_known)


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
