"""One MHO's figures for one year, with its review workflow and full history."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from inventory.fields import TriStateField
from inventory.permissions import RECORD_PERMISSIONS
from kernel.limits import MESSAGE_MAX_LENGTH, bounded_text

from .mho import MutualHealthOrganization
from .querysets import RecordQuerySet

FIRST_YEAR = 1990
LAST_YEAR = 2100

COUNT_FIELDS = [
    "members",
    "beneficiaries",
    "target_population",
    "new_members",
    "renewing_members",
    "provider_agreements",
]
AMOUNT_FIELDS = [
    "entry_fee",
    "contribution_amount",
    "contributions_expected",
    "contributions_collected",
    "benefits_paid",
    "operating_costs",
    "subsidies",
    "reserves",
]
BENEFIT_FIELDS = [
    "covers_primary_care",
    "covers_hospitalization",
    "covers_delivery",
    "covers_surgery",
    "covers_drugs",
    "covers_evacuation",
    "covers_specialist_care",
]
GOVERNANCE_FIELDS = ["general_assembly_held", "accounts_approved"]
# Answered yes, no or not reported (inventory.fields.TriStateField).
TRI_STATE_FIELDS = [*BENEFIT_FIELDS, *GOVERNANCE_FIELDS]
# The figures a manager reports; workflow fields are set by the services only.
DATA_FIELDS = [
    "status",
    *COUNT_FIELDS,
    "currency",
    "contribution_unit",
    "contribution_periodicity",
    *AMOUNT_FIELDS,
    *BENEFIT_FIELDS,
    "payment_mode",
    *GOVERNANCE_FIELDS,
]
# The figures in the order the online form, the Excel template and the record's
# pages show them, under these headings.
FIELD_GROUPS = [
    (
        _("Status and membership"),
        [
            "status",
            "members",
            "beneficiaries",
            "target_population",
            "new_members",
            "renewing_members",
        ],
    ),
    (
        _("Contributions"),
        [
            "currency",
            "entry_fee",
            "contribution_amount",
            "contribution_unit",
            "contribution_periodicity",
        ],
    ),
    (
        _("Finances of the year"),
        [
            "contributions_expected",
            "contributions_collected",
            "benefits_paid",
            "operating_costs",
            "subsidies",
            "reserves",
        ],
    ),
    (
        _("Care covered"),
        [
            *BENEFIT_FIELDS,
            "payment_mode",
            "provider_agreements",
        ],
    ),
    (_("Governance"), GOVERNANCE_FIELDS),
]
# Whole numbers, 0 or more.
NUMBER_FIELDS = [*COUNT_FIELDS, *AMOUNT_FIELDS]


def _count(verbose_name):
    return models.PositiveIntegerField(verbose_name, null=True, blank=True)


def _amount(verbose_name):
    return models.PositiveBigIntegerField(
        verbose_name,
        null=True,
        blank=True,
        help_text=_("In the record's currency, whole units."),
    )


# The figures the synthesis, the data quality score and the peers read.
SYNTHESIS_FIGURES = [
    "members",
    "beneficiaries",
    "target_population",
    "renewing_members",
    "contributions_expected",
    "contributions_collected",
    "benefits_paid",
    "operating_costs",
]
# What the synthesis reads of each public record (with its MHO and year).
SYNTHESIS_COLUMNS = ["currency", "status", *SYNTHESIS_FIGURES]


class YearlyRecord(models.Model):
    class Status(models.TextChoices):
        FUNCTIONAL = "functional", _("Functional")
        DIFFICULTY = "difficulty", _("In difficulty")
        STARTING = "starting", _("Starting up")
        PROJECT = "project", _("In project")
        INACTIVE = "inactive", _("Inactive")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VALIDATED = "validated", _("Validated")
        RETURNED = "returned", _("Returned for correction")

    class Source(models.TextChoices):
        FORM = "form", _("Online form")
        TEMPLATE = "template", _("Excel template")
        IMPORT = "import", _("Bulk import")
        ADMIN = "admin", _("Administration")
        DEMO = "demo", _("Demonstration data")

    class Currency(models.TextChoices):
        XOF = "XOF", _("CFA franc (BCEAO)")
        XAF = "XAF", _("CFA franc (BEAC)")
        GNF = "GNF", _("Guinean franc")
        CDF = "CDF", _("Congolese franc")
        RWF = "RWF", _("Rwandan franc")
        BIF = "BIF", _("Burundian franc")
        MRU = "MRU", _("Mauritanian ouguiya")
        GHS = "GHS", _("Ghanaian cedi")
        EUR = "EUR", _("Euro")
        USD = "USD", _("US dollar")

    class ContributionUnit(models.TextChoices):
        PERSON = "person", _("Per person")
        FAMILY = "family", _("Per family")

    class Periodicity(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        HALF_YEARLY = "half-yearly", _("Every six months")
        YEARLY = "yearly", _("Yearly")
        OTHER = "other", _("Other")

    class PaymentMode(models.TextChoices):
        THIRD_PARTY = "third-party", _("Third-party payment")
        REIMBURSEMENT = "reimbursement", _("Reimbursement")
        CAPITATION = "capitation", _("Capitation")
        MIXED = "mixed", _("Mixed")

    mho = models.ForeignKey(
        MutualHealthOrganization,
        verbose_name=_("mutual health organization"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.FUNCTIONAL
    )
    members = _count(_("members"))
    beneficiaries = _count(_("beneficiaries"))
    target_population = _count(_("target population"))
    new_members = _count(_("new members"))
    renewing_members = _count(_("renewing members"))
    provider_agreements = _count(_("agreements with care providers"))
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.XOF
    )
    entry_fee = _amount(_("entry fee"))
    contribution_amount = _amount(_("contribution amount"))
    contribution_unit = models.CharField(
        _("contribution paid"),
        max_length=8,
        choices=ContributionUnit.choices,
        blank=True,
    )
    contribution_periodicity = models.CharField(
        _("contribution periodicity"),
        max_length=12,
        choices=Periodicity.choices,
        blank=True,
    )
    contributions_expected = _amount(_("contributions expected"))
    contributions_collected = _amount(_("contributions collected"))
    benefits_paid = _amount(_("benefits paid"))
    operating_costs = _amount(_("operating costs"))
    subsidies = _amount(_("subsidies received"))
    reserves = _amount(_("reserves"))
    covers_primary_care = TriStateField(_("primary care"))
    covers_hospitalization = TriStateField(_("hospitalization"))
    covers_delivery = TriStateField(pgettext_lazy("care covered", "delivery"))
    covers_surgery = TriStateField(_("surgery"))
    covers_drugs = TriStateField(_("drugs"))
    covers_evacuation = TriStateField(_("evacuation"))
    covers_specialist_care = TriStateField(_("specialist care"))
    payment_mode = models.CharField(
        _("payment of providers"),
        max_length=14,
        choices=PaymentMode.choices,
        blank=True,
    )
    general_assembly_held = TriStateField(_("general assembly held"))
    accounts_approved = TriStateField(_("accounts approved"))

    state = models.CharField(
        _("review state"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.FORM
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = bounded_text(
        _("review comment"), max_length=MESSAGE_MAX_LENGTH, blank=True
    )
    confirmed_warnings = models.CharField(
        _("warnings confirmed by the submitter"), max_length=200, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        verbose_name=_("version of a yearly record"),
        verbose_name_plural=_("versions of yearly records"),
    )
    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearly record")
        verbose_name_plural = _("yearly records")
        permissions = RECORD_PERMISSIONS
        ordering = ["mho__code", "-year"]
        indexes = [
            models.Index(fields=["year", "state"]),
            models.Index(fields=["state", "mho"]),
            # The synthesis of a country-year reads the public figures of a
            # year and of the year before from this index alone (PostgreSQL,
            # an index-only scan): a few hundred pages instead of a lookup of
            # each MHO's record (see docs/performance.md).
            models.Index(
                fields=["year", "mho"],
                include=SYNTHESIS_COLUMNS,
                condition=Q(state="validated"),
                name="record_validated_figures",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["mho", "year"], name="record_one_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="record_year_in_range",
            ),
            # A manager's draft is saved whatever its errors (they are shown
            # and block its submission only).
            models.CheckConstraint(
                condition=Q(state="draft")
                | Q(beneficiaries__isnull=True)
                | Q(members__isnull=True)
                | Q(beneficiaries__gte=F("members")),
                name="record_beneficiaries_at_least_members",
            ),
        ]

    def __str__(self):
        return f"{self.mho.code} {self.year}"

    def clean(self):
        from inventory.validation import record_errors

        super().clean()
        by_field: dict[str, list] = {}
        for issue in record_errors(self):
            by_field.setdefault(issue.field or "__all__", []).append(issue.message)
        if by_field:
            raise ValidationError(by_field)

    @property
    def is_locked(self) -> bool:
        """Managers may no longer change a record once it is submitted or validated."""
        return self.state in {self.State.SUBMITTED, self.State.VALIDATED}

    @property
    def benefit_answers(self) -> dict[str, list[str]]:
        """The names of the care covered, not covered and not reported."""
        keys = {True: "covered", False: "not_covered", None: "not_reported"}
        answers = {key: [] for key in keys.values()}
        for name in BENEFIT_FIELDS:
            label = str(self._meta.get_field(name).verbose_name)
            answers[keys[getattr(self, name)]].append(label)
        return answers


# The figures answered by choosing from a list.
CHOICE_FIELDS = [n for n in DATA_FIELDS if YearlyRecord._meta.get_field(n).choices]
