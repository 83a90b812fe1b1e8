"""Per-country and Africa-wide synthesis of the validated yearly records,
rebuilt from the records by SQL aggregation (see services/synthesis.py)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Country


def _ratio(numerator, denominator):
    if numerator is None or not denominator:
        return None
    return numerator / denominator


class SynthesisRow(models.Model):
    """Aggregates of one country (or all Africa when ``country`` is empty) for
    one year. Money is summed only over records in the country's main currency
    of that year, and never across countries: Africa-wide money is empty."""

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
    target_population = models.PositiveBigIntegerField(
        _("target population"), default=0
    )
    beneficiaries_with_target = models.PositiveBigIntegerField(
        _("beneficiaries where the target population is known"), default=0
    )
    panel_members = models.PositiveBigIntegerField(
        _("members of MHOs that also reported the year before"), default=0
    )
    panel_members_previous = models.PositiveBigIntegerField(
        _("their members the year before"), default=0
    )
    panel_renewing = models.PositiveBigIntegerField(
        _("their renewing members"), default=0
    )
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
        ratio = _ratio(self.panel_members, self.panel_members_previous)
        return None if ratio is None else ratio - 1

    @property
    def retention(self):
        return _ratio(self.panel_renewing, self.panel_members_previous)

    @property
    def penetration(self):
        return _ratio(self.beneficiaries_with_target, self.target_population)

    @property
    def recovery(self):
        return _ratio(self.contributions_collected, self.contributions_expected)

    @property
    def claims_ratio(self):
        return _ratio(self.benefits_paid, self.contributions_collected)

    @property
    def operating_cost_ratio(self):
        return _ratio(self.operating_costs, self.contributions_collected)

    @property
    def coverage(self):
        return _ratio(self.beneficiaries, self.population)

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
        verbose_name = _("synthesis to rebuild")
        verbose_name_plural = _("synthesis to rebuild")
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="dirty_unique"),
        ]

    def __str__(self):
        return f"{self.country_id} {self.year}"
