"""Reference figures: what documents and the press published about the MHOs
before the portal had figures of its own (the inventory rounds of 1997, 2000,
2003–2004…). They are shown beside the portal's yearly figures, told apart
from them, and never added to them: nothing in the synthesis reads this table.

Each figure names its source in full; ``verified`` says whether someone has
checked the figure against that source (a figure reported second-hand, say by
a magazine citing the Concertation, is not verified until the original is).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from organizations.models import Country

SOURCE_REQUIRED = _(
    "Give the source of the figure in full (author or publisher, title, date), "
    "so that a reader can find it."
)


class ReferenceIndicator(models.TextChoices):
    """What the published sources count; the portal's own figure beside each
    is the same count over the reporting MHOs."""

    MHOS_FUNCTIONAL = "mhos_functional", _("Functional MHOs")
    MHOS_PROJECT_OR_GESTATION = (
        "mhos_project_or_gestation",
        _("MHOs in project or in gestation"),
    )
    MEMBERS = "members", _("Members")
    BENEFICIARIES = "beneficiaries", _("Beneficiaries")


class ReferenceFigureQuerySet(models.QuerySet):
    def for_country(self, iso2: str):
        return self.filter(country__iso2=iso2)

    def network_wide(self):
        """Figures of a scope wider than one country (a region, a group of
        countries)."""
        return self.filter(country__isnull=True)


class ReferenceFigureManager(models.Manager.from_queryset(ReferenceFigureQuerySet)):
    def get_by_natural_key(self, key):
        return self.get(key=key)


class ReferenceFigure(models.Model):
    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        help_text=_(
            "A short name that identifies the figure for good, e.g. "
            "imagine-2003-functional; the shipped figures are matched by it."
        ),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
        help_text=_("The year the figure describes (not the year of publication)."),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("Leave empty for a figure about several countries."),
    )
    scope_fr = models.CharField(
        _("scope (French)"),
        max_length=200,
        blank=True,
        help_text=_(
            "What the figure covers when it is not one country, e.g. "
            "« Afrique de l'Ouest et du Centre, 11 pays »."
        ),
    )
    scope_en = models.CharField(_("scope (English)"), max_length=200, blank=True)
    indicator = models.CharField(
        _("indicator"), max_length=40, choices=ReferenceIndicator.choices
    )
    value = models.PositiveIntegerField(_("value"))
    source = models.TextField(
        _("source"),
        help_text=_("The full reference: author or publisher, title, date."),
        error_messages={"blank": SOURCE_REQUIRED, "null": SOURCE_REQUIRED},
    )
    page = models.CharField(
        _("page"), max_length=40, blank=True, help_text=_("e.g. p. 12")
    )
    note_fr = models.TextField(_("note (French)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Checked against the source itself, not a report of it."),
    )

    objects = ReferenceFigureManager()

    class Meta:
        verbose_name = _("reference figure")
        verbose_name_plural = _("reference figures")
        ordering = ["year", "indicator", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=""),
                name="referencefigure_source_given",
            ),
            models.CheckConstraint(
                condition=Q(country__isnull=False)
                | (Q(scope_fr__gt="") & Q(scope_en__gt="")),
                name="referencefigure_country_or_scope",
            ),
        ]

    def __str__(self):
        return f"{self.year} · {self.where} · {self.get_indicator_display()}"

    def natural_key(self):
        return (self.key,)

    natural_key.dependencies = ["organizations.country"]

    @property
    def where(self) -> str:
        """The country's name or the scope, in the active language."""
        if self.country_id is not None:
            return self.country.name
        french = (get_language() or "fr").startswith("fr")
        return (self.scope_fr if french else self.scope_en) or self.scope_fr

    @property
    def note(self) -> str:
        french = (get_language() or "fr").startswith("fr")
        return (self.note_fr if french else self.note_en) or self.note_fr

    def clean(self):
        super().clean()
        # An empty source is refused as the field's "blank" error; one of
        # spaces only is refused here.
        stripped = (self.source or "").strip()
        errors = {}
        if self.source and not stripped:
            errors["source"] = SOURCE_REQUIRED
        self.source = stripped
        if self.country_id is None and not (self.scope_fr and self.scope_en):
            errors["scope_fr"] = _(
                "Choose a country, or say in French and in English what the "
                "figure covers."
            )
        if errors:
            raise ValidationError(errors)
